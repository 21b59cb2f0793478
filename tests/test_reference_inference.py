"""The built graph's entailed types are those of owlrl over everything, reference data included.

Each document is reasoned over with the reference individuals it points at, and the
reference data once on its own (dataset._reference_inference); together they must give
what one OWL RL closure of the ontology, the reference data and every document gives,
about every individual, named in a document or not.
"""

from __future__ import annotations

import owlrl
import pytest
from rdflib import RDF, Dataset, Graph, URIRef

from precursor_kg.graph.namespace import PKG

INFERRED = URIRef("https://w3id.org/precursor-kg/graph/inferred")
TABLE_I = URIRef("https://w3id.org/precursor-kg/id/treaty/1988-convention/table-i")
TABLE_II = URIRef("https://w3id.org/precursor-kg/id/treaty/1988-convention/table-ii")


def _pkg_types(graph: Graph) -> set[tuple]:
    return {(s, o) for s, o in graph.subject_objects(RDF.type) if isinstance(s, URIRef) and o.startswith(str(PKG))}


@pytest.fixture(scope="module")
def built(built_dir) -> tuple[Graph, Graph]:
    """The built graph (every named graph, the inferred one too) and what it asserts (all but the inferred graph)."""
    dataset = Dataset()
    dataset.parse(built_dir / "dataset.nq", format="nquads")
    everything, asserted = Graph(), Graph()
    for context in dataset.graphs():
        for triple in context:
            everything.add(triple)
            if context.identifier != INFERRED:
                asserted.add(triple)
    return everything, asserted


@pytest.fixture(scope="module")
def owlrl_closure(built) -> Graph:
    closure = Graph()
    for triple in built[1]:
        closure.add(triple)
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, rdfs_closure=False, axiomatic_triples=False, datatype_axioms=False
    ).expand(closure)
    return closure


def test_the_built_graph_has_every_type_owlrl_entails_over_everything(built, owlrl_closure):
    missing = _pkg_types(owlrl_closure) - _pkg_types(built[0])
    assert not missing, sorted(missing)[:20]
    assert _pkg_types(built[0]) <= _pkg_types(owlrl_closure)


@pytest.mark.parametrize(
    "cls, table", [(PKG.TableIPrecursor, TABLE_I), (PKG.TableIIPrecursor, TABLE_II), (PKG.Substance, None)]
)
def test_the_counts_of_precursors_and_substances_agree_with_owlrl(built, owlrl_closure, cls, table):
    typed = set(built[0].subjects(RDF.type, cls))
    assert len(typed) == len(set(owlrl_closure.subjects(RDF.type, cls)))
    if table is not None:  # every substance the reference data lists in the table, named in a document or not
        listed = set(built[1].subjects(PKG.listedIn, table))
        assert listed and listed <= typed
