"""Assemble the built documents into the dataset: ontology graph, inference, validation, files.

Output files (in the build directory):
  documents/<stem>.nq   one named graph per source document
  dataset.nq, dataset.trig   every named graph (documents, ontology, inferred)
  graph.ttl, graph.jsonld    the union of the named graphs; context.jsonld is the JSON-LD context
  inferred.nq, ontology.nq   the inferred and the ontology graphs
  manifest.json         the documents in the store, by digest, for the next (incremental) build
  ontology/             the ontology and reference data as published
  shacl-report.ttl      the SHACL validation report
  summary.json, summary.md   counts per class, per action, per source
  store/                a pyoxigraph store of the dataset, for queries and the endpoint
  ontology-docs/        HTML documentation of the ontology (pyLODE)
"""

from __future__ import annotations

import functools
import hashlib
import json
import multiprocessing
import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from time import perf_counter

import pyoxigraph as ox
from rdflib import Graph

from .check import check_document, ntriples_of, preload, validate_schema
from .check import schema as cached_schema
from .errors import ValidationFailed
from .export import join_nquads, parts, write_exports, write_parts
from .store import DEFAULT, asserted, graph_triples, load_union, union_options, update_union
from .vocabulary import data_files


@dataclass
class Assembled:
    triples: int
    inferred: int
    conforms: bool


