"""Text → typed extraction results: resolutions, paragraphs, actions, addressees, mentions, citations.

Every span in the results carries offsets into the *source* text (the decoded file),
so that the graph can point back at exactly the characters that gave each fact.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc

from .errors import NoResolutionError, SourceError
from .headings import symbol_of_running_head
from .kinds import EntityKind, ParagraphKind
from .nlp.openers import OpenerMatcher
from .nlp.pipeline import build_nlp
from .reader import CleanText, Footnote, Keyword, Source, clean, plain_letters, read_source
from .structure import Paragraph, Resolution, segment
from .vocabulary import Vocabulary, load_vocabulary


@dataclass(frozen=True)
class TextSpan:
    """A span of the source text: [start, end) and the characters between."""

    start: int
    end: int
    exact: str


@dataclass
class Mention:
    kind: str  # an EntityKind (as spaCy labels give it back, a plain string equal to the member)
    name: str
    iri: str | None  # None for a name the reference data does not hold
    spans: list[TextSpan] = field(default_factory=list)


@dataclass
class Addressee:
    name: str
    iri: str | None  # None for a group not in the reference data
    span: TextSpan


@dataclass
class Citation:
    symbol: str
    span: TextSpan


@dataclass
class RequestResult:
    """One clause of an operative paragraph in which the adopting body asks something of someone."""

    action: str
    action_iri: str | None
    span: TextSpan  # the clause's verb
    clause: TextSpan  # from the verb to the next request's verb (or the paragraph's end)
    opening: bool  # the paragraph's opening verb
    addressees: list[Addressee] = field(default_factory=list)


@dataclass
class SubParagraphResult:
    label: str
    span: TextSpan
    text: str


@dataclass
class ParagraphResult:
    kind: ParagraphKind
    number: str | None
    position: int
    span: TextSpan
    text: str  # whitespace collapsed
    starts: str
    action: str | None
    action_iri: str | None
    action_span: TextSpan | None
    addressees: list[Addressee] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    cites: list[Citation] = field(default_factory=list)
    requests: list[RequestResult] = field(default_factory=list)
    subparagraphs: list[SubParagraphResult] = field(default_factory=list)


@dataclass
class ResolutionResult:
    symbol: str | None
    body: str | None
    title: str | None
    adopted: str | None
    span: TextSpan
    symbol_span: TextSpan | None
    title_span: TextSpan | None
    fragment_index: int | None  # 1-based among the fragments of the file, for fragments
    paragraphs: list[ParagraphResult] = field(default_factory=list)


@dataclass
class DocumentResult:
    source: Source
    resolutions: list[ResolutionResult]
    keywords: list[Keyword]
    footnotes: list[Footnote]


class Extractor:
    """Runs the whole extraction; build one and reuse it (loading the pipeline costs time)."""

    def __init__(self, vocabulary: Vocabulary | None = None):
        self.vocabulary = vocabulary or load_vocabulary()
        self.nlp = build_nlp()
        self.openers = OpenerMatcher(self.vocabulary)

    def extract_path(self, path: str | Path) -> DocumentResult:
        return self.extract(read_source(path))

    def extract(self, source: Source) -> DocumentResult:
        text = clean(source.text)
        heads = tuple(filter(None, (symbol_of_running_head(h.symbol) for h in text.running_heads)))
        titles = [h.title for h in text.running_heads if symbol_of_running_head(h.symbol)]
        resolutions = segment(
            text.text, self.openers, tuple((c, n, t) for (c, n), t in zip(heads, titles, strict=False))
        )
        resolutions = _without_previews(resolutions)
        if not any(r.paragraphs for r in resolutions):
            raise NoResolutionError(source.name, "no resolution paragraph found in the text")
        limit = self.nlp.max_length
        pieces = [_parts(resolution, limit) for resolution in resolutions]
        if any(part.end - part.start > limit for parts in pieces for part in parts):
            raise SourceError(source.name, f"a paragraph is longer than the {limit:,} characters spaCy reads in one "
                                           "Doc (a resolution is cut only between paragraphs); not read")
        results = []
        fragments = 0
        for resolution, parts in zip(resolutions, pieces, strict=True):
            if resolution.is_fragment:
                fragments += 1
            results.append(self._resolution(text, resolution, parts, fragments if resolution.is_fragment else None))
        return DocumentResult(source, results, text.keywords, text.footnotes)

    # ------------------------------------------------------------------ one resolution
    def _resolution(self, text: CleanText, resolution: Resolution, parts: list[Resolution],
                    fragment_index: int | None) -> ResolutionResult:
        """`parts`: the resolution in pieces of whole paragraphs, each short enough for one Doc."""
        span = lambda s, e: _span(text, s, e)  # noqa: E731
        result = ResolutionResult(
            symbol=resolution.symbol,
            body=resolution.body if resolution.symbol else None,
            title=resolution.title,
            adopted=resolution.adopted,
            span=span(resolution.start, resolution.end),
            symbol_span=span(*resolution.symbol_span) if resolution.symbol_span else None,
            title_span=span(*resolution.title_span) if resolution.title_span else None,
            fragment_index=fragment_index,
        )
        referents = self._title_referents(resolution.title)  # what "the Board" last meant, piece to piece
        for part in parts:
            doc = self._doc(text.text, part, referents)
            for paragraph, found in zip(part.paragraphs, self._group_by_paragraph(doc, part), strict=False):
                result.paragraphs.append(self._paragraph(text, paragraph, found, part.start))
        return result

    def _title_referents(self, title: str | None) -> dict:
        """The back-reference state after reading the title: a page that starts mid-resolution says "the
        Convention" of the treaty its running head's title names, which no paragraph of the page names."""
        referents: dict = {}
        if title:
            doc = self.nlp.make_doc(title)
            doc.user_data["referents"] = referents
            doc.user_data["resolution_title"] = True
            for name in ("precursor_entity_ruler", "precursor_backrefs"):
                doc = self.nlp.get_pipe(name)(doc)
        return referents

    def _doc(self, text: str, resolution: Resolution, referents: dict) -> Doc:
        base = resolution.start
        # A single line break is a printed line's end, not the name's: "United Nations Office on Drugs and\nCrime"
        # is one name to the matchers, so the tokenizer reads it as a space (same length: offsets hold)
        doc = self.nlp.make_doc(_LINE_WRAP.sub(lambda m: m.group(1) + " ", text[base : resolution.end]))
        doc.user_data["text"] = text[base : resolution.end]  # Doc.text would join every token again
        doc.user_data["adopting_body"] = resolution.body
        doc.user_data["referents"] = referents
        doc.user_data["ends_the_text"] = not text[resolution.end :].strip()
        paragraphs, actions = [], []
        for p in resolution.paragraphs:
            span = doc.char_span(p.start - base, p.end - base, label=p.kind, alignment_mode="expand")
            if span is not None:
                paragraphs.append(span)
            if p.opener is not None:
                action = doc.char_span(
                    p.opener.start - base, p.opener.end - base, label=p.opener.lemma, alignment_mode="expand"
                )
                if action is not None:
                    actions.append(action)
        doc.spans["paragraphs"] = paragraphs
        doc.spans["actions"] = actions
        for _, component in self.nlp.pipeline:
            doc = component(doc)
        return doc

    def _group_by_paragraph(self, doc: Doc, resolution: Resolution) -> list[dict]:
        base = resolution.start
        groups = [{"mentions": [], "addressees": [], "cites": [], "requests": []} for _ in resolution.paragraphs]
        starts = [p.start - base for p in resolution.paragraphs]  # in order, not overlapping
        ends = [p.end - base for p in resolution.paragraphs]

        def owner(start_char: int) -> int | None:
            k = bisect_right(starts, start_char) - 1
            return k if k >= 0 and start_char < ends[k] else None

        modifiers = {(s.start, s.end) for s in doc.spans["name_owners"]}
        for ent in list(doc.ents) + list(doc.spans["nested_mentions"]) + list(doc.spans["unlisted_mentions"]):
            if (ent.start, ent.end) in modifiers and ent.kb_id_:
                continue  # "European Union" in "European Union Anti-Trafficking Coordinator"
            k = owner(ent.start_char)
            if k is not None:
                groups[k]["mentions"].append(ent)
        for key, group in (("addressees", "addressees"), ("cites", "citations"), ("requests", "requests")):
            for span in doc.spans[group]:
                k = owner(span.start_char)
                if k is not None:
                    groups[k][key].append(span)
        return groups

    def _requests(
        self, found: dict, opener_start: int | None, source_span, clause_span, paragraph_end: int
    ) -> tuple[list[Addressee], list[RequestResult]]:
        """The opening verb's addressees, and the requests, each addressee given to the nearest verb before it."""
        verbs = sorted(found["requests"], key=lambda v: v.start_char)
        starts = [v.start_char for v in verbs]
        later = [v.start_char for v in verbs if v.start_char != opener_start]
        first_later = later[0] if later else None
        opening: list[Addressee] = []
        per_verb: list[list[Addressee]] = [[] for _ in verbs]
        for span in sorted(found["addressees"], key=lambda a: a.start_char):
            addressee = Addressee(span.label_, span.kb_id_ or None, source_span(span))
            if first_later is None or span.start_char < first_later:
                if span.label_ not in {a.name for a in opening}:
                    opening.append(addressee)
            k = bisect_right(starts, span.start_char) - 1
            if k >= 0 and span.label_ not in {a.name for a in per_verb[k]}:
                per_verb[k].append(addressee)
        requests = []
        for k, (verb, asked) in enumerate(zip(verbs, per_verb, strict=False)):
            concept = self.vocabulary.actions.get(verb.label_)
            clause_end = starts[k + 1] if k + 1 < len(starts) else paragraph_end
            requests.append(
                RequestResult(
                    verb.label_,
                    concept.iri if concept else None,
                    source_span(verb),
                    clause_span(verb.start_char, clause_end),
                    verb.start_char == opener_start,
                    asked,
                )
            )
        return opening, requests

    def _mention(self, ent, printed: str, mentions: dict[str, Mention]) -> Mention | None:
        """The paragraph's mention of the entity `ent` names (offices are not mentions), made once; `printed`
        is the source text of the name."""
        if not ent.kb_id_:  # a name the reference data does not hold
            name = _BROKEN_HYPHEN.sub("-", " ".join(ent.text.split()))
            return mentions.setdefault(f"{ent.label_}:{name.lower()}", Mention(ent.label_, name, None))
        entity = self.vocabulary.entities[ent.kb_id_]
        if entity.kind == EntityKind.OFFICE:
            return None
        name = _printed_name(printed, ent.id_ or entity.name, entity)
        return mentions.setdefault(entity.iri, Mention(entity.kind, name, entity.iri))

    def _paragraph(self, text: CleanText, paragraph: Paragraph, found: dict, base: int) -> ParagraphResult:
        """`found` holds the paragraph's spans in the resolution's Doc, whose offsets start at `base`."""
        words = text.text[paragraph.text_start : paragraph.end].split()
        opener = paragraph.opener
        action = (self.vocabulary.actions.get(opener.lemma) or self.vocabulary.unclassified) if opener else None
        result = ParagraphResult(
            kind=paragraph.kind,
            number=paragraph.number,
            position=paragraph.position,
            span=_span(text, paragraph.start, paragraph.end),
            text=" ".join(words),
            starts=" ".join(words[:8]),
            action=opener.lemma if opener else None,
            action_iri=action.iri if action else None,
            action_span=_span(text, opener.start, opener.end) if opener else None,
        )

        def source_span(span) -> TextSpan:
            return _span(text, base + span.start_char, base + span.end_char)

        mentions: dict[str, Mention] = {}
        for ent in sorted(found["mentions"], key=lambda e: e.start_char):
            span = source_span(ent)
            mention = self._mention(ent, plain_letters(span.exact), mentions)  # as printed, in plain letters
            if mention is not None:
                mention.spans.append(span)
        result.mentions = list(mentions.values())

        def clause_span(start_char: int, end_char: int) -> TextSpan:
            piece = text.text[base + start_char : base + end_char].rstrip(" ,;:\n\t")
            piece = piece[:-4].rstrip(" ,;") if piece.endswith(" and") else piece
            return _span(text, base + start_char, base + start_char + len(piece))

        result.addressees, result.requests = self._requests(
            found, opener.start - base if opener else None, source_span, clause_span, paragraph.end - base
        )
        for span in found["cites"]:
            result.cites.append(Citation(span.label_, source_span(span)))
        for sub in paragraph.subparagraphs:
            result.subparagraphs.append(
                SubParagraphResult(
                    sub.label, _span(text, sub.start, sub.end), " ".join(text.text[sub.start : sub.end].split())
                )
            )
        return result


