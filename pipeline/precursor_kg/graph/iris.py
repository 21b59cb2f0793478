"""Stable, readable IRIs for everything the pipeline writes (see docs/MODEL.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SH, SKOS, VOID, XSD

from ..kinds import ParagraphKind
from .namespace import PKG

DEFAULT_BASE = "https://w3id.org/precursor-kg/"
# The reference individuals' namespace: under the default base, whatever base a build mints its data under.
PKGID = Namespace(DEFAULT_BASE + "id/")
OA = Namespace("http://www.w3.org/ns/oa#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
# The EU Publications Office's language authority table, whose concepts ELI's eli:language takes.
EU_LANGUAGE = Namespace("http://publications.europa.eu/resource/authority/language/")

# The one prefix table: every namespace the package writes or shows, by its prefix.
PREFIXES = {
    "pkg": str(PKG), "pkgid": str(PKGID), "oa": str(OA), "eli": str(ELI), "prov": str(PROV), "dcterms": str(DCTERMS),
    "skos": str(SKOS), "org": str(ORG), "rdfs": str(RDFS), "rdf": str(RDF), "owl": str(OWL), "xsd": str(XSD),
    "sh": str(SH), "foaf": str(FOAF), "void": str(VOID),
}
# Those the exports, the SHACL reports and the command line's tables declare (the data's own).
DATA_PREFIXES = {name: PREFIXES[name] for name in
                 ("pkg", "pkgid", "oa", "prov", "dcterms", "skos", "org", "rdfs", "rdf", "owl", "xsd", "sh")}


def sparql_prologue(*names: str) -> str:
    """PREFIX declarations of the named prefixes, to open a query."""
    return "".join(f"PREFIX {name}: <{PREFIXES[name]}> " for name in names)


def slug(text: str) -> str:
    """Lower case, words joined by hyphens: "GA 56/24 V" -> "ga-56/24-v" (slashes kept)."""
    text = text.lower().replace("(", "-").replace(")", "")
    text = re.sub(r"[^a-z0-9/.-]+", "-", text)
    return re.sub(r"-{2,}", "-", text).strip("-")


@dataclass(frozen=True)
class Minter:
    """Mints the data IRIs under a configurable base."""

    base: str = DEFAULT_BASE

    def __post_init__(self):
        if not self.base.endswith(("/", "#")):
            object.__setattr__(self, "base", self.base + "/")

    def _iri(self, path: str) -> URIRef:
        return URIRef(self.base + path)

    def resolution(self, symbol: str) -> URIRef:
        """ "CND 51/10" -> {base}resolution/cnd/51/10 """
        body, _, number = symbol.partition(" ")
        return self._iri(f"resolution/{body.lower()}/{slug(number)}")

    def expression(self, work: URIRef, language: str) -> URIRef:
        """A work's version in one language: {resolution}/expression/en, {paragraph}/expression/en"""
        return URIRef(f"{work}/expression/{language}")

    def fragment(self, stem: str, index: int) -> URIRef:
        return self._iri(f"source/{stem}/fragment/{index}")

    def paragraph(self, resolution: URIRef, kind: ParagraphKind, position: int, number: str | None) -> URIRef:
        if kind == ParagraphKind.PREAMBULAR:
            return URIRef(f"{resolution}/preamble/{position}")
        return URIRef(f"{resolution}/operative/{number if number else f'u{position}'}")

    def subparagraph(self, paragraph: URIRef, label: str) -> URIRef:
        return URIRef(f"{paragraph}/{slug(label)}")

    def footnote(self, resolution: URIRef, number: str) -> URIRef:
        """{resolution}/footnote/3; an older document's "*/" note is footnote/asterisk."""
        return URIRef(f"{resolution}/footnote/{number.replace('*', 'asterisk')}")

    def source(self, stem: str) -> URIRef:
        return self._iri(f"source/{stem}")

    def graph(self, stem: str) -> URIRef:
        return self._iri(f"graph/{stem}")

    def special_graph(self, name: str) -> URIRef:
        """graph/ontology (ontology and reference data), graph/inferred (OWL RL conclusions)."""
        return self._iri(f"graph/{name}")

    def evidence(self, stem: str, n: int) -> URIRef:
        return self._iri(f"source/{stem}/evidence/{n}")

    def span(self, stem: str, start: int, end: int) -> URIRef:
        return self._iri(f"source/{stem}/span/{start}-{end}")

    def run(self, run_id: str) -> URIRef:
        return self._iri(f"run/{run_id}")

    def software(self, version: str) -> URIRef:
        return self._iri(f"software/precursor-kg/{version}")

    def group(self, name: str) -> URIRef:
        return self._iri(f"group/{slug(name)}")

    def unlisted(self, kind: str, name: str) -> URIRef:
        """A name the reference data does not hold: {base}unlisted/body/inter-agency-standing-committee"""
        return self._iri(f"unlisted/{kind.lower()}/{slug(name).replace('/', '-')}")

    def subject(self, term: str) -> URIRef:
        return PKGID[f"subject/{slug(term)}"]