def assemble(staging: Path, parts_dir: Path, outcomes, minter, config, timings: dict) -> Assembled:
    """Load the documents into the store, with each document's inference and validation (check.py).

    Documents extracted in this build come with theirs; the others (from the cache of
    N-Quads) are checked in worker processes while this process loads the store, unless
    their check is cached too (by their N-Quads and the code and data it depends on), so an
    incremental rebuild redoes only the changed documents. The inferred graph is the union
    of the documents' inferences and of the reference data's own (_reference_inference),
    less what some graph asserts. The exports are joined from
    each graph's parts (export.py); parts_dir holds those not in the cache.
    """
    from .build import to_nquads

    ontology_nquads = to_nquads(cached_schema(), minter.special_graph("ontology"))
    (staging / "ontology.nq").write_text(ontology_nquads, encoding="utf-8")
    started = perf_counter()
    cache = _validation_cache(config)
    workers = max(1, min(config.jobs or os.cpu_count() or 1, len(outcomes)))
    pending: dict[str, tuple] = {}
    todo = []
    for o in outcomes:
        key = _check_key(o.summary["nquads_sha256"], config.engine, config.validate)
        if o.check is not None:  # done with the extraction
            _store_check(cache, key, o.check)
            pending[o.stem] = (key, o.check)
            continue
        known = _cached_check(cache, key)
        if known is None:
            todo.append((o, key))
        else:
            pending[o.stem] = (key, known)
    pool = None
    if todo:
        preload(config.validate)
    if len(todo) > 1 and workers > 1:
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))
        for o, key in todo:
            pending[o.stem] = (key, pool.submit(check_file, o.file, config.engine, config.validate))
    try:
        t = perf_counter()
        join_nquads(staging / "dataset.nq", sorted(o.file for o in outcomes) + [staging / "ontology.nq"])
        store, loading, changed, left = _load_store(staging, outcomes, minter, config)
        timings["load"] = perf_counter() - t
        t = perf_counter()
        reference_inferred = _reference_inference(cache, config.engine)  # while the workers check the documents
        timings["reference_inference"] = perf_counter() - t
        if pool is None:
            for o, key in todo:
                pending[o.stem] = (key, check_file(o.file, config.engine, config.validate))

        results = {}
        for stem, (key, result) in pending.items():
            if not isinstance(result, tuple):
                result = result.result()
                _store_check(cache, key, result)
            results[stem] = result
        timings["inference_and_validation"] = perf_counter() - started

        t = perf_counter()
        graph = minter.special_graph("inferred")
        previous = _previous_inferred(config, changed)
        if changed is not None and previous is None:
            store.remove_graph(ox.NamedNode(str(graph)))  # the previous inferred graph, which cannot be read
        kept = _inferred_union(store, [r[0] for r in results.values()] + [reference_inferred], previous)
        inferred = "".join(line[:-2] + f" <{graph}> .\n" for line in kept)
        (staging / "inferred.nq").write_text(inferred, encoding="utf-8")
        if previous is None:
            store.bulk_load(path=str(staging / "inferred.nq"), format=ox.RdfFormat.N_QUADS)
        else:  # the previous inferred graph is in the store: change what changed
            no_longer, newly = _replace_lines(store, graph, previous[0], set(kept))
        join_nquads(staging / "dataset.nq", [staging / "inferred.nq"], append=True)
        timings["inference_merge"] = perf_counter() - t

        t = perf_counter()
        if previous is None:  # a new store, or the previous inferred graph could not be read
            store.clear_graph(DEFAULT)
            load_union(store, staging / "dataset.nq")
        else:
            asserted_since = "".join(f"{line}\n" for line in previous[1])  # the loaded documents' triples
            update_union(store, left + no_longer, list(ox.parse(asserted_since, format=ox.RdfFormat.N_TRIPLES)) + newly)
        store.flush()
        timings["union"] = perf_counter() - t
        if config.validate:
            _collect(staging, {stem: r[1] for stem, r in results.items()}, cache)

        t = perf_counter()
        write_exports(
            staging,
            [o.part_files for o in sorted(outcomes, key=lambda o: o.stem)]
            + [write_parts(parts_dir, "~ontology", parts(ontology_nquads)), write_parts(parts_dir, "~inferred", parts(inferred))],
        )
        shutil.rmtree(parts_dir, ignore_errors=True)
        shutil.copytree(Path(data_files()[0]).parent, staging / "ontology", ignore=shutil.ignore_patterns("__pycache__", "*.py"))
        _write_manifest(staging, outcomes, minter, config)
        timings["serialization"] = perf_counter() - t

        if config.docs:
            t = perf_counter()
            from .graph.overview import write_overview
            from .ontodocs import write_ontology_docs

            write_ontology_docs(Path(data_files()[0]), staging / "ontology-docs")
            write_overview(store, staging / "overview.svg")
            timings["docs"] = perf_counter() - t
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    inferred_count = inferred.count("\n")
    triples = sum(o.summary["triples"] for o in outcomes) + ontology_nquads.count("\n") + inferred_count
    summary = _summary(store, outcomes, triples, inferred_count, config.validate)
    summary["store"] = loading
    (staging / "summary.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    (staging / "summary.md").write_text(_summary_markdown(summary), encoding="utf-8")
    return Assembled(triples, inferred_count, config.validate)


MANIFEST = "manifest.json"


def _load_store(staging: Path, outcomes, minter, config) -> tuple[ox.Store, dict, list | None, list]:
    """The store of the documents and the ontology (not yet the inferred graph), how it was made,
    the documents loaded into a previous build's store (None when loaded from scratch) and
    the triples of the graphs removed from it.

    With the cache on and a previous build of the same code, data and base IRI in place,
    its store is copied (a RocksDB checkpoint: hard links, no data copied) and only the
    documents that changed are removed and loaded again. Otherwise dataset.nq, which holds
    the documents and the ontology so far, is loaded (one bulk load is about twice as fast
    as one per document).
    """
    path = staging / "store"
    previous = _previous_manifest(config)
    if previous is not None:
        try:
            ox.Store.read_only(str(Path(config.out) / "store")).backup(str(path))
        except OSError:
            shutil.rmtree(path, ignore_errors=True)
            previous = None
    store = ox.Store(str(path))
    if previous is None:
        store.bulk_load(path=str(staging / "dataset.nq"), format=ox.RdfFormat.N_QUADS)
        return store, {"from_previous_build": False, "documents_loaded": len(outcomes), "graphs_removed": 0}, None, []
    now = {o.stem: [str(minter.graph(o.stem)), o.summary["nquads_sha256"]] for o in outcomes}
    removed = [graph for stem, (graph, digest) in previous["documents"].items() if now.get(stem) != [graph, digest]]
    left = []
    for graph in removed:
        left += graph_triples(store, graph)
        store.remove_graph(ox.NamedNode(graph))
    changed = [o for o in outcomes if previous["documents"].get(o.stem) != now[o.stem]]
    for o in changed:
        store.bulk_load(path=str(o.file), format=ox.RdfFormat.N_QUADS)
    return store, {"from_previous_build": True, "documents_loaded": len(changed), "graphs_removed": len(removed)}, changed, left


def _build_digest(config) -> str:
    """What the store's content depends on besides the documents' N-Quads: code, ontology, shapes, base IRI."""
    return hashlib.sha256(f"{_validation_digest()} {config.base}".encode()).hexdigest()


def _previous_manifest(config) -> dict | None:
    if not (config.use_cache and config.reuse_store):
        return None
    try:
        manifest = json.loads((Path(config.out) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if manifest.get("digest") == _build_digest(config) else None


def _write_manifest(staging: Path, outcomes, minter, config) -> None:
    """What this build's store holds, for the next build to start from."""
    manifest = {
        "digest": _build_digest(config),
        "documents": {o.stem: [str(minter.graph(o.stem)), o.summary["nquads_sha256"]] for o in outcomes},
    }
    (staging / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")


def _inferred_union(store: ox.Store, parts: list[str], previous: tuple[set, set] | None = None) -> list[str]:
    """The documents' inferred triples, once each and sorted, less those some graph of the store asserts.

    `previous` is (the previous build's inferred triples, the triples of the documents
    loaded since) for a store that started as the previous build's: a triple inferred then
    was asserted nowhere, so now it is asserted only if a newly loaded document asserts it;
    only the other candidates are looked up in the store. (N-Triples lines throughout.)
    """
    candidates = sorted(set(line for part in parts for line in part.splitlines()))
    kept_before, asserted_since = previous or (set(), set())
    kept = {line for line in candidates if line in kept_before and line not in asserted_since}
    unknown = [line for line in candidates if line not in kept_before]
    if unknown:
        for line, triple in zip(unknown, ox.parse("\n".join(unknown) + "\n", format=ox.RdfFormat.N_TRIPLES), strict=False):
            if not asserted(store, triple):
                kept.add(line)
    return [line for line in candidates if line in kept]


def _replace_lines(store: ox.Store, graph, before: set[str], after: set[str]) -> tuple[list, list]:
    """Make the store's `graph` hold `after` instead of `before` (N-Triples lines), touching only the
    difference; return the triples removed and those added."""
    name = ox.NamedNode(str(graph))
    removed, added = (list(ox.parse("".join(f"{line}\n" for line in sorted(lines)), format=ox.RdfFormat.N_TRIPLES))
                      for lines in (before - after, after - before))
    for triple in removed:
        store.remove(ox.Quad(triple.subject, triple.predicate, triple.object, name))
    store.extend(ox.Quad(triple.subject, triple.predicate, triple.object, name) for triple in added)
    return removed, added


def _previous_inferred(config, changed: list | None) -> tuple[set, set] | None:
    """For _inferred_union: the previous build's inferred triples and the changed documents' triples."""
    if changed is None:
        return None
    try:
        kept_before = set(ntriples_of((Path(config.out) / "inferred.nq").read_text(encoding="utf-8")).splitlines())
    except OSError:
        return None
    asserted_since = set()
    for o in changed:
        asserted_since.update(ntriples_of(o.file.read_text(encoding="utf-8")).splitlines())
    return kept_before, asserted_since


def _reference_inference(cache: Path | None, engine: str) -> str:
    """The OWL RL conclusions about the reference individuals themselves, as sorted N-Triples lines.

    A document's inference covers only the reference individuals it points at; this covers
    all of them (a substance listed in Table I is a Table I precursor whether or not a
    document names it). Done once per build, cached with the documents' checks.
    """
    key = _check_key("reference inference", engine, False)
    known = _cached_check(cache, key)
    if known is not None:
        return known[0]
    from .check import ontology, schema
    from .reason import infer

    terms = set(ontology())
    reference = [triple for triple in schema() if triple not in terms]
    inferred = infer(schema(), reference, engine=engine)
    lines = inferred.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
    result = ("".join(sorted(line + "\n" for line in lines if line.endswith(" ."))), None)
    _store_check(cache, key, result)
    return result[0]


def _validation_cache(config) -> Path | None:
    from .build import _cache_dir

    return _cache_dir(config)


@functools.lru_cache(maxsize=1)
def _validation_digest() -> str:
    """What a document's validation depends on besides its triples: shapes, ontology, reference data, code."""
    from .build import pipeline_digest, shapes_file

    return hashlib.sha256(pipeline_digest().encode() + shapes_file().read_bytes()).hexdigest()


def _check_key(nquads_sha256: str, engine: str, validate: bool) -> str:
    """The cache key of a document's check: its N-Quads (by their digest) and what the check depends on."""
    text = f"{_validation_digest()} {engine} {validate} {nquads_sha256}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def check_file(path: Path, engine: str, validate: bool) -> tuple[str, tuple | None]:
    """check_document for a document's N-Quads file (read in the worker, not sent to it)."""
    return check_document(path.read_text(encoding="utf-8"), engine, validate)


def _cached_check(cache: Path | None, key: str) -> tuple | None:
    """A document graph inferred and validated before with the same code and data is not done again."""
    path = cache / f"{key}.check.json" if cache else None
    if path is None or not path.exists():
        return None
    try:
        inferred, validation, digest = json.loads(path.read_text(encoding="utf-8"))
        if digest != _check_digest(inferred, validation):
            raise ValueError("the entry does not have its recorded digest")
    except (OSError, ValueError, TypeError):
        path.unlink(missing_ok=True)  # an entry that fails its check is done again
        return None
    return inferred, tuple(validation) if validation is not None else None


def _check_digest(inferred: str, validation) -> str:
    return hashlib.sha256(json.dumps([inferred, list(validation) if validation else None]).encode("utf-8")).hexdigest()


def _store_check(cache: Path | None, key: str, result: tuple) -> None:
    if cache is None:
        return
    from .errors import OutputError
    from .fileio import write_atomic

    inferred, validation = result
    try:
        write_atomic(cache / f"{key}.check.json",
                     json.dumps([inferred, list(validation) if validation else None, _check_digest(inferred, validation)]))
    except OutputError:
        pass  # a cache that cannot be written only costs time


def _collect(staging: Path, results: dict, cache: Path | None) -> None:
    """Validate the reference data, gather the documents' validation, write the report; raise on violations."""
    report_graph = Graph()
    failures = []
    key = _check_key("reference data", "-", True)
    _, known = _cached_check(cache, key) or (None, None)
    if known is None:
        known = validate_schema()
        _store_check(cache, key, ("", known))
    reports = {known[1]}  # as text: every conforming document has the same report, read once
    if not known[0]:
        failures.append(f"reference data: {known[2]}")
    for stem, (conforms, report_nt, readable) in results.items():
        reports.add(report_nt)
        if not conforms:
            failures.append(f"{stem}: {readable}")
    for report_nt in sorted(reports):
        report_graph.parse(data=report_nt, format="nt")
    (staging / "shacl-report.ttl").write_text(report_graph.serialize(format="turtle"), encoding="utf-8")
    if failures:
        raise ValidationFailed("the graph violates the SHACL shapes:\n" + "\n".join(failures))


def _summary(store: ox.Store, outcomes, triples: int, inferred: int, conforms: bool) -> dict:
    def rows(query: str) -> list[tuple[str, int]]:
        return [(str(r[0].value), int(r[1].value)) for r in store.query(query, **union_options(store))]

    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=2) as threads:  # pyoxigraph releases the GIL while it queries
        per_class, per_action = threads.map(
            rows,
            [
                "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c"
                " FILTER(STRSTARTS(STR(?c), 'https://w3id.org/precursor-kg/ontology#')) }"
                " GROUP BY ?c ORDER BY DESC(?n)",
                "PREFIX pkg: <https://w3id.org/precursor-kg/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
                "SELECT ?a (COUNT(?p) AS ?n) WHERE { ?p pkg:action ?c . ?c skos:notation ?a } GROUP BY ?a ORDER BY DESC(?n)",
            ],
        )
    return {
        "triples": triples,
        "inferred_triples": inferred,
        "conforms": conforms,
        "per_class": {c.rsplit("#", 1)[-1]: n for c, n in per_class},
        "per_action": dict(per_action),
        "per_source": [dict(o.summary, cached=o.cached) for o in outcomes],
    }


def _summary_markdown(summary: dict) -> str:
    lines = [
        "# Build summary",
        "",
        f"- triples: {summary['triples']} (of which inferred: {summary['inferred_triples']})",
        f"- conforms to the SHACL shapes: {'yes' if summary['conforms'] else 'no'}",
        "",
        "## Per class",
        "",
    ]
    lines += [f"| {c} | {n} |" for c, n in summary["per_class"].items()]
    lines += ["", "## Per action", ""] + [f"| {a} | {n} |" for a, n in summary["per_action"].items()]
    lines += ["", "## Per source", ""]
    for s in summary["per_source"]:
        lines.append(
            f"- {s['source']}: {', '.join(s['resolutions'])}; {s['paragraphs']} paragraphs, {s['triples']} triples"
        )
    return "\n".join(lines) + "\n"


__all__ = ["Assembled", "assemble"]
