"""Text whose line breaks were lost: a resolution a site stored on one line.

Such a line keeps everything the page held, in reading order: the cover block, the heading,
running heads (symbol, title, job and page numbers) between two halves of a sentence, and
footnote blocks under a rule. The line-based rules of the reader and the heading finder see
none of it. This module finds, in each long line, the running heads and footnote blocks (to
cut) and the places where a line of the printed text began (data/flattened.json), and gives
them as a `pdftext.PdfLayout`: each line break a same-length replacement of a space, so that
every offset still points into the source.
"""

from __future__ import annotations

import functools
import re

from .nlp.component import package_rules
from .pdftext import Line, PageNote, PdfLayout, RunningHead, lines_of

_HEAD_REACH = 400  # characters from a running head's symbol to its job number


@functools.lru_cache(maxsize=1)
def _rules() -> dict:
    rules = package_rules("precursor_kg.data", "flattened.json")
    return {
        "min": rules["min_line_length"],
        "starts": [re.compile(p) for p in rules["line_starts"]],
        "ends": [re.compile(p) for p in rules["line_ends"]],
        "not_after": set(rules["not_after"]),
        "title_words": set(rules["title_words"]),
        **{name: re.compile(pattern) for name, pattern in rules["tokens"].items()},
    }


def find(text: str) -> PdfLayout | None:
    """The layout of the flattened lines of `text`, or None when no line is long enough."""
    rules = _rules()
    long_lines = [line for line in lines_of(text) if len(line.text) > rules["min"]]
    if not long_lines:
        return None
    cuts: list[tuple[int, int]] = []
    heads: list[RunningHead] = []
    notes: list[PageNote] = []
    breaks: list[tuple[int, int, str]] = []
    for line in long_lines:
        head_cuts, line_heads = _running_heads(text, line)
        if not head_cuts:
            head_cuts, line_heads = _page_top_head(text, line)
        note_cuts, line_notes = _footnote_blocks(text, line, head_cuts)
        loose_cuts, loose_notes = _superscript_notes(text, line, head_cuts + note_cuts)
        cut = head_cuts + note_cuts + loose_cuts
        line_notes += loose_notes
        breaks += [b for b in _line_breaks(text, line, rules) if not any(s <= b[0] < e for s, e in cut)]
        cuts += cut
        heads += line_heads
        notes += line_notes
    return PdfLayout(cuts, breaks, heads, notes)


def _running_heads(text: str, line: Line) -> tuple[list[tuple[int, int]], list[RunningHead]]:
    """The running heads of a flattened PDF page sequence: "A/RES/79/186 <title> 24-24146 2/5" on
    an even page, "<title> A/RES/79/186 3/5 24-24146" on an odd one."""
    rules = _rules()
    segment = text[line.start : line.end]
    symbols = [(line.start + m.start(), line.start + m.end(), m.group("symbol")) for m in rules["symbol"].finditer(segment)]
    jobs = [(line.start + m.start(), line.start + m.end()) for m in rules["job"].finditer(segment)]
    pages = [
        (line.start + m.start(), line.start + m.end())
        for m in rules["page"].finditer(segment)
        if 1 <= int(m.group("page")) <= int(m.group("pages")) and int(m.group("pages")) >= 2
    ]
    titles = {" ".join(m.group("title").split()) for m in rules["heading_title"].finditer(segment)}
    found: list[tuple[int, int, str | None, str | None]] = []
    for page_start, page_end in pages:
        job_before = next((j for j in jobs if text[j[1] : page_start].strip() == "" and j[1] <= page_start), None)
        job_after = next((j for j in jobs if text[page_end : j[0]].strip() == "" and j[0] >= page_end), None)
        if job_before:  # even page: symbol, title, job, page
            symbol = next((s for s in reversed(symbols) if job_before[0] - _HEAD_REACH <= s[1] <= job_before[0]), None)
            if symbol is None:
                found.append((job_before[0], page_end, None, None))
                continue
            title = " ".join(text[symbol[1] : job_before[0]].split()) or None
            if title:
                titles.add(title)
            found.append((symbol[0], page_end, symbol[2], title))
        elif job_after:  # odd page: title, symbol, page, job
            symbol = next((s for s in symbols if text[s[1] : page_start].strip() == "" and s[1] <= page_start), None)
            start = symbol[0] if symbol else page_start
            found.append((start, job_after[1], symbol[2] if symbol else None, None))
    cuts, heads = [], []
    for start, end, symbol, title in found:
        if title is None and symbol is not None:
            start, title = _title_before(text, start, titles, line.start)
        while end < line.end and text[end] == " ":
            end += 1
        cuts.append((start, end))
        if symbol:
            heads.append(RunningHead(symbol, title, start, end))
    return cuts, heads


def _page_top_head(text: str, line: Line) -> tuple[list[tuple[int, int]], list[RunningHead]]:
    """A page copied from its top and flattened, its page number cut off with its foot: the symbol that
    opens the text, with the title after it ("A/RES/70/182 International cooperation … United Nations
    Office …") or before it ("The situation in Afghanistan A/RES/68/11 development in …"), is its running head."""
    if text[: line.start].strip():
        return [], []
    rules = _rules()
    m = rules["symbol"].search(text, line.start, line.start + _OPENING_TITLE)
    if m is None:
        return [], []
    title_start, title = _title_before(text, m.start(), set(), line.start)
    if title_start != line.start:
        return [], []  # words before the symbol that are no title: not a page's top
    end = m.end() + (text[m.end() : m.end() + 1] == " ")
    if title is None:
        title_end = _top_title_end(text, end, rules["title_words"])
        title = " ".join(text[end:title_end].split()) or None
        end = title_end
    return [(line.start, end)], [RunningHead(m.group("symbol"), title, line.start, end)]


