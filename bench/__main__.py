"""The benchmark: each stage of the pipeline beside a baseline run in the same command.

    python -m bench [--scales 1,10,100] [--out bench/out/bench.json]

For each scale of the scaled corpus (bench/scale.py): extraction against spaCy's
tokenizer alone on the same text (the floor), graph building against plain rdflib
Graph.add of the same triples, inference (reasonable) against owlrl's closure,
validation (per document, in worker processes) against pyshacl on the whole graph,
serialization (pyoxigraph) against rdflib, the whole `build` with its peak memory, and
the competency questions' latency on pyoxigraph against rdflib's in-memory engine.
Baselines that take minutes are run at the small scales only (marked "-" above them).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .scale import write_scaled_corpus

SLOW_BASELINE_MAX_SCALE = 10  # owlrl and whole-graph pyshacl grow too slow past this


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    return time.perf_counter() - start, value


def bench_scale(scale: int, work: Path, queries: bool) -> dict:
    from rdflib import Graph

    from precursor_kg.build import process_document
    from precursor_kg.dataset import _triples, load_schema, validate_document
    from precursor_kg.extraction import Extractor
    from precursor_kg.reader import clean, read_source
    from precursor_kg.reason import infer, reasoning_input

    corpus = work / f"corpus-{scale}x"
    files = write_scaled_corpus(corpus, scale)
    texts = [read_source(p).text for p in files]
    words = sum(len(t.split()) for t in texts)
    row = {"scale": scale, "files": len(files), "words": words}

    extractor = Extractor()
    tokenizer = extractor.nlp.tokenizer
    row["read_s"], cleaned = timed(lambda: [clean(read_source(p).text) for p in files])
    row["tokenizer_baseline_s"], _ = timed(lambda: [len(tokenizer(c.text)) for c in cleaned])
    row["extraction_s"], results = timed(lambda: [extractor.extract_path(p) for p in files])
    row["extraction_vs_tokenizer"] = row["extraction_s"] / row["tokenizer_baseline_s"]

    run = ("https://w3id.org/precursor-kg/run/bench", "https://w3id.org/precursor-kg/software/precursor-kg/bench", "2026-01-01T00:00:00+00:00")
    from precursor_kg.build import _state

    builder = _state("https://w3id.org/precursor-kg/", run)["builder"]
    from precursor_kg.graph.document import Run
    from rdflib import URIRef

    run_obj = Run(URIRef(run[0]), URIRef(run[1]), run[2])
    row["graph_s"], graphs = timed(lambda: [builder.build(r, run_obj) for r in results])
    triples = [t for g in graphs for t in g]
    row["triples"] = len(triples)

    def plain_add():
        g = Graph()
        for t in triples:
            g.add(t)
        return g

    row["graph_baseline_rdflib_add_s"], _ = timed(plain_add)

    schema = load_schema()
    data = Graph()
    for g in graphs:
        for t in reasoning_input(g):
            data.add(t)
    row["inference_s"], inferred = timed(infer, schema, data, "reasonable")
    row["inferred"] = len(inferred)
    if scale <= SLOW_BASELINE_MAX_SCALE:
        row["inference_baseline_owlrl_s"], by_owlrl = timed(infer, schema, data, "owlrl")
        row["inference_agrees_with_owlrl"] = set(inferred) == set(by_owlrl)

    nquads = [process_document(p, "https://w3id.org/precursor-kg/", run).nquads for p in files]
    from concurrent.futures import ProcessPoolExecutor

    def validate_all():
        with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            return all(conforms for conforms, _, _ in pool.map(validate_document, nquads, chunksize=4))

    row["validation_s"], row["conforms"] = timed(validate_all)
    if scale <= SLOW_BASELINE_MAX_SCALE:
        from precursor_kg.validate import validate

        whole = Graph()
        for text in nquads:
            whole += _triples(text)
        whole += schema
        row["validation_baseline_pyshacl_whole_s"], _ = timed(validate, whole)

    # The whole build, in a subprocess so that its peak memory is its own.
    out = work / f"build-{scale}x"
    command = [sys.executable, "-m", "precursor_kg.cli", "build", str(corpus), "--out", str(out), "--no-cache", "--no-docs"]
    start = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True)
    row["build_s"] = time.perf_counter() - start
    row["build_ok"] = proc.returncode == 0
    row["build_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if proc.returncode:
        row["build_error"] = proc.stderr.strip().splitlines()[-1:]
    if scale <= SLOW_BASELINE_MAX_SCALE and proc.returncode == 0:
        dataset = Graph()
        row["serialization_baseline_rdflib_parse_and_write_s"], _ = timed(
            lambda: dataset.parse(out / "dataset.nq", format="nquads").serialize(format="turtle"))

    # Incremental rebuild: edit one file, rebuild with the cache.
    if proc.returncode == 0:
        warm = [sys.executable, "-m", "precursor_kg.cli", "build", str(corpus), "--out", str(out), "--no-docs"]
        subprocess.run(warm, capture_output=True)  # fills the cache
        files[0].write_text(files[0].read_text(encoding="utf-8").replace("Recalling", "Recalling also", 1), encoding="utf-8")
        start = time.perf_counter()
        subprocess.run(warm, capture_output=True)
        row["incremental_one_file_s"] = time.perf_counter() - start
        row["incremental_vs_full"] = row["incremental_one_file_s"] / row["build_s"]

    if queries and proc.returncode == 0:
        row.update(bench_queries(out))
    return row


def bench_queries(build: Path) -> dict:
    import pyoxigraph
    from rdflib import Dataset

    from precursor_kg.query import list_queries, run_query

    store = pyoxigraph.Store.read_only(str(build / "store"))
    dataset = Dataset()
    dataset.parse(build / "dataset.nq", format="nquads")
    dataset.default_union = True
    fast, slow = {}, {}
    for query in list_queries():
        times = []
        for _ in range(7):
            t, _ = timed(run_query, store, query, {})
            times.append(t)
        fast[query.name] = times
        t, _ = timed(run_query, dataset, query, {})
        slow[query.name] = t
    p95 = {n: sorted(ts)[int(0.95 * (len(ts) - 1))] for n, ts in fast.items()}
    return {
        "queries_p50_ms_max": 1000 * max(statistics.median(ts) for ts in fast.values()),
        "queries_p95_ms_max": 1000 * max(p95.values()),
        "queries_speedup_vs_rdflib_min": min(slow[n] / max(statistics.median(fast[n]), 1e-6) for n in fast),
        "queries_p95_ms": {n: round(1000 * v, 2) for n, v in p95.items()},
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,10,100", help="comma-separated multiples of the bundled corpus")
    parser.add_argument("--queries", action="store_true", help="also time the competency questions at the largest scale")
    parser.add_argument("--out", type=Path, default=Path("bench/out/bench.json"))
    args = parser.parse_args(argv)
    scales = [int(s) for s in args.scales.split(",")]
    rows = []
    with tempfile.TemporaryDirectory(prefix="precursor-kg-bench-") as tmp:
        for scale in scales:
            rows.append(bench_scale(scale, Path(tmp), queries=args.queries and scale == max(scales)))
            print_row(rows[-1])
    growth = {}
    for a, b in zip(rows, rows[1:]):
        growth[f"{a['scale']}x->{b['scale']}x"] = {
            stage: round((b[stage] / b["words"]) / (a[stage] / a["words"]), 2)
            for stage in ("read_s", "extraction_s", "graph_s", "inference_s", "validation_s", "build_s") if stage in a and stage in b
        }
    report = {"rows": rows, "time_per_word_growth": growth}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print("time per word, ratio between scales (1.0 = linear):")
    for step, stages in growth.items():
        print(f"  {step}: " + ", ".join(f"{k[:-2]} {v}" for k, v in stages.items()))
    return 0


def print_row(row: dict) -> None:
    print(f"\n== {row['scale']}x: {row['files']} files, {row['words']} words, {row.get('triples', 0)} triples")
    for key, value in row.items():
        if key in ("scale", "files", "words", "triples", "queries_p95_ms"):
            continue
        print(f"  {key:<48} {value:.3f}" if isinstance(value, float) else f"  {key:<48} {value}")


if __name__ == "__main__":
    sys.exit(main())
