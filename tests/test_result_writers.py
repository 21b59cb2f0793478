"""One table of result writers: the command line and the endpoint write the same CSV and JSON.

Every competency question is asked of a build of the sample texts twice, with `precursor-kg
query` and through the endpoint's /cq/NAME, and the two answers must be the same text; the
cases where the two writers once disagreed (RDF-star triple terms, blank nodes in CSV) are
checked on the terms themselves.
"""

from __future__ import annotations

import csv
import io
import json
import urllib.request

import pyoxigraph as ox
import pytest

from precursor_kg.cli import main
from precursor_kg.query import WRITERS, available_queries, format_result, parse_query, run_query
from precursor_kg.serve import formats

from .test_serve import running_server

pytest.importorskip("waitress")

STAR = ('SELECT ?b ?t ?n WHERE { BIND(BNODE("x") AS ?b) BIND(<<( <https://example.org/s> <https://example.org/p> "o" )>> AS ?t)'
        ' BIND(3 AS ?n) }')


@pytest.fixture(scope="module")
def server(built_dir):
    with running_server(built_dir, timeout_s=60.0, max_results=100_000) as srv:
        yield srv


def cli_answer(build, name: str, fmt: str, capsys) -> str:
    assert main(["query", name, "--format", fmt, "--build", str(build)]) == 0
    return capsys.readouterr().out


def endpoint_answer(server, name: str, fmt: str) -> str:
    with urllib.request.urlopen(f"{server.url}cq/{name}?format={fmt}", timeout=120) as response:
        return response.read().decode("utf-8")


@pytest.mark.parametrize("fmt", ["csv", "json"])
@pytest.mark.parametrize("name", available_queries())
def test_the_command_line_and_the_endpoint_give_the_same_answer(built_dir, server, capsys, name, fmt):
    cli = cli_answer(built_dir, name, fmt, capsys)
    assert cli == endpoint_answer(server, name, fmt)
    if fmt == "json":
        document = json.loads(cli)
        assert "boolean" in document or isinstance(document["results"]["bindings"], list)
    else:
        assert cli.endswith("\r\n") and cli.split("\r\n")[0]


def test_every_competency_question_has_an_answer_on_the_sample_build(built_dir, capsys):
    """Not two empty answers agreeing: most questions find rows in the five sample texts."""
    rows = {name: len(json.loads(cli_answer(built_dir, name, "json", capsys)).get("results", {}).get("bindings", []))
            for name in available_queries()}
    assert sum(1 for n in rows.values() if n) >= len(rows) * 2 // 3, rows


def test_result_formats_of_the_endpoint_are_the_query_writers():
    assert {f.name for f in formats.RESULT_FORMATS} <= set(WRITERS)
    for fmt in formats.RESULT_FORMATS:
        assert WRITERS[fmt.name].media_type == fmt.media_type


def both_writers(fmt: str) -> tuple[str, str]:
    """The answer to STAR as the command line's writer and the endpoint's serializer write it."""
    store = ox.Store()
    cli = format_result(run_query(store, parse_query(STAR, name="star"), {}), fmt)
    solutions = store.query(STAR)
    variables = [v.value for v in solutions.variables]
    rows = [[solution[v] for v in variables] for solution in solutions]
    fmt_offer = next(f for f in formats.RESULT_FORMATS if f.name == fmt)
    return cli, formats.serialize_solutions(variables, rows, fmt_offer).decode("utf-8")


def test_triple_terms_and_blank_nodes_in_csv():
    cli, endpoint = both_writers("csv")
    assert cli == endpoint
    [header, row] = list(csv.reader(io.StringIO(cli)))
    assert header == ["b", "t", "n"]
    assert row[0].startswith("_:") and row[2] == "3"
    assert row[1] == '<https://example.org/s> <https://example.org/p> "o"'


def test_triple_terms_and_blank_nodes_in_json():
    cli, endpoint = both_writers("json")
    assert cli == endpoint
    binding = json.loads(cli)["results"]["bindings"][0]
    assert binding["b"]["type"] == "bnode"
    assert binding["t"] == {"type": "triple", "value": {
        "subject": {"type": "uri", "value": "https://example.org/s"},
        "predicate": {"type": "uri", "value": "https://example.org/p"},
        "object": {"type": "literal", "value": "o"}}}
    assert binding["n"] == {"type": "literal", "value": "3", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}


@pytest.mark.parametrize("fmt", ["tsv", "xml"])
def test_the_other_result_formats_agree_too(fmt):
    cli, endpoint = both_writers(fmt)
    assert cli == endpoint
    if fmt == "tsv":
        assert cli.splitlines()[1].split("\t")[1] == '<< <https://example.org/s> <https://example.org/p> "o" >>'
    else:
        assert "<triple><subject><uri>https://example.org/s</uri></subject>" in cli
