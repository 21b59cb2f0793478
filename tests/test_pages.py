"""The analysts' pages in a real browser (headless Chromium, as tests/test_browser.py drives it)
on a build of the sample corpus: what each kind of page shows is checked against the graph, by
SPARQL queries written here; every test fails on a console error and leaves screenshots in its
output folder."""

from __future__ import annotations

import json
import urllib.parse

import pytest

from precursor_kg.query import run_query
from precursor_kg.query.catalogue import parse_query
from tests.test_browser import page  # noqa: F401 - the browser page fixture
from tests.test_serve import fetch, running_server

PKG = "https://w3id.org/precursor-kg/ontology#"
ID = "https://w3id.org/precursor-kg/id/"
INCB, ACETIC_ANHYDRIDE = ID + "body/incb", ID + "substance/acetic-anhydride"
PREFIXES = f"""PREFIX pkg: <{PKG}> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX eli: <http://data.europa.eu/eli/ontology#>
"""
REQUESTS_OF_NAMING = PREFIXES + f"""
SELECT DISTINCT ?request ?symbol ?number WHERE {{
  ?request pkg:requestAddressee <{INCB}> ; pkg:requestAction/skos:broader+ ?force .
  FILTER(?force IN (<{ID}action-force/directive>, <{ID}action-force/hortatory>))
  ?paragraph pkg:hasRequest ?request ; pkg:mentions <{ACETIC_ANHYDRIDE}> ; pkg:inResolution ?resolution .
  OPTIONAL {{ ?resolution pkg:symbol ?symbol }} OPTIONAL {{ ?paragraph pkg:paragraphNumber ?number }}
}}"""


def sparql(store, text: str) -> list[dict]:
    return run_query(store, parse_query(text, name="expected")).values()


@pytest.fixture(scope="module")
def pages_server(built_dir):
    with running_server(built_dir, timeout_s=20.0) as server:
        yield server


def _shot(browser_page, tmp_path, name: str) -> None:
    path = tmp_path / f"{name}.png"
    browser_page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 5_000


def _table_texts(browser_page, panel: str) -> list[list[str]]:
    rows = browser_page.locator(f"#{panel} table tbody tr")
    return [[c.strip() for c in rows.nth(i).locator("td").all_inner_texts()] for i in range(rows.count())]


def _page_loads(browser_page) -> list[str]:
    """The addresses the page's main frame loads from now on: a click that follows a link adds one."""
    loads: list[str] = []
    browser_page.on("framenavigated", lambda frame: frame == browser_page.main_frame and loads.append(frame.url))
    return loads


def _check_requests_and_open_a_passage(browser_page, built_store, expected: list[dict]) -> None:
    """The requests shown are those SPARQL finds, by year; one more click opens the first one's passage."""
    rows = _table_texts(browser_page, "requests-of-naming")
    assert len(rows) == len(expected) > 0
    assert sorted((r[1], r[2]) for r in rows) == sorted((x["symbol"], f"OP {x['number']}") for x in expected)
    years = [int(r[0]) for r in rows if r[0]]
    assert years == sorted(years)
    browser_page.click("#requests-of-naming tbody tr:first-child td:nth-child(3) a")  # the passage
    browser_page.wait_for_selector("blockquote")
    first = next(x for x in expected if (x["symbol"], f"OP {x['number']}") == (rows[0][1], rows[0][2]))
    text = sparql(built_store, PREFIXES + f"""SELECT ?text WHERE {{ ?p pkg:hasRequest <{first['request']}> ;
        ^eli:realizes/pkg:text ?text }}""")[0]["text"]
    assert " ".join(text.split())[:80] in " ".join(browser_page.inner_text("blockquote").split())


def test_home_to_the_requests_of_the_incb_naming_acetic_anhydride_in_three_clicks(page, pages_server, built_store,  # noqa: F811
                                                                                   tmp_path):
    expected = sparql(built_store, REQUESTS_OF_NAMING)
    page.goto(pages_server.url)
    loads = _page_loads(page)
    page.click("text=Bodies, offices and groups asked")
    page.click("#browse-addressees a:text-is('International Narcotics Control Board')")
    page.click("#substances-in-requests a:text-is('acetic anhydride')")
    assert len(loads) == 3 and "substance=" in loads[-1]  # three clicks, each a page
    assert page.inner_text("h1") == "International Narcotics Control Board"
    assert "acetic anhydride" in page.inner_text("p.narrowed")
    _shot(page, tmp_path, "incb-acetic-anhydride")
    _check_requests_and_open_a_passage(page, built_store, expected)
    assert len(loads) == 4  # and one more to the passage
    assert not page.problems, page.problems


