"""The work a query worker process does: run a query, describe a resource, count the dataset.

Everything here runs inside a worker (see workers.py), so a job that runs too long is
stopped by killing its process. Values that come from a request reach the store only as
RDF terms (a VALUES block written from the terms, see query.with_values, `substitutions=`
or the term API), never as text pasted into a query.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import islice

import pyoxigraph as ox

from ..graph.iris import EU_LANGUAGE, PREFIXES
from ..query import with_values
from ..query.lexer import normalize
from ..store import union_options
from . import formats
from .errors import BadRequest, QueryFailed, QuerySyntaxError, ResultTooLarge
from .guard import Verdict, check_query

RDF, RDFS, SKOS, DCTERMS, PKG, OA, ELI = (PREFIXES[name] for name in ("rdf", "rdfs", "skos", "dcterms", "pkg", "oa", "eli"))
ENGLISH = ox.NamedNode(EU_LANGUAGE + "ENG")

LABEL_PROPERTIES = (SKOS + "prefLabel", RDFS + "label", DCTERMS + "title", PKG + "symbol", SKOS + "notation")


@dataclass(frozen=True)
class Limits:
    max_results: int
    max_bytes: int


@dataclass(frozen=True)
class QueryJob:
    """A SPARQL query (checked by the guard) with its parameters bound as terms."""

    text: str
    accept: str | None
    format_params: tuple[str, ...]
    limits: Limits
    substitutions: dict = field(default_factory=dict)  # variable name -> pyoxigraph term
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    verdict: Verdict | None = None  # the guard's, when the server checked the text: not parsed again


@dataclass(frozen=True)
class Answer:
    content_type: str
    body: bytes
    count: int  # rows or triples (1 for ASK)


def run_query(store: ox.Store, job: QueryJob) -> Answer:
    """Check and run a query; serialize its result in the negotiated format within the limits."""
    verdict = job.verdict if job.verdict is not None and job.verdict.text == normalize(job.text) else check_query(job.text)
    offers = formats.GRAPH_FORMATS if verdict.form in ("CONSTRUCT", "DESCRIBE") else formats.RESULT_FORMATS
    # a client asking only for formats of another query form (e.g. results JSON for a CONSTRUCT) gets the default
    fmt = formats.negotiate(job.accept, offers, list(job.format_params)) or offers[0]
    options = {} if job.default_graphs else union_options(store)
    if job.default_graphs:
        options["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
    if job.named_graphs:
        options["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    text = with_values(verdict.text, job.substitutions)
    if job.substitutions and text is None:
        options["substitutions"] = {ox.Variable(k): v for k, v in job.substitutions.items()}
    max_rows = job.limits.max_results
    try:
        result = store.query(text or verdict.text, **options)
        if isinstance(result, ox.QueryBoolean):
            body, count = formats.serialize_boolean(bool(result), fmt), 1
        elif isinstance(result, ox.QuerySolutions):
            variables = [v.value for v in result.variables]
            rows = [[sol[v] for v in variables] for sol in islice(result, max_rows + 1)]
            _check_count(len(rows), max_rows, "rows")
            body, count = formats.serialize_solutions(variables, rows, fmt), len(rows)
        else:
            triples = list(islice(result, max_rows + 1))
            _check_count(len(triples), max_rows, "triples")
            body, count = formats.serialize_triples(triples, fmt), len(triples)
    except SyntaxError as exc:
        raise QuerySyntaxError(f"not a valid query: {_one_line(exc)}") from None
    except (OSError, RuntimeError) as exc:
        raise QueryFailed(f"the query failed: {_one_line(exc)}") from None
    if len(body) > job.limits.max_bytes:
        raise ResultTooLarge(
            f"the result is larger than {job.limits.max_bytes} bytes: add a LIMIT or select fewer variables")
    return Answer(fmt.content_type, body, count)


def _check_count(count: int, limit: int, what: str) -> None:
    if count > limit:
        raise ResultTooLarge(f"the result has more than {limit} {what}: add a LIMIT (at most {limit})")


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:300]


# --------------------------------------------------------------------------- resources

@dataclass
class Description:
    """What the store says about one IRI, for its HTML page and its RDF serializations."""

    iri: str
    outgoing: list[tuple] = field(default_factory=list)  # (predicate, object)
    incoming: list[tuple] = field(default_factory=list)  # (subject, predicate)
    labels: dict[str, str] = field(default_factory=dict)  # IRI -> label, for the node and its neighbours
    known: set[str] = field(default_factory=set)  # neighbours the store describes (linked locally)
    graphs: list[str] = field(default_factory=list)  # named graphs holding its statements
    graph_size: int | None = None  # quads in the named graph of this IRI, when it names one
    truncated: bool = False
    passage: dict | None = None  # {"node", "text", "marks": [(start, end, title, evidence IRI)]}

    @property
    def empty(self) -> bool:
        return not self.outgoing and not self.incoming and self.graph_size is None

    def triples(self) -> list:
        node = ox.NamedNode(self.iri)
        out = [ox.Triple(node, p, o) for p, o in self.outgoing]
        out += [ox.Triple(s, p, node) for s, p in self.incoming]
        return out


_OUTGOING = "SELECT DISTINCT ?node ?p ?o WHERE { ?node ?p ?o } ORDER BY ?p ?o LIMIT ?limit"
_INCOMING = "SELECT DISTINCT ?node ?s ?p WHERE { ?s ?p ?node } ORDER BY ?p ?s LIMIT ?limit"
_GRAPHS = "SELECT DISTINCT ?node ?g WHERE { { GRAPH ?g { ?node ?p ?o } } UNION { GRAPH ?g { ?s ?p ?node } } } ORDER BY ?g"


def _limited(query: str, limit: int) -> str:
    # LIMIT takes no variable in SPARQL: the (trusted, integer) limit is formatted in.
    return query.replace("?limit", str(int(limit)))


def describe(store: ox.Store, iri: str, limit: int = 2000) -> Description:
    """The statements about an IRI (as subject and as object), labels of its neighbours, its passage."""
    try:
        node = ox.NamedNode(iri)
    except ValueError:
        raise BadRequest(f"not a valid IRI: {iri!r}") from None
    bind = {ox.Variable("node"): node}
    d = Description(iri)
    union = union_options(store)
    d.outgoing = [(s["p"], s["o"]) for s in store.query(_limited(_OUTGOING, limit + 1), substitutions=bind, **union)]
    d.incoming = [(s["s"], s["p"]) for s in store.query(_limited(_INCOMING, limit + 1), substitutions=bind, **union)]
    d.truncated = len(d.outgoing) > limit or len(d.incoming) > limit
    d.outgoing, d.incoming = d.outgoing[:limit], d.incoming[:limit]
    d.graphs = [s["g"].value for s in store.query(_GRAPHS, substitutions=bind)]
    if store.contains_named_graph(node):
        d.graph_size = sum(1 for _ in islice(store.quads_for_pattern(None, None, None, node), 10_000_000))
    neighbours = {node}
    for p, o in d.outgoing:
        neighbours.update((p, o))
    for s, p in d.incoming:
        neighbours.update((s, p))
    for term in neighbours:
        if isinstance(term, ox.NamedNode):
            label = display_label(store, term)
            if label:
                d.labels[term.value] = label
            if term != node and next(store.quads_for_pattern(term, None, None), None) is not None:
                d.known.add(term.value)
    d.passage = passage(store, node)
    return d


def label_of(store: ox.Store, node) -> str | None:
    """An English (or untagged, or any) label of a node."""
    for prop in LABEL_PROPERTIES:
        found = [q.object for q in islice(store.quads_for_pattern(node, ox.NamedNode(prop), None), 20)
                 if isinstance(q.object, ox.Literal)]
        if found:
            found.sort(key=lambda lit: (lit.language not in ("en", None), lit.language is not None, lit.value))
            return found[0].value
    return None


def display_label(store: ox.Store, node) -> str | None:
    """A label, or for a paragraph "CND 51/10, operative paragraph 7" and for an evidence what it supports."""
    label = label_of(store, node)
    resolution = _one(store, node, PKG + "inResolution")
    symbol_lit = _one(store, resolution, PKG + "symbol") if isinstance(resolution, ox.NamedNode) else None
    if label:  # a paragraph's label names its resolution
        if isinstance(symbol_lit, ox.Literal) and symbol_lit.value not in label:
            return f"{symbol_lit.value}, {label}"
        return label
    types = {q.object.value for q in islice(store.quads_for_pattern(node, ox.NamedNode(RDF + "type"), None), 50)}
    symbol = label_of(store, resolution) if isinstance(resolution, ox.NamedNode) else None
    where = symbol_lit.value if isinstance(symbol_lit, ox.Literal) else symbol
    if PKG + "OperativeParagraph" in types or PKG + "PreambularParagraph" in types:
        kind = "operative" if PKG + "OperativeParagraph" in types else "preambular"
        number = _one(store, node, PKG + "paragraphNumber") or _one(store, node, PKG + "position")
        text = f"{kind} paragraph {number.value}" if number is not None else f"{kind} paragraph"
        return f"{where}, {text}" if where else text.capitalize()
    if PKG + "Evidence" in types:
        statement = _one(store, node, OA + "hasBody")
        pred, obj = _one(store, statement, RDF + "predicate"), _one(store, statement, RDF + "object")
        if pred is not None and obj is not None:
            what = label_of(store, obj) if isinstance(obj, ox.NamedNode) else obj.value
            return f"evidence: {pred.value.rsplit('#', 1)[-1]} {what or obj.value}"
    return None


def _one(store: ox.Store, s, p: str):
    if s is None:
        return None
    q = next(store.quads_for_pattern(s, ox.NamedNode(p), None), None)
    return q.object if q else None


def _evidence_of(store: ox.Store, statement):
    """The evidence annotation whose body is the statement."""
    q = next(store.quads_for_pattern(None, ox.NamedNode(OA + "hasBody"), statement), None)
    return q.subject if q else None


def _text(store: ox.Store, node) -> str | None:
    """The text of a paragraph or sub-paragraph: the pkg:text of its English expression."""
    if not isinstance(node, ox.NamedNode):
        return None
    for q in store.quads_for_pattern(None, ox.NamedNode(ELI + "realizes"), node):
        if _one(store, q.subject, ELI + "language") == ENGLISH:
            lit = _one(store, q.subject, PKG + "text")
            if isinstance(lit, ox.Literal):
                return lit.value
    return None


def _selector(store: ox.Store, evidence) -> tuple[int, int, str] | None:
    target = _one(store, evidence, OA + "hasTarget")
    selector = _one(store, target, OA + "hasSelector") if target is not None else None
    if selector is None:
        return None
    start, end, exact = (_one(store, selector, OA + p) for p in ("start", "end", "exact"))
    try:
        return int(start.value), int(end.value), exact.value
    except (AttributeError, ValueError):
        return None


def _own_start(store: ox.Store, node, text: str) -> int | None:
    """Where a paragraph's pkg:text begins in its source, from the evidence of its hasParagraph statement."""
    for q in store.quads_for_pattern(None, ox.NamedNode(RDF + "object"), node):
        pred = _one(store, q.subject, RDF + "predicate")
        if pred is not None and pred.value in (PKG + "hasParagraph", PKG + "hasSubParagraph"):
            evidence = _evidence_of(store, q.subject)
            sel = _selector(store, evidence) if evidence is not None else None
            if sel:
                start, _, exact = sel
                offset = exact.find(text[:40]) if text else -1
                return start + max(offset, 0)
    return None


