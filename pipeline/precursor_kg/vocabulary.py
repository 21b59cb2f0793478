"""The reference vocabularies, read from the Turtle files beside the ontology.

The reference individuals (substances, initiatives, bodies, offices, groups, treaties,
action concepts) are the single source of the names the NLP stages look for: an
entity's `skos:prefLabel`, `skos:altLabel` and `skos:hiddenLabel`.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF, RDFS, SKOS

from . import resources
from .errors import DataFileError
from .graph.iris import PKGID
from .graph.namespace import PKG
from .kinds import EntityKind

UNCLASSIFIED_FORCE = PKGID["action-force/unclassified"]

# The mention kind of an individual typed twice: one typed Body and Office (the Secretary-General, the
# President of the General Assembly: offices that stand alone) is a Body; one typed Body and Initiative
# (UNDCP: a programme, as FORMAT.md names initiatives, that resolutions also ask to act) an Initiative.
_KIND_PRECEDENCE = {EntityKind.OFFICE: 1, EntityKind.BODY: 2, EntityKind.INITIATIVE: 3}
_ADDRESSABLE = {EntityKind.BODY, EntityKind.OFFICE, EntityKind.GROUP}

# The mention types of the extraction format, by the ontology class that defines them.
MENTION_CLASSES = {
    PKG.Substance: EntityKind.SUBSTANCE,
    PKG.Initiative: EntityKind.INITIATIVE,
    PKG.Plan: EntityKind.PLAN,
    PKG.Body: EntityKind.BODY,
    PKG.Treaty: EntityKind.TREATY,
    PKG.Office: EntityKind.OFFICE,
    PKG.AddresseeGroup: EntityKind.GROUP,
}


@dataclass
class Entity:
    iri: str
    kind: EntityKind
    name: str  # the canonical name (skos:prefLabel)
    labels: list[str] = field(default_factory=list)  # every name to look for, prefLabel first
    parents: list[str] = field(default_factory=list)  # org:postIn / org:subOrganizationOf
    former_names: list[str] = field(default_factory=list)  # pkg:formerName: a mention printed so keeps it
    addressable: bool = False  # typed a body, office or group: a paragraph may ask it
    date: str | None = None  # dcterms:date (ISO): a treaty's signature, by which old resolutions name it


@dataclass
class Action:
    iri: str
    lemma: str
    forms: list[str]  # surface forms that open a paragraph, lower case


@dataclass
class Vocabulary:
    entities: dict[str, Entity]
    actions: dict[str, Action]  # by lemma
    digest: str
    # The concept a paragraph takes when its opening verb has none in the scheme: the paragraph keeps an
    # action (the shapes require one) and its evidence keeps the verb as printed.
    unclassified: Action | None = None

    def by_kind(self, kind: EntityKind) -> list[Entity]:
        return [e for e in self.entities.values() if e.kind == kind]

    def to_dict(self) -> dict:
        """Plain data (JSON): what the spaCy components save with a pipeline."""
        return {"digest": self.digest, "entities": [asdict(e) for e in self.entities.values()],
                "actions": [asdict(a) for a in self.actions.values()],
                "unclassified": asdict(self.unclassified) if self.unclassified else None}

    @classmethod
    def from_dict(cls, data: dict) -> Vocabulary:
        entities = {e["iri"]: Entity(**{**e, "kind": EntityKind(e["kind"])}) for e in data["entities"]}
        actions = {a["lemma"]: Action(**a) for a in data["actions"]}
        unclassified = Action(**data["unclassified"]) if data.get("unclassified") else None
        return cls(entities, actions, data["digest"], unclassified)


@functools.lru_cache(maxsize=4)
def load_vocabulary(paths: tuple[Path, ...] | None = None) -> Vocabulary:
    """The vocabulary of the Turtle files (once per process; parsing them takes about 0.4 s)."""
    paths = tuple(paths or resources.data_files())
    digest = hashlib.sha256()
    for path in paths:
        try:
            digest.update(Path(path).read_bytes())
        except OSError as exc:
            raise DataFileError(f"{path}: cannot read vocabulary file ({exc.strerror})") from None
    return _parse(paths, digest.hexdigest()[:16])


def _parse(paths, digest: str) -> Vocabulary:
    graph = Graph()
    for path in paths:
        try:
            graph.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises many kinds of parse errors
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise DataFileError(f"{path}: broken Turtle ({first[:200]})") from None
    kinds = _kinds_by_class(graph)
    entities: dict[str, Entity] = {}
    for subject, cls in graph.subject_objects(RDF.type):
        kind = kinds.get(cls)
        if kind is None or not isinstance(subject, URIRef):
            continue
        iri = str(subject)
        if iri in entities:
            entities[iri].kind = max(entities[iri].kind, kind, key=lambda k: _KIND_PRECEDENCE.get(k, 0))
            entities[iri].addressable |= kind in _ADDRESSABLE
            continue
        name = _pref_label(graph, subject)
        if name is None:
            raise DataFileError(f"{iri}: reference individual without skos:prefLabel")
        former = [str(o) for o in graph.objects(subject, PKG.formerName)]
        labels = [name]
        for prop in (SKOS.altLabel, SKOS.hiddenLabel, RDFS.label):
            labels += [str(o) for o in graph.objects(subject, prop) if str(o) not in labels]
        labels += [label for label in former if label not in labels]
        parents = [str(o) for p in (ORG.postIn, ORG.subOrganizationOf) for o in graph.objects(subject, p)]
        date = graph.value(subject, DCTERMS.date)
        entities[iri] = Entity(
            iri, kind, name, labels, parents, former, kind in _ADDRESSABLE, str(date) if date is not None else None
        )
    actions, unclassified = _actions(graph)
    if not entities:
        raise DataFileError("the reference vocabulary holds no entities")
    if not actions:
        raise DataFileError("the reference vocabulary holds no action concepts (skos:inScheme pkgid:action)")
    return Vocabulary(entities, actions, digest, unclassified)


def _actions(graph: Graph) -> tuple[dict[str, Action], Action | None]:
    """The action concepts by lemma, and apart the one of the force "unclassified", which no verb opens."""
    actions, unclassified = {}, None
    scheme = PKGID.action
    for concept in graph.subjects(SKOS.inScheme, scheme):
        notation = graph.value(concept, SKOS.notation)
        if notation is None or (concept, SKOS.topConceptOf, scheme) in graph:
            continue
        lemma = str(notation)
        if (concept, SKOS.broader, UNCLASSIFIED_FORCE) in graph:
            unclassified = Action(str(concept), lemma, [])
            continue
        forms = {lemma} | {str(o).lower() for o in graph.objects(concept, SKOS.hiddenLabel)}
        actions[lemma] = Action(str(concept), lemma, sorted(forms, key=len, reverse=True))
    return actions, unclassified


def _kinds_by_class(graph: Graph) -> dict:
    """Map every class (and its subclasses) to the mention kind it belongs to."""
    kinds = {}
    for root, kind in MENTION_CLASSES.items():
        kinds[root] = kind
        for sub in graph.transitive_subjects(RDFS.subClassOf, root):
            kinds.setdefault(sub, kind)
    return kinds


def _pref_label(graph: Graph, subject) -> str | None:
    labels = list(graph.objects(subject, SKOS.prefLabel))
    english = [label for label in labels if getattr(label, "language", None) in ("en", None)]
    return str((english or labels)[0]) if labels else None