def _top_title_end(text: str, start: int, title_words: set[str]) -> int:
    """Where the title after a page's top symbol ends ("International cooperation against the world drug
    problem | United Nations Office …"): before the first capitalized word or number that follows a
    lower-case word other than one a title runs on after. `start` where no such title opens the page."""
    words = list(re.finditer(r"\S+", text[start : start + 400]))
    if not words or not words[0].group()[:1].isupper():
        return start
    for before, word in zip(words, words[1:], strict=False):
        if re.search(r"[.;:]$", before.group()):
            return start
        previous, following = before.group(), word.group()
        numbered = re.fullmatch(r"\d{1,3}\.", following)  # "The situation in Afghanistan 91. Also stresses"
        if numbered or previous.islower() and previous not in title_words and (
            following[0].isupper() or following[0].isdigit()
        ):
            return start + before.end() + (text[start + before.end() : start + before.end() + 1] == " ")
    return start


def _title_before(text: str, symbol_start: int, titles: set[str], line_start: int) -> tuple[int, str | None]:
    """Where a known title printed just before a running head's symbol starts; on the text's
    first page, whatever opens the line before the symbol when it reads as a title (a page cut
    from a PDF starts with its running head: "Development cooperation with … A/RES/78/162 3/10")."""
    before = text[max(0, symbol_start - 500) : symbol_start]
    flat = " ".join(before.split())
    for title in sorted(titles, key=len, reverse=True):
        if flat.endswith(title):
            words = title.split()
            pattern = r"\s+".join(map(re.escape, words)) + r"\s*$"
            match = re.search(pattern, before)
            if match:
                return symbol_start - len(before) + match.start(), title
    opening = " ".join(text[line_start:symbol_start].split())
    if 10 <= len(opening) <= _OPENING_TITLE and opening[0].isupper() and not re.search(r"[.;:,]", opening):
        return line_start + len(text[line_start:symbol_start]) - len(text[line_start:symbol_start].lstrip()), opening
    return symbol_start, None


_OPENING_TITLE = 300  # the longest title a page's running head prints before its symbol


def _footnote_blocks(
    text: str, line: Line, head_cuts: list[tuple[int, int]]
) -> tuple[list[tuple[int, int]], list[PageNote]]:
    """Each footnote block: a rule of underscores and the notes after it, up to the next running
    head (or the line's end)."""
    cuts, notes = [], []
    for rule in _rules()["rule"].finditer(text, line.start, line.end):
        end = min((s for s, _ in head_cuts if s >= rule.end()), default=line.end)
        cuts.append((rule.start(), end))
        notes += _notes(text, rule.end(), end)
    return cuts, notes


def _superscript_notes(
    text: str, line: Line, taken: list[tuple[int, int]]
) -> tuple[list[tuple[int, int]], list[PageNote]]:
    """Footnotes a page printed under no rule, each after its superscript number ("… trade channels,
    ⁶² General Assembly resolution S-20/2, annex. Emphasizing …"), outside the blocks already cut: a note
    runs to the next note's number or to the full stop before the next paragraph."""
    rules = _rules()
    cuts, notes = [], []
    for start in rules["superscript_note"].finditer(text, line.start, line.end):
        if any(s <= start.start() < e for s, e in taken + cuts):
            continue
        nxt = rules["superscript_note"].search(text, start.end(), line.end)
        stop_at = nxt.start() if nxt else line.end
        end = rules["note_end"].search(text, start.end(), stop_at)
        stop = end.end() if end else stop_at
        number = text[start.start() : start.end()].strip()
        notes.append(PageNote(number, " ".join(text[start.end() : stop].split()), start.end(), stop))
        cuts.append((start.start(), stop))
    return cuts, notes


def _notes(text: str, start: int, end: int) -> list[PageNote]:
    """The numbered notes of a block, each running to the next number in sequence."""
    first = _rules()["note_number"].match(text, start, end)
    if first is None:
        return []
    number, pos, notes = first.group("num"), first.end(), []
    while True:
        following = str(int(number) + 1) if number.isdigit() else None
        nxt = re.compile(rf"\s{following}\s+(?=[A-Z“\"(])").search(text, pos, end) if following else None
        stop = nxt.start() if nxt else end
        notes.append(PageNote(number, " ".join(text[pos:stop].split()), pos, stop))
        if nxt is None:
            return notes
        number, pos = following, nxt.end()


def _line_breaks(text: str, line: Line, rules: dict) -> list[tuple[int, int, str]]:
    """The spaces where a printed line began: before a line_starts match, after a line_ends one."""
    breaks = set()
    for pattern in rules["starts"]:
        for m in pattern.finditer(text, line.start + 1, line.end):
            previous = text[max(line.start, m.start() - 40) : m.start()].split()[-1:] or [""]
            if text[m.start() - 1] == " " and previous[0].lower() not in rules["not_after"]:
                breaks.add(m.start() - 1)
    for pattern in rules["ends"]:
        for m in pattern.finditer(text, line.start, line.end):
            if m.end() < line.end and text[m.end()] == " ":
                breaks.add(m.end())
    return [(i, i + 1, "\n") for i in sorted(breaks)]
