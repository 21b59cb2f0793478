"""SPARQL text as its grammar reads it: codepoint escapes expanded, tokens, nesting depth.

The one SPARQL tokenizer of the package: the endpoint's guard, the command line and the
catalogue of competency questions read queries through it, so that all of them check and run
the same characters, and no recursive parser sees a query nested deeper than MAX_NESTING.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


class SparqlTextError(ValueError):
    """A query text that no parser should be given."""


MAX_NESTING = 64  # groups, brackets and parentheses inside each other; pyoxigraph's parser recurses

_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_UCHAR_RE = re.compile(_UCHAR)
_TOKEN = re.compile(
    r"""
      (?P<ws>\s+)
    | (?P<comment>\#[^\r\n\x0b\x0c\x85\u2028\u2029]*)
    | (?P<string>'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''
               | \"\"\"(?:(?:"|"")?(?:[^"\\]|\\.))*\"\"\"
               | '(?:[^'\\\r\n]|\\.)*'
               | "(?:[^"\\\r\n]|\\.)*")
    | (?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|""" + _UCHAR + r""")*>)
    | (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F\u2040]*)
    | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
    | (?P<bnode>_:[^\s(){}\[\],;<>"'=!&|+*/^#]*)
    | (?P<word>(?:[^\s(){}\[\],;<>"'=!&|+*/^#?$@.\\]|\\.)(?:[^\s(){}\[\],;<>"'=!&|+*/^#?$@\\]|\\.)*)
    | (?P<punct>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    kind: str
    text: str


def tokenize(text: str) -> list[Token]:
    """The query's tokens without white space and comments."""
    return [Token(m.lastgroup, m.group()) for m in _TOKEN.finditer(text) if m.lastgroup not in ("ws", "comment")]


def strip_comments(text: str) -> str:
    """The query without its comments (a "#" inside an IRI or a string is kept)."""
    return "".join(m.group() for m in _TOKEN.finditer(text) if m.lastgroup != "comment")


def normalize(text: str) -> str:
    """The characters SPARQL's grammar reads: every \\u and \\U escape expanded, once, over the whole text.

    rdflib expands them everywhere, pyoxigraph only inside strings and IRIs; running the expanded
    text leaves the engine nothing to expand. An escape that spells another escape, or a lone
    surrogate, is refused, since a second expansion would change the query again.
    """
    def expand(match: re.Match) -> str:
        code = int(match.group()[2:], 16)
        if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
            raise SparqlTextError(f"not a valid query: {match.group()} is not a character")
        return chr(code)

    expanded = _UCHAR_RE.sub(expand, text)
    if _UCHAR_RE.search(expanded):
        raise SparqlTextError("not a valid query: an escape sequence spells another escape sequence")
    return expanded


def check_nesting(tokens: list[Token], limit: int = MAX_NESTING) -> None:
    """Refuse a query nested deeper than `limit` before any recursive parser reads it."""
    depth = 0
    for tok in tokens:
        if tok.kind == "punct" and tok.text in "{([":
            depth += 1
            if depth > limit:
                raise SparqlTextError(f"not a valid query here: nested more than {limit} levels deep")
        elif tok.kind == "punct" and tok.text in "})]":
            depth -= 1
