"""One matcher for the names people type, on the command line, in the query page and in search:
case, quotes, accents and spacing ignored; preferred and alternative labels, acronyms, notations
and symbols all name the same entity. A competency question's parameter that compares a label
(its description names `skos:prefLabel`, `pkg:symbol` or `skos:notation`) gets the value the
graph holds for the entity typed; a value that names nothing is refused with the closest labels.

The labels come from one query, `query/data/labels.rq`, run on the store by the command line
and by the endpoint's workers alike.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.resources import files

from ..graph.iris import PKG
from .errors import BadParameter
from .terms import Term

LABEL_KEYS = ("skos:prefLabel", "pkg:symbol", "skos:notation")
UNLISTED = str(PKG) + "UnlistedEntity"
_QUOTES = "\"'`\u2018\u2019\u201c\u201d\u00ab\u00bb"
_LANG_TAIL = re.compile(r'(?<=["\u201d])@[A-Za-z-]+$')
_TYPE_IN_DESCRIPTION = re.compile(r"\bpkg:([A-Z][A-Za-z]*)")


def fold(text: str) -> str:
    """The form two names are compared in: no accents, quotes or case, single spaces."""
    text = _LANG_TAIL.sub("", str(text).strip())
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c) and c not in _QUOTES)
    return " ".join(plain.casefold().split())


def labels_query() -> str:
    return files("precursor_kg.query.data").joinpath("labels.rq").read_text(encoding="utf-8")


def label_rows(store) -> list[tuple[str, str, Term, str, str | None]]:
    """(entity, key, canonical value, label, type) from a pyoxigraph store: what LabelIndex reads."""
    from ..store import union_options

    rows = []
    for solution in store.query(labels_query(), **union_options(store)):
        kind = solution["type"]
        rows.append((solution["entity"].value, solution["key"].value, Term.from_pyoxigraph(solution["canonical"]),
                     solution["label"].value, kind.value if kind is not None else None))
    return rows


@dataclass
class Entity:
    """One entity as the matcher knows it: its canonical values by key, its labels and types."""

    iri: str
    canonical: dict[str, Term] = field(default_factory=dict)
    labels: set[str] = field(default_factory=set)
    types: set[str] = field(default_factory=set)

    @property
    def name(self) -> str:
        """The label shown for it: its preferred label, else its symbol, else its notation."""
        term = next((self.canonical[k] for k in LABEL_KEYS if k in self.canonical), None)
        return term.value if term else self.iri


@dataclass(frozen=True)
class Hit:
    iri: str
    name: str
    matched: str  # the label that matched
    types: frozenset[str]


class LabelIndex:
    """Every entity by the folded forms of its labels."""

    def __init__(self, rows):
        self.entities: dict[str, Entity] = {}
        self.by_label: dict[str, set[str]] = {}
        for iri, key, canonical, label, kind in rows:
            entity = self.entities.setdefault(iri, Entity(iri))
            entity.canonical.setdefault(key, canonical)
            entity.labels.add(label)
            if kind:
                entity.types.add(kind)
            self.by_label.setdefault(fold(label), set()).add(iri)

    @classmethod
    def from_store(cls, store) -> LabelIndex:
        return cls(label_rows(store))

    def candidates(self, key: str, type_iri: str | None = None) -> list[Entity]:
        return [x for x in self.entities.values() if key in x.canonical and (type_iri is None or type_iri in x.types)]

    def lookup(self, value: str, key: str, type_iri: str | None = None) -> list[Entity]:
        """The entities a typed value names, best first: those whose own value it is, then listed ones."""
        wanted = fold(value)
        found = [self.entities[i] for i in sorted(self.by_label.get(wanted, ()))]
        found = [x for x in found if key in x.canonical and (type_iri is None or type_iri in x.types)]
        for better in (lambda x: fold(x.canonical[key].value) == wanted, lambda x: UNLISTED not in x.types):
            if len({x.canonical[key] for x in found}) > 1 and any(better(x) for x in found):
                found = [x for x in found if better(x)]
        return found

    def closest(self, value: str, key: str, type_iri: str | None = None, count: int = 3) -> list[str]:
        """The canonical values of the entities whose labels come closest to a value."""
        by_fold: dict[str, str] = {}
        for entity in self.candidates(key, type_iri):
            for label in entity.labels:
                by_fold.setdefault(fold(label), entity.canonical[key].value)
        wanted = fold(value)
        near = sorted((f for f in by_fold if wanted and wanted in f), key=len)
        near += difflib.get_close_matches(wanted, list(by_fold), n=count * 3, cutoff=0.5)
        return list(dict.fromkeys(by_fold[f] for f in near))[:count]

    def split_pairs(self, text: str) -> list[tuple[Entity, Entity]]:
        """Two entities the words name one after the other, each by a whole label ("INCB acetic anhydride")."""
        words = fold(text).split()
        pairs = []
        for cut in range(1, len(words)):
            left = self.by_label.get(" ".join(words[:cut]), set())
            right = self.by_label.get(" ".join(words[cut:]), set())
            pairs += [(self.entities[a], self.entities[b]) for a in sorted(left) for b in sorted(right) if a != b]
        return pairs

    def search(self, text: str, limit: int = 50) -> list[Hit]:
        """The entities a search names, best first: a label equal to it, starting with it, holding its words."""
        wanted = fold(text)
        words = wanted.split()
        if not words:
            return []
        scored = []
        for entity in self.entities.values():
            best = None
            for label in entity.labels:
                folded = fold(label)
                tokens = re.split(r"[\s/(),.-]+", folded)
                if folded == wanted:
                    rank = 0
                elif folded.startswith(wanted):
                    rank = 1
                elif all(any(t.startswith(w) for t in tokens) for w in words):
                    rank = 2
                else:
                    continue
                if best is None or (rank, len(label)) < best[:2]:
                    best = (rank, len(label), label)
            if best:
                scored.append((best[0], UNLISTED in entity.types, len(entity.name), entity.name, entity, best[2]))
        scored.sort(key=lambda s: s[:4])
        return [Hit(s[4].iri, s[4].name, s[5], frozenset(s[4].types)) for s in scored[:limit]]


def label_target(parameter) -> tuple[str, str | None] | None:
    """(the label property a parameter compares, the class it names or None), when it compares one."""
    if parameter is None or parameter.kind not in ("lang", "plain"):
        return None
    description = parameter.description
    places = [(description.find(k), k) for k in LABEL_KEYS if k in description]
    if not places:
        return None
    key = min(places)[1]
    kind = _TYPE_IN_DESCRIPTION.search(description[description.find(key):])
    return key, (str(PKG) + kind.group(1)) if kind else None


def match_parameters(query, values: dict, labels: Callable[[], LabelIndex]) -> dict:
    """The values with each one given as text for a label parameter replaced by the term the graph
    holds for the entity it names; `labels` makes the index, called only when one is needed."""
    index = None
    out = dict(values)
    for name, value in values.items():
        parameter = query.parameter(str(name))
        target = label_target(parameter)
        if target is None or not isinstance(value, str) or value.strip().startswith("<"):
            continue
        index = index or labels()
        key, type_iri = target
        found = index.lookup(value, key, type_iri)
        terms = list(dict.fromkeys(x.canonical[key] for x in found))
        if len(terms) == 1:
            out[name] = terms[0]
            continue
        if terms:
            options = ", ".join(f'"{t.value}"' for t in terms[:5])
            raise BadParameter(f"?{parameter.name}: {value.strip()!r} names more than one: {options}")
        near = index.closest(value, key, type_iri)
        hint = "; closest: " + ", ".join(f'"{n}"' for n in near) if near else ""
        raise BadParameter(f"?{parameter.name}: nothing in the graph is called {value.strip()!r}{hint}")
    return out
