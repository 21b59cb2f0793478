"""`precursor-kg build`: sources → per-document graphs → inference → validation → output files.

Per-document work (extraction and the document's graph) is the unit of caching and of
parallelism: its N-Quads are cached by the content hash of the source and of the
pipeline itself, so a rebuild after editing one file redoes one document. The build
is written to a temporary directory beside the output and swapped in at the end, so a
failed or interrupted build leaves the previous one as it was.
"""

from __future__ import annotations

import dataclasses
import errno
import gc
import hashlib
import json
import os
import shutil
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from rdflib import Graph, URIRef

from . import __version__, resources
from .cache import BuildCache
from .catalogue import catalogue_entries
from .errors import DataFileError, OutputError, PrecursorKGError, SourceError, ValidationFailed
from .export import PART_SUFFIXES, to_nquads, write_parts
from .export import parts as export_parts
from .fileio import swap_directory
from .graph.iris import DEFAULT_BASE, Minter
from .store import damage, seal


@dataclass
class BuildConfig:
    out: Path = Path("build")
    base: str = DEFAULT_BASE
    engine: str = "reasonable"
    jobs: int = 0  # 0: one per core, when the work is large enough to pay for the processes
    cache_dir: Path | None = None  # None: the user cache directory; disable with use_cache=False
    use_cache: bool = True
    validate: bool = True
    docs: bool = True  # ontology HTML documentation and the overview picture
    progress: bool = True
    dask: str | None = None  # a Dask cluster for the per-document work: "local:N" or a scheduler address
    reuse_store: bool = True  # start from the previous build's store (set False when it failed its check)


@dataclass
class DocumentOutcome:
    path: Path
    stem: str
    nquads: str = ""  # emptied by the build once written to `file`, so a large corpus is not held in memory
    summary: dict = field(default_factory=dict)  # includes "nquads_sha256", the digest of the N-Quads
    file: Path | None = None  # the N-Quads in the build directory
    parts: dict = field(default_factory=dict)  # export.parts of the graph, emptied like nquads
    part_files: dict = field(default_factory=dict)  # where the parts were written, by suffix
    cached: bool = False
    error: str | None = None
    check: tuple | None = None  # (inferred N-Triples, validation result), when done with the extraction


@dataclass
class BuildReport:
    out: Path
    documents: list[DocumentOutcome]
    problems: list[str]
    triples: int
    inferred: int
    conforms: bool
    timings: dict[str, float]
    notes: list[str] = field(default_factory=list)  # warnings about the build as a whole


# --------------------------------------------------------------------------- per document

_worker_state: dict = {}


def _state(base: str, run: tuple[str, str, str]):
    key = (base, run)
    if _worker_state.get("key") != key:
        from .extraction import Extractor
        from .graph.document import DocumentGraphBuilder, Run

        extractor = Extractor()
        minter = Minter(base)
        _worker_state.update(
            key=key,
            extractor=extractor,
            builder=DocumentGraphBuilder(extractor.vocabulary, minter),
            minter=minter,
            run=Run(URIRef(run[0]), URIRef(run[1]), run[2]),
        )
        gc.freeze()  # the pipeline's long-lived objects: no collection need scan them again
    return _worker_state


def process_document(path: Path, base: str, run: tuple[str, str, str]) -> DocumentOutcome:
    """Extract one source and write its named graph as N-Quads (the unit of work and of loading)."""
    return _process(path, base, run)[0]


def process_and_check(path: Path, base: str, run: tuple[str, str, str], engine: str = "reasonable",
                      validate: bool = True) -> DocumentOutcome:
    """process_document, then the document's inference and validation on the graph still in memory."""
    outcome, graph = _process(path, base, run)
    if graph is not None:
        from .check import check_graph

        outcome.check = check_graph(graph, outcome.nquads, engine, validate)
    return outcome


def _process(path: Path, base: str, run: tuple[str, str, str]) -> tuple[DocumentOutcome, Graph | None]:
    state = _state(base, run)
    outcome = DocumentOutcome(path, path.stem)
    try:
        result = state["extractor"].extract_path(path)
    except SourceError as exc:
        outcome.error = str(exc)
        return outcome, None
    graph = state["builder"].build(result, state["run"], catalogue_entries(path))
    graph_iri = state["minter"].graph(path.stem)
    outcome.nquads = to_nquads(graph, graph_iri)
    outcome.parts = export_parts(outcome.nquads)
    outcome.summary = {
        "source": result.source.name,
        "resolutions": [r.symbol or f"fragment {r.fragment_index}" for r in result.resolutions],
        "paragraphs": sum(len(r.paragraphs) for r in result.resolutions),
        "triples": len(graph),
        "sha256": result.source.sha256,
        "nquads_sha256": hashlib.sha256(outcome.nquads.encode("utf-8")).hexdigest(),
        "problems": list(result.source.problems) + _unclassified_actions(result, state["extractor"].vocabulary),
    }
    return outcome, graph


