"""The `precursor-kg` command line."""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import signal
import sys
import threading
from pathlib import Path

from . import __version__
from .errors import (
    EXIT_DOES_NOT_CONFORM,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_TERMINATED,
    PrecursorKGError,
    SourceError,
)

PROG = "precursor-kg"


class Terminated(BaseException):
    """SIGTERM, raised where the program is so that its clean-up (a build's staging) runs."""


def _terminate(signum, frame):
    raise Terminated()


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminate)
    try:
        return args.run(args) or 0
    except PrecursorKGError as exc:
        _error(str(exc))
        return exc.exit_code
    except KeyboardInterrupt:
        _error("interrupted; nothing was left half-written")
        return EXIT_INTERRUPTED
    except Terminated:
        _error("terminated; nothing was left half-written")
        return EXIT_TERMINATED
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the last line of defence: one line, never a traceback
        if os.environ.get("PRECURSOR_KG_DEBUG"):
            raise
        _error(f"internal error: {type(exc).__name__}: {exc} (set PRECURSOR_KG_DEBUG=1 for details)")
        return EXIT_INTERNAL


def _error(message: str) -> None:
    print(f"{PROG}: error: {message}", file=sys.stderr)


def _warning(message: str) -> None:
    print(f"{PROG}: warning: {message}", file=sys.stderr)


def _add_evaluate(sub) -> None:
    p = sub.add_parser("evaluate", help="score the extraction against gold files (precision, recall, F1 per field)")
    p.add_argument("--gold", type=Path, required=True, help="directory of gold JSON files")
    p.add_argument("--texts", type=Path, required=True, help="directory of the texts the gold was made from")
    p.add_argument("--sources", type=Path, help="table of sources (tests/data/sources.json): scores per half and layout")
    p.add_argument("--half", choices=("tune", "test"), help="score only this half of the table of sources")
    p.add_argument("--show", type=int, default=0, metavar="N", help="list up to N misses and extras per field (of the tune half)")
    p.add_argument("--json", type=Path, help="also write the scores as JSON to this file")
    p.set_defaults(run=cmd_evaluate)


def _add_build(sub) -> None:
    p = sub.add_parser("build", help="build the knowledge graph (default: the bundled corpus into ./build)")
    p.add_argument("sources", nargs="*", help="text files or directories (default: the bundled sample corpus)")
    p.add_argument("--out", type=Path, default=Path("build"), help="build directory (default: ./build)")
    p.add_argument("--base", default=None, help="base IRI of the data (default: the project's own, see docs/MODEL.md)")
    p.add_argument("--engine", choices=("reasonable", "owlrl"), default="reasonable", help="OWL RL engine")
    p.add_argument(
        "--jobs", type=int, default=0, help="worker processes for extraction and validation (default: one per core)"
    )
    p.add_argument("--no-cache", action="store_true", help="redo every document instead of reusing cached ones")
    p.add_argument("--no-validate", action="store_true", help="skip SHACL validation")
    p.add_argument(
        "--no-docs", action="store_true", help="skip the ontology HTML documentation and the overview picture"
    )
    p.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="run the per-document work on Dask: local:N (N local workers) "
        "or a scheduler address such as tcp://host:8786 (needs the 'dask' extra)",
    )
    p.set_defaults(run=cmd_build)


def _add_serve(sub) -> None:
    p = sub.add_parser("serve", help="serve the built graph: SPARQL endpoint, query page, linked data")
    p.add_argument("--build", type=Path, default=Path("build"), help="build directory (default: ./build)")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=7878)
    p.add_argument("--timeout", type=float, default=None, help="seconds a query may run (default: 5)")
    p.add_argument("--max-results", type=int, default=None, help="rows or triples a query may return")
    p.add_argument("--max-request-bytes", type=int, default=None, help="largest request accepted")
    p.add_argument("--base", default=None, help="base IRI of the data, for dereferencing (default: the build's)")
    p.add_argument(
        "--public-url", default=None, help="the endpoint's URL as clients see it, for VoID (default: the bound address)"
    )
    p.set_defaults(run=cmd_serve)


