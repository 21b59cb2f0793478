"""The build's pyoxigraph store: each graph in its named graph, and their union as the default graph.

pyoxigraph can answer a query over the union of the named graphs (use_default_graph_as_union),
but it then removes the duplicates across graphs at every step of a join: at 100x the
bundled corpus that made the corpus-wide competency questions 4-25x slower than the same
queries over one graph (citation-network 3.7 s against 0.15 s). So the build writes the union once, as the
store's default graph, and queries read that graph; GRAPH patterns still see each named
graph. A store without it (loaded from dataset.nq alone) is queried through the union view.
"""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

import pyoxigraph as ox

from .fileio import file_sha256

DEFAULT = ox.DefaultGraph()


def has_union(store: ox.Store) -> bool:
    """Whether the store's default graph holds the union of its named graphs (see load_union)."""
    return next(store.quads_for_pattern(None, None, None, DEFAULT), None) is not None


def union_options(store: ox.Store) -> dict:
    """The store.query keyword arguments that make the default graph the union of the named graphs."""
    return {} if has_union(store) else {"use_default_graph_as_union": True}


def load_union(store: ox.Store, nquads: Path) -> None:
    """Load the triples of an N-Quads file of named graphs (the build's own) into the default graph.

    The graph names are cut off as text: every quad of the build's N-Quads ends with its
    graph's IRI. That is twice as fast as copying the store's quads through Python (5.0 s
    against 10.5 s for the 2.5 M quads at 100x); a line without a graph IRI at its end
    leaves a broken triple, which the load refuses (SyntaxError). A triple in several
    graphs is stored once.
    """
    triples = nquads.with_suffix(".union.nt")
    try:
        with nquads.open(encoding="utf-8") as source, triples.open("w", encoding="utf-8") as target:
            target.writelines(line[: line.rfind(" <")] + " .\n" for line in source if line.strip() and line[0] != "#")
        store.bulk_load(path=str(triples), format=ox.RdfFormat.N_TRIPLES, to_graph=DEFAULT)
    finally:
        triples.unlink(missing_ok=True)


def asserted(store: ox.Store, triple: ox.Triple) -> bool:
    """Whether some named graph holds the triple."""
    holders = store.quads_for_pattern(triple.subject, triple.predicate, triple.object, None)
    return any(not isinstance(q.graph_name, ox.DefaultGraph) for q in holders)


def update_union(store: ox.Store, removed: Iterable[ox.Triple], added: Iterable[ox.Triple]) -> None:
    """Keep the default graph the union after graphs changed: `removed` are the triples that
    left some named graph, `added` those that entered one (the named graphs already changed)."""
    added = set(added)
    for t in set(removed) - added:
        if not asserted(store, t):
            store.remove(ox.Quad(t.subject, t.predicate, t.object, DEFAULT))
    if added:
        store.extend(ox.Quad(t.subject, t.predicate, t.object, DEFAULT) for t in added)


def graph_triples(store: ox.Store, graph: str) -> list[ox.Triple]:
    """The triples of one named graph."""
    return [q.triple for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph))]


# --------------------------------------------------------------------------- a store checked at open

SEAL = "store.seal.json"  # beside store/ in the build directory: each file of the store and its digest
_UNSEALED = ("LOCK", "LOG")  # RocksDB's lock and its own log (LOG, LOG.old.*), which say nothing of the data
STORE_GRACE_S = 120.0


class StoreError(Exception):
    """The build directory has no usable dataset or store (turned into one line by the callers)."""


def _store_files(store_dir: Path) -> list[Path]:
    return sorted(p for p in store_dir.iterdir() if p.is_file() and not p.name.startswith(_UNSEALED))


def seal(store_dir: Path) -> None:
    """Record the digest of every file of a closed store (its files no longer change: opened
    read-only, or copied by a checkpoint, they stay as they are)."""
    store_dir = Path(store_dir)
    files = {p.name: file_sha256(p) for p in _store_files(store_dir)}
    (store_dir.parent / SEAL).write_text(json.dumps(files, indent=0) + "\n", encoding="utf-8")


def damage(store_dir: Path) -> str | None:
    """Why a store cannot be trusted (no record of its files, one missing, added or changed), or None."""
    store_dir = Path(store_dir)
    try:
        recorded = json.loads((store_dir.parent / SEAL).read_text(encoding="utf-8"))
        present = {p.name: p for p in _store_files(store_dir)}
    except (OSError, ValueError) as exc:
        return f"its files cannot be checked ({' '.join(str(exc).split())[:120]})"
    if not isinstance(recorded, dict) or set(recorded) != set(present):
        changed = sorted(set(recorded) ^ set(present)) if isinstance(recorded, dict) else ["the record"]
        return f"its files are not those recorded ({', '.join(changed[:3])})"
    for name, path in present.items():
        if file_sha256(path) != recorded[name]:
            return f"{name} does not have its recorded digest"
    return None


def open_or_create_store(build_dir: Path, warn: Callable[[str], None] | None = None) -> Path:
    """build_dir/store, checked against its seal, or (re)made from build_dir/dataset.nq by a bulk load
    when missing, damaged (with a warning) or older than it.

    The build writes the store a moment before dataset.nq, so a store counts as older only when
    dataset.nq is newer than every file of the store by more than STORE_GRACE_S seconds.
    """
    warn = warn or logging.getLogger("precursor_kg").warning
    build_dir = Path(build_dir)
    dataset, store_dir = build_dir / "dataset.nq", build_dir / "store"
    if store_dir.is_dir():
        stamps = [p.stat().st_mtime for p in store_dir.iterdir() if p.is_file()]
        if stamps and (not dataset.is_file() or dataset.stat().st_mtime <= max(stamps) + STORE_GRACE_S):
            why = damage(store_dir)
            if why is None:
                return store_dir
            if dataset.is_file():
                warn(f"{store_dir}: {why}; made again from {dataset.name}")
    if not dataset.is_file():
        raise StoreError(f"{build_dir}: no dataset.nq and no usable store/ (run `precursor-kg build` first)")
    _load_from_dataset(dataset, store_dir)
    return store_dir


def _load_from_dataset(dataset: Path, store_dir: Path) -> None:
    staging = store_dir.with_name(".store.loading")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        store = ox.Store(str(staging))
        store.bulk_load(path=str(dataset), format=ox.RdfFormat.N_QUADS)
        load_union(store, dataset)
        store.flush()
        del store
    except (OSError, SyntaxError, ValueError) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise StoreError(f"{dataset}: cannot load it into a store ({' '.join(str(exc).split())[:200]})") from None
    shutil.rmtree(store_dir, ignore_errors=True)
    staging.rename(store_dir)
    seal(store_dir)


__all__ = ["DEFAULT", "SEAL", "StoreError", "asserted", "damage", "graph_triples", "has_union", "load_union",
           "open_or_create_store", "seal", "union_options", "update_union"]
