"""Resolution headings in the styles used since 1946, and the symbols they print.

A heading names a resolution by its number, in one of these forms (each a `HeadingKind`):

- `Resolution adopted by the General Assembly on 17 December 2024 [...] 79/190. Title`
- `Resolution 58/2. Title`, `RESOLUTION 1988/9`, `CND Res 51/12 "Title"`, `Economic and Social Council Resolution
  1981/7: Title`, and after a blank line the citation's own words on a line of their own (`Economic and Social
  Council resolution 1981/7 of 6 May 1981` / `Title`)
- a number opening a line: `1955/588(XX)B.Title`, `1474(XLVIII). | Title |`, `45/179.`
- a UN document symbol alone: `A/RES/45/121`, `Distr. E/RES/1981/7`, `E/RES/2003/41 Title`, `E/RES/1981/7. Title`
- Official Records' "32. RESOLUTIONS ADOPTED ON THE REPORTS OF THE THIRD COMMITTEE" and "126. Title" (GA 32/126),
  "III. RESOLUTIONS ADOPTED …" and "211. Title" with the part "A. PROTOCOL …" on the next line (GA 211(III)A)
- a law library's citation line: `Title, G.A. res. 48/103, 48 U.N. GAOR Supp. (No. 49) at 215, …`
- a web archive's code of the symbol as the page's heading: `Resolution A36r168` (A/RES/36/168); a
  record field `Member Name E85r015` is not a heading (the text prints no number)

The number is kept as printed with its spaces removed (FORMAT.md): `1955/588(XX)B`, `548H(XVIII)`.
Which body adopted it comes from the adopting-body line that follows, or from the symbol.
"""

from __future__ import annotations

import enum
import functools
import re
from dataclasses import dataclass
from datetime import datetime

from .nlp.component import package_rules

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DATE = rf"\d{{1,2}}\s+(?:{MONTHS})\s+\d{{4}}"
_ROMAN = r"\((?:S-)?[IVXLC]{1,8}\)"
# The number of a resolution: 79/190, S-20/2, 1955/588(XX)B, 1474(XLVIII), 548 (XVIII) H, 548 H(XVIII), 56/24 V,
# and the CND's early lettered style, a section letter and a roman number before the session: B I (X)
NUMBER = (
    rf"(?:S-\d{{1,2}}/\d{{1,4}}"
    rf"|[A-Z][ ]?[IVX]{{1,4}}[ ]?{_ROMAN}"
    rf"|\d{{4}}/\d{{1,4}}(?:[ ]?{_ROMAN}(?:[ ]?[A-Z]{{1,2}}(?![a-z]))?)?"
    rf"|\d{{1,4}}(?:[ ]?[A-Z]{{1,2}})?[ ]?{_ROMAN}(?:[ ]?[A-Z]{{1,2}}(?![a-z]))?"
    rf"|\d{{1,4}}/\d{{1,4}}(?:[ ][A-Z]{{1,4}}(?=[\s.]))?)"
)
_UN_PREFIX = {"A": "GA", "E": "ECOSOC", "S": "SC"}
# the law-review style of citing a resolution, and a document site's ("…, ECOSOC Res. 2000/14, U.N. Doc. …")
_CITED_AS = {"G.A.": "GA", "E.S.C.": "ECOSOC", "S.C.": "SC", "ECOSOC": "ECOSOC", "GA": "GA"}


class HeadingKind(enum.Enum):
    ADOPTED_BY = "adopted by"  # "Resolution adopted by the General Assembly on … 79/190."
    RESOLUTION = "resolution"  # "Resolution 58/2.", "RESOLUTION 1988/9"
    ARCHIVE_CODE = "archive code"  # "Resolution A36r168" (a web archive's file code)
    NUMBER_LINE = "number line"  # "1955/588(XX)B.Title"
    UN_SYMBOL = "UN symbol"  # "A/RES/45/121"
    SYMBOL_FIELD = "symbol field"  # "Citation / Document Symbol A/RES/40/121" (a site's record of the document)
    CITATION = "citation line"  # "Title, G.A. res. 48/103, 48 U.N. GAOR Supp. (No. 49) at 215, …" (a library's copy)


