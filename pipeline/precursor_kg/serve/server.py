"""Running the application: the store of a build, the HTTP server (waitress), a server in a thread."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from ..errors import PrecursorKGError
from .app import PrecursorApp, create_app
from .config import ServerConfig
from .connections import create_guarded_server

log = logging.getLogger("precursor_kg.serve")


class StoreError(PrecursorKGError):
    """The build directory has no usable dataset or store."""


def open_or_create_store(build_dir: Path) -> Path:
    """store.open_or_create_store, its problem as a StoreError (one line, exit 1)."""
    from .. import store

    try:
        return store.open_or_create_store(build_dir, warn=lambda message: log.warning("%s", message))
    except store.StoreError as exc:
        raise StoreError(str(exc)) from None


def _quiet_waitress() -> None:
    # waitress warns "Task queue depth is N" on every request that waits for a thread: not an error here
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)


def _waitress_options(config: ServerConfig) -> dict:
    # waitress's own limits sit above the application's, so that the application answers with its clear 413
    return {
        "threads": config.threads,
        "max_request_body_size": max(4 * config.max_request_bytes, 8 * 1024 * 1024),
        "max_request_header_size": config.max_request_bytes + 64 * 1024,
        "channel_timeout": max(60, int(config.timeout_s * 4)),
        "ident": "precursor-kg",
        "clear_untrusted_proxy_headers": True,
    }


def _create_server(app: PrecursorApp, host: str, port: int):
    config = app.config
    limits = (config.header_timeout_s, config.body_timeout_s, config.connections_per_client, config.connection_limit)
    return create_guarded_server(app, host, port, limits, server_name=host, **_waitress_options(config))


class ServerThread:
    """The application served by waitress from a background thread (tests, benchmarks); a context manager."""

    def __init__(self, app: PrecursorApp, host: str = "127.0.0.1", port: int = 0):
        _quiet_waitress()
        self.app = app
        self.server = _create_server(app, host, port)
        self.host = host
        self.port = self.server.effective_port
        self.url = f"http://{host}:{self.port}/"
        self.thread = threading.Thread(target=self.server.run, name="precursor-kg-http", daemon=True)

    def start(self) -> ServerThread:
        self.thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Finish running requests (up to timeout), close every connection, stop the workers."""
        server = self.server

        def close_all() -> None:  # runs in the server's own loop thread
            for channel in list(server._map.values()):
                try:
                    channel.close()
                except OSError:
                    pass

        try:
            server.task_dispatcher.shutdown(timeout=timeout)
            if self.thread.is_alive():
                try:
                    server.trigger.pull_trigger(close_all)
                except OSError:
                    pass  # the loop closed its trigger as it ended, between the check and the pull
                self.thread.join(timeout)
        finally:
            self.app.close()

    def __enter__(self) -> ServerThread:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def _stop_on_sigterm() -> None:
    """SIGTERM stops the server like Ctrl-C does (workers are stopped, not orphaned)."""
    import signal

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, lambda signum, frame: (_ for _ in ()).throw(SystemExit(0)))


def serve(build_dir: Path, host: str = "127.0.0.1", port: int = 7878, config: ServerConfig | None = None) -> None:
    """Serve a build until interrupted: SPARQL endpoint, query page and linked data on http://host:port/."""
    config = config or ServerConfig()
    _quiet_waitress()
    store_dir = open_or_create_store(Path(build_dir))
    app = create_app(store_dir, config, build_dir=Path(build_dir))
    try:
        server = _create_server(app, host, port)
    except OSError as exc:
        app.close()
        raise StoreError(f"cannot listen on {host}:{port} ({exc.strerror or exc})") from None
    url = f"http://{host}:{server.effective_port}/"
    print(f"Serving {build_dir} at {url} (SPARQL endpoint {url}sparql; "
          f"{app.pool.size} query workers, {config.timeout_s:g} s per query). Ctrl-C stops.", flush=True)
    _stop_on_sigterm()
    try:
        server.run()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.close()
        app.close()
