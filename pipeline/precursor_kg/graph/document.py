"""One source document's extraction → the triples of its named graph, with provenance.

The resolutions and paragraphs describe the UN's acts (ELI works) and carry no extraction provenance,
nor their English title and text: those are on their English expressions ({work}/expression/en).
That is on the record (the named graph: which source it was read from, by which run) and
on the evidence: every extracted statement gets a `pkg:Evidence`, a Web Annotation whose
body (`oa:hasBody`) is the statement (rdf:subject, rdf:predicate, rdf:object) and whose
target (`oa:hasTarget`) selects the characters of the source text that gave it.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from ..catalogue import CatalogueEntry
from ..extraction import DocumentResult, ParagraphResult, ResolutionResult, TextSpan
from ..kinds import EntityKind, ParagraphKind
from ..reader import Footnote
from ..vocabulary import Vocabulary
from .iris import ELI, EU_LANGUAGE, OA, PKGID, Minter
from .namespace import PKG
from .unsymbols import (
    CATALOGUE_NOTE,
    FRAGMENT_NOTE,
    composite_symbol,
    missing_symbol_note,
    un_document_symbol,
    undocs_page,
)

# The language of the texts the pipeline reads, as its expression IRIs name it (…/expression/en) and as ELI's
# eli:language takes it (a concept of the EU language authority table).
ENGLISH = ("en", EU_LANGUAGE.ENG)

# Why a span is annotated (Web Annotation motivations): it names whom or what the statement
# points to (identifying), or it says what the statement states (describing, the default).
MOTIVATIONS = {PKG.mentions: OA.identifying, PKG.addressee: OA.identifying,
               PKG.requestAddressee: OA.identifying, PKG.cites: OA.identifying}


@dataclass(frozen=True)
class Run:
    """The pipeline run that generated a document's graph."""

    iri: URIRef
    software: URIRef
    started: str  # xsd:dateTime


class DocumentGraphBuilder:
    def __init__(self, vocabulary: Vocabulary, minter: Minter):
        self.vocabulary = vocabulary
        self.minter = minter
        by_name = {e.name: e for e in vocabulary.entities.values()}
        self.body_iri = {name: URIRef(e.iri) for name, e in by_name.items() if e.kind == EntityKind.BODY}

    def build(self, result: DocumentResult, run: Run, catalogue: dict[int, CatalogueEntry] | None = None) -> Graph:
        """The document's graph; `catalogue` holds the corpus catalogue's entries for its fragments, by index."""
        return _Writer(self, result, run, catalogue or {}).write()


