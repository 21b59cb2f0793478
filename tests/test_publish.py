"""publish: load the named graphs of a build into a real Oxigraph server over the Graph Store Protocol."""

from __future__ import annotations

import http.server
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from precursor_kg.publish import PublishError, publish

SAMPLE = Path(__file__).parent / "data" / "sample-dataset.trig"


def _oxigraph_cli() -> str | None:
    found = shutil.which("oxigraph") or shutil.which("oxigraph", path=str(Path(sys.executable).parent))
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> Path:
    import pyoxigraph as ox

    folder = tmp_path_factory.mktemp("publish") / "build"
    folder.mkdir()
    ox.serialize(ox.parse(path=str(SAMPLE), format=ox.RdfFormat.TRIG), str(folder / "dataset.nq"), ox.RdfFormat.N_QUADS)
    return folder


@pytest.fixture()
def oxigraph_server(tmp_path):
    cli = _oxigraph_cli()
    if cli is None:
        pytest.skip("the oxigraph server CLI (pip package `oxigraph`) is not installed")
    for _ in range(3):  # the free port may be taken between choosing and binding it
        port = _free_port()
        process = subprocess.Popen([cli, "serve", "--location", str(tmp_path / "store"), "--bind", f"127.0.0.1:{port}"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        url = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and process.poll() is None:
            try:
                urllib.request.urlopen(url + "query?query=ASK%7B%7D", timeout=2).read()
                break
            except OSError:
                time.sleep(0.1)
        if process.poll() is None:
            break
    else:
        pytest.fail("the oxigraph server did not start")
    try:
        yield url
    finally:
        process.kill()
        process.wait(timeout=10)


def _count(url: str, query: str) -> int:
    request = urllib.request.Request(url + "query?query=" + urllib.parse.quote(query), headers={"Accept": "text/csv"})
    with urllib.request.urlopen(request, timeout=20) as response:
        return int(response.read().decode().splitlines()[1])


def _dataset_quads(build: Path) -> tuple[int, int]:
    import pyoxigraph as ox

    quads = set(ox.parse(path=str(build / "dataset.nq"), format=ox.RdfFormat.N_QUADS))
    return len(quads), len({q.graph_name for q in quads})


def test_publish_to_oxigraph(build, oxigraph_server):
    quads, graphs = _dataset_quads(build)
    report = publish(build, oxigraph_server + "store")
    assert (report.graphs, report.quads) == (graphs, quads) == (4, 523)
    assert str(report) == f"published 4 named graphs (523 quads) to {oxigraph_server}store"
    assert _count(oxigraph_server, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }") == quads
    # publishing again replaces each graph: the count stays the same
    publish(build, oxigraph_server + "store")
    assert _count(oxigraph_server, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }") == quads
    assert _count(oxigraph_server, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/precursor-kg/graph/000_sample> "
                                   "{ ?s ?p ?o } }") == 274


def test_publish_replaces_changed_graph(build, oxigraph_server, tmp_path):
    publish(build, oxigraph_server + "store")
    smaller = tmp_path / "smaller"
    smaller.mkdir()
    lines = [line for line in (build / "dataset.nq").read_text().splitlines() if "graph/001_sample>" in line]
    (smaller / "dataset.nq").write_text("\n".join(lines[:10]) + "\n")
    report = publish(smaller, oxigraph_server + "store")
    assert (report.graphs, report.quads) == (1, 10)
    assert _count(oxigraph_server, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/precursor-kg/graph/001_sample> "
                                   "{ ?s ?p ?o } }") == 10
    assert _count(oxigraph_server, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }") == 523 - 139 + 10


class _Recorder(http.server.BaseHTTPRequestHandler):
    seen: list = []
    status = 401

    def do_PUT(self):  # noqa: N802 - the http.server naming
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        type(self).seen.append((self.path, self.headers.get("Authorization"), self.headers.get("Content-Type")))
        self.send_response(type(self).status)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"no entry\nsecond line")

    def log_message(self, *args):
        pass


def test_publish_errors_are_one_line(build):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/store"
        with pytest.raises(PublishError) as failed:
            publish(build, url, auth=("alice", "secret"))
        message = str(failed.value)
        assert "HTTP 401" in message and "no entry second line" in message and "\n" not in message
        path, authorization, content_type = _Recorder.seen[0]
        assert authorization == "Basic YWxpY2U6c2VjcmV0"
        assert content_type == "application/n-triples"
        assert path.startswith("/store?graph=https%3A%2F%2Fw3id.org%2Fprecursor-kg%2Fgraph%2F")
    finally:
        server.shutdown()
        server.server_close()
    with pytest.raises(PublishError, match="cannot reach"):
        publish(build, f"http://127.0.0.1:{_free_port()}/store", timeout=5)
    with pytest.raises(PublishError, match="not an http"):
        publish(build, "file:///etc/passwd")
    with pytest.raises(PublishError, match="no dataset.nq"):
        publish(build.parent / "missing", "http://127.0.0.1:1/store")
