"""The endpoint under resource attacks (issue 19, cases 2, 3 and 9): idle connections, slow
clients, a pool's memory, a rebuild under a running server. Loopback only, each bounded in time."""

from __future__ import annotations

import socket
import threading
import time

import pytest

pytest.importorskip("waitress")

from tests.test_serve import CHEAP, fetch, make_sample_build, q, running_server  # noqa: E402


@pytest.fixture(scope="module")
def sample_build(tmp_path_factory):
    return make_sample_build(tmp_path_factory.mktemp("reliability") / "build")


def cheap_latency(server) -> float:
    """Seconds a cheap query took; it must answer 200."""
    started = time.monotonic()
    status, _, body = fetch(server, q(CHEAP), accept="application/sparql-results+json", timeout=10)
    assert status == 200, body[:200]
    return time.monotonic() - started


def idle_clients(server, count: int, every_s: float, stop: threading.Event) -> list[socket.socket]:
    """`count` connections that each send a request line and then one header line every `every_s` seconds."""
    sockets = []
    for _ in range(count):
        sock = socket.create_connection((server.host, server.port), timeout=5)
        sock.sendall(b"GET /sparql HTTP/1.1\r\nHost: idle\r\n")
        sockets.append(sock)

    def trickle():
        while not stop.wait(every_s):
            for sock in sockets:
                try:
                    sock.sendall(b"X-Idle: 1\r\n")
                except OSError:
                    pass

    threading.Thread(target=trickle, daemon=True).start()
    return sockets


def closed_by_server(sock: socket.socket, within_s: float) -> bool:
    sock.settimeout(within_s)
    try:
        return sock.recv(1024) == b""
    except (ConnectionResetError, BrokenPipeError):
        return True
    except TimeoutError:
        return False


# --------------------------------------------------------------------------- idle connections (case 2)

def test_205_idle_connections_do_not_stop_cheap_queries(sample_build):
    """waitress's 200 connections were all held by clients sending a header line every 10 s:
    8 of 8 fresh cheap queries timed out. Now the idlest connection of a client address is
    closed to make room, and cheap queries answer within 1 s meanwhile."""
    stop = threading.Event()
    with running_server(sample_build) as server:
        sockets = idle_clients(server, 205, every_s=2.0, stop=stop)
        try:
            latencies = [cheap_latency(server) for _ in range(8)]
        finally:
            stop.set()
            for sock in sockets:
                sock.close()
    assert max(latencies) < 1.0, latencies


def test_headers_and_body_have_deadlines(sample_build):
    """A request whose headers (or whose body) trickle in is closed at its deadline, though
    every byte resets waitress's own inactivity timer."""
    stop = threading.Event()
    with running_server(sample_build, header_timeout_s=1.5, body_timeout_s=1.5) as server:
        slow_headers = idle_clients(server, 1, every_s=0.3, stop=stop)[0]
        slow_body = socket.create_connection((server.host, server.port), timeout=5)
        slow_body.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                          b"Content-Length: 1000\r\n\r\n")

        def trickle_body():
            while not stop.wait(0.3):
                try:
                    slow_body.sendall(b" ")
                except OSError:
                    return

        threading.Thread(target=trickle_body, daemon=True).start()
        started = time.monotonic()
        try:
            assert closed_by_server(slow_headers, within_s=6.0)
            assert closed_by_server(slow_body, within_s=6.0)
            assert time.monotonic() - started < 6.0
            assert cheap_latency(server) < 1.0
        finally:
            stop.set()
            slow_headers.close()
            slow_body.close()


# --------------------------------------------------------------------------- slow clients (case 3)

def loop_query(server, text: str, stop: threading.Event, answers: list) -> threading.Thread:
    def run():
        while not stop.is_set():
            answers.append(fetch(server, q(text), accept="application/sparql-results+json", timeout=30)[0])

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


