"""`precursor_backrefs`: resolve "the Board", "the Office", "the Commission" to the entity meant.

The referent is a treaty the resolution's title names (its subject: `doc.user_data["resolution_title"]`
marks the title's Doc), else the last entity named earlier in the resolution whose head (the words of
its name before the first lower-case one) holds the head word, else the adopting body
(`doc.user_data["adopting_body"]`) when its name holds it, else the head's default from
`data/backrefs.json`. "The Conference of the States Parties to the Convention" names the
organ of the treaty named last. A resolution too long for one Doc is read in pieces: the
referents named in the pieces before come in `doc.user_data["referents"]`, and go on from there.
"""

from __future__ import annotations

import re

import numpy
from spacy.attrs import LOWER, ORTH
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..kinds import EntityKind
from .component import DataComponent
from .ruler import NAME_CONNECTIVES


class BackReferenceResolver(DataComponent):
    rules_name = "backrefs.json"

    def setup(self) -> None:
        rules, vocabulary = self.rules, self.vocabulary
        by_name = {e.name: e for e in vocabulary.entities.values()}
        self.defaults = {h["head"]: by_name.get(h["default"]) if h["default"] else None for h in rules["heads"]}
        self.determiners = set(rules["determiners"])
        self.lower_case_after = set(rules["lower_case_after"])
        self.bare_before = set(rules["bare_before"])
        self.not_before = set(rules["not_before"])
        self.ordinals = set(rules["ordinals"])
        self.not_name_words = set(rules["not_name_words"])
        self.by_name = by_name
        self.organs = [
            (re.compile(rule["phrase"]), self._organs_of_treaties(rule["organ"]))
            for rule in rules.get("treaty_organs", [])
        ]
        self.truncated = _truncated_heads(vocabulary, rules["truncated_min_words"])
        self.short_form_iris, self.short_forms = _short_form_patterns(vocabulary)

    def _organs_of_treaties(self, organ: str) -> dict[str, object]:
        """{treaty IRI: its organ} for the organs whose prefLabel `organ` describes."""
        organs = {}
        for treaty in self.vocabulary.entities.values():
            if treaty.kind != EntityKind.TREATY:
                continue
            pattern = re.compile(organ.replace("{treaty}", re.escape(treaty.name)), re.I)
            found = next((e for e in self.vocabulary.entities.values() if pattern.fullmatch(e.name)), None)
            if found is not None:
                organs[treaty.iri] = found
        return organs

    def __call__(self, doc: Doc) -> Doc:
        ents = list(doc.ents)
        organ_spans, truncated_spans, short_spans, candidates = self._phrases(doc, ents)
        # The referents named before this Doc, when it is one piece of a longer resolution; updated
        # in place, so that the next piece starts from what this one named last.
        carried = doc.user_data.get("referents")
        if not candidates and not organ_spans and not truncated_spans and not short_spans and carried is None:
            return doc
        state = carried if carried is not None else {}
        for table in ("by_head", "by_truncated", "named"):
            state.setdefault(table, {})
        state.setdefault("unlisted", set())  # heads of the names no list holds read last
        state["covered"] = 0  # the end of the last short form resolved in this Doc
        events = sorted(
            [(ent.start, "ent", ent) for ent in ents]
            + [(span[0], "short", span) for span in short_spans]  # before a reference at its start
            + [(c[0], "ref", c) for c in candidates]
            + [(span[0], "organ", span) for span in organ_spans]
            + [(span[0], "truncated", span) for span in truncated_spans]
            + [(i, "unlisted", i) for i in self._unlisted_heads(doc, ents)],
            key=lambda e: e[0],
        )
        readers = {"ent": self._read_name, "short": self._short_form, "truncated": self._truncated,
                   "organ": self._organ, "ref": self._reference, "unlisted": self._read_unlisted}
        resolved = [span for _, what, item in events if (span := readers[what](doc, item, state)) is not None]
        if doc.user_data.get("resolution_title"):
            self._read_subject(ents, state)
        if resolved:
            doc.set_ents(filter_spans(resolved), default="unmodified")  # the other tokens keep their entity
        return doc

    def _unlisted_heads(self, doc: Doc, ents: list[Span]) -> list[int]:
        """Heads of names no list holds, outside the entities found: a head word after a capitalized word
        ("the Governing Board of the Institute") other than an ordinal ("the Fifteenth Congress" refers back)."""
        inside = {i for ent in ents for i in range(ent.start, ent.end)}
        heads = [doc.vocab.strings.add(head) for head in self.defaults]  # looked up on the array: see _candidates
        return [i for i in map(int, numpy.flatnonzero(numpy.isin(doc.to_array(ORTH), heads)))
                if i > 0 and i not in inside and doc[i - 1].is_title and doc[i - 1].lower_ not in self.determiners
                and doc[i - 1].text not in self.ordinals]

    def _read_subject(self, ents: list[Span], state: dict) -> None:
        """The treaties a resolution's title names are its subject: "the Convention" in "Implementation of the
        United Nations Convention against Corruption" means that Convention throughout, even after another
        Convention is named in full ("… the Convention on Psychotropic Substances of 1971, / Noting with
        satisfaction the broad support granted to the Convention")."""
        treaties = [self.vocabulary.entities[ent.kb_id_] for ent in ents if ent.label_ == EntityKind.TREATY]
        state["subject"] = {word: entity for entity in treaties for word in _head_words(entity.name)}
        if treaties:
            state["treaty"] = state["subject_treaty"] = treaties[0]

    def _read_unlisted(self, doc: Doc, i: int, state: dict) -> None:
        """A body no list holds was named last with this head: "the Board" after "the Governing Board of the
        Institute" means it, not the Board named before nor the default one."""
        state["by_head"].pop(doc[i].text, None)
        state["unlisted"].add(doc[i].text)

    def _read_name(self, doc: Doc, ent: Span, state: dict) -> None:
        """Remember an entity named: by its head words, its cut head, its place among the names read."""
        entity = self.vocabulary.entities[ent.kb_id_]
        state["unlisted"].difference_update(_head_words(entity.name))
        if entity.kind == EntityKind.TREATY:
            state["treaty"] = entity
        state["by_truncated"].update((_cut_head(label).casefold(), entity) for label in entity.labels)
        _remember(state, entity)

    def _short_form(self, doc: Doc, item: tuple, state: dict) -> Span | None:
        """A short form names the entity read last among those whose names it shortens."""
        start, end, iris = item
        seen = [iri for iri in iris if iri in state["named"]]
        if not seen:
            return None
        entity = self.vocabulary.entities[max(seen, key=state["named"].get)]
        state["covered"] = end
        _remember(state, entity)
        return Span(doc, start, end, label=entity.kind, kb_id=entity.iri)

    def _truncated(self, doc: Doc, item: tuple, state: dict) -> Span | None:
        start, end, key = item
        entity = state["by_truncated"].get(key)
        if entity is None:
            return None
        _remember(state, entity)
        return Span(doc, start, end, label=entity.kind, kb_id=entity.iri)

    def _organ(self, doc: Doc, item: tuple, state: dict) -> Span | None:
        """ "the Conference of the States Parties to the Convention": the organ of the treaty named last."""
        start, end, organs = item
        treaty = state.get("subject_treaty") or state.get("treaty")
        organ = organs.get(treaty.iri) if treaty else None
        if organ is None:
            return None
        state["by_head"].update((word, organ) for word in _head_words(organ.name))
        return Span(doc, start, end, label=organ.kind, kb_id=organ.iri)

    def _reference(self, doc: Doc, item: tuple, state: dict) -> Span | None:
        """ "the Board": the entity named last with that head word, else the adopting body, else the default."""
        start, i = item
        if i < state["covered"]:  # inside a short form resolved ("the Supervisory Body" of the Drug Supervisory Body)
            return None
        compound = start < i and _hyphenated(doc, i)
        head = doc[start].text + doc[i].lower_ if compound else doc[i].text  # "the Sub-Commission": Subcommission
        head = head.capitalize() if doc[i].is_lower else head  # "the said convention"
        adopting = self.by_name.get(doc.user_data.get("adopting_body") or "")
        entity = state.get("subject", {}).get(head) or state["by_head"].get(head)
        if entity is None and head in state["unlisted"]:
            return None
        if entity is None and adopting is not None and head in adopting.name.split():
            entity = adopting
        entity = entity or self.defaults.get(head)
        if entity is None or (start < i and not compound
                              and doc[start].text not in {*_head_words(entity.name), *self.ordinals}):
            return None
        state["by_head"][head] = entity
        return Span(doc, start, i + 1, label=entity.kind, kb_id=entity.iri)

    def _phrases(self, doc: Doc, ents: list[Span]) -> tuple[list, list, list, list]:
        """The organ phrases, cut names, short forms and back-reference candidates outside the entities found;
        "the Convention" inside "the Mechanism for the Review of Implementation of the Convention" is the organ's
        (a reference inside a short form that resolves is left out when the phrases are read)."""
        taken = {i for ent in ents for i in range(ent.start, ent.end)}
        organ_spans = self._organ_phrases(doc, taken)
        taken |= {i for start, end, _ in organ_spans for i in range(start, end)}
        short_spans = self._short_form_phrases(doc, taken)
        return organ_spans, self._truncated_phrases(doc, taken), short_spans, self._candidates(doc, taken)

    def _short_form_phrases(self, doc: Doc, taken: set[int]) -> list[tuple[int, int, list[str]]]:
        """Token spans of a name shortened to a run of its capitalized words after "the" ("the Global Plan
        of Action" for the "United Nations Global Plan of Action to Combat Trafficking in Persons"), outside
        the entities found and not followed by more of a name, with the IRIs of the names it may shorten."""
        text = doc.user_data.get("text") or doc.text  # the Extractor keeps the text: Doc.text joins it anew
        firsts = [doc.vocab.strings.add(first) for first in self.short_forms]
        spans = []
        for i in numpy.flatnonzero(numpy.isin(doc.to_array(LOWER), firsts)):
            token = doc[int(i)]
            if token.i == 0 or token.i in taken or doc[token.i - 1].text not in self.determiners:
                continue
            m = self.short_forms[token.lower_].match(text, token.idx)
            span = doc.char_span(m.start(), m.end()) if m and m.group()[:1].isupper() else None
            if span is None or not span[-1].text[:1].isupper() or self._goes_on(doc, span.end):
                continue
            if not any(j in taken for j in range(span.start, span.end)):
                spans.append((span.start, span.end, self.short_form_iris[_phrase_key(m.group())]))
        return spans

    def _candidates(self, doc: Doc, taken: set[int]) -> list[tuple[int, int]]:
        """(start, head) of each phrase that may refer back, outside the entities found: after a
        determiner ("the Board", "the Supervisory Body"), or bare before a word that allows it
        ("Commission resolution")."""
        candidates = []
        # Only the head words are looked at: a Token object for every word would cost more than the tokenizer.
        heads = [doc.vocab.strings.add(form) for head in self.defaults for form in (head, head.lower())]
        for i in numpy.flatnonzero(numpy.isin(doc.to_array(ORTH), heads)):
            token = doc[int(i)]
            if token.i in taken or (token.is_lower and not self._lower_case_allowed(doc, token.i)):
                continue
            nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
            name_goes_on = nxt is not None and nxt.text in self.not_before and self._name_goes_on(doc, nxt.i + 1)
            if name_goes_on or (nxt is not None and nxt.is_title and nxt.is_alpha):
                continue
            prev = _word_before(doc, token.i)
            before = _word_before(doc, prev.i) if prev is not None else None
            before_that = _word_before(doc, before.i) if before is not None else None
            if prev is not None and prev.text in self.determiners:
                candidates.append((token.i, token.i))
            elif _hyphenated(doc, token.i) and before_that is not None and before_that.text in self.determiners:
                candidates.append((before.i, token.i))  # "the Sub-Commission" for the Subcommission named before
            elif prev is not None and prev.text in self.ordinals:
                candidates.append((prev.i, token.i))  # "a fruitful Fourteenth Congress": the ordinal is enough
            elif prev is not None and prev.is_title and before is not None and before.text in self.determiners:
                candidates.append((prev.i, token.i))  # "the Supervisory Body": a modifier of the head
            elif nxt is not None and nxt.text in self.bare_before and (prev is None or _not_a_name_word(prev)):
                candidates.append((token.i, token.i))
        return candidates

    def _lower_case_allowed(self, doc: Doc, i: int) -> bool:
        """Whether a head printed in lower case refers back: after "said" ("the said convention")."""
        prev = _word_before(doc, i)
        return prev is not None and prev.text in self.lower_case_after

    def _goes_on(self, doc: Doc, end: int) -> bool:
        """Whether a name goes on after `end`: a capitalized word ("the Economic and Social Consequences"),
        or a connective before one ("the United Nations Conference for the Adoption of …")."""
        if end >= len(doc):
            return False
        return doc[end].is_title or (doc[end].lower_ in NAME_CONNECTIVES and self._name_goes_on(doc, end + 1)
                                     and not self._addressed_after(doc, end + 1))

    def _addressed_after(self, doc: Doc, i: int) -> bool:
        """Whether the words after a connective name whom the text turns to ("… of the Commission of Enquiry to
        the Governments of Bolivia and Peru"), which no name goes on with."""
        if i < len(doc) and doc[i].lower_ == "the":
            i += 1
        return i < len(doc) and doc[i].text in self.not_name_words

    def _name_goes_on(self, doc: Doc, i: int) -> bool:
        """Whether the words after "the Commission on" go on with a name ("on Narcotic Drugs"),
        not with the sentence ("by the Commission of a revised draft")."""
        if i < len(doc) and doc[i].lower_ == "the":
            i += 1
        return i < len(doc) and doc[i].is_title

    def _truncated_phrases(self, doc: Doc, taken: set[int]) -> list[tuple[int, int, str]]:
        """Token spans of a name cut after its head ("the open-ended intergovernmental expert group"),
        outside the entities found, with the head they name: UN style for a body named in full before.
        Only the words after "the" that open a head are looked at."""
        firsts = [doc.vocab.strings.add(first) for first in self.truncated]
        text = doc.user_data.get("text") or doc.text  # the Extractor keeps the text: Doc.text joins it anew
        spans = []
        for i in numpy.flatnonzero(numpy.isin(doc.to_array(LOWER), firsts)):
            token = doc[int(i)]
            if token.i == 0 or doc[token.i - 1].lower_ != "the":
                continue
            m = self.truncated[token.lower_].match(text, token.idx)
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand") if m else None
            if span is not None and not any(j in taken for j in range(span.start, span.end)):
                spans.append((span.start, span.end, _phrase_key(m.group())))
        return spans

    def _organ_phrases(self, doc: Doc, taken: set[int]) -> list[tuple[int, int, dict]]:
        """Token spans of the phrases naming a treaty's organ, outside the entities found."""
        spans = []
        for pattern, organs in self.organs:
            for m in pattern.finditer(doc.user_data.get("text") or doc.text):  # the Extractor keeps the text
                span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
                if span is not None and not any(i in taken for i in range(span.start, span.end)):
                    spans.append((span.start, span.end, organs))
        return spans


