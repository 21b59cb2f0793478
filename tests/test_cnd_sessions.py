"""The CND's sessions as data (ontology/reference/cnd-sessions.ttl) and the years of CND resolutions from them.

A CND resolution's year was once computed as session + 1957, which holds from the 1990s on
but not before: the Commission met every other year for a time. These tests check the data
against itself and the year the competency questions give for real corpus texts.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from precursor_kg.graph.namespace import PKG
from precursor_kg.query import run_query
from precursor_kg.resources import data_files

CND = URIRef("https://w3id.org/precursor-kg/id/body/cnd")
ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}


def _roman_value(numeral: str) -> int:
    values = [ROMAN[c] for c in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


@pytest.fixture(scope="module")
def sessions() -> Graph:
    path = next(p for p in data_files() if p.name == "cnd-sessions.ttl")
    return Graph().parse(path, format="turtle")


def _session(graph: Graph, number: int, special: bool = False) -> URIRef:
    found = [
        s
        for s in graph.subjects(PKG.sessionNumber, None)
        if int(graph.value(s, PKG.sessionNumber)) == number
        and bool(graph.value(s, PKG.specialSession).toPython()) == special
    ]
    assert len(found) == 1, (number, special, found)
    return found[0]


def test_every_session_has_a_year_a_source_and_dates_that_agree(sessions):
    subjects = set(sessions.subjects(RDF.type, PKG.Session))
    assert len(subjects) >= 25
    for s in subjects:
        assert sessions.value(s, PKG.sessionOf) == CND
        year = int(sessions.value(s, PKG.sessionYear))
        assert list(sessions.objects(s, URIRef("http://purl.org/dc/terms/source"))), s
        start, end = sessions.value(s, PKG.sessionStart), sessions.value(s, PKG.sessionEnd)
        assert (start is None) == (end is None), s
        if start is not None:
            assert start.toPython() <= end.toPython() and start.toPython().year == year, s


def test_notations_name_the_session_number_once(sessions):
    seen = {}
    for s, notation in sessions.subject_objects(SKOS.notation):
        number, special = int(sessions.value(s, PKG.sessionNumber)), sessions.value(s, PKG.specialSession).toPython()
        text = str(notation)
        value = int(text) if text.isdigit() else _roman_value(text.removeprefix("S-"))
        assert value == number and text.startswith("S-") == special, (s, text)
        assert seen.setdefault(text, s) == s, f"{text} names two sessions"


def test_before_the_1990s_the_year_is_not_session_plus_1957(sessions):
    assert int(sessions.value(_session(sessions, 25), PKG.sessionYear)) == 1973
    assert int(sessions.value(_session(sessions, 27), PKG.sessionYear)) == 1977
    assert int(sessions.value(_session(sessions, 3, special=True), PKG.sessionYear)) == 1974
    assert int(sessions.value(_session(sessions, 51), PKG.sessionYear)) == 2008


def test_cnd_resolutions_of_the_corpus_get_their_session_year(built_store):
    """CND 50/5, 51/10 and 62/1 (texts 004, 000, 001) state no date: their year is their session's."""
    rows = run_query(built_store, "resolutions-per-year-body").values()
    years = {symbol: row["year"] for row in rows for symbol in row["symbols"].split(" | ") if symbol.startswith("CND")}
    assert years == {
        "CND 50/5": "2007",
        "CND 50/6": "2007",
        "CND 51/10": "2008",
        "CND 51/11": "2008",
        "CND 62/1": "2019",
    }
