"""The Tables of the 1988 Convention as data: compared entry by entry with a list written from the sources,
at three dates; their agreement with pkg:listedIn (the class typing of today); the substances' identifiers."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from precursor_kg.graph.namespace import PKG
from precursor_kg.query import load_query, run_query
from precursor_kg.resources import data_files

EXPECTED = json.loads((Path(__file__).parent / "data" / "table-listings-expected.json").read_text(encoding="utf-8"))
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")


@pytest.fixture(scope="module")
def reference() -> Graph:
    graph = Graph()
    for path in data_files():
        graph.parse(path, format="turtle")
    return graph


def _tables(rows) -> dict[str, set[str]]:
    tables: dict[str, set[str]] = {"I": set(), "II": set()}
    for row in rows:
        tables[row["table"]].add(row["substance"])
    return tables


def test_tables_today_match_the_sources_entry_by_entry(built_store):
    actual = _tables(run_query(built_store, load_query("table-today"), {}).values())
    expected = EXPECTED["dates"]["today"]
    for table in ("I", "II"):
        assert actual[table] == set(expected[table]), (table, actual[table] ^ set(expected[table]))
    assert (len(actual["I"]), len(actual["II"])) == (43, 8)


TYPED_BY_TABLE = """
PREFIX pkg: <https://w3id.org/precursor-kg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?label WHERE {{ GRAPH ?g {{ ?s a pkg:{cls} }} GRAPH ?h {{ ?s skos:prefLabel ?label }} }}
"""


def test_the_endpoint_types_every_entry_in_force_today_by_its_table(built_store):
    """The classes the store answers with (OWL RL over the reference data) name exactly today's entries."""
    today = _tables(run_query(built_store, load_query("table-today"), {}).values())
    for table, cls in (("I", "TableIPrecursor"), ("II", "TableIIPrecursor")):
        typed = {str(row["label"].value) for row in built_store.query(TYPED_BY_TABLE.format(cls=cls))}
        assert typed == today[table], (table, typed ^ today[table])


@pytest.mark.parametrize("date", ["1992-06-30", "2002-06-30"])
def test_tables_at_a_past_date_match_what_the_sources_date(built_store, date):
    actual = _tables(run_query(built_store, load_query("table-at-date"), {"date": date}).values())
    expected = EXPECTED["dates"][date]
    assert expected["I"] and expected["II"], "the list written from the sources must name entries in both tables"
    for table in ("I", "II"):
        assert actual[table] == set(expected[table]), (date, table, actual[table] ^ set(expected[table]))


def test_a_dated_listing_is_in_force_from_its_date_of_effect_only(built_store):
    query = load_query("table-at-date")
    before = _tables(run_query(built_store, query, {"date": "2014-10-05"}).values())
    after = _tables(run_query(built_store, query, {"date": "2014-10-06"}).values())
    assert "alpha-phenylacetoacetonitrile" not in before["I"] and "alpha-phenylacetoacetonitrile" in after["I"]


def test_listings_in_force_today_agree_with_listed_in(reference):
    current = set()
    for listing in reference.subjects(PKG.listedSubstance, None):
        if (listing, PKG.effectiveUntil, None) in reference or (None, PKG.supersedes, listing) in reference:
            continue
        current.add((reference.value(listing, PKG.listedSubstance), reference.value(listing, PKG.listingTable)))
    c1988 = "https://w3id.org/precursor-kg/id/treaty/1988-convention/"
    listed = {(s, t) for s, t in reference.subject_objects(PKG.listedIn) if str(t).startswith(c1988)}
    assert current == listed


def test_every_listing_and_decision_cites_a_source(reference):
    for cls in (PKG.TableListing, PKG.SchedulingDecision):
        for node in reference.subjects(RDF.type, cls):
            assert reference.value(node, URIRef("http://purl.org/dc/terms/source")) is not None, node


# --------------------------------------------------------------------------- identifiers