# Each pattern begins with a word or a digit (the regex engine skips ahead to its first
# character); "at the start of a line" is checked by `opens_line` rather than by "^".
_PATTERNS = (
    (
        HeadingKind.ADOPTED_BY,
        re.compile(
            rf"Resolution\s+adopted\s+by\s+the\s+(?P<adopter>[A-Z][A-Za-z ]+?)(?:\s+on\s+(?P<date>{DATE}))?"
            rf"\s*(?:\[[^\]]*\])?\s*(?P<number>{NUMBER})\.?(?=\s|$)"
        ),
    ),
    (
        HeadingKind.RESOLUTION,
        # "Resolution 58/2.", "CND Res 51/12"; UNODC's pages glue number and title: "CND Res.6(XXVIII).1971 Convention …"
        re.compile(
            rf"(?:(?:Resolution|RESOLUTION|Res\.?)[ \t]+|Res\.)(?P<number>{NUMBER})(?:\.(?=[A-Z\d])|[.:]?(?=[\s\"“|]|$))"
        ),
    ),
    (
        HeadingKind.ARCHIVE_CODE,
        re.compile(  # "Resolution A36r168": an archive's code of A/RES/36/168, given as the page's heading
            r"Resolution[ \t]+(?P<un>A|E)(?P<session>\d{2})r(?P<number>\d{3})"
        ),
    ),
    (
        HeadingKind.NUMBER_LINE,
        re.compile(  # at a line's start, or after a space with the title glued on ("….1971 Convention on …")
            rf"(?P<number>{NUMBER})\.(?=[\s|]|[A-Z]|(?:19|20)\d\d[ \t][A-Z])"
        ),
    ),
    (
        HeadingKind.NUMBER_LINE,
        # ECOSOC's year/number alone on its line, the title on the lines below ("2004/28" / "United Nations
        # standards and norms …"), as the Council's compilations print them; a page number "2/17" is not one
        re.compile(r"(?P<number>(?:19|20)\d\d/\d{1,3})(?=[ \t]*\r?\n)"),
    ),
    (HeadingKind.UN_SYMBOL, re.compile(rf"(?:Distr\.[ \t]+)?(?P<un>A|E|S)/RES/(?P<number>{NUMBER})(?=[\s|]|[A-Z]|$|\.[ \t])")),
)
_REPEAT_WINDOW = 200  # how close after a heading an archive code repeating its number stands
_MEETING_LINE = r"\d{1,4}(?:st|nd|rd|th)\s+[Pp]lenary\s+[Mm]eeting"  # "1416th plenary meeting"
_MEETING = re.compile(rf"{_MEETING_LINE},?\s+(?P<date>{DATE})")
_LEADING_DATE = re.compile(rf"^\s*(?:{DATE})(?=\s)")
# What may stand between a heading and its title: dates, meeting lines without their date
# ("49th plenary meeting", "Meeting no. 101"), a web archive's record code ("Member Name E88r009").
_TITLE_LEAD = re.compile(
    rf"(?:[\s.|]*(?:{DATE}|\d{{1,4}}(?:st|nd|rd|th)\s+[Pp]lenary\s+[Mm]eeting|Meeting\s+no\.\s*\d{{1,4}}"
    rf"|Member\s+Name\s+[A-Z]\d{{2}}r\d{{3}})(?=\s))+"
)
_TITLE_JUNK = re.compile(r"(?:\s*\|\s*)+|\*+/?|(?<=\w)/(?=\s|$)|^(?:[\s\"“]|[-–—:](?=\s))+|[\s\"”]+$")


@dataclass(frozen=True)
class Heading:
    kind: HeadingKind
    number: str  # as printed, spaces removed
    code: str | None  # GA, ECOSOC, CND, SC where the heading itself says so
    adopter: str | None  # "General Assembly" in "Resolution adopted by the General Assembly"
    adopted: str | None  # ISO date from "Resolution adopted by … on <date>"
    start: int
    end: int  # where the title may start
    number_span: tuple[int, int]
    title_span: tuple[int, int] | None = None  # where the heading bounds its title: a citation line's title before
    # the number, an Official Records title line above a part's letter


