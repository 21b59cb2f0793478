"""Bad input: each case gets a clear one-line message naming the file and the problem, the right
exit code, and nothing lost.

| case | command | expected |
| --- | --- | --- |
| missing path | build | exit 65, "no such file or directory", other documents built |
| directory with good and bad files | build DIR | exit 65, each bad file named, good ones built |
| empty file | extract | exit 65, "empty" |
| binary file (PDF, PNG) | extract | exit 65, "PDF" / "PNG image" |
| UTF-16 and Latin-1 text | extract | read like UTF-8 (test_layouts.py) |
| 50 MB text on one line | extract | every resolution found, no crash |
| text with no resolution | extract | exit 65, "no resolution paragraph" |
| duplicate / out-of-order paragraph numbers | build | built and valid; both paragraphs kept |
| two files holding the same resolution | build | exit 65, the second file named and left out |
| broken vocabulary or ontology file | build | exit 78, the data file named |
| unwritable output directory | build | exit 73, the directory named |
| interruption (SIGINT) during a build | build | exit 130, previous build untouched, no temporary directory left |
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from precursor_kg import build as build_module
from precursor_kg import fileio
from precursor_kg.cli import main
from precursor_kg.interrupts import interrupts_held


def run(args, capsys):
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    lines = [line for line in captured.err.splitlines() if line.strip()]
    assert all("Traceback" not in line for line in lines)
    return code, lines, captured.out


@pytest.fixture
def mixed_dir(tmp_path, sample_paths):
    d = tmp_path / "mixed"
    d.mkdir()
    shutil.copy(sample_paths[1], d)
    shutil.copy(sample_paths[4], d)
    (d / "empty.txt").write_text("")
    (d / "scan.pdf").write_bytes(b"%PDF-1.5\n%\xb5\xed\xae\xfb\n4 0 obj\n")
    (d / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (d / "notes.txt").write_text("Shopping list: eggs, milk, and acetic anhydride (for the lab).\n")
    return d


def build_args(out, *sources):
    return ["build", *sources, "--out", out, "--no-cache", "--no-docs"]


def test_directory_with_good_and_bad_files(mixed_dir, tmp_path, capsys):
    out = tmp_path / "build"
    code, err, stdout = run(build_args(out, mixed_dir), capsys)
    assert code == 65
    for name, problem in (("empty.txt", "empty"), ("scan.pdf", "PDF"), ("image.png", "PNG"), ("notes.txt", "no resolution")):
        assert any(name in line and problem in line for line in err), (name, err)
    built = sorted(p.stem for p in (out / "documents").glob("*.nq"))
    assert built == ["001_ca773b25f352cea2", "004_96d350a0fd4d22b6"]


def test_missing_path_is_named_and_the_rest_is_built(sample_paths, tmp_path, capsys):
    out = tmp_path / "build"
    code, err, _ = run(build_args(out, sample_paths[1], tmp_path / "missing.txt"), capsys)
    assert code == 65 and any("missing.txt" in line and "no such file" in line for line in err)
    assert (out / "documents" / f"{sample_paths[1].stem}.nq").exists()


def test_text_without_resolution(tmp_path, capsys):
    path = tmp_path / "letter.txt"
    path.write_text("Dear colleagues,\n\nPlease find attached the report on precursor seizures.\n")
    code, err, _ = run(["extract", path], capsys)
    assert code == 65 and len(err) == 1 and "letter.txt" in err[0] and "no resolution paragraph" in err[0]


def test_two_files_holding_the_same_resolution(sample_paths, tmp_path, capsys):
    copy = tmp_path / "copy_of_001.txt"
    shutil.copy(sample_paths[1], copy)
    out = tmp_path / "build"
    code, err, _ = run(build_args(out, sample_paths[1], copy), capsys)
    assert code == 65 and any("copy_of_001.txt" in line and "CND 62/1" in line for line in err)
    assert [p.name for p in (out / "documents").glob("*.nq")] == [f"{sample_paths[1].stem}.nq"]


def test_duplicate_and_out_of_order_paragraph_numbers(sample_paths, tmp_path, capsys):
    text = sample_paths[1].read_text(encoding="utf-8")
    text = (
        text.replace("\n4. Also invites", "\n3. Also invites")
        .replace("\n8. *Invites*", "\n9. *Invites*")
        .replace("\n9. Encourages", "\n8. Encourages")
    )
    path = tmp_path / "renumbered.txt"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "build"
    code, err, _ = run(build_args(out, path), capsys)
    assert code == 0, err
    import pyoxigraph

    store = pyoxigraph.Store.read_only(str(out / "store"))
    rows = list(
        store.query(
            "SELECT (COUNT(?p) AS ?n) WHERE { ?r <https://w3id.org/precursor-kg/ontology#hasParagraph> ?p . "
            "?p a <https://w3id.org/precursor-kg/ontology#OperativeParagraph> }"
        )
    )
    assert int(rows[0][0].value) == 10


def test_broken_vocabulary_file(tmp_path, capsys, monkeypatch, sample_paths):
    import precursor_kg.resources as resources
    import precursor_kg.vocabulary as vocabulary

    broken = tmp_path / "substances.ttl"
    broken.write_text('@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n<a> skos:prefLabel "unterminated .\n')
    monkeypatch.setattr(resources, "data_files", lambda: [broken])
    vocabulary.load_vocabulary.cache_clear()
    try:
        code, err, _ = run(build_args(tmp_path / "build", sample_paths[1]), capsys)
    finally:
        vocabulary.load_vocabulary.cache_clear()
    # named by the check of the data files, before anything is built (build.check_data_files)
    assert code == 78 and len(err) == 1 and "substances.ttl" in err[0] and "not valid Turtle" in err[0]
    assert "line 2" in err[0]


def test_unwritable_output_directory(tmp_path, capsys, sample_paths):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    code, err, _ = run(build_args(blocker / "build", sample_paths[1]), capsys)
    assert code == 73 and len(err) == 1 and "a-file" in err[0]


@pytest.mark.slow
def test_fifty_megabytes_on_one_line(tmp_path, sample_paths, extractor, monkeypatch):
    """Over the default limit of a source (5 MB), so allowed explicitly: the extraction itself copes."""
    monkeypatch.setenv("PRECURSOR_KG_MAX_SOURCE_BYTES", "60000000")
    one_line = " ".join(p.read_text(encoding="utf-8").replace("\n", " ") for p in sample_paths[2:4])
    text = " ".join([one_line] * (50_000_000 // len(one_line) + 1))[:50_000_000]
    path = tmp_path / "huge.txt"
    path.write_text(text, encoding="utf-8")
    assert path.stat().st_size >= 50_000_000 and "\n" not in text
    result = extractor.extract_path(path)
    symbols = [r.symbol for r in result.resolutions if r.symbol]
    assert len(symbols) >= 2 * (len(symbols) // 2) and symbols.count("GA 63/197") >= 1000
    assert all(text[p.span.start : p.span.end] == p.span.exact for r in result.resolutions[:50] for p in r.paragraphs)


def test_interrupted_build_leaves_the_previous_build(tmp_path, sample_paths):
    sources = tmp_path / "sources"
    sources.mkdir()
    for k in range(40):  # enough work to be interrupted in the middle
        for p in sample_paths:
            (sources / f"{k:02d}_{p.name}").write_text(
                p.read_text(encoding="utf-8").replace("Resolution ", f"Resolution {k}"), encoding="utf-8"
            )
    out = tmp_path / "build"
    out.mkdir()
    (out / "marker.txt").write_text("the previous build")
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "precursor_kg.cli",
            "build",
            str(sources),
            "--out",
            str(out),
            "--no-cache",
            "--jobs",
            "1",
        ],
        stderr=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
        text=True,
        preexec_fn=ctrl_c_acts_in_child,
    )
    _wait_for_staging(tmp_path, proc)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    assert (out / "marker.txt").read_text() == "the previous build"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".build")] == []


def ctrl_c_acts_in_child():
    """For Popen's preexec_fn: the child starts with SIGINT's default action, so Python there turns
    Ctrl-C into KeyboardInterrupt even when this process was started with SIGINT ignored."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _wait_for_staging(tmp_path, proc, limit=120.0):
    """Wait until the build has begun its staging directory (it has started work, not just Python),
    then a moment more so that the interrupt lands among the documents."""
    start = time.monotonic()
    while not any(p.name.startswith(".build") for p in tmp_path.iterdir()):
        assert proc.poll() is None and time.monotonic() - start < limit, "the build never started"
        time.sleep(0.1)
    time.sleep(1)