def _parts(resolution: Resolution, max_chars: int) -> list[Resolution]:
    """The resolution itself, or consecutive runs of whole paragraphs when it is longer than one Doc
    may be (spaCy's `max_length`); a single paragraph over the limit stays one piece, too long to read."""
    if resolution.end - resolution.start <= max_chars or len(resolution.paragraphs) < 2:
        return [resolution]
    parts, current = [], []
    for paragraph in resolution.paragraphs:
        if current and paragraph.end - current[0].start > max_chars:
            parts.append(current)
            current = []
        current.append(paragraph)
    parts.append(current)
    return [dataclasses.replace(resolution, start=ps[0].start, end=ps[-1].end, paragraphs=ps) for ps in parts]


def _without_previews(resolutions: list[Resolution]) -> list[Resolution]:
    """A resolution whose symbol the same text prints again later under another title is a site's preview of it
    (a document-sharing page shows the heading with a cut title and the start of the text, then the text): the
    later copy is the resolution, so that one symbol's IRI gets one title. Copies under the same title stay."""
    last = {r.symbol: r.title for r in resolutions if r.symbol}  # the title of each symbol's last copy
    return [r for r in resolutions if not r.symbol or r.title == last[r.symbol]]


def _span(text: CleanText, start: int, end: int) -> TextSpan:
    s, e = text.span_to_source(start, end)
    return TextSpan(s, e, text.source[s:e])


