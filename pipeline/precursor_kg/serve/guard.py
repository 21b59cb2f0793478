"""Check a SPARQL request before it runs: a query (not an update), bounded, and no SERVICE at all.

The text is first normalized as SPARQL's grammar says (codepoint escapes expanded over the
whole text, once) and bounded in nesting; the normalized text is what the checks read and
what the engine runs, so the parsers cannot read two different queries out of one text.
Then two independent checks must both pass:

1. a tokenizer that knows SPARQL's comments, strings and IRIs (so ``# SERVICE`` or
   ``"SERVICE"`` do not count, and ``SERVICE`` glued to other characters still does);
2. rdflib's SPARQL 1.1 parser: the text must parse as a query with no SERVICE in its algebra.

A query that rdflib cannot parse is refused as invalid SPARQL 1.1, so the two parsers
never disagree silently about what the text means.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache

from ..query.lexer import SparqlTextError, Token, check_nesting, normalize, tokenize
from .errors import QuerySyntaxError, ServiceRefused, UpdateRefused

UPDATE_KEYWORDS = frozenset(
    "insert delete load clear drop create add move copy with".split()
)
def operation_keyword(tokens: list[Token]) -> str | None:
    """The first keyword after the prologue (BASE and PREFIX declarations), lower-cased."""
    i = 0
    while i < len(tokens):
        word = tokens[i].text.lower() if tokens[i].kind == "word" else None
        if word == "base":
            i += 2
        elif word == "prefix":
            i += 3
        elif tokens[i].kind == "word":
            return word
        else:
            return None
    return None


def mentions_service(tokens: list[Token]) -> bool:
    """True when any keyword-like token could be (or start with, or hide) the SERVICE keyword."""
    for tok in tokens:
        if tok.kind == "word" and "service" in tok.text.split(":", 1)[0].lower():
            return True
    return False


@dataclass(frozen=True)
class Verdict:
    """What a query was found to be: its form and the SERVICE endpoints it calls."""

    form: str  # SELECT, CONSTRUCT, DESCRIBE or ASK
    text: str  # the normalized text: the one to run
    heavy: bool = False  # by its shape, likely to run long (see estimated_heavy)


@lru_cache(maxsize=512)
def check_query(text: str) -> Verdict:
    """Raise UpdateRefused, ServiceRefused or QuerySyntaxError, or return the verdict."""
    try:
        text = normalize(text)
        tokens = tokenize(text)
        check_nesting(tokens)
    except SparqlTextError as exc:
        raise QuerySyntaxError(str(exc)) from None
    keyword = operation_keyword(tokens)
    if keyword in UPDATE_KEYWORDS:
        raise UpdateRefused(f"SPARQL Update ({keyword.upper()}) is not allowed: this endpoint is read-only")
    if not tokens:
        raise QuerySyntaxError("the query is empty")
    lexical_service = mentions_service(tokens)
    try:
        form, services, heavy = _parse(text)
    except QuerySyntaxError:
        if lexical_service:
            raise ServiceRefused("SERVICE is not allowed here (and the query is not valid SPARQL 1.1)") from None
        raise
    if services:
        raise ServiceRefused(f"SERVICE <{services[0]}> is not allowed: this endpoint makes no federated calls")
    if lexical_service:
        raise ServiceRefused(
            "SERVICE is not allowed here (the query names SERVICE where it could not be checked; "
            "rename any prefix or name that contains 'service')"
        )
    return Verdict(form, text, heavy)


_PARSER_LOCK = threading.Lock()  # rdflib's parser (pyparsing) is not safe to run in two threads at once


def _parse(text: str) -> tuple[str, list[str], bool]:
    """The query form, SERVICE endpoints and estimated_heavy by rdflib's parser; QuerySyntaxError if it does not parse."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        with _PARSER_LOCK:
            algebra = translateQuery(parseQuery(text))
    except ParseBaseException as exc:
        try:
            parseUpdate(text)
        except Exception:  # noqa: BLE001 - neither a query nor an update
            raise QuerySyntaxError(f"not a valid SPARQL 1.1 query: {_one_line(exc)}") from None
        raise UpdateRefused("SPARQL Update is not allowed: this endpoint is read-only") from None
    except RecursionError:
        raise QuerySyntaxError("not a valid SPARQL 1.1 query: nested too deeply") from None
    except Exception as exc:  # noqa: BLE001 - rdflib raises plain Exception for unknown prefixes
        raise QuerySyntaxError(f"not a valid SPARQL 1.1 query: {_one_line(exc)}") from None
    services: list[str] = []
    _find_services(algebra.algebra, services)
    form = algebra.algebra.name.replace("Query", "").upper()
    return form, services, estimated_heavy(algebra.algebra)


def estimated_heavy(algebra) -> bool:
    """Whether a query's shape makes it likely to run long: two or more triple patterns of
    nothing but variables (a cross join of the whole store), or a path repeated with * or +.
    A guess; the server also remembers the queries that did run long (app.CostBook)."""
    from rdflib.paths import MulPath
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import Variable

    unbound, stack = 0, [algebra]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            if item.name == "BGP":
                for triple in item.get("triples") or ():
                    if any(isinstance(t, MulPath) and t.mod in ("*", "+") for t in triple):
                        return True
                    unbound += all(isinstance(t, Variable) for t in triple)
            stack.extend(item.values())
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set)):
            stack.extend(item)
    return unbound >= 2


def _find_services(node, out: list[str]) -> None:
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import URIRef

    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            if item.name == "ServiceGraphPattern":
                term = item.get("term")
                out.append(str(term) if isinstance(term, URIRef) else f"?{term}")
            stack.extend(item.values())
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set)):
            stack.extend(item)


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:300]