def _add_release(sub) -> None:
    p = sub.add_parser("release", help="release the ontology: every module in Turtle, RDF/XML and JSON-LD, "
                       "HTML documentation, changelog and the w3id.org .htaccess")
    p.add_argument("--out", type=Path, required=True, help="the release directory (new, empty or an earlier release)")
    p.add_argument("--public-url", required=True, metavar="URL",
                   help="where the release directory will be served; the .htaccess redirects there")
    p.add_argument("--changelog", type=Path, default=Path("CHANGELOG.md"),
                   help="the changelog to publish, with an entry for the version (default: ./CHANGELOG.md)")
    p.set_defaults(run=cmd_release)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, description="A knowledge graph of international precursor-chemical control, from UN resolutions."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("extract", help="extract structure, entities, actions and addressees from resolution texts")
    p.add_argument("files", nargs="+", help="text files or directories of them")
    p.add_argument("--format", choices=("eval-json", "json"), default="eval-json")
    p.add_argument("--out", type=Path, help="write DIR/<stem>.json per input (required for several inputs)")
    p.set_defaults(run=cmd_extract)

    _add_evaluate(sub)
    _add_build(sub)
    p = sub.add_parser("validate", help="validate a graph against the SHACL shapes and print a readable report")
    p.add_argument(
        "graph", nargs="?", type=Path, default=Path("build"), help="a build directory or an RDF file (default: ./build)"
    )
    p.add_argument("--report", type=Path, help="where to write the SHACL report graph (default: beside the input)")
    p.set_defaults(run=cmd_validate)

    p = sub.add_parser("query", help="run a competency question (or a SPARQL file) against the built graph")
    p.add_argument("query", help="a competency question's name (see --list) or a .rq file")
    p.add_argument("values", nargs="*", metavar="K=V", help="parameter values, as with --param")
    p.add_argument(
        "--param", action="append", default=[], metavar="K=V",
        help="bind a parameter: a name as the graph labels it (case, quotes, accents ignored), a literal, or an IRI in <…>",
    )
    p.add_argument("--format", choices=("table", "csv", "tsv", "json", "xml"), default="table")
    p.add_argument("--build", type=Path, default=Path("build"), help="build directory (default: ./build)")
    p.set_defaults(run=cmd_query)

    _add_serve(sub)
    _add_release(sub)
    p = sub.add_parser("publish", help="load the named graphs into a SPARQL 1.1 Graph Store Protocol endpoint")
    p.add_argument(
        "--to", required=True, metavar="URL", help="the store's Graph Store Protocol URL (e.g. http://host:7878/store)"
    )
    p.add_argument("--build", type=Path, default=Path("build"), help="build directory (default: ./build)")
    p.add_argument("--user", help="user name for HTTP basic authentication")
    p.add_argument("--password", help="password for HTTP basic authentication")
    p.set_defaults(run=cmd_publish)
    return parser


def _require_build(build: Path) -> Path:
    if not (build / "dataset.nq").exists():
        raise PrecursorKGError(f"{build}: not a build directory (run `precursor-kg build` first)")
    return build


# --------------------------------------------------------------------------- validate


def cmd_validate(args) -> int:
    from .validate import validate_path

    report, report_path = validate_path(args.graph, args.report)
    from .validate import format_report

    print(format_report(report))
    print(f"SHACL report written to {report_path}")
    return 0 if report.conforms else EXIT_DOES_NOT_CONFORM


# --------------------------------------------------------------------------- release


def cmd_release(args) -> int:
    from .release import release

    manifest = release(args.out, args.public_url, args.changelog)
    print(f"released ontology {manifest['version']} ({len(manifest['modules'])} modules, "
          f"{len(manifest['files'])} files) into {args.out}")
    return 0


# --------------------------------------------------------------------------- query


def cmd_query(args) -> int:
    from .query import format_result, load_query, open_store, run_query
    from .query.matching import LabelIndex, match_parameters

    params = {}
    for item in args.param + args.values:
        key, sep, value = item.partition("=")
        if not sep:
            raise PrecursorKGError(f"parameter {item!r}: expected K=V")
        params[key.lstrip("?")] = value
    query = load_query(args.query)
    store = open_store(_checked_store(_require_build(args.build)))
    params = match_parameters(query, params, lambda: LabelIndex.from_store(store))
    sys.stdout.write(format_result(run_query(store, query, params), args.format))
    return 0


def _checked_store(build: Path) -> Path:
    """The build, its store checked against its seal first (made again from dataset.nq if damaged)."""
    from .store import StoreError, open_or_create_store

    try:
        open_or_create_store(build, warn=_warning)
    except StoreError as exc:
        raise PrecursorKGError(str(exc)) from None
    return build


# --------------------------------------------------------------------------- serve and publish


def cmd_serve(args) -> int:
    from .serve import ServerConfig, serve

    options = {
        k: v
        for k, v in {
            "timeout_s": args.timeout,
            "max_results": args.max_results,
            "max_request_bytes": args.max_request_bytes,
            "base": args.base,
            "public_url": args.public_url,
        }.items()
        if v is not None
    }
    serve(_require_build(args.build), args.host, args.port, ServerConfig(**options))
    return 0


def cmd_publish(args) -> int:
    from .publish import publish

    auth = (args.user, args.password or "") if args.user else None
    report = publish(_require_build(args.build), args.to, auth=auth)
    print(report)
    return 0


# --------------------------------------------------------------------------- build


