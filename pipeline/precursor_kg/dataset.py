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

import hashlib
import json
import multiprocessing
import os
import shutil
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from time import perf_counter
from typing import Any

import pyoxigraph as ox
from rdflib import Graph

from . import resources
from .cache import BuildCache, CheckResult, Validation, validation_digest
from .check import check_document, ntriples_of, preload, validate_schema
from .check import schema as cached_schema
from .errors import ValidationFailed
from .export import join_nquads, parts, to_nquads, write_exports, write_parts
from .graph.iris import PREFIXES, Minter, sparql_prologue
from .store import DEFAULT, asserted, graph_triples, load_union, union_options, update_union


@dataclass
class Assembled:
    triples: int
    inferred: int
    conforms: bool


@dataclass
class Assembly:
    """What every step of assemble reads: the staging directory, the documents, the settings."""

    staging: Path
    parts_dir: Path  # export parts of the documents not in the cache
    outcomes: list  # build.DocumentOutcome, each with its N-Quads in `file`
    minter: Minter
    config: Any  # build.BuildConfig
    timings: dict[str, float]
    cache: BuildCache


@dataclass
class PendingCheck:
    """A document's check: known (done with its extraction, or cached), or running in a worker."""

    key: str
    result: CheckResult | None = None
    future: Future | None = None


@dataclass
class LoadedStore:
    """The store of the documents and the ontology (not yet the inferred graph)."""

    store: ox.Store
    loading: dict  # how it was made, for the summary
    changed: list | None  # documents loaded into a previous build's store; None: loaded from scratch
    removed_triples: list  # the triples of the graphs removed from the previous build's store


@dataclass
class InferredGraph:
    nquads: str  # the inferred graph, as N-Quads lines
    from_previous: bool  # the previous build's inferred graph was changed in place
    no_longer: list  # with from_previous: the triples no longer inferred, and those newly inferred
    newly: list
    asserted_since: set  # with from_previous: the N-Triples lines of the documents loaded since

    @property
    def count(self) -> int:
        return self.nquads.count("\n")


@contextmanager
def _timed(timings: dict[str, float], name: str):
    started = perf_counter()
    try:
        yield
    finally:
        timings[name] = perf_counter() - started


def assemble(staging: Path, parts_dir: Path, outcomes, minter, config, timings: dict) -> Assembled:
    """Load the documents into the store, with each document's inference and validation (check.py).

    Documents extracted in this build come with theirs; the others (from the cache of
    N-Quads) are checked in worker processes while this process loads the store, unless
    their check is cached too (by their N-Quads and the code and data it depends on), so an
    incremental rebuild redoes only the changed documents. The inferred graph is the union
    of the documents' inferences and of the reference data's own (_reference_inference),
    less what some graph asserts. The exports are joined from each graph's parts (export.py).
    """
    job = Assembly(staging, parts_dir, outcomes, minter, config, timings,
                   BuildCache.for_build(config.use_cache, config.cache_dir))
    ontology_nquads = to_nquads(cached_schema(), minter.special_graph("ontology"))
    (staging / "ontology.nq").write_text(ontology_nquads, encoding="utf-8")
    started = perf_counter()
    pending, pool = _start_checks(job)
    try:
        with _timed(timings, "load"):
            join_nquads(staging / "dataset.nq", sorted(o.file for o in outcomes) + [staging / "ontology.nq"])
            loaded = _load_store(job)
        with _timed(timings, "reference_inference"):  # while the workers check the documents
            reference_inferred = _reference_inference(job.cache, config.engine)
        results = _finish_checks(job, pending)
        timings["inference_and_validation"] = perf_counter() - started
        with _timed(timings, "inference_merge"):
            inferred = _merge_inferred(job, loaded, [r.inferred for r in results.values()] + [reference_inferred])
        with _timed(timings, "union"):
            _update_union(job, loaded, inferred)
        if config.validate:
            _collect(staging, results, job.cache)
        with _timed(timings, "serialization"):
            _write_outputs(job, ontology_nquads, inferred.nquads)
        if config.docs:
            with _timed(timings, "docs"):
                _write_docs(job, loaded.store)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    triples = sum(o.summary["triples"] for o in outcomes) + ontology_nquads.count("\n") + inferred.count
    _write_summary(job, loaded, triples, inferred.count)
    return Assembled(triples, inferred.count, config.validate)