def _cas_check_digit_ok(cas: str) -> bool:
    digits = cas.replace("-", "")
    body, check = digits[:-1], int(digits[-1])
    return sum(i * int(d) for i, d in enumerate(reversed(body), start=1)) % 10 == check


def test_cas_check_digit_helper_rejects_a_wrong_digit():
    assert _cas_check_digit_ok("108-24-7") and not _cas_check_digit_ok("108-24-8")


def test_every_cas_number_has_a_valid_check_digit(reference):
    numbers = [str(o) for o in reference.objects(None, PKG.casNumber)]
    assert numbers
    assert [n for n in numbers if not re.fullmatch(r"\d{2,7}-\d{2}-\d", n) or not _cas_check_digit_ok(n)] == []


EXTERNAL_FORMS = {
    "http://www.wikidata.org/entity/": r"Q[1-9]\d*",
    "http://purl.obolibrary.org/obo/CHEBI_": r"[1-9]\d*",
    "http://rdf.ncbi.nlm.nih.gov/pubchem/compound/CID": r"[1-9]\d*",
}


def test_external_identifiers_have_the_form_of_their_register(reference):
    malformed = []
    for match in map(str, reference.objects(None, SKOS.exactMatch)):
        base = next((b for b in EXTERNAL_FORMS if match.startswith(b)), None)
        if base is not None and not re.fullmatch(EXTERNAL_FORMS[base], match[len(base):]):
            malformed.append(match)
    assert malformed == []


INCHIKEY_FORM = r"[A-Z]{14}-[A-Z]{10}-[A-Z]"


def test_inchikey_form_rejects_a_malformed_key():
    assert re.fullmatch(INCHIKEY_FORM, "WLJVXDMOQOGPHL-UHFFFAOYSA-N")
    assert not re.fullmatch(INCHIKEY_FORM, "WLJVXDMOQOGPHL-UHFFFAOYSA")


def test_every_inchikey_has_the_standard_form(reference):
    keys = [str(o) for o in reference.objects(None, PKG.inchiKey)]
    assert keys
    assert [k for k in keys if not re.fullmatch(INCHIKEY_FORM, k)] == []


def test_no_identifier_is_shared_by_two_substances(reference):
    owners = Counter()
    for prop in (PKG.casNumber, PKG.inchiKey, SKOS.exactMatch):
        for _subject, value in set(reference.subject_objects(prop)):
            owners[(prop, str(value))] += 1
    assert [key for key, count in owners.items() if count > 1] == []


SUBSTANCE_CLASSES = (PKG.Substance, PKG.Precursor, PKG.NarcoticDrug, PKG.PsychotropicSubstance)
WITHOUT_CAS = URIRef("https://w3id.org/precursor-kg/id/substance-collection/without-cas-number")


def _substances(reference: Graph) -> set:
    return {s for cls in SUBSTANCE_CLASSES for s in reference.subjects(RDF.type, cls)}


def test_every_precursor_and_drug_has_a_cas_number_unless_the_data_exempts_it(reference):
    exempt = set(reference.objects(WITHOUT_CAS, SKOS.member))
    substances = _substances(reference)
    assert len(substances) > 100 and exempt < substances
    assert sorted(s for s in substances - exempt if (s, PKG.casNumber, None) not in reference) == []


CND_2024_PRECURSOR_DECISION = URIRef("https://w3id.org/precursor-kg/id/decision/cnd-67-precursors")


def test_the_only_precursors_exempted_are_group_members_placed_in_2024(reference):
    """A precursor listed by name has a CAS number in the Red List; only the esters the 2024
    decisions add as a group may lack one."""
    exempt_precursors = set(reference.objects(WITHOUT_CAS, SKOS.member)) & set(reference.subjects(RDF.type, PKG.Precursor))
    placed_in_2024 = {reference.value(listing, PKG.listedSubstance)
                      for listing in reference.subjects(PKG.listingMadeBy, CND_2024_PRECURSOR_DECISION)}
    assert sorted(exempt_precursors - placed_in_2024) == []


