"""Text extracted from UN PDFs: page heads, footnote blocks and wrapped lines.

A page of a UN resolution begins (after the first) with a running head: the document symbol
(`A/RES/79/190`), the title on one or more lines, the job number (`24-24137`) and the page
number (`2/23`), in either order. Text read from each page's top (pdftotext) has instead the
page's head at its top and its foot on one line at its end (`24-24137 2/23`). A page's
footnotes stand in a block under a rule of underscores. Paragraphs are wrapped into lines and
separated by blank lines, so a paragraph runs on across a page break. This module finds
those pieces; `reader.clean` cuts them out, joins the wrapped lines of each paragraph, and
keeps the running heads, which name the resolution on a page that starts in its middle
(FORMAT.md).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from statistics import median

from .headings import adopting_bodies, body_codes

_PAGE_NUMBER = re.compile(r"^[ \t]*\d{1,3}[ \t]*/[ \t]*\d{1,3}[ \t]*$")
_JOB_NUMBER = re.compile(r"^[ \t]*\d{2}-\d{4,6}(?:[ \t]*\([A-Z]\))?[ \t]*$")
# A page's foot on one line, as pdftotext prints it: "24-24134 2/17" or "2/17 24-24134"
_JOB_AND_PAGE = re.compile(
    r"^[ \t]*(?:\d{2}-\d{4,6}(?:[ \t]*\([A-Z]\))?[ \t]+\d{1,3}[ \t]*/[ \t]*\d{1,3}"
    r"|\d{1,3}[ \t]*/[ \t]*\d{1,3}[ \t]+\d{2}-\d{4,6}(?:[ \t]*\([A-Z]\))?)[ \t]*$"
)
_HEAD_TITLE_LINES = 4  # title lines of a running head printed after its symbol, below the foot of the page before
_SYMBOL = re.compile(r"^[ \t]*(?P<symbol>(?:A|E|S)/(?:RES/)?[\w.()/-]+?)[ \t]*$")
# a head on one line, as pdftotext -layout prints it: "A/RES/73/192      Title …" or "Title …     A/RES/73/192"
_SYMBOL_AND_TITLE = re.compile(
    r"^[ \t]*(?:(?P<symbol>[AES]/RES/[\w.()/-]*\d[\w.()/-]*)[ \t]+(?P<after>[A-Z][^\n]*?)"
    r"|(?P<before>[A-Z][^\n]*?)[ \t]+(?P<symbol2>[AES]/RES/[\w.()/-]*\d[\w.()/-]*))[ \t]*$"
)
_RULE = re.compile(r"^[ \t]*_{5,}[ \t]*$")
_NOTE_START = re.compile(r"^[ \t]*(?P<num>\d{1,3}|\*{1,3})[ \t]+(?P<text>\S.*)$")
# "1." or "(a)" alone ("1.1." with its translation glued on): its text follows, and it starts a paragraph
_LABEL = re.compile(r"^[ \t]*(?:(\d{1,3}\.)\1?|\([a-z]{1,3}\))[ \t]*$")
_NUMBERED_LINE = re.compile(r"^[ \t]*\d{1,3}\.[ \t]+[A-Z]")  # "91. Also stresses": an operative paragraph's first line
_REFERENCE_YEAR = re.compile(r"\((?:19|20)\d\d\)[,;.]?")  # "(2001)" after a resolution's number
_FIRST_LINE_INDENT = 3  # how much deeper than the line before a paragraph's indented first line stands
_NUMBER_ALONE = re.compile(r"[ \t]*\d{1,3}\.[ \t]*")  # "2." on a line of its own, its paragraph on the next
_HEAD_REACH = 8  # lines between the first and the last line of one running head


@functools.lru_cache(maxsize=1)
def _heading_line() -> re.Pattern:
    """A resolution's heading on a line of its own ("Resolution 51/1", "ECOSOC Resolution 2008/27", "51/1.
    Title"): never joined to the line before."""
    bodies = "|".join(map(re.escape, body_codes()))
    return re.compile(
        rf"^[ \t]*(?:(?:(?:{bodies})[ \t]+)?(?:Resolution|RESOLUTION)[ \t]+(?:S-)?\d|(?:\d{{1,4}}|S-\d{{1,2}})/\d{{1,4}}\.[ \t])"
    )


