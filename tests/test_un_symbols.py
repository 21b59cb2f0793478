"""UN document symbols: derived from the symbols the extractor reads (CND ones from the report of the session), on the corpus."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from precursor_kg.catalogue import catalogue_entries
from precursor_kg.graph.namespace import PKG
from precursor_kg.graph.unsymbols import (
    FRAGMENT_NOTE,
    cnd_report_symbols,
    composite_symbol,
    missing_symbol_note,
    un_document_symbol,
    undocs_page,
)
from precursor_kg.resources import data_files

DATA = Path(__file__).parent / "data"

# A lettered part of a composite resolution: no rule gives its document symbol.
LETTERED_PART = re.compile(r"^(GA|ECOSOC) (.*\)[A-Z]|.* [A-Z]|.*[0-9][A-Z]+\(.*)$")  # 436(XIV)A, 56/24 V, 548H(XVIII)


@pytest.mark.parametrize("symbol, expected", [
    ("GA 59/162", "A/RES/59/162"),
    ("GA S-20/2", "A/RES/S-20/2"),
    ("GA ES-10/1", "A/RES/ES-10/1"),
    ("GA 1259(XIII)", "A/RES/1259(XIII)"),
    ("GA 3201(S-VI)", "A/RES/3201(S-VI)"),
    ("ECOSOC 2003/39", "E/RES/2003/39"),
    ("ECOSOC 1972/1662(LII)", "E/RES/1662(LII)"),
    ("ECOSOC 1474(XLVIII)", "E/RES/1474(XLVIII)"),
    ("GA 56/24 V", None),  # a lettered part
    ("ECOSOC 1952/436(XIV)A", None),
    ("ECOSOC 548H(XVIII)", None),
    ("ECOSOC 1975/10", None),  # the yearly numbering began in 1978
    ("CND 51/10", "E/CN.7/2008/15"),  # published in the report of the fifty-first session
    ("CND 50/5", "E/CN.7/2007/16/Rev.1"),
    ("CND 4(S-IV)", "E/CN.7/587"),  # fourth special session
    ("CND 55/3", None),  # no report symbol of the fifty-fifth session in the reference data
    ("SC 1440", None),
])
def test_un_document_symbol(symbol, expected):
    assert un_document_symbol(symbol) == expected


@pytest.mark.parametrize("symbol, expected", [
    ("ECOSOC 1952/436(XIV)A", "ECOSOC 1952/436(XIV)"),
    ("ECOSOC 1959/730(XXVIII)C", "ECOSOC 1959/730(XXVIII)"),
    ("ECOSOC 436(XIV)G", "ECOSOC 436(XIV)"),  # as cited, without the year
    ("ECOSOC 548H(XVIII)", "ECOSOC 548(XVIII)"),  # the letter before the session
    ("ECOSOC 1999/30 A", "ECOSOC 1999/30"),
    ("ECOSOC 1972/1662(LII)", None),  # not lettered
    ("ECOSOC 2003/39", None),
    ("GA 56/24 V", None),  # the Assembly's lettered resolutions have symbols of their own
    ("CND 51/10", None),
])
def test_composite_symbol(symbol, expected):
    assert composite_symbol(symbol) == expected


def test_missing_symbol_note_names_the_session():
    assert "session 55 of the Commission" in missing_symbol_note("CND 55/3")
    assert "session S-III" in missing_symbol_note("CND 5(S-III)")
    assert "ECOSOC 1975/10" in missing_symbol_note("ECOSOC 1975/10")


def test_undocs_page():
    assert undocs_page("E/RES/1662(LII)") == "https://undocs.org/E/RES/1662(LII)"


def test_every_bundled_ga_and_ecosoc_resolution_has_its_un_symbol(extractor):
    """Built from the whole bundled corpus: every GA and ECOSOC resolution but a lettered part, and a GA number
    printed without its session ("GA 2433", listed in without-un-symbol.json), has one."""
    from precursor_kg.fileio import bundled_corpus
    from precursor_kg.graph.document import DocumentGraphBuilder, Run
    from precursor_kg.graph.iris import Minter

    builder = DocumentGraphBuilder(extractor.vocabulary, Minter())
    run = Run(URIRef("https://w3id.org/precursor-kg/run/test"), URIRef("https://w3id.org/precursor-kg/software/precursor-kg/0"),
              "2026-01-01T00:00:00")
    with_symbol, lettered = 0, []
    for path in bundled_corpus():
        graph = builder.build(extractor.extract_path(path), run)
        for resolution in graph.subjects(RDF.type, URIRef(PKG + "Resolution")):
            symbol = graph.value(resolution, URIRef(PKG + "symbol"))
            if symbol is None or not str(symbol).startswith(("GA ", "ECOSOC ")):
                continue
            document_symbol = graph.value(resolution, URIRef(PKG + "documentSymbol"))
            if re.fullmatch(r"GA \d{1,4}", str(symbol)):
                assert document_symbol is None
                continue
            if LETTERED_PART.match(str(symbol)):
                assert document_symbol is None
                lettered.append(str(symbol))
                continue
            assert document_symbol is not None, f"{symbol} has no document symbol"
            assert graph.value(resolution, URIRef(PKG + "undocsPage")) == URIRef(f"https://undocs.org/{document_symbol}")
            with_symbol += 1
    assert with_symbol >= 50, (with_symbol, lettered)



def _report_symbols_by_session_key() -> dict[str, str]:
    """Read apart from the code under test: the session notation ("51", "S-IV") -> its report symbol."""
    sessions = Graph().parse(next(p for p in data_files() if p.name == "cnd-sessions.ttl"), format="turtle")
    rows = sessions.query("""PREFIX pkg: <https://w3id.org/precursor-kg/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?key ?report WHERE { ?s pkg:sessionOf <https://w3id.org/precursor-kg/id/body/cnd> ;
                                       skos:notation ?key ; pkg:reportSymbol ?report }""")
    return {str(key): str(report) for key, report in rows}


def test_every_session_report_symbol_is_looked_up():
    reports = _report_symbols_by_session_key()
    assert len(set(reports.values())) >= 15
    assert cnd_report_symbols() == reports


def test_every_bundled_cnd_resolution_has_its_session_report_symbol(extractor):
    """Built from the whole bundled corpus: a CND resolution has its session's report symbol where the data has one."""
    from precursor_kg.fileio import bundled_corpus
    from precursor_kg.graph.document import DocumentGraphBuilder, Run
    from precursor_kg.graph.iris import Minter

    reports = _report_symbols_by_session_key()
    builder = DocumentGraphBuilder(extractor.vocabulary, Minter())
    run = Run(URIRef("https://w3id.org/precursor-kg/run/test"), URIRef("https://w3id.org/precursor-kg/software/precursor-kg/0"),
              "2026-01-01T00:00:00")
    with_symbol, without = set(), set()
    for path in bundled_corpus():
        graph = builder.build(extractor.extract_path(path), run)
        for resolution in graph.objects(None, URIRef(PKG + "describes")):
            symbol = str(graph.value(resolution, URIRef(PKG + "symbol")) or "")
            if not symbol.startswith("CND "):
                continue
            number = symbol[len("CND "):]  # "51/10" (session 51) or "5(S-III)" (session S-III)
            expected = reports.get(number.split("/")[0] if "/" in number else number[number.index("(") + 1:-1])
            document_symbol = graph.value(resolution, URIRef(PKG + "documentSymbol"))
            assert (str(document_symbol) if document_symbol else None) == expected, symbol
            (with_symbol if expected else without).add(symbol)
    assert len(with_symbol) >= 12, (with_symbol, without)


