"""OWL RL inference, kept apart from the asserted data.

The reasoner sees the ontology, the reference data and the extracted facts, but not the
provenance (evidence, selectors, runs): nothing in the ontology draws conclusions from
those, and they are most of the triples. Two engines give the same instance-level
conclusions (checked by tests on the bundled corpus): `reasonable` (Rust, the default)
and `owlrl` (pure Python, the reference implementation).
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, XSD

from .graph.iris import OA
from .graph.namespace import PKG
from .interrupts import interrupts_held

ENGINES = ("reasonable", "owlrl")
_PROVENANCE_TYPES = {
    PKG.Evidence,
    PKG.Statement,
    PKG.Record,
    OA.SpecificResource,
    OA.TextPositionSelector,
    OA.TextQuoteSelector,
    PROV.Activity,
    PROV.SoftwareAgent,
}
_TRIVIAL_OBJECTS = {OWL.Thing, RDFS.Resource, OWL.NamedIndividual}


def reasoning_triples(data: Iterable[tuple]) -> list[tuple]:
    """The data triples the reasoner needs: everything but the provenance nodes and their triples."""
    triples = list(data)
    provenance = {s for s, p, o in triples if p == RDF.type and o in _PROVENANCE_TYPES}
    # (a literal is never a provenance node, and hashing one costs more than the test)
    return [(s, p, o) for s, p, o in triples if s not in provenance and (type(o) is Literal or o not in provenance)]


def infer(schema: Iterable[tuple], data: Iterable[tuple], engine: str = "reasonable") -> Graph:
    """The OWL RL conclusions about the data's resources that are not already asserted.

    `schema` (ontology and reference data) and `data` are graphs or lists of triples.
    """
    schema = set(schema)
    data = set(data)
    combined = schema | data
    if engine == "reasonable":
        closure = _reasonable(list(combined))
    elif engine == "owlrl":
        closure = _owlrl(combined)
    else:
        raise ValueError(f"unknown reasoning engine {engine!r}; choose one of {', '.join(ENGINES)}")
    vocabulary_kinds = {
        OWL.Class,
        RDFS.Class,
        OWL.ObjectProperty,
        OWL.DatatypeProperty,
        OWL.AnnotationProperty,
        RDF.Property,
    }
    axioms = {RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.equivalentProperty, OWL.inverseOf}
    schema_terms = set()
    for s, p, o in schema:
        if p == RDF.type and o in vocabulary_kinds:
            schema_terms.add(s)
        elif p in axioms:
            schema_terms.update((s, o))
    subjects = set()
    for s, p, o in data:
        subjects.add(s)
        if isinstance(o, URIRef):
            subjects.add(o)
        if p == RDF.type:
            schema_terms.add(o)
    subjects -= schema_terms  # conclusions about the data's resources, not about the vocabulary
    inferred = Graph()
    for s, p, o in closure:
        if s not in subjects or isinstance(s, (BNode, Literal)) or isinstance(o, BNode):
            continue
        if o in _TRIVIAL_OBJECTS or (p == OWL.sameAs and s == o) or (s, p, o) in combined:
            continue
        inferred.add((s, p, o))
    return inferred


def _reasonable(graph: Graph) -> Iterable[tuple]:
    import reasonable

    reasoner = reasonable.PyReasoner()
    with interrupts_held():  # it calls back into Python for every term, in both calls
        reasoner.from_graph(graph)
        closure = reasoner.reason()
    for s, p, o in closure:
        if isinstance(o, Literal) and o.datatype == XSD.string and o.language is None:
            o = Literal(str(o))  # reasonable types plain literals as xsd:string
        yield s, p, o


def _owlrl(graph: Graph) -> Iterable[tuple]:
    import owlrl

    copy = Graph()
    for triple in graph:
        copy.add(triple)
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, rdfs_closure=False, axiomatic_triples=False, datatype_axioms=False
    ).expand(copy)
    return copy
