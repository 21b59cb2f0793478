"""Words broken by spurious spaces: the text layer of some UN PDFs of the 1990s and 2000s.

`pdftotext` on those files puts a space after some letters ("Com m ission on Narcot ic Drugs",
"Not ing t hat t he", "1 9 9 9 / 3 0 ."): no name, opener or heading is found in such a text.
A text is read so when many of its neighbouring fragments join into a word of the lexicon
(data/words.json) that they are not apart; then each line's fragments are grouped, by dynamic
programming, so that lexicon words cover as many letters as possible and, among equals, into
as few groups as possible ("it s" is "its", not "it" and "s"); the spaces inside a group go
(deletions: offsets still point into the source).

The lexicon is the words of the tune half of the development corpus; `python -m
precursor_kg.spacing` writes it again.
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import sys
from collections import Counter
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

from .nlp.component import package_rules

_FRAGMENT = re.compile(r"\S+")
_LETTERS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_EDGE_PUNCTUATION = "\"'’“”()[],;:.!?*"
_LONGEST_GROUP = 10  # fragments of one word: "I nt e r na t ion a l"
_SHORT_PIECE = 3  # a broken word leaves a short piece beside the break: "t he", "Econom ic", "Com m ission"
_SAMPLE = 5_000  # characters read to decide whether a text is broken so (its first lines show it)
_MIN_BROKEN_SHARE = 0.04  # of its fragments that join into a word they are not apart
_SPACED_DIGITS = re.compile(r"(?<![\d/])\d(?: [\d/]){2,}(?: ?\.)?")  # "1 9 9 9 / 3 0 ."


@functools.lru_cache(maxsize=1)
def lexicon() -> frozenset[str]:
    return frozenset(package_rules("precursor_kg.data", "words.json")["words"])


@functools.lru_cache(maxsize=1)
def _endings() -> tuple[str, ...]:
    return tuple(package_rules("precursor_kg.data", "word_endings.json")["endings"])


def _is_word(piece: str, words: frozenset[str]) -> bool:
    """A lexicon word, or one with an inflection the lexicon lacks ("functioning" from "function")."""
    if piece in words:
        return True
    if len(piece) < 6:  # a stem of four letters and an ending of two
        return False
    for ending in _endings():
        stem = piece[: -len(ending)]
        if piece.endswith(ending) and len(stem) >= 4 and (stem in words or stem + "e" in words):
            return True
    return False


def deletions(text: str) -> list[tuple[int, int]]:
    """The spurious spaces of `text` as (start, end) ranges, none if the text is not broken so."""
    words = lexicon()
    if not _broken(text[:_SAMPLE], words):
        return []
    found = []
    for line in re.finditer(r"[^\n]+", text):
        fragments = [(line.start() + m.start(), line.start() + m.end()) for m in _FRAGMENT.finditer(line.group())]
        found += _inner_spaces(text, fragments, words)
        for digits in _SPACED_DIGITS.finditer(line.group()):
            base = line.start() + digits.start()
            found += [(base + k, base + k + 1) for k, c in enumerate(digits.group()) if c == " "]
    return found


def _key(piece: str) -> str:
    return piece.strip(_EDGE_PUNCTUATION).lower()


def _broken(sample: str, words: frozenset[str]) -> bool:
    fragments = [m.group() for m in _FRAGMENT.finditer(sample)]
    keys = [_key(f) for f in fragments]
    joined = sum(
        1
        for k in range(len(fragments) - 1)
        # cheapest test first: in a text spaced as printed nearly every fragment is a word
        if not (keys[k] in words and keys[k + 1] in words)
        and min(len(keys[k]), len(keys[k + 1])) <= _SHORT_PIECE
        and _joinable(fragments[k], fragments[k + 1])
        and _is_word(_key(fragments[k] + fragments[k + 1]), words)
    )
    return len(fragments) >= 50 and joined >= _MIN_BROKEN_SHARE * len(fragments)


def _joinable(left: str, right: str) -> bool:
    """Whether two fragments may be one word: a letter (or "-", "/") at the seam, no punctuation before it."""
    return (left[-1:].isalpha() or left[-1:] in "-/") and right[:1].isalpha()


def _inner_spaces(text: str, fragments: list[tuple[int, int]], words: frozenset[str]) -> list[tuple[int, int]]:
    """The spaces inside the best grouping of one line's fragments into words."""
    n = len(fragments)
    # (letters in lexicon words, -groups, where the last group starts) of the best grouping up to each fragment
    best: list[tuple[int, int, int] | None] = [None] * (n + 1)
    best[0] = (0, 0, 0)
    for end in range(1, n + 1):
        for start in range(max(0, end - _LONGEST_GROUP), end):
            if best[start] is None or not _one_word(text, fragments, start, end):
                continue
            piece = _key(text[fragments[start][0] : fragments[end - 1][1]].replace(" ", ""))
            covered = len(piece) if _is_word(piece, words) else 0
            if end - start > 1 and not covered:
                continue
            score = (best[start][0] + covered, best[start][1] - 1, start)
            if best[end] is None or score[:2] > best[end][:2]:
                best[end] = score
    spaces, end = [], n
    while end > 0:
        start = best[end][2]
        spaces += [(fragments[k][1], fragments[k + 1][0]) for k in range(start, end - 1)]
        end = start
    return sorted(spaces)


def _one_word(text: str, fragments: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether fragments start..end-1 are parted by single spaces with letters at each seam."""
    for k in range(start, end - 1):
        left, right = fragments[k], fragments[k + 1]
        if right[0] - left[1] != 1 or not _joinable(text[left[0] : left[1]], text[right[0] : right[1]]):
            return False
    return True


def build_lexicon(texts: list[str], min_count: int = 1) -> list[str]:
    """The words of `texts` that occur at least `min_count` times; texts that are themselves
    broken by spurious spaces are left out."""
    counts: Counter[str] = Counter()
    known = frozenset()
    for text in texts:
        if known and _broken(text[:_SAMPLE], known):
            continue
        counts.update(w.lower() for w in _LETTERS.findall(text))
        known = frozenset(w for w, c in counts.items() if c >= min_count)
    words = {w for w, c in counts.items() if c >= min_count and not _glued_function_words(w)}
    return sorted(words)


def _glued_function_words(word: str) -> bool:
    """Two function words run together by a careless copy ("ofthe", "tothe"), not one ("into")."""
    return word not in STOP_WORDS and any(
        word[:k] in STOP_WORDS and word[k:] in STOP_WORDS for k in range(1, len(word))
    )


def main(argv: list[str] | None = None) -> int:
    """Write data/words.json from the tune half of the development corpus."""
    from .fileio import bundled_corpus, write_atomic

    parser = argparse.ArgumentParser(prog="python -m precursor_kg.spacing", description=main.__doc__)
    parser.add_argument("--sources", type=Path, default=Path("tests/data/sources.json"))
    args = parser.parse_args(argv)
    rows = json.loads(args.sources.read_text(encoding="utf-8"))["texts"]
    tune = {r["file"] for r in rows if r["half"] == "tune"}
    texts = [path.read_text(encoding="utf-8") for path in bundled_corpus() if path.name in tune]
    data = {
        "_comment": "Words of the tune half of the development corpus, lower case: spacing.py joins "
        "fragments of a word broken by spurious spaces into "
        "one of these. Written by `python -m precursor_kg.spacing`.",
        "words": build_lexicon(texts),
    }
    target = Path(__file__).with_name("data") / "words.json"
    write_atomic(target, json.dumps(data, ensure_ascii=False, indent=0) + "\n")
    print(f"{target.name}: {len(data['words'])} words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
