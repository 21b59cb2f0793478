"""Words broken by spurious spaces in a PDF text layer ("Com m ission on Narcot ic Drugs") are joined."""

from __future__ import annotations

import json

from precursor_kg import spacing
from precursor_kg.fileio import bundled_corpus
from precursor_kg.reader import clean

from .test_dev_corpus import SOURCES


def _text(stem: str) -> str:
    return next(p for p in bundled_corpus() if p.stem == stem).read_text(encoding="utf-8")


def test_a_text_broken_by_spurious_spaces_reads_whole():
    """E/RES/1999/30 as its PDF text layer gives it: heading, body line and openers come back."""
    source = _text("ecosoc-1999-30")
    assert "Not ing t hat t he General Assem bly" in source
    text = clean(source).text
    assert "1999/30. Review of the United Nations International Drug Control Programme" in text
    assert "The Economic and Social Council,\nNoting that the General Assembly, at its twentieth special session" in text
    assert "enhance the functioning of the Commission on Narcotic Drugs" in text  # "function" + "ing"


def test_joined_words_keep_offsets_into_the_source():
    source = _text("ecosoc-1999-30")
    cleaned = clean(source)
    at = cleaned.text.index("Commission on Narcotic Drugs, and strengthened")
    start, end = cleaned.span_to_source(at, at + len("Commission"))
    assert source[start:end] == "Com m ission"


def test_texts_spaced_as_printed_are_left_alone():
    """No other text of the corpus reads as broken: nothing of theirs is joined."""
    broken = [p.stem for p in bundled_corpus() if spacing.deletions(p.read_text(encoding="utf-8"))]
    assert broken == ["ecosoc-1999-30"]


def test_glued_function_words_of_careless_copies_are_not_words():
    words = spacing.build_lexicon(["of the ofthe into the tothe within"])
    assert "ofthe" not in words and "tothe" not in words
    assert {"into", "within", "the"} <= set(words)


def test_the_lexicon_is_the_one_the_tune_half_gives():
    """data/words.json is what `python -m precursor_kg.spacing` writes from the tune half today."""
    rows = json.loads(SOURCES.read_text(encoding="utf-8"))["texts"]
    tune = {r["file"] for r in rows if r["half"] == "tune"}
    texts = [p.read_text(encoding="utf-8") for p in bundled_corpus() if p.name in tune]
    assert spacing.build_lexicon(texts) == sorted(spacing.lexicon())
