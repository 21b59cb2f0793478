"""RDF terms independent of the library that produced them (pyoxigraph or rdflib), and their
parsing from the text a user writes (`<iri>`, `"literal"@en`, `"3"^^xsd:integer`, `3`, `true`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"

# The N-Triples escapes of a string, as pyoxigraph writes them (other controls as \uXXXX).
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f]')


def _escape(text: str) -> str:
    return _NEEDS_ESCAPE.sub(lambda m: _ESCAPES.get(m.group(), f"\\u{ord(m.group()):04X}"), text)


@dataclass(frozen=True)
class Term:
    """An RDF term, independent of the library that produced it."""

    kind: str  # "iri", "literal", "bnode" or "triple"
    value: str  # a triple's is "subject predicate object" in N-Triples
    datatype: str | None = None  # literals only; None for plain and language-tagged ones
    lang: str | None = None
    parts: tuple[Term, Term, Term] | None = None  # a triple term's subject, predicate and object

    def __str__(self) -> str:
        return self.value

    def n3(self) -> str:
        """The term in N-Triples (and SPARQL, Turtle) syntax."""
        if self.kind == "iri":
            return f"<{self.value}>"
        if self.kind == "bnode":
            return f"_:{self.value}"
        if self.kind == "triple":
            return f"<< {self.value} >>"
        text = f'"{_escape(self.value)}"'
        if self.lang:
            return f"{text}@{self.lang}"
        if self.datatype and self.datatype != XSD_STRING:
            return f"{text}^^<{self.datatype}>"
        return text

    # conversion to and from the two libraries ------------------------------
    def to_pyoxigraph(self):
        import pyoxigraph as ox

        if self.kind == "iri":
            return ox.NamedNode(self.value)
        if self.kind == "bnode":
            return ox.BlankNode(self.value)
        if self.kind == "triple" and self.parts:
            return ox.Triple(*(part.to_pyoxigraph() for part in self.parts))
        if self.lang:
            return ox.Literal(self.value, language=self.lang)
        if self.datatype:
            return ox.Literal(self.value, datatype=ox.NamedNode(self.datatype))
        return ox.Literal(self.value)

    def to_rdflib(self):
        from rdflib import BNode, Literal, URIRef

        if self.kind == "iri":
            return URIRef(self.value)
        if self.kind == "bnode":
            return BNode(self.value)
        if self.lang:
            return Literal(self.value, lang=self.lang)
        if self.datatype:
            return Literal(self.value, datatype=URIRef(self.datatype))
        return Literal(self.value)

    @classmethod
    def from_pyoxigraph(cls, term) -> Term | None:
        import pyoxigraph as ox

        if term is None:
            return None
        if isinstance(term, ox.NamedNode):
            return cls("iri", term.value)
        if isinstance(term, ox.BlankNode):
            return cls("bnode", term.value)
        if isinstance(term, ox.Literal):
            if term.language:
                return cls("literal", term.value, lang=term.language)
            datatype = term.datatype.value
            return cls("literal", term.value, datatype=None if datatype == XSD_STRING else datatype)
        if isinstance(term, ox.Triple):
            parts = tuple(cls.from_pyoxigraph(t) for t in (term.subject, term.predicate, term.object))
            return cls("triple", f"{term.subject} {term.predicate} {term.object}", parts=parts)
        return cls("literal", str(term))

    @classmethod
    def from_rdflib(cls, term) -> Term | None:
        from rdflib import BNode, Literal, URIRef

        if term is None:
            return None
        if isinstance(term, URIRef):
            return cls("iri", str(term))
        if isinstance(term, BNode):
            return cls("bnode", str(term))
        if isinstance(term, Literal):
            if term.language:
                return cls("literal", str(term), lang=term.language)
            datatype = str(term.datatype) if term.datatype else None
            return cls("literal", str(term), datatype=None if datatype == XSD_STRING else datatype)
        return cls("literal", str(term))


IRI_REF = re.compile(r"<([^<>\"{}|^`\\\s]*)>")
ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^<>\"{}|^`\\\s]+")
LITERAL = re.compile(r'"((?:[^"\\]|\\.)*)"(?:@([A-Za-z]+(?:-[A-Za-z0-9]+)*)|\^\^(?:<([^<>\s]+)>|xsd:([A-Za-z]+)))?')
_BARE = re.compile(r"[+-]?\d+(\.\d+)?([eE][+-]?\d+)?|true|false")


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "r": "\r", "t": "\t"}.get(m.group(1), m.group(1)), text)


def parse_term(text: str) -> Term:
    """A term as written in SPARQL or Turtle: <iri>, "lit", "lit"@en, "lit"^^<dt>, "lit"^^xsd:x, 3, true."""
    text = text.strip()
    if m := IRI_REF.fullmatch(text):
        return Term("iri", m.group(1))
    if m := LITERAL.fullmatch(text):
        value, lang, dt_iri, dt_local = m.groups()
        if lang:
            return Term("literal", _unescape(value), lang=lang.lower())
        datatype = dt_iri or (XSD + dt_local if dt_local else None)
        return Term("literal", _unescape(value), datatype=None if datatype == XSD_STRING else datatype)
    if _BARE.fullmatch(text):
        if text in ("true", "false"):
            return Term("literal", text, datatype=XSD + "boolean")
        if re.fullmatch(r"[+-]?\d+", text):
            return Term("literal", text, datatype=XSD + "integer")
        return Term("literal", text, datatype=XSD + ("double" if "e" in text.lower() else "decimal"))
    raise ValueError(f"not an RDF term: {text!r}")
