"""The UN document symbol of a resolution, from the symbol the extractor reads ("GA 59/162" -> "A/RES/59/162").

The rules follow the UN's own descriptions of its numbering:
- General Assembly (https://research.un.org/en/docs/ga/resolutions): A/RES/<session>/<number> since the
  thirty-first session (special sessions S-<n>, emergency special sessions ES-<n>), and before it
  A/RES/<number>(<session in roman numerals>).
- Economic and Social Council (the note of the Council's Official Records, e.g. E/2019/99; the symbols
  E/RES/1981/7, E/RES/2003/41 printed on the corpus's own texts): E/RES/<year>/<number> since 1978, and
  before it E/RES/<number>(<session>); the extractor's "1972/1662(LII)" keeps the year, which the
  symbol does not.
- Commission on Narcotic Drugs: its resolutions are published in the report of their session, and the
  document symbol given is that report's (E/CN.7/2008/15 for 51/10), looked up in the reference data
  (pkg:reportSymbol of the session in ontology/reference/cnd-sessions.ttl, each read from the report's
  cover in a cited source); none where the session has no report symbol there.
No symbol is derived for a lettered part of a composite resolution ("GA 56/24 V", "ECOSOC 1952/436(XIV)A"):
the UN Editorial Manual (https://www.un.org/dgacm/en/content/editorial-manual/res-dec-sys-ident) calls them
several resolutions, each complete in itself, adopted under one number and told apart by a capital letter,
and the letter is part of their citation (https://ask.un.org/faq/158821), so the part is not the document
of its number. A lettered ECOSOC resolution is instead linked to the composite resolution of its number (the forms it is
recognised by, and the sources of the rule, in data/lettered_resolutions.json; composite_symbol:
"ECOSOC 1952/436(XIV)A" -> "ECOSOC 1952/436(XIV)"), whose symbol the rules above give
(E/RES/436(XIV)). A lettered GA resolution is not: the GA issues its lettered resolutions under symbols
that end in the letter (A/RES/69/274 A, A/RES/70/93 A-B), so the symbol of the number is not theirs.
A headingless fragment has no symbol read from its text; where the corpus catalogue names its resolution
(catalogue.py), the rules above give the document symbol of that one (CATALOGUE_NOTE says so in the graph).
"""

from __future__ import annotations

import functools
import re

from rdflib import Graph
from rdflib.namespace import SKOS

from .. import resources
from ..nlp.component import package_rules
from .iris import PKG, PKGID

UNDOCS = "https://undocs.org/"
_SESSION = r"(?:S-|ES-)?\d+"
_ROMAN_SESSION = r"\((?:S-|ES-)?[IVXLC]+\)"
_GA_NEW = re.compile(rf"^({_SESSION})/(\d+)$")
_GA_OLD = re.compile(rf"^(\d+)({_ROMAN_SESSION})$")
_ECOSOC_NEW = re.compile(r"^(\d{4})/(\d+)$")
_ECOSOC_OLD = re.compile(r"^(?:\d{4}/)?(\d+)(\([IVXLC]+\))$")
# "51/10" (session 51), "3(XXXIV)" (session XXXIV), "5(S-III)" (third special session): the key the
# session's skos:notation holds.
_CND_SESSION = re.compile(r"^(\d+)/\d+$|^\d+\(((?:S-)?[IVXLC]+)\)$")


def un_document_symbol(symbol: str) -> str | None:
    """The UN document symbol of a GA or ECOSOC resolution, or None where no rule gives one."""
    body, _, number = symbol.partition(" ")
    if body == "GA":
        if match := _GA_NEW.match(number):
            return f"A/RES/{match[1]}/{match[2]}"
        if match := _GA_OLD.match(number):
            return f"A/RES/{match[1]}{match[2]}"
    elif body == "ECOSOC":
        if (match := _ECOSOC_NEW.match(number)) and int(match[1]) >= 1978:
            return f"E/RES/{match[1]}/{match[2]}"
        if match := _ECOSOC_OLD.match(number):
            return f"E/RES/{match[1]}{match[2]}"
    elif body == "CND" and (match := _CND_SESSION.match(number)):
        return cnd_report_symbols().get(match[1] or match[2])
    return None


FRAGMENT_NOTE = ("No symbol was read from the source text for this fragment (its heading is not in the text), "
                 "so no UN document symbol is given.")
CATALOGUE_NOTE = ("No symbol was read from the source text for this fragment (its heading is not in the text); the "
                  "catalogue of the corpus names the resolution it is part of, {symbol} (pkg:catalogueSymbol), from which "
                  "its UN document symbol is derived. The catalogue's entry: {note} ({source})")
CND_SESSION_NOTE = ("Published in the report of session {session} of the Commission on Narcotic Drugs, whose symbol "
                    "the reference data does not hold (no source consulted shows the report's cover), so no UN "
                    "document symbol is given.")
NO_RULE_NOTE = "No rule of the UN's numbering gives the document symbol of {symbol}, so none is given."


def missing_symbol_note(symbol: str) -> str:
    """Why a resolution with this symbol has no UN document symbol (for one that has none)."""
    body, _, number = symbol.partition(" ")
    if body == "CND" and (match := _CND_SESSION.match(number)):
        return CND_SESSION_NOTE.format(session=match[1] or match[2])
    return NO_RULE_NOTE.format(symbol=symbol)


def composite_symbol(symbol: str) -> str | None:
    """The symbol of the composite ECOSOC resolution a lettered one is part of, or None for any other symbol."""
    body, _, number = symbol.partition(" ")
    if body != "ECOSOC":
        return None
    for pattern in _lettered_patterns():
        if match := pattern.match(number):
            return f"ECOSOC {''.join(match.groups())}"
    return None


@functools.lru_cache(maxsize=1)
def _lettered_patterns() -> tuple[re.Pattern, ...]:
    """The forms of a lettered ECOSOC number, with the rule's sources (data/lettered_resolutions.json)."""
    return tuple(re.compile(p) for p in package_rules("precursor_kg.data", "lettered_resolutions.json")["patterns"])


@functools.lru_cache(maxsize=1)
def cnd_report_symbols() -> dict[str, str]:
    """The report symbol of each CND session in the reference data, by every notation of the session."""
    path = next(p for p in resources.data_files() if p.name == "cnd-sessions.ttl")
    sessions = Graph().parse(path, format="turtle")
    cnd = PKGID["body/cnd"]
    return {str(notation): str(report)
            for session, report in sessions.subject_objects(PKG.reportSymbol)
            if (session, PKG.sessionOf, cnd) in sessions
            for notation in sessions.objects(session, SKOS.notation)}


def undocs_page(document_symbol: str) -> str:
    """The UN's document service address of a symbol."""
    return UNDOCS + document_symbol