class _Writer:
    """Writes one document; keeps the evidence counter and the graph being filled."""

    def __init__(self, builder: DocumentGraphBuilder, result: DocumentResult, run: Run,
                 catalogue: dict[int, CatalogueEntry]):
        self.b = builder
        self.catalogue = catalogue
        self.m = builder.minter
        self.result = result
        self.run = run
        self.stem = result.source.stem
        self.source = self.m.source(self.stem)
        self.record = self.m.graph(self.stem)  # the named graph, as the record of the extraction
        self.g = Graph()
        self.evidence_count = 0
        self.spans_written: set[URIRef] = set()
        self.paragraphs_written: set[URIRef] = set()
        self.groups_written: set[URIRef] = set()
        self.footnotes_written: set[URIRef] = set()
        self.resolutions_at: list[tuple[int, URIRef]] = []  # (source start, IRI) of each resolution
        self.paragraphs_at: dict[URIRef, list[tuple[int, URIRef]]] = {}  # of each resolution, in order

    def add(self, s, p, o):
        self.g.add((s, p, o))

    def write(self) -> Graph:
        source, g = self.source, self.g
        self.add(source, RDF.type, PKG.SourceText)
        self.add(source, RDF.type, PROV.Entity)
        self.add(source, DCTERMS.identifier, Literal(self.result.source.name))
        self.add(source, PKG.sha256, Literal(self.result.source.sha256))
        self.add(source, PKG.characterCount, Literal(len(self.result.source.text), datatype=XSD.integer))
        self.add(self.run.iri, RDF.type, PROV.Activity)
        self.add(self.run.iri, PROV.startedAtTime, Literal(self.run.started, datatype=XSD.dateTime))
        self.add(self.run.iri, PROV.wasAssociatedWith, self.run.software)
        self.add(self.run.iri, PROV.used, source)
        self.add(self.run.software, RDF.type, PROV.SoftwareAgent)
        self.add(self.run.software, RDFS.label, Literal(f"precursor-kg {self.run.software.rsplit('/', 1)[-1]}"))
        self.add(self.record, RDF.type, PKG.Record)
        self.add(self.record, PROV.wasDerivedFrom, source)
        self.add(self.record, PROV.wasGeneratedBy, self.run.iri)
        subjects = [self.m.subject(k.term) for k in self.result.keywords]
        for keyword, concept in zip(self.result.keywords, subjects, strict=False):
            self.add(concept, RDF.type, SKOS.Concept)
            self.add(concept, SKOS.inScheme, PKGID.unbis)
            self.add(concept, SKOS.prefLabel, Literal(keyword.term.capitalize(), lang="en"))
            self.add(concept, SKOS.notation, Literal(keyword.term))
        for resolution in self.result.resolutions:
            self.resolution(resolution, subjects)
        for note in self.result.footnotes:
            self.footnote(note)
        return g

    # ------------------------------------------------------------------ resolutions
    def resolution(self, r: ResolutionResult, subjects: list[URIRef]) -> None:
        iri = self.m.resolution(r.symbol) if r.symbol else self.m.fragment(self.stem, r.fragment_index)
        self.add(iri, RDF.type, PKG.Resolution)
        self.add(self.record, PKG.describes, iri)
        if r.symbol:
            if not self.symbol(iri, r.symbol):
                self.add(iri, SKOS.editorialNote, Literal(missing_symbol_note(r.symbol), lang="en"))
            self.evidence(iri, PKG.symbol, Literal(r.symbol), r.symbol_span)
        else:
            self.add(iri, PKG.isFragment, Literal(True))
            self.add(iri, RDFS.label, Literal(f"Fragment {r.fragment_index} of {self.result.source.name}"))
            self.fragment_symbol(iri, self.catalogue.get(r.fragment_index))
        self.resolutions_at.append((r.span.start, iri))
        self.paragraphs_at[iri] = []
        expression = self.expression(iri, PKG.ResolutionExpression)
        if r.title:
            self.add(expression, DCTERMS.title, Literal(r.title, lang="en"))
            self.evidence(expression, DCTERMS.title, Literal(r.title, lang="en"), r.title_span)
        if r.body and r.body in self.b.body_iri:
            self.add(iri, PKG.adoptedBy, self.b.body_iri[r.body])
        if r.adopted:
            self.add(iri, PKG.dateAdopted, Literal(r.adopted, datatype=XSD.date))
        if r.symbol:
            for subject in subjects:
                self.add(iri, DCTERMS.subject, subject)
                self.add(iri, ELI.is_about, subject)  # ELI's subject of a legal resource
        for p in r.paragraphs:
            self.paragraph(iri, p)

    def symbol(self, resolution: URIRef, symbol: str) -> bool:
        """The symbol as read, and the UN document symbol with its undocs.org page where a rule gives one, on the
        resolution or, for a lettered ECOSOC resolution, on the composite resolution it is in. True if one was given."""
        self.add(resolution, PKG.symbol, Literal(symbol))
        self.add(resolution, RDFS.label, Literal(symbol))
        if composite := composite_symbol(symbol):
            whole = self.m.resolution(composite)
            self.add(whole, RDF.type, PKG.Resolution)
            self.add(resolution, PKG.inComposite, whole)
            return self.symbol(whole, composite)
        document_symbol = un_document_symbol(symbol)
        if document_symbol:
            self.add(resolution, PKG.documentSymbol, Literal(document_symbol))
            self.add(resolution, PKG.undocsPage, URIRef(undocs_page(document_symbol)))
        return document_symbol is not None

    def fragment_symbol(self, fragment: URIRef, entry: CatalogueEntry | None) -> None:
        """A fragment's UN document symbol, derived from the symbol the corpus catalogue names (not the text), with
        a note saying so; without a catalogue entry, a note saying why it has none."""
        if entry is None:
            self.add(fragment, SKOS.editorialNote, Literal(FRAGMENT_NOTE, lang="en"))
            return
        self.add(fragment, PKG.catalogueSymbol, Literal(entry.resolution))
        note = CATALOGUE_NOTE.format(symbol=entry.resolution, note=entry.note, source=entry.source)
        document_symbol = un_document_symbol(entry.resolution)
        if document_symbol:
            self.add(fragment, PKG.documentSymbol, Literal(document_symbol))
            self.add(fragment, PKG.undocsPage, URIRef(undocs_page(document_symbol)))
        else:
            note += " " + missing_symbol_note(entry.resolution)
        self.add(fragment, SKOS.editorialNote, Literal(note, lang="en"))

    def paragraph(self, resolution: URIRef, p: ParagraphResult) -> None:
        iri = self.m.paragraph(resolution, p.kind, p.position, p.number)
        if iri in self.paragraphs_written:  # a number printed twice: keep both paragraphs apart
            iri = URIRef(f"{iri}-{p.position}")
        self.paragraphs_written.add(iri)
        self.paragraphs_at[resolution].append((p.span.start, iri))
        self.add(iri, RDF.type, PKG.PreambularParagraph if p.kind == ParagraphKind.PREAMBULAR else PKG.OperativeParagraph)
        self.add(resolution, PKG.hasParagraph, iri)
        self.evidence(resolution, PKG.hasParagraph, iri, p.span)
        self.add(iri, PKG.inResolution, resolution)
        self.add(iri, PKG.position, Literal(p.position, datatype=XSD.integer))
        if p.number:
            self.add(iri, PKG.paragraphNumber, Literal(p.number))
        self.add(self.expression(iri, PKG.ParagraphExpression), PKG.text, Literal(p.text, lang="en"))
        label = f"{'operative paragraph ' + p.number if p.number else p.kind + ' paragraph ' + str(p.position)}"
        self.add(iri, RDFS.label, Literal(label))
        if p.action_iri:
            self.add(iri, PKG.action, URIRef(p.action_iri))
            self.evidence(iri, PKG.action, URIRef(p.action_iri), p.action_span)
        self.addressees(iri, PKG.addressee, p.addressees)
        for m in p.mentions:
            entity = URIRef(m.iri) if m.iri else self.unlisted(m.kind, m.name)
            self.add(iri, PKG.mentions, entity)
            for span in m.spans:
                self.evidence(iri, PKG.mentions, entity, span)
        for c in p.cites:
            cited = self.m.resolution(c.symbol)
            self.add(cited, RDF.type, PKG.Resolution)
            self.symbol(cited, c.symbol)
            self.add(iri, PKG.cites, cited)
            self.evidence(iri, PKG.cites, cited, c.span)
        for k, request in enumerate(p.requests, start=1):
            self.request(iri, k, request)
        for sub in p.subparagraphs:
            sub_iri = self.m.subparagraph(iri, sub.label)
            self.add(sub_iri, RDF.type, PKG.SubParagraph)
            self.add(iri, PKG.hasSubParagraph, sub_iri)
            self.add(sub_iri, PKG.subParagraphLabel, Literal(sub.label))
            self.add(self.expression(sub_iri, PKG.ParagraphExpression), PKG.text, Literal(sub.text, lang="en"))
            self.evidence(iri, PKG.hasSubParagraph, sub_iri, sub.span)

    def footnote(self, note: Footnote) -> None:
        """A footnote, on the resolution where its marker stands (without a marker, where its text is printed),
        marked in the last paragraph that starts before its marker; each link with the span that gave it."""
        anchor = note.marker.start if note.marker else note.start
        resolution = _last_before(self.resolutions_at, anchor) or self.resolutions_at[0][1]
        iri = self.m.footnote(resolution, note.number)
        if iri in self.footnotes_written:  # a number printed twice in one resolution
            iri = URIRef(f"{iri}-{note.start}")
        self.footnotes_written.add(iri)
        self.add(iri, RDF.type, PKG.Footnote)
        self.add(iri, RDFS.label, Literal(f"footnote {note.number}"))
        self.add(iri, PKG.footnoteNumber, Literal(note.number))
        self.add(iri, PKG.footnoteText, Literal(" ".join(note.text.split()), lang="en"))
        self.add(resolution, PKG.hasFootnote, iri)
        self.evidence(resolution, PKG.hasFootnote, iri, self.span(note.start, note.end))
        paragraph = note.marker and _last_before(self.paragraphs_at[resolution], note.marker.start)
        if paragraph:
            self.add(iri, PKG.markedIn, paragraph)
            self.evidence(iri, PKG.markedIn, paragraph, self.span(note.marker.start, note.marker.end))

    def span(self, start: int, end: int) -> TextSpan:
        return TextSpan(start, end, self.result.source.text[start:end])

    def expression(self, work: URIRef, kind: URIRef) -> URIRef:
        """The English expression of a resolution, paragraph or sub-paragraph (ELI): the work carries no text, its
        expression does, so that another language's expression can be added beside it."""
        code, language = ENGLISH
        iri = self.m.expression(work, code)
        self.add(iri, RDF.type, kind)
        self.add(iri, ELI.realizes, work)
        self.add(iri, ELI.language, language)
        return iri

    def request(self, paragraph: URIRef, position: int, q) -> None:
        """A request of an operative paragraph: its action, addressees, place and the clause that makes it."""
        if q.action_iri is None:
            return
        iri = URIRef(f"{paragraph}/request/{position}")
        self.add(iri, RDF.type, PKG.Request)
        self.add(paragraph, PKG.hasRequest, iri)
        self.evidence(paragraph, PKG.hasRequest, iri, q.clause)
        self.add(iri, RDFS.label, Literal(f"request {position} ({q.action})"))
        self.add(iri, PKG.requestPosition, Literal(position, datatype=XSD.integer))
        self.add(iri, PKG.isOpeningRequest, Literal(q.opening))
        self.add(iri, PKG.requestAction, URIRef(q.action_iri))
        self.evidence(iri, PKG.requestAction, URIRef(q.action_iri), q.span)
        self.addressees(iri, PKG.requestAddressee, q.addressees)

    def addressees(self, subject: URIRef, predicate: URIRef, addressees) -> None:
        """Whom a paragraph's opening verb or a request asks, each statement with its evidence."""
        for a in addressees:
            target = URIRef(a.iri) if a.iri else self.group(a.name)
            self.add(subject, predicate, target)
            self.evidence(subject, predicate, target, a.span)

    def group(self, name: str) -> URIRef:
        """An addressee group not in the reference data, labelled once per document."""
        target = self.m.group(name)
        if target not in self.groups_written:  # one label per group ("Members", "members")
            self.groups_written.add(target)
            self.add(target, RDF.type, PKG.AddresseeGroup)
            self.add(target, SKOS.prefLabel, Literal(name, lang="en"))
            self.add(target, RDFS.label, Literal(name, lang="en"))
        return target

    def unlisted(self, kind: str, name: str) -> URIRef:
        """A body, initiative or treaty the reference data does not hold, named as printed, once per document."""
        target = self.m.unlisted(kind, name)
        if target not in self.groups_written:
            self.groups_written.add(target)
            self.add(target, RDF.type, PKG[kind])
            self.add(target, RDF.type, PKG.UnlistedEntity)
            self.add(target, SKOS.prefLabel, Literal(name, lang="en"))
            self.add(target, RDFS.label, Literal(name, lang="en"))
        return target

    # ------------------------------------------------------------------ provenance
    def evidence(self, s, p, o, span: TextSpan | None) -> None:
        if span is None or span.end <= span.start:
            return
        self.evidence_count += 1
        ev = self.m.evidence(self.stem, self.evidence_count)
        statement = URIRef(f"{ev}/statement")
        target = self.m.span(self.stem, span.start, span.end)
        self.add(ev, RDF.type, PKG.Evidence)
        self.add(ev, OA.hasBody, statement)
        self.add(ev, OA.hasTarget, target)
        self.add(ev, OA.motivatedBy, MOTIVATIONS.get(p, OA.describing))
        self.add(ev, PROV.wasGeneratedBy, self.run.iri)
        self.add(statement, RDF.type, PKG.Statement)
        self.add(statement, RDF.subject, s)
        self.add(statement, RDF.predicate, p)
        self.add(statement, RDF.object, o)
        if target in self.spans_written:
            return
        self.spans_written.add(target)
        selector = URIRef(f"{target}/selector")
        self.add(target, RDF.type, OA.SpecificResource)
        self.add(target, OA.hasSource, self.source)
        self.add(target, OA.hasSelector, selector)
        self.add(selector, RDF.type, OA.TextPositionSelector)
        self.add(selector, RDF.type, OA.TextQuoteSelector)
        self.add(selector, OA.start, Literal(span.start, datatype=XSD.nonNegativeInteger))
        self.add(selector, OA.end, Literal(span.end, datatype=XSD.nonNegativeInteger))
        self.add(selector, OA.exact, Literal(span.exact))


def _last_before(starts: list[tuple[int, URIRef]], offset: int) -> URIRef | None:
    """The IRI of the (start, IRI) pair with the greatest start at or before `offset`."""
    before = [pair for pair in starts if pair[0] <= offset]
    return max(before, key=lambda pair: pair[0])[1] if before else None
