"""The server: SPARQL 1.1 Protocol, read-only guard, SERVICE refusal, limits, linked data, VoID.

One server (waitress in a thread, query workers in their own processes) on a free loopback
port serves tests/data/sample-dataset.trig for the whole module.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("waitress")

from precursor_kg.graph.namespace import PKG  # noqa: E402
from precursor_kg.serve import ServerConfig, ServerThread, create_app, open_or_create_store  # noqa: E402
from precursor_kg.serve.errors import QuerySyntaxError, ServiceRefused, UpdateRefused  # noqa: E402
from precursor_kg.serve.guard import check_query  # noqa: E402

SAMPLE = Path(__file__).parent / "data" / "sample-dataset.trig"
BASE = "https://w3id.org/precursor-kg/"
TIMEOUT_S = 1.5
MAX_RESULTS = 200
CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
CHEAP = f"SELECT ?r ?symbol WHERE {{ ?r <{PKG}symbol> ?symbol }} ORDER BY ?symbol"


# --------------------------------------------------------------------------- fixtures (also used by test_browser)

def make_sample_build(folder: Path) -> Path:
    """A build directory holding the sample dataset: dataset.nq, store/, an overview and ontology docs."""
    import pyoxigraph as ox

    folder.mkdir(parents=True, exist_ok=True)
    quads = list(ox.parse(path=str(SAMPLE), format=ox.RdfFormat.TRIG))
    ox.serialize(quads, str(folder / "dataset.nq"), ox.RdfFormat.N_QUADS)
    ox.serialize(quads, str(folder / "dataset.trig"), ox.RdfFormat.TRIG)
    (folder / "overview.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><text x="5" y="25">overview</text></svg>\n')
    (folder / "ontology-docs").mkdir(exist_ok=True)
    (folder / "ontology-docs" / "index.html").write_text("<!DOCTYPE html><title>ontology</title><h1>pkg</h1>\n")
    open_or_create_store(folder)
    return folder


@contextlib.contextmanager
def running_server(build: Path, **options):
    config = ServerConfig(**{"timeout_s": TIMEOUT_S, "workers": 3, **options})
    app = create_app(build / "store", config)
    server = ServerThread(app).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def sample_build(tmp_path_factory) -> Path:
    return make_sample_build(tmp_path_factory.mktemp("serve") / "build")


@pytest.fixture(scope="module")
def server(sample_build):
    with running_server(sample_build, max_results=MAX_RESULTS) as srv:
        yield srv


def fetch(server, path: str, accept: str | None = None, method: str = "GET", body: bytes | None = None,
          content_type: str | None = None, timeout: float = 20.0):
    """(status, headers, body) of a request; HTTP errors are answers too."""
    headers = {}
    if accept:
        headers["Accept"] = accept
    if content_type:
        headers["Content-Type"] = content_type
    request = urllib.request.Request(server.url + path.lstrip("/"), data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def q(text: str) -> str:
    return "sparql?query=" + urllib.parse.quote(text)


# --------------------------------------------------------------------------- SPARQL protocol with real clients

@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_select_with_sparqlwrapper(server, fmt):
    from SPARQLWrapper import CSV, JSON, TSV, XML, SPARQLWrapper

    client = SPARQLWrapper(server.url + "sparql")
    client.setQuery(CHEAP)
    client.setReturnFormat({"json": JSON, "xml": XML, "csv": CSV, "tsv": TSV}[fmt])
    result = client.query()
    content_type = result.info()["content-type"]
    converted = result.convert()
    if fmt == "json":
        assert content_type.startswith("application/sparql-results+json")
        symbols = [b["symbol"]["value"] for b in converted["results"]["bindings"]]
    elif fmt == "xml":
        assert content_type.startswith("application/sparql-results+xml")
        symbols = [n.firstChild.data for n in converted.getElementsByTagName("literal")]
    elif fmt == "csv":
        assert content_type.startswith("text/csv")
        lines = converted.decode().splitlines()
        assert lines[0] == "r,symbol"
        symbols = [line.split(",")[1] for line in lines[1:]]
    else:
        assert content_type.startswith("text/tab-separated-values")
        lines = converted.decode().splitlines()
        assert lines[0] == "?r\t?symbol"
        assert lines[1].startswith(f"<{BASE}resolution/")
        symbols = [line.split("\t")[1].strip('"') for line in lines[1:]]
    assert symbols == ["CND 51/10", "GA 59/162"]


@pytest.mark.parametrize("fmt", ["turtle", "json-ld"])
def test_construct_with_sparqlwrapper(server, fmt):
    from rdflib import Graph
    from SPARQLWrapper import JSONLD, TURTLE, SPARQLWrapper

    client = SPARQLWrapper(server.url + "sparql")
    client.setQuery(f"CONSTRUCT {{ ?r <{PKG}symbol> ?s }} WHERE {{ ?r <{PKG}symbol> ?s }}")
    client.setReturnFormat(TURTLE if fmt == "turtle" else JSONLD)
    result = client.query()
    graph = result.convert()
    if not isinstance(graph, Graph):
        graph = Graph().parse(data=graph, format="turtle" if fmt == "turtle" else "json-ld")
    symbols = {(str(s), str(o)) for s, p, o in graph if str(p) == f"{PKG}symbol"}
    assert symbols == {(f"{BASE}resolution/cnd/51/10", "CND 51/10"), (f"{BASE}resolution/ga/59/162", "GA 59/162")}
    assert len(graph) == 2


def test_rdflib_sparqlstore_select_and_construct(server):
    from rdflib import Graph, URIRef
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(query_endpoint=server.url + "sparql", returnFormat="json")
    graph = Graph(store=store)
    rows = list(graph.query(CHEAP))
    assert [str(row.symbol) for row in rows] == ["CND 51/10", "GA 59/162"]
    constructed = graph.query(f"CONSTRUCT {{ ?r <{PKG}symbol> ?s }} WHERE {{ ?r <{PKG}symbol> ?s }}").graph
    assert (URIRef(BASE + "resolution/cnd/51/10"), URIRef(PKG + "symbol"), None) in constructed
    assert graph.query("ASK { ?s ?p ?o }").askAnswer is True


@pytest.mark.parametrize("accept,rdflib_format", [
    ("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "json-ld")])
def test_construct_formats(server, accept, rdflib_format):
    from rdflib import Graph

    status, headers, body = fetch(server, q(f"CONSTRUCT WHERE {{ ?s <{PKG}text> ?o }}"), accept)
    assert status == 200
    assert headers["Content-Type"].startswith(accept)
    graph = Graph().parse(data=body.decode(), format=rdflib_format)
    assert len(graph) == 5  # four paragraphs and one sub-paragraph


def test_post_form_and_direct(server):
    form = urllib.parse.urlencode({"query": CHEAP}).encode()
    status, _, body = fetch(server, "sparql", "application/sparql-results+json", "POST", form,
                            "application/x-www-form-urlencoded")
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 2
    status, _, body = fetch(server, "query", "text/csv", "POST", CHEAP.encode(), "application/sparql-query")
    assert status == 200 and body.decode().splitlines()[1].endswith("CND 51/10")
    status, _, body = fetch(server, q("ASK { ?s a ?c }") + "&format=xml")
    assert status == 200 and b"<boolean>true</boolean>" in body


def test_union_default_graph_and_named_graphs(server):
    text = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    status, _, body = fetch(server, q(text), "application/sparql-results+json")
    graphs = {b["g"]["value"]: int(b["n"]["value"]) for b in json.loads(body)["results"]["bindings"]}
    assert set(graphs) == {BASE + "graph/000_sample", BASE + "graph/001_sample", BASE + "graph/ontology", BASE + "graph/inferred"}
    # the inferred class is visible without GRAPH: the default graph is the union
    status, _, body = fetch(server, q(f"SELECT ?s WHERE {{ ?s a <{PKG}TableIPrecursor> }}"), "text/csv")
    assert status == 200 and body.count(b"\r\n") == 3
    status, _, body = fetch(server, q(f"SELECT ?s WHERE {{ ?s a <{PKG}TableIPrecursor> }}")
                            + "&default-graph-uri=" + urllib.parse.quote(BASE + "graph/ontology"), "text/csv")
    assert status == 200 and body.count(b"\r\n") == 1  # header only


def test_bad_query_is_400(server):
    status, headers, body = fetch(server, q("SELECT ?s WHERE { ?s ?p "), "application/sparql-results+json")
    assert status == 400
    assert json.loads(body)["error"] == "query-syntax"
    status, _, _ = fetch(server, "sparql", "application/sparql-results+json", "POST", b"query=x", "text/plain")
    assert status == 415


# --------------------------------------------------------------------------- read-only and SERVICE

UPDATES = [
    "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "LOAD <http://example.org/data.ttl>",
    "CLEAR ALL",
    "DROP GRAPH <https://w3id.org/precursor-kg/graph/ontology>",
    "PREFIX ex: <http://example.org/>\nWITH ex:g DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "# a comment first\nCREATE GRAPH <http://example.org/g>",
]


@pytest.mark.parametrize("update", UPDATES)
def test_updates_refused(server, update):
    for status, _, body in (
        fetch(server, q(update), "application/sparql-results+json"),
        fetch(server, "sparql", "application/json", "POST", urllib.parse.urlencode({"update": update}).encode(),
              "application/x-www-form-urlencoded"),
        fetch(server, "sparql", "application/json", "POST", update.encode(), "application/sparql-update"),
    ):
        assert status == 403
        message = json.loads(body)
        assert message["error"] == "read-only" and "read-only" in message["message"]
    status, _, _ = fetch(server, q("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"), "text/csv")
    assert status == 200


def test_update_with_sparqlwrapper_refused(server):
    from SPARQLWrapper import POST, SPARQLWrapper

    client = SPARQLWrapper(server.url + "sparql")
    client.setMethod(POST)
    client.setQuery(UPDATES[0])
    with pytest.raises(urllib.error.HTTPError) as refused:
        client.query()
    assert refused.value.code == 403


SERVICE_QUERIES = [
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { service silent <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICESILENT <http://example.org/sparql> { ?s ?p ?o } }",
    "PREFIX : <http://example.org/> SELECT * WHERE { SERVICE:x { ?s ?p ?o } }",
    "PREFIX e: <http://example.org/> SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE e:sparql { ?s ?p ?o } } }",
    "BASE <http://example.org/> SELECT * WHERE { SERVICE <sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { BIND(<http://example.org/sparql> AS ?e) SERVICE ?e { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o FILTER(1<2)SERVICE<http://example.org/sparql>{ ?s ?p ?o } }",
    'SELECT * WHERE { ?s ?p "x" #\n SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }',
]


@pytest.mark.parametrize("text", SERVICE_QUERIES)
def test_service_refused(server, text):
    status, _, body = fetch(server, q(text), "application/sparql-results+json")
    assert status == 403, body
    assert json.loads(body)["error"] == "service-refused"


@pytest.mark.parametrize("text", [
    'SELECT * WHERE { ?s ?p ?o } LIMIT 1 # SERVICE <http://example.org/sparql> { }',
    'SELECT ("SERVICE <http://example.org/sparql> {}" AS ?x) WHERE {}',
    "SELECT ('''a SERVICE <http://e/> {} ''' AS ?x) WHERE {}",
    "PREFIX ex: <http://example.org/service#> SELECT ?service WHERE { ?service ex:service ?o } LIMIT 1",
])
def test_service_word_in_comments_strings_and_names_is_fine(server, text):
    status, _, body = fetch(server, q(text), "application/sparql-results+json")
    assert status == 200, body


def test_guard_refuses_every_service_and_update():
    """No endpoint is callable: a SERVICE to any IRI, or to a variable, is refused."""
    for text in ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
                 "SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:7878/sparql> { ?s ?p ?o } }",
                 "SELECT * WHERE { SERVICE ?x { ?s ?p ?o } }"):
        with pytest.raises(ServiceRefused):
            check_query(text)
    with pytest.raises(UpdateRefused):
        check_query("PREFIX a: <http://a/> INSERT DATA { a:b a:c a:d }")
    with pytest.raises(QuerySyntaxError):
        check_query("SELECT WHERE")


def test_workers_cannot_open_internet_sockets(server):
    """Defence in depth: the query workers have no internet sockets at all."""
    import platform

    status, _, body = fetch(server, "status")
    assert status == 200
    if platform.system() == "Linux" and platform.machine().lower() in ("x86_64", "amd64", "aarch64", "arm64"):
        assert json.loads(body)["networkBlocked"] is True


# --------------------------------------------------------------------------- limits

def test_timeout_stops_the_query_and_the_server_still_answers(server):
    started = time.monotonic()
    status, headers, body = fetch(server, q(CROSS_JOIN), "application/sparql-results+json", timeout=30)
    elapsed = time.monotonic() - started
    assert status == 504
    error = json.loads(body)
    assert error["error"] == "timeout" and "stopped after" in error["message"]
    assert elapsed < TIMEOUT_S + 3
    started = time.monotonic()
    status, _, body = fetch(server, q(CHEAP), "text/csv")
    assert status == 200 and b"CND 51/10" in body
    assert time.monotonic() - started < 2
    # the killed worker is replaced
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        workers = json.loads(fetch(server, "status")[2])["workers"]
        if workers == 3:
            break
        time.sleep(0.1)
    assert workers == 3


def test_timeout_error_as_text(server):
    status, headers, body = fetch(server, q(CROSS_JOIN), "text/csv", timeout=30)
    assert status == 504
    assert headers["Content-Type"].startswith("text/plain")
    assert body.decode().startswith("Error 504 (timeout): the query was stopped after")


def test_result_size_limit(server):
    status, _, body = fetch(server, q("SELECT * WHERE { ?s ?p ?o }"), "application/sparql-results+json")
    assert status == 422
    error = json.loads(body)
    assert error["error"] == "result-too-large" and str(MAX_RESULTS) in error["message"]
    status, _, _ = fetch(server, q("SELECT * WHERE { ?s ?p ?o } LIMIT 10"), "application/sparql-results+json")
    assert status == 200


def test_request_size_limit(server):
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * (1024 * 1024 + 10)
    status, _, body = fetch(server, "sparql", "application/json", "POST", big.encode(), "application/sparql-query")
    assert status == 413
    assert json.loads(body)["error"] == "request-too-large"
    status, _, _ = fetch(server, q(big), "application/json")
    assert status == 413


def test_cors(server):
    status, headers, _ = fetch(server, q(CHEAP), "application/sparql-results+json")
    assert status == 200 and headers["Access-Control-Allow-Origin"] == "*"
    status, headers, _ = fetch(server, "sparql", method="OPTIONS")
    assert status == 204
    assert "GET" in headers["Access-Control-Allow-Methods"]


# --------------------------------------------------------------------------- linked data

def test_resource_as_turtle_jsonld_ntriples(server):
    from rdflib import Graph, Literal, URIRef

    node = URIRef(BASE + "resolution/cnd/51/10/operative/1")
    for accept, fmt in (("text/turtle", "turtle"), ("application/ld+json", "json-ld"), ("application/n-triples", "nt")):
        status, headers, body = fetch(server, "resolution/cnd/51/10/operative/1", accept)
        assert status == 200 and headers["Content-Type"].startswith(accept)
        graph = Graph().parse(data=body.decode(), format=fmt)
        assert (node, URIRef(PKG + "action"), URIRef(BASE + "id/action/urge")) in graph
        assert (node, URIRef(PKG + "inResolution"), URIRef(BASE + "resolution/cnd/51/10")) in graph
        assert (URIRef(BASE + "resolution/cnd/51/10"), URIRef(PKG + "hasParagraph"), node) in graph  # incoming
        expression = URIRef(f"{node}/expression/en")  # the text is on the paragraph's English expression
        assert (expression, URIRef("http://data.europa.eu/eli/ontology#realizes"), node) in graph  # incoming
        status, _, body = fetch(server, "resolution/cnd/51/10/operative/1/expression/en", accept)
        assert (expression, URIRef(PKG + "text"), Literal(
            "Urges Member States to prevent the diversion of acetic anhydride, in cooperation with the "
            "International Narcotics Control Board;", lang="en")) in Graph().parse(data=body.decode(), format=fmt)
    # a reference individual, and the same through /resource?iri=
    for path in ("id/substance/acetic-anhydride", "resource?iri=" + urllib.parse.quote(BASE + "id/substance/acetic-anhydride")):
        status, _, body = fetch(server, path, "text/turtle")
        graph = Graph().parse(data=body.decode(), format="turtle")
        assert (URIRef(BASE + "id/substance/acetic-anhydride"), URIRef(PKG + "casNumber"), Literal("108-24-7")) in graph


def test_resource_html_paragraph_with_marks(server):
    status, headers, body = fetch(server, "resolution/cnd/51/10/operative/1", "text/html,application/xhtml+xml,*/*;q=0.8")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    page = body.decode()
    assert '<mark title="mentions: acetic anhydride">acetic anhydride</mark>' in page
    assert '<mark title="action: urge">Urges</mark>' in page
    assert 'href="/id/substance/acetic-anhydride"' in page
    assert 'href="/resolution/cnd/51/10"' in page  # a neighbour, as a server-local link
    # escaping: the sample's second paragraph holds quotes, angle brackets, an ampersand and braces
    status, _, body = fetch(server, "resolution/cnd/51/10/operative/2", "text/html")
    page = body.decode()
    assert "&quot;&lt;special&gt; &amp; {chars}&quot;" in page and "<special>" not in page


def test_resource_html_evidence_passage(server):
    status, _, body = fetch(server, "source/000_sample/evidence/9", "text/html")
    assert status == 200
    page = body.decode()
    # the paragraph text with the exact string of this evidence marked
    assert ("Urges Member States to prevent the diversion of acetic anhydride, in cooperation with the "
            "<mark>International Narcotics Control Board</mark>;") in page
    assert 'href="/resolution/cnd/51/10/operative/1"' in page
    # an external link (Wikidata) is shown as a link to itself
    status, _, body = fetch(server, "id/substance/acetic-anhydride", "text/html")
    assert 'href="http://www.wikidata.org/entity/Q413534"' in body.decode()
    assert "<h1>acetic anhydride</h1>" in body.decode()


def test_unknown_resource_is_404(server):
    status, _, body = fetch(server, "resolution/none/1/1", "text/turtle")
    assert status == 404
    status, headers, body = fetch(server, "resolution/none/1/1", "text/html")
    assert status == 404 and headers["Content-Type"].startswith("text/html")
    assert "Nothing is known about" in body.decode()


HOSTILE = [
    'https://w3id.org/precursor-kg/x> } UNION { ?s ?p ?o } #',
    'https://w3id.org/precursor-kg/resolution/cnd/51/10> ?p ?o } UNION { ?s ?p ?o',
    "https://w3id.org/precursor-kg/a\n<https://w3id.org/precursor-kg/resolution/cnd/51/10>",
    'https://w3id.org/precursor-kg/"><script>alert(1)</script>',
    "javascript:alert(1)",
    'x" } UNION { ?s ?p ?o } #',
    "<https://w3id.org/precursor-kg/resolution/cnd/51/10>",
    "",
]
LEAKS = [b"CND 51/10", b"acetic anhydride", b"Member States", b"cnd/51/10/operative/1"]


def _assert_no_leak(status: int, body: bytes, headers=None) -> None:
    """An error about exactly the string sent: no other resource's data, no markup from it in HTML."""
    assert status in (400, 404), (status, body[:300])
    for secret in LEAKS:
        assert secret not in body, (secret, body[:500])
    if headers is None or headers["Content-Type"].startswith("text/html"):
        assert b"<script>" not in body


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_iris_on_resource_pages(server, value):
    for accept in ("text/html", "text/turtle", "application/json"):
        status, headers, body = fetch(server, "resource?iri=" + urllib.parse.quote(value, safe=""), accept)
        _assert_no_leak(status, body, headers)
    if value:
        path = "/" + urllib.parse.quote(value.replace("https://w3id.org/precursor-kg/", ""), safe="")
        status, headers, body = fetch(server, path, "text/html")
        _assert_no_leak(status, body, headers)


