"""The development corpus: every text has its gold and its row in the table of sources, the
halves were drawn by document, and the extraction holds on both halves.

The floors below are what the extraction reached when the halves were last scored (rounded
down); FORMAT.md's aims (0.97 on the tune half, 0.95 on the test half) are above the mentions
floors, which the README says. A change that loses ground on either half fails here.
"""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest

from precursor_kg.errors import NoResolutionError
from precursor_kg.evaljson import FIELDS, score, to_eval_json
from precursor_kg.fileio import SAMPLE_STEMS, bundled_corpus
from precursor_kg.reader import Source, _translations

from .conftest import GOLD_DIR

SOURCES = Path(__file__).parent / "data" / "sources.json"
FLOORS = Path(__file__).parent / "data" / "dev-floors.json"
LAYOUTS = {"pdf-whole", "pdf-pages", "web-page", "web-furniture", "one-line", "bilingual", "markdown-report"}


@pytest.fixture(scope="module")
def table() -> dict[str, dict]:
    rows = json.loads(SOURCES.read_text(encoding="utf-8"))["texts"]
    return {Path(r["file"]).stem: r for r in rows}


def test_every_text_has_gold_and_a_row_with_its_half_and_layout(table):
    texts = {p.stem for p in bundled_corpus()}
    golds = {p.stem for p in GOLD_DIR.glob("*.json")}
    assert texts == golds == set(table)
    for name, row in table.items():
        assert row["half"] in ("tune", "test"), name
        assert row["layout"] in LAYOUTS, name
        assert row["where"] and row["part"] and row["document"], name


def test_the_corpus_is_large_and_spread_over_bodies_and_decades(table):
    paragraphs = sum(len(r["paragraphs"]) for name in table
                     for r in json.loads((GOLD_DIR / f"{name}.json").read_text(encoding="utf-8"))["resolutions"])
    assert len(table) >= 40 and paragraphs >= 800
    assert {r["body"] for r in table.values()} >= {"GA", "ECOSOC", "CND"}
    assert {r["year"] // 10 * 10 for r in table.values()} >= {1950, 1960, 1970, 1980, 1990, 2000, 2010, 2020}


def test_each_layout_with_two_texts_is_in_both_halves(table):
    """The five sample texts were tuned on before the corpus grew, so they are all in the tune half."""
    assert all(table[name]["half"] == "tune" for name in SAMPLE_STEMS)
    for layout in LAYOUTS:
        halves = [r["half"] for name, r in table.items() if r["layout"] == layout and name not in SAMPLE_STEMS]
        if len(halves) >= 2:
            assert set(halves) == {"tune", "test"}, layout


def test_gold_starts_occur_in_their_texts(table):
    """The gold's `starts` are the paragraphs' first words verbatim (FORMAT.md), a check that
    the gold was written from these very texts."""
    for name, row in table.items():
        if row["layout"] == "markdown-report" or name.startswith("00"):
            continue  # the sample's gold drops list bullets and adverbs from `starts`
        text = " ".join((Path(bundled_corpus()[0]).parent / row["file"]).read_text(encoding="utf-8").split())
        gold = json.loads((GOLD_DIR / f"{name}.json").read_text(encoding="utf-8"))
        for r in gold["resolutions"]:
            for p in r["paragraphs"]:
                assert " ".join(p["starts"].split()) in text, (name, p["starts"])


@pytest.fixture(scope="module")
def half_scores(extractor, table):
    pairs = {"tune": [], "test": []}
    for path in bundled_corpus():
        gold = json.loads((GOLD_DIR / f"{path.stem}.json").read_text(encoding="utf-8"))
        pairs[table[path.stem]["half"]].append((path.stem, to_eval_json(extractor.extract_path(path)), gold))
    return {half: score(p) for half, p in pairs.items()}


@pytest.mark.slow
@pytest.mark.parametrize("half", ["tune", "test"])
def test_extraction_holds_its_ground_on_each_half(half_scores, half):
    low = _below_floors(half_scores[half], half)
    assert not low, f"{half} half below its floors: {low}"


def _tune_scores_of(extractor, table, layout) -> dict:
    """The tune half's scores when each text is first given the layout `layout` (text -> text): the gold
    does not change with the line breaks, so the copies score against the same gold."""
    pairs = []
    for path in bundled_corpus():
        if table[path.stem]["half"] != "tune":
            continue
        source = Source(path.name, path.stem, layout(path.read_text(encoding="utf-8")), "", "utf-8")
        gold = json.loads((GOLD_DIR / f"{path.stem}.json").read_text(encoding="utf-8"))
        try:
            predicted = to_eval_json(extractor.extract(source))
        except NoResolutionError:  # the layout lost every paragraph: scored as nothing found
            predicted = {"source": path.name, "resolutions": []}
        pairs.append((path.stem, predicted, gold))
    return score(pairs)


def _below_floors(scores, name: str) -> dict:
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))[name]
    return {f: round(scores[f].f1, 3) for f in FIELDS if scores[f].f1 < floors[f]}


