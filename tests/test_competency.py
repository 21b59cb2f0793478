"""Competency questions: every query in queries/ parses, is described, and answers as expected.

The expected answers (tests/cq/<query>.json) were written by reading the bundled corpus and
the extraction gold, not by running the queries. Each file holds:

  compare   the variables compared (other selected variables are ignored)
  ordered   whether row order matters (the query's ORDER BY)
  match     "exact" (the same rows) or "superset" (at least these rows; for reference data)
  sets      {variable: separator}: compared as a set of the separated items (GROUP_CONCAT)
  cases     [{params, rows, notes}]: params as the command line gives them (k=v text),
            rows as {variable: value}, null for unbound; "*" matches any value.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.plugins.sparql import prepareQuery

from precursor_kg.graph.namespace import PKG
from precursor_kg.query import (
    BadParameter,
    CompetencyQuery,
    QueryNotFound,
    available_queries,
    bind_parameters,
    format_result,
    load_query,
    parse_query,
    run_query,
    strip_comments,
    with_values,
)

CQ_DIR = Path(__file__).parent / "cq"
QUERY_DIR = Path(__file__).parent.parent / "queries"
EXPECTED = sorted(CQ_DIR.glob("*.json"))
QUERIES = available_queries()
INFERRED_GRAPH_SUFFIX = "/graph/inferred"
# rdflib's Dataset warns about its own deprecated internals on every triple
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")


def expected_cases():
    for path in EXPECTED:
        spec = json.loads(path.read_text(encoding="utf-8"))
        for i, case in enumerate(spec["cases"]):
            yield pytest.param(spec, case, id=f"{path.stem}[{i}]")


# --------------------------------------------------------------------------- the query files

def test_there_are_at_least_15_competency_queries():
    assert len(QUERIES) >= 15, QUERIES
    assert sorted(p.stem for p in QUERY_DIR.glob("*.rq")) == QUERIES


def test_every_query_has_an_expected_answer_and_every_answer_a_query():
    assert sorted(p.stem for p in EXPECTED) == QUERIES


@pytest.mark.parametrize("name", QUERIES)
def test_query_is_described_and_parses_in_both_engines(name):
    query = load_query(name)
    assert query.question.endswith("?"), f"{name}: no '# Question: …?' comment"
    assert query.text.lstrip().startswith("# Question:"), f"{name}: the Question comment comes first"
    assert query.form == "SELECT"
    prepareQuery(query.text)  # rdflib's parser
    ox.Store().query(query.text)  # oxigraph's parser (an empty store)
    projected = _projection(query)
    for p in query.parameters:
        assert p.default is not None, f"{name}: ?{p.name} has no '# Default:'"
        # oxigraph substitutes only variables of the SELECT clause
        assert p.name in projected, f"{name}: parameter ?{p.name} must be selected"
    if "TableIPrecursor" in query.text or "TableIIPrecursor" in query.text:
        assert query.needs_inference, f"{name}: relies on inferred classes but says no 'Needs inference: yes'"


def _projection(query: CompetencyQuery) -> set[str]:
    import re

    head = re.search(r"(?is)\bSELECT\b(.*?)\bWHERE\b", strip_comments(query.text)).group(1)
    return set(re.findall(r"(?<![(\w])\?(\w+)(?!\s*\))", head)) | set(re.findall(r"\bAS\s+\?(\w+)", head))


@pytest.mark.parametrize("spec,case", list(expected_cases()))
def test_expected_answer_files_are_well_formed(spec, case):
    assert spec["query"] in QUERIES
    assert spec["match"] in ("exact", "superset") and isinstance(spec["ordered"], bool)
    query = load_query(spec["query"])
    bind_parameters(query, case["params"])  # the parameters exist and their values have the right shape
    for row in case["rows"]:
        assert set(row) == set(spec["compare"]), row


# --------------------------------------------------------------------------- answers on the corpus

def _project(values: list[dict], spec: dict) -> list[dict]:
    sets = spec.get("sets", {})
    out = []
    for row in values:
        projected = {}
        for var in spec["compare"]:
            value = row.get(var)
            if var in sets and value is not None:
                value = frozenset(v.strip() for v in value.split(sets[var].strip()) if v.strip())
            projected[var] = value
        out.append(projected)
    return out


def _matches(expected: dict, actual: dict) -> bool:
    return all(e == "*" or e == actual.get(k) for k, e in expected.items())


def _compare(spec: dict, case: dict, actual_values: list[dict]) -> None:
    expected = _project(case["rows"], spec)
    actual = _project(actual_values, spec)
    if spec["ordered"] and spec["match"] == "exact":
        mismatches = [(i, e, a) for i, (e, a) in enumerate(zip(expected, actual, strict=False)) if not _matches(e, a)]
        assert len(expected) == len(actual) and not mismatches, _report(expected, actual, mismatches)
        return
    remaining = list(actual)
    missing = []
    # rows without wildcards first, so that a wildcard row does not take another row's match
    for row in sorted(expected, key=lambda r: sum(v == "*" for v in r.values())):
        hit = next((i for i, a in enumerate(remaining) if _matches(row, a)), None)
        if hit is None:
            missing.append(row)
        else:
            remaining.pop(hit)
    unexpected = remaining if spec["match"] == "exact" else []
    assert not missing and not unexpected, f"missing rows: {missing}\nunexpected rows: {unexpected}"


def _report(expected, actual, mismatches) -> str:
    lines = [f"expected {len(expected)} rows in order, got {len(actual)}"]
    lines += [f"  row {i}: expected {e}, got {a}" for i, e, a in mismatches[:10]]
    if len(expected) != len(actual):
        lines += ["expected:"] + [f"  {r}" for r in expected] + ["actual:"] + [f"  {r}" for r in actual]
    return "\n".join(lines)


@pytest.mark.parametrize("spec,case", list(expected_cases()))
def test_competency_question_answer(built_store, spec, case):
    query = load_query(spec["query"])
    result = run_query(built_store, query, case["params"])
    _compare(spec, case, result.values())


@pytest.fixture(scope="session")
def built_rdflib_dataset(built_dir) -> rdflib.Dataset:
    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(built_dir / "dataset.nq", format="nquads")
    return dataset


@pytest.mark.parametrize("spec,case", list(expected_cases()))
def test_rdflib_and_oxigraph_give_the_same_answer(built_store, built_rdflib_dataset, spec, case):
    query = load_query(spec["query"])
    by_oxigraph = run_query(built_store, query, case["params"])
    by_rdflib = run_query(built_rdflib_dataset, query, case["params"])
    assert by_oxigraph.variables == by_rdflib.variables
    sets = spec.get("sets", {})  # GROUP_CONCAT columns: their order is the engine's

    def key(row):
        return sorted((k, " | ".join(sorted((v or "").split(sets[k]))) if k in sets else v or "") for k, v in row.items())

    assert sorted(map(key, by_oxigraph.values())) == sorted(map(key, by_rdflib.values()))


@pytest.fixture(scope="session")
def store_without_inference(built_store) -> ox.Store:
    """The built store less the inferred graph, and without the default graph's union (so it is
    queried through the union view)."""
    store = ox.Store()
    store.extend(
        q
        for q in built_store
        if isinstance(q.graph_name, ox.NamedNode) and not q.graph_name.value.endswith(INFERRED_GRAPH_SUFFIX)
    )
    return store


@pytest.mark.parametrize("name", [n for n in QUERIES if load_query(n).needs_inference])
def test_queries_that_need_inference_find_nothing_without_it(built_store, store_without_inference, name):
    query = load_query(name)
    assert len(run_query(built_store, query, {})) > 0
    assert len(run_query(store_without_inference, query, {})) == 0


# --------------------------------------------------------------------------- the runner itself

SKOS = "http://www.w3.org/2004/02/skos/core#"
TOY = f"""
<https://example.org/p1> <{PKG}mentions> <https://example.org/s1> <https://example.org/g1> .
<https://example.org/s1> <{SKOS}prefLabel> "acetic anhydride"@en <https://example.org/g2> .
<https://example.org/s2> <{SKOS}prefLabel> "ephedrine"@en <https://example.org/g2> .
<https://example.org/s2> <{SKOS}notation> "ephedrine" <https://example.org/g2> .
"""
TOY_QUERY = """# Question: Which paragraphs mention the substance with a given label?
# Parameters: ?label (skos:prefLabel, e.g. "acetic anhydride")
# Default: ?label = "acetic anhydride"@en
PREFIX pkg: <https://w3id.org/precursor-kg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?label ?p ?s WHERE { ?s skos:prefLabel ?label . OPTIONAL { ?p pkg:mentions ?s } } ORDER BY ?s
"""


@pytest.fixture()
def toy_store() -> ox.Store:
    store = ox.Store()
    store.load(TOY.encode(), format=ox.RdfFormat.N_QUADS)
    return store


@pytest.fixture()
def toy_dataset() -> rdflib.Dataset:
    dataset = rdflib.Dataset()
    dataset.parse(data=TOY, format="nquads")
    return dataset


def test_parse_query_reads_the_comments():
    query = parse_query(TOY_QUERY, name="toy")
    assert query.question == "Which paragraphs mention the substance with a given label?"
    [param] = query.parameters
    assert param.name == "label" and param.kind == "lang" and param.default.lang == "en"
    assert not query.needs_inference
    assert load_query("table-i-paragraphs").needs_inference


@pytest.mark.parametrize("engine", ["toy_store", "toy_dataset"])
def test_parameters_are_bound_as_terms_on_both_engines(request, engine):
    store = request.getfixturevalue(engine)
    query = parse_query(TOY_QUERY, name="toy")
    [row] = run_query(store, query, {}).values()  # the default, over the union of the named graphs
    assert row == {"label": "acetic anhydride", "p": "https://example.org/p1", "s": "https://example.org/s1"}
    [row] = run_query(store, query, {"label": "ephedrine"}).values()  # a bare value takes the default's @en
    assert row["s"] == "https://example.org/s2" and row["p"] is None
    assert run_query(store, query, {"label": '"ephedrine"'}).values() == []  # an explicit plain literal
    # a value is never pasted into the query text: quotes and braces stay inside the literal
    assert run_query(store, query, {"label": 'x" } UNION { ?s ?p ?o } #'}).values() == []


def test_values_block_opens_the_where_clause_or_gives_way_to_substitutions(toy_store):
    label = ox.Literal('x" } UNION { ?s ?p ?o } #', language="en")
    query = "# a { in a comment\nSELECT ?label ?s WHERE { ?s <http://www.w3.org/2004/02/skos/core#prefLabel> ?label }"
    text = with_values(query, {"label": label})
    assert (
        text.index("VALUES (?label) {") > text.index("WHERE {")
        and list(toy_store.query(text, use_default_graph_as_union=True)) == []
    )
    ephedrine = with_values(query, {"label": ox.Literal("ephedrine", language="en")})
    assert len(list(toy_store.query(ephedrine, use_default_graph_as_union=True))) == 1
    assert (
        with_values("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {"s": label}) is None
    )  # the first group is a template
    assert with_values("SELECT * { ?s ?p ?o }", {"s": label}) is None
    assert with_values("SELECT * WHERE { ?s ?p ?o }", {}) is None


def test_iri_parameters(toy_store):
    query = parse_query(
        "# Question: What does a node mention?\n# Parameters: ?node (an IRI)\n# Default: ?node = <https://example.org/p1>\n"
        "SELECT ?node ?o WHERE { ?node <https://w3id.org/precursor-kg/ontology#mentions> ?o }",
        name="node",
    )
    assert run_query(toy_store, query, {"node": "<https://example.org/p1>"}).values() == [
        {"node": "https://example.org/p1", "o": "https://example.org/s1"}
    ]
    assert run_query(toy_store, query, {"node": "https://example.org/p1"}).values()[0]["o"] == "https://example.org/s1"
    with pytest.raises(BadParameter):
        run_query(toy_store, query, {"node": "not an iri"})
    with pytest.raises(BadParameter):
        run_query(toy_store, query, {"node": "<https://example.org/a b>"})


def test_errors_are_specific(toy_store, tmp_path):
    with pytest.raises(QueryNotFound) as info:
        load_query("no-such-question")
    assert "substance-mentions" in str(info.value)
    with pytest.raises(QueryNotFound):
        load_query(str(tmp_path / "missing.rq"))
    with pytest.raises(BadParameter):
        run_query(toy_store, load_query("substance-mentions"), {"no_such_parameter": "x"})
    with pytest.raises(BadParameter):
        run_query(toy_store, load_query("resolution-overview"), {"symbol": "CND 51/10"})


def test_load_query_from_a_file(tmp_path, toy_store):
    path = tmp_path / "mine.rq"
    path.write_text("SELECT ?s WHERE { ?s ?p ?o }", encoding="utf-8")
    query = load_query(str(path))
    assert query.name == "mine" and query.question == ""
    assert len(run_query(toy_store, query, {})) == 4
    # an undeclared variable of an ad-hoc file may still be bound
    assert len(run_query(toy_store, query, {"s": "<https://example.org/s2>"})) == 2


def test_format_result(toy_store):
    result = run_query(toy_store, parse_query(TOY_QUERY, name="toy"), {})
    table = format_result(result, "table")
    assert table.splitlines()[0].split(" | ")[0].strip() == "label" and table.endswith("(1 row)\n")
    csv_text = format_result(result, "csv")
    assert csv_text.splitlines() == ["label,p,s", "acetic anhydride,https://example.org/p1,https://example.org/s1"]
    doc = json.loads(format_result(result, "json"))
    assert doc["head"]["vars"] == ["label", "p", "s"]
    assert doc["results"]["bindings"][0]["label"] == {"type": "literal", "value": "acetic anhydride", "xml:lang": "en"}
    assert doc["results"]["bindings"][0]["p"] == {"type": "uri", "value": "https://example.org/p1"}
    assert '<binding name="label"><literal xml:lang="en">acetic anhydride</literal></binding>' in format_result(result, "xml")
    assert format_result(result, "tsv").splitlines()[1].split("\t")[0] == '"acetic anhydride"@en'
    with pytest.raises(ValueError):
        format_result(result, "yaml")


def test_unbound_values_are_empty_in_every_format(toy_store):
    result = run_query(toy_store, parse_query(TOY_QUERY, name="toy"), {"label": "ephedrine"})
    assert format_result(result, "csv").splitlines()[1] == "ephedrine,,https://example.org/s2"
    assert "p" not in json.loads(format_result(result, "json"))["results"]["bindings"][0]
    assert [c.strip() for c in format_result(result, "table").splitlines()[2].split("|")][:2] == ["ephedrine", ""]