def _start_checks(job: Assembly) -> tuple[dict[str, PendingCheck], ProcessPoolExecutor | None]:
    """Each document's check: the one done with its extraction (cached now), a cached one, or one
    to do, started in worker processes when there are several."""
    config, pending, todo = job.config, {}, []
    for o in job.outcomes:
        key = job.cache.check_key(o.summary["nquads_sha256"], config.engine, config.validate)
        if o.check is not None:  # done with the extraction
            result = CheckResult.of(*o.check)
            job.cache.store_check(key, result)
            pending[o.stem] = PendingCheck(key, result)
        elif (known := job.cache.check(key)) is not None:
            pending[o.stem] = PendingCheck(key, known)
        else:
            pending[o.stem] = PendingCheck(key)
            todo.append(o)
    if todo:
        preload(config.validate)
    workers = max(1, min(config.jobs or os.cpu_count() or 1, len(job.outcomes)))
    if len(todo) < 2 or workers < 2:
        return pending, None
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))
    for o in todo:
        pending[o.stem].future = pool.submit(check_file, o.file, config.engine, config.validate)
    return pending, pool


def _finish_checks(job: Assembly, pending: dict[str, PendingCheck]) -> dict[str, CheckResult]:
    """Every document's check result: the workers' awaited, the ones left done here; new ones cached."""
    files = {o.stem: o.file for o in job.outcomes}
    results = {}
    for stem, check in pending.items():
        if check.result is None:
            raw = check.future.result() if check.future else check_file(files[stem], job.config.engine,
                                                                         job.config.validate)
            check.result = CheckResult.of(*raw)
            job.cache.store_check(check.key, check.result)
        results[stem] = check.result
    return results


def _merge_inferred(job: Assembly, loaded: LoadedStore, parts: list[str]) -> InferredGraph:
    """The inferred graph, written to inferred.nq and appended to dataset.nq, and put in the store:
    loaded whole, or, in a previous build's store, changed where it changed."""
    store, graph = loaded.store, job.minter.special_graph("inferred")
    previous = _previous_inferred(job.config, loaded.changed)
    if loaded.changed is not None and previous is None:
        store.remove_graph(ox.NamedNode(str(graph)))  # the previous inferred graph, which cannot be read
    kept = _inferred_union(store, parts, previous)
    nquads = "".join(line[:-2] + f" <{graph}> .\n" for line in kept)
    (job.staging / "inferred.nq").write_text(nquads, encoding="utf-8")
    no_longer, newly = [], []
    if previous is None:
        store.bulk_load(path=str(job.staging / "inferred.nq"), format=ox.RdfFormat.N_QUADS)
    else:
        no_longer, newly = _replace_lines(store, graph, previous[0], set(kept))
    join_nquads(job.staging / "dataset.nq", [job.staging / "inferred.nq"], append=True)
    return InferredGraph(nquads, previous is not None, no_longer, newly, previous[1] if previous else set())


def _update_union(job: Assembly, loaded: LoadedStore, inferred: InferredGraph) -> None:
    """The store's default graph, the union of the named graphs: loaded again, or changed in place."""
    store = loaded.store
    if not inferred.from_previous:  # a new store, or the previous inferred graph could not be read
        store.clear_graph(DEFAULT)
        load_union(store, job.staging / "dataset.nq")
    else:
        asserted_since = "".join(f"{line}\n" for line in inferred.asserted_since)  # the loaded documents' triples
        added = list(ox.parse(asserted_since, format=ox.RdfFormat.N_TRIPLES)) + inferred.newly
        update_union(store, loaded.removed_triples + inferred.no_longer, added)
    store.flush()