def find(text: str, lo: int, hi: int) -> list[Heading]:
    """Every heading in text[lo:hi], in order; where two overlap, the stronger kind."""
    found: list[Heading] = (
        _records_headings(text, lo, hi) + _citation_headings(text, lo, hi) + _bare_numbers(text, lo, hi)
        + _named_resolutions(text, lo, hi)
    )
    for kind, pattern in _PATTERNS:
        if kind is HeadingKind.UN_SYMBOL and "/RES/" not in text:
            continue
        for m in pattern.finditer(text, lo, hi):
            if kind is HeadingKind.NUMBER_LINE and not _number_line(text, m):
                continue
            printed = _code_before(text, m.start()) if kind is HeadingKind.RESOLUTION else None
            code, start = printed or (None, m.start())
            field = kind is HeadingKind.UN_SYMBOL and _after_symbol_label(text, start)
            if kind in (HeadingKind.RESOLUTION, HeadingKind.ARCHIVE_CODE, HeadingKind.UN_SYMBOL) and not (
                opens_line(text, start) or field
            ):
                continue
            if any(h.start <= m.start() < h.end or m.start() <= h.start < m.end() for h in found):
                continue
            found.append(_heading(HeadingKind.SYMBOL_FIELD if field else kind, m, code))
    return _without_repeats(sorted(found, key=lambda h: h.start))


# The General Assembly's Official Records print a section line with the session, then each
# resolution's number alone: "32. RESOLUTIONS ADOPTED ON THE REPORTS OF THE THIRD COMMITTEE" / "126. Title";
# before the thirty-first session the session is in roman numerals ("III. RESOLUTIONS ADOPTED …" / "211. Title"),
# and a resolution in parts prints each part's letter on the line after the title ("A. PROTOCOL BRINGING …")
_RECORDS_SECTION = re.compile(
    r"^(?P<session>\d{1,2}|[IVXL]{1,7})\.[ \t]+RESOLUTIONS[ \t]+ADOPTED\b[^\n]*\n\s*(?P<number>\d{1,4})\.(?=[ \t]+[A-Z])"
    r"(?:[^\n]*\n[ \t]*(?P<part>[A-H])\.[ \t]+[A-Z]{2,}\b)?",
    re.M,
)


def _records_headings(text: str, lo: int, hi: int) -> list[Heading]:
    """ "126." after the Official Records' section line of session 32: GA 32/126; "211." after that of
    session III, with its part "A.": GA 211(III)A."""
    found = []
    for m in _RECORDS_SECTION.finditer(text, lo, hi):
        session, part = m.group("session"), m.group("part") or ""
        if session.isdigit():
            number = f"{session}/{m.group('number')}"
        else:
            number = f"{m.group('number')}({session}){part}"
        end = m.end("number") + 1
        title = (end, text.index("\n", end)) if part else None
        found.append(
            Heading(HeadingKind.NUMBER_LINE, number, "GA", None, None, m.start("number"), end, m.span("number"), title)
        )
    return found


@functools.lru_cache(maxsize=1)
def _bare_number() -> re.Pattern:
    """A General Assembly number of the sessions before 1976 printed without its session ("2433. International
    control of psychotropic substances", a law library's copy), opening its line, its title on the line and an
    adopting body's line next; a year ("2030. Recognizing" in wrapped text) is not one. The title may open with a
    year ("3443. 1971 Convention on Psychotropic Substances")."""
    names = "|".join(r"[ \t]+".join(map(re.escape, b["name"].split())) for b in adopting_bodies())
    return re.compile(
        rf"^[ \t]*(?P<number>(?!19[4-9]\d|20[0-3]\d)\d{{4}})\.(?=[ \t]+[A-Z0-9][^\n]*\n\s*(?i:The[ \t]+(?:{names}))\b)",
        re.M,
    )


def _bare_numbers(text: str, lo: int, hi: int) -> list[Heading]:
    return [
        Heading(HeadingKind.NUMBER_LINE, m.group("number"), None, None, None, m.start("number"), m.end(), m.span("number"))
        for m in _bare_number().finditer(text, lo, hi)
    ]


@functools.lru_cache(maxsize=1)
def _named_resolution() -> re.Pattern:
    """A line that names the resolution as a citation would, in lower case ("Economic and Social Council resolution
    1997/30", perhaps "of 21 July 1997", then the line's end or ":"/"." and the title): a site's heading; in running
    text the same words go on after the number."""
    names = "|".join(r"[ \t]+".join(map(re.escape, b["name"].split())) for b in adopting_bodies())
    return re.compile(
        rf"^[ \t]*(?P<body>{names})[ \t]+resolution[ \t]+(?P<number>{NUMBER})(?:[ \t]+of[ \t]+(?P<date>{DATE}))?"
        rf"[ \t]*(?:[.:](?=[ \t]+\S)|(?=[ \t]*\n))",
        re.M,
    )