def _unclassified_actions(result, vocabulary) -> list[str]:
    """A warning for each verb that took the fallback action, so that the scheme can be completed."""
    fallback = vocabulary.unclassified.iri if vocabulary.unclassified else None
    verbs = sorted({p.action for r in result.resolutions for p in r.paragraphs
                    if fallback and p.action_iri == fallback})
    return [f"no action concept for the verb {verb!r}: its paragraphs take action:unclassified" for verb in verbs]


# --------------------------------------------------------------------------- the build

def build(paths: list[Path], config: BuildConfig) -> BuildReport:
    from time import perf_counter

    timings: dict[str, float] = {}
    clock = perf_counter()
    check_data_files()
    out = Path(config.out).resolve()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        _remove_abandoned_staging(out)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-{os.getpid()}-", dir=out.parent))
    except OSError as exc:
        raise OutputError(f"{out.parent}: cannot write the build here ({exc.strerror})") from None
    notes = _check_previous_store(out, config)
    if notes:
        config = dataclasses.replace(config, reuse_store=False)
    try:
        try:
            report = _build_into(staging, paths, config, timings)
            seal(staging / "store")  # the store is closed once assemble has returned
        except OSError as exc:
            if not _out_of_space(exc):
                raise
            raise OutputError(f"{out.parent}: no space left on the device for the build; the previous one is kept") from None
        try:
            swap_directory(staging, out)
        except OSError as exc:
            raise OutputError(f"{out}: cannot put the new build in place ({exc.strerror}); the previous one is kept") from None
        report.out, report.notes = out, notes
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    timings["total"] = perf_counter() - clock
    return report


def _check_previous_store(out: Path, config: BuildConfig) -> list[str]:
    """Warnings when the previous build's store, which an incremental build starts from, fails its
    check: random bytes in it once drove a rebuild to 23.8 GB, truncated files failed every one."""
    if not (config.use_cache and (out / "store").is_dir()):
        return []
    why = damage(out / "store")
    return [f"{out / 'store'}: {why}; the store is made again from the documents"] if why else []


_NO_SPACE = {errno.ENOSPC, errno.EDQUOT}


def _out_of_space(exc: OSError) -> bool:
    """A full disk or quota, from Python's own writes (errno) or from the store's (RocksDB's message)."""
    return exc.errno in _NO_SPACE or "No space left on device" in str(exc) or "Disk quota exceeded" in str(exc)


