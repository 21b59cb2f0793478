"""The benchmark: each stage of the pipeline beside a baseline run in the same command.

    python -m bench [--scales 1,10,100] [--queries] [--out bench/out/bench.json]

For each scale of the scaled corpus (bench/scale.py, N× ≈ N times the bundled corpus's
words), with the project's own functions:

  read            read_source + clean              words/s
  structure       segment (resolutions, paragraphs) words/s
  entities        the spaCy components (extract_path less read and structure)
  extraction      read + structure + entities       vs spacy.blank("en").tokenizer alone (target ≤ 3×), and
                  vs the least an entity extraction with spaCy does: read, structure, tokenize, the
                  entity ruler's two PhraseMatchers, doc.ents (no clauses, citations or typed results)
  graph           DocumentGraphBuilder.build         vs plain rdflib Graph.add of the same triples
  inference       reason.infer per document, as the build does   vs owlrl's full closure of the whole input
  validation      per document: fast check, pyshacl when it finds anything   vs pyshacl on the whole graph at once
  serialization   per document N-Quads and export parts, + the build's store loading and joining
                  vs rdflib parsing the dataset and writing it as N-Quads and TriG
  build           `precursor-kg build --no-docs` in a subprocess, empty cache: wall time and peak memory
  incremental     the same build again after editing one file (cache and previous build in place)
  queries         the competency questions (queries/*.rq) on pyoxigraph, p50/p95   vs rdflib's engine,
                  and beside the floor of a corpus-wide question (bench/floor/*.rq): a one-pattern
                  count, and the cheapest join of two patterns

Each per-document stage also reports its peak resident set size (the bench process's, reset
before each call on Linux), and each build the peak of its process and its workers.

owlrl and rdflib serialization are run at scales ≤ 10 only, whole-graph pyshacl at 1× only, and rdflib
queries at ≤ 100 (they take minutes to hours beyond; marked "-"). Time per word or triple
between consecutive scales ≥ 10× is checked for linear growth (within ±25 %).
Results: a table on stdout and JSON in bench/out/ (--out).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .scale import write_scaled_corpus

SLOW_BASELINE_MAX_SCALE = 10  # owlrl and rdflib serialization: minutes beyond
PYSHACL_WHOLE_MAX_SCALE = 1
RDFLIB_QUERY_MAX_SCALE = 100
FLOOR_QUERIES = Path(__file__).resolve().parent / "floor"  # what a corpus-wide question pays at least
RDFLIB_QUERY_LIMIT_S = 30.0  # an rdflib query still running then counts as taking 30 s (the speed-up is a lower bound)
BASE = "https://w3id.org/precursor-kg/"
RUN = (BASE + "run/bench", BASE + "software/precursor-kg/bench", "2026-01-01T00:00:00+00:00")
WARM_UP = (
    "Resolution 99/1\n\nWarm-up\n\nThe Commission on Narcotic Drugs,\n\nNoting the work of the Board,\n\n"
    "1. Requests the International Narcotics Control Board to report on acetic anhydride;\n"
)
STAGES = ("read", "structure", "entities", "extraction", "graph", "inference", "validation", "serialization", "build")


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    return time.perf_counter() - start, value


class Stages:
    """Per stage, summed over the documents: seconds, and the largest peak resident set size.

    The peak is the process's (Linux: reset before each call through /proc/self/clear_refs,
    read as VmHWM), so it includes what the bench holds; elsewhere it is the process's peak so far.
    """

    def __init__(self, names):
        self.seconds = dict.fromkeys(names, 0.0)
        self.peak_mb: dict[str, float] = {}

    def run(self, name, fn, *args):
        _reset_peak()
        elapsed, value = timed(fn, *args)
        self.seconds[name] = self.seconds.get(name, 0.0) + elapsed
        self.peak_mb[name] = max(self.peak_mb.get(name, 0.0), _peak_mb())
        return value


def _reset_peak() -> None:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def _peak_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _extraction_floor(extractor, path: Path) -> None:
    """The least an entity extraction built on spaCy does: read and clean the file, segment it,
    tokenize each resolution and run the entity ruler's two PhraseMatchers, keeping the longest
    matches as doc.ents. What the extraction does beyond (the rules on the matches, clauses and
    addressees, citations, back-references, typed results with source offsets) is left out."""
    from spacy.tokens import Span
    from spacy.util import filter_spans

    from precursor_kg.reader import clean, read_source
    from precursor_kg.structure import segment

    text = clean(read_source(path).text).text
    ruler = extractor.nlp.get_pipe("precursor_entity_ruler")
    for resolution in segment(text, extractor.openers):
        doc = extractor.nlp.make_doc(text[resolution.start : resolution.end])
        doc.ents = filter_spans(
            [
                Span(doc, start, end, label=match_id)
                for matcher in (ruler.exact, ruler.folded)
                for match_id, start, end in matcher(doc)
            ]
        )


def _plain_add(triples: list) -> None:
    """The graph stage's baseline: the same triples added to a plain rdflib Graph."""
    from rdflib import Graph

    graph = Graph()
    for triple in triples:
        graph.add(triple)


