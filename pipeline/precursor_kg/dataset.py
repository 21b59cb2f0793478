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
import re
import shutil
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from time import perf_counter

import pyoxigraph as ox
from rdflib import Graph, URIRef

from .errors import ValidationFailed
from .vocabulary import data_files


@dataclass
class Assembled:
    triples: int
    inferred: int
    conforms: bool


def load_schema() -> Graph:
    """The ontology and the reference data, as one rdflib graph."""
    graph = Graph()
    for path in data_files():
        graph.parse(path, format="turtle")
    return graph


def assemble(staging: Path, outcomes, minter, config, timings: dict) -> Assembled:
    from .build import SERIALIZATION_PREFIXES, to_nquads
    from .reason import infer, reasoning_input

    schema = load_schema()
    (staging / "ontology.nq").write_text(to_nquads(schema, minter.special_graph("ontology")), encoding="utf-8")
    pool, pending = None, {}
    if config.validate:
        # The shapes are local to a document: documents are validated in worker processes
        # while this process infers and serializes.
        started = perf_counter()
        workers = max(1, min(config.jobs or os.cpu_count() or 1, len(outcomes)))
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))
        cache = _validation_cache(config)
        for o in outcomes:
            key = _validation_key(o.nquads)
            known = _cached_validation(cache, key)
            pending[o.stem] = (cache, key, known if known is not None else pool.submit(validate_document, o.nquads))
    try:
        t = perf_counter()
        data = Graph()
        for o in outcomes:
            for triple in reasoning_input(_triples(o.nquads)):
                data.add(triple)
        inferred = infer(schema, data, engine=config.engine)
        (staging / "inferred.nq").write_text(to_nquads(inferred, minter.special_graph("inferred")), encoding="utf-8")
        timings["inference"] = perf_counter() - t

        t = perf_counter()
        store = ox.Store(str(staging / "store"))
        for path in sorted((staging / "documents").glob("*.nq")) + [staging / "ontology.nq", staging / "inferred.nq"]:
            store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
        store.flush()
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

        if pool is not None:
            _collect(staging, schema, pending)
            timings["validation"] = perf_counter() - started
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    triples = sum(1 for _ in store)
    summary = _summary(store, outcomes, triples, len(inferred), config.validate)
    (staging / "summary.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    (staging / "summary.md").write_text(_summary_markdown(summary), encoding="utf-8")
    return Assembled(triples, len(inferred), config.validate)


def _triples(nquads: str):
    """The triples of one document's N-Quads (its graph label dropped)."""
    graph = Graph()
    graph.parse(data=re.sub(r" <[^>]*> \.$", " .", nquads, flags=re.M), format="nt")
    return graph


def validate_document(nquads: str) -> tuple[bool, str, str]:
    """Validate one document's graph with the reference triples it points at (run in a worker).

    Returns (conforms, report graph as N-Triples, readable report).
    """
    from .validate import format_report, validate

    graph = _triples(nquads)
    graph += _reference_needed(graph, _cached_schema())
    report = validate(graph)
    return report.conforms, report.report_graph.serialize(format="nt"), format_report(report)


@functools.lru_cache(maxsize=1)
def _cached_schema() -> Graph:
    return load_schema()


def _reference_needed(graph: Graph, schema: Graph, depth: int = 2) -> Graph:
    """The descriptions of the reference individuals a document points at (and theirs, once more)."""
    needed = Graph()
    frontier = {t for t in set(graph.subjects()) | set(graph.objects()) if isinstance(t, URIRef)}
    seen: set = set()
    for _ in range(depth):
        following = set()
        for node in frontier - seen:
            seen.add(node)
            for triple in schema.triples((node, None, None)):
                needed.add(triple)
                if isinstance(triple[2], URIRef):
                    following.add(triple[2])
        frontier = following
    return needed


def _validation_cache(config) -> Path | None:
    from .build import _cache_dir

    return _cache_dir(config)


@functools.lru_cache(maxsize=1)
def _validation_digest() -> str:
    """What a document's validation depends on besides its triples: shapes, ontology, reference data, code."""
    from .build import pipeline_digest, shapes_file

    return hashlib.sha256(pipeline_digest().encode() + shapes_file().read_bytes()).hexdigest()


def _validation_key(nquads: str) -> str:
    return hashlib.sha256(_validation_digest().encode() + nquads.encode("utf-8")).hexdigest()[:32]


def _cached_validation(cache: Path | None, key: str) -> tuple | None:
    """A document graph validated before with the same shapes is not validated again."""
    path = cache / f"{key}.validation.json" if cache else None
    if path is None or not path.exists():
        return None
    try:
        return tuple(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return None


def _store_validation(cache: Path | None, key: str, result: tuple) -> None:
    if cache is None:
        return
    from .errors import OutputError
    from .fileio import write_atomic

    try:
        write_atomic(cache / f"{key}.validation.json", json.dumps(list(result)))
    except OutputError:
        pass  # a cache that cannot be written only costs time


def _collect(staging: Path, schema: Graph, pending: dict) -> None:
    """Wait for the documents' validation, validate the reference data, write the report; raise on violations."""
    from .validate import format_report, validate

    report_graph = Graph()
    failures = []
    reference = validate(schema)
    report_graph += reference.report_graph
    if not reference.conforms:
        failures.append(f"reference data: {len(reference.results)} violation(s)\n{format_report(reference)}")
    for stem, (cache, key, result) in pending.items():
        if not isinstance(result, tuple):
            result = result.result()
            _store_validation(cache, key, result)
        conforms, report_nt, readable = result
        report_graph.parse(data=report_nt, format="nt")
        if not conforms:
            failures.append(f"{stem}: {readable}")
    (staging / "shacl-report.ttl").write_text(report_graph.serialize(format="turtle"), encoding="utf-8")
    if failures:
        raise ValidationFailed("the graph violates the SHACL shapes:\n" + "\n".join(failures))


def _serialize(store: ox.Store, staging: Path, prefixes: dict[str, str]) -> None:
    store.dump(output=str(staging / "dataset.nq"), format=ox.RdfFormat.N_QUADS)
    store.dump(output=str(staging / "dataset.trig"), format=ox.RdfFormat.TRIG, prefixes=prefixes)
    union = store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    triples = list(union)
    ox.serialize(triples, str(staging / "graph.ttl"), ox.RdfFormat.TURTLE, prefixes=prefixes)
    ox.serialize(triples, str(staging / "graph.jsonld"), ox.RdfFormat.JSON_LD, prefixes=prefixes)
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


__all__ = ["Assembled", "assemble", "load_schema"]
