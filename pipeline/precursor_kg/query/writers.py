"""The one table of query result writers, by name: what the command line prints and what the
endpoint sends (serve/formats.py negotiates the name), so both give the same bytes for the
same answer. As RDFLib keeps one serializer per result format, registered by name.

A writer has a function for each query form: rows of a SELECT (terms or None where unbound,
in the order of the variables), the boolean of an ASK, and the triples of a CONSTRUCT or
DESCRIBE where the format has a way to write them (the endpoint writes graphs with
pyoxigraph's RDF serializers instead).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from ..graph.iris import DATA_PREFIXES
from .errors import QueryError
from .run import QueryResult
from .terms import XSD_STRING, Term

Rows = list[list[Term | None]]
Triples = list[tuple[Term, Term, Term]]


@dataclass(frozen=True)
class ResultWriter:
    name: str
    media_type: str
    solutions: Callable[[list[str], Rows], str]
    boolean: Callable[[bool], str]
    triples: Callable[[Triples], str] | None = None


WRITERS: dict[str, ResultWriter] = {}


def register(writer: ResultWriter) -> ResultWriter:
    WRITERS[writer.name] = writer
    return writer


def result_writer(name: str) -> ResultWriter:
    try:
        return WRITERS[name]
    except KeyError:
        raise ValueError(f"unknown format {name!r} ({', '.join(sorted(WRITERS))})") from None


def format_result(result: QueryResult, fmt: str = "table") -> str:
    """The result written by the writer named `fmt`."""
    writer = result_writer(fmt)
    if result.form == "ASK":
        return writer.boolean(bool(result.boolean))
    if result.form in ("CONSTRUCT", "DESCRIBE"):
        if writer.triples is None:
            raise QueryError(f"{result.query.name}: {fmt} writes SELECT and ASK results, not triples")
        return writer.triples(result.triples)
    return writer.solutions(result.variables, [[row.get(v) for v in result.variables] for row in result.rows])


# --------------------------------------------------------------------------- SPARQL 1.1 JSON

def json_term(term: Term) -> dict:
    if term.kind == "iri":
        return {"type": "uri", "value": term.value}
    if term.kind == "bnode":
        return {"type": "bnode", "value": term.value}
    if term.kind == "triple":
        subject, predicate, obj = (json_term(part) for part in term.parts)
        return {"type": "triple", "value": {"subject": subject, "predicate": predicate, "object": obj}}
    out = {"type": "literal", "value": term.value}
    if term.lang:
        out["xml:lang"] = term.lang
    elif term.datatype and term.datatype != XSD_STRING:
        out["datatype"] = term.datatype
    return out


def _json(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False) + "\n"


register(ResultWriter(
    "json", "application/sparql-results+json",
    solutions=lambda variables, rows: _json({"head": {"vars": variables}, "results": {"bindings": [
        {v: json_term(t) for v, t in zip(variables, row, strict=True) if t is not None} for row in rows]}}),
    boolean=lambda value: _json({"head": {}, "boolean": value}),
    triples=lambda triples: _json({"triples": [[json_term(t) for t in triple] for triple in triples]}),
))


# --------------------------------------------------------------------------- SPARQL 1.1 CSV and TSV

def csv_value(term: Term | None) -> str:
    """A term in SPARQL 1.1 CSV: its value, a blank node as _:label, a triple term as N-Triples."""
    if term is None:
        return ""
    if term.kind == "bnode":
        return f"_:{term.value}"
    return term.value


def _csv(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # SPARQL 1.1 CSV: CRLF line ends
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


register(ResultWriter(
    "csv", "text/csv",
    solutions=lambda variables, rows: _csv(variables, [[csv_value(t) for t in row] for row in rows]),
    boolean=lambda value: f"_askResult\r\n{'true' if value else 'false'}\r\n",
    triples=lambda triples: _csv(["subject", "predicate", "object"], [[t.value for t in triple] for triple in triples]),
))


def _tsv(header: list[str], rows: Rows) -> str:
    lines = ["\t".join(header)] + ["\t".join("" if t is None else t.n3() for t in row) for row in rows]
    return "\n".join(lines) + "\n"


register(ResultWriter(
    "tsv", "text/tab-separated-values",
    solutions=lambda variables, rows: _tsv(["?" + v for v in variables], rows),
    boolean=lambda value: f"?_askResult\n{'true' if value else 'false'}\n",
    triples=lambda triples: _tsv(["?subject", "?predicate", "?object"], [list(triple) for triple in triples]),
))


# --------------------------------------------------------------------------- SPARQL 1.1 XML

_XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'


def _xml_text(value: str) -> str:
    # characters XML 1.0 cannot hold at all are written as U+FFFD
    cleaned = "".join(c if c in "\t\n\r" or " " <= c <= "\ud7ff" or "\ue000" <= c <= "\ufffd" or c >= "\U00010000"
                      else "\ufffd" for c in value)
    return escape(cleaned, {"\r": "&#13;"})


def xml_term(term: Term) -> str:
    if term.kind == "iri":
        return f"<uri>{escape(term.value)}</uri>"
    if term.kind == "bnode":
        return f"<bnode>{escape(term.value)}</bnode>"
    if term.kind == "triple":
        subject, predicate, obj = (xml_term(part) for part in term.parts)
        return f"<triple><subject>{subject}</subject><predicate>{predicate}</predicate><object>{obj}</object></triple>"
    if term.lang:
        return f"<literal xml:lang={quoteattr(term.lang)}>{_xml_text(term.value)}</literal>"
    if term.datatype and term.datatype != XSD_STRING:
        return f"<literal datatype={quoteattr(term.datatype)}>{_xml_text(term.value)}</literal>"
    return f"<literal>{_xml_text(term.value)}</literal>"


def _xml_solutions(variables: list[str], rows: Rows) -> str:
    parts = [f"{_XML_HEAD}\n<head>"] + [f"<variable name={quoteattr(v)}/>" for v in variables]
    parts.append("</head>\n<results>\n")
    for row in rows:
        parts.append("<result>")
        parts += [f"<binding name={quoteattr(v)}>{xml_term(t)}</binding>"
                  for v, t in zip(variables, row, strict=True) if t is not None]
        parts.append("</result>\n")
    parts.append("</results>\n</sparql>\n")
    return "".join(parts)


register(ResultWriter(
    "xml", "application/sparql-results+xml",
    solutions=_xml_solutions,
    boolean=lambda value: f"{_XML_HEAD}<head/><boolean>{'true' if value else 'false'}</boolean></sparql>\n",
))


# --------------------------------------------------------------------------- an aligned text table

_LOCAL_NAME = re.compile(r"[A-Za-z0-9_./-]*")


def short_text(term: Term | None) -> str:
    """A term as a table cell: an IRI by its prefixed name where one fits, a literal on one line."""
    if term is None:
        return ""
    if term.kind == "iri":
        for prefix, namespace in DATA_PREFIXES.items():
            if term.value.startswith(namespace) and _LOCAL_NAME.fullmatch(term.value[len(namespace):]):
                return f"{prefix}:{term.value[len(namespace):]}"
        return term.value
    if term.kind == "bnode":
        return f"_:{term.value}"
    return " ".join(term.value.split())


def _table(variables: list[str], rows: Rows, max_width: int = 80) -> str:
    cells = [[text if len(text) <= max_width else text[: max_width - 1] + "…" for text in map(short_text, row)]
             for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(variables)]
    out = [" | ".join(h.ljust(w) for h, w in zip(variables, widths, strict=True)).rstrip()]
    out.append("-+-".join("-" * w for w in widths))
    out += [" | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    out.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(out) + "\n"


register(ResultWriter(
    "table", "text/plain",
    solutions=_table,
    boolean=lambda value: "yes\n" if value else "no\n",
    triples=lambda triples: "".join(" ".join(t.n3() for t in triple) + " .\n" for triple in triples),
))
