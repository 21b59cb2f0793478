"""The faceted list of resolutions in a real browser (headless Chromium, as tests/test_browser.py
drives it) on a build of the sample corpus: each facet's values and counts, and the list each
click narrows to, are checked against SPARQL queries written here; the links work without
JavaScript; every panel shows its query, opens it in the query page and downloads its rows."""

from __future__ import annotations

import csv
import io
import urllib.parse

import pytest

from tests.test_browser import page  # noqa: F401 - the browser page fixture
from tests.test_pages import ID, PREFIXES, _shot, _table_texts, pages_server, sparql  # noqa: F401 - the server fixture
from tests.test_serve import fetch

CND, INCB = ID + "body/cnd", ID + "body/incb"
LISTED = "?record pkg:describes ?r ."  # a resolution read from the corpus, as the list means it


def _facet(browser_page, name: str) -> dict[str, int]:
    """A facet's values as shown: label -> the count beside it."""
    items = browser_page.locator(f"#facet-{name} ul.facet-values li")
    shown = {}
    for i in range(items.count()):
        label = items.nth(i).locator("a").inner_text().strip()
        shown[label] = int(items.nth(i).locator(".count").inner_text().strip("() "))
    return shown


def _listed(browser_page) -> list[str]:
    """The resolutions the list shows: the Resolution column's text, sorted."""
    return sorted(row[2] for row in _table_texts(browser_page, "browse-resolutions"))


def _symbols(store, where: str) -> list[str]:
    rows = sparql(store, PREFIXES + f"""SELECT DISTINCT ?r ?symbol WHERE {{ {LISTED} {where}
        OPTIONAL {{ ?r pkg:symbol ?s }} BIND(COALESCE(?s, "(fragment)") AS ?symbol) }}""")
    return sorted(x["symbol"] for x in rows)


def _click_facet(browser_page, name: str, label: str) -> int:
    """Follow a facet's link; the count it showed."""
    count = _facet(browser_page, name)[label]
    browser_page.click(f"#facet-{name} ul.facet-values a:text-is('{label}')")
    browser_page.wait_for_selector("section.chosen")
    return count


def test_facets_count_and_narrow_the_resolutions(page, pages_server, built_store, tmp_path):  # noqa: F811
    bodies = sparql(built_store, PREFIXES + f"""SELECT ?label (COUNT(DISTINCT ?r) AS ?n) WHERE {{ {LISTED}
        ?r pkg:adoptedBy/skos:prefLabel ?label FILTER(LANGMATCHES(LANG(?label), "en")) }} GROUP BY ?label""")
    page.goto(pages_server.url)
    page.click("ul.browse a:text-is('Resolutions by body, year, action and addressee')")
    assert len(_listed(page)) == len(_symbols(built_store, ""))
    assert _facet(page, "body") == {x["label"]: int(x["n"]) for x in bodies}

    shown = _click_facet(page, "body", "Commission on Narcotic Drugs")
    expected = _symbols(built_store, f"?r pkg:adoptedBy <{CND}> .")
    assert _listed(page) == expected and shown == len(expected) > 0

    shown = _click_facet(page, "addressee", "International Narcotics Control Board")
    expected = _symbols(built_store, f"""?r pkg:adoptedBy <{CND}> ;
        pkg:hasParagraph/pkg:hasRequest/pkg:requestAddressee <{INCB}> .""")
    assert _listed(page) == expected and shown == len(expected) > 0

    actions = _facet(page, "action")
    action_of_incb = sparql(built_store, PREFIXES + f"""SELECT ?label (COUNT(DISTINCT ?r) AS ?n) WHERE {{ {LISTED}
        ?r pkg:adoptedBy <{CND}> ; pkg:hasParagraph/pkg:hasRequest ?q . ?q pkg:requestAddressee <{INCB}> ;
        pkg:requestAction/skos:prefLabel ?label }} GROUP BY ?label""")
    assert actions == {x["label"]: int(x["n"]) for x in action_of_incb}
    action = next(iter(actions))
    shown = _click_facet(page, "action", action)
    expected = _symbols(built_store, f"""?r pkg:adoptedBy <{CND}> ; pkg:hasParagraph/pkg:hasRequest ?q .
        ?q pkg:requestAddressee <{INCB}> ; pkg:requestAction/skos:prefLabel "{action}"@en .""")
    assert _listed(page) == expected and shown == len(expected) > 0

    year = next(iter(_facet(page, "year")))
    shown = _click_facet(page, "year", year)
    rows = _table_texts(page, "browse-resolutions")
    assert len(rows) == shown > 0 and {r[1] for r in rows} == {year}
    assert set(_listed(page)) <= set(expected)
    _shot(page, tmp_path, "browse-facets")

    page.click("section.chosen a[aria-label='Drop body Commission on Narcotic Drugs']")
    page.wait_for_selector("section.chosen")
    assert "body=" not in page.url and "year=" in page.url and "addressee=" in page.url
    assert not page.problems, page.problems


