"""UN document symbols: derived from the symbols the extractor reads, on every GA and ECOSOC resolution of the corpus."""

from __future__ import annotations

import re

import pytest
from rdflib import URIRef
from rdflib.namespace import RDF

from precursor_kg.graph.namespace import PKG
from precursor_kg.graph.unsymbols import un_document_symbol, undocs_page

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
    ("CND 51/10", None),  # issued in the Commission's report, under no rule from its number
    ("SC 1440", None),
])
def test_un_document_symbol(symbol, expected):
    assert un_document_symbol(symbol) == expected


def test_undocs_page():
    assert undocs_page("E/RES/1662(LII)") == "https://undocs.org/E/RES/1662(LII)"


def test_every_bundled_ga_and_ecosoc_resolution_has_its_un_symbol(extractor):
    """Built from the whole bundled corpus: every GA and ECOSOC resolution but a lettered part has one."""
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
            if LETTERED_PART.match(str(symbol)):
                assert document_symbol is None
                lettered.append(str(symbol))
                continue
            assert document_symbol is not None, f"{symbol} has no document symbol"
            assert graph.value(resolution, URIRef(PKG + "undocsPage")) == URIRef(f"https://undocs.org/{document_symbol}")
            with_symbol += 1
    assert with_symbol >= 50, (with_symbol, lettered)