@functools.lru_cache(maxsize=1)
def _body_line() -> re.Pattern:
    """The line that opens a resolution's text ("The Economic and Social Council," with or without its comma):
    the line after it is never joined to it."""
    names = "|".join(re.escape(b["name"]) for b in adopting_bodies())
    return re.compile(rf"^[ \t]*The[ \t]+(?:{names})[ \t]*,?[ \t]*$")


@dataclass(frozen=True)
class Line:
    start: int  # source offsets, the line break excluded
    end: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass(frozen=True)
class RunningHead:
    symbol: str  # as printed: "A/RES/79/190"
    title: str | None  # whitespace collapsed
    start: int  # source offsets of the whole head
    end: int


@dataclass(frozen=True)
class PageNote:
    number: str
    text: str
    start: int
    end: int


@dataclass
class PdfLayout:
    """What `find` saw: ranges to cut (source offsets), line breaks to join, heads and notes."""

    cuts: list[tuple[int, int]]
    joins: list[tuple[int, int, str]]  # (start, end, replacement) for the break between two wrapped lines
    heads: list[RunningHead]
    notes: list[PageNote]


def lines_of(text: str) -> list[Line]:
    found, pos = [], 0
    for raw in text.split("\n"):
        found.append(Line(pos, pos + len(raw), raw.rstrip("\r").replace("\f", " ")))  # pdftotext's page break
        pos += len(raw) + 1
    return found


def find(text: str) -> PdfLayout | None:
    """The PDF layout of `text`, or None when the text is not wrapped like a PDF extraction."""
    if not _wrapped(text):
        return None
    lines = lines_of(text)
    cut = [False] * len(lines)
    heads = [_head(lines, i, cut) for i, line in enumerate(lines) if _page_foot(line)]
    heads = _top_head(lines, cut) + [h for h in heads if h is not None]
    notes = _footnote_blocks(lines, cut)
    _cut_blank_lines_around(lines, cut)
    cuts = [(line.start, min(line.end + 1, len(text))) for line, gone in zip(lines, cut, strict=False) if gone]
    return PdfLayout(cuts, _joins(text, lines, cut), heads, notes)


def _wrapped(text: str) -> bool:
    """Many lines of a PDF's text width (one paragraph a line has far longer lines)."""
    lengths = [n for n in map(len, map(str.strip, text.split("\n"))) if n]
    return len(lengths) >= 8 and 30 <= median(lengths) <= 100


