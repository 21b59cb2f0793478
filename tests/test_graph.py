"""The built graph of the bundled corpus: files, named graphs, IRIs, provenance and inference."""

from __future__ import annotations

import json

import rdflib

from precursor_kg.graph.namespace import PKG

BASE = "https://w3id.org/precursor-kg/"
PREFIXES = (f"PREFIX pkg: <{PKG}> PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX dcterms: <http://purl.org/dc/terms/> "
            "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> PREFIX prov: <http://www.w3.org/ns/prov#> ")


def select(store, query):
    return [[t.value if t is not None else None for t in row] for row in store.query(PREFIXES + query)]


def test_build_writes_every_output_file(built_dir):
    for name in (
        "dataset.trig",
        "dataset.nq",
        "graph.ttl",
        "graph.jsonld",
        "context.jsonld",
        "shacl-report.ttl",
        "summary.json",
        "summary.md",
    ):
        assert (built_dir / name).stat().st_size > 0, name
    assert (built_dir / "ontology" / "precursor-kg.ttl").exists()
    summary = json.loads((built_dir / "summary.json").read_text())
    assert summary["conforms"] is True and summary["per_class"]["OperativeParagraph"] == 96
    graph = rdflib.Graph().parse(built_dir / "graph.jsonld", format="json-ld")
    assert (
        rdflib.URIRef(BASE + "resolution/cnd/51/10"),
        rdflib.URIRef(PKG + "symbol"),
        rdflib.Literal("CND 51/10"),
    ) in graph


def test_one_named_graph_per_source_plus_ontology_and_inferred(built_store, sample_paths):
    graphs = {str(g.value) for g in built_store.named_graphs()}
    expected = {f"{BASE}graph/{p.stem}" for p in sample_paths} | {f"{BASE}graph/ontology", f"{BASE}graph/inferred"}
    assert graphs == expected


def test_the_default_graph_is_the_union_of_the_named_graphs(built_store):
    """Queries read the default graph (store.py): it must hold each named graph's triples, and no others."""
    import pyoxigraph as ox

    def text(q):  # the ontology's blank nodes are labelled anew in each graph: compare them as one label
        return " ".join("_:b" if isinstance(t, ox.BlankNode) else str(t) for t in (q.subject, q.predicate, q.object))

    default = [text(q) for q in built_store.quads_for_pattern(None, None, None, ox.DefaultGraph())]
    named = {text(q) for q in built_store if not isinstance(q.graph_name, ox.DefaultGraph)}
    assert len(default) > 15000 and set(default) == named


def test_every_selector_quotes_the_source_exactly(built_store, sample_paths):
    texts = {p.name: p.read_text(encoding="utf-8") for p in sample_paths}
    rows = select(
        built_store,
        """
        SELECT ?file ?start ?end ?exact WHERE {
          ?target oa:hasSource ?source ; oa:hasSelector ?sel . ?source dcterms:identifier ?file .
          ?sel oa:start ?start ; oa:end ?end ; oa:exact ?exact }""",
    )
    assert len(rows) > 500
    for file, start, end, exact in rows:
        assert texts[file][int(start) : int(end)] == exact


def test_every_extracted_statement_has_evidence(built_store):
    """Every extracted statement is reachable from its annotation by oa:hasBody."""
    for prop in ("mentions", "addressee", "action", "cites", "hasRequest", "requestAction", "requestAddressee"):
        missing = select(built_store, f"""
            SELECT ?p ?o WHERE {{ ?p pkg:{prop} ?o .
              FILTER NOT EXISTS {{ ?e a pkg:Evidence ; oa:hasBody ?s ; oa:hasTarget ?t .
                                   ?s rdf:subject ?p ; rdf:predicate pkg:{prop} ; rdf:object ?o }} }}""")
        assert missing == [], prop