def test_no_exempted_substance_carries_a_cas_number(reference):
    assert sorted(s for s in reference.objects(WITHOUT_CAS, SKOS.member) if (s, PKG.casNumber, None) in reference) == []


def test_every_external_identifier_of_a_substance_is_in_a_known_register(reference):
    unknown = [(s, m) for s in _substances(reference) for m in map(str, reference.objects(s, SKOS.exactMatch))
               if not any(m.startswith(base) for base in EXTERNAL_FORMS)]
    assert unknown == []


def test_each_substance_links_at_most_one_entry_per_register(reference):
    """Two PubChem CIDs (or QIDs, or ChEBI entries) on one substance mean one of them names another compound."""
    crowded = []
    for substance in _substances(reference):
        matches = [str(m) for m in reference.objects(substance, SKOS.exactMatch)]
        per_register = Counter(next((b for b in EXTERNAL_FORMS if m.startswith(b)), None) for m in matches)
        crowded += [(str(substance), base) for base, count in per_register.items() if base and count > 1]
    assert crowded == []


def test_every_substance_with_an_identifier_cites_a_source(reference):
    identified = {s for prop in (PKG.casNumber, PKG.inchiKey, SKOS.exactMatch) for s in reference.subjects(prop, None)}
    dcterms_source = URIRef("http://purl.org/dc/terms/source")
    assert sorted(s for s in identified & _substances(reference) if (s, dcterms_source, None) not in reference) == []


QUOTED_FORMS = {
    "http://purl.obolibrary.org/obo/CHEBI_": "CHEBI[:_]{}",
    "http://rdf.ncbi.nlm.nih.gov/pubchem/compound/CID": "(?:PubChem|CID) {}",
    "http://www.wikidata.org/entity/": r"\b{}",
}
PUBCHEM = "http://rdf.ncbi.nlm.nih.gov/pubchem/compound/CID"
WIKIDATA = "http://www.wikidata.org/entity/"


def _links_no_note_quotes(graph: Graph) -> list[tuple[str, str]]:
    """ChEBI, PubChem and Wikidata links that no note of the same substance quotes in the register's
    form (CHEBI:n, PubChem n or CID n, Qn): a link without the source row it was read from."""
    unquoted = []
    for substance, match in graph.subject_objects(SKOS.exactMatch):
        base = next((b for b in QUOTED_FORMS if str(match).startswith(b)), None)
        if base is None:
            continue
        quoted = QUOTED_FORMS[base].format(str(match)[len(base):]) + r"(?!\d)"
        if not any(re.search(quoted, str(note)) for note in graph.objects(substance, SKOS.note)):
            unquoted.append((str(substance), str(match)))
    return sorted(unquoted)


@pytest.mark.parametrize(
    "link, near_miss, quoting",
    [
        (PUBCHEM + "7918", "PubChem CID as in a table: row CID 79180, CHEBI:7918.", "PubChem CID as in a table: row CID 7918."),
        (WIKIDATA + "Q4077", "Infobox: Wikidata Q407775, CID 4077.", "Infobox: CAS-Nummer 108-24-7, Wikidata Q4077."),
    ],
)
def test_a_link_whose_number_no_note_quotes_is_found(link, near_miss, quoting):
    graph = Graph()
    substance = URIRef("https://w3id.org/precursor-kg/id/substance/example")
    graph.add((substance, SKOS.exactMatch, URIRef(link)))
    graph.add((substance, SKOS.note, Literal(near_miss)))
    assert _links_no_note_quotes(graph) == [(str(substance), link)]
    graph.add((substance, SKOS.note, Literal(quoting)))
    assert _links_no_note_quotes(graph) == []


def test_every_chebi_pubchem_and_wikidata_link_has_a_note_quoting_its_source_row(reference):
    assert _links_no_note_quotes(reference) == []
