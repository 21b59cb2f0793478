"""`precursor_unlisted_names`: names of bodies, initiatives and treaties the reference data lacks.

Resolutions name many bodies and programmes that no list holds ("the Inter-Agency Standing
Committee", "the United Nations Voluntary Trust Fund on Contemporary Forms of Slavery"). A run
of capitalized words joined by connectors ("of", "on", "and", …) whose head noun is an
organizational word is taken as such a name, its kind given by the head (`data/names.json`).
The names go to `doc.spans["unlisted_mentions"]` (label: the kind) rather than `doc.ents`, so
that they may hold a listed name ("Mechanism for the Review of Implementation of the United
Nations Convention against Corruption" names the Convention too); a listed body that opens such
a name as its owner ("European Union Anti-Trafficking Coordinator") goes to
`doc.spans["name_owners"]`: it is a modifier of the name, not a mention of its own.
"""

from __future__ import annotations

import numpy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..headings import MONTHS
from ..kinds import EntityKind
from .component import DataComponent

_MONTHS = set(MONTHS.split("|"))

SPAN_KEY = "unlisted_mentions"
OWNERS_KEY = "name_owners"  # listed bodies that open an unlisted name: modifiers, not mentions


class UnlistedNames(DataComponent):
    rules_name = "names.json"

    def setup(self) -> None:
        rules = self.rules
        self.connectors = set(rules["connectors"])
        self.kind_of_head = {head: kind for kind, heads in rules["heads"].items() for head in heads}
        self.not_in_names = set(rules["not_in_names"])
        self.may_follow_a_head = set(rules["may_follow_a_head"])
        self.min_words = rules["min_words"]
        self.short_name_heads = set(rules["short_name_heads"])
        self.title_links = set(rules["title_links"])
        self.only_after = {word: set(before) for word, before in rules["not_in_names_only_after"].items()}
        self.places = {tuple(place.split()) for place in rules["meeting_places"]}
        self.topic_words = set(rules["topic_words"])

    def __call__(self, doc: Doc) -> Doc:
        listed = {i: ent for ent in doc.ents for i in range(ent.start, ent.end)}
        openers = {i for action in doc.spans["actions"] for i in range(action.start, action.end)}
        # A name needs a head noun outside the listed names: the runs are read only up to the last one
        # (looked up on the token array: a Token object for every word would cost more than the tokenizer)
        heads = [
            int(i)
            for i in numpy.flatnonzero(numpy.isin(doc.to_array(ORTH), self._head_ids(doc)))
            if int(i) not in listed
        ]
        found = []
        self._owners: list[Span] = []
        for paragraph in doc.spans["paragraphs"]:
            last_head = next((h for h in reversed(heads) if paragraph.start <= h < paragraph.end), None)
            if last_head is None:
                continue
            i = paragraph.start
            while i <= last_head:
                end = i if i in openers else self._run_end(doc, i, paragraph.end)
                if end > i:
                    span = self._name(doc, i, end, listed)
                    if span is not None:
                        found.append(span)
                i = max(end, i + 1)
        doc.spans[SPAN_KEY] = found
        doc.spans[OWNERS_KEY] = self._owners
        return doc

    def _head_ids(self, doc: Doc) -> list[int]:
        return [doc.vocab.strings.add(head) for head in self.kind_of_head]

    def _run_end(self, doc: Doc, start: int, limit: int) -> int:
        """The end of the run of capitalized words from `start` (== start where none begins)."""
        if not _capitalized(doc[start]):
            return start
        end = i = start + 1
        while i < limit:
            token = doc[i]
            if _capitalized(token) or token.like_num and doc[i - 1].lower_ == "of":
                end = i = i + 1
            elif token.is_space:  # a line break inside the name
                i += 1
            elif token.text == "-" and not doc[i - 1].whitespace_ and i + 1 < limit:
                i += 1  # "Inter-Agency", "Open-ended", "Inter-" at a line's end
                while i < limit and doc[i].is_space:
                    i += 1
                end = i = i + 1
            elif token.text in self.connectors and not self._joins_two_names(doc, start, i, limit):
                i += 1
            elif self._lists_inside_a_treaty_name(doc, start, i, limit):
                i += 1
            else:
                break
        return end

    def _lists_inside_a_treaty_name(self, doc: Doc, start: int, i: int, limit: int) -> bool:
        """A treaty's name goes on over a comma or "or" of its own list ("… the Illicit Import, Export and Transfer
        of Ownership of Cultural Property", "Convention on Stolen or Illegally Exported Cultural Objects"): the
        capitalized words after it close with "and" or "or" and another capitalized word before anything else."""
        if doc[i].text not in (",", "or") or not any(self.kind_of_head.get(t.text) == EntityKind.TREATY for t in doc[start:i]):
            return False
        if doc[i].text == "or":
            return i + 1 < limit and _capitalized(doc[i + 1]) and not doc[i + 1].ent_type_
        j = i + 1
        while j < limit and _capitalized(doc[j]) and not doc[j].ent_type_:
            j += 1
        return j > i + 1 and j + 1 < limit and doc[j].text in ("and", "or") and _capitalized(doc[j + 1])

    def _joins_two_names(self, doc: Doc, start: int, i: int, limit: int) -> bool:
        """ "and (the)" between two runs that each hold a head noun: two names ("the Secretary-General and
        the Office for Disarmament Affairs", "the Global Programme on Cybercrime and Global Programme on
        Violence against Children"), not one ("in Asia and the Pacific", "Crime Prevention and Criminal Justice")."""
        j = i + 1
        if j < limit and doc[j].text in ("of", "for", "to"):
            j += 1  # "the work of the Committee and of the Task Team"
        if doc[i].text != "and" or j >= limit:
            return False
        if doc[j].lower_ == "the":
            j += 1
        elif not any(t.text in self.kind_of_head for t in doc[start:i]):
            return False  # "Economic and Social Council": the words before hold no head of their own
        while j < limit and (_capitalized(doc[j]) or doc[j].text == "-" or doc[j].is_space):
            if doc[j].text in self.kind_of_head:
                return True
            j += 1
        return False

    def _not_a_name(self, doc: Doc, start: int, end: int) -> bool:
        """A run holding a word of a text or an event ("Declaration", "Plan") before its head noun, or a month;
        "Action" only in "of Action" / "for Action" ("Plan of Action", not "in Humanitarian Action"). After the
        head, a word of a text names what the body works on ("the Group of Friends of the Nelson Mandela Rules")."""
        headed = False
        for t in doc[start:end]:
            headed = headed or t.text in self.kind_of_head
            about_a_text = headed and t.text in self.may_follow_a_head
            if t.text in _MONTHS or (t.text in self.not_in_names and t.text not in self.only_after and not about_a_text):
                return True
            if t.text in self.only_after and t.i > start and doc[t.i - 1].text in self.only_after[t.text]:
                return True
        return False

    def _continues_title(self, doc: Doc, start: int) -> bool:
        """Whether the run at `start` continues a title that holds a word of `not_in_names`."""
        i = start - 1
        while i >= 0 and doc[i].text in self.title_links:
            i -= 1
        while i >= 0 and (_capitalized(doc[i]) or doc[i].text in self.connectors or doc[i].text == "-"):
            if doc[i].text in self.not_in_names:
                return True
            i -= 1
        return False

    def _cut(self, doc: Doc, start: int, end: int, listed: dict) -> int:
        """Where the name ends: before "of the" + a body, the body's own name, when the name has a subject of its own
        (else the owner is part of the name: "the General Secretariat of the International Criminal Police
        Organization"); before "in" + the city it sits in."""
        for i in range(start + 1, end - 1):
            if doc[i].text in ("in", "at") and tuple(t.text for t in doc[i + 1 : end] if not t.is_space) in self.places:
                return i
            if doc[i].text in ("of", "with") and doc[i + 1].text == "the":
                ent = listed.get(i + 2)
                if (
                    ent is not None
                    and ent.label_ in (EntityKind.BODY, EntityKind.OFFICE)
                    and not self._name_goes_on(doc, ent.end, end)
                    and any(t.text in self.topic_words for t in doc[start:i])
                    or i + 3 == end
                    and self.kind_of_head.get(doc[i + 2].text) == EntityKind.BODY
                ):
                    return i
        return end

    def _name_goes_on(self, doc: Doc, i: int, end: int) -> bool:
        """Whether the name goes on after the body it names ("Special Envoy of the Secretary-General
        on Disability and Accessibility"), so that the body is part of it."""
        return i + 1 < end and doc[i].text in ("on", "for") and _capitalized(doc[i + 1])

    def _name(self, doc: Doc, start: int, end: int, listed: dict) -> Span | None:
        while start < end and doc[start].text in ("The", "the"):
            start += 1
        owner = self._owner(doc, start, end, listed)
        while owner is None and start < end and (start in listed or doc[start].text in self.connectors):
            start += 1  # a run that opens with a listed name ("the Convention to the … Mechanism") starts after it
        end = _before_a_listed_conjunct(doc, start, self._cut(doc, start, end, listed), listed)
        while end > start and (doc[end - 1].is_space or doc[end - 1].text in self.connectors):
            end -= 1  # "the United Nations Development Account and" before a line break: no name ends in "and"
        words = [t.text for t in doc[start:end] if t.is_alpha]
        if not words or self._not_a_name(doc, start, end) or self._continues_title(doc, start):
            return None
        head = next((t for t in doc[start:end] if t.text in self.kind_of_head and t.i not in listed), None)
        if head is None:
            return None
        kind = self.kind_of_head[head.text]
        shortest = self.min_words[kind] - (head.text in self.short_name_heads)
        if len(words) < shortest or all(i in listed for i in range(start, end)):
            return None
        if doc[start].i in listed and listed[doc[start].i].start < start:
            return None  # begins inside a listed name
        if owner is not None:
            self._owners.append(owner)
        return Span(doc, start, end, label=kind)

    def _owner(self, doc: Doc, start: int, end: int, listed: dict) -> Span | None:
        """A listed body that opens a longer name as its owner, the name going straight on
        ("European Union Anti-Trafficking Coordinator", "International Organization for Migration
        Global Assistance Fund"): the name is one mention, the body its modifier, not a mention."""
        ent = listed.get(start)
        if ent is None or ent.start != start or ent.label_ != EntityKind.BODY or ent.end >= end:
            return None
        after = doc[ent.end]
        return ent if _capitalized(after) and after.text not in self.connectors else None


def _before_a_listed_conjunct(doc: Doc, start: int, end: int, listed: dict) -> int:
    """A run that ends "and (the) <listed name>" is two names: "the Secretariat and INTERPOL" ends before "and"."""
    ent = listed.get(end - 1)
    if ent is None or ent.end != end:
        return end
    i = ent.start - 1
    if i > start and doc[i].text == "the":
        i -= 1
    return i if i > start and doc[i].text == "and" else end


def _capitalized(token) -> bool:
    text = token.text
    return text[:1].isupper() and (token.is_alpha or text.replace("-", "").isalpha()) and text not in ("I",)


@Language.factory(
    "precursor_unlisted_names", requires=["doc.spans", "doc.ents"], assigns=["doc.spans"], default_config={}
)
def make_unlisted_names(nlp: Language, name: str) -> UnlistedNames:
    """Names of bodies, initiatives and treaties that the reference data lacks, in `doc.spans["unlisted_mentions"]`."""
    return UnlistedNames()