_LINE_WRAP = re.compile(r"(?<=\S)([ \t]*)\n(?=[ \t]*\S)")  # no blank line: inside a paragraph or a heading
# A compound broken after its hyphen at a line end ("Inter-\nagency", not "pre- and post-"), or printed with a
# stray space before it ("Al -Qaida")
_BROKEN_HYPHEN = re.compile(r"(?<=\w)- (?!(?:and|or)\b)(?=[A-Za-z])|(?<=[A-Za-z]) -(?=[A-Za-z])")


# Two words a print glued together ("SecretaryGeneral")
_GLUED = re.compile(r"[a-z][A-Z]")


def _printed_name(text: str, name: str, entity) -> str:
    """The name a reader quotes: as printed where the text spells this very name (`_as_spelled`) or another
    full name of the entity ("Office of Counter-Terrorism" of the "United Nations Office of Counter-Terrorism",
    not an acronym nor a short form), else the canonical name."""
    spelled = _as_spelled(text, name)
    printed = _BROKEN_HYPHEN.sub("-", " ".join(text.split()))
    if not any(c.isupper() for c in printed) and any(c.isupper() for c in name):
        return name  # a lower-case print describes ("the action plan for the prevention of underage recruitment")
    if _spelling_key(name).startswith(_spelling_key(printed)):
        return spelled  # the name without its date ("Single Convention on Narcotic Drugs" of "… of 1961")
    if spelled == name and any(
        _spelling_key(label) == _spelling_key(printed) and len(label.split()) >= 3 and not label.isupper()
        for label in entity.labels[1:]
    ):
        return printed
    return spelled


def _as_spelled(text: str, name: str) -> str:
    """The name as the text spells it where the text spells out this very name ("Organization for Security
    and Cooperation in Europe" for the label's "Co-operation", a curly apostrophe), else the name: readers
    quote a name as printed. A print that glued two words ("SecretaryGeneral") keeps the name."""
    printed = re.sub(r"-\s+|(?<=[A-Za-z]) -(?=[A-Za-z])", "-", " ".join(text.split()))
    if _GLUED.search(printed) or _spelling_key(printed) != _spelling_key(name):
        return name
    return printed


def _spelling_key(name: str) -> str:
    """A name with case, apostrophe style, hyphens and spaces ignored."""
    return re.sub(r"[\s\-‐‑]", "", name.casefold().replace("’", "'").replace("‘", "'"))


def eval_name(name: str) -> str:
    """Names as the scorer compares them: case folded, whitespace collapsed, leading "the" dropped."""
    name = " ".join(name.casefold().split())
    return re.sub(r"^the\s+", "", name)
