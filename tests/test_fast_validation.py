"""The build's fast conformance check (pyshacl-turbo + SHACL-SPARQL in pyoxigraph) agrees with pyshacl.

The build trusts the fast check only when it says "conforms"; anything else goes to
pyshacl. So what matters is that the check never says "conforms" where pyshacl does not:
every invalid example under tests/shapes must be caught, by the SPARQL part alone where the
example violates a SHACL-SPARQL constraint, and the valid examples and the bundled corpus
should pass (else every build pays for pyshacl).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from precursor_kg import fastvalidate
from precursor_kg.validate import load_ontology, validate

pytest.importorskip("pyshacl_turbo", reason="pyshacl-turbo is not installed: the build validates with pyshacl only")

HERE = Path(__file__).parent / "shapes"
EXAMPLES = sorted((HERE / "valid").glob("*.ttl")) + sorted((HERE / "invalid").glob("*.ttl"))


def fast(graph: Graph) -> bool:
    return fastvalidate.conforms(graph.serialize(format="nt") + load_ontology().serialize(format="nt"))


def test_the_shapes_are_translated():
    assert fastvalidate.available()
    assert len(fastvalidate._compiled()[1]) >= 5


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_agrees_with_pyshacl(path):
    graph = Graph().parse(path)
    assert fast(graph) == validate(graph).conforms


def _warning_only(path) -> bool:
    """An example whose shape reports with sh:Warning: it conforms (allow_warnings) both ways."""
    from rdflib.namespace import SH

    from precursor_kg.validate import load_shapes

    shape = path.read_text(encoding="utf-8").splitlines()[0].split()[2]
    shapes = load_shapes()
    return shapes.value(shapes.namespace_manager.expand_curie(shape), SH.severity) == SH.Warning


@pytest.mark.parametrize("path", [p for p in EXAMPLES if "sh:sparql" in p.read_text(encoding="utf-8").splitlines()[0]
                                  and not _warning_only(p)], ids=lambda p: p.name)
def test_sparql_constraints_caught_by_the_sparql_part(path):
    import pyoxigraph as ox

    graph = Graph().parse(path)
    store = ox.Store()
    store.load(input=graph.serialize(format="nt") + load_ontology().serialize(format="nt"), format=ox.RdfFormat.N_TRIPLES)
    _, queries = fastvalidate._compiled()
    assert any(list(store.query(q, use_default_graph_as_union=True)) for q in queries)


@pytest.mark.slow
def test_bundled_corpus_conforms_both_ways():
    from precursor_kg.build import process_document
    from precursor_kg.check import reference_index, triples_of
    from precursor_kg.fileio import bundled_corpus

    run = ("https://w3id.org/precursor-kg/run/t", "https://w3id.org/precursor-kg/software/t", "2026-01-01T00:00:00+00:00")
    index = reference_index()
    for path in bundled_corpus():
        graph = triples_of(process_document(path, "https://w3id.org/precursor-kg/", run).nquads)
        for triple in index.triples(index.needed(graph)):
            graph.add(triple)
        assert fast(graph) is True
        assert validate(graph).conforms


def test_a_warning_is_reported_and_the_graph_still_conforms():
    """A directive request that asks nobody is a warning: reported by pyshacl, not a failure."""
    path = next(p for p in EXAMPLES if p.name == "directive-request-without-addressee.ttl")
    report = validate(Graph().parse(path))
    assert report.conforms and fast(Graph().parse(path)) is True
    assert [r.severity for r in report.results] == ["Warning"]
