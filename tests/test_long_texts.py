"""Long texts (issue 19): a resolution longer than spaCy's `max_length` is processed in pieces cut
between paragraphs, with the same result as one Doc would give; deeply indented bullets cost time
in proportion to their number."""

from __future__ import annotations

import re
import time
from pathlib import Path

from bench.attacks import repeated_resolution  # CND 62/1's operative paragraphs, repeated

from precursor_kg.reader import Source, read_source

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
LONG_SAMPLE = CORPUS / "ga-79-190.txt"  # GA 79/190: 155 paragraphs in 92,000 characters, many "the Convention"


def count_docs(monkeypatch, extractor) -> list[int]:
    """The length of every Doc the extractor makes, recorded as it makes them."""
    lengths, make_doc = [], extractor.nlp.make_doc

    def recording(text):
        lengths.append(len(text))
        return make_doc(text)

    monkeypatch.setattr(extractor.nlp, "make_doc", recording)
    return lengths


def test_pieces_give_what_one_doc_gives(extractor, monkeypatch):
    """Back references ("the Convention") find their referent in the paragraphs before: cut into
    pieces, a piece started with no referent known and "the Convention" was lost."""
    source = read_source(LONG_SAMPLE)
    monkeypatch.setattr(extractor.nlp, "max_length", 10_000_000)
    whole = extractor.extract(source)
    monkeypatch.setattr(extractor.nlp, "max_length", 4_000)
    lengths = count_docs(monkeypatch, extractor)
    pieces = extractor.extract(source)
    assert len(lengths) > 20 and max(lengths) <= 4_000
    assert pieces == whole


def test_a_resolution_over_the_limit_keeps_every_paragraph_and_its_offsets(extractor, monkeypatch):
    text = repeated_resolution(1_100_000)
    assert len(text) > extractor.nlp.max_length == 1_000_000
    source = Source("long.txt", "long", text, "0" * 64, "utf-8")
    lengths = count_docs(monkeypatch, extractor)
    result = extractor.extract(source)
    title = len(result.resolutions[0].title)  # the title is read first, in a Doc of its own
    assert lengths[0] == title and len(lengths) == 3 and max(lengths) <= 1_000_000
    monkeypatch.setattr(extractor.nlp, "max_length", 2_000_000)
    assert extractor.extract(source) == result and lengths[3] == title and len(lengths) == 5  # one Doc of the whole
    paragraphs = [p for r in result.resolutions for p in r.paragraphs]
    operative = [p for p in paragraphs if p.kind == "operative"]
    assert len(operative) == len(re.findall(r"^\d+\. ", text, re.M))
    for paragraph in paragraphs:
        assert text[paragraph.span.start : paragraph.span.end] == paragraph.span.exact
        for mention in paragraph.mentions:
            assert all(text[s.start : s.end] == s.exact and paragraph.span.start <= s.start for s in mention.spans)
        for request in paragraph.requests:
            assert text[request.span.start : request.span.end] == request.span.exact
    assert [p.number for p in operative[997:1001]] == ["998", "999", "1", "2"]
    assert operative[-1].span.end > 1_000_000 and operative[-1].mentions



def deep_bullets(lines: int, indented: bool) -> str:
    """A paragraph of bullets, the n-th indented by n spaces, or the same spaces at its end."""
    items = ("{pad}- item {i} on precursors;\n" if indented else "- item {i} on precursors;{pad}\n")
    return "Resolution 99/1\n\n1. Requests the Office to report on:\n" + "".join(
        items.format(pad=" " * i, i=i) for i in range(lines))


def test_deep_bullets_cost_no_more_than_the_same_characters_unindented():
    """The page-number pattern had two [ \\t]* side by side: a line indented by n spaces took n²
    tries, and 1,000 bullets (530,000 characters) took 20 s to clean, 40 times the flat text."""
    from precursor_kg.reader import clean

    def seconds(text: str) -> float:
        best = float("inf")
        for _ in range(2):
            started = time.perf_counter()
            clean(text)
            best = min(best, time.perf_counter() - started)
        return best

    indented, flat = deep_bullets(1_000, True), deep_bullets(1_000, False)
    assert len(indented) == len(flat) > 500_000
    assert seconds(indented) < 3 * seconds(flat)


def test_one_paragraph_over_the_limit_is_named_not_an_internal_error(tmp_path, capsys):
    """`extract` of a paragraph of 1,030,000 characters ended in "internal error: ValueError: [E088]"."""
    from precursor_kg.cli import main

    path = tmp_path / "one-paragraph.txt"
    lines = "".join(f"item {i} on precursors and their diversion;\n" for i in range(24_000))
    path.write_text("Resolution 99/1\n\n1. Requests the Office to report on:\n" + lines, encoding="utf-8")
    code = main(["extract", str(path), "--format", "json"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 65 and len(err) == 1
    assert "one-paragraph.txt: a paragraph is longer than the 1,000,000 characters" in err[0]