def _write_outputs(job: Assembly, ontology_nquads: str, inferred_nquads: str) -> None:
    """The exports joined from each graph's parts, the ontology as published, the manifest."""
    staging, parts_dir = job.staging, job.parts_dir
    write_exports(
        staging,
        [o.part_files for o in sorted(job.outcomes, key=lambda o: o.stem)]
        + [write_parts(parts_dir, "~ontology", parts(ontology_nquads)),
           write_parts(parts_dir, "~inferred", parts(inferred_nquads))],
    )
    shutil.rmtree(parts_dir, ignore_errors=True)
    shutil.copytree(resources.ontology_file().parent, staging / "ontology",
                    ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    _write_manifest(staging, job.outcomes, job.minter, job.config)


def _write_docs(job: Assembly, store: ox.Store) -> None:
    from .graph.overview import write_overview
    from .ontodocs import write_ontology_docs

    write_ontology_docs(resources.ontology_file(), job.staging / "ontology-docs")
    write_overview(store, job.staging / "overview.svg")


def _write_summary(job: Assembly, loaded: LoadedStore, triples: int, inferred: int) -> None:
    summary = _summary(loaded.store, job.outcomes, triples, inferred, job.config.validate)
    summary["store"] = loaded.loading
    (job.staging / "summary.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    (job.staging / "summary.md").write_text(_summary_markdown(summary), encoding="utf-8")


MANIFEST = "manifest.json"


def _load_store(job: Assembly) -> LoadedStore:
    """The store of the documents and the ontology (not yet the inferred graph).

    With the cache on and a previous build of the same code, data and base IRI in place,
    its store is copied (a RocksDB checkpoint: hard links, no data copied) and only the
    documents that changed are removed and loaded again. Otherwise dataset.nq, which holds
    the documents and the ontology so far, is loaded (one bulk load is about twice as fast
    as one per document).
    """
    staging, outcomes, minter, config = job.staging, job.outcomes, job.minter, job.config
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
        return LoadedStore(store, {"from_previous_build": False, "documents_loaded": len(outcomes), "graphs_removed": 0},
                           None, [])
    now = {o.stem: [str(minter.graph(o.stem)), o.summary["nquads_sha256"]] for o in outcomes}
    removed = [graph for stem, (graph, digest) in previous["documents"].items() if now.get(stem) != [graph, digest]]
    left = []
    for graph in removed:
        left += graph_triples(store, graph)
        store.remove_graph(ox.NamedNode(graph))
    changed = [o for o in outcomes if previous["documents"].get(o.stem) != now[o.stem]]
    for o in changed:
        store.bulk_load(path=str(o.file), format=ox.RdfFormat.N_QUADS)
    loading = {"from_previous_build": True, "documents_loaded": len(changed), "graphs_removed": len(removed)}
    return LoadedStore(store, loading, changed, left)


def _build_digest(config) -> str:
    """What the store's content depends on besides the documents' N-Quads: code, ontology, shapes, base IRI."""
    return hashlib.sha256(f"{validation_digest()} {config.base}".encode()).hexdigest()


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


def _reference_inference(cache: BuildCache, engine: str) -> str:
    """The OWL RL conclusions about the reference individuals themselves, as sorted N-Triples lines.

    A document's inference covers only the reference individuals it points at; this covers
    all of them (a substance listed in Table I is a Table I precursor whether or not a
    document names it). Done once per build, cached with the documents' checks.
    """
    key = cache.check_key("reference inference", engine, False)
    known = cache.check(key)
    if known is not None:
        return known.inferred
    from .check import ontology, schema
    from .reason import infer

    terms = set(ontology())
    reference = [triple for triple in schema() if triple not in terms]
    inferred = infer(schema(), reference, engine=engine)
    lines = inferred.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
    result = CheckResult("".join(sorted(line + "\n" for line in lines if line.endswith(" ."))), None)
    cache.store_check(key, result)
    return result.inferred


def check_file(path: Path, engine: str, validate: bool) -> tuple[str, tuple | None]:
    """check_document for a document's N-Quads file (read in the worker, not sent to it)."""
    return check_document(path.read_text(encoding="utf-8"), engine, validate)


def _collect(staging: Path, results: dict[str, CheckResult], cache: BuildCache) -> None:
    """Validate the reference data, gather the documents' validation, write the report; raise on violations."""
    report_graph = Graph()
    failures = []
    key = cache.check_key("reference data", "-", True)
    cached = cache.check(key)
    reference = cached.validation if cached is not None else None
    if reference is None:
        reference = Validation(*validate_schema())
        cache.store_check(key, CheckResult("", reference))
    reports = {reference.report_nt}  # as text: every conforming document has the same report, read once
    if not reference.conforms:
        failures.append(f"reference data: {reference.readable}")
    for stem, result in results.items():
        reports.add(result.validation.report_nt)
        if not result.validation.conforms:
            failures.append(f"{stem}: {result.validation.readable}")
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
                f" FILTER(STRSTARTS(STR(?c), '{PREFIXES['pkg']}')) }}"
                " GROUP BY ?c ORDER BY DESC(?n)",
                sparql_prologue("pkg", "skos") +
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
