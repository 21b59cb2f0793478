"""Find the structure of a clean text: resolutions, their headings, paragraphs and sub-paragraphs.

Works on texts laid out one paragraph a line (CND reports) and on whole resolutions
printed on one line (web copies of General Assembly resolutions): paragraph
boundaries are found from the openers ("Recalling", "7. Urges") rather than from
line breaks alone. All offsets are offsets into the clean text.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field

from . import headings
from .headings import Heading, HeadingKind
from .kinds import ParagraphKind
from .nlp.component import package_rules
from .nlp.openers import Opener, OpenerMatcher

# "1. Urges", a site's "1.Commends"; as other copies number them: "1) Urges", "(1) Urges", "1 . Urges", "1.- Urges"
_OPERATIVE_LINE = re.compile(r"\(?(?P<num>\d{1,3})(?:\)|[ ]?\.[-–]?)(?:\s+(?=\S)|(?=[A-Z][a-z]))")
_SUB_LINE = re.compile(r"\((?P<label>[a-z]{1,2}|[ivx]{1,5})\)\s+(?=\S)")
_SECTION_LINE = re.compile(r"^(?:[IVX]{1,5}|[A-H])\.?(?:\s+[A-Z][^.;,:]{0,200})?$")
# Paragraph starts inside a line. Each pattern begins with the punctuation before the cut (the
# regex engine skips ahead to it) and never crosses a line break (`_S` is a space but not "\n"),
# so one scan of a region finds exactly what a scan of each of its lines would.
_S = r"[^\S\n]"
# How far after an operative paragraph's opener a flattened copy may print its number (about a line of a page)
_DISPLACED_NUMBER_REACH = 120
_INLINE_OPERATIVE = re.compile(rf"[;:.,](?P<cut>{_S}+)(?P<num>\d{{1,3}})\.(?:{_S}+(?=[A-Z])|(?=[A-Z][a-z]))")
# ",", or ";" and "." where misprinted; a footnote marker may stand after it (", 65/ Gratified that", a PDF's
# ", 10 Recalling also")
_INLINE_PREAMBULAR = re.compile(rf"[,;.](?:{_S}+\d{{1,3}}/?)?{_S}+(?=[A-Z])")
_INLINE_SUB = re.compile(rf"[:;](?P<cut>{_S}+)\((?P<label>[a-z])\){_S}+(?=[A-Z])")
_INLINE_SECTION = re.compile(
    rf"[,;.](?P<cut>{_S}+)(?P<roman>[IVX]{{1,5}}){_S}+[A-Z][^;,.:\n]{{0,200}}?(?={_S}+\d{{1,3}}\.{_S}+[A-Z])"
)


@dataclass
class SubParagraph:
    label: str
    start: int
    end: int


@dataclass
class Paragraph:
    kind: ParagraphKind
    number: str | None
    position: int  # 1-based among paragraphs of the same kind
    start: int  # the whole paragraph, number included
    end: int
    text_start: int  # after the number: where the opener starts
    opener: Opener | None
    subparagraphs: list[SubParagraph] = field(default_factory=list)


@dataclass
class Resolution:
    symbol: str | None
    body: str | None  # the adopting body's full name
    title: str | None
    adopted: str | None  # ISO date
    start: int
    end: int
    heading: tuple[int, int] | None = None  # the heading (symbol line) span
    symbol_span: tuple[int, int] | None = None
    title_span: tuple[int, int] | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)

    @property
    def is_fragment(self) -> bool:
        return self.symbol is None


@functools.lru_cache(maxsize=1)
def _body_line() -> re.Pattern:
    """ "The Commission on Narcotic Drugs," and the like (in capitals in old typed copies), or the name
    alone on its line without the comma (older ECOSOC texts), or with its comma after a space (vLex prints
    the comma on the next line, which a one-line copy makes " ,"); `_body_lines` checks what comes before."""
    bodies = [b["name"] for b in headings.adopting_bodies()]
    names = "|".join(re.escape(name) for name in bodies)
    capitals = "|".join(re.escape(name.upper()) for name in bodies)
    return re.compile(
        rf"The (?P<body>{names})(?:[ \t]?,(?=\s|$)|(?=[ \t]*\n))|THE (?P<capitals>{capitals}),(?=\s|$)", re.M
    )


def _body_lines(text: str) -> list[re.Match]:
    """The adopting body's line opening each resolution, at the start of the text or after a space.

    The check is done here rather than by a look-behind opening the pattern, which would make
    the regex engine try every position of the text instead of skipping ahead to "The ".
    """
    return [
        m for m in _body_line().finditer(text)
        if (m.start() == 0 or text[m.start() - 1].isspace())
        and (not m.group("capitals") or headings.opens_line(text, m.start()))  # not "… ADOPTED BY THE GENERAL …"
    ]


_WINDOW = 3000  # how far before its adopting-body line a heading may stand
_NEARBY = 300  # how far before a heading without that line its body may be named


def segment(
    text: str, openers: OpenerMatcher, running_heads: tuple[tuple[str, str, str | None], ...] = ()
) -> list[Resolution]:
    """Split a clean text into resolutions (and fragments of resolutions) with their paragraphs.

    A resolution starts at its heading, or at its adopting-body line ("The General Assembly,")
    when no heading precedes it; a heading with no adopting-body line after it ("Resolution
    58/2. Title" and the paragraphs) starts one too. `running_heads` ((code, number, title) of
    the PDF pages' running heads) name a fragment that starts before any heading.
    """
    found = headings.find(text, 0, len(text))
    starts: list[tuple[Heading | None, re.Match | None]] = []
    previous_end = 0
    for line in _body_lines(text):
        window = [h for h in found if max(previous_end, line.start() - _WINDOW) <= h.start < line.start()]
        strong = [h for h in window if h.kind not in (HeadingKind.UN_SYMBOL, HeadingKind.SYMBOL_FIELD)]
        for h in found:
            if previous_end <= h.start < (window[0].start if window else line.start()) and _orphan(h):
                starts.append((h, None))
        starts.append(((strong or window or [None])[-1], line))
        previous_end = line.end()
    starts += [(h, None) for h in found if h.start >= previous_end and _orphan(h)]
    starts.sort(key=_start_of)
    resolutions: list[Resolution] = []
    first_start = _start_of(starts[0]) if starts else len(text)
    if starts and starts[0][0] is None:  # a headingless resolution: its title is not the fragment's
        title = _title_before(text, 0, first_start, openers)
        first_start = title[0] if title else first_start
    if first_start > 0:
        fragment = _fragment(running_heads, first_start)
        fragment.paragraphs = _paragraphs(text, 0, first_start, openers)
        if fragment.paragraphs:
            resolutions.append(fragment)
    for i, (heading, line) in enumerate(starts):
        region_end = _start_of(starts[i + 1]) if i + 1 < len(starts) else len(text)
        if line:
            previous = _start_of(starts[i - 1]) if i else 0
            resolution = _resolution(text, heading, line, region_end, previous)
            resolution.paragraphs = _paragraphs(text, line.end(), resolution.end, openers)
            if heading is None and not resolution.paragraphs:
                continue  # a body's name alone in site furniture ("The Commission on Narcotic Drugs")
            if heading is None or heading.kind is HeadingKind.SYMBOL_FIELD:
                # a record's symbol field stands among other fields: the title is printed above the body line
                _title_without_heading(text, resolution, heading.end if heading else previous, line.start(), openers)
            elif resolution.title is None:
                # nothing between heading and body line: a site printed the title above the heading
                _title_without_heading(text, resolution, previous, heading.start, openers)
        else:  # a heading alone: its title runs to the first paragraph
            lo = _title_line_end(text, heading, region_end, openers)
            paragraphs = _paragraphs(text, lo, region_end, openers)
            title_end = paragraphs[0].start if paragraphs else _line_end(text, heading.end)
            resolution = _resolution(text, heading, None, region_end, _start_of(starts[i - 1]) if i else 0, title_end)
            # the meeting line ends the resolution: the last paragraph stops before it
            resolution.paragraphs = (
                _paragraphs(text, lo, resolution.end, openers) if resolution.end < region_end else paragraphs
            )
        resolutions.append(resolution)
    return resolutions


def _start_of(start: tuple[Heading | None, re.Match | None]) -> int:
    heading, line = start
    return heading.start if heading else line.start()


def _orphan(heading: Heading) -> bool:
    """A heading that starts a resolution without an adopting-body line (web copies quoting it)."""
    return heading.kind in (
        HeadingKind.ADOPTED_BY,
        HeadingKind.RESOLUTION,
        HeadingKind.NUMBER_LINE,
        HeadingKind.ARCHIVE_CODE,
        HeadingKind.CITATION,
    )


_CAPITALIZED_WORD = re.compile(r"[^\S\n]+(?P<word>[A-Z][a-z]+|1\.[^\S\n]+[A-Z])")


def _title_line_end(text: str, heading: Heading, region_end: int, openers: OpenerMatcher) -> int:
    """Where the line of a heading without its adopting-body line ends: at the line break, or, in
    a text flattened onto one line ("Resolution 53/1. Promoting … prevention Recalling its
    resolution …"), where its first paragraph starts — a preambular opener or "1." and a verb
    after the title's first word."""
    end = min(_line_end(text, heading.end), region_end)
    first_word = re.compile(r"\s*\S+").match(text, heading.end)
    for m in _CAPITALIZED_WORD.finditer(text, first_word.end() if first_word else heading.end, end):
        word = m.start("word")
        if text.startswith("1.", word):
            opener = openers.match(text, word + 2 + len(text[word + 2 :]) - len(text[word + 2 :].lstrip()))
            if opener is not None and opener.finite:
                return word
            continue
        opener = openers.match(text, word)
        if opener is not None and opener.known and not opener.finite:
            return word
    return end


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def _fragment(running_heads, end: int) -> Resolution:
    """The text before the first heading: the tail of a resolution, named by a running head if any."""
    if not running_heads:
        return Resolution(None, None, None, None, 0, end)
    code, number, title = running_heads[0]
    return Resolution(f"{code} {number}", _body_name(code), title, None, 0, end)


def _body_name(code: str | None) -> str | None:
    return next((b["name"] for b in headings.adopting_bodies() if b["code"] == code), None)


def _resolution(
    text: str,
    heading: Heading | None,
    line: re.Match | None,
    region_end: int,
    previous_end: int,
    title_end: int | None = None,
) -> Resolution:
    """The resolution opened by `heading` and/or its adopting-body `line`; without a line, its
    title ends at `title_end` (its first paragraph)."""
    printed = (line.group("body") or line.group("capitals")).upper() if line else None  # capitals in old copies
    adopter = next((b for b in headings.adopting_bodies() if b["name"].upper() == printed), None) if printed else None
    body, code = (adopter["name"], adopter["code"]) if adopter else (None, None)
    start = heading.start if heading else line.start()
    adopted, meeting = headings.meeting_date(text, line.end() if line else start, region_end)
    end = meeting.start() if meeting else region_end
    if heading is None:
        return Resolution(None, body, None, adopted, start, end)
    if heading.adopter:
        code = _code_of(heading.adopter) or code
    title_start, title_end = heading.end, line.start() if line else title_end
    title_start += headings.title_lead(text[title_start:title_end])
    title_start += _number_again(text[title_start:title_end], heading.number)
    if heading.title_span:
        title_start, title_end = heading.title_span
    code = (
        code
        or heading.code
        or _code_nearby(text, previous_end, heading.start, title_end, end)
        or _code_by_number(heading)
    )
    adopted = (
        adopted
        or heading.adopted
        or headings.meeting_date(text, max(previous_end, heading.start - 300), heading.start)[0]
    )
    raw_title = text[title_start:title_end]
    title = headings.clean_title(raw_title)
    lead = len(raw_title) - len(raw_title.lstrip(' \t\n.|"“')) if title else 0
    title_span = (title_start + lead, title_start + len(raw_title.rstrip())) if title else None
    return Resolution(
        symbol=f"{code} {heading.number}" if code else None,
        body=_body_name(code) if code else None,
        title=title,
        adopted=adopted,
        start=start,
        end=end,
        heading=(heading.start, heading.end),
        symbol_span=heading.number_span,
        title_span=title_span,
    )


def _number_again(raw_title: str, number: str) -> int:
    """How many characters of a raw title repeat the heading's number: a UN symbol heading over the
    number line ("E/RES/1974/1848(LVI) | | 1974/1848(LVI). | Periodicity …", a flattened table)."""
    m = re.match(r"[\s|]*" + r"\s?".join(map(re.escape, number.replace(" ", ""))) + r"\.?(?=[\s|])", raw_title)
    return m.end() if m else 0


@functools.lru_cache(maxsize=1)
def _title_rules() -> tuple[int, list[re.Pattern], str]:
    data = package_rules("precursor_kg.data", "title_lines.json")
    return data["reach"], [re.compile(p) for p in data["not_title"]], data["title_end"]


def _title_without_heading(
    text: str, resolution: Resolution, lo: int, body_start: int, openers: OpenerMatcher
) -> None:
    span = _title_before(text, lo, body_start, openers)
    resolution.title = headings.clean_title(text[span[0] : span[1]]) if span else None
    resolution.title_span = span if resolution.title else None


# A full stop at a block's end, perhaps before a footnote marker ("… of this resolution. */")
_PARAGRAPH_END = re.compile(r"\.[\s*/†‡\d]*$")


def _title_before(text: str, lo: int, body_start: int, openers: OpenerMatcher) -> tuple[int, int] | None:
    """The title printed on the lines just before an adopting-body line that has no heading
    (data/title_lines.json): the nearest lines that are not furniture, back to one that starts
    in upper case; a paragraph of the resolution before ("Requests the Secretary-General …") is none."""
    reach, not_title, title_end = _title_rules()
    lo = max(lo, body_start - reach)
    lines = [m for m in re.finditer(r"[^\n]+", text[lo:body_start]) if m.group().strip()]
    picked: list[re.Match] = []
    after_paragraph_end = False  # a line ending as a paragraph does stands between title and body line
    for m in reversed(lines):
        line = m.group()
        if any(p.search(line) for p in not_title):
            if picked:
                break
            after_paragraph_end = after_paragraph_end or line.rstrip().endswith((",", ";", ":"))
            continue
        picked.insert(0, m)
        if line.lstrip()[:1].isupper():
            break
    if not picked or not picked[0].group().lstrip()[:1].isupper():
        return None
    start, end = lo + picked[0].start(), lo + picked[-1].end()
    opener = openers.match(text, start + len(picked[0].group()) - len(picked[0].group().lstrip()))
    # A title may open with a word that also opens paragraphs ("Demand and supply of opiates …"),
    # but it ends without the punctuation that ends a paragraph
    ends_as_paragraph = after_paragraph_end or _PARAGRAPH_END.search(text, start, end) is not None
    if opener is not None and opener.known and ends_as_paragraph:
        return None
    cut = text.find(title_end, start, end)
    return (start, cut if cut >= 0 else end)


def _code_of(name: str | None) -> str | None:
    return next((b["code"] for b in headings.adopting_bodies() if b["name"] == name), None)


def _code_nearby(text: str, lo: int, heading_start: int, title_end: int, end: int) -> str | None:
    """The adopting body of a heading without its line: the one named between it and its first
    paragraph, else just before it (a site's "Economic and Social Council - 25 May 1988 RESOLUTION
    1988/9"), else the one its paragraphs call
    "the Commission", "the Council" or "the Assembly" most often; else unknown."""
    names = headings.body_codes()
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")\b")
    after = [m.group(1) for m in pattern.finditer(text, _line_end(text, heading_start), title_end)]
    if after:
        return names[after[-1]]
    before = [m.group(1) for m in pattern.finditer(text, max(lo, heading_start - _NEARBY), heading_start + 40)]
    if before:
        return names[before[-1]]
    backrefs = {b["backref"]: b["code"] for b in headings.adopting_bodies() if b["code"] != "SC"}
    counts = Counter(
        m.group(1)
        for m in re.finditer(
            r"\b(?:the|this) (Commission|Council|Assembly)\b(?! on\b| for\b| of\b)", text[heading_start:end]
        )
    )
    return backrefs.get(counts.most_common(1)[0][0]) if counts else None


def _code_by_number(heading: Heading) -> str | None:
    """The body a bare "Resolution 60/1." heading names by the form of its number alone, when the
    text names no body (adopting_bodies.json, "numbered")."""
    if heading.kind is not HeadingKind.RESOLUTION:
        return None
    return next(
        (b["code"] for b in headings.adopting_bodies() if b.get("numbered") and re.fullmatch(b["numbered"], heading.number)),
        None,
    )


# --------------------------------------------------------------------------- paragraphs


@dataclass
class _Chunk:
    start: int
    end: int


def _lines(text: str, lo: int, hi: int) -> list[_Chunk]:
    chunks = []
    for m in re.finditer(r"[^\n]+", text[lo:hi]):
        s, e = lo + m.start(), lo + m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            chunks.append(_Chunk(s, e))
    return chunks


def _paragraphs(text: str, lo: int, hi: int, openers: OpenerMatcher) -> list[Paragraph]:
    """Paragraphs of the region [lo, hi): line by line, then split where a line holds several."""
    paragraphs: list[Paragraph] = []
    counters = dict.fromkeys(ParagraphKind, 0)
    expected = {"number": None}

    def add(kind, number, start, text_start, opener):
        counters[kind] += 1
        paragraphs.append(Paragraph(kind, number, counters[kind], start, start, text_start, opener))

    starts = _InlineStarts(text, lo, hi, openers)
    closed = False  # the last paragraph ended a sentence before a blank line and lines that open nothing
    for chunk in _lines(text, lo, hi):
        pieces = _split_inline(text, chunk, starts, paragraphs, expected)
        for kind, start, end, number, text_start, opener, sub_label in pieces:
            if kind == "section":
                continue
            if kind == "continuation":
                if paragraphs and _number_printed_late(text, start, paragraphs[-1], expected["number"]):
                    paragraphs[-1].number = str(expected["number"])
                    expected["number"] += 1
                closed = closed or (bool(paragraphs) and _closed_before(text, paragraphs[-1], start))
                if paragraphs and not closed:
                    paragraphs[-1].end = end
                continue
            closed = False
            if kind == "sub":
                if paragraphs:
                    paragraphs[-1].subparagraphs.append(SubParagraph(sub_label, start, end))
                    paragraphs[-1].end = end
                continue
            add(kind, number, start, text_start, opener)
            paragraphs[-1].end = end
            if kind == ParagraphKind.OPERATIVE and number:
                expected["number"] = int(number) + 1
    return _in_the_preamble([p for p in paragraphs if p.end > p.text_start])


def _in_the_preamble(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """An unnumbered paragraph opening with a finite verb between two preambular ones, before the numbered
    operative part, belongs to the preamble ("Expresses its satisfaction that …," after "Noting …,"):
    the preamble goes on after it, and the operative paragraphs are numbered."""
    if not any(p.kind == ParagraphKind.OPERATIVE and p.number for p in paragraphs):
        return paragraphs
    for before, paragraph, after in zip(paragraphs, paragraphs[1:], paragraphs[2:], strict=False):
        if paragraph.number or (paragraph.kind, before.kind, after.kind) != (
                ParagraphKind.OPERATIVE, ParagraphKind.PREAMBULAR, ParagraphKind.PREAMBULAR):
            continue
        paragraph.kind = ParagraphKind.PREAMBULAR
    counters = dict.fromkeys(ParagraphKind, 0)
    for paragraph in paragraphs:
        counters[paragraph.kind] += 1
        paragraph.position = counters[paragraph.kind]
    return paragraphs


def _number_printed_late(text: str, start: int, paragraph: Paragraph, expected: int | None) -> bool:
    """Whether a line opening with the next operative number belongs to the unnumbered operative paragraph
    before it: a PDF's text layer that prints the number after the paragraph's first line ("Welcomes the
    decision … to contribute a" / "7." / "percentage of …", GA 65/230)."""
    m = _OPERATIVE_LINE.match(text, start)
    return bool(
        m and expected is not None and m.group("num") == str(expected)
        and paragraph.kind is ParagraphKind.OPERATIVE and paragraph.number is None
    )


def _closed_before(text: str, paragraph: Paragraph, start: int) -> bool:
    """Whether a line at `start` that opens no paragraph lies outside `paragraph`: the paragraph ends a
    sentence and a blank line follows it, as site furniture after a web copy's last paragraph does
    ("Argomenti correlati:"); a paragraph broken by a page runs on mid-sentence."""
    return bool(_PARAGRAPH_END.search(text, paragraph.text_start, paragraph.end)) and "\n\n" in re.sub(
        r"[^\S\n]+", "", text[paragraph.end : start])


def _split_inline(text, chunk, starts, paragraphs, expected):
    """Classify a line and cut it where further paragraphs start inside it."""
    s, e = chunk.start, chunk.end
    line = text[s:e]
    if _SECTION_LINE.match(line):
        return [("section", s, e, None, s, None, None)]
    first = _classify_start(text, s, starts.openers, expected)
    # Boundaries inside the line, in order.
    cuts = []
    in_preamble = first[0] in (ParagraphKind.PREAMBULAR, "continuation") and not any(
        p.kind == ParagraphKind.OPERATIVE for p in paragraphs)
    next_number = expected["number"]
    if first[0] == ParagraphKind.OPERATIVE and first[3]:
        next_number = int(first[3]) + 1
    pos = s
    while True:
        boundary = starts.next(pos, e, in_preamble, next_number)
        if boundary is None:
            break
        cuts.append(boundary)
        kind, cut_start, piece_start, number = boundary[:4]
        pos = piece_start + 1
        if kind == "section":
            # The paragraph after an inline section heading has no punctuation before its number.
            after = _section_end(text, boundary[2], e)
            first_after = _classify_start(text, after, starts.openers, expected) if after < e else None
            if first_after and first_after[0] == ParagraphKind.OPERATIVE:
                cuts.append((first_after[0], after, after) + first_after[3:])
                pos = after + 1
                kind, number = ParagraphKind.OPERATIVE, first_after[3]
        if kind == ParagraphKind.OPERATIVE:
            in_preamble = False
            next_number = int(number) + 1 if number else None
    pieces = []
    bounds = [(first[0], s, s, first[3], first[4], first[5], first[6])] + [
        (kind, cut_start, piece_start, number, text_start, opener, label)
        for kind, cut_start, piece_start, number, text_start, opener, label in cuts
    ]
    for i, (kind, _cut_start, piece_start, number, text_start, opener, label) in enumerate(bounds):
        piece_end = bounds[i + 1][1] if i + 1 < len(bounds) else e
        piece_end = _trim_end(text, piece_start, piece_end)
        pieces.append((kind, piece_start, piece_end, number, text_start, opener, label))
    return pieces


def _section_end(text: str, start: int, end: int) -> int:
    m = re.compile(r"\s+\d{1,3}\.\s+[A-Z]").search(text, start, end)
    return m.start() + len(m.group()) - len(m.group().lstrip()) if m else end


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _classify_start(text, s, openers, expected):
    """(kind, _, _, number, text_start, opener, sub_label) for a line starting at s; a number already given,
    before a word no opener list holds ("3. Nations Office", displaced), opens nothing."""
    m = _OPERATIVE_LINE.match(text, s)
    if m:
        opener = openers.match(text, m.end())
        given = expected["number"] is not None and int(m.group("num")) < expected["number"]
        if opener and opener.finite and (opener.known or not given):
            return (ParagraphKind.OPERATIVE, s, s, m.group("num"), m.end(), opener, None)
    m = _SUB_LINE.match(text, s)
    if m:
        return ("sub", s, s, None, m.end(), None, m.group("label"))
    opener = openers.match(text, s)
    line_end = text.find("\n", s)
    line = text[s : line_end if line_end >= 0 else len(text)].rstrip()
    if (opener and not opener.finite and not opener.bare and (opener.known or _guessed_opener_stands(text, s, line))
            and not _title_runs_on(text, s, opener.end)):
        return (ParagraphKind.PREAMBULAR, s, s, None, s, opener, None)
    if opener and opener.finite and opener.known:
        return (ParagraphKind.OPERATIVE, s, s, None, s, opener, None)
    cut_off = openers.cut_off(text, s)
    if cut_off is not None:
        return (ParagraphKind.PREAMBULAR, s, s, None, s, cut_off, None)
    return ("continuation", s, s, None, s, None, None)


def _title_runs_on(text: str, s: int, opener_end: int) -> bool:
    """Whether a line opening with a participle goes on a title that the line before began after a semicolon
    ("… the United Nations Convention against Cybercrime;" / "Strengthening International Cooperation for
    Combating Certain Crimes …"): the line before ends in ";" with no blank line between, and capitalized words
    (with a title's connectors) follow the participle."""
    before = text[max(0, s - 200) : s]
    if not re.search(r";[^\S\n]*\n[^\S\n]*$", before):
        return False
    run, connectors = _title_in_paragraph_rules()
    words = text[opener_end : opener_end + 100].split()[: run + 2]
    capitalized = [w for w in words if w[:1].isupper()]
    return len(capitalized) >= run and all(w[:1].isupper() or w in connectors for w in words)


@functools.lru_cache(maxsize=1)
def _title_in_paragraph_rules() -> tuple[int, frozenset[str]]:
    rules = package_rules("precursor_kg.data", "title_lines.json")["title_inside_a_paragraph"]
    return rules["capitalized_words"], frozenset(rules["connectors"])


def _guessed_opener_stands(text: str, s: int, line: str) -> bool:
    """Whether a line opening with a word guessed to be an opener ("Deploring") starts a preambular paragraph:
    it ends like one, and the text before it ended one too (a PDF's wrapped line "Trafficking in Persons,
    Especially Women and Children," inside a paragraph does not)."""
    before = text[max(0, s - 200) : s].rstrip()
    return line.endswith((",", ";", ":")) and (not before or before.endswith((",", ";", ":", ".")))


class _InlineStarts:
    """The candidate paragraph starts inside the lines of a region, each pattern scanned once.

    A line holding a whole resolution is cut many times: searching it again after every cut
    would cost time in proportion to the square of its length. The candidates of every kind
    are kept in one list, in the order of their cut, and each search goes forward from the
    last cut to the first candidate that holds, so a line is read through once.
    """

    # In this order when two kinds cut at the same place
    _KINDS = (
        ("section", _INLINE_SECTION),
        (ParagraphKind.OPERATIVE, _INLINE_OPERATIVE),
        (ParagraphKind.PREAMBULAR, _INLINE_PREAMBULAR),
        ("sub", _INLINE_SUB),
    )

    def __init__(self, text: str, lo: int, hi: int, openers: OpenerMatcher):
        self.text = text
        self.openers = openers
        # The cut is where the whitespace before a candidate starts, after its punctuation.
        found = [
            (m.start() + 1, rank, kind, m)
            for rank, (kind, pattern) in enumerate(self._KINDS)
            for m in pattern.finditer(text, lo, hi)
        ]
        found.sort(key=lambda c: c[:2])
        self._found = found
        self._cuts = [c[0] for c in found]
        self._openers: dict[int, Opener | None] = {}

    def opener(self, pos: int) -> Opener | None:
        if pos not in self._openers:
            self._openers[pos] = self.openers.match(self.text, pos)
        return self._openers[pos]

    def next(self, pos: int, end: int, in_preamble: bool, next_number: int | None):
        """The first place in [pos, end) where a paragraph, sub-paragraph or section heading starts,
        as (kind, cut, piece start, number, text start, opener, sub-paragraph label)."""
        # the next number, or any where none came before: a page of a long resolution starts at its "98."
        wanted = str(next_number) if next_number is not None else None
        for k in range(bisect_left(self._cuts, pos), len(self._found)):
            cut, _, kind, m = self._found[k]
            if m.end() > end:
                return None
            if kind == "section":
                return ("section", cut, m.start("roman"), None, m.start("roman"), None, None)
            if kind == "sub":
                return ("sub", cut, m.start("label") - 1, None, m.end(), None, m.group("label"))
            if kind == ParagraphKind.OPERATIVE and m.group("num") == (wanted or m.group("num")):
                opener = self.opener(m.end())
                if opener and opener.finite:
                    return (ParagraphKind.OPERATIVE, cut, m.start("num"), m.group("num"), m.end(), opener, None)
            if kind == ParagraphKind.PREAMBULAR and in_preamble:
                # a stored page that stops in the next paragraph's first word (", Recogn"): cut_off reads it
                opener = self.opener(m.end()) or self.openers.cut_off(self.text, m.end())
                if opener and not opener.finite and opener.known:
                    return (ParagraphKind.PREAMBULAR, cut, m.end(), None, m.end(), opener, None)
                if opener and opener.finite and opener.known and next_number in (None, 1):
                    # the preamble ends in an unnumbered operative paragraph ("…, Requests the Secretary-General")
                    return (ParagraphKind.OPERATIVE, cut, m.end(), None, m.end(), opener, None)
            if kind == ParagraphKind.PREAMBULAR and self._runs_on_unnumbered(m, in_preamble, next_number):
                return (ParagraphKind.OPERATIVE, cut, m.end(), None, m.end(), self.opener(m.end()), None)
            if kind == ParagraphKind.PREAMBULAR and self._number_displaced(m, in_preamble, wanted):
                return (ParagraphKind.OPERATIVE, cut, m.end(), wanted, m.end(), self.opener(m.end()), None)
        return None

    def _number_displaced(self, m: re.Match, in_preamble: bool, wanted: str | None) -> bool:
        """Whether the next operative paragraph starts after a semicolon, its number printed a few words on where
        the PDF's margin stood when the copy was flattened ("…; Commends the Centre … of the United 3. Nations
        Office …", "…; Welcomes the organization … in cooperation with 4. the Centre …", GA 58/135)."""
        if in_preamble or wanted is None or not self._verb_after_semicolon(m):
            return False
        first_words = self.text[m.end() : m.end() + _DISPLACED_NUMBER_REACH].split(";")[0]
        return re.search(rf"\s{wanted}\.\s", first_words) is not None

    def _runs_on_unnumbered(self, m: re.Match, in_preamble: bool, next_number: int | None) -> bool:
        """Whether an unnumbered operative paragraph starts after a semicolon: early resolutions printed their
        operative paragraphs without numbers, and copies run them on in one line ("…; Urges all States …")."""
        return not in_preamble and next_number is None and self._verb_after_semicolon(m)

    def _verb_after_semicolon(self, m: re.Match) -> bool:
        """Whether a semicolon is followed by an operative paragraph's known opening verb."""
        opener = self.opener(m.end()) if self.text[m.start()] == ";" else None
        return bool(opener and opener.finite and opener.known)
