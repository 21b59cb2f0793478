"""Recognize the clause that opens a resolution paragraph ("Urges", "Noting with concern").

The surface forms come from the action concept scheme (`skos:hiddenLabel` of each
concept); adverbs and other words come from `data/clauses.json`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..vocabulary import Vocabulary
from .component import package_rules

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
# "Being aware", "Having received", "Having been informed": the action is the word after
_AUXILIARY = re.compile(r"(?:Being|(?P<having>Having)(?: been)?)\s+(?=[a-z])")


@functools.lru_cache(maxsize=1)
def clause_rules() -> dict:
    """The clause rules data file."""
    return package_rules("precursor_kg.nlp.data", "clauses.json")


@dataclass(frozen=True)
class Opener:
    lemma: str
    start: int  # offsets of the verb (and its particle) in the text given to `match`
    end: int
    finite: bool  # "Urges" (operative) rather than "Urging"/"Concerned" (preambular)
    known: bool  # found in the action scheme rather than guessed from its ending
    bare: bool = False  # a verb's bare lemma ("Thank you …", "Demand and supply …"): a title's word, no paragraph's


class OpenerMatcher:
    """Find the action that opens a paragraph."""

    def __init__(self, vocabulary: Vocabulary, rules: dict | None = None):
        rules = rules or clause_rules()
        # Longest first: an adverb of several words wins over one that is its first word.
        adverbs = sorted(rules["adverbs"], key=len, reverse=True)
        self._adverb = re.compile("(?:" + "|".join(re.escape(a) for a in adverbs) + ") ", re.IGNORECASE)
        # a phrase set off by commas between a verb and its particle ("Calls, in this context, for")
        asides = sorted(rules["request_join_phrases"], key=len, reverse=True)
        self._aside = re.compile(r",\s+(?:" + "|".join(re.escape(a) for a in asides) + r"),\s+", re.IGNORECASE)
        self.not_openers = set(rules["not_openers"])
        self.glued = tuple(rules["glued_after_opener"])
        self.forms: dict[str, list[tuple[str, str, bool, bool]]] = {}
        for action in vocabulary.actions.values():
            lemma_head = action.lemma.split()[0]
            verb = any(form.split()[0].endswith("ing") for form in action.forms)  # "aware" is no verb
            for form in action.forms:
                head = form.split()[0]
                finite = head.endswith("s") and head != lemma_head
                self.forms.setdefault(head, []).append((form, action.lemma, finite, verb and form == action.lemma))
        for entries in self.forms.values():
            entries.sort(key=lambda e: len(e[0]), reverse=True)

    def match(self, text: str, pos: int = 0) -> Opener | None:
        """The opener at `pos` (after optional adverbs), or None."""
        if not text[pos : pos + 1].isupper():
            return None
        pos = self._skip_adverbs(text, pos)
        word = _WORD.match(text, pos)
        if not word:
            return None
        head = word.group().lower()
        lowered = text[pos : pos + 60].lower()
        if head not in self.forms and (glued := next((g for g in self.glued if head.endswith(g)), None)):
            head = head[: -len(glued)]  # "Approvesthe plans": the verb, then what was glued on
            lowered = lowered[: len(head)] + " " + lowered[len(head) :]
        for form, lemma, finite, bare in self.forms.get(head, ()):
            end = self._form_end(lowered, form)
            if end is not None:
                return Opener(lemma, pos, pos + end, finite, True, bare)
        auxiliary = _AUXILIARY.match(text, pos)
        if auxiliary:
            return self._after_auxiliary(text, pos, auxiliary)
        if head in self.not_openers or word.group().isupper():
            return None
        guessed = guess_lemma(head)
        if guessed is None:
            return None
        lemma, finite = guessed
        return Opener(lemma, pos, word.end(), finite, False)

    def cut_off(self, text: str, pos: int) -> Opener | None:
        """The opener of a paragraph whose text stops in its first word, at the end of a stored
        page ("Recal"): the shortest preambular participle it begins ("Recalling")."""
        word = _WORD.match(text, pos)
        if word is None or len(word.group()) < 3 or text[word.end() :].strip() or not word.group()[0].isupper():
            return None
        stub = word.group().lower()
        heads = sorted(
            (head for head, entries in self.forms.items() if head.startswith(stub) and head != stub
             and head.endswith("ing") and any(not finite for _, _, finite, _ in entries)),
            key=lambda h: (len(h), h),
        )
        if not heads:
            return None
        lemma = next(lemma for _, lemma, finite, _ in self.forms[heads[0]] if not finite)
        return Opener(lemma, pos, word.end(), False, True)

    def _after_auxiliary(self, text: str, pos: int, auxiliary: re.Match) -> Opener | None:
        """ "Being aware", "Having received", "Having been informed", "Being fully aware": the adjective's or the
        participle's action."""
        after = self._skip_adverbs(text, auxiliary.end())
        word = _WORD.match(text, after)
        if word is None:
            return None
        lowered = text[after : after + 60].lower()
        for form, lemma, _, _ in self.forms.get(word.group().lower(), ()):
            if lowered.startswith(form) and not lowered[len(form) : len(form) + 1].isalpha():
                return Opener(lemma, pos, after + len(form), False, True)
        lemma = participle_lemma(word.group().lower()) if auxiliary.group("having") else None
        return Opener(lemma, pos, word.end(), False, True) if lemma else None

    def _form_end(self, lowered: str, form: str) -> int | None:
        """Where `form` ends at the start of `lowered`, an adverb allowed after its first word of several
        ("Taking fully into account", "Bearing also in mind"), or a phrase set off by commas ("Calls, in this
        context, for"); None if it is not there."""
        if lowered.startswith(form) and not lowered[len(form) : len(form) + 1].isalpha():
            return len(form)
        first, _, rest = form.partition(" ")
        if not rest:
            return None
        if lowered.startswith(first + ","):
            between = self._aside.match(lowered, len(first))
        else:
            between = self._adverb.match(lowered, len(first) + 1) if lowered.startswith(first + " ") else None
        if between and lowered.startswith(rest, between.end()) and not lowered[between.end() + len(rest) :][:1].isalpha():
            return between.end() + len(rest)
        return None

    def _skip_adverbs(self, text: str, pos: int) -> int:
        while adverb := self._adverb.match(text, pos):
            pos = adverb.end()
        return pos


