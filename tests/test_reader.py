"""Reading bytes into text and cleaning it, with the offsets map back to the source."""

from __future__ import annotations

import pytest

from precursor_kg.errors import EmptySourceError, NotTextError
from precursor_kg.reader import clean, decode

SAMPLE = "Recalling the Convention on Psychotropic Substances of 1971,¹ and the Political Declaration, requested by Member States"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
def test_unicode_encodings_are_detected(encoding):
    text, _ = decode(SAMPLE.encode(encoding))
    assert text == SAMPLE


def test_latin1_text_is_read_without_crashing():
    raw = "Noting the r\u00f4le of the Commission \u2013 Geneva".encode("cp1252")
    text, encoding = decode(raw)
    assert text == "Noting the r\u00f4le of the Commission \u2013 Geneva" and encoding == "cp1252"


@pytest.mark.parametrize(
    "data, what",
    [(b"%PDF-1.7\n...", "PDF"), (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"), (b"\x00\x01\x02\x03binary\x00", "binary")],
)
def test_binary_files_are_refused(data, what):
    with pytest.raises(NotTextError, match=what):
        decode(data, "x.bin")


def test_empty_file_is_refused():
    with pytest.raises(EmptySourceError):
        decode(b"  \n", "empty.txt")


def test_footnotes_markers_bullets_and_emphasis_are_cleaned_with_offsets_kept():
    source = (
        "%%%PRECURSOR CHEMICALS|DRUG TRAFFIC|\n\n"
        "Recalling the Single Convention on Narcotic Drugs of 1961,63 that Convention as amended by the 1972 Protocol,64 "
        "the Convention on Psychotropic Substances of 197165 and the General Assembly7 resolution,\u00b9\n\n"
        "\u00b9 United Nations, Treaty Series, vol. 1582, No. 27627.\n\n"
        "- 2. *Invites* Governments to continue;\n"
    )
    text = clean(source)
    assert [k.term for k in text.keywords] == ["PRECURSOR CHEMICALS", "DRUG TRAFFIC"]
    assert [(f.number, f.text) for f in text.footnotes] == [
        ("1", "United Nations, Treaty Series, vol. 1582, No. 27627.")
    ]
    assert "1961, that Convention" in text.text and "Protocol, the" in text.text
    assert "Substances of 1971 and" in text.text and "General Assembly resolution" in text.text
    assert "2. Invites Governments" in text.text and "*" not in text.text and "Treaty Series" not in text.text
    # Every clean span maps back onto the same words in the source.
    for word in ("Invites", "Psychotropic Substances of 1971", "Governments to continue"):
        start = text.text.index(word)
        s, e = text.span_to_source(start, start + len(word))
        assert source[s:e].replace("*", "") == word


def test_each_footnote_knows_where_its_marker_was_cut():
    source = (
        "Recalling the Single Convention on Narcotic Drugs of 1961,1 the Political Declaration and Plan of Action2 "
        "and the Convention of 1988,[3] and the Declaration82/ that\n\n"
        "\u00b9 United Nations, Treaty Series, vol. 520, No. 7515.\n"
        "\u00b2 See Official Records of the Economic and Social Council, 2009.\n"
        "\u00b3 Ibid., vol. 1582, No. 27627.\n"
    )
    text = clean(source)
    assert [(f.number, source[f.marker.start : f.marker.end]) for f in text.footnotes] == [
        ("1", "1"), ("2", "2"), ("3", "[3]")
    ]
    assert source[: text.footnotes[0].marker.start].endswith("Drugs of 1961,")
    assert source[: text.footnotes[1].marker.start].endswith("Plan of Action")


def test_an_old_marker_glued_to_a_year_is_cut_from_the_year():
    """ECOSOC 1291 (XLIV) in a web copy: "the Single Convention on Narcotic Drugs, 196126/ obliges" is the
    year 1961 and the marker of its footnote 26."""
    source = "Recalling that the Single Convention on Narcotic Drugs, 196126/ obliges Parties to act,\n"
    text = clean(source)
    assert "Drugs, 1961 obliges" in text.text and "26/" not in text.text


def test_a_footnote_takes_the_first_free_marker_of_its_number_before_it():
    """Two resolutions of one file each number their notes from 1; a note's own number is not its marker."""
    source = (
        "Noting the Convention,\u00b9 and\n\u00b9 First note.\n"
        "Recalling the Protocol,\u00b9 and\n\u00b9 Second note.\n"
        "Welcoming the report\n\u00b2 A note whose marker the text lacks.\n"
    )
    notes = clean(source).footnotes
    assert [(n.text, n.marker and source[: n.marker.start].rsplit(" ", 1)[-1]) for n in notes] == [
        ("First note.", "Convention,"), ("Second note.", "Protocol,"), ("A note whose marker the text lacks.", None)
    ]


def test_a_meeting_date_line_is_no_footnote():
    source = "Requests the Secretary-General to report.\n\n1088th plenary meeting,\n30 July 1959.\n"
    assert clean(source).footnotes == []


def test_fast_marker_patterns_match_their_plain_definitions():
    """The reader's patterns start with a character so the regex engine can skip ahead (reader.py);
    on random text they find exactly what the plain look-behind definitions find."""
    import random
    import re

    from precursor_kg import reader

    sup = reader._SUPERSCRIPTS
    plain = {
        reader._EMPHASIS: (r"\*+|(?<!\w)_(?=\w)|(?<=\w)_(?!\w)", 0),
        reader._GLUED_AFTER_WORD: (r"(?<=[a-z\)])\d{1,3}(?=[\s,;:.]|$)", 0),
        reader._GLUED_AFTER_PUNCT: (
            r"(?<=[a-zA-Z\)\"”’],)\d{1,3}(?=\s)|(?<=[;:”\"])\d{1,3}(?=\s)|(?<=\d,)\d{1,2}(?=\s)",
            0,
        ),
        reader._GLUED_AFTER_YEAR: (r"(?<=\b(?:of|in) )(?:19|20)\d\d(?P<marker>\d{1,3})(?=[\s,;:.])", "marker"),
    }
    rng = random.Random(5)
    pieces = list('ab_*)Z \t\n,;:."”’-') + list(sup[:4]) + ["of ", "in ", "19", "20", "1971", "7", "12", "345"]
    texts = ["".join(rng.choice(pieces) for _ in range(400)) for _ in range(400)]
    for fast, (pattern, group) in plain.items():
        slow = re.compile(pattern)
        fast_group = "marker" if "marker" in fast.groupindex else 0
        found = [[m.span(fast_group) for m in fast.finditer(t)] for t in texts]
        assert found == [[m.span(group) for m in slow.finditer(t)] for t in texts], fast.pattern
        assert sum(map(len, found)) >= 10, fast.pattern  # the text does hold such markers
    slow = re.compile(rf"[ \t]?[{sup}]+")
    found = [reader._superscript_markers(t) for t in texts]
    assert found == [[m.span() for m in slow.finditer(t)] for t in texts]
    assert sum(map(len, found)) >= 10
