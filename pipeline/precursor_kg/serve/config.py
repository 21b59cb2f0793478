"""The server's settings."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class ServerConfig:
    """Limits and options of `precursor-kg serve`; every field has a safe default."""

    timeout_s: float = 5.0  # a query running longer is stopped (its worker process is killed)
    max_results: int = 10_000  # rows of a SELECT, triples of a CONSTRUCT/DESCRIBE
    max_result_bytes: int = 50 * 1024 * 1024  # serialized size of a result
    max_request_bytes: int = 1024 * 1024  # a request's body, or its query string
    base: str | None = None  # base IRI of the data; None: read from the store's graph names
    public_url: str | None = None  # the endpoint's address as clients see it (behind a proxy); None: the bound address
    workers: int = 0  # query worker processes; 0: one per core plus two, at least 3
    threads: int = 16  # HTTP threads
    queue_wait_s: float | None = None  # how long a request waits for a free worker (None: timeout_s)
    worker_memory_bytes: int = 4 * 1024 * 1024 * 1024  # address-space limit of a worker (0: none)
    pool_memory_bytes: int | None = None  # resident memory of all workers together (None: half the machine's; 0: none)
    reserved_workers: int | None = None  # workers kept for cheap queries (None: a quarter of them, at least 1)
    build_watch_s: float = 2.0  # how often the build directory is looked at for a new build (0: never)
    heavy_after_s: float = 1.0  # a query that took more CPU seconds counts as heavy from then on
    cors: bool = True  # Access-Control-Allow-Origin: * on query and data responses
    header_timeout_s: float = 10.0  # a request's headers must arrive within this time of its first byte
    body_timeout_s: float = 30.0  # and its body within this time after its headers
    connections_per_client: int = 64  # open connections of one client address (the idlest closed beyond)
    connection_limit: int = 1000  # open connections in all (the idlest closed beyond)

    def __post_init__(self):
        if self.timeout_s <= 0:
            raise ValueError("timeout_s must be positive")
        if self.max_results < 1 or self.max_result_bytes < 1 or self.max_request_bytes < 1:
            raise ValueError("limits must be positive")
        if min(self.header_timeout_s, self.body_timeout_s) <= 0 or min(self.connections_per_client, self.connection_limit) < 1:
            raise ValueError("connection deadlines and bounds must be positive")

    @property
    def worker_count(self) -> int:
        return self.workers if self.workers > 0 else max(3, (os.cpu_count() or 1) + 2)

    @property
    def reserve(self) -> int:
        return self.reserved_workers if self.reserved_workers is not None else max(1, self.worker_count // 4)

    @property
    def pool_memory(self) -> int:
        from .workers import default_pool_memory

        return default_pool_memory() if self.pool_memory_bytes is None else self.pool_memory_bytes

    @property
    def wait_s(self) -> float:
        return self.timeout_s if self.queue_wait_s is None else self.queue_wait_s