@pytest.mark.parametrize("clients", [4, 8])
def test_slow_clients_do_not_starve_cheap_queries(sample_build, clients):
    """With as many clients looping a cross join as there are workers, cheap queries got 503
    (2 of 15; with 8 clients their median was 2.7 s). A heavy query now never takes the
    workers kept for cheap ones."""
    stop, answers = threading.Event(), []
    with running_server(sample_build, workers=4, timeout_s=2.0) as server:
        threads = [loop_query(server, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
                              stop, answers) for _ in range(clients)]
        try:
            time.sleep(0.5)
            latencies = []
            for _ in range(12):
                latencies.append(cheap_latency(server))
                time.sleep(0.25)
        finally:
            stop.set()
            for thread in threads:
                thread.join(30)
    assert max(latencies) < 1.0, latencies
    assert answers and set(answers) <= {503, 504}, answers  # the heavy ones were stopped or asked to wait


def workers_resident_bytes(server) -> int:
    from precursor_kg.serve.workers import _resident_bytes

    return sum(_resident_bytes(pid) for pid in list(server.app.pool._live))


def test_the_pool_keeps_to_its_memory_budget(sample_build):
    """Four concurrent ORDER BY cross joins took 3.6 GB of worker memory (each worker had its own
    4 GB cap, 16 GB in all). The workers together now keep to a budget: the largest busy ones are
    stopped where the next check would find it passed, their requests answered 503 memory-budget,
    and cheap queries still answer. With four processes spinning beside it, stopping one worker a
    check when the sum had passed overshot by 63-223 MB; projecting a check ahead, -25 to 75 MB."""
    sorted_join = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?d ?g LIMIT 1"
    with running_server(sample_build, workers=5, reserved_workers=1, timeout_s=20.0, pool_memory_bytes=2**40) as server:
        budget = workers_resident_bytes(server) + 300 * 1024 * 1024
        server.app.pool.pool_memory_bytes = budget  # measured from the started workers, then set
        stop, answers, peak = threading.Event(), [], [0]
        threads = [loop_query(server, sorted_join, stop, answers) for _ in range(4)]
        deadline = time.monotonic() + 8
        while time.monotonic() < deadline and answers.count(503) < 4:
            peak[0] = max(peak[0], workers_resident_bytes(server))
            time.sleep(0.02)
        latency = cheap_latency(server)
        stop.set()
        for thread in threads:
            thread.join(30)
        status = fetch(server, "status")[2]
    assert 503 in answers, answers
    assert peak[0] < budget + 150 * 1024 * 1024, (peak[0] / 2**20, budget / 2**20)
    assert latency < 1.0
    assert b'"overBudget": 0' not in status


# --------------------------------------------------------------------------- a rebuild under a running server (case 9)

def test_serve_switches_every_worker_to_a_new_build_at_once(sample_paths, tmp_path, monkeypatch):
    """Workers started before a rebuild kept the deleted store open: the same query alternated
    2, 0, 0, 2 … indefinitely. The server now notices the new build and swaps in a whole new set
    of workers: the answers change once, from the old build's to the new one's, and stay."""
    from precursor_kg.cli import main
    from precursor_kg.serve import ServerConfig, ServerThread, create_app

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    out = tmp_path / "build"
    assert main(["build", str(sample_paths[0]), "--out", str(out), "--no-docs"]) == 0
    documents = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(REGEX(STR(?g), '/graph/[0-9]{3}_')) }"
    config = ServerConfig(timeout_s=5.0, workers=3, build_watch_s=0.5)
    with ServerThread(create_app(out / "store", config, build_dir=out)) as server:
        def count() -> int:
            import json

            status, _, body = fetch(server, q(documents), accept="application/sparql-results+json")
            assert status == 200, body[:300]
            return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])

        before = [count() for _ in range(6)]
        assert main(["build", *map(str, sample_paths[:3]), "--out", str(out), "--no-docs"]) == 0
        seen, deadline = [], time.monotonic() + 30
        while time.monotonic() < deadline and (len(seen) < 20 or seen[-1] != seen[-20]):
            seen.append(count())
            time.sleep(0.1)
        seen += [count() for _ in range(12)]
    assert set(before) == {before[0]}
    new = seen[-1]
    assert new != before[0], (before, seen)
    first_new = seen.index(new)
    assert all(n == new for n in seen[first_new:]), seen  # no going back, no mix