def test_hostile_raw_path(server):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    for raw in ('/x>%20}%20UNION%20{%20?s%20?p%20?o%20}', "/x%3E%20%7D", '/"><script>', "/id/x%0A%3Chttps://w3id.org/precursor-kg/y%3E"):
        conn.request("GET", raw, headers={"Accept": "text/html"})
        response = conn.getresponse()
        _assert_no_leak(response.status, response.read(), response.headers)
    conn.close()


def test_hostile_competency_parameters(server):
    good = "cq/paragraph-evidence?" + urllib.parse.urlencode({"symbol": "CND 51/10", "number": "2"})
    status, _, body = fetch(server, good, "application/sparql-results+json")
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) >= 3
    for symbol in ['CND 51/10" } UNION { ?evidence ?p ?o } #', 'CND 51/10"@en . ?s ?p ?o', "CND 51/10\n} UNION {"]:
        url = "cq/paragraph-evidence?" + urllib.parse.urlencode({"symbol": symbol, "number": "2"})
        status, _, body = fetch(server, url, "application/json")
        # read as one name, which names nothing: refused with a message, never pasted into the query
        assert status == 400 and "nothing in the graph is called" in json.loads(body)["message"]
    for node in ["<https://w3id.org/precursor-kg/x> } UNION { ?s ?p ?o }", "https://x/> ?p ?o . ?s ?p <https://y/",
                 'javascript:alert("x")']:
        status, headers, body = fetch(server, "cq/fact-evidence?" + urllib.parse.urlencode({"node": node}),
                                      "application/sparql-results+json")
        _assert_no_leak(status, body, headers)
    status, _, _ = fetch(server, "cq/paragraph-evidence?nosuch=1", "application/json")
    assert status == 400
    status, _, _ = fetch(server, "cq/..%2F..%2Fetc%2Fpasswd", "application/json")
    assert status == 404


