"""The analysts' pages as data: panels (the SPARQL files of `serve/panels/`, each with a header
saying its title, what a row means and how its links narrow) and which panels the page of each
kind of entity shows (`serve/panels/profiles.json`). A panel runs as any query of the endpoint
does (the guard, the workers, the limits), with its parameters bound by a VALUES block, so the
text a page shows is the query that made the panel and can be opened in the query page."""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from importlib.resources import files

import pyoxigraph as ox

from ..graph.iris import PREFIXES
from ..query import with_values

PANEL_PACKAGE = "precursor_kg.serve.panels"
_HEADER_KEYS = ("title", "about", "narrow", "narrow-from", "plot")


@dataclass(frozen=True)
class Panel:
    name: str
    text: str
    hints: dict[str, str] = field(default_factory=dict)  # the header: title, about, narrow, plot…

    @property
    def title(self) -> str:
        return self.hints.get("title", self.name)

    def uses(self, variable: str) -> bool:
        """Whether the query names ?variable (itself, not a longer name that starts with it: ?year, not ?yearAdopted)."""
        return re.search(rf"\?{re.escape(variable)}(?![A-Za-z0-9_])", self.text) is not None

    def bound(self, values: dict[str, ox.NamedNode | ox.Literal]) -> str:
        """The query with those of the values it uses bound (a VALUES block opening its WHERE)."""
        used = {k: v for k, v in values.items() if self.uses(k)}
        return with_values(self.text, used) or self.text


@dataclass(frozen=True)
class Profile:
    kind: str
    classes: tuple[str, ...]
    panels: tuple[str, ...]
    narrow_parameter: str | None = None
    swap: dict[str, str] = field(default_factory=dict)

    def panel_names(self, narrowed: bool) -> list[str]:
        """The panels in order; narrowed, the swapped ones (what the narrowing asks for) come first."""
        if not narrowed:
            return list(self.panels)
        swapped = [self.swap[n] for n in self.panels if n in self.swap]
        return swapped + [n for n in self.panels if n not in self.swap]


@dataclass
class PanelResult:
    """A panel's answer: the query as run, its variables and rows (SPARQL JSON bindings)."""

    panel: Panel
    query: str
    variables: list[str]
    rows: list[dict[str, dict]]


def panel_names() -> list[str]:
    return sorted(p.name[:-3] for p in files(PANEL_PACKAGE).iterdir() if p.name.endswith(".rq"))


@functools.cache
def load_panel(name: str) -> Panel:
    text = files(PANEL_PACKAGE).joinpath(name + ".rq").read_text(encoding="utf-8")
    hints, last = {}, None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, sep, rest = line[1:].strip().partition(":")
        if sep and key.strip().lower() in _HEADER_KEYS:
            last = key.strip().lower()
            hints[last] = rest.strip()
        elif last and line.startswith("#   "):
            hints[last] += " " + line[1:].strip()
    return Panel(name, text, hints)


def _expand(curie: str) -> str:
    prefix, _, local = curie.partition(":")
    return PREFIXES[prefix] + local


@functools.cache
def _catalogue() -> dict:
    return json.loads(files(PANEL_PACKAGE).joinpath("profiles.json").read_text(encoding="utf-8"))


@functools.cache
def profiles() -> tuple[Profile, ...]:
    out = []
    for entry in _catalogue()["kinds"]:
        narrow = entry.get("narrow", {})
        out.append(Profile(entry["kind"], tuple(_expand(c) for c in entry["classes"]), tuple(entry["panels"]),
                           narrow.get("parameter"), dict(narrow.get("swap", {}))))
    return tuple(out)


def profile_for(types: set[str]) -> Profile | None:
    """The page kind of an entity with these classes (IRIs), or None for the plain resource page."""
    return next((p for p in profiles() if any(c in types for c in p.classes)), None)


def browse_lists() -> dict[str, str]:
    """The browse lists: /browse/NAME -> the panel that makes it."""
    return dict(_catalogue()["browse"])


def browse_facets(name: str) -> dict[str, str]:
    """The facets of a browse list: the parameter each narrows it by -> the panel that counts its values."""
    return dict(_catalogue().get("facets", {}).get(name, {}))