def _named_resolutions(text: str, lo: int, hi: int) -> list[Heading]:
    """Lines naming the resolution, each after a blank line or at the text's start (a wrapped paragraph's line
    may open with the same words)."""
    found = []
    codes = body_codes()
    for m in _named_resolution().finditer(text, lo, hi):
        before = text[max(0, m.start() - 200) : m.start()]
        if before.strip() and not re.search(r"\n[ \t]*\n[ \t]*$", before):
            continue
        code = codes[" ".join(m.group("body").split())]
        date = iso_date(m.group("date")) if m.group("date") else None
        found.append(
            Heading(HeadingKind.RESOLUTION, compact(m.group("number")), code, None, date, m.start("body"), m.end(),
                    m.span("number"))
        )
    return found


# A law library's citation line, found from its ", G.A. res. 48/103," (a pattern opening with the
# title would be tried at every position); the title runs from the line's start to the comma
_CITATION = re.compile(rf",[ \t]+(?P<cite>G\.A\.|E\.S\.C\.|S\.C\.|ECOSOC|GA)[ \t]+[Rr]es\.[ \t]+(?P<number>{NUMBER}),[^\n]*")
# a title printed over lines goes on where the next line opens in lower case ("… restorative justice" /
# "programmes in criminal matters, ECOSOC Res. 2000/14,"), a blank line between as a document site prints it
_TITLE_LINE_BEFORE = re.compile(r"\n([^\n]*\S)[ \t]*\n(?:[ \t]*\n)?[ \t]*$")


def _citation_headings(text: str, lo: int, hi: int) -> list[Heading]:
    found = []
    for m in _CITATION.finditer(text, lo, hi):
        line_start = max(lo, text.rfind("\n", 0, m.start()) + 1)
        while text[line_start : line_start + 1].islower() and (
            before := _TITLE_LINE_BEFORE.search(text, max(lo, line_start - 600), line_start)
        ):
            line_start = before.start(1)
        if 5 <= m.start() - line_start <= 600:
            found.append(
                Heading(
                    HeadingKind.CITATION,
                    compact(m.group("number")),
                    _CITED_AS[m.group("cite")],
                    None,
                    None,
                    line_start,
                    m.end(),
                    m.span("number"),
                    (line_start, m.start()),
                )
            )
    return found


def _without_repeats(found: list[Heading]) -> list[Heading]:
    """An archive code that repeats the number of the heading just before it ("RESOLUTION 1991/45"
    and "Resolution E91r045" on the next line) names the same resolution."""
    kept: list[Heading] = []
    for h in found:
        repeat = kept and h.number == kept[-1].number and h.start - kept[-1].end < _REPEAT_WINDOW
        if not (h.kind is HeadingKind.ARCHIVE_CODE and repeat):
            kept.append(h)
    return kept


@functools.lru_cache(maxsize=1)
def adopting_bodies() -> list[dict]:
    """The bodies that adopt resolutions, their opening line and symbol code (data/adopting_bodies.json)."""
    return package_rules("precursor_kg.data", "adopting_bodies.json")["bodies"]


@functools.lru_cache(maxsize=1)
def body_codes() -> dict[str, str]:
    """Each adopting body's name and code, longest first, to the code of its symbols ("Economic and Social
    Council" and "ECOSOC" -> "ECOSOC")."""
    codes = {b["name"]: b["code"] for b in adopting_bodies()} | {b["code"]: b["code"] for b in adopting_bodies()}
    return dict(sorted(codes.items(), key=lambda item: len(item[0]), reverse=True))


@functools.lru_cache(maxsize=1)
def _codes_before() -> re.Pattern:
    names = "|".join(map(re.escape, body_codes()))
    return re.compile(rf"(?:^|[ \t])({names})[ \t]+$")


def _code_before(text: str, pos: int) -> tuple[str, int] | None:
    """ "CND Res 51/12", "Economic and Social Council Resolution 1997/35": the body printed before the
    keyword on its line, as its code and where it starts, if any."""
    lo = max(0, text.rfind("\n", 0, pos) + 1, pos - 40)
    m = _codes_before().search(text[lo:pos])
    return (body_codes()[m.group(1)], lo + m.start(1)) if m else None


def opens_line(text: str, pos: int) -> bool:
    """Only spaces or tabs before `pos` on its line."""
    return not text[text.rfind("\n", 0, pos) + 1 : pos].strip(" \t")


