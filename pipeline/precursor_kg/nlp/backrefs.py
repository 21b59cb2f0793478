"""`precursor_backrefs`: resolve "the Board", "the Office", "the Commission" to the entity meant.

The referent is the last entity named earlier in the resolution whose name holds the
head word, else the adopting body (`doc.user_data["adopting_body"]`) when its name
holds it, else the head's default from `data/backrefs.json`.
"""

from __future__ import annotations

import numpy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc, Span

from .component import DataComponent


class BackReferenceResolver(DataComponent):
    rules_name = "backrefs.json"

    def setup(self) -> None:
        rules, vocabulary = self.rules, self.vocabulary
        by_name = {e.name: e for e in vocabulary.entities.values()}
        self.defaults = {h["head"]: by_name.get(h["default"]) if h["default"] else None for h in rules["heads"]}
        self.determiners = set(rules["determiners"])
        self.bare_before = set(rules["bare_before"])
        self.not_before = set(rules["not_before"])
        self.by_name = by_name

    def __call__(self, doc: Doc) -> Doc:
        ents = list(doc.ents)
        taken = {i for ent in ents for i in range(ent.start, ent.end)}
        candidates = []
        # Only the head words are looked at: a Token object for every word would cost more than the tokenizer.
        heads = [doc.vocab.strings.add(head) for head in self.defaults]
        for i in numpy.flatnonzero(numpy.isin(doc.to_array(ORTH), heads)):
            token = doc[int(i)]
            if token.i in taken:
                continue
            nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
            if nxt is not None and (nxt.text in self.not_before or (nxt.is_title and nxt.is_alpha)):
                continue
            prev = doc[token.i - 1] if token.i > 0 else None
            if prev is not None and prev.text in self.determiners:
                candidates.append(token.i)
            elif nxt is not None and nxt.text in self.bare_before and (prev is None or not prev.is_title):
                candidates.append(token.i)
        if not candidates:
            return doc
        adopting = self.by_name.get(doc.user_data.get("adopting_body") or "")
        last_by_head: dict[str, object] = {}
        resolved = []
        events = sorted([(ent.start, "ent", ent) for ent in ents] + [(i, "ref", i) for i in candidates], key=lambda e: e[0])
        for _, what, item in events:
            if what == "ent":
                entity = self.vocabulary.entities[item.kb_id_]
                for word in entity.name.split():
                    last_by_head[word] = entity
                continue
            head = doc[item].text
            entity = last_by_head.get(head)
            if entity is None and adopting is not None and head in adopting.name.split():
                entity = adopting
            entity = entity or self.defaults.get(head)
            if entity is None:
                continue
            last_by_head[head] = entity
            resolved.append(Span(doc, item, item + 1, label=entity.kind, kb_id=entity.iri))
        if resolved:
            doc.set_ents(resolved, default="unmodified")  # the other tokens keep their entity
        return doc


@Language.factory("precursor_backrefs", requires=["doc.ents"], assigns=["doc.ents"], default_config={})
def make_backrefs(nlp: Language, name: str) -> BackReferenceResolver:
    """ "the Board", "the Office" as entities of `doc.ents`, resolved to the entity meant."""
    return BackReferenceResolver()