def _head(lines: list[Line], i: int, cut: list[bool]) -> RunningHead | None:
    """The running head around the page number on line i, marked in `cut`."""
    lo, hi = max(0, i - _HEAD_REACH), min(len(lines), i + _HEAD_REACH + 1)
    nearest_first = sorted(range(lo, hi), key=lambda k: (abs(k - i), k))  # another page's head may be near
    symbol_at = next((k for k in nearest_first if _head_symbol(lines[k])), None)
    job_on_line = bool(_JOB_AND_PAGE.match(lines[i].text))
    job_at = None if job_on_line else next((k for k in nearest_first if _JOB_NUMBER.match(lines[k].text)), None)
    if symbol_at is None and job_at is None:
        cut[i] = cut[i] or job_on_line  # a foot alone is furniture all the same
        return None
    marks = [k for k in (symbol_at, job_at, i) if k is not None]
    first, last = min(marks), max(marks)
    head_after_foot = symbol_at is not None and symbol_at > i  # text read from each page's top
    if head_after_foot:
        last = _title_after_symbol(lines, symbol_at)
    while not head_after_foot and first > 0 and first > i - _HEAD_REACH and _head_line(lines[first - 1]):
        first -= 1  # title lines printed before the symbol (or where the head has none), up to the page break
    top = next((k for k, line in enumerate(lines) if not line.blank), first)
    if not head_after_foot and 0 < first - top <= _HEAD_TITLE_LINES and _title_block(lines, top, first):
        first = top  # the text opens with the head: its title's lines may end in a comma
    title_lines = [
        _head_symbol(lines[k])[1] if k == symbol_at else lines[k].text
        for k in range(first, last + 1)
        if (k not in marks or k == symbol_at) and not lines[k].blank and not _JOB_NUMBER.match(lines[k].text)
    ]
    for k in range(first, last + 1):
        cut[k] = True
    title = " ".join(" ".join(title_lines).split()) or None
    return RunningHead(_head_symbol(lines[symbol_at])[0], title, lines[first].start, lines[last].end) if (
        symbol_at is not None) else None


def _head_symbol(line: Line) -> tuple[str, str] | None:
    """The symbol of a running head's line and the title printed beside it ("" where it stands alone)."""
    alone = _SYMBOL.match(line.text)
    if alone:
        return alone.group("symbol"), ""
    both = _SYMBOL_AND_TITLE.match(line.text)
    if both is None or not _head_line(line):
        return None
    return (both.group("symbol") or both.group("symbol2")), (both.group("after") or both.group("before"))


_OPENING_ADVERBS = {"Also", "Further", "Furthermore", "Moreover"}  # before the verb: "Also requests"


def _opening_words(line: Line) -> bool:
    """A short capitalized line that ends no sentence: the italic words that open a paragraph, which some
    PDFs' text layers print on a line of their own, before the paragraph's first line."""
    words = line.text.split()
    verb = next((w for w in words if w not in _OPENING_ADVERBS), "")
    return 0 < len(words) <= 4 and words[0][0].isupper() and words[-1][-1].isalpha() and verb.endswith(
        ("ing", "ed", "s"))


def _indented_first_line(before: Line, after: Line) -> bool:
    """A paragraph's first line indented deeper than the line before, opening with its number or a verb, as old
    plain-text pages print paragraphs ("      Recognizing the urgent need …" after " … and national", a copy
    that lost the line between): a new paragraph even where the line before ends no sentence."""
    deeper = _indent(after) >= _indent(before) + _FIRST_LINE_INDENT
    first = after.text.split(maxsplit=1)[0] if after.text.strip() else ""
    return deeper and (_NUMBER_ALONE.fullmatch(first) is not None or (first[:1].isupper() and first.endswith(("ing", "s"))))


def _indent(line: Line) -> int:
    return len(line.text) - len(line.text.lstrip())


def _one_word(line: Line) -> bool:
    """A line of one word, not a number: a piece of a first line that a PDF's text layer printed a word a line."""
    words = line.text.split()
    return len(words) == 1 and words[0][:1].isalpha()


def _word_a_line(before: Line, after: Line) -> bool:
    """Two lines of one word each, one of them a word ("Invites" / "Governments", "resolution" / "1373",
    "1373" / "(2001)" after it), or a paragraph's number alone before a word: a justified line a PDF's text
    layer printed a word a line ("2." / "Invites" / …), to be read as one line; or a paragraph's number alone before
    its opening words on a line of their own ("1." / "Takes note with appreciation" / "of the plans …")."""
    if _NUMBER_ALONE.fullmatch(before.text):
        return _one_word(after) or _opening_words(after)
    one_token = len(before.text.split()) == 1 and len(after.text.split()) == 1
    return one_token and (_one_word(before) or _one_word(after) or _REFERENCE_YEAR.fullmatch(after.text.strip()) is not None)


