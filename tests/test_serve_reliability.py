"""The endpoint under resource attacks (issue 19, cases 2, 3 and 9): idle connections, slow
clients, a pool's memory, a rebuild under a running server. Loopback only, each bounded in time."""

from __future__ import annotations

import socket
import threading
import time
import urllib.parse

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
    except socket.timeout:
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