# The label of a site's record field that holds the document's symbol ("Citation / Document Symbol",
# "Resolution Number", "Symbol:"), at the end of the text before the symbol on its line
_SYMBOL_LABEL = re.compile(r"(?:\b(?:Document[ \t]+)?Symbol|\bResolution[ \t]+Number)[ \t]*:?[ \t]*$")


def _after_symbol_label(text: str, pos: int) -> bool:
    return _SYMBOL_LABEL.search(text[text.rfind("\n", 0, pos) + 1 : pos]) is not None


_YEAR_TITLE = re.compile(r"(?:19|20)\d\d[ \t][A-Z][a-z]")  # a glued title that opens with a year ("1971 Convention …")


def _number_line(text: str, m: re.Match) -> bool:
    """A number that opens its line, or follows a space with its title glued on ("1973/1777(LIV).Co-…").
    (Checked here: a pattern starting with these look-behinds would be tried at every position.)"""
    if opens_line(text, m.start()):
        return True
    after = text[m.end() : m.end() + 2]
    glued = len(after) == 2 and after[0].isupper() and after[1].islower() or _YEAR_TITLE.match(text, m.end())
    return text[m.start() - 1].isspace() and bool(glued)


def _heading(kind: HeadingKind, m: re.Match, code: str | None = None) -> Heading:
    groups = m.groupdict()
    code = _UN_PREFIX.get(groups.get("un") or "") or code
    adopter = " ".join(groups["adopter"].split()) if groups.get("adopter") else None
    if kind is HeadingKind.ARCHIVE_CODE:
        session, number = groups["session"], str(int(groups["number"]))
        printed = f"{session}/{number}" if groups["un"] == "A" else f"19{session}/{number}"
        return Heading(kind, printed, code, None, None, m.start(), m.end(), m.span("number"))
    return Heading(
        kind,
        compact(m.group("number")),
        code,
        adopter,
        iso_date(groups["date"]) if groups.get("date") else None,
        m.start(),
        m.end(),
        m.span("number"),
    )


def compact(number: str) -> str:
    """The number as FORMAT.md writes it: spaces removed where the number has a roman session."""
    return re.sub(r"\s+", "", number) if "(" in number else number


def title_lead(raw: str) -> int:
    """How many characters of furniture (dates, meeting lines, record codes) open a raw title."""
    m = _TITLE_LEAD.match(raw)
    return m.end() if m else 0


def clean_title(raw: str) -> str | None:
    """A title as printed: table pipes, footnote marks ("*/"), quotes and meeting lines dropped."""
    raw = _LEADING_DATE.sub(" ", _MEETING.sub(" ", raw))
    title = " ".join(_TITLE_JUNK.sub(" ", raw).split()).strip(" .")
    return _SPACE_BEFORE_PUNCTUATION.sub("", title) or None


# A PDF text layer's space before a colon or comma ("Programme : strengthening"), never printed
_SPACE_BEFORE_PUNCTUATION = re.compile(r"(?<=\w) (?=[:;,](?:\s|$))")


def meeting_date(text: str, lo: int, hi: int) -> tuple[str | None, re.Match | None]:
    """The date of the first meeting line between lo and hi, and the line; a meeting line whose
    date a cleaner took away ("1416th plenary meeting," alone on its line or after the last full stop of a
    resolution on one line) ends a resolution too."""
    m = _MEETING.search(text, lo, hi)
    if m:
        return iso_date(m.group("date")), m
    return None, _BARE_MEETING.search(text, lo, hi)


# alone on its line, or, where a copy put the resolution on one line, just after its last full stop
_BARE_MEETING = re.compile(rf"(?m)^[ \t]*{_MEETING_LINE}[,.]?[ \t]*$|(?<=\.)\s+{_MEETING_LINE}[,.]?(?=\s|$)")


def symbol_of_running_head(symbol: str) -> tuple[str, str] | None:
    """("GA", "79/190") for a running head's "A/RES/79/190"."""
    m = re.fullmatch(rf"(?P<un>A|E|S)/RES/(?P<number>{NUMBER})", symbol)
    return (_UN_PREFIX[m.group("un")], compact(m.group("number"))) if m else None


def iso_date(date: str) -> str | None:
    try:
        return datetime.strptime(" ".join(date.split()), "%d %B %Y").date().isoformat()
    except ValueError:
        return None
