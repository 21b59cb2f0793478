"""Assemble the built documents into the dataset: ontology graph, inference, validation, files.

Output files (in the build directory):
  documents/<stem>.nq   one named graph per source document
  dataset.nq, dataset.trig   every named graph (documents, ontology, inferred)
  graph.ttl, graph.jsonld    the union of the named graphs; context.jsonld is the JSON-LD context
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

from .errors import ValidationFailed
from .check import check_document, preload, schema as cached_schema, validate_schema
from .vocabulary import data_files


@dataclass
class Assembled:
    triples: int
    inferred: int
    conforms: bool


def assemble(staging: Path, outcomes, minter, config, timings: dict) -> Assembled:
    """Load the documents into the store, with each document's inference and validation (check.py).

    Documents extracted in this build come with theirs; the others (from the cache of
    N-Quads) are checked in worker processes while this process loads the store, unless
    their check is cached too (by their N-Quads and the code and data it depends on), so an
    incremental rebuild redoes only the changed documents. The inferred graph is the union
    of the documents' inferences, less what some graph asserts.
    """
    from .build import SERIALIZATION_PREFIXES, to_nquads

    schema = cached_schema()
    (staging / "ontology.nq").write_text(to_nquads(schema, minter.special_graph("ontology")), encoding="utf-8")
    started = perf_counter()
    cache = _validation_cache(config)
    workers = max(1, min(config.jobs or os.cpu_count() or 1, len(outcomes)))
    pending: dict[str, tuple] = {}
    todo = []
    for o in outcomes:
        key = _check_key(o.nquads, config.engine, config.validate)
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
            pending[o.stem] = (key, pool.submit(check_document, o.nquads, config.engine, config.validate))
    try:
        t = perf_counter()
        store = ox.Store(str(staging / "store"))
        for path in sorted((staging / "documents").glob("*.nq")) + [staging / "ontology.nq"]:
            store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
        timings["load"] = perf_counter() - t
        if pool is None:
            for o, key in todo:
                pending[o.stem] = (key, check_document(o.nquads, config.engine, config.validate))

        results = {}
        for stem, (key, result) in pending.items():
            if not isinstance(result, tuple):
                result = result.result()
                _store_check(cache, key, result)
            results[stem] = result
        timings["inference_and_validation"] = perf_counter() - started

        t = perf_counter()
        inferred = _inferred_union(store, [r[0] for r in results.values()], minter.special_graph("inferred"))
        (staging / "inferred.nq").write_text(inferred, encoding="utf-8")
        store.bulk_load(path=str(staging / "inferred.nq"), format=ox.RdfFormat.N_QUADS)
        store.flush()
        timings["inference_merge"] = perf_counter() - t
        if config.validate:
            _collect(staging, {stem: r[1] for stem, r in results.items()})

        t = perf_counter()
        _serialize(store, staging, SERIALIZATION_PREFIXES)
        shutil.copytree(Path(data_files()[0]).parent, staging / "ontology", ignore=shutil.ignore_patterns("__pycache__", "*.py"))
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
    triples = len(store)
    inferred_count = inferred.count("\n")
    summary = _summary(store, outcomes, triples, inferred_count, config.validate)
    (staging / "summary.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    (staging / "summary.md").write_text(_summary_markdown(summary), encoding="utf-8")
    return Assembled(triples, inferred_count, config.validate)


def _inferred_union(store: ox.Store, parts: list[str], graph_iri) -> str:
    """The documents' inferred triples, once each, less those another document or the ontology asserts."""
    candidates = sorted(set(line for part in parts for line in part.splitlines()))
    if not candidates:
        return ""
    triples = list(ox.parse("\n".join(candidates) + "\n", format=ox.RdfFormat.N_TRIPLES))
    label = f" <{graph_iri}> .\n"
    kept = []
    for line, triple in zip(candidates, triples):
        if next(store.quads_for_pattern(triple.subject, triple.predicate, triple.object, None), None) is None:
            kept.append(line[:-2] + label)
    return "".join(kept)


def _validation_cache(config) -> Path | None:
    from .build import _cache_dir

    return _cache_dir(config)


@functools.lru_cache(maxsize=1)
def _validation_digest() -> str:
    """What a document's validation depends on besides its triples: shapes, ontology, reference data, code."""
    from .build import pipeline_digest, shapes_file

    return hashlib.sha256(pipeline_digest().encode() + shapes_file().read_bytes()).hexdigest()