def cmd_build(args) -> int:
    from .build import BuildConfig, build
    from .fileio import bundled_corpus, expand_sources
    from .graph.iris import DEFAULT_BASE

    paths, problems = expand_sources(args.sources) if args.sources else (bundled_corpus(), [])
    config = BuildConfig(
        out=args.out,
        base=args.base or DEFAULT_BASE,
        engine=args.engine,
        jobs=args.jobs,
        use_cache=not args.no_cache,
        validate=not args.no_validate,
        docs=not args.no_docs,
        dask=args.dask,
    )
    for problem in problems:
        _error(str(problem))
    report = build(paths, config)
    for note in report.notes:
        _warning(note)
    for problem in report.problems:
        _error(problem)
    built = [d for d in report.documents if not d.error]
    for document in built:
        for problem in document.summary.get("problems", []):
            _warning(f"{document.path}: {problem}")
    print(
        f"built {report.out}: {len(built)} document(s), {report.triples} quads ({report.inferred} inferred), "
        f"SHACL {'conforms' if report.conforms else 'not checked'}; {report.timings.get('total', 0):.2f} s"
    )
    return SourceError.exit_code if (problems or report.problems) else 0


# --------------------------------------------------------------------------- extract


def cmd_extract(args) -> int:
    from .evaljson import to_eval_json
    from .extraction import Extractor
    from .fileio import expand_sources, write_atomic

    paths, problems = expand_sources(args.files)
    if len(paths) + len(problems) > 1 and args.out is None:
        raise PrecursorKGError("several inputs: give --out DIR to write one JSON file per input")
    extractor = Extractor() if paths else None
    for path in paths:
        try:
            result = extractor.extract_path(path)
        except SourceError as exc:
            problems.append(exc)
            continue
        for problem in result.source.problems:
            _warning(f"{path}: {problem}")
        payload = to_eval_json(result) if args.format == "eval-json" else full_json(result)
        text = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
        if args.out is None:
            sys.stdout.write(text)
        else:
            write_atomic(args.out / f"{path.stem}.json", text)
    for problem in problems:
        _error(str(problem))
    return problems[0].exit_code if problems else 0


def full_json(result) -> dict:
    """Everything the extraction found, with source offsets of every span."""
    payload = dataclasses.asdict(result)
    source = payload.pop("source")
    payload = {
        "format": "precursor-kg-extraction/1",
        "source": source["name"],
        "sha256": source["sha256"],
        "encoding": source["encoding"],
        **payload,
    }
    return payload


# --------------------------------------------------------------------------- evaluate


def cmd_evaluate(args) -> int:
    from .evaljson import FIELDS, read_json, score, to_eval_json
    from .extraction import Extractor

    gold_files = sorted(args.gold.glob("*.json")) if args.gold.is_dir() else []
    if not gold_files:
        raise PrecursorKGError(f"{args.gold}: no gold JSON files here")
    table = _sources_table(args.sources) if args.sources else {}
    if args.half:
        gold_files = [g for g in gold_files if table.get(g.stem, {}).get("half") == args.half]
    extractor = Extractor()
    pairs = []
    for gold_path in gold_files:
        gold = read_json(gold_path)
        text_path = args.texts / gold.get("source", f"{gold_path.stem}.txt")
        try:
            predicted = to_eval_json(extractor.extract_path(text_path))
        except SourceError as exc:
            _error(str(exc))
            predicted = {"resolutions": []}
        pairs.append((gold_path.stem, predicted, gold))
    groups = {"all": pairs}
    if table:
        for pair in pairs:
            row = table.get(pair[0], {})
            groups.setdefault(row.get("half", "?"), []).append(pair)
            groups.setdefault(f"{row.get('half', '?')} {row.get('layout', '?')}", []).append(pair)
    results = {}
    for group, members in sorted(groups.items(), key=lambda g: (g[0] != "all", g[0].count(" "), g[0])):
        scores = results[group] = score(members)
        if table:
            print(f"\n{group}: {len(members)} texts")
        print(f"{'field':<12} {'precision':>9} {'recall':>7} {'F1':>6} {'gold':>5} {'pred':>5}")
        for name in FIELDS:
            s = scores[name]
            print(f"{name:<12} {s.precision:9.3f} {s.recall:7.3f} {s.f1:6.3f} {s.gold:5d} {s.predicted:5d}")
    shown = results.get("tune") if table else results["all"]
    if args.show and table and args.half != "tune":
        print("\n(misses are listed for the tune half only: add --half tune)")
    elif args.show and shown:
        for name in FIELDS:
            s = shown[name]
            for label, items in (("miss", s.misses), ("extra", s.extras)):
                for item in items[: args.show]:
                    print(f"  {name} {label}: {item}")
    if args.json:
        from .fileio import write_atomic

        data = {
            group: {
                n: {"precision": s.precision, "recall": s.recall, "f1": s.f1, "gold": s.gold, "predicted": s.predicted}
                for n, s in scores.items()
            }
            for group, scores in results.items()
        }
        write_atomic(args.json, json.dumps(data if table else data["all"], indent=2) + "\n")
    return 0


def _sources_table(path: Path) -> dict[str, dict]:
    """The table of sources by text name (file stem)."""
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))["texts"]
        return {Path(row["file"]).stem: row for row in rows}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise PrecursorKGError(f"{path}: not a table of sources ({exc})") from None


if __name__ == "__main__":
    sys.exit(main())
