"""The corpus catalogue: what a text is, as recorded where it was found, not as its words say.

A text whose heading was cut off gives the extractor a fragment without a symbol. The catalogue beside the
texts (catalogue.json in the same directory) may name the resolution a fragment is part of, each entry with
the page the text was found on and what that page or its address says. The graph keeps that fact apart from
the extraction (pkg:catalogueSymbol, not pkg:symbol), so a query can tell one from the other.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

from .errors import DataFileError

CATALOGUE_FILE = "catalogue.json"


@dataclass(frozen=True)
class CatalogueEntry:
    """A fragment of one text, and the resolution the catalogue says it is part of."""

    file: str
    fragment: int  # the extractor's fragment index in the text
    resolution: str  # the symbol, written as the extractor writes one: "GA 49/157"
    source: str  # the page the text was found on
    note: str  # what the page or its address says that names the resolution


def catalogue_entries(path: Path) -> dict[int, CatalogueEntry]:
    """The catalogue's entries for one source text, by fragment index; none without a catalogue beside it."""
    catalogue = path.parent / CATALOGUE_FILE
    if not catalogue.is_file():
        return {}
    try:
        entries = _read(catalogue.read_bytes())
    except (ValueError, KeyError, TypeError) as exc:  # not JSON, no "fragments", an entry with other fields
        raise DataFileError(f"{catalogue}: not a corpus catalogue ({' '.join(str(exc).split())[:200]})") from None
    return {e.fragment: e for e in entries if e.file == path.name}


def catalogue_key(path: Path) -> bytes:
    """The catalogue's entries for one text as bytes, for the text's cache key (a changed entry redoes it)."""
    entries = sorted(catalogue_entries(path).values(), key=lambda e: e.fragment)
    return json.dumps([e.__dict__ for e in entries], sort_keys=True).encode()


@functools.lru_cache(maxsize=4)
def _read(catalogue: bytes) -> tuple[CatalogueEntry, ...]:
    """Every entry of a catalogue file's contents (parsed once per content, read for every text)."""
    data = json.loads(catalogue.decode("utf-8"))
    return tuple(CatalogueEntry(**entry) for entry in data["fragments"])