def _truncated_heads(vocabulary, min_words: int) -> dict[str, re.Pattern]:
    """The heads of the names that go on after them (`_cut_head`: "Open-ended intergovernmental expert group"
    of "… on model strategies on reducing reoffending"), long enough to name one entity alone: by their first word
    in lower case, a pattern of those that open with it, not followed by more of a name."""
    heads = {
        head for entity in vocabulary.entities.values() for label in entity.labels
        if len((head := _cut_head(label)).split()) >= min_words and head != label
    }
    return _patterns_by_first_word(heads, r"(?!\s+(?:on|of|for|to|against|in)\s+(?:the\s+)?[A-Z])")


def _patterns_by_first_word(names, tail: str = "") -> dict[str, re.Pattern]:
    """By the names' first word (up to a hyphen) in lower case, a pattern of the names that open with it,
    longest first, in any case and with any spaces between their words, then `tail`."""
    by_first: dict[str, set[str]] = {}
    for name in names:
        by_first.setdefault(re.split(r"\W", name, maxsplit=1)[0].casefold(), set()).add(name)
    return {
        first: re.compile(
            "(?:" + "|".join(r"\s+".join(map(_escape_word, n.split())) for n in sorted(group, key=len, reverse=True))
            + r")\b" + tail,
            re.I,
        )
        for first, group in by_first.items()
    }