def test_no_extraction_provenance_on_the_acts(built_store):
    """Resolutions and paragraphs describe the UN's acts: the run and the source are on the record."""
    rows = select(built_store, """
        SELECT ?act ?p WHERE { { ?act a pkg:Resolution } UNION { ?act pkg:inResolution ?r } UNION { ?r pkg:hasSubParagraph ?act }
          ?act ?p ?o . FILTER (STRSTARTS(STR(?p), "http://www.w3.org/ns/prov#")) }""")
    assert rows == []
    records = select(built_store, """
        SELECT ?record ?file WHERE { ?record a pkg:Record ; pkg:describes ?res ; prov:wasGeneratedBy ?run ;
          prov:wasDerivedFrom/dcterms:identifier ?file }""")
    assert len({file for _, file in records}) == 5  # the five sample texts
    assert all(record.startswith(BASE + "graph/") for record, _ in records)


def test_resolution_iris_are_readable_and_hold_their_facts(built_store):
    rows = select(
        built_store,
        f"""
        SELECT ?title ?body ?n WHERE {{
          <{BASE}resolution/ga/59/162> pkg:adoptedBy ?body ; pkg:dateAdopted ?d .
          <{BASE}resolution/ga/59/162/expression/en> <http://data.europa.eu/eli/ontology#realizes> <{BASE}resolution/ga/59/162> ;
              dcterms:title ?title .
          <{BASE}resolution/ga/59/162/operative/12> pkg:paragraphNumber ?n }}""",
    )
    [[title, body, n]] = rows
    assert title.startswith("Followup on strengthening") and body.endswith("general-assembly") and n == "12"
    cited = select(built_store, f"SELECT ?c WHERE {{ <{BASE}resolution/cnd/51/10/operative/14> pkg:cites ?c }}")
    assert sorted(c for [c] in cited) == [f"{BASE}resolution/cnd/43/8", f"{BASE}resolution/cnd/50/11"]


def test_footnotes_are_on_their_resolution_and_marked_in_the_paragraph_of_their_marker(built_store):
    """CND 62/1 (sample 001): "…of 1988,¹" in its first preambular paragraph, "…World Drug Problem,²", ³ and ⁴
    in its second; each note's text and its marker are quoted by the evidence."""
    rows = select(
        built_store,
        f"""
        SELECT ?n ?text ?paragraph ?marker WHERE {{
          <{BASE}resolution/cnd/62/1> pkg:hasFootnote ?note .
          ?note pkg:footnoteNumber ?n ; pkg:footnoteText ?text ; pkg:markedIn ?paragraph .
          ?statement rdf:subject ?note ; rdf:predicate pkg:markedIn ; rdf:object ?paragraph .
          [] oa:hasBody ?statement ; oa:hasTarget/oa:hasSelector/oa:exact ?marker }} ORDER BY ?n""",
    )
    paragraph = f"{BASE}resolution/cnd/62/1/preamble/"
    assert rows == [
        ["1", "Ibid., vol. 1582, No. 27627.", paragraph + "1", "\u00b9"],
        ["2", rows[1][1], paragraph + "2", "\u00b2"],
        ["3", rows[2][1], paragraph + "2", "\u00b3"],
        ["4", "General Assembly resolution S-30/1, annex.", paragraph + "2", "\u2074"],
    ]
    assert rows[1][1].startswith("See Official Records of the Economic and Social Council, 2009")


def test_inferred_triples_live_in_their_own_graph(built_store):
    rows = select(
        built_store,
        f"""
        SELECT ?s WHERE {{ GRAPH <{BASE}graph/inferred> {{ ?s a pkg:TableIPrecursor }} }}""",
    )
    names = {s.rsplit("/", 1)[-1] for [s] in rows}
    assert {"ephedrine", "pseudoephedrine"} <= names
    asserted = select(
        built_store,
        f"""
        SELECT ?s WHERE {{ GRAPH ?g {{ ?s a pkg:TableIPrecursor }} FILTER(?g != <{BASE}graph/inferred>) }}""",
    )
    assert asserted == []
