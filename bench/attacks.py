"""The attack run of issue 19, repeatable: each case against a loopback server or a build, judged
held / degraded / broke, with the latency of cheap queries under each resource attack.

    python -m bench.attacks [--only server|build|long]

The server is the application in a thread on a free 127.0.0.1 port serving the tests' sample
dataset; builds use the bundled sample texts in a temporary folder. Every case is bounded in time.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from bench.load_test import _sample_build

PKG = "https://w3id.org/precursor-kg/ontology#"
CHEAP = f"SELECT ?r ?s WHERE {{ ?r <{PKG}symbol> ?s }} ORDER BY ?s"
CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def fetch(url: str, query: str, timeout: float = 10.0) -> tuple[int, bytes]:
    request = urllib.request.Request(url + "sparql?query=" + urllib.parse.quote(query),
                                     headers={"Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()
    except OSError:
        return 0, b""


def cheap_latencies(url: str, count: int = 8, pause_s: float = 0.25) -> list[float | None]:
    """Seconds per cheap query (None when it did not answer 200 within 10 s)."""
    out = []
    for _ in range(count):
        started = time.monotonic()
        status, _ = fetch(url, CHEAP)
        out.append(time.monotonic() - started if status == 200 else None)
        time.sleep(pause_s)
    return out


def judge_latency(latencies: list[float | None]) -> tuple[str, str]:
    worst = None if None in latencies else max(latencies)
    verdict = "held" if worst is not None and worst < 1.0 else ("degraded" if worst is not None else "broke")
    return verdict, "cheap max " + ("no answer" if worst is None else f"{worst:.2f} s")


# --------------------------------------------------------------------------- server cases

HIDDEN_SERVICES = {  # ways the first run hid a SERVICE from the guard; {port}: a listener on 127.0.0.1
    "a \\u0022 closing a string early": 'SELECT * WHERE {{ BIND("a\\u0022 AS ?q) # " AS ?y) ?s ?p ?x.SERVICE '
                                        '<http://127.0.0.1:{port}/sparql> {{ ?a ?b ?c }} # "\n}}',
    "SERVICE spelled in \\u escapes": 'SELECT * WHERE {{ ?s ?p ?x . \\u0053ERVIC\\u0045 <http://127.0.0.1:{port}/> '
                                      '{{ ?a ?b ?c }} }}',
}


def hidden_service(url: str, template: str) -> tuple[str, str]:
    """Held when no connection reaches the listener the hidden SERVICE names."""
    hits, listener = [], socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    listener.settimeout(3)
    status, _ = fetch(url, template.format(port=listener.getsockname()[1]))
    try:
        hits.append(listener.accept())
    except OSError:
        pass
    listener.close()
    return ("broke" if hits else "held"), f"status {status}, {len(hits)} connection(s) to the listener"


def hidden_service_with_allowlist() -> tuple[str, str]:
    """The first run's allow-list turned the seccomp filter off and let the hidden SERVICE reach a
    host not on the list; `serve` must refuse to start with one at all."""
    try:
        run = subprocess.run([sys.executable, "-m", "precursor_kg.cli", "serve", "--port", "0",
                              "--service-allowlist", "127.0.0.1"], capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        return "broke", "serve started with an allow-list"
    refused = run.returncode == 2 and "unrecognized arguments: --service-allowlist" in run.stderr
    return ("held" if refused else "broke"), f"exit {run.returncode}, " + (run.stderr.strip().splitlines() or [""])[-1][-70:]


def idle_connections(url: str, host: str, port: int) -> tuple[str, str]:
    stop, sockets = threading.Event(), []
    for _ in range(205):
        sock = socket.create_connection((host, port), timeout=5)
        sock.sendall(b"GET /sparql HTTP/1.1\r\nHost: idle\r\n")
        sockets.append(sock)

    def trickle():
        while not stop.wait(10):
            for sock in sockets:
                try:
                    sock.sendall(b"X-Idle: 1\r\n")
                except OSError:
                    pass

    threading.Thread(target=trickle, daemon=True).start()
    try:
        return judge_latency(cheap_latencies(url))
    finally:
        stop.set()
        for sock in sockets:
            sock.close()


def slow_clients(url: str, clients: int) -> tuple[str, str]:
    stop = threading.Event()

    def loop():
        while not stop.is_set():
            fetch(url, CROSS_JOIN, timeout=30)

    threads = [threading.Thread(target=loop, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    time.sleep(0.5)
    try:
        return judge_latency(cheap_latencies(url, count=12))
    finally:
        stop.set()
        for thread in threads:
            thread.join(30)


def server_cases(folder: Path) -> list[tuple[str, str, str]]:
    from precursor_kg.serve import ServerConfig, ServerThread, create_app, open_or_create_store

    build = _sample_build(folder / "served")
    open_or_create_store(build)
    rows = []
    with ServerThread(create_app(build / "store", ServerConfig(timeout_s=5.0), build_dir=build)) as server:
        for how, template in HIDDEN_SERVICES.items():
            rows.append((f"hidden SERVICE ({how})", *hidden_service(server.url, template)))
        rows.append(("hidden SERVICE, --service-allowlist given", *hidden_service_with_allowlist()))
        rows.append(("205 idle connections", *idle_connections(server.url, server.host, server.port)))
        rows.append(("4 slow clients (cross join)", *slow_clients(server.url, 4)))
        rows.append(("8 slow clients (cross join)", *slow_clients(server.url, 8)))
    return rows


# --------------------------------------------------------------------------- build cases

def cli(*args: str, env: dict | None = None, timeout_s: float = 600) -> subprocess.CompletedProcess:
    """The command line in a process of its own; one that runs out of time counts as killed (exit -9)."""
    command = [sys.executable, "-m", "precursor_kg.cli", *args]
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=timeout_s,
                              env={**os.environ, **(env or {})})
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(command, -9, "", f"no end within {timeout_s:.0f} s")


def judge_build(run: subprocess.CompletedProcess, named: str | None, built: int) -> tuple[str, str]:
    if "Traceback" in run.stderr or run.returncode in (70, 139) or run.returncode < 0:
        return "broke", f"exit {run.returncode}"
    ok = f"{built} document(s)" in run.stdout and (named is None or named in run.stderr)
    return ("held" if ok else "broke"), f"exit {run.returncode}, " + (run.stderr.strip().splitlines() or ["no message"])[-1][-90:]


def sample_texts() -> list[Path]:
    from precursor_kg.fileio import sample_corpus

    return sample_corpus()[:2]


CACHE_DAMAGE = {  # how a cached document's N-Quads are damaged, and what must not reach the output
    "edited": (lambda nq: nq.replace("Member States", "Member Stetes"), "Member Stetes"),
    "emptied": (lambda nq: "", None),
    "garbage line": (lambda nq: nq + "this is not N-Quads\n", "this is not N-Quads"),
}


def good_texts() -> list[str]:
    return [str(p) for p in sample_texts()]


def build_cases(folder: Path) -> list[tuple[str, str, str]]:
    good = good_texts()
    rows = []
    cache = {"XDG_CACHE_HOME": str(folder / "cache")}
    out = str(folder / "b")
    cli("build", *good, "--out", out, "--no-docs", env=cache)
    quads = _quad_lines(folder / "b" / "dataset.nq")
    for how, (damage, marker) in CACHE_DAMAGE.items():
        entry = sorted((folder / "cache" / "precursor-kg").glob("*.nq"))[0]
        entry.write_text(damage(entry.read_text(encoding="utf-8")), encoding="utf-8")
        run = cli("build", *good, "--out", out, "--no-docs", env=cache)
        published = (folder / "b" / "dataset.nq").read_text(encoding="utf-8")
        verdict, detail = judge_build(run, "cache entry failed its check", 2)
        lost = (marker is not None and marker in published) or _quad_lines(folder / "b" / "dataset.nq") != quads
        rows.append((f"cache entry {how}", "broke" if lost else verdict, detail))
    for how in ("random bytes", "truncated"):
        damage_store(folder / "b" / "store", how)
        run = cli("build", *good, "--out", out, "--no-docs", env=cache)
        verdict, detail = judge_build(run, "made again", 2)
        lost = _quad_lines(folder / "b" / "dataset.nq") != quads
        rows.append((f"store {how}, rebuild", "broke" if lost else verdict, detail))
    rows += special_and_long_cases(folder, good)
    return rows


def _quad_lines(path: Path) -> int:
    return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def damage_store(store: Path, how: str) -> None:
    """Random bytes written into the store's largest file, or the file cut to a third."""
    victim = max(store.glob("*.sst"), key=lambda p: p.stat().st_size)
    data = bytearray(victim.read_bytes())
    if how == "truncated":
        victim.write_bytes(bytes(data[: len(data) // 3]))
        return
    rng = random.Random(19)
    for _ in range(64):
        data[rng.randrange(len(data))] = rng.randrange(256)
    victim.write_bytes(bytes(data))


def repeated_resolution(characters: int) -> str:
    """CND 62/1's heading (as "Resolution 99/1", so that it is not the sample beside it) and preamble,
    then its operative paragraphs over and over (numbered 1 to 999 and again, as the structure
    rules read paragraph numbers of up to three digits)."""
    from precursor_kg.fileio import sample_corpus

    source = next(p for p in sample_corpus() if p.stem == "001_ca773b25f352cea2")
    lines = source.read_text(encoding="utf-8").split("\n")
    first = next(i for i, line in enumerate(lines) if line.startswith("1. "))
    head = "\n".join(lines[:first]).replace("Resolution 62/1", "Resolution 99/1", 1) + "\n"  # not 62/1 itself
    blocks = re.split(r"\n\n(?=\d+\. )", "\n".join(lines[first:]).strip())  # a paragraph broken by a page joined
    operative = [re.sub(r"^\d+\. ", "", " ".join(block.split())) for block in blocks]
    pieces, size, n = [head], len(head), 0
    while size < characters:
        pieces.append(f"{n % 999 + 1}. {operative[n % len(operative)]}\n\n")
        size += len(pieces[-1])
        n += 1
    return "".join(pieces)


def special_and_long_cases(folder: Path, good: list[str]) -> list[tuple[str, str, str]]:
    rows = []
    (folder / "zero.txt").symlink_to("/dev/zero")
    os.mkfifo(folder / "pipe.txt")
    for name in ("zero.txt", "pipe.txt"):
        run = cli("build", good[0], str(folder / name), "--no-cache", "--no-docs", "--out", str(folder / "s"))
        rows.append((f"{'/dev/zero' if name == 'zero.txt' else 'a FIFO'} beside a good file",
                     *judge_build(run, f"{name}: not a regular file", 1)))
    rows.append(("1.1 M-character resolution beside good files", *long_resolution(folder, good)))
    text = Path(good[1]).read_text(encoding="utf-8")
    (folder / "cr.txt").write_bytes(text.replace("\n", "\r").encode("utf-8"))
    rows.append(("CR-only line endings", *same_outline(folder / "cr.txt", Path(good[1]))))
    data = text.encode("utf-8")
    (folder / "byte.txt").write_bytes(data[:200] + b"\xff" + data[201:])
    rows.append(("one invalid UTF-8 byte", *same_outline(folder / "byte.txt", Path(good[1]), "replaced by U+FFFD")))
    return rows


def long_resolution(folder: Path, good: list[str]) -> tuple[str, str]:
    """Built in pieces beside the good files, every operative paragraph kept; the peak memory of
    the build's largest process (the one that read the long text)."""
    long = folder / "long.txt"
    text = repeated_resolution(1_100_000)
    long.write_text(text, encoding="utf-8")
    started = time.monotonic()
    run = cli("build", str(long), *good, "--no-cache", "--no-docs", "--out", str(folder / "l"), timeout_s=1800)
    seconds = time.monotonic() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    verdict, detail = judge_build(run, None, 3)
    verdict = verdict if run.returncode == 0 else "broke"  # every file built, none left out
    summary = json.loads((folder / "l" / "summary.json").read_text(encoding="utf-8")) if verdict == "held" else {}
    entry = next((d for d in summary.get("per_source", []) if d.get("source") == "long.txt"), {})
    expected = len(re.findall(r"^\d+\. ", text, re.M))
    if verdict == "held" and entry.get("paragraphs", 0) < expected:
        verdict = "broke"
    return verdict, (f"{len(text):,} characters, {entry.get('paragraphs', 0)} paragraphs ({expected} operative), "
                     f"{seconds:.0f} s, peak RSS {peak_mb} MB; " + detail)


def same_outline(changed: Path, original: Path, warning: str | None = None) -> tuple[str, str]:
    outlines = []
    for path in (changed, original):
        run = cli("extract", str(path), "--format", "json")
        if run.returncode != 0:
            return "broke", f"exit {run.returncode}"
        payload = json.loads(run.stdout)
        outlines.append([(p.get("number"), p.get("action")) for r in payload["resolutions"] for p in r["paragraphs"]])
        if path == changed and warning and warning not in run.stderr:
            return "degraded", "no warning"
    return ("held" if outlines[0] == outlines[1] else "broke"), f"{len(outlines[0])} of {len(outlines[1])} paragraphs"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("server", "build", "long"),
                        help="run only the server cases, the build cases, or the long resolution")
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="precursor-kg-attacks-") as tmp:
        if args.only in (None, "server"):
            rows += server_cases(Path(tmp))
        if args.only in (None, "build"):
            rows += build_cases(Path(tmp))
        if args.only == "long":
            rows.append(("1.1 M-character resolution beside good files", *long_resolution(Path(tmp), good_texts())))
    width = max(len(r[0]) for r in rows)
    print(f"{'case':<{width}}  verdict   detail")
    for case, verdict, detail in rows:
        print(f"{case:<{width}}  {verdict:<8}  {detail}")
    return 1 if any(r[1] == "broke" for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
