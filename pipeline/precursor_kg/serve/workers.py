"""A pool of query worker processes, each with the store open read-only; a job that overruns is killed.

pyoxigraph's query() has no timeout and holds its thread until it is done, so the only
way to stop a runaway query is to stop its process: the pool kills a worker whose job
exceeds the time limit, answers the request with QueryTimeout, and starts a replacement
in the background. A worker is a fresh interpreter (`python -m precursor_kg.serve.worker`)
talking over a socket pair, never a fork of the threaded HTTP process.

Slow clients cannot starve the others: a job marked heavy starts only while more than
`reserve` workers are idle, so that many are always left for cheap jobs. And the pool as
a whole keeps to a memory budget: a monitor thread adds up the workers' resident memory
and, where it would pass the budget by the next check, stops the largest busy workers
(their requests are told why).
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from .errors import MemoryBudgetExceeded, QueryTimeout, ServeError, ServerBusy, WorkerCrashed, by_name

log = logging.getLogger("precursor_kg.serve")


class WorkerStartError(ServeError):
    """A worker process could not open the store."""


# --------------------------------------------------------------------------- the pool

@dataclass
class _Worker:
    process: subprocess.Popen
    conn: Connection
    jobs: int = 0
    busy: bool = False
    over_budget: bool = False  # stopped by the memory monitor while running its job


@dataclass
class PoolStats:
    started: int = 0
    jobs: int = 0
    timeouts: int = 0
    crashes: int = 0
    busy: int = 0
    over_budget: int = 0


class WorkerPool:
    """`run(job, timeout)` on a free worker; a job that overruns is killed and its worker replaced."""

    def __init__(self, store_dir: Path, size: int, memory_bytes: int = 0,
                 wait_s: float = 5.0, start_timeout_s: float = 60.0, reserve: int = 0, pool_memory_bytes: int = 0):
        self.store_dir = str(store_dir)
        self.size = size
        self.memory_bytes = memory_bytes
        self.wait_s = wait_s
        self.start_timeout_s = start_timeout_s
        self.reserve = min(reserve, size - 1)  # workers a heavy job may not take
        self.pool_memory_bytes = pool_memory_bytes
        self.stats = PoolStats()
        self.network_blocked: bool | None = None
        self._idle: list[_Worker] = []
        self._available = threading.Condition()
        self._lock = threading.Lock()
        self._live: dict[int, _Worker] = {}
        self._closed = False
        # Workers are started from one long-lived thread: a worker asks the kernel to kill it when
        # the thread that started it ends (PR_SET_PDEATHSIG is per thread), so never a short-lived one.
        self._spawner = ThreadPoolExecutor(1, thread_name_prefix="precursor-kg-spawn")
        starting = [self._spawn() for _ in range(size)]
        try:
            for worker in starting:
                self._await_ready(worker)
                self._put_idle(worker)
        except BaseException:
            for worker in starting:
                self._kill(worker)
            raise
        if pool_memory_bytes > 0:
            threading.Thread(target=self._watch_memory, name="precursor-kg-memory", daemon=True).start()

    # -- starting and stopping workers
    def _spawn(self) -> _Worker:
        if threading.current_thread().name.startswith("precursor-kg-spawn"):
            return self._start_process()
        return self._spawner.submit(self._start_process).result()

    def _start_process(self) -> _Worker:
        ours, theirs = socket.socketpair()
        package_root = str(Path(__file__).resolve().parents[2])
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")])))
        command = [sys.executable, "-m", "precursor_kg.serve.worker", str(theirs.fileno()), self.store_dir,
                   str(self.memory_bytes)]
        try:
            process = subprocess.Popen(command, pass_fds=(theirs.fileno(),), env=env, stdin=subprocess.DEVNULL,
                                       close_fds=True)
        finally:
            theirs.close()
        conn = Connection(os.dup(ours.fileno()))
        ours.close()
        worker = _Worker(process, conn)
        with self._lock:
            self._live[process.pid] = worker
            self.stats.started += 1
        return worker

    def _await_ready(self, worker: _Worker) -> None:
        if not worker.conn.poll(self.start_timeout_s):
            raise WorkerStartError(f"a query worker did not start within {self.start_timeout_s:.0f} s")
        try:
            reply = worker.conn.recv()
        except (EOFError, OSError):
            raise WorkerStartError("a query worker stopped while starting") from None
        if reply[0] != "ready":
            raise WorkerStartError(reply[2])
        self.network_blocked = reply[1]["network_blocked"]

    def _kill(self, worker: _Worker) -> None:
        try:
            worker.process.kill()
            worker.process.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            pass
        try:
            worker.conn.close()
        except OSError:
            pass
        with self._lock:
            self._live.pop(worker.process.pid, None)

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker now and start its replacement in the background."""
        self._kill(worker)
        if not self._closed:
            try:
                self._spawner.submit(self._start_replacement)
            except RuntimeError:  # shut down meanwhile
                pass

    def _start_replacement(self) -> None:
        for attempt in range(5):
            if self._closed:
                return
            try:
                worker = self._spawn()
                self._await_ready(worker)
            except Exception as exc:  # noqa: BLE001 - logged, tried again
                if self._closed:
                    return
                log.error("cannot start a query worker (attempt %d): %s", attempt + 1, exc)
                time.sleep(1 + attempt)
                continue
            if self._closed:
                self._kill(worker)
            else:
                self._put_idle(worker)
            return

    @property
    def alive(self) -> int:
        with self._lock:
            return len(self._live)

    def close(self) -> None:
        self._closed = True
        with self._available:
            self._available.notify_all()
        self._spawner.shutdown(wait=False, cancel_futures=True)
        with self._lock:
            workers = list(self._live.values())
        for worker in workers:  # idle and busy ones
            self._kill(worker)

    # -- running jobs
    def _put_idle(self, worker: _Worker) -> None:
        with self._available:
            worker.busy = False
            self._idle.append(worker)
            self._available.notify_all()

    def _take_idle(self, wait_s: float, heavy: bool) -> _Worker:
        """A free worker; a heavy job waits while no more than `reserve` are free. ServerBusy after wait_s."""
        keep = self.reserve if heavy else 0
        with self._available:
            if not self._available.wait_for(lambda: self._closed or len(self._idle) > keep, timeout=wait_s):
                self.stats.busy += 1
                raise ServerBusy("every query worker is busy: try again in a moment")
            if self._closed:
                raise ServerBusy("the server is shutting down")
            worker = self._idle.pop()
            worker.busy = True
            return worker

    def run(self, job: tuple, timeout_s: float, wait_s: float | None = None, heavy: bool = False):
        """The job's result; QueryTimeout, ServerBusy, WorkerCrashed or the job's own error otherwise."""
        return self.run_timed(job, timeout_s, wait_s, heavy)[0]

    def run_timed(self, job: tuple, timeout_s: float, wait_s: float | None = None, heavy: bool = False):
        """run(), and the CPU seconds the job took on its worker (not the wait for one, nor the
        time other processes had the processor: a cheap query on a busy machine stays cheap)."""
        if self._closed:
            raise ServerBusy("the server is shutting down")
        for attempt in (1, 2):
            worker = self._take_idle(self.wait_s if wait_s is None else wait_s, heavy)
            try:
                worker.conn.send(job)
            except (OSError, ValueError):
                self._replace(worker)  # it had died while idle: try another one
                if attempt == 2:
                    raise WorkerCrashed("the query worker stopped unexpectedly") from None
                continue
            return self._collect(worker, timeout_s)

    # -- the memory budget
    def _watch_memory(self, interval_s: float = 0.05) -> None:
        """Every tick, stop the busy workers the budget cannot hold by the next tick.

        Checking the sum as it stood overshot: four workers growing together outgrew one kill
        a tick on a loaded machine (730 MB against 575). Each worker is projected one tick
        ahead by its growth over the last tick, and as many of the largest busy ones are
        stopped at once as it takes to bring the projection under the budget.
        """
        previous: dict[int, int] = {}
        while not self._closed:
            time.sleep(interval_s)
            with self._lock:
                workers = [w for w in self._live.values() if not w.over_budget]  # stopped ones are going
            sizes = {w.process.pid: _resident_bytes(w.process.pid) for w in workers}
            projected = {pid: size + max(0, size - previous.get(pid, size)) for pid, size in sizes.items()}
            previous = sizes
            total = sum(projected.values())
            for worker in sorted((w for w in workers if w.busy), key=lambda w: -projected[w.process.pid]):
                if total <= self.pool_memory_bytes:
                    break
                total -= projected[worker.process.pid]
                self._stop_over_budget(worker)

    def _stop_over_budget(self, worker: _Worker) -> None:
        worker.over_budget = True
        self.stats.over_budget += 1
        try:
            worker.process.kill()  # its _collect sees the end of the connection
        except OSError:
            pass

    def _collect(self, worker: _Worker, timeout_s: float):
        started = time.monotonic()
        try:
            ready = worker.conn.poll(timeout_s)
        except (OSError, EOFError):
            ready = True
        if not ready:
            self._replace(worker)
            self.stats.timeouts += 1
            raise QueryTimeout(
                f"the query was stopped after {timeout_s:g} s (the limit on this server): "
                "simplify it, or add a LIMIT")
        try:
            reply = worker.conn.recv()
        except (EOFError, OSError):
            self._replace(worker)
            if worker.over_budget:
                raise MemoryBudgetExceeded(
                    f"the query was stopped: the query workers together needed more than "
                    f"{self.pool_memory_bytes // (1024 * 1024)} MB, this server's budget; simplify it, or add a LIMIT"
                ) from None
            self.stats.crashes += 1
            raise WorkerCrashed(
                "the query worker stopped while running the query (it may have needed too much memory) "
                f"after {time.monotonic() - started:.1f} s") from None
        self.stats.jobs += 1
        worker.jobs += 1
        self._put_idle(worker)
        if reply[0] == "ok":
            return reply[1], reply[2]
        raise by_name(reply[1])(reply[2])


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _resident_bytes(pid: int) -> int:
    """A process's resident memory (Linux /proc; 0 where it cannot be read)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as statm:
            return int(statm.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return 0


def default_pool_memory() -> int:
    """Half of the machine's memory (0, no budget, where it cannot be told)."""
    try:
        return os.sysconf("SC_PHYS_PAGES") * _PAGE // 2
    except (ValueError, OSError, AttributeError):
        return 0