# --------------------------------------------------------------------------- pages, VoID, dumps

def test_home_page_and_examples(server):
    status, headers, body = fetch(server, "", "text/html")
    page = body.decode()
    assert status == 200 and 'src="/static/query.js"' in page
    assert 'src="/overview.svg"' in page and 'href="/.well-known/void"' in page
    assert 'href="/ontology-docs/index.html"' in page and 'href="/dumps/dataset.nq"' in page
    status, _, body = fetch(server, "sparql", "text/html")
    assert status == 200 and b'id="query"' in body
    status, _, body = fetch(server, "cq", "application/json")
    examples = json.loads(body)
    assert len(examples) >= 10 and all(e["question"] and e["text"] for e in examples)
    for path, kind in (("static/query.js", "text/javascript"), ("static/style.css", "text/css"),
                       ("overview.svg", "image/svg+xml"), ("ontology-docs/index.html", "text/html")):
        status, headers, _ = fetch(server, path)
        assert status == 200 and headers["Content-Type"].startswith(kind)
    assert fetch(server, "static/..%2Fapp.py")[0] == 404
    assert fetch(server, "dumps/..%2Fstore")[0] == 404


def test_void_and_dumps(server, sample_build):
    from rdflib import Graph, Literal, Namespace, URIRef

    void = Namespace("http://rdfs.org/ns/void#")
    status, headers, body = fetch(server, ".well-known/void", "text/turtle")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    graph = Graph().parse(data=body.decode(), format="turtle")
    dataset = URIRef(BASE + "dataset")
    assert int(graph.value(dataset, void.triples)) == 523  # 7 English expressions (texts, titles), 3 quads each
    assert graph.value(dataset, void.sparqlEndpoint) == URIRef(server.url + "sparql")
    assert (dataset, URIRef("http://purl.org/dc/terms/license"), URIRef("https://creativecommons.org/licenses/by/4.0/")) in graph
    assert len(list(graph.objects(dataset, void.subset))) == 4
    assert int(graph.value(dataset, void.classes)) > 5 and int(graph.value(dataset, void.entities)) > 20
    assert (dataset, void.vocabulary, URIRef(str(PKG))) in graph
    assert (dataset, void.uriSpace, Literal(BASE)) in graph
    dumps = {str(o) for o in graph.objects(dataset, void.dataDump)}
    assert server.url + "dumps/dataset.nq" in dumps
    status, headers, body = fetch(server, "dumps/dataset.nq")
    assert status == 200 and headers["Content-Type"] == "application/n-quads"
    assert body == (sample_build / "dataset.nq").read_bytes()
    status, _, body = fetch(server, ".well-known/void", "text/html")
    assert status == 200 and b"void:triples" in body


