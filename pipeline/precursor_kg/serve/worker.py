"""The query worker process: `python -m precursor_kg.serve.worker FD STORE MEMORY_BYTES`.

It opens the store read-only, imports the SPARQL parser, says "ready" on the socket FD,
then runs jobs from it until it closes: ("query", QueryJob), ("describe", iri), ("stats",),
("graphs",), ("labels",), ("sleep", seconds). Each reply is ("ok", result, CPU seconds the job took) or
("error", class name, message).
"""

from __future__ import annotations

import sys
import time
from multiprocessing.connection import Connection


def run(conn: Connection, store_dir: str, memory_bytes: int) -> None:
    from . import sandbox

    sandbox.die_with_parent()
    sandbox.limit_memory(memory_bytes)
    blocked = sandbox.block_internet()
    try:
        import pyoxigraph as ox
        import rdflib.plugins.sparql.algebra  # noqa: F401 - loaded before the first query
        import rdflib.plugins.sparql.parser  # noqa: F401

        from ..query.matching import label_rows
        from . import jobs
        from .errors import ServeError

        store = ox.Store.read_only(store_dir)
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which raises WorkerStartError
        conn.send(("error", "WorkerStartError", f"{store_dir}: cannot open the store ({exc})"))
        return
    conn.send(("ready", {"network_blocked": blocked}))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        kind, args = message[0], message[1:]
        cpu_started = time.process_time()
        try:
            if kind == "query":
                result = jobs.run_query(store, *args)
            elif kind == "describe":
                result = jobs.describe(store, *args)
            elif kind == "stats":
                result = jobs.statistics(store)
            elif kind == "graphs":
                result = jobs.graph_names(store)
            elif kind == "labels":
                result = label_rows(store)
            elif kind == "sleep":  # for tests of the pool
                time.sleep(args[0])
                result = args[0]
            else:
                raise ValueError(f"unknown job {kind!r}")
            reply = ("ok", result, time.process_time() - cpu_started)
        except ServeError as exc:
            reply = ("error", type(exc).__name__, str(exc))
        except MemoryError:
            reply = ("error", "QueryFailed", "the query needs more memory than a worker may use")
        except Exception as exc:  # noqa: BLE001 - any other failure is reported; the worker lives on
            reply = ("error", "QueryFailed", f"{type(exc).__name__}: {' '.join(str(exc).split())[:300]}")
        try:
            conn.send(reply)
        except (OSError, ValueError):
            return


def main(argv: list[str]) -> int:
    fd, store_dir, memory_bytes = argv
    run(Connection(int(fd)), store_dir, int(memory_bytes))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
