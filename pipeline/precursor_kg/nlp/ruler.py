"""`precursor_entity_ruler`: find substances, initiatives, bodies, offices and treaties by name.

Names come from the reference vocabulary; acronyms match case-sensitively, other names
case-insensitively, and a spelling without hyphens ("SecretaryGeneral") is added for
every hyphenated name, since web copies of UN documents often lose their hyphens. A name
found under a former name of its entity (`pkg:formerName`) carries that name as the span's
`id_`: the mention goes by the name the resolution gave it.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..kinds import EntityKind
from .component import DataComponent

MENTION_KINDS = (EntityKind.SUBSTANCE, EntityKind.INITIATIVE, EntityKind.PLAN, EntityKind.BODY, EntityKind.TREATY,
                 EntityKind.OFFICE)


def name_variants(label: str, hyphenless: bool = True) -> set[str]:
    """The label, without a leading article, and (if `hyphenless`) without hyphens between letters;
    with either apostrophe ("Children's" / "Children’s": web copies print both); with a compound
    broken after its hyphen at a line end of PDF text ("high- level political forum"), or spaced before
    it ("Al -Qaida")."""
    label = re.sub(r"^(?:the|The)\s+", "", label.strip())
    variants = {label, label.replace("'", "’"), label.replace("’", "'")}
    joined = re.sub(_HYPHEN, "", label)
    if hyphenless and joined != label:
        variants.add(joined)
        variants.add(re.sub(_HYPHEN, "- ", label))
        variants.add(re.sub(_HYPHEN, " -", label))
    return variants


_HYPHEN = re.compile(r"(?<=[A-Za-z])-(?=[A-Za-z])")


def _dated_names(vocabulary, rules: dict) -> dict[str, list[str]]:
    """{treaty IRI: the names its head word and date make} ("Convention of 19 February 1925"); a
    year-only name ("Protocol of 1948") only where no other treaty of that head word has that year."""
    from ..headings import MONTHS  # here: headings needs this package's names at import time
    dated: dict[str, list[str]] = {}
    by_year: dict[str, list[str]] = {}
    for entity in vocabulary.entities.values():
        head = next((w for w in entity.name.split() if w in rules["heads"]), None)
        if entity.kind != EntityKind.TREATY or head is None or not entity.date:
            continue
        year, month, day = (int(part) for part in entity.date[:10].split("-"))
        fields = {"head": head, "day": day, "month": MONTHS.split("|")[month - 1], "year": year}
        dated[entity.iri] = [form.format(**fields) for form in rules["forms"]]
        for form in rules["year_forms"]:
            by_year.setdefault(form.format(**fields), []).append(entity.iri)
    for name, iris in by_year.items():
        if len(iris) == 1:
            dated[iris[0]].append(name)
    return dated


def _with_appointer(label: str, appointers: dict) -> set[str]:
    """ "Special Rapporteur of the Human Rights Council on …" for "Special Rapporteur on …"."""
    title = next((t for t in appointers["titles"] if label.startswith(t + " ")), None)
    if title is None:
        return set()
    return {f"{title} {phrase}{label[len(title):]}" for phrase in appointers["phrases"]}


def _inside_compound(doc: Doc, start: int) -> bool:
    """Whether a name found at `start` ends a hyphenated compound ("Under-Secretary-General" is not the
    Secretary-General)."""
    return start >= 2 and doc[start - 1].text == "-" and not doc[start - 1].whitespace_ and not doc[start - 2].whitespace_


def _described(span: Span, entity) -> bool:
    """A treaty's or initiative's name printed all in lower case describes one not yet made ("a single
    convention", "the proposed international drug abuse control strategy") rather than names it; so does a
    body's name written in title case ("the regional meetings of heads of national drug law enforcement
    agencies"), while bodies named in lower case in UN style keep that name ("the open-ended
    intergovernmental expert group on …")."""
    if any(c.isupper() for c in span.text) or not any(c.isupper() for c in entity.name):
        return False
    if entity.kind in _NAMED_IN_LOWER_CASE and _full_name_after_the(span, entity, _NAMED_IN_LOWER_CASE[entity.kind]):
        return False  # "the single convention on narcotic drugs" (the drafts' name), "the triangular initiative"
    return entity.kind in (EntityKind.TREATY, EntityKind.INITIATIVE, EntityKind.PLAN) or _title_case(entity.name)


# The fewest words a treaty's or initiative's whole name printed in lower case after "the" must have to name it
_NAMED_IN_LOWER_CASE = {EntityKind.TREATY: 4, EntityKind.INITIATIVE: 2, EntityKind.PLAN: 2}


def _full_name_after_the(span: Span, entity, min_words: int) -> bool:
    """Whether a name printed in lower case is one of the entity's whole names, of `min_words` or more, after "the",
    or of two words or more after "draft" ("the draft single convention" the 1950s Council was preparing)."""
    printed = " ".join(span.text.split()).casefold()
    before = span.doc[span.start - 1].lower_ if span.start > 0 else ""
    least = 2 if before == "draft" and entity.kind == EntityKind.TREATY else min_words
    return (len(printed.split()) >= least and before in ("the", "draft")
            and any(printed == " ".join(label.split()).casefold() for label in entity.labels))


def _title_case(name: str) -> bool:
    """Whether every word of a name but its connectives is capitalized ("Heads of National Drug Law …")."""
    words = [w for w in re.split(r"[\s,]+", name) if w and w[0].isalpha()]
    return sum(w[0].isupper() for w in words) > 1 and all(w[0].isupper() or w in NAME_CONNECTIVES | {"a", "an"}
                                                        for w in words)


# The lower-case words that join the capitalized words of a name ("Commission on Narcotic Drugs")
NAME_CONNECTIVES = frozenset({"of", "on", "for", "to", "against", "in", "and", "the", "with", "from", "at", "by"})


class _SharedHeads:
    """Names whose head is printed once, in the plural, for several listed bodies ("the Open-ended
    Intergovernmental Working Groups on Asset Recovery and on the Prevention of Corruption")."""

    def __init__(self, vocabulary, rules: dict, kinds: tuple[str, ...]):
        preps = "|".join(rules["prepositions"])
        self.names: dict[str, object] = {}  # "<head> <preposition> <rest>", case folded -> entity
        heads = set()
        for entity in vocabulary.entities.values():
            for label in entity.labels if entity.kind in kinds else ():
                m = re.match(rf"(.+ (?:{'|'.join(rules['nouns'])})) (?:{preps}) ", label)
                if m:
                    heads.add(m.group(1))
                    self.names[label.casefold()] = entity
        alternatives = "|".join(re.escape(h) for h in sorted(heads, key=len, reverse=True))
        self.plural = re.compile(rf"\b({alternatives})s\s+(?=(?:{preps})\s)", re.I) if heads else None
        self.item = re.compile(rf"(?:{preps})\s[^,;.]+", re.I)
        self.separator = re.compile(r",\s+(?:and\s+)?|\s+and\s+")

    def spans(self, doc: Doc) -> list[Span]:
        found, text = [], doc.user_data.get("text") or doc.text  # the Extractor keeps the text: Doc.text joins it anew
        for m in self.plural.finditer(text) if self.plural is not None else ():
            pos = m.end()
            while (item := self.item.match(text, pos)) is not None:
                span = self._completion(doc, m.group(1), item)
                if span is None:
                    break  # the list of completions has ended
                found.append(span)
                separator = self.separator.match(text, span.end_char)
                if separator is None:
                    break
                pos = separator.end()
        return found

    def _completion(self, doc: Doc, head: str, item: re.Match) -> Span | None:
        """The longest run of the item's words that completes the head to a listed name, as a span."""
        words = list(re.finditer(r"\S+", item.group()))
        for n in range(len(words), 1, -1):
            entity = self.names.get(" ".join([head, *(w.group() for w in words[:n])]).casefold())
            if entity is not None:
                span = doc.char_span(item.start(), item.start() + words[n - 1].end(), alignment_mode="expand")
                return Span(doc, span.start, span.end, label=entity.kind, kb_id=entity.iri) if span else None
        return None


class _SharedYears:
    """Treaties named by their years before one head ("the 1925 and 1931 Conventions"): a span for each year
    whose "<year> <head>" is a name of one treaty, the last one running to the head."""

    def __init__(self, vocabulary, dated: dict[str, list[str]], rules: dict, kinds: tuple[str, ...]):
        heads = "|".join(rules["heads"])
        self.names: dict[str, object] = {}  # "1925 convention" -> entity
        for entity in vocabulary.entities.values():
            for label in [*entity.labels, *dated.get(entity.iri, [])] if entity.kind in kinds else ():
                if re.fullmatch(rf"\d{{4}} (?:{heads})", label):
                    self.names[label.casefold()] = entity
        year = r"(?:19|20)\d\d"
        self.pattern = re.compile(rf"\b(?P<years>{year}(?:,\s+{year})*),?\s+and\s+(?P<last>{year})\s+(?P<head>{heads})s?\b")

    def spans(self, doc: Doc) -> list[Span]:
        found, text = [], doc.user_data.get("text") or doc.text  # the Extractor keeps the text: Doc.text joins it anew
        for m in self.pattern.finditer(text) if self.names else ():
            head = m.group("head").casefold()
            years = [*re.finditer(r"\d{4}", m.group("years")), None]
            for year in years:
                start, end = (m.start("years") + year.start(), m.start("years") + year.end()) if year else (
                    m.start("last"), m.end("head"))
                entity = self.names.get(f"{text[start:start + 4]} {head}")
                span = doc.char_span(start, end, alignment_mode="expand") if entity else None
                if span is not None:
                    found.append(Span(doc, span.start, span.end, label=entity.kind, kb_id=entity.iri))
        return found


class _CutOffName:
    """A name the text's end cuts short ("… Also requests the Secretary-"), where the shortest name it can
    start is one that all its other completions continue ("Secretary-General of the WCO" continues
    "Secretary-General"; "the World He" could be the Health Assembly or the Health Organization)."""

    def __init__(self, vocabulary, rules: dict, kinds: tuple[str, ...]):
        self.connectors = set(rules["connectors"])
        self.min_letters = rules["min_letters"]
        named = [entity for entity in vocabulary.entities.values() if entity.kind in kinds]
        self.kind = {entity.iri: entity.kind for entity in named}
        self.starts = sorted(
            {(variant.casefold(), entity.iri) for entity in named for label in entity.labels
             for variant in name_variants(label)}
        )

    def span(self, doc: Doc) -> Span | None:
        if not doc.user_data.get("ends_the_text", True) or not re.search(r"[^\W\d_]-?$", doc[-2:].text):
            return None  # the Extractor says which Doc ends the text; a stop ends the name
        start = len(doc)
        while start and (doc[start - 1].is_title or doc[start - 1].text == "-" or
                         (doc[start - 1].lower_ in self.connectors and start < len(doc))):
            start -= 1
        while start < len(doc) and not doc[start].is_title:
            start += 1  # a run starts at a capitalized word
        printed = doc[start:].text.casefold() if start < len(doc) else ""
        if sum(c.isalpha() for c in printed) < self.min_letters:
            return None
        first = bisect_left(self.starts, (printed,))
        completions = []
        for label, iri in self.starts[first:]:
            if not label.startswith(printed):
                break
            if label != printed:
                completions.append((label, iri))
        if not completions:
            return None
        iri = min(completions, key=lambda c: len(c[0]))[1]  # "Secretary-General", not "… of the WCO"
        names = tuple(label for label, other in completions if other == iri)
        if any(other != iri and not label.startswith(names) for label, other in completions):
            return None
        return Span(doc, start, len(doc), label=self.kind[iri], kb_id=iri)


def _is_acronym(label: str) -> bool:
    letters = [c for c in label if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


class EntityRuler(DataComponent):
    """Mark every named entity of the vocabulary as a `doc.ents` span (label = kind, kb_id = IRI)."""

    rules_name = "ruler.json"

    def __init__(self, nlp: Language, kinds: list[str], hyphenless_variants: bool):
        self.nlp = nlp
        self.kinds = tuple(kinds)
        self.hyphenless_variants = hyphenless_variants
        super().__init__()

    def setup(self) -> None:
        nlp, rules, vocabulary = self.nlp, self.rules, self.vocabulary
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.reject_after = {
            kind: [tuple(seq) for seq in seqs] for kind, seqs in rules["reject_when_followed_by"].items()
        }
        self.only_before_function_word = {
            e.iri for e in vocabulary.entities.values() if e.name in set(rules["only_before_function_word"])
        }
        self.appointee_titles = tuple(rules["appointee_titles"])
        self.verb_endings = tuple(rules["verb_endings_after_a_name"])
        self.shared_heads = _SharedHeads(vocabulary, rules["shared_heads"], self.kinds)
        self.cut_off = _CutOffName(vocabulary, rules["cut_off_names"], self.kinds)
        appointers = rules["mandate_appointers"]
        self.former_keys: dict[str, tuple[str, str]] = {}  # matcher key -> (IRI, former name)
        self.dated = _dated_names(vocabulary, rules["dated_treaty_names"])
        self.shared_years = _SharedYears(vocabulary, self.dated, rules["shared_years"], self.kinds)
        for entity in vocabulary.entities.values():
            if entity.kind not in self.kinds:
                continue
            for key, labels in self._labels_by_key(entity):
                exact, folded = set(), set()
                for label in labels:
                    for variant in name_variants(label, self.hyphenless_variants) | _with_appointer(label, appointers):
                        (exact if _is_acronym(variant) else folded).add(variant)
                if exact:
                    self.exact.add(key, list(nlp.tokenizer.pipe(sorted(exact))))
                if folded:
                    self.folded.add(key, list(nlp.tokenizer.pipe(sorted(folded))))

    def _labels_by_key(self, entity) -> list[tuple[str, list[str]]]:
        """The matcher keys of an entity's names: its IRI for the current ones, one key per former name."""
        current = [label for label in entity.labels if label not in entity.former_names]
        current += self.dated.get(entity.iri, [])
        keys = [(entity.iri, current)]
        for name in entity.former_names:
            key = f"{entity.iri} {name}"
            self.former_keys[key] = (entity.iri, name)
            keys.append((key, [name]))
        return keys

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for matcher in (self.exact, self.folded):
            for match_id, start, end in matcher(doc):
                key = doc.vocab.strings[match_id]
                iri, former = self.former_keys.get(key, (key, ""))
                entity = self.vocabulary.entities[iri]
                if (
                    self._rejected(doc, entity, end)
                    or _inside_compound(doc, start)
                    or (matcher is self.folded and _described(doc[start:end], entity))
                ):
                    continue
                spans.append(Span(doc, start, end, label=entity.kind, kb_id=iri, span_id=former))
        spans += self.shared_heads.spans(doc)
        spans += self.shared_years.spans(doc)
        spans += filter(None, [self.cut_off.span(doc)])
        chosen = filter_spans(spans)
        doc.ents = chosen
        doc.spans["nested_mentions"] = self._nested(spans, chosen)
        return doc

    def _rejected(self, doc: Doc, entity, end: int) -> bool:
        rules = self.reject_after.get(entity.kind)
        if rules:
            following = tuple(doc[i].lower_ for i in range(end, min(end + 2, len(doc))))
            if any(following[: len(seq)] == seq for seq in rules):
                return True
        if entity.iri in self.only_before_function_word and end < len(doc):
            nxt = doc[end]
            return nxt.is_alpha and not nxt.is_stop and not nxt.lower_.endswith(self.verb_endings)
        return False

    def _nested(self, spans: list[Span], chosen: list[Span]) -> list[Span]:
        """Entities named inside a chosen entity's name that it belongs to (UNODC in "Executive Director
        of UNODC"), the appointer of a post named after it ("Special Envoy of the Secretary-General on …"),
        or a treaty inside a body's or initiative's name ("Conference of the States Parties to the United
        Nations Convention against Corruption", "Mechanism for the Review of the Implementation of the United
        Nations Convention against Transnational Organized Crime and the Protocols thereto" name the
        Convention too; a treaty's name names no body)."""
        nested = []
        spans = sorted(spans, key=lambda span: span.start)
        starts = [span.start for span in spans]
        for outer in chosen:
            parents = set(self.vocabulary.entities[outer.kb_id_].parents)
            found = set()
            for inner in spans[bisect_left(starts, outer.start) : bisect_left(starts, outer.end)]:
                if inner == outer or inner.kb_id_ in found or inner.end > outer.end:
                    continue
                tail = (
                    outer.start < inner.start
                    and outer.doc[inner.start - 1].lower_ in ("of", "to", "the")
                    and outer.label_ in (EntityKind.BODY, EntityKind.OFFICE, EntityKind.INITIATIVE, EntityKind.PLAN)
                    and inner.label_ == EntityKind.TREATY
                )
                appointer = (
                    outer.text.startswith(self.appointee_titles)
                    and inner.start >= 2
                    and [t.lower_ for t in outer.doc[inner.start - 2 : inner.start]] == ["of", "the"]
                )
                if inner.kb_id_ in parents or tail or appointer:
                    nested.append(inner)
                    found.add(inner.kb_id_)
        return nested


@Language.factory(
    "precursor_entity_ruler",
    assigns=["doc.ents", "token.ent_iob", "token.ent_type", "doc.spans"],
    default_config={"kinds": [kind.value for kind in MENTION_KINDS], "hyphenless_variants": True},
)
def make_entity_ruler(nlp: Language, name: str, kinds: list[str], hyphenless_variants: bool) -> EntityRuler:
    """Names of the reference vocabulary as `doc.ents`; names inside names in `doc.spans["nested_mentions"]`."""
    return EntityRuler(nlp, kinds, hyphenless_variants)