@pytest.mark.slow
def test_extraction_holds_on_the_tune_half_flattened_onto_one_line(extractor, table):
    """As a site stores a resolution on one line: every line break a space. Flattened copies are a
    layout of their own on the web (FORMAT.md's held-out kinds)."""
    scores = _tune_scores_of(extractor, table, lambda text: re.sub(r"\s*\n\s*", " ", text).strip())
    assert not (low := _below_floors(scores, "tune-flattened")), f"flattened tune half below its floors: {low}"


@pytest.mark.slow
def test_extraction_holds_on_the_tune_half_wrapped_as_a_pdf_prints_it(extractor, table):
    """As a PDF's text layer gives it: every line longer than 78 characters wrapped at 78, hyphenated
    words broken at their hyphen."""

    def wrapped(text: str) -> str:
        return "\n".join(textwrap.fill(line, 78) if len(line) > 78 else line for line in text.split("\n"))

    scores = _tune_scores_of(extractor, table, wrapped)
    assert not (low := _below_floors(scores, "tune-wrapped")), f"wrapped tune half below its floors: {low}"


def _line_by_line(text: str) -> str:
    """A segment-aligned bitext (each English paragraph with its translation glued on) as an
    alignment tool exports it line by line: each English line of a page with its French line."""
    cuts = {}
    for start, end in _translations(text):
        cuts[text.rfind("\n", 0, start) + 1] = (start, end)
    out, offset = [], 0
    for line in text.split("\n"):
        cut = cuts.get(offset)
        offset += len(line) + 1
        if cut is None:
            out.append(line)
            continue
        english, french = line[: cut[0] - (offset - len(line) - 1)], line[cut[0] - (offset - len(line) - 1) :]
        en, fr = textwrap.wrap(english, 78) or [""], textwrap.wrap(french, 85) or [""]
        en += [""] * (len(fr) - len(en))
        fr += [""] * (len(en) - len(fr))
        out += [a + b for a, b in zip(en, fr, strict=True)]
    return "\n".join(out)


def test_alignments_exported_line_by_line_keep_their_resolutions(extractor, table):
    """The tune half's bilingual alignments re-exported one printed line at a time, the French glued
    to each English line with nothing between ("… of illicit drugConstatant que …"): the English is
    still found."""
    pairs, as_stored = [], []
    for path in bundled_corpus():
        row = table[path.stem]
        if row["half"] != "tune" or row["layout"] != "bilingual":
            continue
        stored = path.read_text(encoding="utf-8")
        gold = json.loads((GOLD_DIR / f"{path.stem}.json").read_text(encoding="utf-8"))
        for texts, text in ((pairs, _line_by_line(stored)), (as_stored, stored)):
            texts.append((path.stem, to_eval_json(extractor.extract(Source(path.name, path.stem, text, "", "utf-8"))), gold))
    scores, stored_scores = score(pairs), score(as_stored)
    assert len(pairs) >= 2
    assert scores["resolutions"].f1 == 1.0
    assert scores["paragraphs"].f1 >= 0.8 and scores["actions"].f1 >= 0.8
    # within 0.05 of the alignments as stored (0.87 against 0.90 now; 0.73 when the lines without punctuation at the glue
    # kept their French); what the stored texts miss (names no list holds) is missed either way
    assert scores["mentions"].f1 >= stored_scores["mentions"].f1 - 0.05


@pytest.mark.slow
def test_the_readmes_build_of_the_bundled_corpus_draws_its_overview(tmp_path, monkeypatch):
    """The README's build command on the bundled corpus failed once its citation network passed 500 resolutions
    (networkx's spring layout then needs scipy, which is not installed): the overview draws the most cited ones."""
    from precursor_kg.cli import main

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    out = tmp_path / "build"
    assert main(["build", "--out", str(out)]) == 0
    svg = (out / "overview.svg").read_text(encoding="utf-8")
    assert "most cited of" in svg and "Citation network" in svg