def _page_foot(line: Line) -> bool:
    return bool(_PAGE_NUMBER.match(line.text) or _JOB_AND_PAGE.match(line.text))


def _title_after_symbol(lines: list[Line], symbol_at: int) -> int:
    """The last line of a head whose title follows its symbol (text read from the top of each page: the foot
    "24-24134 2/17", then "A/RES/73/192" and its title): title lines up to a blank line or a numbered
    paragraph ("91. Also stresses …"); or one capitalized title line where the page's text goes on mid-sentence
    after it ("A/RES/68/196" / "United Nations Guiding Principles on Alternative Development" / "high-level
    segment of its fifty-second session …"); else the symbol's."""
    k = symbol_at + 1
    while k <= symbol_at + _HEAD_TITLE_LINES and k < len(lines) and _title_line(lines[k]):
        k += 1
    if _ends_head(lines, k) and k < len(lines):
        return k - 1
    title, after = symbol_at + 1, symbol_at + 2
    if after < len(lines) and _title_line(lines[title]) and lines[title].text.lstrip()[:1].isupper() and (
            lines[after].text.lstrip()[:1].islower()):
        return title
    return symbol_at


def _ends_head(lines: list[Line], k: int) -> bool:
    """Whether line k is the first after a running head: a blank line, a numbered paragraph or the end."""
    return k >= len(lines) or lines[k].blank or bool(_NUMBERED_LINE.match(lines[k].text))


def _title_line(line: Line) -> bool:
    return not line.blank and _head_line(line) and not _NUMBERED_LINE.match(line.text)


def _top_head(lines: list[Line], cut: list[bool]) -> list[RunningHead]:
    """The running head of a page copied from its top, whose page number is cut off with its foot or
    printed at its end: the symbol alone on one of the first lines and the title, marked in `cut`."""
    firsts = [k for k, line in enumerate(lines) if not line.blank][:3]
    symbol_at = next((k for k in firsts if _head_symbol(lines[k])), None)
    if symbol_at is None or cut[symbol_at] or any(not _head_line(lines[k]) for k in firsts if k < symbol_at):
        return []  # none, or the page's head with its foot, found already
    symbol, beside = _head_symbol(lines[symbol_at])
    # the title before the symbol ("International cooperation … / A/RES/71/211"), or after it when the
    # symbol opens the page ("A/RES/78/166" / "Operational activities …" / a blank line), or beside it
    alone = symbol_at == firsts[0] and not beside
    last = _title_after_symbol(lines, symbol_at) if alone else symbol_at
    if beside and not _ends_head(lines, symbol_at + 1):
        beside = ""  # the line runs on into the page's text: where its title ends is not known
    title_lines = [beside if k == symbol_at else lines[k].text for k in range(firsts[0], last + 1)]
    title = " ".join(" ".join(title_lines).split()) or None
    for k in range(firsts[0], last + 1):
        cut[k] = True
    return [RunningHead(symbol, title, lines[firsts[0]].start, lines[last].end)]


def _title_block(lines: list[Line], first: int, end: int) -> bool:
    """Whether the lines from the text's first up to line `end` can be the title a running head prints above its
    symbol: unbroken by a blank line and ending no sentence. A title's line may end in a comma ("Preventing and
    combating corrupt practices and the transfer of proceeds of corruption," / "facilitating asset recovery …" /
    "A/RES/75/194"): at the top of the text no page before it can end there."""
    return all(
        not lines[k].blank and not lines[k].text.rstrip().endswith((".", ";")) and not _NUMBERED_LINE.match(lines[k].text)
        for k in range(first, end)
    )


def _head_line(line: Line) -> bool:
    """A line that can belong to a running head: not the empty line between two pages, not the
    end of a paragraph."""
    return line.text != "" and not line.text.rstrip().endswith((".", ";", ",", ":"))


