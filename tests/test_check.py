"""Per-document inference and validation (check.py) give what the whole graph at once gives.

The build reasons over and validates each document with only the reference data it
points at; that is right only if the ontology and the shapes are local. These tests
compute both ways on the bundled corpus and compare.
"""

from __future__ import annotations

import signal

import pytest
from rdflib import RDF, Graph, URIRef

from precursor_kg.build import process_document
from precursor_kg.check import check_document, reference_index, schema, triples_of, validate_document
from precursor_kg.reason import infer, reasoning_triples
from precursor_kg.validate import validate

BASE = "https://w3id.org/precursor-kg/"
INCB = URIRef(BASE + "id/body/incb")
RUN = (BASE + "run/t", BASE + "software/t", "2026-01-01T00:00:00+00:00")


@pytest.fixture(scope="module")
def documents(sample_paths) -> list[str]:
    return [process_document(path, BASE, RUN).nquads for path in sample_paths]


@pytest.fixture(scope="module")
def whole(documents) -> Graph:
    graph = Graph()
    for nquads in documents:
        graph += triples_of(nquads)
    return graph


@pytest.mark.parametrize("engine", ["reasonable", "owlrl"])
def test_per_document_inference_equals_inference_over_everything(documents, whole, engine):
    asserted = set(whole)
    per_document = set()
    for nquads in documents:
        inferred_nt, _ = check_document(nquads, engine=engine, validate=False)
        per_document |= set(Graph().parse(data=inferred_nt, format="nt")) - asserted
    at_once = set(infer(schema(), reasoning_triples(whole), engine=engine))
    assert len(at_once) > 500
    assert per_document == at_once


def test_each_document_needs_its_reference_data_to_conform(documents):
    """The reference closure matters: without it, shapes on the reference individuals a paragraph names fail."""
    index = reference_index()
    nquads = documents[0]
    graph = triples_of(nquads)
    needed = index.needed(graph)
    assert INCB in needed
    assert validate_document(nquads)[0]
    assert validate(graph).conforms is False


def test_a_broken_document_fails_per_document_as_in_the_whole_graph(documents, whole):
    nquads = documents[0]
    graph = triples_of(nquads)
    selector = next(s for s, p, o in graph if str(p).endswith("#start"))
    broken = "".join(
        line
        for line in nquads.splitlines(keepends=True)
        if not (line.startswith(f"<{selector}>") and "#start>" in line)
    )
    assert broken != nquads
    conforms, _, readable = validate_document(broken)
    assert not conforms
    assert "exactly one oa:start" in readable
    everything = Graph()
    everything += triples_of(broken)
    for other in documents[1:]:
        everything += triples_of(other)
    everything += schema()
    assert validate(everything).conforms is False


class _PressesCtrlC(URIRef):
    """An IRI that presses Ctrl-C the first time it is read as text: as a user would, while the
    reasoner reads the document's terms through Python."""

    pressed: list[bool] = []

    def __str__(self):
        if not self.pressed:
            self.pressed.append(True)
            signal.raise_signal(signal.SIGINT)
        return URIRef.__str__(self)


def test_ctrl_c_while_the_reasoner_reads_a_document_interrupts_it_cleanly(whole, ctrl_c_raises):
    # Without interrupts_held this is a pyo3 PanicException (a traceback), not a KeyboardInterrupt.
    data = list(reasoning_triples(whole))
    resolution = next(s for s, p, o in data if p == RDF.type and o == URIRef(BASE + "ontology#Resolution"))
    data.append((_PressesCtrlC(resolution + "/interrupted"), RDF.type, URIRef(BASE + "ontology#Resolution")))
    with pytest.raises(KeyboardInterrupt):
        infer(schema(), data)
    assert _PressesCtrlC.pressed == [True]


def test_a_verb_the_action_scheme_does_not_hold_gets_the_unclassified_action_and_conforms():
    """A user's text can open a paragraph with a verb no concept holds; the build must still conform.

    GA 66/13 (a page copy) ends with '100. Pays homage to all tho'; the scheme is read here without
    its concept 'pay', as it was before that text came in.
    """
    import dataclasses

    from precursor_kg.build import _unclassified_actions
    from precursor_kg.export import to_nquads
    from precursor_kg.extraction import Extractor
    from precursor_kg.fileio import bundled_corpus
    from precursor_kg.graph.document import DocumentGraphBuilder, Run
    from precursor_kg.graph.iris import Minter
    from precursor_kg.vocabulary import load_vocabulary

    full = load_vocabulary()
    without_pay = dataclasses.replace(full, actions={k: a for k, a in full.actions.items() if k != "pay"})
    path = next(p for p in bundled_corpus() if p.stem == "ga-66-13-p18-adattar")
    result = Extractor(without_pay).extract_path(path)
    last = result.resolutions[0].paragraphs[-1]
    assert (last.number, last.action, last.action_iri) == ("100", "pay", full.unclassified.iri)
    assert last.action_span.exact == "Pays"
    assert _unclassified_actions(result, without_pay) == [
        "no action concept for the verb 'pay': its paragraphs take action:unclassified"]
    minter = Minter(BASE)
    graph = DocumentGraphBuilder(without_pay, minter).build(result, Run(URIRef(RUN[0]), URIRef(RUN[1]), RUN[2]), [])
    conforms, _, readable = validate_document(to_nquads(graph, minter.graph(path.stem)))
    assert conforms, readable
