"""Content negotiation and the serializations of query results and graphs."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import pyoxigraph as ox

from ..graph.iris import PREFIXES
from ..query.terms import Term
from ..query.writers import WRITERS


@dataclass(frozen=True)
class Format:
    name: str
    media_type: str
    extension: str
    aliases: tuple[str, ...] = ()

    @property
    def content_type(self) -> str:
        text = self.media_type.startswith("text/") or self.media_type.endswith(("json", "xml", "triples"))
        return f"{self.media_type}; charset=utf-8" if text else self.media_type


RESULT_FORMATS = (  # SELECT and ASK; the first one is the default
    Format("json", "application/sparql-results+json", "srj", ("json", "application/json", "srj")),
    Format("xml", "application/sparql-results+xml", "srx", ("xml", "application/xml", "text/xml", "srx")),
    Format("csv", "text/csv", "csv", ("csv",)),
    Format("tsv", "text/tab-separated-values", "tsv", ("tsv", "tab")),
)
GRAPH_FORMATS = (  # CONSTRUCT, DESCRIBE and resource descriptions
    Format("turtle", "text/turtle", "ttl", ("turtle", "ttl", "n3", "text/n3", "application/x-turtle")),
    Format("ntriples", "application/n-triples", "nt", ("nt", "ntriples", "n-triples", "text/plain")),
    Format("jsonld", "application/ld+json", "jsonld", ("jsonld", "json-ld", "json", "application/json")),
    Format("rdfxml", "application/rdf+xml", "rdf", ("rdf", "rdfxml", "rdf+xml", "xml", "application/xml")),
)
HTML = Format("html", "text/html", "html", ("html",))

OX_GRAPH_FORMAT = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}



# --------------------------------------------------------------------------- negotiation

def parse_accept(header: str | None) -> list[tuple[str, float, int]]:
    """(media range, q, position) for each entry of an Accept header, in the header's order."""
    out = []
    for i, part in enumerate((header or "").split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        out.append((media, q, i))
    return out


def _match_quality(accepted: list[tuple[str, float, int]], media_type: str) -> tuple[float, int, int]:
    """(q, specificity, -position) of the most specific range matching media_type; q=0 if none."""
    main = media_type.split("/")[0]
    best = (0.0, -1, 0)
    for media, q, pos in accepted:
        if media == media_type:
            spec = 2
        elif media == f"{main}/*":
            spec = 1
        elif media == "*/*":
            spec = 0
        else:
            continue
        if spec > best[1]:
            best = (q, spec, -pos)
    return best if best[1] >= 0 else (0.0, -1, 0)


def negotiate(accept: str | None, offers: tuple[Format, ...], format_params: list[str] | None = None) -> Format | None:
    """The offer a client asked for: a `format` parameter naming one wins, then the Accept header.

    No Accept header (or only */*) gives the first offer; None when nothing offered is acceptable.
    """
    for value in format_params or []:
        key = value.strip().lower()
        for offer in offers:
            if key == offer.name or key == offer.media_type or key in offer.aliases:
                return offer
    accepted = parse_accept(accept)
    if not accepted:
        return offers[0]
    scored = []
    for i, offer in enumerate(offers):
        q, spec, neg_pos = _match_quality(accepted, offer.media_type)
        for alias in offer.aliases:
            if "/" in alias:
                aq, aspec, apos = _match_quality(accepted, alias)
                if aspec == 2 and (aq, aspec) > (q, spec):
                    q, spec, neg_pos = aq, aspec, apos
        if q > 0:
            scored.append((q, spec, neg_pos, -i, offer))
    if not scored:
        return None
    scored.sort(key=lambda s: s[:4], reverse=True)
    top = scored[0]
    if top[1] == 0:  # only */* matched: the default offer
        return offers[0]
    return top[4]


# --------------------------------------------------------------------------- results


def serialize_solutions(variables: list[str], rows: list[list], fmt: Format) -> bytes:
    """SELECT results (rows of pyoxigraph terms or None, in the order of variables), written by
    the query package's writer of that name, as the command line writes them."""
    convert = functools.cache(Term.from_pyoxigraph)  # an answer repeats its terms
    return WRITERS[fmt.name].solutions(variables, [[convert(t) for t in row] for row in rows]).encode()


def serialize_boolean(value: bool, fmt: Format) -> bytes:
    """ASK results, by the query package's writer."""
    return WRITERS[fmt.name].boolean(bool(value)).encode()


def serialize_triples(triples: list, fmt: Format) -> bytes:
    """CONSTRUCT and DESCRIBE results, and resource descriptions."""
    prefixes = _used_prefixes(triples) if fmt.name in ("turtle", "jsonld", "rdfxml") else None
    return ox.serialize(triples, format=OX_GRAPH_FORMAT[fmt.name], prefixes=prefixes) or b""


def _used_prefixes(triples: list) -> dict[str, str]:
    iris = set()
    for t in triples:
        for term in (t.subject, t.predicate, t.object):
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
            elif isinstance(term, ox.Literal):
                iris.add(term.datatype.value)
    return {p: ns for p, ns in PREFIXES.items() if any(i.startswith(ns) for i in iris)}