def _footnote_blocks(lines: list[Line], cut: list[bool]) -> list[PageNote]:
    """Each block under a rule, up to the next running head (or the end), marked in `cut`; a symbol alone on its
    line or a numbered paragraph ends it too, a page's text that no head found goes on there (a booklet's page:
    a note under a rule, then "A/RES/45/116" and the resolution)."""
    notes: list[PageNote] = []
    k = 0
    while k < len(lines):
        if not _RULE.match(lines[k].text):
            k += 1
            continue
        j = k
        while j < len(lines) and not (j > k and (cut[j] or _SYMBOL.match(lines[j].text)
                                                 or _NUMBERED_LINE.match(lines[j].text))):
            cut[j] = True
            note = _NOTE_START.match(lines[j].text)
            if note:
                notes.append(
                    PageNote(
                        note.group("num"), note.group("text").strip(), lines[j].start + note.start("text"), lines[j].end
                    )
                )
            elif notes and not lines[j].blank and j > k:
                last = notes[-1]
                notes[-1] = PageNote(last.number, f"{last.text} {lines[j].text.strip()}", last.start, lines[j].end)
            j += 1
        k = j
    return notes


def _cut_blank_lines_around(lines: list[Line], cut: list[bool]) -> None:
    """Blank lines next to a cut block go too, so that a paragraph broken by a page runs on."""
    for k in range(len(lines)):
        if cut[k]:
            continue
        if lines[k].blank and ((k > 0 and cut[k - 1]) or (k + 1 < len(lines) and cut[k + 1])):
            cut[k] = True
    for k in range(1, len(lines)):  # and the rest of a run of blanks after a block
        if lines[k].blank and cut[k - 1]:
            cut[k] = True
    for k in range(len(lines) - 2, -1, -1):  # or before one
        if lines[k].blank and cut[k + 1]:
            cut[k] = True


def _joins(text: str, lines: list[Line], cut: list[bool]) -> list[tuple[int, int, str]]:
    """The line breaks inside each paragraph: joined with a space, or with nothing after a hyphen.

    A line ends a paragraph's run of lines where it is short (a heading, a symbol, a menu item)
    and the next line does not go on in lower case, or where it ends in ";" and the next line
    starts with a capital."""
    kept = [line for line, gone in zip(lines, cut, strict=False) if not gone]
    lengths = sorted(len(line.text.strip()) for line in kept if not line.blank)
    full = lengths[int(len(lengths) * 0.9)] if lengths else 0
    joins = []
    for before, after in zip(kept, kept[1:], strict=False):
        if before.blank or after.blank or _LABEL.match(after.text) or _heading_line().match(after.text) or (
            _body_line().match(before.text)
        ):
            continue
        if before.text.rstrip().endswith(";") and after.text.lstrip()[:1].isupper():
            continue  # a paragraph ends: a page whose numbers are printed after the first line ("Also welcomes")
        word_a_line = _word_a_line(before, after)  # a justified line printed a word a line ("2." / "Invites" / …)
        if not word_a_line and (_opening_words(after) or _indented_first_line(before, after)):
            continue  # a paragraph's italic opening words on a line of their own ("Recalling also")
        if (
            len(before.text.strip()) < 0.6 * full
            and not after.text.lstrip()[:1].islower()
            and not _LABEL.match(before.text)
            and not word_a_line
        ):
            continue
        # the break, any cut lines between, and the next line's indentation
        brk_start, brk_end = before.end, after.start + len(after.text) - len(after.text.lstrip())
        while brk_start > 0 and text[brk_start - 1] in " \t\r":
            brk_start -= 1
        if text[brk_start - 1 : brk_start] == "-" and text[brk_start - 2 : brk_start - 1].isalpha() and (
            text[after.start : after.start + 1].isalpha()  # "imple-|mentation", "Inter-|Agency"
        ):
            joins.append((brk_start, brk_end, ""))
        else:
            joins.append((brk_start, brk_end, " "))
    return joins
