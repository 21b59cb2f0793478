"""`precursor_citations`: resolutions cited in the text, as symbols ("GA 62/176").

"General Assembly resolutions 56/24 V of 24 December 2001, 57/72 … and 59/86" gives one
span per symbol in `doc.spans["citations"]`, labelled with the symbol. The author is the
body named just before "resolution"; for "its resolution 62/176" or a bare "resolution
51/4" it is the symbol's style (1991/38 and 689 I (XXVI) are ECOSOC's, S-20/2 the Assembly's), else the
last adopting body named before in the paragraph, else the resolution's own body.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..kinds import EntityKind
from .component import DataComponent

_DATE = r"\d{1,2}\s+[A-Z][a-z]+\s+\d{4}"
_SYMBOL = (
    r"(?P<number>S-[ ]?\d{1,2}/\d{1,4}|\d{4}/\d{1,4}(?:\s?\([A-Z]{1,6}\))?|\d{1,3}/\d{1,4}"
    r"|\d{1,4}(?:\s?(?:[IVX]{1,3}\s?)?[A-Z](?:\s?[IVX]{1,3})?)?\s?\((?:S-)?[IVXLC]{1,8}\)|\d{3,4}\s?\(\d{4}\)"
    r"|[A-Z]\s?[IVX]{1,4}\s?\([IVXLC]{1,8}\)|[IVX]{1,4}\s?[A-Z]\s?\([IVXLC]{1,8}\))"  # the CND's early style: B I (X), II B (XI)
    r"(?:[ ](?P<section>[A-Z]|[IVX]{1,4})(?=[\s,;.)]|$))?"
)
_AUTHOR_AFTER = re.compile(r"\s+(?:in\s+the\s+report\s+)?of\s+(?:the\s+)?(?=[A-Z])")
_SAME_AUTHOR = re.compile(r"\s+resolutions?,?\s+(?:including|in particular|notably|such as|and in particular)")
_OLD_STYLE = re.compile(r"\d{1,4}(?:\s?(?:[IVX]{1,3}\s?)?[A-Z](?:\s?[IVX]{1,3})?)?\s?\((?:S-)?[IVXLC]{1,8}\)$")
# The first session whose resolutions are numbered session/number (before: "1395 (XIV)")
_FIRST_SLASH_SESSION = {"GA": 31, "CND": 30}
_ONE = re.compile(_SYMBOL)
# an item may carry its title: "59/156 of 20 December 2004, entitled “Preventing, combating …”, 71/322 of …"
# and a PDF's footnote marker after it, before or after its comma: "54/4 of 25 March 2011 8 and 55/4", "2010, 7 54/4"
_MARKER = r"(?:\s+\d{1,3}(?![\d/]))?"
_LIST_ITEM = rf"{_SYMBOL}(?:\s+of\s+{_DATE})?(?:,?\s+entitled\s+[“\"][^”\"]{{1,400}}[”\"])?{_MARKER}"
# between two items, the first one's subject: "2250 (2015) of 9 December 2015 on the maintenance of international
# peace and security and 2419 (2018) of 6 June 2018 on youth, peace and security"
_TOPIC = r"(?:\s+on\s+[a-z][^;:“”\"]{0,150}?)?"
# "[Rr](?<!\w[Rr])" is "\b[Rr]" written so that the pattern starts with a character: the regex
# engine then skips ahead to the candidates instead of trying every position (twice as fast).
_UNNAMED_ITEM = _LIST_ITEM.replace("?P<number>", "?:").replace("?P<section>", "?:")
_BETWEEN_ITEMS = r"(?:\s*[,;]\s*(?:\d{1,3}\s+(?=\d))?(?:and\s+)?|\s+and\s+)"  # a marker may follow the comma
_CITATION = re.compile(
    r"(?P<keyword>[Rr](?<!\w[Rr])esolutions?)\s+"
    + rf"(?P<list>{_UNNAMED_ITEM}(?:{_TOPIC}{_BETWEEN_ITEMS}{_UNNAMED_ITEM})*)"
)


class CitationFinder(DataComponent):
    rules_package = "precursor_kg.data"
    rules_name = "adopting_bodies.json"

    def setup(self) -> None:
        bodies = self.rules["bodies"]
        by_name = {e.name: e for e in self.vocabulary.entities.values()}
        self.code_by_iri = {by_name[b["name"]].iri: b["code"] for b in bodies if b["name"] in by_name}
        self.code_by_name = {b["name"]: b["code"] for b in bodies}

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        paragraphs = sorted(doc.spans["paragraphs"], key=lambda s: s.start_char) if "paragraphs" in doc.spans else []
        text = doc.user_data.get("text") or doc.text  # the Extractor keeps the text: Doc.text joins every token's
        ents = _Entities(doc)
        adopting = self.code_by_name.get(doc.user_data.get("adopting_body") or "")
        for m in _CITATION.finditer(text):
            if text[max(0, m.start() - 9) : m.start()].lower().endswith("decision "):
                continue
            named_after = self._named_after(text, m.end(), ents)
            for item in _ONE.finditer(m.group("list")):
                start = m.start("list") + item.start()
                end = m.start("list") + item.end()
                if named_after is not None:
                    code = named_after or None
                else:
                    code = self._author(text, m.start(), item.group("number"), paragraphs, ents, adopting)
                if code is None or not _plausible(code, item.group("number")):
                    continue
                number = re.sub(r"\s+", "", item.group("number"))
                # a section letter after a roman session joins it, as in a heading ("548(XVIII)H"); after
                # a slash number it stays apart ("56/24 V", FORMAT.md)
                section = item.group("section")
                symbol = f"{code} {number}" + (("" if "(" in number else " ") + section if section else "")
                span = doc.char_span(start, end, label=symbol, alignment_mode="expand")
                if span is not None:
                    spans.append(span)
        doc.spans["citations"] = spans
        return doc

    def _named_after(self, text: str, list_end: int, ents: _Entities) -> str | None:
        """ "resolutions 61/183 and 62/176 of the General Assembly", "resolution 4 (XV) in the report of the
        Commission on Narcotic Drugs": the author named after the list (its code; "" for a body whose symbols
        FORMAT.md does not define), else None."""
        of = _AUTHOR_AFTER.match(text, list_end, list_end + 40)
        if of is None:
            return None
        for ent in ents.starting_in(list_end + 1, of.end()):
            if ent.label_ == EntityKind.BODY:
                return self.code_by_iri.get(ent.kb_id_, "")
        return None

    def _author(
        self, text: str, keyword_start: int, number: str, paragraphs, ents: _Entities, adopting: str | None
    ) -> str | None:
        before_end = keyword_start
        while before_end > 0 and text[before_end - 1].isspace():
            before_end -= 1
        body = ents.body_ending_at.get(before_end)
        if body is None:
            # "Human Rights Council resolutions, including resolutions 23/9 …": the same author
            recent = [e for e in ents.ending_by(before_end) if e.label_ == EntityKind.BODY][-1:]
            if recent and _SAME_AUTHOR.fullmatch(text[recent[0].end_char : before_end]):
                body = recent[0]
        if body is not None:
            # None for a body whose symbols the format does not define (Human Rights Council…)
            return self.code_by_iri.get(body.kb_id_)
        last_word = re.search(r"(\w+)\W*$", text[max(0, before_end - 80) : before_end])
        if (
            last_word
            and last_word.group(1)[0].isupper()
            and last_word.group(1) not in ("Recalling", "Recalls", "Noting", "Notes")
        ):
            return None  # an author we do not know ("Human Rights Council resolution 7/12")
        if re.match(r"\d{4}/|\d{1,4}\s?[A-Z]\s?\(", number):
            return "ECOSOC"  # 1991/38, and the lettered parts of the old style: 689 I (XXVI)
        if re.match(r"\d{3,4}\s?\(\d{4}\)", number):
            return "SC"
        if number.startswith("S-"):
            return "GA"
        paragraph_start = 0
        for p in paragraphs:
            if p.start_char <= keyword_start:
                paragraph_start = p.start_char
        for ent in reversed(ents.ending_by(keyword_start)):
            if ent.start_char < paragraph_start:
                break
            if ent.kb_id_ in self.code_by_iri:
                return self.code_by_iri[ent.kb_id_]
        return adopting


def _plausible(code: str, number: str) -> bool:
    """Whether `code number` is a symbol that body can have had: the Assembly numbered its
    resolutions "1395 (XIV)" until its thirtieth session, so a "10/1" cited by it is some
    other body's (a Conference of the States Parties, the Human Rights Council)."""
    first = _FIRST_SLASH_SESSION.get(code)
    slash = re.match(r"(\d{1,3})/", number)
    if first and slash:
        return int(slash.group(1)) >= first
    if code == "ECOSOC" and _OLD_STYLE.match(number.strip()) is None and re.match(r"\d{1,3}/", number):
        return False  # the Council's symbols are 1955/588(XX) or 1991/38, never 10/1
    return True


class _Entities:
    """The Doc's entities, read once (doc.ents walks every token) and looked up by character offset."""

    def __init__(self, doc: Doc):
        self.ents = list(doc.ents)  # in order, not overlapping: starts and ends both ascend
        self.starts = [e.start_char for e in self.ents]
        self.ends = [e.end_char for e in self.ents]
        self.body_ending_at = {e.end_char: e for e in self.ents if e.label_ == EntityKind.BODY}

    def starting_in(self, low: int, high: int) -> list[Span]:
        return self.ents[bisect_left(self.starts, low) : bisect_right(self.starts, high)]

    def ending_by(self, offset: int) -> list[Span]:
        return self.ents[: bisect_right(self.ends, offset)]


@Language.factory("precursor_citations", requires=["doc.ents"], assigns=["doc.spans"], default_config={})
def make_citations(nlp: Language, name: str) -> CitationFinder:
    """Cited resolutions as `doc.spans["citations"]`, each labelled with its symbol ("GA 62/176")."""
    return CitationFinder()