def _escape_word(word: str) -> str:
    """A word as a pattern, a line break allowed after its hyphens ("open-\nended" in PDF text)."""
    return re.escape(word).replace(r"\-", r"-\s*")


def _phrase_key(phrase: str) -> str:
    """A phrase as printed, as the key of the names it matches: one space between words, none after a hyphen."""
    return re.sub(r"-\s+", "-", " ".join(phrase.split())).casefold()


def _cut_head(name: str) -> str:
    """The words of a name before its first connective: what a resolution keeps when it cuts the name ("the
    open-ended intergovernmental expert group" for the "Open-ended intergovernmental expert group on model
    strategies on reducing reoffending")."""
    words = name.split()
    return " ".join(words[: next((i for i, w in enumerate(words) if w in NAME_CONNECTIVES), len(words))])


def _short_form_patterns(vocabulary) -> tuple[dict[str, list[str]], dict[str, re.Pattern]]:
    """{a short form in lower case: the IRIs of the names it shortens}, and the short forms' patterns by first
    word, in any case ("the System-Wide Action Plan" for the "… System-wide Action Plan …")."""
    shorts = {" ".join(words): iris for words, iris in _short_forms(vocabulary).items()}
    return {short.casefold(): iris for short, iris in shorts.items()}, _patterns_by_first_word(shorts)