def _build_dirs(tmp_path):
    out, staging = tmp_path / "build", tmp_path / ".build.building-x"
    for d, text in ((out, "the previous build"), (staging, "the new build")):
        d.mkdir(parents=True)
        (d / "marker.txt").write_text(text)
    return out, staging


def test_a_new_build_takes_the_old_ones_place_in_one_exchange(tmp_path):
    out, staging = _build_dirs(tmp_path)
    assert fileio.exchange(staging, out)  # Linux, and a file system that can exchange
    assert (out / "marker.txt").read_text() == "the new build"
    assert (staging / "marker.txt").read_text() == "the previous build"
    out, staging = _build_dirs(tmp_path / "again")
    fileio.swap_directory(staging, out)
    assert (out / "marker.txt").read_text() == "the new build"
    assert sorted(p.name for p in out.parent.iterdir()) == ["build"]


def test_a_swap_by_renames_that_fails_halfway_puts_the_old_build_back(tmp_path, monkeypatch):
    out, staging = _build_dirs(tmp_path)
    monkeypatch.setattr(fileio, "exchange", lambda a, b: False)  # a system that cannot exchange
    real_rename = os.rename

    def rename(src, dst):
        if Path(src) == staging:
            raise OSError(28, "No space left on device")
        real_rename(src, dst)

    monkeypatch.setattr(fileio.os, "rename", rename)
    with pytest.raises(OSError):
        fileio.swap_directory(staging, out)
    assert (out / "marker.txt").read_text() == "the previous build"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".build.building-x", "build"]


