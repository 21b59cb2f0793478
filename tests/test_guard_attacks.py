"""The query guard against texts that two SPARQL parsers read differently (issue 19, case 1).

Each query here once passed the guard while pyoxigraph ran something else: rdflib expands
``\\u`` escapes over the whole text, pyoxigraph only inside strings and IRIs, and the guard's
tokenizer let a variable swallow a following ``.SERVICE``. The engine now runs the text the
guard checked, so a SERVICE hidden that way either shows and is refused, or is not there.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading

import pyoxigraph as ox
import pytest

from precursor_kg.serve.errors import QuerySyntaxError, ServiceRefused
from precursor_kg.serve.guard import check_query
from precursor_kg.serve.jobs import Limits, QueryJob, run_query
from tests.test_serve import make_sample_build

LIMITS = Limits(max_results=100, max_bytes=1_000_000)


@pytest.fixture()
def listener():
    """A loopback HTTP listener that records every connection and answers each with a 500."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(4)
    sock.settimeout(0.1)
    hits, stop = [], threading.Event()

    def serve():
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except OSError:
                continue
            hits.append(conn.recv(200))
            conn.sendall(b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield sock.getsockname()[1], hits
    stop.set()
    thread.join(2)
    sock.close()


def _hidden_service(port: int) -> str:
    return (f'SELECT * WHERE {{ BIND("a\\u0022 AS ?q) # " AS ?y) ?s ?p ?x.SERVICE <http://127.0.0.1:{port}/sparql> '
            '{ ?a ?b ?c } # "\n}')


def test_escape_hidden_service_never_reaches_the_network(listener):
    """In-process, without the workers' seccomp filter: the text the engine runs has no SERVICE."""
    port, hits = listener
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), ox.NamedNode("http://e/o")))
    try:
        answer = run_query(store, QueryJob(_hidden_service(port), "application/sparql-results+json", (), LIMITS))
    finally:
        assert hits == []
    assert b'"q"' in answer.body  # the query rdflib saw: BIND("a" AS ?q), the rest a comment


def test_escape_hidden_service_is_checked_on_the_text_that_runs():
    verdict = check_query(_hidden_service(9))
    assert "\\u" not in verdict.text
    assert verdict.text.index("#") < verdict.text.index("SERVICE")  # a comment in what runs


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { ?s ?p ?x.SERVICE <http://127.0.0.1:9/sparql> { ?a ?b ?c } }",
    "SELECT * WHERE { ?s ?p ?x . SERV\\u0049CE <http://127.0.0.1:9/sparql> { ?a ?b ?c } }",
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE ?x { ?s ?p ?o } }",
])
def test_service_refused_however_written(text):
    with pytest.raises(ServiceRefused):
        check_query(text)


def test_escape_spelling_an_escape_is_refused():
    with pytest.raises(QuerySyntaxError, match="escape"):
        check_query('SELECT ("\\u005Cu0022" AS ?x) WHERE {}')


def test_deep_nesting_is_refused_before_any_parser():
    """6,000 nested groups: rdflib's parser gives up, pyoxigraph's recursion crashes its process."""
    with pytest.raises(QuerySyntaxError, match="nested"):
        check_query("SELECT * WHERE " + "{" * 6000 + "}" * 6000)


def test_nesting_hidden_from_rdflib_does_not_crash_the_engine():
    """The same nesting behind an escaped quote was a comment to rdflib and 6,000 groups to
    pyoxigraph, whose worker died (exit 139); the engine now runs the text rdflib read."""
    program = (
        "import pyoxigraph as ox\n"
        "from precursor_kg.serve.jobs import Limits, QueryJob, run_query\n"
        "text = 'SELECT * WHERE { BIND(\"a\\\\u0022 AS ?q) # \" AS ?y) ' + '{' * 6000 + '}' * 6000 + ' # \"\\n}'\n"
        "run_query(ox.Store(), QueryJob(text, None, (), Limits(10, 10000)))\n"
    )
    proc = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr[-500:]


def test_command_line_refuses_deep_nesting(tmp_path):
    """`precursor-kg query FILE` on such a file: a one-line error and exit 2, not a crash (139)."""
    built_dir = make_sample_build(tmp_path / "build")
    path = tmp_path / "deep.rq"
    path.write_text("SELECT * WHERE " + "{" * 6000 + "}" * 6000 + "\n")
    proc = subprocess.run([sys.executable, "-m", "precursor_kg.cli", "query", str(path), "--build", str(built_dir)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert "nested" in proc.stderr and "Traceback" not in proc.stderr