def test_one_search_from_home_leads_to_the_same_requests(page, pages_server, built_store):  # noqa: F811
    expected = sparql(built_store, REQUESTS_OF_NAMING)
    page.goto(pages_server.url)
    loads = _page_loads(page)
    page.fill("header input[name=q]", "incb Acetic Anhydride")  # the box on every page
    page.press("header input[name=q]", "Enter")  # the search
    page.click("p.pair a")  # its answer: the body and the substance the words name
    assert len(loads) == 2 and "substance=" in loads[-1]
    _check_requests_and_open_a_passage(page, built_store, expected)
    assert len(loads) == 3
    assert not page.problems, page.problems


def test_resolution_page_reads_its_paragraphs_in_order(page, pages_server, built_store, tmp_path):  # noqa: F811
    resolution = "https://w3id.org/precursor-kg/resolution/cnd/51/10"
    paragraphs = sparql(built_store, PREFIXES + f"""SELECT ?p ?number ?position ?text ?operative WHERE {{
        <{resolution}> pkg:hasParagraph ?p . ?p pkg:position ?position ; ^eli:realizes/pkg:text ?text .
        OPTIONAL {{ ?p pkg:paragraphNumber ?number }}
        BIND(EXISTS {{ ?p a pkg:OperativeParagraph }} AS ?operative) }}""")
    paragraphs.sort(key=lambda x: (x["operative"] == "true", int(x["position"])))
    cited_by = sparql(built_store, PREFIXES + f"SELECT DISTINCT ?p WHERE {{ ?p pkg:cites <{resolution}> }}")
    page.goto(pages_server.url + "resolution/cnd/51/10")
    numbers = page.locator("ol.paragraphs .para-number").all_inner_texts()
    assert numbers == [f"OP {x['number']}" if x["number"] else f"PP {x['position']}" for x in paragraphs]
    texts = page.locator("ol.paragraphs .para-text").all_inner_texts()
    assert [" ".join(t.split()) for t in texts] == [" ".join(x["text"].split()) for x in paragraphs]
    assert page.locator("ol.paragraphs mark.action").count() >= len([x for x in paragraphs if x["operative"] == "true"])
    assert page.locator("ol.paragraphs a.addressee").count() > 0 and page.locator("ol.paragraphs a.mention").count() > 0
    assert len(_table_texts(page, "resolution-cited-by")) == len(cited_by)
    _shot(page, tmp_path, "resolution")
    page.click("ol.paragraphs a.mention >> nth=0")
    page.wait_for_selector("h1")
    assert page.locator("section.panel").count() > 2  # a profile page
    assert not page.problems, page.problems


def test_substance_page_shows_its_requests_by_addressee_and_identifiers(page, pages_server, built_store,  # noqa: F811
                                                                        tmp_path):
    facts = sparql(built_store, PREFIXES + f"SELECT ?cas ?label WHERE {{ <{ACETIC_ANHYDRIDE}> pkg:casNumber ?cas ; "
                                           "skos:prefLabel ?label }")
    addressees = sparql(built_store, PREFIXES + f"""SELECT DISTINCT ?label WHERE {{
        ?p pkg:mentions <{ACETIC_ANHYDRIDE}> ; pkg:hasRequest ?r . ?r pkg:requestAddressee/skos:prefLabel ?label ;
        pkg:requestAction/skos:broader+ ?force .
        FILTER(?force IN (<{ID}action-force/directive>, <{ID}action-force/hortatory>)) }}""")
    page.goto(pages_server.url + "id/substance/acetic-anhydride")
    assert page.inner_text("h1") == facts[0]["label"]
    assert facts[0]["cas"] in page.inner_text("#facts")
    shown = {r[0] for r in _table_texts(page, "requests-naming")}
    assert shown == {x["label"] for x in addressees}
    assert page.locator("svg.timeline rect").count() > 0
    _shot(page, tmp_path, "substance")
    assert not page.problems, page.problems