def _short_forms(vocabulary) -> dict[tuple[str, ...], list[str]]:
    """{a shortened name's words: the IRIs of the names it shortens}: every run of two or more words of a
    name that opens and ends with a capitalized word and keeps the name's head noun (the last word of
    `_cut_head`), unless it is itself a listed name ("United Nations" in "United Nations Global Plan of
    Action …" names the Organization)."""
    listed = {label.casefold() for e in vocabulary.entities.values() for label in e.labels}
    shorts: dict[tuple[str, ...], list[str]] = {}
    for entity in vocabulary.entities.values():
        words = tuple(entity.name.split())
        head = _cut_head(entity.name).split()[-1:] if len(words) >= 3 else []
        if not head or not head[0][:1].isupper():
            continue
        at = words.index(head[0])
        for i in range(at + 1):
            for j in range(max(at + 1, i + 2), len(words) + 1):
                run = words[i:j]
                if (
                    run != words
                    and run[0][:1].isupper()
                    and run[-1][:1].isupper()
                    and run[-1].isalpha()
                    and " ".join(run).casefold() not in listed
                ):
                    shorts.setdefault(run, []).append(entity.iri)
    return shorts




def _remember(state: dict, entity) -> None:
    """The entity named last, by its head words and its place among the names read; so is one named by a short or
    cut form ("the Commission of Enquiry …, the co-operation given to the Commission" refers to it)."""
    state["by_head"].update((word, entity) for word in _head_words(entity.name))
    state["names_read"] = state["named"][entity.iri] = state.get("names_read", 0) + 1