def test_each_facet_panel_shows_its_query_opens_it_and_downloads_it(page, pages_server, built_store):  # noqa: F811
    page.goto(pages_server.url + "browse/resolutions?" + urllib.parse.urlencode({"addressee": "incb"}))
    listed = _listed(page)
    query = page.locator("#browse-resolutions details.sparql pre").text_content()
    assert f"<{INCB}>" in query and "VALUES (?addressee)" in query  # the query as run, the facet bound
    for name in ("facet-body", "facet-year", "facet-action", "facet-addressee", "browse-resolutions"):
        href = page.locator(f"#{name} .downloads a:text-is('CSV')").get_attribute("href")
        status, headers, body = fetch(pages_server, href.lstrip("/"))
        assert status == 200 and headers["Content-Type"].startswith("text/csv"), name
        rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))[1:]
        shown = page.locator(f"#{name} ul.facet-values li, #{name} table tbody tr").count()
        assert len(rows) == shown > 0, name
    assert len(listed) == len(rows)
    page.click("#browse-resolutions .downloads a:text-is('Open in the query page')")
    assert f"<{INCB}>" in page.input_value("#query")
    assert not page.problems, page.problems


def test_facets_work_without_javascript(pages_server, built_store):  # noqa: F811
    from tests.test_browser import CHROMIUM_ARGS, _chromium

    sync_api = pytest.importorskip("playwright.sync_api")
    if _chromium() is None:
        pytest.skip("Chromium not found")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=_chromium(), args=CHROMIUM_ARGS)
        page = browser.new_page(java_script_enabled=False)
        page.goto(pages_server.url + "browse/resolutions")
        page.click("#facet-addressee a:text-is('International Narcotics Control Board')")
        expected = _symbols(built_store, f"?r pkg:hasParagraph/pkg:hasRequest/pkg:requestAddressee <{INCB}> .")
        assert _listed(page) == expected
        browser.close()


@pytest.mark.parametrize("query, message", [
    ({"year": "20x8"}, "year: '20x8' is not a year"),
    ({"body": "Narcotics Boardx"}, "body: nothing is called 'Narcotics Boardx'; closest:"),
])
def test_a_facet_value_that_names_nothing_is_a_one_line_error(pages_server, query, message):  # noqa: F811
    status, _, body = fetch(pages_server, "browse/resolutions?" + urllib.parse.urlencode(query), "text/plain")
    assert status == 400 and message in body.decode() and body.decode().count("\n") == 1


def test_substances_by_table_and_initiatives_by_operator(page, pages_server, built_store):  # noqa: F811
    english = 'FILTER(LANGMATCHES(LANG(?{0}), "en"))'
    tables = sparql(built_store, PREFIXES + f"""SELECT ?substance ?table WHERE {{
        ?s a pkg:Substance ; skos:prefLabel ?substance {english.format("substance")}
        OPTIONAL {{ ?s pkg:listedIn/skos:prefLabel ?name {english.format("name")} }}
        BIND(COALESCE(?name, "(no table)") AS ?table) }}""")
    operators = sparql(built_store, PREFIXES + f"""SELECT ?initiative ?operator WHERE {{
        ?i a pkg:Initiative ; skos:prefLabel ?initiative {english.format("initiative")}
        FILTER NOT EXISTS {{ ?i a pkg:UnlistedEntity }}
        OPTIONAL {{ ?i pkg:operatedBy/skos:prefLabel ?name {english.format("name")} }}
        BIND(COALESCE(?name, "(not stated)") AS ?operator) }}""")
    assert any(x["table"] != "(no table)" for x in tables) and any(x["operator"] != "(not stated)" for x in operators)
    page.goto(pages_server.url + "browse/resolutions")
    page.click("nav.browse a:text-is('Substances')")
    rows = _table_texts(page, "browse-substances")
    assert sorted((r[0], r[1]) for r in rows) == sorted((x["table"], x["substance"]) for x in tables)
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)  # by table
    page.click("nav.browse a:text-is('Initiatives')")
    rows = _table_texts(page, "browse-initiatives")
    assert sorted((r[0], r[1]) for r in rows) == sorted((x["operator"], x["initiative"]) for x in operators)
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)  # by operator
    assert not page.problems, page.problems
