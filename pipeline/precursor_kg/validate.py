"""SHACL validation of a precursor-kg graph against the bundled shapes, with readable reports."""

from __future__ import annotations

import functools
import re
import textwrap
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, SH
from rdflib.term import Node
from rdflib.util import guess_format

from .errors import DataFileError, OutputError, PrecursorKGError
from .graph.iris import DATA_PREFIXES, ELI, OA
from .graph.namespace import PKG
from .resources import ONTOLOGY_FILE, ONTOLOGY_PACKAGE, SHAPES_FILE, SHAPES_PACKAGE

_LOCAL = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")


class ShapesError(DataFileError):
    """The shapes or the ontology cannot be read, or the shapes cannot be run."""


class GraphInputError(PrecursorKGError):
    """The graph to validate cannot be read."""

    exit_code = 66  # EX_NOINPUT


@dataclass
class Result:
    focus: Node
    path: Node | None
    message: str
    severity: str  # "Violation", "Warning" or "Info"
    shape: Node  # the named shape: the source shape, or the node shape holding a blank property shape
    paragraph_text: str | None = None
    component: Node | None = None  # e.g. sh:MaxCountConstraintComponent
    source_shape: Node | None = None  # the shape as reported (may be a blank property shape)
    value: Node | None = None
    path_text: str = "-"  # the path in SHACL-like syntax: pkg:action, ^pkg:hasSubParagraph


@dataclass
class ValidationReport:
    conforms: bool
    results: list[Result] = field(default_factory=list)
    report_graph: Graph = field(default_factory=Graph)


def _read_turtle(package: str, name: str) -> Graph:
    try:
        text = files(package).joinpath(name).read_text(encoding="utf-8")
    except (OSError, ModuleNotFoundError) as exc:
        raise ShapesError(f"{package}/{name}: cannot read ({exc})") from None
    graph = Graph()
    try:
        graph.parse(data=text, format="turtle")
    except Exception as exc:  # rdflib raises many kinds of parse errors
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise ShapesError(f"{package}/{name}: broken Turtle ({first[:200]})") from None
    return graph


@functools.lru_cache(maxsize=1)
def load_shapes() -> Graph:
    """The bundled SHACL shapes (cached: do not modify the returned graph).

    A shapes file without a single shape is refused: validating against it would say
    "conforms" of anything."""
    shapes = _read_turtle(SHAPES_PACKAGE, SHAPES_FILE)
    if not any(shapes.subjects(RDF.type, SH.NodeShape)):
        raise ShapesError(f"{SHAPES_PACKAGE}/{SHAPES_FILE}: holds no sh:NodeShape, so nothing would be validated")
    return shapes


@functools.lru_cache(maxsize=1)
def load_ontology() -> Graph:
    """The bundled OWL ontology (cached: do not modify the returned graph); refused when it declares no class."""
    ontology = _read_turtle(ONTOLOGY_PACKAGE, ONTOLOGY_FILE)
    if not any(ontology.subjects(RDF.type, OWL.Class)):
        raise ShapesError(f"{ONTOLOGY_PACKAGE}/{ONTOLOGY_FILE}: declares no owl:Class (an empty or truncated ontology)")
    return ontology


def validate(data_graph: Graph, shapes_graph: Graph | None = None, ont_graph: Graph | None = None) -> ValidationReport:
    """Validate a data graph (extracted data plus reference data) against the shapes.

    The ontology (by default the bundled one) is given to pyshacl as the ontology graph,
    so class targets and sh:class follow rdfs:subClassOf; no inference is run.
    """
    import pyshacl

    shapes = load_shapes() if shapes_graph is None else shapes_graph
    ontology = load_ontology() if ont_graph is None else ont_graph
    data = _flatten(data_graph, into=_PreparedQueryGraph())
    for triple in ontology:  # mixed in here, so that pyshacl validates our graph in place
        data.add(triple)
    try:
        conforms, report_graph, _ = pyshacl.validate(
            data, shacl_graph=shapes, inference="none", inplace=True,
            abort_on_first=False, allow_warnings=True, meta_shacl=False,
        )
    except Exception as exc:  # pyshacl reports broken shapes with several exception types
        raise ShapesError(f"the shapes cannot be run: {type(exc).__name__}: {exc}") from None
    if not isinstance(report_graph, Graph):  # pyshacl returns, not raises, some failures
        raise ShapesError(f"the shapes cannot be run: {report_graph}")
    results = [_result(report_graph, r, shapes, data) for r in report_graph.subjects(RDF.type, SH.ValidationResult)]
    results.sort(key=lambda r: (str(r.focus), str(r.path), str(r.shape), r.message))
    return ValidationReport(bool(conforms), results, report_graph)


def validate_path(path: Path, report_path: Path | None = None) -> tuple[ValidationReport, Path]:
    """Validate a build directory (its dataset.nq) or an RDF file; write the report graph as Turtle.

    The report goes to `report_path`, by default `shacl-report.ttl` in the build directory
    or `<name>.shacl-report.ttl` beside the file.
    """
    path = Path(path)
    if path.is_dir():
        source, default = path / "dataset.nq", path / "shacl-report.ttl"
    else:
        source, default = path, path.with_name(path.name.split(".")[0] + ".shacl-report.ttl")
    fmt = guess_format(str(source)) or "turtle"
    graph = Dataset() if fmt in ("nquads", "trig") else Graph()
    try:
        graph.parse(source, format=fmt)
    except FileNotFoundError:
        raise GraphInputError(f"{source}: no such file (give a build directory or an RDF file)") from None
    except Exception as exc:  # rdflib raises many kinds of parse errors
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise GraphInputError(f"{source}: cannot read as {fmt} ({first[:200]})") from None
    report = validate(graph)
    target = Path(report_path) if report_path else default
    try:
        target.write_text(report.report_graph.serialize(format="turtle"), encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"{target}: cannot write the report ({exc.strerror})") from None
    return report, target


