"""The ontology's documentation as the server serves it: styled, under the content-security policy
every HTML page gets (`style-src 'self'`, no 'unsafe-inline'). pyLODE's page links its stylesheet
(`ontodocs.STYLE_FILE`) instead of carrying an inline <style> the policy would block.

The browser test uses headless Chromium as tests/test_browser.py does, and is skipped the same way.
"""

from __future__ import annotations

import http.client

import pytest

from precursor_kg import resources
from precursor_kg.ontodocs import STYLE_FILE, write_ontology_docs
from tests.test_browser import page  # noqa: F401  (the browser fixture)
from tests.test_serve import make_sample_build, running_server


@pytest.fixture(scope="module")
def docs_server(tmp_path_factory):
    build = make_sample_build(tmp_path_factory.mktemp("docs") / "build")
    write_ontology_docs(resources.ontology_file(), build / "ontology-docs")  # the real pyLODE page
    with running_server(build) as srv:
        yield srv


def _get(server, path: str) -> tuple[int, dict, bytes]:
    host, port = server.url.removeprefix("http://").rstrip("/").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def test_docs_page_links_its_stylesheet_which_the_server_serves(docs_server):
    status, headers, body = _get(docs_server, "/ontology-docs/index.html")
    policy = headers["Content-Security-Policy"]
    assert status == 200 and "style-src 'self'" in policy and "unsafe-inline" not in policy
    assert b"<style" not in body and f'href="{STYLE_FILE}"'.encode() in body and b'<html lang="en">' in body
    status, headers, css = _get(docs_server, f"/ontology-docs/{STYLE_FILE}")
    assert status == 200 and headers["Content-Type"].startswith("text/css") and b"#pylode" in css
    assert _get(docs_server, "/ontology-docs/other.css")[0] == 404  # only the stylesheet pyLODE writes


def test_served_docs_page_is_styled_in_a_browser(page, docs_server):  # noqa: F811
    page.goto(docs_server.url.rstrip("/") + "/ontology-docs/index.html")
    page.locator("#pylode").wait_for(state="attached")
    style = page.evaluate("""() => {
        const badge = getComputedStyle(document.getElementById('pylode'));
        const term = getComputedStyle(document.querySelector('dt'));
        return {position: badge.position, transform: badge.transform, dt: term.fontWeight,
                sheets: Array.from(document.styleSheets).map(s => s.cssRules.length)};
    }""")
    assert style["position"] == "fixed" and style["transform"] != "none", style  # pyLODE's badge, as its CSS sets it
    assert int(style["dt"]) >= 700 and sum(style["sheets"]) > 20, style
    assert not page.problems, page.problems  # nothing refused by the content-security policy
