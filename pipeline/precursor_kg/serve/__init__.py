"""The SPARQL endpoint, query page and linked-data server of a build (`precursor-kg serve`).

Queries run in worker processes (pyoxigraph, store opened read-only, union of the named
graphs as the default graph) that are killed when they overrun; see workers.py.
"""

from .app import create_app
from .config import ServerConfig
from .server import ServerThread, StoreError, open_or_create_store, serve

__all__ = ["ServerConfig", "ServerThread", "StoreError", "create_app", "open_or_create_store", "serve"]
