"""A bounded load test of the server on loopback: many clients of cheap queries, a few expensive ones.

    python -m bench.load_test --clients 50 --seconds 60 [--build DIR] [--expensive-clients 2]

Starts `serve` on a free 127.0.0.1 port in a child process (the sample dataset of the tests
unless --build is given), runs the clients for the given time, then checks that the server
still answers and that its query workers are all back. Every request has a time limit and
the run stops by itself (at most --seconds plus the query timeout plus a few seconds).
Reports requests served, errors, p50/p95/p99 latency of the cheap requests, how many
expensive ones timed out, and writes it all as JSON to bench/out/load-test.json.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "data" / "sample-dataset.trig"
PKG = "https://w3id.org/precursor-kg/ontology#"

CHEAP = [  # (label, method, path, accept, body)
    ("select", "GET", "/sparql?query=" + urllib.parse.quote(
        f"SELECT ?r ?s WHERE {{ ?r <{PKG}symbol> ?s }} ORDER BY ?s"), "application/sparql-results+json", None),
    ("count", "POST", "/sparql", "text/csv", urllib.parse.urlencode(
        {"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"}).encode()),
    ("construct", "GET", "/sparql?query=" + urllib.parse.quote(
        f"CONSTRUCT WHERE {{ ?p <{PKG}text> ?t }}"), "text/turtle", None),
    ("resource-html", "GET", "/resolution/cnd/51/10/operative/1", "text/html", None),
    ("resource-ttl", "GET", "/id/substance/acetic-anhydride", "text/turtle", None),
    ("competency", "GET", "/cq/paragraph-evidence?" + urllib.parse.urlencode({"symbol": "CND 51/10", "number": "2"}),
     "application/sparql-results+json", None),
]
EXPENSIVE = ("cross-join", "GET", "/sparql?query=" + urllib.parse.quote(
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"), "application/sparql-results+json", None)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _sample_build(folder: Path) -> Path:
    import pyoxigraph as ox

    folder.mkdir(parents=True, exist_ok=True)
    ox.serialize(ox.parse(path=str(SAMPLE), format=ox.RdfFormat.TRIG), str(folder / "dataset.nq"), ox.RdfFormat.N_QUADS)
    return folder


def _start_server(build: Path, port: int, timeout_s: float, workers: int) -> subprocess.Popen:
    code = ("import sys; from pathlib import Path; from precursor_kg.serve import ServerConfig, serve; "
            "serve(Path(sys.argv[1]), '127.0.0.1', int(sys.argv[2]), "
            "ServerConfig(timeout_s=float(sys.argv[3]), workers=int(sys.argv[4])))")
    process = subprocess.Popen([sys.executable, "-c", code, str(build), str(port), str(timeout_s), str(workers)],
                               stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("the server stopped while starting")
        try:
            status, _ = _request(port, ("status", "GET", "/status", "application/json", None), 2)
            if status == 200:
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the server did not start within 60 s")


def _request(port: int, spec, timeout: float, conn: http.client.HTTPConnection | None = None):
    _, method, path, accept, body = spec
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = {"Accept": accept}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        return response.status, data
    finally:
        if own:
            conn.close()


class Client(threading.Thread):
    def __init__(self, port: int, deadline: float, expensive: bool, request_timeout: float, seed: int):
        super().__init__(daemon=True)
        self.port, self.deadline, self.expensive, self.request_timeout = port, deadline, expensive, request_timeout
        self.random = random.Random(seed)
        self.results: list[tuple[str, int, float]] = []  # (label, status or -1, seconds)

    def run(self) -> None:
        conn = None
        while time.monotonic() < self.deadline:
            spec = EXPENSIVE if self.expensive else self.random.choice(CHEAP)
            if conn is None:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.request_timeout)
            started = time.perf_counter()
            try:
                status, _ = _request(self.port, spec, self.request_timeout, conn)
            except (OSError, http.client.HTTPException):
                status = -1
                conn.close()
                conn = None
            self.results.append((spec[0], status, time.perf_counter() - started))
        if conn is not None:
            conn.close()


def _percentile(values: list[float], p: float) -> float | None:
    if not values:
        return None
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients (default 50)")
    parser.add_argument("--expensive-clients", type=int, default=2, help="of which send only expensive queries (default 2)")
    parser.add_argument("--seconds", type=float, default=60.0, help="how long the clients run (default 60)")
    parser.add_argument("--timeout", type=float, default=5.0, help="the server's query timeout (default 5)")
    parser.add_argument("--workers", type=int, default=0, help="query workers (default: the server's default)")
    parser.add_argument("--build", type=Path, help="a build directory (default: the tests' sample dataset)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "load-test.json")
    args = parser.parse_args(argv)
    if not 0 <= args.expensive_clients <= args.clients or args.clients > 500 or args.seconds > 3600:
        parser.error("at most 500 clients, 3600 s, and no more expensive clients than clients")

    with tempfile.TemporaryDirectory() as tmp:
        build = args.build or _sample_build(Path(tmp) / "build")
        port = _free_port()
        server = _start_server(build, port, args.timeout, args.workers)
        try:
            request_timeout = args.timeout + 20
            deadline = time.monotonic() + args.seconds
            clients = [Client(port, deadline, i < args.expensive_clients, request_timeout, seed=i) for i in range(args.clients)]
            started = time.monotonic()
            for client in clients:
                client.start()
            for client in clients:
                client.join(max(0.1, deadline + request_timeout + 5 - time.monotonic()))
            elapsed = time.monotonic() - started
            results = [r for c in clients for r in c.results]
            after_started = time.perf_counter()
            after_status, _ = _request(port, CHEAP[0], 10)
            after_latency = time.perf_counter() - after_started
            time.sleep(min(5.0, args.timeout))  # let the last killed workers be replaced
            _, status_body = _request(port, ("status", "GET", "/status", "application/json", None), 10)
            pool = json.loads(status_body)
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()

    cheap = [r for r in results if r[0] != EXPENSIVE[0]]
    expensive = [r for r in results if r[0] == EXPENSIVE[0]]
    cheap_ok = [s for _, status, s in cheap if 200 <= status < 300]
    errors: dict[str, int] = {}
    for label, status, _ in cheap:
        if not 200 <= status < 300:
            key = f"{label}:{status}"
            errors[key] = errors.get(key, 0) + 1
    report = {
        "clients": args.clients,
        "expensive_clients": args.expensive_clients,
        "seconds": round(elapsed, 2),
        "server_timeout_s": args.timeout,
        "requests": len(results),
        "served": sum(1 for _, status, _ in results if 200 <= status < 300),
        "requests_per_s": round(len(results) / elapsed, 1) if elapsed else None,
        "cheap": {
            "requests": len(cheap),
            "ok": len(cheap_ok),
            "errors": errors,
            "p50_ms": _ms(_percentile(cheap_ok, 50)),
            "p95_ms": _ms(_percentile(cheap_ok, 95)),
            "p99_ms": _ms(_percentile(cheap_ok, 99)),
            "max_ms": _ms(max(cheap_ok) if cheap_ok else None),
            "mean_ms": _ms(statistics.fmean(cheap_ok) if cheap_ok else None),
        },
        "expensive": {
            "requests": len(expensive),
            "timed_out_504": sum(1 for _, status, _ in expensive if status == 504),
            "other": sum(1 for _, status, _ in expensive if status != 504),
            "max_s": round(max((s for *_, s in expensive), default=0.0), 2),
        },
        "after": {"status": after_status, "latency_ms": _ms(after_latency), "workers": pool.get("workers"),
                  "worker_timeouts": pool.get("timeouts"), "worker_crashes": pool.get("crashes"),
                  "busy_refusals": pool.get("busy")},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))
    healthy = after_status == 200 and not errors and report["expensive"]["other"] == 0
    return 0 if healthy else 1


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 2)


if __name__ == "__main__":
    sys.exit(main())
