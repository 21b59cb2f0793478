"""Bytes → source text → clean text with a map back to source offsets.

The source text is the decoded file (BOM removed); every offset the project publishes
is an offset into it. The clean text is what the NLP stages read: footnote blocks,
footnote markers, list bullets, markdown emphasis, page furniture and the UNBIS
keyword header are taken out, and `CleanText.to_source` maps any clean offset back.
"""

from __future__ import annotations

import bisect
import codecs
import functools
import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from . import flattened, pdftext, spacing
from .errors import EmptySourceError, NotTextError, SourceError
from .headings import MONTHS
from .nlp.component import package_rules
from .pdftext import RunningHead

_BINARY_MAGIC = {
    b"%PDF": "a PDF file",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (or a Word/OpenDocument file)",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office file",
    b"\x7fELF": "an executable",
}


@dataclass(frozen=True)
class Source:
    """A decoded source document."""

    name: str  # file name, e.g. "000_x.txt"
    stem: str  # e.g. "000_x"
    text: str
    sha256: str
    encoding: str
    problems: tuple[str, ...] = ()  # what decoding had to replace, by offset


def decode(data: bytes, path: str | Path = "<bytes>") -> tuple[str, str]:
    """Decode a resolution text; return (text, encoding). Raise a SourceError for binary data."""
    if not data.strip():
        raise EmptySourceError(path, "the file is empty")
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise NotTextError(path, f"this is {what}, not a text file")
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return _strict(data, encoding, path), encoding
    sample = data[:4096]
    if sample.count(b"\x00") > len(sample) // 4:
        # UTF-16 without a BOM: the zero bytes sit on one side of each ASCII character.
        encoding = "utf-16-le" if sample[1::2].count(b"\x00") > sample[0::2].count(b"\x00") else "utf-16-be"
        return _strict(data, encoding, path), encoding
    if b"\x00" in sample:
        raise NotTextError(path, "the file holds binary data, not text")
    text, bad = decode_utf8(data)
    utf8_elsewhere = any(c > "\x7f" and c != "\ufffd" for c in text) if bad else True
    if not bad or (utf8_elsewhere and len(bad) <= max(3, len(data) // 1000)):
        # a few bad bytes in otherwise UTF-8 text are replaced (U+FFFD), not the whole file re-read
        return text, "utf-8"
    return data.decode("cp1252", errors="replace"), "cp1252"


def decode_utf8(data: bytes) -> tuple[str, list[int]]:
    """The bytes as UTF-8, each invalid byte replaced by U+FFFD; and the offsets of those bytes."""
    bad: list[int] = []

    def record(error: UnicodeDecodeError):
        bad.extend(range(error.start, error.end))
        return "\ufffd" * (error.end - error.start), error.end

    codecs.register_error("precursor-kg-record", record)
    return data.decode("utf-8", errors="precursor-kg-record"), bad


def _strict(data: bytes, encoding: str, path) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise NotTextError(path, f"not valid {encoding} text ({exc.reason} at byte {exc.start})") from None
    return text.lstrip("\ufeff")


MAX_SOURCE_BYTES_VARIABLE = "PRECURSOR_KG_MAX_SOURCE_BYTES"
DEFAULT_MAX_SOURCE_BYTES = 5_000_000  # a UN resolution's text is well under 1 MB


def max_source_bytes() -> int:
    """The largest source file read (bytes): PRECURSOR_KG_MAX_SOURCE_BYTES, else 5 MB."""
    try:
        return int(os.environ.get(MAX_SOURCE_BYTES_VARIABLE, DEFAULT_MAX_SOURCE_BYTES))
    except ValueError:
        return DEFAULT_MAX_SOURCE_BYTES


def read_source(path: str | Path) -> Source:
    """Read and decode one source file."""
    path = Path(path)
    if not path.exists():
        raise SourceError(path, "no such file")
    if path.is_dir():
        raise SourceError(path, "is a directory, not a text file")
    try:
        info = path.stat()  # of the target, for a symbolic link
        if not stat.S_ISREG(info.st_mode):
            raise SourceError(path, "not a regular file (a FIFO, device or socket): not read")
        limit = max_source_bytes()
        if info.st_size > limit:
            raise SourceError(
                path,
                f"{info.st_size:,} bytes, more than the {limit:,} a source may have "
                f"(set {MAX_SOURCE_BYTES_VARIABLE} to allow more)",
            )
        with path.open("rb") as stream:
            data = stream.read(limit + 1)
    except OSError as exc:
        raise SourceError(path, f"cannot be read ({exc.strerror})") from None
    if len(data) > limit:  # grew while being read
        raise SourceError(
            path, f"more than the {limit:,} bytes a source may have (set {MAX_SOURCE_BYTES_VARIABLE} to allow more)"
        )
    text, encoding = decode(data, path)
    if _looks_binary(text):
        raise NotTextError(path, "the file holds binary data, not text")
    nul = text.find("\x00")
    if nul >= 0:
        raise NotTextError(path, f"a NUL character at offset {nul}: not a text file")
    problems = ()
    if encoding == "utf-8" and "\ufffd" in text and b"\xef\xbf\xbd" not in data:
        offsets = decode_utf8(data)[1]
        problems = (f"{len(offsets)} byte(s) not valid UTF-8 replaced by U+FFFD, the first at byte {offsets[0]}",)
    return Source(path.name, path.stem, text, hashlib.sha256(data).hexdigest(), encoding, problems)


# Control characters that do not occur in text files (tab, line feed, form feed and carriage return do)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    return len(_CONTROL.findall(sample)) > max(8, len(sample) // 50)


# --------------------------------------------------------------------------- clean text


@dataclass(frozen=True)
class Marker:
    """A footnote marker cut from the text ("Convention,3", "Plan of Action5", "[1]", "82/"): its number and
    source offsets, so that its footnote can be placed in the paragraph that carries it."""

    number: str
    start: int
    end: int


@dataclass
class Footnote:
    number: str
    text: str
    start: int  # source offsets of the footnote's text
    end: int
    marker: Marker | None = None  # where the text refers to it, when its marker was found


@dataclass
class Keyword:
    term: str
    start: int  # source offsets
    end: int


@dataclass
class CleanText:
    """Text for the NLP stages, with the map back to the source."""

    text: str
    source: str
    _clean_starts: list[int] = field(repr=False)
    _source_starts: list[int] = field(repr=False)
    keywords: list[Keyword] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    running_heads: list[RunningHead] = field(default_factory=list)  # of PDF pages, source offsets

    def to_source(self, offset: int) -> int:
        """Source offset of a clean-text offset (a start offset)."""
        i = bisect.bisect_right(self._clean_starts, offset) - 1
        return self._source_starts[i] + (offset - self._clean_starts[i])

    def span_to_source(self, start: int, end: int) -> tuple[int, int]:
        """Source offsets of a clean-text span [start, end)."""
        if end <= start:
            s = self.to_source(start)
            return s, s
        return self.to_source(start), self.to_source(end - 1) + 1


_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPER_TO_DIGIT = str.maketrans(_SUPERSCRIPTS, "0123456789")
_LINE = re.compile(r"[^\n]*(?:\n|$)")
# "%%%TERM|TERM|…|": UNBIS subject terms, each closed by "|" (the text may go on, on the same line)
_KEYWORD_HEADER = re.compile(r"%%%(?P<terms>(?:[^|\n]{1,120}\|)+)")
_FOOTNOTE_LINE = re.compile(rf"^[ \t]*(?P<num>[{_SUPERSCRIPTS}]+)[ \t]*(?P<text>\S[^\n]*)$")
# A footnote whose number lost its superscript: "42 Emerging from the Paris Statement (S/2003/641, annex), … 2003."
_PLAIN_FOOTNOTE_LINE = re.compile(r"^[ \t]*(?P<num>\d{1,3})[ \t]+(?P<text>[A-Z\"“(][^\n]{0,600}[.)])[ \t]*$")
_FURNITURE_LINE = re.compile(
    r"^[ \t]*(?:"
    r"(?:-[ \t]*)?\d{1,4}(?:[ \t]*-)?"  # page numbers (no second [ \t]* beside the first: n² tries on an indent of n)
    r"|Page[ \t]+\d+"
    r"|\d{2}-\d{4,6}(?:[ \t]*\(E\))?"  # job numbers
    r")[ \t]*$"
)
_BULLET = re.compile(r"^[ \t]*[-•▪–][ \t]+(?=\(?[\dA-Za-z])", re.M)
# The patterns scanned over every text begin with a character (set), not a look-behind: the
# regex engine then skips ahead to the candidates instead of trying every position (3-9x faster).
# "*", "**", or "_" opening or closing a word
_EMPHASIS = re.compile(r"[*_](?:(?<=\*)\**|(?<!\w_)(?=\w)|(?<=\w_)(?!\w))")
# Superscript digits (footnote markers); `_superscript_markers` adds the space or tab before them
_SUPERSCRIPT_RUN = re.compile(rf"[{_SUPERSCRIPTS}]+")
# A footnote number glued to a word or to punctuation: "Assembly7 ", "Reduction10 and", "2008,8 in", "1988;3 2."
_GLUED_AFTER_WORD = re.compile(r"\d(?:(?<=[a-z\)]\d)|\d(?<=[a-z\)]\d\d)|\d\d(?<=[a-z\)]\d\d\d))(?=[\s,;:.]|$)")
# A web copy's footnote link glued to a word or punctuation: "1961,[1] as well as", "Substances,[2] Bearing",
# or an old UNODC page's backslashed number: "1990,\87\ Noting"
_BRACKETED_MARKER = re.compile(r"(?<=[\w,;:.”\")])(?:\[\d{1,3}\]|\\\d{1,3}\\)")
# ... but not the number of a web archive's record code: "E91r042", "A36r168"
_ARCHIVE_CODE_BEFORE = re.compile(r"\b[AE]\d\dr$")
_GLUED_AFTER_PUNCT = re.compile(
    r"[,;:”\"](?P<marker>(?<=[a-zA-Z\)\"”’],)\d{1,3}|(?<=[;:”\"])\d{1,3}|(?<=\d,)\d{1,2})(?=\s)"
)
# A year with a marker glued on: "of 197165 and" -> "of 1971"
_GLUED_AFTER_YEAR = re.compile(r"(?:19|20)(?<=\b(?:of|in) \d\d)\d\d(?P<marker>\d{1,3})(?=[\s,;:.])")
# Footnote markers of older UN documents: "Drugs82/ that", "1980,2/ 1. Appeals", "Substances*/"
_SLASH_END = re.compile(r"/(?=[\s,;:.|]|$)")  # the end of an old footnote marker: see _slash_markers
# ... or to a year: "the Single Convention on Narcotic Drugs, 196126/ obliges" -> "…, 1961 obliges"
_SLASH_AFTER_YEAR = re.compile(r"(?:19|20)(?<=\b\d\d)\d\d(?P<marker>\d{1,3}/)(?=[\s,;:.|]|$)")
# ... or to a date: "of 12 July 20215 and" -> "of 12 July 2021"
# A spaced marker between a paragraph's closing comma and the next one's opener: "of 1988, 40 Reaffirming"
_SPACED_BEFORE_OPENER = re.compile(r"(?<=[,;])[ \t](?P<marker>\d{1,3})(?=[ \t]+[A-Z][a-z]+ing\b)")
_DATE_LINE = re.compile(rf"(?:{MONTHS}) (?:19|20)\d\d\.")
_GLUED_AFTER_DATE = re.compile(rf"(?:{MONTHS}) (?:19|20)\d\d(?P<marker>\d{{1,2}})(?=[\s,;:.])")


_RESOLUTION_BEFORE = re.compile(r"\b[Rr]esolutions?[ \t]*\n$")


def _cited_number(text: str, start: int) -> bool:
    """Whether a number alone on its line at `start` is a cited resolution's, a PDF's justified line printed a
    word a line ("resolution" / "1373" / "(2001)"), not a page number."""
    return _RESOLUTION_BEFORE.search(text, max(0, start - 20), start) is not None


def _marker_deletions(text: str, known: set[str]) -> list[tuple[int, int]]:
    """Bullets, emphasis and footnote markers in every style; `known`: the document's footnote numbers."""
    deletions = [m.span() for pattern in (_BULLET, _EMPHASIS) for m in pattern.finditer(text)]
    return deletions + _marker_spans(text, known)


def _marker_spans(text: str, known: set[str]) -> list[tuple[int, int]]:
    """The footnote markers in every style; `known`: the document's footnote numbers."""
    deletions = [m.span() for m in _BRACKETED_MARKER.finditer(text)]
    deletions.extend(
        m.span()
        for m in _GLUED_AFTER_WORD.finditer(text)
        if not _ARCHIVE_CODE_BEFORE.search(text, max(0, m.start() - 4), m.start())
    )
    deletions.extend(_superscript_markers(text))
    for pattern in (_GLUED_AFTER_PUNCT, _GLUED_AFTER_YEAR, _SLASH_AFTER_YEAR, _GLUED_AFTER_DATE, _SPACED_BEFORE_OPENER):
        deletions.extend(m.span("marker") for m in pattern.finditer(text))
    deletions.extend(_slash_markers(text))
    if known:
        # A spaced marker whose number is a footnote of this document: "session, 62 in which"
        spaced = re.compile(r"(?<=[,;])[ \t](?P<num>\d{1,3})(?=[ \t]+[a-z]|[ \t]*\n|[ \t]*$)")
        deletions.extend(m.span("num") for m in spaced.finditer(text) if m.group("num") in known)
    return deletions


def clean(text: str) -> CleanText:
    """Normalize a source text for the NLP stages, keeping a map back to the source."""
    source, text = text, _single_spaced(plain_spaces(text))  # same length: every offset is the source's too
    deletions: list[tuple[int, int]] = []
    keywords: list[Keyword] = []
    footnotes: list[Footnote] = []
    deletions.extend(m.span() for m in _INVISIBLE.finditer(text))
    deletions.extend(_translations(text))
    deletions.extend(spacing.deletions(text))
    deletions.extend(
        (m.start() + 1, m.end()) for m in _EXTRA_SPACES.finditer(text) if m.start() and not text[m.start() - 1].isspace()
    )
    layout = pdftext.find(text) or flattened.find(text)
    if layout is not None:
        deletions.extend(layout.cuts)
        footnotes.extend(Footnote(n.number, n.text, n.start, n.end) for n in layout.notes)

    first_break = text.find("\n")  # furniture is never the first line
    for line_match in _LINE.finditer(text):
        start, end = line_match.span()
        if start == end:
            break
        line = line_match.group().rstrip("\n")
        header = _KEYWORD_HEADER.match(line)
        if header:
            keywords.extend(_keywords(header, start))
            rest = line[header.end() :]
            deletions.append((start, start + (len(line) if not rest.strip() else header.end())))
            if rest.strip():
                start, line = start + header.end(), rest  # the header shares its line with the text
            else:
                continue
        note = _FOOTNOTE_LINE.match(line) or _PLAIN_FOOTNOTE_LINE.match(line)
        if note:
            number = note.group("num").translate(_SUPER_TO_DIGIT)
            footnotes.append(
                Footnote(number, note.group("text").strip(), start + note.start("text"), start + len(line.rstrip()))
            )
            deletions.append((start, start + len(line)))
            continue
        if line.strip() and _FURNITURE_LINE.match(line) and 0 <= first_break <= start and not _cited_number(text, start):
            deletions.append((start, start + len(line)))
            continue
        if "\f" in line:
            for m in re.finditer("\f", line):
                deletions.append((start + m.start(), start + m.end()))

    footnotes = _distinct_notes(footnotes)
    _link_markers(footnotes, _markers(text, {f.number for f in footnotes}, deletions))
    deletions.extend(_marker_deletions(text, {f.number for f in footnotes}))
    line_breaks = [(m.start(), m.end(), "\n") for m in _LONE_CR.finditer(text)]
    letters = [(m.start(), m.end(), _LIGATURES[m.group()]) for m in _LIGATURE.finditer(text)]
    result = _apply(text, deletions, keywords, footnotes, (layout.joins if layout else []) + line_breaks + letters)
    result.source = source
    result.running_heads = layout.heads if layout else []
    return result


# Zero-width and bidirectional marks, soft hyphens: invisible, and they split the words around them
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
# Spaces after the first between two words of a line: a page flattened onto one line keeps each line's trailing
# space before the one that replaced its break ("Open-ended  Intergovernmental Working Group"), which no name matches
_EXTRA_SPACES = re.compile(r"[ \t]{2,}(?=\S)")  # after a word: checked apart (a look-behind is tried everywhere)
# Spaces other than the space (no-break, thin, ideographic: web pages print names with "\u00a0" between their
# words), and the carriage return of a Windows line end: read as a space, character for character; the Unicode
# hyphens (UN documents print "Secretary\u2011General" with a non-breaking one) as the hyphen-minus
_OTHER_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000]|\r(?=\n)")
_OTHER_HYPHENS = re.compile("[\u2010\u2011]")


def plain_spaces(text: str) -> str:
    """The text with its other spaces and hyphens as the plain ones, character for character."""
    return _OTHER_HYPHENS.sub("-", _OTHER_SPACES.sub(" ", text))


def plain_letters(text: str) -> str:
    """A name as printed, in plain letters, spaces and hyphens (its ligatures spelled out)."""
    return _LIGATURE.sub(lambda m: _LIGATURES[m.group()], plain_spaces(text))


# A copy printed double-spaced (a document site's: a blank line after every printed line, so that a paragraph's
# lines stand apart like paragraphs): many of its printed lines go on in lower case after the blank line, where
# in a copy whose paragraphs are lines of their own the next line opens a paragraph
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_BLANK_AFTER = re.compile(r"(?m)^([^\n]*\S)[ \t]*\n((?:[ \t]*\n)+)(?=[ \t]*\S)")


def _single_spaced(text: str) -> str:
    """A double-spaced copy as if printed single-spaced, character for character: the line break that ends a
    blank line between two printed lines becomes a space (the next line indented by one), and of a longer run
    of blank lines, a paragraph break, one blank line is kept."""
    if len(_BLANK_LINE.findall(text)) * 2 < 0.8 * text.count("\n"):
        return text  # most line breaks stand alone: printed single-spaced (the cheap test first)
    breaks = list(_BLANK_AFTER.finditer(text))
    lines = sum(1 for line in text.split("\n") if line.strip())
    if len(breaks) < 10 or len(breaks) < 0.8 * (lines - 1):
        return text
    if sum(1 for m in breaks if text[m.end() :].lstrip(" \t")[:1].islower()) < 0.3 * len(breaks):
        return text  # lines that are paragraphs of their own: the next one opens with a capital or a number
    chars = list(text)
    for m in breaks:
        blank = m.group(2)
        keep = 0 if blank.count("\n") == 1 else blank.index("\n") + 1
        for i in range(m.start(2) + keep, m.end(2)):
            if chars[i] == "\n":
                chars[i] = " "
    return "".join(chars)


# The ligatures a PDF's text layer may give for letters ("Conﬁrming", "inﬂuence"): read as the letters
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"}
_LIGATURE = re.compile("[\ufb00-\ufb06]")
# A carriage return that ends a line by itself (old Mac files): read as a line feed
_LONE_CR = re.compile("\r(?!\n)")
# A bilingual alignment gives each English segment and its translation on one line, glued:
# "The Economic and Social Council,Le Conseil économique et social,", "The General Assembly,L’Assemblée générale,"
_GLUED_TRANSLATION = re.compile(r"[,;:.](?=[A-ZÀ-Ý](?:[’'][A-ZÀ-Ý])?[a-zà-ÿ’']+\s)")
# The first letter of a translation into a script other than the Latin (Chinese, Arabic, Cyrillic) glued to the English
_OTHER_SCRIPT = re.compile(r"[\u0400-\u04ff\u0600-\u06ff\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
_REPEATED_SYMBOL = re.compile(r"(?P<symbol>[AES]/RES/\S+)(?=\s).*?(?P=symbol)")
# A line of one short word and its translation, the same: an operative number "1.1.", a heading's number
_DOUBLED_WORD = re.compile(r"^\s*(?P<word>\S{2,20}?)(?P=word)\s*$")


def _markers(text: str, known: set[str], cuts: list[tuple[int, int]]) -> list[Marker]:
    """The footnote markers of the text read, in order; one inside a range already cut (a footnote's own
    number in its block, a running head, a translation) is none of the text's."""
    merged: list[list[int]] = []
    for s, e in sorted(cuts):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    starts = [s for s, _ in merged]
    found = []
    for s, e in sorted(set(_marker_spans(text, known))):
        i = bisect.bisect_right(starts, s) - 1
        if i < 0 or merged[i][1] < e:
            found.append(Marker(_marker_number(text[s:e]), s, e))
    return found


def _marker_number(marker: str) -> str:
    """The number a marker refers to, as its footnote gives it: " ¹" -> "1", "[12]" -> "12", "82/" -> "82"."""
    return re.sub(r"[^\d*]", "", marker.translate(_SUPER_TO_DIGIT))


def _distinct_notes(footnotes: list[Footnote]) -> list[Footnote]:
    """The notes without repeats (a PDF's footnote block is read by its layout and again line by line) and
    without the meeting's date ("1088th plenary meeting,\n30 July 1959."), a line that looks like a note."""
    first: dict[tuple[str, int], Footnote] = {}
    for note in footnotes:
        if not _DATE_LINE.fullmatch(note.text):
            first.setdefault((note.number, note.start), note)
    return list(first.values())


def _link_markers(footnotes: list[Footnote], markers: list[Marker]) -> None:
    """Give each footnote the first marker of its number before its text that no earlier note took: a note
    follows its marker, and a file of several resolutions may number each one's notes from 1."""
    free = list(markers)
    for note in sorted(footnotes, key=lambda f: f.start):
        number = note.number.translate(_SUPER_TO_DIGIT)
        note.marker = next((m for m in free if m.number == number and m.start < note.start), None)
        if note.marker:
            free.remove(note.marker)


def _translations(text: str) -> list[tuple[int, int]]:
    """In a bilingual alignment (three lines or more, each an English line with its translation
    glued on), each line's translation, from the glue to the line's end. The glue is punctuation
    before a capital ("Council,Le Conseil"), a heading's repeated symbol or number, or, where
    nothing marks it, the place found by `_language_split`."""
    translated = _translated(text[:20_000])
    scripted = len(_OTHER_SCRIPT.findall(text, 0, 200_000)) >= 3  # a translation into Chinese, Arabic or Russian
    if len(_GLUED_TRANSLATION.findall(text, 0, 200_000)) < 3 and not translated and not scripted:
        return []
    cuts = []
    for line in _LINE.finditer(text):
        content = line.group().rstrip("\n")
        if len(content) > _LONGEST_ALIGNED_LINE:
            continue  # a whole text run onto one line: no line of it is one aligned pair
        glue = _GLUED_TRANSLATION.search(content)
        repeated = _REPEATED_SYMBOL.search(content)
        doubled = _DOUBLED_WORD.match(content)
        if doubled:
            cuts.append((line.start() + doubled.end("word"), line.start() + len(content)))
        elif repeated:
            cuts.append((line.start() + repeated.end() - len(repeated.group("symbol")), line.start() + len(content)))
        elif scripted and (script := _OTHER_SCRIPT.search(content)) is not None and content[: script.start()].strip():
            cuts.append((line.start() + script.start(), line.start() + len(content)))
        elif glue:
            cuts.append((line.start() + glue.end(), line.start() + len(content)))
        elif translated and (split := _language_split(content)) is not None:
            cuts.append((line.start() + split, line.start() + len(content)))
    return cuts if len(cuts) >= 3 else []


_WORDS = re.compile(r"[A-Za-zÀ-ÿ]+")
_LONGEST_ALIGNED_LINE = 8000  # an English paragraph and its translation
_ACCENTED = frozenset("àâçéèêëîïôûùüÿñáíóú")
# Words that show a French or Spanish translation beside the English: a cheap test before any split is tried
_OTHER_LANGUAGE = re.compile(r"\b(?:de la|des|les|et|du|aux|los|las|del)\b(?=\s)")


@functools.lru_cache(maxsize=1)
def _bilingual_rules() -> tuple[frozenset, frozenset, int]:
    rules = package_rules("precursor_kg.data", "bilingual.json")
    return frozenset(rules["english"]), frozenset(rules["other"]), rules["min_gain"]


def _translated(head: str) -> bool:
    """Whether the text's beginning holds a French or Spanish translation beside the English:
    its function words and accented letters, a cheap test before any line is split."""
    return len(_OTHER_LANGUAGE.findall(head)) >= 8 and sum(head.count(c) for c in "éèàçñá") >= 10


def _language_split(line: str) -> int | None:
    """Where a bilingual line's translation begins when nothing marks the glue (data/bilingual.json):
    the place, at a word's edge or inside a glued word ("drugConstatant", "internationalla"), that
    leaves the most English words before it and the most words of the other language after it;
    among equals, one where the case changes inside a word, else the last word's edge (a line's
    English ends in content words, its translation starts with function words)."""
    english, other, min_gain = _bilingual_rules()

    def weight(word: str) -> int:  # +1 English, -1 the other language
        w = word.lower()
        return 1 if w in english else -1 if w in other or any(c in _ACCENTED for c in w) else 0

    words = [(m.start(), m.group()) for m in _WORDS.finditer(line)]
    total = sum(weight(w) for _, w in words)
    best, best_key, before = None, (total + min_gain - 1, True, True, len(line)), 0
    for start, word in words:
        rest = total - before - weight(word)
        for k in range(len(word)):
            # the piece left of a cut inside a word counts from three letters: "in|volves" is no English "in"
            left = weight(word[:k]) if k >= 3 else 0
            case_change = k > 0 and word[k - 1].islower() and word[k].isupper()
            key = (before + left - weight(word[k:]) - rest, case_change, k == 0, start + k)
            if key > best_key:
                best, best_key = start + k, key
        before += weight(word)
    return best if best else None


def _slash_markers(text: str) -> list[tuple[int, int]]:
    """The old footnote markers "82/" and "*/" glued to a word or punctuation ("Drugs82/ that"), alone or
    in a chain ("khat66/*/"). Found from their rare end, a slash before a space, then read backwards."""
    found = []
    for m in _SLASH_END.finditer(text):
        start = _marker_start(text, m.start())
        while start > 1 and text[start - 1] == "/" and (earlier := _marker_start(text, start - 1)) < start - 1:
            start = earlier
        if start < m.start() and start > 0 and (text[start - 1].isalpha() or text[start - 1] in ",;.:)"):
            found.append((start, m.end()))
    return found


def _marker_start(text: str, slash: int) -> int:
    """Where the marker ending at the slash at `slash` begins: up to three digits or stars before it."""
    start = slash
    kind = str.isdigit if text[slash - 1 : slash].isdigit() else (lambda c: c == "*")
    while start > 0 and slash - start < 3 and kind(text[start - 1]):
        start -= 1
    return start


def _superscript_markers(text: str) -> list[tuple[int, int]]:
    """Runs of superscript digits, each with the one space or tab before it (what `[ \t]?[⁰-⁹]+`
    finds, but scanning for the digits alone: a pattern starting at every space is slow)."""
    return [
        (s - 1 if s and text[s - 1] in " \t" else s, e) for s, e in (m.span() for m in _SUPERSCRIPT_RUN.finditer(text))
    ]


def _keywords(header: re.Match, line_start: int) -> list[Keyword]:
    found = []
    offset = line_start + header.start("terms")
    for part in re.finditer(r"[^|]+", header.group("terms")):
        term = part.group().strip()
        if term:
            lead = len(part.group()) - len(part.group().lstrip())
            s = offset + part.start() + lead
            found.append(Keyword(term, s, s + len(term)))
    return found


def _apply(text: str, deletions, keywords, footnotes, replacements=()) -> CleanText:
    """Cut the deleted ranges out of `text` and put each replacement (a joining space) in its
    range, recording where each kept run came from. Overlapping or touching ranges merge,
    keeping a replacement if any of them has one."""
    merged: list[list] = []
    for s, e, new in sorted([(s, e, "") for s, e in deletions] + list(replacements), key=lambda r: (r[0], -len(r[2]))):
        if e <= s:
            continue
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
            merged[-1][2] = merged[-1][2] or new
        else:
            merged.append([s, e, new])
    pieces, clean_starts, source_starts = [], [0], [0]
    cursor = clean_len = 0
    for s, e, new in merged:
        pieces.append(text[cursor:s])
        clean_len += s - cursor
        if new:
            pieces.append(new)
            clean_starts.append(clean_len)
            source_starts.append(s)
            clean_len += len(new)
        cursor = e
        clean_starts.append(clean_len)
        source_starts.append(e)
    pieces.append(text[cursor:])
    return CleanText("".join(pieces), text, clean_starts, source_starts, keywords, footnotes)