EXPECTED_ROWS = {  # what a panel of each kind of profile lists, asked here of the graph
    "mentions": "SELECT DISTINCT ?p WHERE {{ ?p pkg:mentions <{iri}> }}",
    "subject-resolutions": "SELECT DISTINCT ?r WHERE {{ ?r dcterms:subject <{iri}> }}",
    "action-requests": """SELECT DISTINCT ?p ?a WHERE {{ ?r pkg:requestAction <{iri}> ; pkg:requestAddressee ?a .
        ?p pkg:hasRequest ?r }}""",
    "requests-of": """SELECT DISTINCT ?r WHERE {{ ?r pkg:requestAddressee <{iri}> ; pkg:requestAction/skos:broader+ ?f .
        FILTER(?f IN (<""" + ID + "action-force/directive>, <" + ID + "action-force/hortatory>)) }}",
}


@pytest.mark.parametrize("path, panel", [
    ("initiative/project-prism", "mentions"), ("treaty/1988-convention", "mentions"),
    ("group/member-states", "requests-of"), ("subject", "subject-resolutions"), ("action/urge", "action-requests")])
def test_profile_pages_of_initiatives_treaties_groups_subjects_and_actions(page, pages_server, built_store, tmp_path,  # noqa: F811
                                                                   path, panel):
    if path == "subject":  # the subject most resolutions of the sample have
        path = sparql(built_store, PREFIXES + """SELECT ?s (COUNT(?r) AS ?n) WHERE { ?r dcterms:subject ?s }
            GROUP BY ?s ORDER BY DESC(?n) ?s LIMIT 1""")[0]["s"][len(ID):]
    iri = ID + path
    label = sparql(built_store, PREFIXES + f"SELECT ?l WHERE {{ <{iri}> skos:prefLabel ?l }}")[0]["l"]
    expected = sparql(built_store, PREFIXES + EXPECTED_ROWS[panel].format(iri=iri))
    page.goto(pages_server.url + "id/" + path)
    assert page.inner_text("h1") == label
    assert len(_table_texts(page, panel)) == len(expected) > 0
    sparql_text = page.locator(f"#{panel} details.sparql pre").text_content()
    assert f"<{iri}>" in sparql_text  # the panel shows the query as run
    page.click(f"#{panel} .downloads a:text-is('Open in the query page')")
    assert f"<{iri}>" in page.input_value("#query")
    _shot(page, tmp_path, path.replace("/", "-"))
    assert not page.problems, page.problems


def test_browse_lists(page, pages_server, built_store, tmp_path):  # noqa: F811
    resolutions = sparql(built_store, PREFIXES + "SELECT DISTINCT ?r WHERE { ?x pkg:describes ?r }")
    substances = sparql(built_store, PREFIXES + "SELECT DISTINCT ?s WHERE { ?s a pkg:Substance ; skos:prefLabel ?l }")
    page.goto(pages_server.url + "browse/resolutions")
    assert len(_table_texts(page, "browse-resolutions")) == len(resolutions)
    _shot(page, tmp_path, "browse-resolutions")
    page.click("nav.browse a:text-is('Substances')")
    assert len(_table_texts(page, "browse-substances")) == len(substances)
    assert not page.problems, page.problems


def test_search_and_suggestions(page, pages_server, tmp_path):  # noqa: F811
    page.goto(pages_server.url)
    page.fill("main input[name=q]", "Commission on Narc")
    page.locator("main datalist option").first.wait_for(state="attached")
    options = page.locator("main datalist option").evaluate_all("os => os.map(o => o.value)")
    assert "Commission on Narcotic Drugs" in options
    page.fill("main input[name=q]", "cnd")
    page.press("main input[name=q]", "Enter")
    assert page.locator("ol.hits li a").first.inner_text() == "Commission on Narcotic Drugs"
    _shot(page, tmp_path, "search")
    assert not page.problems, page.problems


def test_questions_page_answers_with_matched_names(page, pages_server, built_store, tmp_path):  # noqa: F811
    expected = run_query(built_store, "body-requests").values()
    page.goto(pages_server.url + "cq")
    form = page.locator("#body-requests form")
    form.locator("input[name=body]").fill("incb")
    form.locator("button").click()
    assert len(_table_texts(page, "body-requests")) == len(expected)
    page.goto(pages_server.url + "cq/body-requests?body=Narcotics+Board")
    assert "International Narcotics Control Board" in page.inner_text("main")  # the closest labels
    _shot(page, tmp_path, "questions")
    assert [p for p in page.problems if "400" not in p] == []


