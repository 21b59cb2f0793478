"""The build's cache: each document's outcome by the content hash of its source and of the
pipeline, and each document's check (inference and validation) by its N-Quads and what the
check depends on. One class, one directory (the build's cache directory), nothing read from it
that runs as code; a `BuildCache(None)` caches nothing (`--no-cache`).

An entry that fails its check (a file missing, or without the digest its summary recorded)
is removed and made again; a cache that cannot be written only costs time.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from . import __version__, resources
from .catalogue import catalogue_key
from .errors import OutputError
from .export import PART_SUFFIXES
from .fileio import file_sha256, write_atomic

CACHED_SUFFIXES = ("nq", "json") + PART_SUFFIXES


@functools.lru_cache(maxsize=1)
def pipeline_digest() -> str:
    """A hash of the code and data that shape a document's graph: a change invalidates the cache."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).parent
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".json", ".jsonl") and "serve" not in path.parts:
            digest.update(path.read_bytes())
    for path in resources.data_files():
        digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


@functools.lru_cache(maxsize=1)
def validation_digest() -> str:
    """What a document's validation depends on besides its triples: shapes, ontology, reference data, code."""
    return hashlib.sha256(pipeline_digest().encode() + resources.shapes_file().read_bytes()).hexdigest()


@dataclass(frozen=True)
class SourceKey:
    """A source's cache key, and the SHA-256 of the bytes it was made from (the extraction must
    have read the same bytes for its outcome to be stored under that key)."""

    key: str | None
    source_sha256: str | None


class Validation(NamedTuple):
    """A document's validation (as check.py returns it and the cache keeps it, a JSON list)."""

    conforms: bool
    report_nt: str  # the report graph as N-Triples
    readable: str  # the readable report


@dataclass(frozen=True)
class CheckResult:
    """A document's check: its inferred triples (sorted N-Triples lines) and its validation,
    None when not validated."""

    inferred: str
    validation: Validation | None

    @classmethod
    def of(cls, inferred: str, validation) -> CheckResult:
        """From check.py's (inferred, validation tuple or None)."""
        return cls(inferred, Validation(*validation) if validation is not None else None)


class BuildCache:
    """The cache directory of a build, or none (root None: every lookup misses, nothing is stored)."""

    def __init__(self, root: Path | None):
        self.root = root

    @classmethod
    def for_build(cls, use_cache: bool, cache_dir: Path | None) -> BuildCache:
        """The given directory, else the user's cache folder; none when disabled or not writable."""
        if not use_cache:
            return cls(None)
        root = cache_dir or Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "precursor-kg"
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError:
            return cls(None)
        return cls(root)

    # -- documents
    def source_key(self, path: Path, base: str) -> SourceKey:
        if self.root is None:
            return SourceKey(None, None)
        try:
            data = path.read_bytes()
        except OSError:
            return SourceKey(None, None)
        catalogue = catalogue_key(path)  # the catalogue's entries for the text shape its graph too
        key = hashlib.sha256(data + pipeline_digest().encode() + base.encode() + path.name.encode()
                             + catalogue).hexdigest()[:32]
        return SourceKey(key, hashlib.sha256(data).hexdigest())

    def document(self, key: str | None) -> tuple[dict[str, Path] | None, str | None]:
        """A document's cached N-Quads, summary and export parts, by suffix, when all are there and
        each file has the digest its summary recorded; else (None, why the entry was rejected), the
        entry removed, or (None, None) when there is none."""
        if self.root is None or key is None:
            return None, None
        entry = {suffix: self.root / f"{key}.{suffix}" for suffix in CACHED_SUFFIXES}
        if not entry["json"].exists():
            return None, None
        try:
            summary = json.loads(entry["json"].read_text(encoding="utf-8"))
            expected = {"nq": summary["nquads_sha256"], **summary["parts_sha256"]}
            for suffix, path in entry.items():
                if suffix != "json" and file_sha256(path) != expected[suffix]:
                    raise ValueError(f"{path.name} does not have its recorded digest")
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            for path in entry.values():
                path.unlink(missing_ok=True)
            return None, " ".join(str(exc).split())[:200] or type(exc).__name__
        return entry, None

    def store_document(self, key: str | None, summary: dict, nquads: str, parts: dict[str, str]) -> dict[str, Path] | None:
        """Cache a document's outcome (its summary gets the parts' digests); the paths of its cached
        export parts, or None when it cannot be cached."""
        if self.root is None or key is None:
            return None
        summary["parts_sha256"] = {suffix: hashlib.sha256(text.encode("utf-8")).hexdigest()
                                   for suffix, text in parts.items()}
        try:
            for suffix, text in parts.items():
                write_atomic(self.root / f"{key}.{suffix}", text)
            write_atomic(self.root / f"{key}.nq", nquads)
            write_atomic(self.root / f"{key}.json", json.dumps(summary))  # last: it marks the entry complete
        except OutputError:
            return None
        return {suffix: self.root / f"{key}.{suffix}" for suffix in PART_SUFFIXES}

    # -- checks
    @staticmethod
    def check_key(nquads_sha256: str, engine: str, validate: bool) -> str:
        """The key of a document's check: its N-Quads (by their digest) and what the check depends on."""
        text = f"{validation_digest()} {engine} {validate} {nquads_sha256}"
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]

    def check(self, key: str) -> CheckResult | None:
        """A document graph inferred and validated before with the same code and data is not done again."""
        path = self.root / f"{key}.check.json" if self.root else None
        if path is None or not path.exists():
            return None
        try:
            inferred, validation, digest = json.loads(path.read_text(encoding="utf-8"))
            if digest != _check_digest(inferred, validation):
                raise ValueError("the entry does not have its recorded digest")
        except (OSError, ValueError, TypeError):
            path.unlink(missing_ok=True)  # an entry that fails its check is done again
            return None
        return CheckResult.of(inferred, validation)

    def store_check(self, key: str, result: CheckResult) -> None:
        if self.root is None:
            return
        validation = list(result.validation) if result.validation else None
        try:
            write_atomic(self.root / f"{key}.check.json",
                         json.dumps([result.inferred, validation, _check_digest(result.inferred, validation)]))
        except OutputError:
            pass  # a cache that cannot be written only costs time


def _check_digest(inferred: str, validation) -> str:
    return hashlib.sha256(json.dumps([inferred, list(validation) if validation else None]).encode("utf-8")).hexdigest()