def test_a_build_that_cannot_be_put_in_place_says_so_in_one_line(tmp_path, capsys, sample_paths, monkeypatch):
    out = tmp_path / "build"
    out.mkdir()
    (out / "marker.txt").write_text("the previous build")

    def refuse(staging, out):
        raise OSError(13, "Permission denied")

    monkeypatch.setattr(build_module, "swap_directory", refuse)
    code, err, _ = run(build_args(out, sample_paths[1]), capsys)
    assert (
        code == 73 and len(err) == 1 and "cannot put the new build in place" in err[0] and "Permission denied" in err[0]
    )
    assert (out / "marker.txt").read_text() == "the previous build"
    assert [p.name for p in tmp_path.iterdir()] == ["build"]


_UNKNOWN_VERB = (
    "Resolution 99/1\n\nA resolution with an unknown verb\n\nThe Commission on Narcotic Drugs,\n\n"
    "Recalling the Single Convention on Narcotic Drugs of 1961,\n\n"
    "1. Frobnicates Member States to strengthen their controls on acetic anhydride;\n"
)


def test_a_verb_the_action_scheme_lacks_builds_with_a_warning_naming_it(tmp_path, capsys):
    path = tmp_path / "odd.txt"
    path.write_text(_UNKNOWN_VERB, encoding="utf-8")
    code = main(["build", str(path), "--out", str(tmp_path / "build"), "--no-cache", "--no-docs"])
    err = capsys.readouterr().err
    assert code == 0 and "no action concept for the verb 'frobnicate'" in err


def test_build_fails_with_a_readable_report_when_the_shapes_are_violated(tmp_path, capsys, monkeypatch):
    # Reference data without the fallback action concept leaves the paragraph opened by an unknown verb
    # without pkg:action, which the shapes forbid (every operative paragraph has exactly one action).
    import dataclasses

    from precursor_kg import build, extraction

    full = extraction.load_vocabulary()
    monkeypatch.setattr(extraction, "load_vocabulary", lambda: dataclasses.replace(full, unclassified=None))
    monkeypatch.setattr(build, "_worker_state", {})
    path = tmp_path / "odd.txt"
    path.write_text(_UNKNOWN_VERB, encoding="utf-8")
    out = tmp_path / "build"
    out.mkdir()
    (out / "marker.txt").write_text("the previous build")
    code = main(["build", str(path), "--out", str(out), "--no-cache", "--no-docs"])
    err = capsys.readouterr().err
    assert code == 3 and "violates the SHACL shapes" in err and "Traceback" not in err
    assert "Frobnicates Member States" in err  # the text of the paragraph concerned
    assert (out / "marker.txt").read_text() == "the previous build"


def test_ctrl_c_inside_a_held_block_takes_effect_when_the_block_ends(ctrl_c_raises):
    done = []
    with pytest.raises(KeyboardInterrupt):
        with interrupts_held():
            signal.raise_signal(signal.SIGINT)
            done.append("the block went on")
    assert done == ["the block went on"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