def test_resolution_page_lists_its_footnotes_with_the_paragraph_of_each_marker(pages_server, built_store):
    """CND 51/10 (sample 000) prints six notes; each is shown with its number and text and a link to the paragraph
    on the page whose text carries its marker."""
    import html
    import re

    resolution = "https://w3id.org/precursor-kg/resolution/cnd/51/10"
    notes = sparql(built_store, PREFIXES + f"""SELECT ?number ?text ?position ?op WHERE {{
        <{resolution}> pkg:hasFootnote ?note . ?note pkg:footnoteNumber ?number ; pkg:footnoteText ?text ;
            pkg:markedIn ?p . ?p pkg:position ?position . OPTIONAL {{ ?p pkg:paragraphNumber ?op }} }}""")
    status, _, body = fetch(pages_server, "resolution/cnd/51/10", "text/html")
    section = body.decode().split('id="resolution-footnotes"', 1)[1].split("</section>", 1)[0]
    shown = [(n, html.unescape(t), anchor) for n, t, anchor in
             re.findall(r'<li><span class="note-number">([^<]+)</span> ([^<]+) <a class="marked-in" href="#([^"]+)"',
                        section)]
    expected = sorted((x["number"], x["text"], f"p-OP-{x['op']}" if x.get("op") else f"p-PP-{x['position']}")
                      for x in notes)
    assert status == 200 and len(expected) == 6
    assert sorted(shown) == expected and [n for n, _, _ in shown] == sorted(n for n, _, _ in shown)
    assert all(f'id="{anchor}"' in body.decode() for _, _, anchor in shown)


def test_pages_work_without_javascript(pages_server, built_store, tmp_path):
    from tests.test_browser import CHROMIUM_ARGS, _chromium

    sync_api = pytest.importorskip("playwright.sync_api")
    if _chromium() is None:
        pytest.skip("Chromium not found")
    expected = sparql(built_store, REQUESTS_OF_NAMING)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=_chromium(), args=CHROMIUM_ARGS)
        page = browser.new_page(java_script_enabled=False)
        page.goto(pages_server.url)
        page.fill("main input[name=q]", "INCB acetic anhydride")
        page.press("main input[name=q]", "Enter")
        page.click("p.pair a")
        assert len(_table_texts(page, "requests-of-naming")) == len(expected)
        browser.close()


def test_home_and_questions_to_browsers_whatever_their_accept(pages_server):
    for accept in ("*/*", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", None):
        status, headers, body = fetch(pages_server, "", accept)
        assert status == 200 and headers["Content-Type"].startswith("text/html"), accept
    status, headers, _ = fetch(pages_server, "", "text/turtle")
    assert headers["Content-Type"].startswith("text/turtle")
    status, headers, body = fetch(pages_server, "cq", "text/html,*/*;q=0.8")
    assert headers["Content-Type"].startswith("text/html") and b"<form" in body
    status, headers, body = fetch(pages_server, "cq", "*/*")
    assert headers["Content-Type"].startswith("application/json") and json.loads(body)
    status, _, body = fetch(pages_server, "search?" + urllib.parse.urlencode({"q": "incb", "format": "json"}))
    assert json.loads(body)[0]["iri"] == INCB


def test_lettered_resolution_page_links_to_its_composite(tmp_path):
    """A lettered ECOSOC resolution has no document symbol of its own: its page leads to the composite that has it
    (built from the bundled text of 436(XIV)A: the five sample texts hold no lettered resolution)."""
    from precursor_kg.build import BuildConfig, build
    from precursor_kg.fileio import bundled_corpus

    source = next(p for p in bundled_corpus() if p.stem == "ecosoc-1952-436-xiv-a")
    out = tmp_path / "build"
    build([source], BuildConfig(out=out, use_cache=False, progress=False))
    with running_server(out, timeout_s=20.0) as server:
        status, _, body = fetch(server, "resolution/ecosoc/1952/436-xiva", "text/html")
        assert status == 200 and b"In composite resolution" in body
        assert b'href="/resolution/ecosoc/1952/436-xiv"' in body
        status, _, body = fetch(server, "resolution/ecosoc/1952/436-xiv", "text/html")
        assert status == 200 and b"E/RES/436(XIV)" in body