def bench_scale(scale: int, work: Path, queries: bool) -> dict:
    """The stages one document at a time (nothing of the corpus kept, so 1000× fits), then the build."""
    import spacy
    from rdflib import Graph, URIRef

    from precursor_kg.build import _state, to_nquads
    from precursor_kg.check import _validate, ntriples_of, ontology, reference_index, schema, triples_of
    from precursor_kg.export import parts as export_parts
    from precursor_kg.extraction import Extractor
    from precursor_kg.reader import clean, read_source
    from precursor_kg.reason import infer, reasoning_triples
    from precursor_kg.structure import segment

    corpus = work / f"corpus-{scale}x"
    files = write_scaled_corpus(corpus, scale)
    row: dict = {"scale": scale, "files": len(files)}
    stages = Stages(
        [
            "read",
            "tokenizer_baseline",
            "extraction_floor",
            "structure",
            "extraction",
            "graph",
            "graph_baseline_rdflib_add",
            "to_nquads",
            "export_parts",
            "inference",
            "validation",
        ]
    )
    t = stages.seconds

    # The tokenizer baseline, the extraction floor and the extraction have a tokenizer each, so
    # none finds the tokenizer's cache warmed by another.
    tokenizer = spacy.blank("en").tokenizer
    extractor, floor_extractor = Extractor(), Extractor()
    state = _state(BASE, RUN)
    index, ontology_triples = reference_index(), list(ontology())
    small = scale <= SLOW_BASELINE_MAX_SCALE
    # For the whole-graph baselines: kept as text, which the garbage collector does not scan
    # (a growing heap of rdflib objects would slow every later stage down).
    kept_nquads, kept_inferred = [], set()
    words = triples = 0
    conforms = True
    # Warm-up, untimed: a short resolution of its own through every stage, so that one-time
    # costs (lazy loading, first calls) are not charged to the small scales, without warming
    # the tokenizers' caches on the text measured.
    warm_path = work / "warm-up.txt"
    warm_path.write_text(WARM_UP, encoding="utf-8")
    tokenizer(WARM_UP)
    segment(WARM_UP, extractor.openers)
    _extraction_floor(floor_extractor, warm_path)
    warm_graph = state["builder"].build(extractor.extract_path(warm_path), state["run"])
    warm_items = list(warm_graph)
    _plain_add(warm_items)
    warm_nquads = to_nquads(warm_graph, URIRef(BASE + "graph/warm"))
    export_parts(warm_nquads)
    infer(ontology_triples + index.triples(index.needed(warm_items)), reasoning_triples(warm_items))
    _validate(warm_graph, index.needed(warm_items), ntriples_of(warm_nquads))
    for number, path in enumerate(files):
        gc.collect()  # untimed: a full collection would land on whichever stage happened to trigger it
        cleaned = stages.run("read", lambda path=path: clean(read_source(path).text))
        words += len(cleaned.text.split())
        stages.run("tokenizer_baseline", tokenizer, cleaned.text)
        stages.run("extraction_floor", _extraction_floor, floor_extractor, path)
        stages.run("structure", segment, cleaned.text, extractor.openers)
        result = stages.run("extraction", extractor.extract_path, path)
        graph = stages.run("graph", state["builder"].build, result, state["run"])
        triples += len(graph)
        items = list(graph)
        stages.run("graph_baseline_rdflib_add", _plain_add, items)
        nquads = stages.run("to_nquads", to_nquads, graph, URIRef(f"{BASE}graph/{number}"))
        stages.run("export_parts", export_parts, nquads)
        # Inference and validation as the build does them: per document, with the ontology
        # and the reference data it points at.
        reference = index.needed(items)
        reasoning = reasoning_triples(items)
        inferred = stages.run("inference", infer, ontology_triples + index.triples(reference), reasoning)
        ok, _, _ = stages.run("validation", _validate, graph, reference, ntriples_of(nquads))
        conforms = conforms and ok
        if small:
            kept_nquads.append(nquads)
            kept_inferred.update(inferred.serialize(format="nt").splitlines())
    t["entities"] = t["extraction"] - t["read"] - t["structure"]
    row.update(words=words, triples=triples, conforms=conforms)
    row["extraction_vs_tokenizer"] = t["extraction"] / t["tokenizer_baseline"]
    row["extraction_floor_vs_tokenizer"] = t["extraction_floor"] / t["tokenizer_baseline"]
    if small:
        whole = triples_of("".join(kept_nquads))
        inferred_union = set(Graph().parse(data="\n".join(kept_inferred) + "\n", format="nt"))
        by_owlrl = stages.run("inference_baseline_owlrl_whole", infer, schema(), reasoning_triples(whole), "owlrl")
        row["inference_agrees_with_owlrl"] = (inferred_union - set(whole)) == set(by_owlrl)
    if scale <= PYSHACL_WHOLE_MAX_SCALE:
        from precursor_kg.validate import validate

        whole += schema()
        report = stages.run("validation_baseline_pyshacl_whole", validate, whole)
        row["validation_agrees_with_pyshacl"] = report.conforms == conforms

    # The whole build, in a fresh process so that its peak memory is its own.
    # A full build has an empty cache and no previous build; it fills the cache as it goes.
    out, cache = work / f"build-{scale}x", work / f"cache-{scale}x"
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    env = {"XDG_CACHE_HOME": str(cache)}
    build = run_build([str(corpus), "--out", str(out), "--no-docs"], env)
    t["build"] = build["wall_s"]
    row["build_ok"] = build["code"] == 0
    row["build_peak_rss_mb"] = build["peak_rss_mb"]
    if build["code"] == 0:
        summary = json.loads((out / "summary.json").read_text())
        row["build_quads"] = summary["triples"]
        row["build_inferred"] = summary["inferred_triples"]
        timings = build.get("timings", {})
        row["build_timings"] = {k: round(v, 3) for k, v in timings.items()}
        t["serialization"] = (
            t["to_nquads"] + t["export_parts"] + timings.get("load", 0) + timings.get("serialization", 0)
        )
        if scale <= SLOW_BASELINE_MAX_SCALE:
            from rdflib import Dataset

            def rdflib_serialize():
                d = Dataset()
                d.parse(out / "dataset.nq", format="nquads")
                d.serialize(format="nquads")
                d.serialize(format="trig")

            t["serialization_baseline_rdflib"], _ = timed(rdflib_serialize)

        # Incremental rebuild: edit one file, build again.
        files[0].write_text(
            files[0].read_text(encoding="utf-8").replace("Recalling", "Recalling also", 1), encoding="utf-8"
        )
        incremental = run_build([str(corpus), "--out", str(out), "--no-docs"], env)
        t["incremental_one_file"] = incremental["wall_s"]
        row["incremental_vs_full"] = incremental["wall_s"] / build["wall_s"]
        row["incremental_timings"] = {k: round(v, 3) for k, v in incremental.get("timings", {}).items()}
        if queries:
            row.update(bench_queries(out, scale))
    else:
        row["build_error"] = build.get("stderr", "")[-500:]
    row["seconds"] = {k: round(v, 3) for k, v in t.items()}
    row["peak_rss_mb"] = {k: round(v, 1) for k, v in stages.peak_mb.items()}
    row["rates"] = {
        "read_words_per_s": words / t["read"],
        "structure_words_per_s": words / t["structure"],
        "entities_words_per_s": words / max(t["entities"], 1e-9),
        "extraction_words_per_s": words / t["extraction"],
        "graph_triples_per_s": triples / t["graph"],
        "inference_triples_per_s": triples / t["inference"],
        "validation_triples_per_s": triples / t["validation"],
        "build_words_per_s": words / t["build"],
    }
    return row


