"""A fast conformance check of one document's graph, with pyshacl as the authority.

pyshacl (`validate.validate`) takes about 0.3 ms a triple on our shapes, most of it in the
SHACL-SPARQL constraints, which rdflib evaluates once per focus node. That is an hour of
CPU for a corpus of ten million triples. This module answers only "does it conform?":

  * the SHACL Core constraints run in pyshacl-turbo (a Rust engine with pyshacl's API and
    report), on the shapes without their `sh:sparql` constraints;
  * each SHACL-SPARQL constraint runs once, in pyoxigraph, for all focus nodes at a time:
    the SELECT with `$this` bound by the shape's targets instead of once per focus node.

When the check finds anything at all, `validate.validate` (pyshacl) validates the graph
again and its report is the one used, so a failing build reports exactly what it did
before; a false alarm costs time, never a wrong outcome. A missed violation would be wrong:
tests/test_fast_validation.py checks that the check agrees with pyshacl on every valid
and invalid example graph under tests/shapes and on the bundled corpus. Without
pyshacl-turbo installed, or with shapes that use features the check does not translate,
every graph goes to pyshacl.
"""

from __future__ import annotations

import functools
import re

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH

CONFORMING_REPORT_NT = (
    "_:report <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/shacl#ValidationReport> .\n"
    '_:report <http://www.w3.org/ns/shacl#conforms> "true"^^<http://www.w3.org/2001/XMLSchema#boolean> .\n'
)


class Unsupported(Exception):
    """The shapes use a feature the fast check does not translate: use pyshacl."""


@functools.lru_cache(maxsize=1)
def _compiled():
    """(compiled core shapes for pyshacl-turbo, [SPARQL query per SHACL-SPARQL constraint]) or None."""
    try:
        import pyshacl_turbo
    except ImportError:
        return None
    from .validate import load_shapes

    shapes = load_shapes()
    try:
        # A shape of severity sh:Warning or sh:Info reports without failing (allow_warnings)
        queries = [_sparql_query(shapes, shape, constraint) for shape, constraint in shapes.subject_objects(SH.sparql)
                   if shapes.value(shape, SH.severity) in (None, SH.Violation)]
    except Unsupported:
        return None
    if any(shapes.triples((None, SH.deactivated, None))) or any(shapes.subjects(RDF.type, SH.ConstraintComponent)):
        return None
    if any(shapes.triples((None, SH.target, None))) or any(shapes.subjects(RDF.type, SH.SPARQLTarget)):
        return None
    core = Graph()
    for prefix, namespace in shapes.namespaces():
        core.bind(prefix, namespace)
    for triple in shapes:
        if triple[1] != SH.sparql:
            core.add(triple)
    return pyshacl_turbo.compile_shapes(core), queries


def _sparql_query(shapes: Graph, shape, constraint) -> str:
    """The constraint's SELECT, run for every focus node of `shape` at once."""
    if (shape, SH.path, None) in shapes:
        raise Unsupported("SPARQL constraint on a property shape")
    select = shapes.value(constraint, SH.select)
    if select is None or "$PATH" in str(select) or "$currentShape" in str(select) or "$shapesGraph" in str(select):
        raise Unsupported("SPARQL constraint without a plain SELECT")
    prefixes = []
    for source in shapes.objects(constraint, SH.prefixes):
        for declaration in shapes.objects(source, SH.declare):
            prefixes.append(f"PREFIX {shapes.value(declaration, SH.prefix)}: <{shapes.value(declaration, SH.namespace)}>")
    targets = []
    classes = list(shapes.objects(shape, SH.targetClass))
    if (shape, RDF.type, RDFS.Class) in shapes or (shape, RDF.type, OWL.Class) in shapes:
        classes.append(shape)  # implicit class target
    targets += [f"{{ ?this <{RDF.type}>/<{RDFS.subClassOf}>* <{c}> }}" for c in classes]
    targets += [f"{{ VALUES ?this {{ {n.n3()} }} }}" for n in shapes.objects(shape, SH.targetNode)]
    targets += [f"{{ ?this <{p}> ?targetObject_ }}" for p in shapes.objects(shape, SH.targetSubjectsOf)]
    targets += [f"{{ ?targetSubject_ <{p}> ?this }}" for p in shapes.objects(shape, SH.targetObjectsOf)]
    if not targets or not all(isinstance(c, URIRef) for c in classes):
        raise Unsupported("shape without simple targets")
    body = re.sub(r"\$this\b", "?this", str(select))
    match = re.search(r"\bWHERE\s*\{", body, flags=re.I)
    if match is None:
        raise Unsupported("SELECT without WHERE")
    target = "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(targets) + " } }"
    body = body[: match.end()] + " " + target + " " + body[match.end():]
    return "\n".join(prefixes) + "\n" + body


def available() -> bool:
    return _compiled() is not None


def conforms(ntriples: str) -> bool | None:
    """True if the graph surely conforms to the shapes, False if it may not, None if the check is unavailable.

    `ntriples` is the data graph as pyshacl would see it (the document, the reference data
    it needs and the ontology) as N-Triples: both engines read it natively, with no rdflib
    graph in between.
    """
    compiled = _compiled()
    if compiled is None:
        return None
    import pyoxigraph as ox
    from pyshacl_turbo.rdf import Input

    core, queries = compiled
    # The text goes to the Rust engine as it is (a pyoxigraph Store would do too, but its
    # dump turns xsd:nonNegativeInteger literals into xsd:integer ones).
    ok, _, _ = core.validate(Input(ntriples, "nt", None, {}), allow_warnings=True, allow_infos=True)
    if not ok:
        return False
    store = ox.Store()
    store.load(input=ntriples, format=ox.RdfFormat.N_TRIPLES)
    for query in queries:
        for _ in store.query(query):
            return False
    return True