def participle_lemma(word: str) -> str | None:
    """ "informed" -> "inform", "received" -> "receive", "studied" -> "study", "committed" -> "commit"."""
    if len(word) < 5 or not word.endswith("ed"):
        return None
    if word.endswith("ied"):
        return word[:-3] + "y"
    stem = word[:-2]
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
        return stem[:-1]
    if re.search(
        r"(?:[^aeiou][aeiou][bcdgkmnprtvz]|at|iz|is|ur|iv|ov|ag|ud|uc|rg|ng|rc|rs|ei|us|nc)$", stem
    ) and not stem.endswith(("en", "er", "on", "rm")):
        return stem + "e"
    return stem


def guess_lemma(word: str) -> tuple[str, bool] | None:
    """Lemma of an unknown verb form: ("urge", True) for "urges", ("note", False) for "noting"."""
    if len(word) > 5 and word.endswith("ing"):
        stem = word[:-3]
        if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
            stem = stem[:-1]  # "committing" -> "commit"
        elif re.search(
            r"(?:[^aeiou][aeiou][bcdgkmnprtvz]|at|iz|is|ur|iv|ov|ag|ud|uc|rg|ng|rc|rs)$", stem
        ) and not stem.endswith(("en", "er", "on")):
            stem += "e"  # "noting" -> "note", "urging" -> "urge"
        return stem, False
    if len(word) > 5 and word.endswith("ed"):
        return word, False  # an adjectival opener: "alarmed", "determined"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        if word.endswith("ies"):
            return word[:-3] + "y", True
        if word.endswith(("sses", "shes", "ches", "xes", "zzes")):
            return word[:-2], True
        return word[:-1], True
    return None