def run_build(args: list[str], env: dict | None = None) -> dict:
    command = [sys.executable, "-m", "bench._run_build", "build", *args]
    proc = subprocess.run(
        command,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=Path(__file__).resolve().parent.parent,
    )
    try:
        result = json.loads(proc.stderr.strip().splitlines()[-1])
    except (ValueError, IndexError):
        result = {"code": proc.returncode or 1, "wall_s": float("nan"), "peak_rss_mb": float("nan")}
    result["stderr"] = proc.stderr
    return result


def bench_queries(build: Path, scale: int, repeat: int = 9) -> dict:
    import pyoxigraph

    from precursor_kg.query import list_queries, run_query

    store = pyoxigraph.Store.read_only(str(build / "store"))
    fast = {}
    for query in list_queries():
        times = []
        for _ in range(repeat):
            elapsed, _ = timed(run_query, store, query, {})
            times.append(elapsed)
        fast[query.name] = sorted(times)
    floor = {}
    for path in sorted(FLOOR_QUERIES.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        floor[path.stem] = sorted(timed(lambda text=text: list(store.query(text)))[0] for _ in range(repeat))
    p50, p95 = _percentile(fast, 0.5), _percentile(fast, 0.95)
    floor_p50, floor_p95 = _percentile(floor, 0.5), _percentile(floor, 0.95)
    result = {
        "queries": len(fast),
        "queries_p50_ms_median": 1000 * statistics.median(p50.values()),
        "queries_p50_ms_max": 1000 * max(p50.values()),
        "queries_p95_ms_max": 1000 * max(p95.values()),
        "queries_ms": {n: {"p50": round(1000 * p50[n], 2), "p95": round(1000 * p95[n], 2)} for n in fast},
        "query_floor_ms": {
            n: {"p50": round(1000 * floor_p50[n], 2), "p95": round(1000 * floor_p95[n], 2)} for n in floor
        },
    }
    if scale <= RDFLIB_QUERY_MAX_SCALE:
        from rdflib import Dataset

        dataset = Dataset()
        dataset.parse(build / "dataset.nq", format="nquads")
        dataset.default_union = True
        slow = {}
        for query in list_queries():
            slow[query.name] = _timed_with_limit(RDFLIB_QUERY_LIMIT_S, run_query, dataset, query, {})
        result["queries_rdflib_ms_median"] = 1000 * statistics.median(slow.values())
        speedups = [slow[n] / max(p50[n], 1e-6) for n in fast]
        result["queries_speedup_vs_rdflib_median"] = statistics.median(speedups)
        result["queries_speedup_vs_rdflib_min"] = min(speedups)
        for n in fast:
            result["queries_ms"][n]["rdflib"] = round(1000 * slow[n], 2)
    return result


def _percentile(sorted_times: dict[str, list[float]], q: float) -> dict[str, float]:
    return {n: ts[min(len(ts) - 1, round(q * (len(ts) - 1)))] for n, ts in sorted_times.items()}


def _timed_with_limit(limit: float, fn, *args) -> float:
    """The seconds fn takes, or `limit` if it has not finished by then (a lower bound: rdflib can take hours)."""
    import signal

    def stop(signum, frame):
        raise TimeoutError

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, limit)
    start = time.perf_counter()
    try:
        fn(*args)
    except TimeoutError:
        return limit
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    return time.perf_counter() - start


