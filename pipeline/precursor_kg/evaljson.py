"""The extraction gold format (`precursor-kg-eval/1`) and its scoring.

`to_eval_json` writes a DocumentResult in exactly the gold's shape; `score` compares
predicted and gold documents field by field with micro precision, recall and F1.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .extraction import DocumentResult, eval_name
from .kinds import FORMAT_MENTIONS, ParagraphKind

FORMAT = "precursor-kg-eval/1"
FIELDS = ("resolutions", "titles", "paragraphs", "actions", "addressees", "mentions", "cites", "requests")


def to_eval_json(result: DocumentResult) -> dict:
    resolutions = []
    for r in result.resolutions:
        resolutions.append({
            "symbol": r.symbol,
            "body": r.body,
            "title": r.title,
            "adopted": r.adopted,
            "paragraphs": [
                {
                    "kind": str(p.kind),
                    "number": p.number if p.kind == ParagraphKind.OPERATIVE else None,
                    "starts": p.starts,
                    "action": p.action,
                    "addressees": [a.name for a in p.addressees],
                    "mentions": [{"type": str(m.kind), "name": m.name} for m in p.mentions if m.kind in FORMAT_MENTIONS],
                    "cites": [c.symbol for c in p.cites],
                    **({"requests": [{"action": q.action, "addressees": [a.name for a in q.addressees]}
                                     for q in p.requests]} if p.kind == ParagraphKind.OPERATIVE else {}),
                }
                for p in r.paragraphs
            ],
        })
    return {"format": FORMAT, "source": result.source.name, "resolutions": resolutions}


# --------------------------------------------------------------------------- scoring

@dataclass
class FieldScore:
    true_positives: int = 0
    predicted: int = 0
    gold: int = 0
    misses: list = field(default_factory=list)
    extras: list = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else (1.0 if not self.gold else 0.0)

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else (1.0 if not self.predicted else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _walk(doc: dict, file: str):
    """(resolution key, resolution, [(paragraph key, paragraph)]) in document order, keyed as FORMAT.md scores them."""
    fragment = 0
    for r in doc["resolutions"]:
        if r["symbol"] is None:
            fragment += 1
        rkey = (file, r["symbol"] if r["symbol"] is not None else f"#fragment-{fragment}")
        preambular, paragraphs = 0, []
        for p in r["paragraphs"]:
            if p["kind"] == ParagraphKind.PREAMBULAR:
                preambular += 1
                paragraphs.append((rkey + (ParagraphKind.PREAMBULAR.value, str(preambular)), p))
            else:
                paragraphs.append((rkey + (ParagraphKind.OPERATIVE.value, str(p["number"])), p))
        yield rkey, r, paragraphs


def _keys(doc: dict, file: str, gold: dict | None = None) -> dict[str, Counter]:
    """The scoring keys of one document; aliases in `gold` map predicted names onto gold names.

    Requests are keyed only for the paragraphs whose gold has the field (`gold` None: the
    document is the gold itself).
    """
    reference = gold if gold is not None else doc
    aliases, with_requests = {}, set()
    for _, _, paragraphs in _walk(reference, file):
        for pkey, p in paragraphs:
            if "requests" in p:
                with_requests.add(pkey)
            for m in p.get("mentions", []):
                for alias in m.get("aliases", []) or []:
                    aliases[(pkey, m["type"], eval_name(alias))] = eval_name(m["name"])
    keys = {name: Counter() for name in FIELDS}
    for rkey, r, paragraphs in _walk(doc, file):
        keys["resolutions"][rkey] += 1
        if r.get("title"):
            keys["titles"][rkey + (eval_name(r["title"]),)] += 1
        cites = set()
        for pkey, p in paragraphs:
            keys["paragraphs"][pkey] += 1
            if p.get("action"):
                keys["actions"][pkey + (p["action"].casefold(),)] += 1
            for a in set(eval_name(a) for a in p.get("addressees", [])):
                keys["addressees"][pkey + (a,)] += 1
            names = {(m["type"], aliases.get((pkey, m["type"], eval_name(m["name"])), eval_name(m["name"])))
                     for m in p.get("mentions", [])}
            for type_, name in names:
                keys["mentions"][pkey + (type_, name)] += 1
            cites.update(p.get("cites", []))
            if pkey in with_requests:
                for request in p.get("requests", []):
                    for name in sorted(set(eval_name(a) for a in request["addressees"])) or [None]:
                        keys["requests"][pkey + (request["action"].casefold(), name)] += 1
        for c in cites:
            keys["cites"][rkey + (c,)] += 1
    return keys


def score(pairs: list[tuple[str, dict, dict]]) -> dict[str, FieldScore]:
    """Micro scores over (file, predicted, gold) triples."""
    scores = {name: FieldScore() for name in FIELDS}
    for file, predicted, gold in pairs:
        gold_keys = _keys(gold, file)
        predicted_keys = _keys(predicted, file, gold)
        for name in FIELDS:
            g, p = gold_keys[name], predicted_keys[name]
            hit = sum((g & p).values())
            s = scores[name]
            s.true_positives += hit
            s.gold += sum(g.values())
            s.predicted += sum(p.values())
            s.misses += sorted(map(str, (g - p).elements()))
            s.extras += sorted(map(str, (p - g).elements()))
    return scores


def read_json(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))
