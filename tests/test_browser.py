"""The query page in a real browser: headless Chromium (Debian's /usr/bin/chromium) driven by Playwright.

Skipped, with the reason, when Chromium or the `playwright` package is missing. Playwright
only drives the installed Chromium over the DevTools protocol: it downloads nothing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.test_serve import make_sample_build, running_server

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _chromium() -> str | None:
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="module")
def browser_server(tmp_path_factory):
    with running_server(make_sample_build(tmp_path_factory.mktemp("browser") / "build")) as srv:
        yield srv


@pytest.fixture()
def page(tmp_path):
    chromium = _chromium()
    if chromium is None:
        pytest.skip("Chromium not found (install Debian's `chromium` package)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the `playwright` package is not installed")
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=chromium, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 1000}, timeout=30_000)
        context.set_default_timeout(15_000)
        page = context.new_page()
        page.problems = []
        page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
        page.on("pageerror", lambda e: page.problems.append(str(e)))
        try:
            yield page
        finally:
            context.close()


def test_query_page_runs_an_example(page, browser_server, tmp_path):
    page.goto(browser_server.url)
    page.locator("#examples option").nth(10).wait_for(state="attached")
    page.select_option("#examples", "table-i-paragraphs")
    assert "Table I" in page.inner_text("#question")
    assert "TableIPrecursor" in page.input_value("#query")
    page.click("#run")
    page.wait_for_selector("table.results tbody tr")
    rows = page.locator("table.results tbody tr")
    assert rows.count() == 3
    assert "acetic anhydride" in page.inner_text("table.results")
    assert "3 rows" in page.inner_text("#status")
    page.screenshot(path=str(tmp_path / "query-page.png"), full_page=True)
    assert (tmp_path / "query-page.png").stat().st_size > 10_000
    assert not page.problems, page.problems  # no script errors, nothing blocked by the page's CSP


def test_query_page_parameters_and_errors(page, browser_server, tmp_path):
    page.goto(browser_server.url)
    page.locator("#examples option").nth(10).wait_for(state="attached")
    page.select_option("#examples", "paragraph-evidence")
    assert page.input_value("#params input[name=symbol]") == '"CND 51/10"'
    page.fill("#params input[name=number]", '"1"')
    page.click("#run")
    page.wait_for_selector("table.results tbody tr")
    assert "Member States" in page.inner_text("table.results")
    # an edited query goes to /sparql; an error is shown as text
    page.fill("#query", "SELECT * WHERE { ?s ?p }")
    page.click("#run")
    page.wait_for_selector("#status.error")
    assert "Error 400" in page.inner_text("#status")
    page.fill("#query", "INSERT DATA { <http://a/b> <http://a/c> <http://a/d> }")
    page.click("#run")
    page.wait_for_selector("#status.error:has-text('403')")
    # a result IRI links to its resource page, which shows the source passage with marks
    page.fill("#query", "SELECT ?p WHERE { ?p <https://w3id.org/precursor-kg/ontology#action> "
                        "<https://w3id.org/precursor-kg/id/action/urge> }")
    page.click("#run")
    page.wait_for_selector("table.results a")
    page.click("table.results a")
    page.wait_for_selector("blockquote mark")
    assert "acetic anhydride" in page.inner_text("blockquote")
    page.screenshot(path=str(tmp_path / "resource-page.png"), full_page=True)
    refused = ("status of 400 (Bad Request)", "status of 403 (Forbidden)")  # the two refused queries above
    assert not [p for p in page.problems if not p.endswith(refused)], page.problems