def growth(rows: list[dict]) -> dict:
    """Time per word (per triple for graph, inference, validation) at the larger scale over the smaller; 1.0 is linear."""
    out = {}
    big = [r for r in rows if r["scale"] >= 10]
    for a, b in zip(big, big[1:], strict=False):
        ratios = {}
        for stage in STAGES:
            if stage in a["seconds"] and stage in b["seconds"]:
                unit = "triples" if stage in ("graph", "inference", "validation", "serialization") else "words"
                ratios[stage] = round((b["seconds"][stage] / b[unit]) / (a["seconds"][stage] / a[unit]), 2)
        out[f"{a['scale']}x->{b['scale']}x"] = {
            "ratios": ratios,
            "linear_within_25pct": all(0.75 <= v <= 1.25 for v in ratios.values()),
        }
    return out


def print_table(rows: list[dict], grow: dict) -> None:
    def cell(row, key, fmt="{:.2f}"):
        value = row["seconds"].get(key)
        return "-" if value is None else fmt.format(value)

    print()
    header = ["stage (s)"] + [f"{r['scale']}x" for r in rows]
    lines = [["words"] + [f"{r['words']:,}" for r in rows], ["triples"] + [f"{r['triples']:,}" for r in rows]]
    for key, label in [
        ("read", "read"),
        ("structure", "structure"),
        ("entities", "entities (spaCy components)"),
        ("extraction", "extraction"),
        ("tokenizer_baseline", "  baseline: spaCy tokenizer"),
        ("extraction_floor", "  floor: read, structure, tokenizer, PhraseMatchers"),
        ("graph", "graph"),
        ("graph_baseline_rdflib_add", "  baseline: rdflib Graph.add"),
        ("inference", "inference (per document)"),
        ("inference_baseline_owlrl_whole", "  baseline: owlrl, whole"),
        ("validation", "validation (per document, 1 process)"),
        ("validation_baseline_pyshacl_whole", "  baseline: pyshacl, whole"),
        ("serialization", "serialization"),
        ("serialization_baseline_rdflib", "  baseline: rdflib parse+write"),
        ("build", "build (2 cores, empty cache)"),
        ("incremental_one_file", "  rebuild after editing 1 file"),
    ]:
        lines.append([label] + [cell(r, key) for r in rows])
    lines.append(["extraction / tokenizer"] + [f"{r['extraction_vs_tokenizer']:.2f}x" for r in rows])
    lines.append(["extraction floor / tokenizer"] + [f"{r['extraction_floor_vs_tokenizer']:.2f}x" for r in rows])
    lines.append(
        ["incremental / full"]
        + [f"{100 * r['incremental_vs_full']:.1f}%" if "incremental_vs_full" in r else "-" for r in rows]
    )
    lines.append(["build peak RSS (MB)"] + [f"{r.get('build_peak_rss_mb', float('nan')):.0f}" for r in rows])
    for stage in (
        "read",
        "structure",
        "extraction",
        "graph",
        "inference",
        "validation",
        "to_nquads",
        "export_parts",
        "inference_baseline_owlrl_whole",
        "validation_baseline_pyshacl_whole",
    ):
        peaks = [r["peak_rss_mb"].get(stage) for r in rows]
        lines.append([f"peak RSS (MB), {stage}"] + ["-" if p is None else f"{p:.0f}" for p in peaks])
    lines.append(["build words/s"] + [f"{r['rates']['build_words_per_s']:,.0f}" for r in rows])
    lines.append(["inference = owlrl"] + [str(r.get("inference_agrees_with_owlrl", "-")) for r in rows])
    lines.append(
        ["conforms (= pyshacl)"] + [f"{r['conforms']} ({r.get('validation_agrees_with_pyshacl', '-')})" for r in rows]
    )
    for r in rows:
        if "queries" in r:
            rd = (
                (
                    f", rdflib median {r['queries_rdflib_ms_median']:.1f} ms"
                    f" (slower: {r['queries_speedup_vs_rdflib_median']:.0f}x median,"
                    f" {r['queries_speedup_vs_rdflib_min']:.0f}x least)"
                )
                if "queries_rdflib_ms_median" in r
                else ""
            )
            lines.append(
                [
                    f"{r['queries']} queries at {r['scale']}x (ms)",
                    f"p50 median {r['queries_p50_ms_median']:.1f}, p50 max {r['queries_p50_ms_max']:.1f},"
                    f" p95 max {r['queries_p95_ms_max']:.1f}{rd}",
                ]
            )
            lines.append(
                [
                    f"  floor at {r['scale']}x (ms)",
                    ", ".join(f"{n} p50 {v['p50']:.1f} p95 {v['p95']:.1f}" for n, v in r["query_floor_ms"].items()),
                ]
            )
    widths = [max(len(str(x[i])) for x in [header] + lines if i < len(x)) for i in range(len(header))]
    for line in [header] + lines:
        print("  ".join(str(c).ljust(widths[i]) if i == 0 else str(c).rjust(widths[i]) for i, c in enumerate(line)))
    for step, g in grow.items():
        print(
            f"time per unit, {step} (1.0 = linear): "
            + ", ".join(f"{k} {v}" for k, v in g["ratios"].items())
            + ("  [linear within ±25 %]" if g["linear_within_25pct"] else "  [NOT linear within ±25 %]")
        )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scales", default="1,10,100", help="comma-separated multiples of the bundled corpus (1000 only when asked)"
    )
    parser.add_argument("--queries", action="store_true", help="time the competency questions at every scale ≥ 100")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "out" / "bench.json")
    parser.add_argument(
        "--work", type=Path, help="keep the scaled corpora and builds here (default: a temporary directory)"
    )
    args = parser.parse_args(argv)
    scales = sorted(int(s) for s in args.scales.split(","))
    rows = []
    with tempfile.TemporaryDirectory(prefix="precursor-kg-bench-") as tmp:
        work = args.work or Path(tmp)
        for scale in scales:
            rows.append(bench_scale(scale, work, queries=args.queries and scale >= 100))
            print(f"{scale}x done: {rows[-1]['seconds']}", file=sys.stderr, flush=True)
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(
                json.dumps({"rows": rows, "growth": growth(rows), "cpus": os.cpu_count()}, indent=2) + "\n"
            )
    grow = growth(rows)
    print_table(rows, grow)
    print(f"\nwritten: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