@pytest.fixture(scope="module")
def bundled_graphs() -> list[tuple[Path, Graph]]:
    """Each bundled text's named graph as the build makes it (process_document: extraction, catalogue, graph)."""
    from precursor_kg.build import process_document
    from precursor_kg.fileio import bundled_corpus
    from precursor_kg.graph.iris import DEFAULT_BASE

    run = ("https://w3id.org/precursor-kg/run/test", "https://w3id.org/precursor-kg/software/precursor-kg/0",
           "2026-01-01T00:00:00")
    graphs = []
    for path in bundled_corpus():
        nquads = process_document(path, DEFAULT_BASE, run).nquads
        triples = re.sub(r" <[^<>]*> \.$", " .", nquads, flags=re.MULTILINE)  # the one named graph, as N-Triples
        graphs.append((path, Graph().parse(data=triples, format="nt")))
    return graphs


def _has_un_symbol(graph: Graph, resolution) -> bool:
    composite = graph.value(resolution, PKG.inComposite)
    return (graph.value(resolution, PKG.documentSymbol) is not None
            or composite is not None and graph.value(composite, PKG.documentSymbol) is not None)


def _name(path: Path, graph: Graph, resolution) -> str:
    """How tests/data/without-un-symbol.json names a resolution: its symbol, or text and fragment index."""
    symbol = graph.value(resolution, PKG.symbol)
    return str(symbol) if symbol is not None else f"{path.name}#fragment/{str(resolution).rsplit('/', 1)[-1]}"


