"""The one matcher of names: competency-question parameters on the command line and on the
endpoint, and search. Answers are compared with those of the label the graph holds."""

from __future__ import annotations

import json
import urllib.parse

import pytest

from precursor_kg.cli import main
from precursor_kg.query import BadParameter, load_query, run_query
from precursor_kg.query.matching import LabelIndex, fold, match_parameters


@pytest.fixture(scope="module")
def index(built_store) -> LabelIndex:
    return LabelIndex.from_store(built_store)


def _rows(store, name, params=None):
    return run_query(store, name, params).values()


def test_fold_ignores_case_quotes_accents_and_spacing():
    assert fold('"Acétic   Anhydride"@en') == fold("acetic anhydride") == "acetic anhydride"
    assert fold("\u201cINCB\u201d") == "incb"
    assert fold("CND 51/10") != fold("CND 51/1")


@pytest.mark.parametrize("typed", ['"acetic anhydride"', "Acetic Anhydride", "ACÉTIC ANHYDRIDE", "ethanoic anhydride"])
def test_substance_written_any_way_gives_the_default_answer(built_store, index, typed):
    query = load_query("substance-mentions")
    expected = _rows(built_store, query)
    assert expected, "the sample build names acetic anhydride"
    params = match_parameters(query, {"substance": typed}, lambda: index)
    assert _rows(built_store, query, params) == expected


def test_acronym_of_a_body_gives_the_answer_of_its_name(built_store, index):
    query = load_query("body-requests")
    expected = _rows(built_store, query)
    assert expected
    assert _rows(built_store, query, match_parameters(query, {"body": "INCB"}, lambda: index)) == expected
    assert _rows(built_store, query, match_parameters(query, {"body": "incb"}, lambda: index)) == expected


def test_a_symbol_matches_without_its_quotes_and_case(built_store, index):
    query = load_query("addressees-per-resolution")
    expected = _rows(built_store, query)
    assert _rows(built_store, query, match_parameters(query, {"symbol": "cnd 51/10"}, lambda: index)) == expected


def test_a_value_naming_nothing_is_refused_with_the_closest_labels(index):
    query = load_query("substance-mentions")
    with pytest.raises(BadParameter) as caught:
        match_parameters(query, {"substance": "acetic anhydrid"}, lambda: index)
    message = str(caught.value)
    assert "\n" not in message and '"acetic anhydride"' in message.split("closest:")[1]


def test_iris_and_unlabelled_parameters_are_left_alone(index):
    query = load_query("paragraph-evidence")
    values = {"symbol": "CND 51/10", "number": '"2"'}
    matched = match_parameters(query, values, lambda: index)
    assert matched["number"] == '"2"' and matched["symbol"].value == "CND 51/10"


def test_search_finds_by_acronym_and_word_start(index):
    hits = index.search("incb")
    assert hits[0].iri == "https://w3id.org/precursor-kg/id/body/incb"
    names = [h.name for h in index.search("anhyd")]
    assert "acetic anhydride" in names


def test_command_line_matches_and_explains(built_dir, built_store, capsys):
    expected = _rows(built_store, "body-requests")
    assert main(["query", "body-requests", "body=INCB", "--format", "json", "--build", str(built_dir)]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert len(answer["results"]["bindings"]) == len(expected)
    code = main(["query", "body-requests", "body=INCBB", "--build", str(built_dir)])
    err = capsys.readouterr().err
    assert code != 0 and err.count("\n") == 1 and "International Narcotics Control Board" in err


def test_endpoint_matches_like_the_command_line(built_dir, built_store):
    from tests.test_serve import fetch, running_server

    expected = _rows(built_store, "substance-mentions")
    with running_server(built_dir) as server:
        path = "/cq/substance-mentions?" + urllib.parse.urlencode({"substance": '"Acetic Anhydride"'})
        status, _, body = fetch(server, path, accept="application/sparql-results+json")
        assert status == 200 and len(json.loads(body)["results"]["bindings"]) == len(expected)
        status, _, body = fetch(server, "/cq/substance-mentions?substance=anhydrid", accept="text/plain")
        assert status == 400 and b"closest" in body and body.count(b"\n") == 1