def _word_before(doc: Doc, i: int):
    """The token before `i` across line breaks ("the\n\nSeventh Congress" in PDF text), or None."""
    i -= 1
    while i >= 0 and doc[i].is_space:
        i -= 1
    return doc[i] if i >= 0 else None


def _hyphenated(doc: Doc, i: int) -> bool:
    """Whether the head at `i` ends a capitalized compound printed with a hyphen ("Sub-Commission")."""
    return i >= 2 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_ and not doc[i - 2].whitespace_ and (
        doc[i - 2].is_title)


def _not_a_name_word(token) -> bool:
    """Whether the word before a bare head ("Commission resolution 1 (S-IX)") leaves it alone: a
    lower-case word or a paragraph's opener ("Recalling"), not a name's ("Human Rights Council")."""
    return not token.is_title or token.lower_.endswith("ing")


def _head_words(name: str) -> list[str]:
    """The words of a name before its first lower-case word: what "the <head>" can refer to; and the head
    noun that ends a name written in lower case ("the Programme" for the "United Nations crime prevention
    and criminal justice programme")."""
    words = name.split()
    head = words[: next((i for i, w in enumerate(words) if w[:1].islower()), len(words))]
    return head + [words[-1].capitalize()] if words[-1][:1].islower() and words[-1].isalpha() else head


@Language.factory("precursor_backrefs", requires=["doc.ents"], assigns=["doc.ents"], default_config={})
def make_backrefs(nlp: Language, name: str) -> BackReferenceResolver:
    """ "the Board", "the Office" as entities of `doc.ents`, resolved to the entity meant."""
    return BackReferenceResolver()
