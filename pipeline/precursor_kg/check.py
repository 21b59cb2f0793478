"""Per-document inference and validation: the second half of a document's unit of work.

The ontology's axioms are local (domains, ranges, sub-classes and sub-properties, an
inverse, a union and a value restriction over reference data), and so are the shapes: the
conclusions about a document, and whether it conforms, follow from its own triples, the
ontology and the reference individuals it points at. So each document is reasoned over
and validated on its own, in whatever process extracted it, with just that much of the
schema; `dataset.assemble` merges the results (tests/test_check.py checks the merge
against reasoning over and validating the whole graph at once).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from rdflib import Graph, URIRef

from . import resources


def load_schema() -> Graph:
    """The ontology and the reference data, as one rdflib graph."""
    graph = Graph()
    for path in resources.data_files():
        graph.parse(path, format="turtle")
    return graph


@functools.lru_cache(maxsize=1)
def schema() -> Graph:
    """load_schema, once per process (do not modify the returned graph)."""
    return load_schema()


@functools.lru_cache(maxsize=1)
def ontology() -> Graph:
    from .validate import load_ontology

    return load_ontology()


@functools.lru_cache(maxsize=1)
def ontology_ntriples() -> str:
    return ontology().serialize(format="nt")


class ReferenceIndex:
    """The schema's triples by subject, to hand each document just the part it points at."""

    def __init__(self, schema: Graph):
        self.triples_of: dict[URIRef, list[tuple]] = {}
        for triple in schema:
            if isinstance(triple[0], URIRef):
                self.triples_of.setdefault(triple[0], []).append(triple)
        self.ntriples_of: dict[URIRef, str] = {}
        for line in schema.serialize(format="nt").splitlines(keepends=True):
            if line.startswith("<"):
                subject = URIRef(line[1:line.index(">")])
                self.ntriples_of[subject] = self.ntriples_of.get(subject, "") + line

    def needed(self, triples: Iterable[tuple]) -> list[URIRef]:
        """The reference individuals the triples point at, those they point at, and so on.

        (All the way, not a fixed number of steps: a paragraph that names an initiative
        reaches the substances it targets and, from them, the tables that list them.)
        """
        frontier = set()
        for s, _, o in triples:
            if s in self.triples_of:
                frontier.add(s)
            if o in self.triples_of:
                frontier.add(o)
        seen: set = set()
        while frontier:
            node = frontier.pop()
            seen.add(node)
            frontier.update(o for _, _, o in self.triples_of[node] if o in self.triples_of and o not in seen)
        return sorted(seen)

    def triples(self, nodes: Iterable[URIRef]) -> list[tuple]:
        return [triple for node in nodes for triple in self.triples_of[node]]

    def ntriples(self, nodes: Iterable[URIRef]) -> str:
        return "".join(self.ntriples_of.get(node, "") for node in nodes)


@functools.lru_cache(maxsize=1)
def reference_index() -> ReferenceIndex:
    return ReferenceIndex(schema())


def preload(validate: bool = True) -> None:
    """Load what check_graph needs in this process, so that forked workers inherit it."""
    from . import fastvalidate, reason  # noqa: F401

    reference_index()
    ontology_ntriples()
    if validate:
        fastvalidate.available()


def triples_of(nquads: str) -> Graph:
    """The triples of one document's N-Quads (its graph label dropped)."""
    return Graph().parse(data=ntriples_of(nquads), format="nt")


def ntriples_of(nquads: str) -> str:
    """One named graph's N-Quads (from build.to_nquads) as N-Triples: each line less its graph IRI."""
    return "".join(line[:line.rindex(" <")] + " .\n" for line in nquads.splitlines())


def check_document(nquads: str, engine: str = "reasonable", validate: bool = True) -> tuple[str, tuple | None]:
    """check_graph for a document given as its N-Quads."""
    return check_graph(triples_of(nquads), nquads, engine, validate)


def check_graph(graph: Graph, nquads: str, engine: str = "reasonable", validate: bool = True) -> tuple[str, tuple | None]:
    """Infer and validate one document's graph (`nquads` is the same graph as text; `graph` gets the reference data added).

    Returns (the inferred triples as N-Triples lines, sorted; (conforms, report graph as
    N-Triples, readable report), or None when not validating).
    """
    from .reason import infer, reasoning_triples

    index = reference_index()
    triples = list(graph)
    reference = index.needed(triples)
    inferred = infer(list(ontology()) + index.triples(reference), reasoning_triples(triples), engine=engine)
    lines = inferred.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
    inferred_nt = "".join(sorted(line + "\n" for line in lines if line.endswith(" .")))
    result = _validate(graph, reference, ntriples_of(nquads)) if validate else None
    return inferred_nt, result


def validate_document(nquads: str) -> tuple[bool, str, str]:
    """Validate one document's graph, given as its N-Quads, with the reference data it points at.

    Returns (conforms, report graph as N-Triples, readable report).
    """
    graph = triples_of(nquads)
    return _validate(graph, reference_index().needed(graph), ntriples_of(nquads))


def validate_schema() -> tuple[bool, str, str]:
    """Validate the ontology and reference data themselves."""
    data = schema()
    return _validate(data, [], data.serialize(format="nt"))


def _validate(graph: Graph, reference: list[URIRef], ntriples: str) -> tuple[bool, str, str]:
    """The fast check (fastvalidate) first; pyshacl, whose report is used, when it finds anything.

    `ntriples` is `graph` as text. The reference data, when any, is added to `graph`.
    """
    from . import fastvalidate
    from .validate import format_report, validate

    index = reference_index()
    if fastvalidate.available():
        # pyshacl mixes the ontology in too: the fast check sees the same triples
        if fastvalidate.conforms(ntriples + index.ntriples(reference) + ontology_ntriples()):
            return True, fastvalidate.CONFORMING_REPORT_NT, "Conforms: the graph satisfies every shape."
    for triple in index.triples(reference):
        graph.add(triple)
    report = validate(graph)
    return report.conforms, report.report_graph.serialize(format="nt"), format_report(report)