def _check_key(nquads: str, engine: str, validate: bool) -> str:
    text = f"{_validation_digest()} {engine} {validate}\n{nquads}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _cached_check(cache: Path | None, key: str) -> tuple | None:
    """A document graph inferred and validated before with the same code and data is not done again."""
    path = cache / f"{key}.check.json" if cache else None
    if path is None or not path.exists():
        return None
    try:
        inferred, validation = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return inferred, tuple(validation) if validation is not None else None


def _store_check(cache: Path | None, key: str, result: tuple) -> None:
    if cache is None:
        return
    from .errors import OutputError
    from .fileio import write_atomic

    inferred, validation = result
    try:
        write_atomic(cache / f"{key}.check.json", json.dumps([inferred, list(validation) if validation else None]))
    except OutputError:
        pass  # a cache that cannot be written only costs time


def _collect(staging: Path, results: dict) -> None:
    """Validate the reference data, gather the documents' validation, write the report; raise on violations."""
    report_graph = Graph()
    failures = []
    conforms, report_nt, readable = validate_schema()
    report_graph.parse(data=report_nt, format="nt")
    if not conforms:
        failures.append(f"reference data: {readable}")
    for stem, result in results.items():
        conforms, report_nt, readable = result
        report_graph.parse(data=report_nt, format="nt")
        if not conforms:
            failures.append(f"{stem}: {readable}")
    (staging / "shacl-report.ttl").write_text(report_graph.serialize(format="turtle"), encoding="utf-8")
    if failures:
        raise ValidationFailed("the graph violates the SHACL shapes:\n" + "\n".join(failures))


def _serialize(store: ox.Store, staging: Path, prefixes: dict[str, str]) -> None:
    """The dataset and the union graph in four formats, written at the same time (pyoxigraph releases the GIL)."""
    from concurrent.futures import ThreadPoolExecutor

    # The union graph is streamed from the store (a list of every triple would not fit at scale).
    union = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
    writers = [
        lambda: store.dump(output=str(staging / "dataset.nq"), format=ox.RdfFormat.N_QUADS),
        lambda: store.dump(output=str(staging / "dataset.trig"), format=ox.RdfFormat.TRIG, prefixes=prefixes),
        lambda: ox.serialize(store.query(union), str(staging / "graph.ttl"), ox.RdfFormat.TURTLE, prefixes=prefixes),
        lambda: ox.serialize(store.query(union), str(staging / "graph.jsonld"), ox.RdfFormat.JSON_LD, prefixes=prefixes),
    ]
    with ThreadPoolExecutor(max_workers=min(len(writers), os.cpu_count() or 1)) as threads:
        for future in [threads.submit(w) for w in writers]:
            future.result()
    context = {"@context": dict(prefixes)}
    (staging / "context.jsonld").write_text(json.dumps(context, indent=2) + "\n", encoding="utf-8")

def _summary(store: ox.Store, outcomes, triples: int, inferred: int, conforms: bool) -> dict:
    def rows(query: str) -> list[tuple[str, int]]:
        return [(str(r[0].value), int(r[1].value)) for r in store.query(query, use_default_graph_as_union=True)]

    per_class = rows("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c FILTER(STRSTARTS(STR(?c), 'https://w3id.org/precursor-kg/ontology#')) } GROUP BY ?c ORDER BY DESC(?n)")
    per_action = rows(
        "PREFIX pkg: <https://w3id.org/precursor-kg/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        "SELECT ?a (COUNT(?p) AS ?n) WHERE { ?p pkg:action ?c . ?c skos:notation ?a } GROUP BY ?a ORDER BY DESC(?n)"
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
    lines = ["# Build summary", "", f"- triples: {summary['triples']} (of which inferred: {summary['inferred_triples']})",
             f"- conforms to the SHACL shapes: {'yes' if summary['conforms'] else 'no'}", "", "## Per class", ""]
    lines += [f"| {c} | {n} |" for c, n in summary["per_class"].items()]
    lines += ["", "## Per action", ""] + [f"| {a} | {n} |" for a, n in summary["per_action"].items()]
    lines += ["", "## Per source", ""]
    for s in summary["per_source"]:
        lines.append(f"- {s['source']}: {', '.join(s['resolutions'])}; {s['paragraphs']} paragraphs, {s['triples']} triples")
    return "\n".join(lines) + "\n"


__all__ = ["Assembled", "assemble"]
