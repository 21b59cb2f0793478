"""Writes `graph/namespace.py`, the ontology's terms as a closed RDFLib namespace, from
`ontology/precursor-kg.ttl` (as RDFLib generates its own, e.g. `rdflib/namespace/_SKOS.py`),
so that the code names only terms the ontology declares and a typo fails when it is read.

Run after changing the ontology: `python -m precursor_kg.graph.generate_namespace`
(tests/test_namespace.py fails while the module and the ontology disagree).
"""

from __future__ import annotations

import argparse
import json
import keyword
import sys
import textwrap
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from .. import resources
from ..errors import DataFileError, PrecursorKGError
from ..fileio import write_atomic

VANN_NAMESPACE = URIRef("http://purl.org/vocab/vann/preferredNamespaceUri")
# The kinds of term, in the order the module lists them (a term goes under the first it has).
TERM_KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
MODULE_FILE = Path(__file__).with_name("namespace.py")
COMMENT_WIDTH = 116

HEADER = '''"""The terms of the precursor-kg ontology as a closed RDFLib namespace: `PKG.Resolution`,
`PKG.hasParagraph`; a term the ontology does not declare raises AttributeError.

Generated from ontology/precursor-kg.ttl by `python -m precursor_kg.graph.generate_namespace`;
do not edit (tests/test_namespace.py regenerates it and fails on any difference).
"""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class PKG(DefinedNamespace):
'''


def read_ontology(path: Path) -> Graph:
    try:
        return Graph().parse(path, format="turtle")
    except OSError as exc:
        raise DataFileError(f"{path}: cannot read the ontology ({exc.strerror})") from None
    except Exception as exc:  # rdflib raises many kinds of parse errors
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DataFileError(f"{path}: broken Turtle ({first[:200]})") from None


def english(graph: Graph, subject, prop) -> str:
    values = [o for o in graph.objects(subject, prop) if isinstance(o, Literal)]
    chosen = [v for v in values if v.language in ("en", None)] or values
    return " ".join(str(chosen[0]).split()) if chosen else ""


def namespace_of(graph: Graph) -> tuple[URIRef, str]:
    """The ontology and the namespace its terms are in (vann:preferredNamespaceUri)."""
    for ontology in graph.subjects(RDF.type, OWL.Ontology):
        namespace = graph.value(ontology, VANN_NAMESPACE)
        if namespace is not None:
            return ontology, str(namespace)
    raise DataFileError("the ontology declares no vann:preferredNamespaceUri")


def terms_by_kind(graph: Graph, namespace: str) -> dict[URIRef, list[tuple[str, str]]]:
    """(local name, definition) of every term of the namespace, sorted, under its kind."""
    found: dict[URIRef, list[tuple[str, str]]] = {kind: [] for kind in TERM_KINDS}
    for subject in set(graph.subjects(RDF.type, None)):
        if not (isinstance(subject, URIRef) and subject.startswith(namespace) and subject != namespace):
            continue
        kind = next((k for k in TERM_KINDS if (subject, RDF.type, k) in graph), None)
        if kind is None:
            raise DataFileError(f"{subject}: a term of the ontology that is neither a class nor a property")
        definition = english(graph, subject, SKOS.definition) or english(graph, subject, RDFS.label)
        found[kind].append((subject[len(namespace):], definition))
    return {kind: sorted(terms) for kind, terms in found.items() if terms}


def render(graph: Graph) -> str:
    """The text of the namespace module for the ontology graph."""
    ontology, namespace = namespace_of(graph)
    lines = [HEADER.rstrip("\n"), '    """', f"    {english(graph, ontology, RDFS.label)}", "",
             f"    Generated from: {ontology} (version {graph.value(ontology, OWL.versionInfo)})", '    """', "",
             "    _fail = True"]
    extras = []
    for kind, terms in terms_by_kind(graph, namespace).items():
        lines += ["", f"    # {kind}"]
        for name, definition in terms:
            lines += textwrap.wrap(definition, COMMENT_WIDTH, initial_indent="    # ", subsequent_indent="    # ",
                                   break_on_hyphens=False)
            if name.isidentifier() and not keyword.iskeyword(name):
                lines.append(f"    {name}: URIRef")
            else:
                extras.append(name)
                lines.append(f"    # {json.dumps(name)} is in _extras (not a Python name)")
    if extras:
        lines += ["", f"    _extras = {json.dumps(extras)}"]
    lines += ["", f"    _NS = Namespace({json.dumps(namespace)})"]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m precursor_kg.graph.generate_namespace", description=__doc__)
    parser.add_argument("--ontology", type=Path, default=None, help="the ontology file (default: the package's)")
    parser.add_argument("--out", type=Path, default=MODULE_FILE, help="where to write (default: graph/namespace.py)")
    args = parser.parse_args(argv)
    try:
        text = render(read_ontology(args.ontology or resources.ontology_file()))
        write_atomic(args.out, text)
    except PrecursorKGError as exc:
        print(f"generate_namespace: error: {exc}", file=sys.stderr)
        return exc.exit_code
    return 0


if __name__ == "__main__":
    sys.exit(main())