def _locate(text: str, exact: str, wanted: int | None) -> int | None:
    """The index in text of the occurrence of exact nearest to the wanted index."""
    if not exact:
        return None
    hits, i = [], text.find(exact)
    while i >= 0 and len(hits) < 1000:
        hits.append(i)
        i = text.find(exact, i + 1)
    if not hits:
        return None
    return min(hits, key=lambda h: abs(h - wanted)) if wanted is not None else hits[0]


def passage(store: ox.Store, node) -> dict | None:
    """For an evidence: its paragraph text with the exact string marked. For a paragraph: all its marks."""
    types = {q.object.value for q in store.quads_for_pattern(node, ox.NamedNode(RDF + "type"), None)}
    if PKG + "Evidence" in types:
        statement = _one(store, node, OA + "hasBody")
        subject, obj = _one(store, statement, RDF + "subject"), _one(store, statement, RDF + "object")
        sel = _selector(store, node)
        if sel is None:
            return None
        start, end, exact = sel
        for holder in (subject, obj):
            text = _text(store, holder)
            if text is None:
                continue
            base = _own_start(store, holder, text)
            at = _locate(text, exact, None if base is None else start - base)
            if at is not None:
                return {"node": holder.value, "text": text, "marks": [(at, at + len(exact), "", node.value)]}
            if text in exact:
                return {"node": holder.value, "text": text, "marks": [(0, len(text), "", node.value)]}
        return {"node": None, "text": exact, "marks": [(0, len(exact), "", node.value)]}
    text = _text(store, node)
    if text is None:
        return None
    base = _own_start(store, node, text)
    marks = []
    for q in store.quads_for_pattern(None, ox.NamedNode(RDF + "subject"), node):
        pred = _one(store, q.subject, RDF + "predicate")
        evidence = _evidence_of(store, q.subject)
        if pred is None or evidence is None or pred.value in (PKG + "hasSubParagraph",):
            continue
        sel = _selector(store, evidence)
        if not sel:
            continue
        start, end, exact = sel
        at = _locate(text, exact, None if base is None else start - base)
        if at is not None:
            obj = _one(store, q.subject, RDF + "object")
            what = pred.value.rsplit("#", 1)[-1]
            label = (label_of(store, obj) if isinstance(obj, ox.NamedNode) else None) or (obj.value if obj is not None else "")
            marks.append((at, at + len(exact), f"{what}: {label}", evidence.value))
    marks.sort(key=lambda m: (m[0], -(m[1] - m[0])))
    kept, last = [], -1
    for m in marks:
        if m[0] >= last:
            kept.append(m)
            last = m[1]
    return {"node": node.value, "text": text, "marks": kept}


# --------------------------------------------------------------------------- statistics

def statistics(store: ox.Store) -> dict:
    """Counts for the VoID description: triples, classes, entities, properties, per-graph sizes."""
    union = union_options(store)

    def number(query: str) -> int:
        return int(next(iter(store.query(query, **union)))["n"].value)

    graphs = {}
    for graph in store.named_graphs():
        graphs[graph.value] = sum(1 for _ in store.quads_for_pattern(None, None, None, graph))
    predicates = [s["p"].value for s in store.query("SELECT DISTINCT ?p WHERE { ?s ?p ?o }", **union)]
    classes = [s["c"].value for s in store.query("SELECT DISTINCT ?c WHERE { ?s a ?c }", **union)]
    return {
        "triples": number("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"),
        "quads": sum(graphs.values()),
        "entities": number("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o FILTER(isIRI(?s)) }"),
        "distinct_objects": number("SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }"),
        "classes": len(classes),
        "properties": len(predicates),
        "class_iris": classes,
        "predicate_iris": predicates,
        "graphs": graphs,
    }


def graph_names(store: ox.Store) -> list[str]:
    return sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
