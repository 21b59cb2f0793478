"""The command line: extract and evaluate on real text, and one-line errors for bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from precursor_kg.cli import main

from .conftest import GOLD_DIR


def test_extract_one_file_prints_the_gold_format(sample_paths, capsys):
    path = sample_paths[1]
    assert main(["extract", str(path)]) == 0
    out = json.loads(capsys.readouterr().out)
    gold = json.loads((GOLD_DIR / f"{path.stem}.json").read_text(encoding="utf-8"))
    assert out["format"] == gold["format"] == "precursor-kg-eval/1"
    assert out["source"] == path.name
    assert [r["symbol"] for r in out["resolutions"]] == [r["symbol"] for r in gold["resolutions"]]
    assert set(out["resolutions"][0]["paragraphs"][0]) == set(gold["resolutions"][0]["paragraphs"][0]) - {"aliases"}


def test_extract_json_carries_source_offsets(sample_paths, capsys):
    path = sample_paths[2]
    assert main(["extract", "--format", "json", str(path)]) == 0
    out = json.loads(capsys.readouterr().out)
    text = path.read_text(encoding="utf-8")
    paragraph = out["resolutions"][0]["paragraphs"][0]
    span = paragraph["span"]
    assert text[span["start"]:span["end"]] == span["exact"]
    assert out["keywords"][0]["term"] == "PRECURSOR CHEMICALS"


def test_extract_several_files_to_a_directory(sample_paths, tmp_path, capsys):
    assert main(["extract", *map(str, sample_paths), "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{p.stem}.json" for p in sample_paths)
    capsys.readouterr()
    for path in sample_paths:  # each file holds that text's extraction, as `extract FILE` prints it
        written = json.loads((tmp_path / f"{path.stem}.json").read_text(encoding="utf-8"))
        assert main(["extract", str(path)]) == 0
        assert written == json.loads(capsys.readouterr().out)
        gold = json.loads((GOLD_DIR / f"{path.stem}.json").read_text(encoding="utf-8"))
        assert written["source"] == path.name
        assert [r["symbol"] for r in written["resolutions"]] == [r["symbol"] for r in gold["resolutions"]]


def test_missing_file_gives_one_line_and_nonzero_exit(tmp_path, capsys):
    code = main(["extract", str(tmp_path / "nope.txt")])
    err = capsys.readouterr().err.strip().splitlines()
    assert code != 0 and len(err) == 1 and "nope.txt" in err[0] and "no such file" in err[0]


def test_one_bad_file_does_not_spoil_the_others(sample_paths, tmp_path, capsys):
    bad = tmp_path / "scan.txt"
    bad.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    out = tmp_path / "out"
    code = main(["extract", str(sample_paths[0]), str(bad), "--out", str(out)])
    err = capsys.readouterr().err
    assert code != 0 and "scan.txt" in err and "PDF" in err and "Traceback" not in err
    assert (out / f"{sample_paths[0].stem}.json").exists() and not (out / "scan.json").exists()


def test_evaluate_prints_every_field(sample_paths, tmp_path, capsys):
    gold = tmp_path / "gold"
    gold.mkdir()
    for path in sample_paths:
        shutil.copy(GOLD_DIR / f"{path.stem}.json", gold)
    assert main(["evaluate", "--gold", str(gold), "--texts", str(sample_paths[0].parent)]) == 0
    out = capsys.readouterr().out
    for field in ("resolutions", "titles", "paragraphs", "actions", "addressees", "mentions", "cites", "requests"):
        line = next(row for row in out.splitlines() if row.startswith(field))
        assert float(line.split()[3]) >= 0.97


@pytest.mark.slow
def test_evaluate_reports_each_half_and_layout_and_lists_only_tune_misses(tmp_path, capsys):
    """With the table of sources: a table per half and per layout; misses only of the tune half."""
    sources = GOLD_DIR.parent / "sources.json"
    texts = Path(__file__).parent.parent / "corpus"
    assert main(["evaluate", "--gold", str(GOLD_DIR), "--texts", str(texts), "--sources", str(sources),
                 "--half", "test", "--show", "5"]) == 0
    out = capsys.readouterr().out
    assert "test: " in out and "tune: " not in out and "test pdf-whole: " in out
    assert "miss:" not in out and "--half tune" in out