def test_open_or_create_store_rebuilds(tmp_path):
    import os

    import pyoxigraph as ox

    build = tmp_path / "b"
    build.mkdir()
    ox.serialize(ox.parse(path=str(SAMPLE), format=ox.RdfFormat.TRIG), str(build / "dataset.nq"), ox.RdfFormat.N_QUADS)
    def named_and_default(store_dir):
        quads = list(ox.Store.read_only(str(store_dir)))
        default = sum(1 for q in quads if isinstance(q.graph_name, ox.DefaultGraph))
        return len(quads) - default, default

    store_dir = open_or_create_store(build)
    named, default = named_and_default(store_dir)
    assert named == 523 and 0 < default <= named  # the named graphs, and their union as the default graph (store.py)
    (build / "dataset.nq").write_text(
        '<http://example.org/a> <http://example.org/b> "c" <http://example.org/g> .\n')
    future = time.time() + 3600
    os.utime(build / "dataset.nq", (future, future))
    assert named_and_default(open_or_create_store(build)) == (1, 1)


def test_void_links_never_echo_the_clients_host_header(server):
    """A Host header is the client's to choose: VoID's endpoint and dump links name the server
    itself (or the configured public URL), not "evil.example"."""
    conn = http.client.HTTPConnection("127.0.0.1", int(server.url.rsplit(":", 1)[1].strip("/")), timeout=20)
    conn.putrequest("GET", "/.well-known/void", skip_host=True)
    conn.putheader("Host", "evil.example")
    conn.putheader("Accept", "text/turtle")
    conn.endheaders()
    body = conn.getresponse().read().decode("utf-8")
    conn.close()
    assert "evil.example" not in body
    assert "sparqlEndpoint" in body and "127.0.0.1" in body