def _flatten(graph: Graph, into: Graph) -> Graph:
    """The triples of a graph, or of all the named graphs of a Dataset, copied into `into`."""
    triples = ((s, p, o) for s, p, o, _ in graph.quads((None, None, None, None))) if isinstance(graph, Dataset) else iter(graph)
    for triple in triples:
        into.add(triple)
    return into


class _PreparedQueryGraph(Graph):
    """A graph that parses each SPARQL query text once.

    pyshacl runs a SPARQL-based constraint once per focus node with the same text and
    different bindings; rdflib would parse it every time, which costs most of the time.
    """

    _prepared: dict[str, object] = {}

    def query(self, query_object, *args, **kwargs):
        if isinstance(query_object, str):
            from rdflib.plugins.sparql import prepareQuery

            prepared = self._prepared.get(query_object)
            if prepared is None:
                prepared = self._prepared[query_object] = prepareQuery(query_object)
            query_object = prepared
        return super().query(query_object, *args, **kwargs)


def _result(report: Graph, node, shapes: Graph, data: Graph) -> Result:
    source = report.value(node, SH.sourceShape)
    shape = source
    if isinstance(source, BNode):
        shape = next((s for s in shapes.subjects(SH.property, source) if isinstance(s, URIRef)), source)
    severity = report.value(node, SH.resultSeverity)
    messages = [str(m) for m in report.objects(node, SH.resultMessage)]
    # pyshacl adds the node shape's own message to a SPARQL constraint's: keep the specific one.
    generic = {str(m) for m in shapes.objects(source, SH.message)} if source is not None else set()
    specific = [m for m in messages if m not in generic]
    if specific and report.value(node, SH.sourceConstraint) is not None:
        messages = specific
    focus = report.value(node, SH.focusNode)
    path = report.value(node, SH.resultPath)
    value = report.value(node, SH.value)
    return Result(
        focus=focus,
        path=path,
        message="; ".join(messages) or "(no message)",
        severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
        shape=shape,
        paragraph_text=paragraph_text(data, focus),
        component=report.value(node, SH.sourceConstraintComponent),
        source_shape=source,
        value=None if value == focus else value,
        path_text=_path_text(report, path),
    )


def _path_text(report: Graph, path) -> str:
    inverse = report.value(path, SH.inversePath) if isinstance(path, BNode) else None
    return "^" + short(inverse) if inverse is not None else short(path)


# From a node to the node whose text explains it: evidence -> statement -> its subject/object,
# span -> evidence, selector -> span, sub-paragraph's text first, else its paragraph; a paragraph -> its expression.
_FORWARD = (OA.hasBody, RDF.subject, RDF.object)
_BACKWARD = (OA.hasTarget, OA.hasSelector, PKG.hasSubParagraph, ELI.realizes)


def paragraph_text(graph: Graph, node: Node | None, hops: int = 5) -> str | None:
    """The pkg:text of a node, or of the paragraph it is about (through evidence, span, selector, expression)."""
    frontier, seen = [node], set()
    for _ in range(hops + 1):
        following = []
        for n in frontier:
            if n is None or isinstance(n, Literal) or n in seen:
                continue
            seen.add(n)
            text = graph.value(n, PKG.text)
            if text is not None:
                return str(text)
            following += [o for p in _FORWARD for o in graph.objects(n, p)]
            following += [s for p in _BACKWARD for s in graph.subjects(p, n)]
        frontier = following
    return None


def short(node: Node | None) -> str:
    """A compact name for a node: pkg:Resolution, or <iri>, or a literal in Turtle."""
    if node is None:
        return "-"
    if isinstance(node, URIRef):
        iri = str(node)
        for prefix, namespace in DATA_PREFIXES.items():
            if iri.startswith(namespace) and _LOCAL.match(iri[len(namespace):]):
                return f"{prefix}:{iri[len(namespace):]}"
        return f"<{iri}>"
    if isinstance(node, BNode):
        return "[]"
    return node.n3()


def format_report(report: ValidationReport, width: int = 100, max_text: int = 400) -> str:
    """A human-readable report: one block per result with focus, path, message and text."""
    if report.conforms and not report.results:
        return "Conforms: the graph satisfies every shape."
    counts: dict[str, int] = {}
    for r in report.results:
        counts[r.severity] = counts.get(r.severity, 0) + 1
    summary = ", ".join(f"{n} {sev.lower()}{'s' if n != 1 else ''}" for sev, n in sorted(counts.items()))
    lines = [f"Does not conform: {summary}." if not report.conforms else f"Conforms, with {summary}."]
    for i, r in enumerate(report.results, 1):
        component = short(r.component).replace("ConstraintComponent", "") if r.component else "-"
        lines += ["", f"{i}. [{r.severity}] {short(r.shape)} ({component})",
                  f"   focus:   {short(r.focus)}",
                  f"   path:    {r.path_text}"]
        if r.value is not None:
            lines.append(f"   value:   {short(r.value)}")
        lines.append(textwrap.fill(r.message, width, initial_indent="   message: ", subsequent_indent=" " * 12))
        if r.paragraph_text:
            quoted = '"' + textwrap.shorten(r.paragraph_text, max_text, placeholder=" …") + '"'
            lines.append(textwrap.fill(quoted, width, initial_indent="   text:    ", subsequent_indent=" " * 12))
    return "\n".join(lines)
