"""`precursor_addressees`: the requests of each operative paragraph and whom they ask.

Reads the paragraphs (`doc.spans["paragraphs"]`) and their opening actions
(`doc.spans["actions"]`, labelled with the lemma) and writes `doc.spans["requests"]`: the verb
of each clause in which the adopting body asks something of someone (the opening one and later
ones joined by "and", ";", "also": "…, and encourages the Board to …"), labelled with its lemma;
and `doc.spans["addressees"]`: one span per addressee, labelled with its canonical name, `kb_id`
the reference IRI where the addressee is a known body, office or group. An addressee belongs to
the nearest verb before it (the opening action's, then each request's).

The addressee phrase runs from the verb to the infinitive it governs ("Urges Member
States *to* …"); parenthetical comma phrases are dropped, conjuncts split, articles,
quantifiers and modifiers such as "other relevant" dropped, relative clauses and
prepositional phrases cut, and adjective lists kept together
("international, regional and subregional institutions").
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left

import numpy
from spacy.attrs import LOWER
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from ..kinds import EntityKind, ParagraphKind
from .component import DataComponent

_ENTITY_KINDS = {EntityKind.BODY, EntityKind.OFFICE}


class AddresseeFinder(DataComponent):
    rules_name = "clauses.json"

    def setup(self) -> None:
        rules, vocabulary = self.rules, self.vocabulary
        self.addressing = set(rules["addressing_actions"])
        self.that_clause = set(rules["that_clause_actions"])
        self.doer_actions = set(rules["doer_actions"])
        self.relative = set(rules["relative_words"])
        self.phrase_stops = set(rules["phrase_stops"])
        self.drop = set(rules["drop_words"])
        self.dropped_after_of = set(rules["dropped_after_of"])
        self.pronouns = set(rules["pronouns"])
        self.interruptions = set(rules["interruptions"])
        self.nouns_without_s = set(rules["plural_nouns_without_s"])
        self.not_verbs = set(rules["not_verbs"])
        self.adverbs = {a for a in rules["adverbs"] if " " not in a}
        self.request_actions = set(rules["request_actions"])
        self.join_phrases = [p.split() for p in rules["request_join_phrases"]]
        self.prepositions = {lemma: set(words) for lemma, words in rules["addressee_prepositions"].items()}
        self.preposition_required = set(rules["preposition_required"])
        self.articles_after_the_asked = set(rules["articles_after_the_asked"])
        self.object_prepositions = {lemma: set(words) for lemma, words in rules["object_prepositions"].items()}
        self.nouns_in_ly = set(rules["nouns_in_ly"])
        self.noun_cues = set(rules["request_noun_cues"])
        self.renewed = {key: set(words) for key, words in rules["renewed_requests"].items()}
        self.continuations = [words.split() for words in rules["np_continuations"]]
        self.system_kinds = set(rules["system_entity_kinds"])
        self.system_kind_modifiers = set(rules["system_entity_modifiers"])
        self.not_addressee_heads = set(rules["not_addressee_heads"])
        self.qualifiers = set(rules["group_qualifiers"])
        self.of_possessive = set(rules["of_possessive"])
        self.instrument_nouns = set(rules["instrument_nouns"])
        self.treaty_complement_heads = set(rules["treaty_complement_heads"])
        self.input_nouns = set(rules["input_nouns"])
        self.not_addressee_suffixes = tuple(rules["not_addressee_suffixes"])
        self.named_back = set(rules["named_back_references"])
        self.request_forms: dict[str, list[tuple[list[str], str]]] = {}  # "calls" -> [(["calls", "upon"], "call upon")]
        for action in vocabulary.actions.values():
            if action.lemma not in self.request_actions | self.renewed["verbs"]:
                continue
            for form in action.forms:
                words = form.split()
                if words[0].endswith("s") and words[0] != action.lemma.split()[0]:
                    self.request_forms.setdefault(words[0], []).append((words, action.lemma))
        for entries in self.request_forms.values():
            entries.sort(key=lambda e: len(e[0]), reverse=True)
        self._request_head_ids = _ids(sorted(self.request_forms))
        self.continuing = re.compile(r"\b" + r"\s+".join(rules["continuing_request"]) + r"\b", re.I)
        self.base_forms = sorted(((lemma.split(), lemma) for lemma in self.request_actions), key=lambda f: -len(f[0]))
        self.groups = {}
        for entity in vocabulary.by_kind(EntityKind.GROUP):
            for label in entity.labels:
                self.groups[label.lower()] = entity
        self.finite_forms = {
            form.split()[0]
            for action in vocabulary.actions.values()
            for form in action.forms
            if form.split()[0].endswith("s") and form.split()[0] != action.lemma.split()[0]
        }
        self._finite_ids = _ids(sorted(self.finite_forms))
        self._sentence_end_ids = _ids([";", "."])
        self._comma_and_ids = _ids([",", "and"])

    # ------------------------------------------------------------------ component
    def __call__(self, doc: Doc) -> Doc:
        found, requests = [], []
        marks = _Marks(doc, self._sentence_end_ids, self._finite_ids, self._comma_and_ids, self._request_head_ids)
        actions = {a.start_char: a for a in doc.spans["actions"]} if "actions" in doc.spans else {}
        for paragraph in doc.spans["paragraphs"] if "paragraphs" in doc.spans else []:
            if paragraph.label_ != ParagraphKind.OPERATIVE:
                continue
            action = next(
                (a for a in actions.values() if paragraph.start_char <= a.start_char < paragraph.end_char), None
            )
            verbs = self._later_requests(doc, marks, paragraph, action.end if action is not None else paragraph.start)
            renewed = self._renewed_request(doc, action, paragraph) if action is not None else None
            if action is not None and (action.label_ in self.request_actions or renewed is not None):
                verbs.insert(0, Span(doc, action.start, action.end, label=action.label_))
            if action is not None and action.label_ in self.addressing and action.label_ not in self.request_actions:
                found.extend(self._addressees(doc, marks, action, paragraph))
            previous: list[Span] = []
            for verb in verbs:
                renewed = self._renewed_request(doc, verb, paragraph)
                if renewed is not None:
                    asked = self._addressees(doc, marks, verb, paragraph, start=renewed)
                else:
                    asked = self._addressees(doc, marks, verb, paragraph) if verb.label_ in self.addressing else []
                if not asked and verb.end < paragraph.end and doc[verb.end].lower_ in ("it", "them", "their"):
                    asked = self._pronoun(doc, verb.end, paragraph.start, previous)
                if not asked and verb.label_ in self.preposition_required:
                    continue  # "Draws attention to the defects …": nobody's attention is drawn, nobody is asked
                requests.append(verb)
                found.extend(asked)
                previous = asked or previous
        doc.spans["addressees"] = found
        doc.spans["requests"] = requests
        return doc

    def _renewed_request(self, doc: Doc, action: Span, paragraph: Span) -> int | None:
        """Where whom a renewed request asks begins ("Reiterates its invitation to | Governments", "its
        request, made to | the Secretary-General"), or None."""
        if action.label_ not in self.renewed["verbs"] or action.end + 3 > paragraph.end:
            return None
        determiner, noun = doc[action.end].lower_, doc[action.end + 1].lower_
        if determiner not in self.renewed["determiners"] or noun not in self.renewed["nouns"]:
            return None
        i = action.end + 2
        while i < paragraph.end - 1 and doc[i].lower_ in self.renewed["before_preposition"]:
            i += 1
        return i + 1 if doc[i].lower_ in self.renewed["prepositions"] else None

    def _pronoun(self, doc: Doc, i: int, start: int, previous: list[Span]) -> list[Span]:
        """ "… and requests it / them to …": "them" is whom the clause before asked; "it", that
        clause's single addressee, else the last body named before the pronoun."""
        if doc[i].lower_ == "it" and len(previous) != 1:
            body = next((t for t in reversed(doc[start:i]) if t.ent_iob_ == "B" and t.ent_type_ == EntityKind.BODY), None)
            if body is None:
                return []
            return [Span(doc, i, i + 1, label=self.vocabulary.entities[body.ent_kb_id_].name, kb_id=body.ent_kb_id_)]
        return [Span(doc, i, i + 1, label=a.label_, kb_id=a.kb_id_) for a in previous]

    def _join_phrase_before(self, doc: Doc, last: int, start: int) -> int | None:
        """The token before a phrase such as "in this regard" ending at `last`, or None."""
        for words in self.join_phrases:
            first = last - len(words) + 1
            if first > start and [t.lower_ for t in doc[first : last + 1]] == words:
                return first - 1
        return None

    def _later_requests(self, doc: Doc, marks: _Marks, paragraph: Span, start: int) -> list[Span]:
        """Finite request verbs after the opening clause, joined to it by "and", ";" or ","."""
        found = []
        for i in marks.between(marks.request_heads, start, paragraph.end):
            entries = self.request_forms.get(doc[i].lower_)
            if not entries or doc[i].ent_type_:
                continue
            if (
                entries[0][1] in self.renewed["verbs"]
                and self._renewed_request(doc, Span(doc, i, i + 1, label=entries[0][1]), paragraph) is None
            ):
                continue  # "reaffirms" is a request only when it renews one
            if not self._joined_to_clause_before(doc, i, start):
                continue
            for words, lemma in entries:
                end = i + len(words)
                if end <= paragraph.end and [t.lower_ for t in doc[i:end]] == words:
                    if len(words) == 1 and end < paragraph.end and doc[end].lower_ in self.noun_cues:
                        break
                    found.append(Span(doc, i, end, label=lemma))
                    break
        found += self._continued_requests(doc, paragraph, start)
        return sorted(found, key=lambda span: span.start)

    def _continued_requests(self, doc: Doc, paragraph: Span, start: int) -> list[Span]:
        """ "…, and continues to call for their full implementation": the body goes on asking, a request of
        the verb after "continues to"."""
        found, text = [], doc.user_data.get("text") or doc.text  # the Extractor keeps the text: Doc.text joins it anew
        for m in self.continuing.finditer(text, paragraph.start_char, paragraph.end_char):
            at = doc.char_span(m.start(), m.end())
            if at is None or at.start < start or not self._joined_to_clause_before(doc, at.start, start):
                continue
            for words, lemma in self.base_forms:
                end = at.end + len(words)
                if end <= paragraph.end and [t.lower_ for t in doc[at.end : end]] == words:
                    found.append(Span(doc, at.end, end, label=lemma))
                    break
        return found

    def _joined_to_clause_before(self, doc: Doc, i: int, start: int) -> bool:
        """Whether the clause at `i` follows the one before after "and", ";" or "," (adverbs and "in this regard"
        between), not inside a name's date ("the Single Convention on Narcotic Drugs, 1961, calls for")."""
        before = i - 1
        while before > start and (doc[before].lower_ in self.adverbs or doc[before].is_space):
            before -= 1  # a PDF's double space is a token of its own
        joined = self._join_phrase_before(doc, before, start)
        if joined is not None:
            before = joined
        if before < start or doc[before].lower_ not in ("and", ";", ","):
            return False
        return not (doc[before].lower_ == "," and _closes_a_year(doc, before))

    # ------------------------------------------------------------------ phrase
    def _addressees(
        self, doc: Doc, marks: _Marks, action: Span, paragraph: Span, start: int | None = None
    ) -> list[Span]:
        """Whom `action` asks: the noun phrases after it (or after `start`) up to the clause's end."""
        start = action.end if start is None else start
        end = paragraph.end
        while start < end and doc[start].lower_ in self.adverbs:
            start += 1
        after_preposition = start < end and doc[start].lower_ in self.prepositions.get(action.label_, ())
        if after_preposition:
            start += 1
            end = self._object_start(doc, start, end, self.object_prepositions.get(action.label_, set()))
        elif action.label_ in self.preposition_required:
            return []  # "Draws attention to the obligations of Governments": nobody's attention is drawn
        start = self._after_input_asked_for(doc, start, end)
        that_clause = start < end and doc[start].lower_ == "that" and action.label_ in self.that_clause
        if that_clause:
            start += 1
        stop = self._phrase_end(doc, start, end, that_clause)
        tokens = self._without_interruptions(doc, start, stop)
        if after_preposition:
            tokens = self._without_repeated_preposition(doc, tokens, doc[start - 1].lower_)
        tokens = tokens[: next((k for k, i in enumerate(tokens) if self._stops_phrase(doc[i])), len(tokens))]
        results = [self._with_treaty(doc, span) for span in self._from_conjuncts(doc, tokens)]
        results += self._elliptical(doc, marks, stop, end, {s.label_ for s in results})
        askable = [bool(span.kb_id_) or self._may_be_asked(span) for span in results]
        if askable and not askable[0] and action.label_ not in self.doer_actions:
            askable = [bool(span.kb_id_) for span in results]  # "Encourages the consideration of …, access and
            # legal titles to land": what is encouraged first is a thing, and so are the phrases after it
        asked = [span for span, ask in zip(results, askable, strict=True) if ask]
        if not asked and action.label_ in self.doer_actions:
            return self._doers(doc, tokens)
        return asked

    def _without_repeated_preposition(self, doc: Doc, tokens: list[int], preposition: str) -> list[int]:
        """The phrase without its preposition printed again before each conjunct ("Draws the attention of the
        General Assembly, of the specialized agencies concerned, and especially of the … organs, to …"); where a
        conjunct has a complement in that preposition of its own, the others share its head ("the … authorities of
        the United Nations and of the specialized agencies") and the phrase is kept as printed."""
        first_conjunct = itertools.takewhile(lambda i: not _separates_conjuncts(doc[i]), tokens)
        if any(doc[i].lower_ == preposition for i in first_conjunct):
            return tokens
        kept: list[int] = []
        for i in tokens:
            if kept and _separates_conjuncts(doc[kept[-1]]) and doc[i].lower_ in self.adverbs | {preposition}:
                continue
            kept.append(i)
        return kept

    def _object_start(self, doc: Doc, start: int, end: int, prepositions: set[str]) -> int:
        """Where what is asked for opens after "to <addressee>": an article straight after a noun, or one of the
        action's `prepositions` ("Draws the attention of Governments to …")."""
        for i in range(start + 1, end):
            if doc[i].lower_ in prepositions and doc[i].ent_iob_ != "I":
                return i
            before = doc[i - 1]
            if doc[i].lower_ in self.articles_after_the_asked and before.is_alpha and not before.is_stop:
                return i
        return end

    def _with_treaty(self, doc: Doc, span: Span) -> Span:
        """ "Parties to the 1971 Convention …" under that name: a bare "parties" keeps the treaty it is party to
        ("parties to those treaties")."""
        if len(span) != 1 or span[0].lower_ not in self.treaty_complement_heads or span.end + 1 >= len(doc):
            return span
        determiner = doc[span.end + 1].lower_ in self.dropped_after_of | {"the"}
        at = span.end + 1 + determiner
        treaty = next((e for e in _entities_in(doc, at, at + 1) if e.label_ == EntityKind.TREATY), None)
        if doc[span.end].lower_ != "to" or at >= len(doc):
            return span
        if treaty is not None:
            end = treaty.end
        elif determiner and doc[at].lower_ in self.instrument_nouns:
            end = at + 1  # "parties to those treaties": the treaties named before
        else:
            return span
        return Span(doc, span.start, end, label=" ".join(doc[span.start : end].text.split()), kb_id=span.kb_id_)

    def _after_input_asked_for(self, doc: Doc, start: int, end: int) -> int:
        """ "invites further comments from Member States": whom the request asks comes after "from"."""
        for i in range(start, min(start + 3, end - 2)):
            if doc[i].lower_ in self.input_nouns and doc[i + 1].lower_ == "from":
                return i + 2
        return start

    def _doers(self, doc: Doc, tokens: list[int]) -> list[Span]:
        """Those whose work a commendation praises: "Commends the efforts of the Institute", "the action
        already taken by Governments" commend the Institute and Governments."""
        at = next((k for k, i in enumerate(tokens) if doc[i].lower_ in ("of", "by")), None)
        if at is None:
            return []
        return [span for span in self._from_conjuncts(doc, tokens[at + 1 :]) if span.kb_id_ or self._may_be_asked(span)]

    def _stops_phrase(self, token) -> bool:
        return token.lower_ in self.phrase_stops and token.ent_iob_ != "I"

    def _may_be_asked(self, span: Span) -> bool:
        """Whether a group's phrase names someone who can be asked (not "the collection of good practices")."""
        words = span.text.split()
        if "of" in words:  # the head is before its complement ("States members of the Subcommission on … Matters")
            words = words[: words.index("of")]
        if not words or any(w.lower() in self.not_addressee_heads for w in words) or (
            span.label_.lower() in self.not_addressee_heads
        ):
            return False  # no words before its "of": a complement, no one asked ("of the Commission", cut)
        first, head = words[0], words[-1]
        if len(words) > 1 and words[1].islower() and _plural_word(words[1]):
            first = head  # a noun modifying a plural head ("development agencies", "development stakeholders")
        return not any(
            w.islower() and w.endswith(self.not_addressee_suffixes) and w not in self.nouns_without_s
            for w in (first, head)
        )

    def _phrase_end(self, doc: Doc, start: int, end: int, that_clause: bool) -> int:
        seen_head = False
        for i in range(start, end):
            token = doc[i]
            if token.ent_iob_ == "I":
                continue
            if token.text in (";", ":", ".") or token.lower_ in ("for", "on", "upon"):
                return i
            if token.lower_ == "of" and i > start and i + 1 < end and doc[i + 1].lower_ in self.of_possessive:
                return i
            if token.lower_ == "to" and self._infinitive_follows(doc, i + 1, end):
                while i - 1 > start and self._manner_adverb(doc[i - 1]):
                    i -= 1  # "Urges all Governments seriously to consider": the adverb is the request's
                return i
            if token.lower_ in self.finite_forms and i > start and doc[i - 1].lower_ in ("and", ","):
                return i - 1
            if token.lower_ in self.finite_forms and (joined := self._join_phrase_before(doc, i - 1, start)) is not None:
                return joined  # "…, and to this end encourages the consideration of …": the next clause
            if that_clause:
                if seen_head and token.lower_ == "of":
                    seen_head = False  # "that the Governments of the importing countries take"
                    continue
                if seen_head and self._clause_verb(token) and not self._ends_a_continuation(doc, i):
                    return i
                if token.ent_type_ or token.is_title or token.lower_.endswith("s"):
                    seen_head = True
        return end

    def _ends_a_continuation(self, doc: Doc, i: int) -> bool:
        """Whether doc[i] is the last word of a name's continuation ("system" in "of the United Nations system")."""
        return any(
            i + 1 >= len(c) and [t.lower_ for t in doc[i + 1 - len(c) : i + 1]] == c for c in self.continuations
        )

    def _manner_adverb(self, token) -> bool:
        lower = token.lower_
        return token.is_lower and (lower in self.adverbs or lower.endswith("ly") and lower not in self.nouns_in_ly)

    def _clause_verb(self, token) -> bool:
        """Whether a lower-case word after the subject of a that-clause is its verb ("develop",
        "address"), not a plural noun that continues the subject ("States members")."""
        return token.is_lower and token.is_alpha and token.lower_ not in ("and", "or") and not _plural_noun(token)

    def _infinitive_follows(self, doc: Doc, i: int, end: int) -> bool:
        """A verb follows at i, perhaps after adverbs ("to further strengthen", "to fully and effectively implement")."""
        while i < end and (
            doc[i].lower_ in self.adverbs
            or (doc[i].lower_.endswith("ly") and doc[i].is_alpha)
            or (doc[i].lower_ in ("and", ",") and i + 1 < end and doc[i + 1].lower_.endswith("ly"))
        ):
            i += 1
        return i < end and self._verb_like(doc[i]) and not _plural_noun(doc[i])

    def _verb_like(self, token) -> bool:
        return (
            token.is_alpha and token.is_lower and token.lower_ not in self.drop and token.lower_ not in self.not_verbs
        )

    def _without_interruptions(self, doc: Doc, start: int, stop: int) -> list[int]:
        """Token indices of the phrase with parenthetical ", in cooperation with …," parts left out."""
        ends_with_comma = stop > start and doc[stop - 1].text == ","
        last_comma = stop - 1 if ends_with_comma else None
        kept, i = [], start
        while i < stop:
            token = doc[i]
            nxt = doc[i + 1] if i + 1 < stop else None
            if (
                token.text == ","
                and nxt is not None
                and nxt.lower_ in self.interruptions
                and not nxt.ent_type_
                and not _as_well_as(doc, i + 1)
            ):
                close = next((j for j in range(i + 1, stop) if doc[j].text == ","), stop)
                if last_comma is not None and close < last_comma and not self._conjunct_follows(doc, close, stop):
                    close = last_comma
                i = close + 1 if close < stop else stop
                if close < stop and close != last_comma:
                    kept.append(close)  # keep the closing comma: it may separate conjuncts
                continue
            kept.append(i)
            i += 1
        while kept and doc[kept[-1]].text == ",":
            kept.pop()
        return kept

    def _conjunct_follows(self, doc: Doc, comma: int, stop: int) -> bool:
        return comma + 1 < stop and (doc[comma + 1].lower_ in ("and", "or") or _as_well_as(doc, comma + 1))

    def _from_conjuncts(self, doc: Doc, tokens: list[int]) -> list[Span]:
        conjuncts, current = [], []
        for i in tokens:
            token = doc[i]
            inside_entity = token.ent_iob_ == "I"
            if not inside_entity and (token.text == "," or token.lower_ in ("and", "or") or _as_well_as(doc, i)):
                if current:
                    conjuncts.append(current)
                current = []
                continue
            current.append(i)
        if current:
            conjuncts.append(current)
        conjuncts = self._places_joined(doc, conjuncts)
        shared = self._shared_complements(doc, conjuncts)
        results: list[Span] = []
        pending: list[int] = []  # adjective-only conjuncts waiting for their noun
        previous_np: list[int] | None = None
        complement = False  # the conjunct before ends in "to …" ("States parties to those conventions")
        for k, conjunct in enumerate(conjuncts):
            joins = complement and self._names_an_instrument(doc, conjunct)
            complement = joins or self._ends_in_complement(doc, conjunct)
            if joins:
                continue  # "… and protocols": more of the complement, not an addressee
            entity = self._entity(doc, conjunct)
            if entity is not None:
                results.append(entity)
                pending, previous_np = [], None
                continue
            distributed = self._shared_head(doc, previous_np, conjunct)
            if distributed is not None:
                results.append(distributed)
                continue
            np = self._noun_phrase(doc, conjunct)
            if not np:
                continue
            if not self._has_head(doc[_head(doc, np)]):
                pending = pending or np
                continue
            if pending:
                span = doc[pending[0] : np[-1] + 1]
                results.append(self._group_span(span, span.text))
                pending, previous_np = [], None
                continue
            bare = len(conjunct) == 1 and doc[conjunct[0]].is_lower
            proper_modifier = previous_np and all(doc[i].is_title or doc[i].is_upper for i in previous_np[:-1])
            if bare and previous_np and len(previous_np) > 1 and doc[previous_np[-1]].is_lower and proper_modifier:
                modifier = doc[previous_np[0] : previous_np[-1]].text
                results.append(self._group_span(doc[np[0] : np[-1] + 1], f"{modifier} {doc[np[0]].text}"))
                continue
            span = doc[np[0] : np[-1] + 1]
            name = self._named_before(doc, span) or self._without_determiners(span)
            results.append(self._group_span(span, f"{name} {shared[k]}" if k in shared else name))
            previous_np = np
        return results

    def _shared_complements(self, doc: Doc, conjuncts: list[list[int]]) -> dict[int, str]:
        """ "the specialized agencies, funds and programmes of the United Nations system": the kinds of system entity
        before the last conjunct share its "of the United Nations …" (FORMAT.md distributes what conjuncts share)."""
        shared: dict[int, str] = {}
        for k, conjunct in enumerate(conjuncts):
            words = [doc[i].lower_ for i in conjunct]
            at = next((j for j in range(1, len(words) - 2) if words[j : j + 3] == ["of", "the", "united"]), None)
            if at is None or words[at - 1] not in self.system_kinds:
                continue
            complement = " ".join(doc[conjunct[at] : conjunct[-1] + 1].text.split())
            before = k - 1
            while before >= 0 and self._a_system_kind(doc, conjuncts[before]):
                shared[before] = complement
                before -= 1
        return shared

    def _a_system_kind(self, doc: Doc, conjunct: list[int]) -> bool:
        words = [doc[i] for i in conjunct if doc[i].lower_ not in self.drop]
        return (0 < len(words) <= 2 and words[-1].lower_ in self.system_kinds
                and all(w.lower_ in self.system_kind_modifiers for w in words[:-1]))

    def _shared_head(self, doc: Doc, previous_np: list[int] | None, conjunct: list[int]) -> Span | None:
        """ "the technical assistance authorities of the United Nations and of the specialized agencies": a conjunct
        that is another "of" complement shares the head of the noun phrase before it (FORMAT.md distributes
        what conjuncts share), one addressee each, read from the whole coordination."""
        if not previous_np or doc[conjunct[0]].lower_ != "of":
            return None
        of = next((k for k in range(1, len(previous_np)) if doc[previous_np[k]].lower_ == "of"), None)
        np = self._noun_phrase(doc, conjunct)
        if of is None or len(np) < 2:
            return None
        complement = doc[np[0] : np[-1] + 1].text
        return self._group_span(doc[previous_np[0] : np[-1] + 1], f"{doc[previous_np[0] : previous_np[of]].text} {complement}")

    def _places_joined(self, doc: Doc, conjuncts: list[list[int]]) -> list[list[int]]:
        """ "the Governments of Bolivia and Peru", "the Governments of the Latin American and Caribbean countries": a
        conjunct of proper names (and at most a plural noun after them), after one ending "of" + proper names, completes
        that complement (one addressee as printed), unless it names an entity or a group."""
        joined: list[list[int]] = []
        for conjunct in conjuncts:
            before = joined[-1] if joined else None
            names = conjunct[:-1] if len(conjunct) > 1 and _plural_noun(doc[conjunct[-1]]) else conjunct
            names_only = len(names) <= 3 and all(doc[i].is_title and not doc[i].ent_type_ for i in names)
            if (before and names_only and self._ends_in_place(doc, before)
                    and doc[conjunct[0]].text.lower() not in self.groups):
                joined[-1] = before + list(range(before[-1] + 1, conjunct[-1] + 1))
            else:
                joined.append(conjunct)
        return joined

    def _ends_in_place(self, doc: Doc, conjunct: list[int]) -> bool:
        """Whether a conjunct ends in "of" (+ "the") and one or two proper names no list holds ("of Bolivia",
        "of the Latin American")."""
        for size in (1, 2):
            tail, rest = conjunct[-size:], conjunct[:-size]
            if rest and doc[rest[-1]].lower_ == "the" and len(rest) > 1:
                rest = rest[:-1]
            if (len(rest) >= 2 and doc[rest[-1]].lower_ == "of"
                    and all(doc[i].is_title and not doc[i].ent_type_ for i in tail)):
                return True
        return False

    def _ends_in_complement(self, doc: Doc, conjunct: list[int]) -> bool:
        np = self._noun_phrase(doc, conjunct)
        return bool(np) and np[-1] < conjunct[-1] and doc[np[-1] + 1].lower_ == "to"

    def _names_an_instrument(self, doc: Doc, conjunct: list[int]) -> bool:
        """Whether a conjunct names a treaty or an instrument ("protocols", "the Protocols thereto")."""
        if any(ent.label_ == EntityKind.TREATY for ent in _entities_in(doc, conjunct[0], conjunct[-1] + 1)):
            return True
        words = [doc[i].lower_ for i in conjunct if doc[i].is_alpha]
        return bool(words) and words[-1] in self.instrument_nouns

    def _named_before(self, doc: Doc, span: Span) -> str | None:
        """ "the Government" after "the Government of Afghanistan" earlier in the text: the name it stands for."""
        if span.text not in self.named_back or span.start == 0 or doc[span.start - 1].lower_ != "the":
            return None
        for i in range(span.start - 2, max(0, span.start - _BACK_REACH) - 1, -1):
            if doc[i].text == span.text and i + 2 < len(doc) and doc[i + 1].text == "of" and _capitalized(doc[i + 2]):
                end = i + 3
                while end < len(doc) and (_capitalized(doc[end]) or doc[end].text in ("of", "the")):
                    end += 1
                while doc[end - 1].text in ("of", "the"):
                    end -= 1
                return doc[i:end].text
        return None

    def _entity(self, doc: Doc, conjunct: list[int]) -> Span | None:
        for ent in _entities_in(doc, conjunct[0], conjunct[-1] + 1):
            askable = ent.label_ in _ENTITY_KINDS or (ent.kb_id_ and self.vocabulary.entities[ent.kb_id_].addressable)
            if not askable or ent.end > conjunct[-1] + 1:
                continue
            before = doc[ent.start - 1] if ent.start > conjunct[0] else None
            if before is not None and before.lower_ == "the" and ent.start - 2 >= conjunct[0]:
                before = doc[ent.start - 2]
            if before is not None and before.lower_ == "of" and before.i != conjunct[0]:
                continue
            if any(doc[j].lower_ in self.relative and not doc[j].ent_type_ for j in range(conjunct[0] + 1, ent.start)):
                continue  # "non-governmental organizations in consultative status with the Council": not the Council
            return Span(doc, ent.start, ent.end, label=self._name(ent), kb_id=ent.kb_id_)
        return None

    def _name(self, ent: Span) -> str:
        """The canonical name, or the former name the entity was named by (the ruler's `id_`)."""
        return ent.id_ or self.vocabulary.entities[ent.kb_id_].name

    def _noun_phrase(self, doc: Doc, conjunct: list[int]) -> list[int]:
        words = list(conjunct)
        while words and (doc[words[0]].lower_ in self.drop or doc[words[0]].is_punct or doc[words[0]].lower_ == "to"):
            words.pop(0)  # "Appeals to Governments … and to foundations": the preposition again
        k = 0
        while k < len(words):
            i = words[k]
            continued = self._continuation(doc, words, k)
            if continued:
                k += continued
                continue
            if k > 0 and (self._of_complement(doc, words, k) or doc[i].ent_iob_ == "I"):
                k += 1
                continue
            participle = doc[i].lower_.endswith(("ed", "ing")) and doc[i].is_lower and self._has_head(doc[words[k - 1]])
            if k > 0 and (doc[i].lower_ in self.relative or (doc[i].is_punct and not _in_word(doc[i])) or participle):
                words = words[:k]
                break
            k += 1
        while words and (doc[words[-1]].lower_ in self.drop or doc[words[-1]].is_punct):
            words.pop()
        if not words or (len(words) == 1 and doc[words[0]].lower_ in self.pronouns):
            return []
        return words

    def _continuation(self, doc: Doc, words: list[int], k: int) -> int:
        """How many words from words[k] continue the name ("of the United Nations system"), else 0."""
        for continuation in self.continuations:
            piece = [doc[i].lower_ for i in words[k : k + len(continuation)]]
            if k > 0 and piece == continuation:
                return len(continuation)
        return 0

    def _of_complement(self, doc: Doc, words: list[int], k: int) -> bool:
        """Whether words[k] is an "of" that says who the head is ("Governments of the importing
        countries", "States members of the Subcommission"), not what it does ("the use of")."""
        head = doc[words[k - 1]]
        return (
            doc[words[k]].lower_ == "of"
            and k + 1 < len(words)
            and self._has_head(head)
            and head.lower_ not in self.not_addressee_heads
            and (head.lower_ in self.nouns_without_s or not head.lower_.endswith(self.not_addressee_suffixes))
        )

    def _has_head(self, token) -> bool:
        word = token.lower_
        return (
            token.is_title
            or token.is_upper
            or (word.endswith("s") and not word.endswith("ous"))
            or word in self.nouns_without_s
        )

    def _without_determiners(self, span: Span) -> str:
        """The phrase without a demonstrative after its "of" ("Governments of those countries" -> "Governments of
        countries"): FORMAT.md drops determiners and modifiers from an addressee, inside it as at its start."""
        kept = [t for t in span
                if not (t.lower_ in self.dropped_after_of and t.i > span.start and t.nbor(-1).lower_ == "of")]
        return "".join(t.text_with_ws for t in kept).strip() if len(kept) < len(span) else span.text

    def _group_span(self, span: Span, text: str) -> Span:
        """A group under its name as printed (FORMAT.md: the head noun phrase: "specialized agencies" stays),
        linked to the reference group it is; a qualified name ("States parties to the Convention")
        under the group's name that opens it."""
        printed = " ".join(text.split())
        group = self.groups.get(printed.lower())
        if group is None:
            return Span(span.doc, span.start, span.end, label=printed)
        opening = group.name.lower() + " "
        qualified = printed.lower().startswith(opening) and printed[len(opening) :].split()[0] in self.qualifiers
        name = group.name if qualified else printed
        return Span(span.doc, span.start, span.end, label=name, kb_id=group.iri)

    def _elliptical(self, doc: Doc, marks: _Marks, stop: int, end: int, known: set[str]) -> list[Span]:
        """ ", and States parties to implement": a second addressee of the same verb,
        looked for up to the end of the sentence or the next finite verb."""
        found = []
        limit = max(stop, end - 3)
        limit = min(
            limit, marks.next(marks.sentence_ends, stop, limit), marks.next(marks.finite_verbs, stop + 1, limit)
        )
        for i in marks.between(marks.commas_and, stop, limit):
            j = i + 2
            k = j
            while k < end and doc[k].lower_ != "to" and k - j < 6:
                k += 1
            if k < end - 1 and doc[k].lower_ == "to" and self._infinitive_follows(doc, k + 1, end):
                np = self._noun_phrase(doc, list(range(j, k)))
                if np:
                    span = doc[np[0] : np[-1] + 1]
                    group = self.groups.get(span.text.lower())
                    entity = self._entity(doc, np)
                    hit = entity or (self._group_span(span, span.text) if group else None)
                    if hit is not None and hit.label_ not in known:
                        found.append(hit)
        return found


class _Marks:
    """Where sentence ends, finite verbs, request verbs and ", and" are in a Doc, found once from its array of
    lower-case word IDs: a Token object for every word would cost more than the tokenizer."""

    def __init__(
        self,
        doc: Doc,
        sentence_end_ids: numpy.ndarray,
        finite_ids: numpy.ndarray,
        comma_and_ids: numpy.ndarray,
        request_head_ids: numpy.ndarray,
    ):
        lower = doc.to_array(LOWER)
        self.request_heads = numpy.flatnonzero(numpy.isin(lower, request_head_ids)).tolist()
        self.sentence_ends = numpy.flatnonzero(numpy.isin(lower, sentence_end_ids)).tolist()
        self.finite_verbs = numpy.flatnonzero(numpy.isin(lower, finite_ids)).tolist()
        comma, conjunction = comma_and_ids
        self.commas_and = numpy.flatnonzero((lower[:-1] == comma) & (lower[1:] == conjunction)).tolist()

    @staticmethod
    def next(positions: list[int], start: int, end: int) -> int:
        """The first of `positions` in [start, end), else end."""
        k = bisect_left(positions, start)
        return positions[k] if k < len(positions) and positions[k] < end else end

    @staticmethod
    def between(positions: list[int], start: int, end: int) -> list[int]:
        return positions[bisect_left(positions, start) : bisect_left(positions, end)]


_BACK_REACH = 300  # tokens back to the name a back reference stands for


def _separates_conjuncts(token) -> bool:
    return token.text == "," or token.lower_ in ("and", "or")


def _closes_a_year(doc: Doc, comma: int) -> bool:
    """Whether the comma at `comma` closes a year set off by commas (", 1961,"): a name's date, no clause's end."""
    return comma >= 2 and doc[comma - 1].like_num and len(doc[comma - 1].text) == 4 and doc[comma - 2].text == ","


def _capitalized(token) -> bool:
    return token.text[:1].isupper() and token.is_alpha


def _plural_noun(token) -> bool:
    """A lower-case word that reads as a plural noun ("members", "foundations"), not as a verb's
    base form (verbs ending in -s end in -ss or -us: "address", "focus")."""
    return _plural_word(token.lower_)


def _plural_word(word: str) -> bool:
    return word.endswith("s") and not word.endswith(("ss", "us"))


def _head(doc: Doc, words: list[int]) -> int:
    """The head word of a noun phrase: the last before its "of" complement ("States of the region")."""
    return next((words[k - 1] for k in range(1, len(words)) if doc[words[k]].lower_ == "of"), words[-1])


def _as_well_as(doc: Doc, i: int) -> bool:
    """The words of "as well as" (a conjunction between addressees), at any of them."""
    words = [t.lower_ for t in doc[max(0, i - 2) : i + 3]]
    return "as well as" in " ".join(words) and doc[i].lower_ in ("as", "well")


def _in_word(token) -> bool:
    """A hyphen inside a word ("non-governmental"), which the tokenizer splits off."""
    return token.text in "-‑" and not token.whitespace_ and token.i > 0 and not token.doc[token.i - 1].whitespace_


def _ids(words: list[str]) -> numpy.ndarray:
    """The words' IDs, as `Doc.to_array` gives them."""
    return numpy.array([get_string_id(w) for w in words], dtype=numpy.uint64)


@Language.factory("precursor_addressees", requires=["doc.spans", "doc.ents"], assigns=["doc.spans"], default_config={})
def make_addressees(nlp: Language, name: str) -> AddresseeFinder:
    """Each operative paragraph's requests (`doc.spans["requests"]`) and whom they ask (`doc.spans["addressees"]`)."""
    return AddresseeFinder()


def _entities_in(doc: Doc, start: int, end: int):
    """The entities that begin between tokens start and end (read from the tokens: doc.ents walks the whole Doc)."""
    for i in range(start, end):
        token = doc[i]
        if token.ent_iob_ != "B":
            continue
        stop = i + 1
        while stop < len(doc) and doc[stop].ent_iob_ == "I":
            stop += 1
        yield Span(doc, i, stop, label=token.ent_type_, kb_id=token.ent_kb_id_, span_id=token.ent_id_)