def test_every_bundled_resolution_has_a_un_symbol_or_is_listed_with_why(bundled_graphs):
    """Built from the whole bundled corpus: a resolution read from a text without a UN document symbol (its own or its
    composite's) is listed with a reason in tests/data/without-un-symbol.json, and nothing listed has one."""
    listed = json.loads((DATA / "without-un-symbol.json").read_text(encoding="utf-8"))["resolutions"]
    without, with_symbol = set(), 0
    for path, graph in bundled_graphs:
        for resolution in set(graph.objects(None, PKG.describes)):
            if _has_un_symbol(graph, resolution):
                with_symbol += 1
            else:
                without.add(_name(path, graph, resolution))
    assert without == set(listed), (sorted(without - set(listed)), sorted(set(listed) - without))
    assert all(reason.strip() for reason in listed.values())
    assert with_symbol >= 115, with_symbol


def test_catalogued_fragments_take_their_symbol_from_the_catalogue(bundled_graphs):
    """A fragment the catalogue names has pkg:catalogueSymbol (not pkg:symbol, which is what the text says) and the
    document symbol derived from it, with a note naming the catalogue's source."""
    checked = 0
    for path, graph in bundled_graphs:
        for index, entry in catalogue_entries(path).items():
            fragment = URIRef(f"https://w3id.org/precursor-kg/source/{path.stem}/fragment/{index}")
            assert graph.value(fragment, PKG.isFragment) == Literal(True), fragment
            assert graph.value(fragment, PKG.symbol) is None
            assert graph.value(fragment, PKG.catalogueSymbol) == Literal(entry.resolution)
            expected = un_document_symbol(entry.resolution)
            assert expected is not None and graph.value(fragment, PKG.documentSymbol) == Literal(expected)
            assert entry.source in str(graph.value(fragment, SKOS.editorialNote))
            checked += 1
    assert checked == 24  # the catalogue's entries: each fragment it names was built and checked


def test_every_bundled_resolution_carries_its_un_symbol_or_says_why(bundled_graphs):
    """Built from the whole bundled corpus: each resolution read from a source has its document symbol (a fragment's
    from the catalogue, with a note saying so), is a lettered ECOSOC resolution whose composite has one, or carries a
    note saying why it has none (a CND resolution of a session whose report symbol is not known, a lettered part of
    a GA resolution, a number printed without its session)."""
    own, in_composite, noted_fragments, noted_cnd = 0, set(), 0, set()
    for _path, graph in bundled_graphs:
        for resolution in set(graph.objects(None, PKG.describes)):
            symbol = str(graph.value(resolution, PKG.symbol) or "")
            note = graph.value(resolution, SKOS.editorialNote)
            composite = graph.value(resolution, PKG.inComposite)
            if graph.value(resolution, PKG.documentSymbol) is not None:
                own += 1
                catalogued = graph.value(resolution, PKG.catalogueSymbol) is not None
                assert composite is None and (note is not None) == catalogued, symbol
            elif composite is not None:
                assert graph.value(composite, PKG.symbol) == Literal(composite_symbol(symbol)), symbol
                whole = un_document_symbol(composite_symbol(symbol))
                assert graph.value(composite, PKG.documentSymbol) == Literal(whole), symbol
                assert graph.value(composite, PKG.undocsPage) == URIRef(undocs_page(whole))
                in_composite.add(symbol)
            elif graph.value(resolution, PKG.isFragment) == Literal(True):
                assert note == Literal(FRAGMENT_NOTE, lang="en")
                noted_fragments += 1
            else:
                # a CND resolution whose session's report symbol is not known, or one that no rule of the UN's
                # numbering gives a symbol: a lettered GA part ("GA 211(III)A"), a number printed without its
                # session ("GA 2433")
                assert symbol.startswith("CND ") or un_document_symbol(symbol) is None, symbol
                assert note == Literal(missing_symbol_note(symbol), lang="en"), symbol
                noted_cnd.add(symbol)
    assert own >= 100 and len(in_composite) >= 11 and noted_fragments >= 1, (own, in_composite, noted_fragments)
    assert all(symbol.startswith("ECOSOC ") for symbol in in_composite), in_composite


def test_the_lettered_resolution_rule_carries_its_sources():
    """The rule that links a lettered ECOSOC resolution to its composite is data, each source with what it says."""
    from precursor_kg.nlp.component import package_rules

    rule = package_rules("precursor_kg.data", "lettered_resolutions.json")
    assert len(rule["patterns"]) == 3 and len(rule["sources"]) >= 2
    assert all(s["source"].startswith("https://") and s["note"].strip() for s in rule["sources"])