def _remove_abandoned_staging(out: Path) -> None:
    """Staging directories of builds whose process is gone (killed with SIGKILL, say): removed."""
    for staging in out.parent.glob(f".{out.name}.building-*"):
        pid = staging.name[len(f".{out.name}.building-"):].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(staging, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _build_into(staging: Path, paths: list[Path], config: BuildConfig, timings: dict) -> BuildReport:
    from time import perf_counter

    minter = Minter(config.base)
    started = datetime.now(UTC).replace(microsecond=0)
    run_id = started.strftime("%Y%m%dT%H%M%SZ")
    run = (str(minter.run(run_id)), str(minter.software(__version__)), started.isoformat())

    t = perf_counter()
    docs_dir = staging / "documents"
    docs_dir.mkdir()
    parts_dir = staging / ".parts"  # export parts of documents that are not cached; removed by assemble
    outcomes = _process_all(paths, config, run, docs_dir, parts_dir)
    timings["extract_and_graph"] = perf_counter() - t
    problems = [o.error for o in outcomes if o.error]
    good = [o for o in outcomes if not o.error]
    good, duplicates = _drop_duplicate_resolutions(good)
    problems += duplicates
    if not good:
        raise PrecursorKGError("no document could be built: " + "; ".join(problems) if problems else "no sources given")

    from .dataset import assemble

    t = perf_counter()
    assembled = assemble(staging, parts_dir, good, minter, config, timings)
    timings["assemble"] = perf_counter() - t
    return BuildReport(staging, outcomes, problems, assembled.triples, assembled.inferred, assembled.conforms, timings)


def _from_cache(paths: list[Path], cache: BuildCache, base: str, docs_dir: Path):
    """The outcomes of the sources whose cache entry holds (their N-Quads linked into docs_dir); the
    others to do as (index, path, key); the SHA-256 each key was made from; why entries were rejected."""
    outcomes: list[DocumentOutcome | None] = [None] * len(paths)
    todo, source_sha, redone = [], {}, {}
    for i, path in enumerate(paths):
        source = cache.source_key(path, base)
        source_sha[i] = source.source_sha256
        cached, rejected = cache.document(source.key)
        if rejected:
            redone[i] = rejected
        if cached:
            outcome = DocumentOutcome(path, path.stem, summary=json.loads(cached["json"].read_text(encoding="utf-8")),
                                      cached=True, file=docs_dir / f"{path.stem}.nq",
                                      part_files={suffix: cached[suffix] for suffix in PART_SUFFIXES})
            _link_or_copy(cached["nq"], outcome.file)
            outcomes[i] = outcome
        else:
            todo.append((i, path, source.key))
    return outcomes, todo, source_sha, redone


def _process_all(paths: list[Path], config: BuildConfig, run, docs_dir: Path, parts_dir: Path) -> list[DocumentOutcome]:
    """Every source's outcome: its N-Quads written to docs_dir, its export parts to the cache or parts_dir.

    From the cache, or made here (in worker processes when it pays) or on Dask.
    """
    cache = BuildCache.for_build(config.use_cache, config.cache_dir)
    outcomes, todo, source_sha, redone = _from_cache(paths, cache, config.base, docs_dir)

    def arrived(i: int, key: str | None, outcome: DocumentOutcome) -> None:
        if not outcome.error:
            outcome.file = docs_dir / f"{outcome.stem}.nq"
            outcome.file.write_text(outcome.nquads, encoding="utf-8")
            notes = [f"its cache entry failed its check ({redone[i]}): made again"] if i in redone else []
            if key and outcome.summary.get("sha256") != source_sha.get(i):
                notes.append("the file changed while the build read it: built from the later text, not cached")
                key = None
            outcome.part_files = (cache.store_document(key, outcome.summary, outcome.nquads, outcome.parts)
                                  or write_parts(parts_dir, outcome.stem, outcome.parts))
            outcome.summary["problems"] = outcome.summary.get("problems", []) + notes  # after caching: not cached
            outcome.nquads, outcome.parts = "", {}
        outcomes[i] = outcome
        progress.update(1)

    jobs = config.jobs or os.cpu_count() or 1
    total_bytes = sum(_size(p) for _, p, _ in todo)
    parallel = jobs > 1 and len(todo) >= 2 * jobs and total_bytes > 300_000
    progress = _progress(len(todo), config.progress)
    # A document extracted here is also inferred and validated in the same worker, on its graph
    # still in memory (dataset.assemble takes those results and does the cached documents).
    args = (config.base, run, config.engine, config.validate)
    if config.dask and todo:
        from .scaleout import map_documents

        for j, outcome in map_documents(config.dask, process_and_check, [p for _, p, _ in todo], *args):
            i, _, key = todo[j]
            arrived(i, key, outcome)
    elif parallel:
        import multiprocessing

        from .check import preload

        preload(config.validate)  # loaded once here, inherited by the forked workers
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = {pool.submit(process_and_check, path, *args): (i, key) for i, path, key in todo}
            for future in as_completed(futures):
                arrived(*futures[future], future.result())
    else:
        for i, path, key in todo:
            arrived(i, key, process_and_check(path, *args))
    progress.close()
    return outcomes


def _link_or_copy(source: Path, target: Path) -> None:
    """A hard link where the filesystem allows (cache entries are replaced, never written in place), else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _progress(total: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, desc="documents", unit="doc", disable=None if enabled else True, file=sys.stderr, leave=False)


def _drop_duplicate_resolutions(outcomes: list[DocumentOutcome]) -> tuple[list[DocumentOutcome], list[str]]:
    """A resolution held by two files is built from the first; the second file is reported."""
    seen: dict[str, str] = {}
    kept, problems = [], []
    for o in outcomes:
        symbols = [s for s in o.summary.get("resolutions", []) if not s.startswith("fragment")]
        clash = next((s for s in symbols if s in seen), None)
        if clash:
            problems.append(f"{o.path}: resolution {clash} is also in {seen[clash]}; this file was left out")
            if o.file is not None and o.file.name not in {k.file.name for k in kept if k.file is not None}:
                o.file.unlink(missing_ok=True)
            continue
        for s in symbols:
            seen[s] = o.path.name
        kept.append(o)
    return kept, problems


def check_data_files() -> None:
    """Every ontology and reference file parses as strict Turtle (pyoxigraph's parser), so that a
    broken one is named with its line before anything is built: rdflib only warns of an invalid
    IRI, and the build then failed far from the file, when the graph was serialized."""
    import pyoxigraph as ox

    for path in resources.data_files():
        try:
            for _ in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
                pass
        except (SyntaxError, ValueError, OSError) as exc:
            raise DataFileError(f"{path}: not valid Turtle ({' '.join(str(exc).split())[:200]})") from None


__all__ = ["BuildConfig", "BuildReport", "ValidationFailed", "build", "process_document"]
