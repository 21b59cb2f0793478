"""Accessibility basics on every kind of page, in a real browser (headless Chromium, as
tests/test_browser.py drives it) on a build of the sample corpus: the page's language, a name for
every form control, image and link, text contrast (WCAG AA: 4.5:1, 3:1 for large text), and a
visible focus on everything the keyboard reaches."""

from __future__ import annotations

import urllib.parse

import pytest

from tests.test_browser import page  # noqa: F401 - the browser page fixture
from tests.test_pages import ID, PREFIXES, pages_server, sparql  # noqa: F401 - the server fixture

# What each page breaks, as a list of sentences (empty: nothing), computed in the page.
AUDIT = r"""() => {
  const problems = [];
  const where = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
                      + (el.className && el.className.baseVal === undefined ? "." + el.className : "");
  if (document.documentElement.lang !== "en") problems.push("html has no lang=en");
  if (!document.title.trim()) problems.push("no title");
  for (const el of document.querySelectorAll("input, select, textarea")) {
    if (el.type === "hidden" || el.type === "submit" || el.type === "button") continue;
    const named = (el.labels && el.labels.length) || el.getAttribute("aria-label") || el.getAttribute("aria-labelledby");
    if (!named) problems.push("form control without a label: " + where(el));
  }
  for (const el of document.querySelectorAll("button, a[href]")) {
    const name = el.innerText || el.getAttribute("aria-label") || el.querySelector("img[alt]")?.alt || "";
    if (!name.trim()) problems.push("nameless " + where(el));
  }
  for (const el of document.querySelectorAll("img")) if (!el.hasAttribute("alt")) problems.push("img without alt");
  for (const el of document.querySelectorAll("svg[role=img]")) {
    if (!el.getAttribute("aria-label")) problems.push("svg without a label");
  }
  const rgba = text => { const v = text.match(/[\d.]+/g).map(Number); return [v[0], v[1], v[2], v.length > 3 ? v[3] : 1]; };
  const linear = x => { x /= 255; return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; };
  const lum = ([r, g, b]) => 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  const backdrop = el => { for (let e = el; e; e = e.parentElement) { const c = rgba(getComputedStyle(e).backgroundColor);
                                                                   if (c[3] > 0.5) return c; } return [255, 255, 255, 1]; };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  for (const el of document.querySelectorAll("body *")) {
    if (!el.getClientRects().length || !Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim())) continue;
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || el.closest("[aria-hidden=true], details:not([open]) > :not(summary)")) continue;
    const fg = rgba(el instanceof SVGElement ? style.fill : style.color);
    const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight) >= 700;
    const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    const got = ratio(fg, backdrop(el instanceof SVGElement ? el.ownerSVGElement : el));
    if (got < need) problems.push(`contrast ${got.toFixed(2)} < ${need} on ${where(el)}: ${el.textContent.trim().slice(0, 30)}`);
  }
  return problems;
}"""

FOCUS = r"""() => {
  const el = document.activeElement, style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
  return {tag: el.tagName.toLowerCase(), text: (el.innerText || el.name || el.id || "").slice(0, 30),
          visible: outline || style.boxShadow !== "none", color: style.outlineColor};
}"""


def _contrast_on_white(rgb: str) -> float:
    """The WCAG contrast ratio of a CSS rgb() colour on the pages' white."""
    channels = [int(float(x)) / 255 for x in rgb[rgb.index("(") + 1:rgb.index(")")].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 1.05 / (0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2] + 0.05)


def _pages(store) -> list[str]:
    """A page of every kind: home, search, browse lists, each kind of profile, a resolution, a paragraph, the
    questions and an answer, VoID, a page narrowed, the ontology's documentation (pyLODE's page) and the pages of an
    error."""
    subject = sparql(store, PREFIXES + """SELECT ?s (COUNT(?r) AS ?n) WHERE { ?r dcterms:subject ?s }
        GROUP BY ?s ORDER BY DESC(?n) ?s LIMIT 1""")[0]["s"][len(ID):]
    return ["", "search?q=incb", "browse/resolutions", "browse/resolutions?addressee=incb", "browse/substances",
            "id/substance/acetic-anhydride", "id/body/incb", "id/body/incb?substance=acetic+anhydride",
            "id/initiative/project-prism", "id/treaty/1988-convention", "id/group/member-states", "id/action/urge",
            "id/" + subject, "resolution/cnd/51/10", "resolution/cnd/51/10/operative/1", "cq",
            "cq/body-requests?" + urllib.parse.urlencode({"body": "incb"}), ".well-known/void", "ontology-docs/index.html",
            "id/nothing-is-called-this", "browse/resolutions?year=20x8"]


def test_every_kind_of_page_has_its_language_labels_names_and_contrast(page, pages_server, built_store):  # noqa: F811
    problems = {}
    for path in _pages(built_store):
        page.goto(pages_server.url + path)
        page.wait_for_load_state("load")
        found = page.evaluate(AUDIT)
        if found:
            problems[path] = found
    assert problems == {}


@pytest.mark.parametrize("path", ["", "browse/resolutions?addressee=incb", "resolution/cnd/51/10", "cq"])
def test_the_keyboard_reaches_the_content_and_its_focus_is_visible(page, pages_server, path):  # noqa: F811
    page.goto(pages_server.url + path)
    in_main = "() => document.activeElement.closest('main') !== null"
    if page.evaluate("() => document.activeElement === document.body"):  # else a search box has the focus, in main
        page.keyboard.press("Tab")
        first = page.evaluate(FOCUS)
        assert first["tag"] == "a" and first["text"] == "Skip to the content"  # the first stop skips the header
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
    assert page.evaluate(in_main)
    unseen = []
    for _ in range(25):
        focus = page.evaluate(FOCUS)
        if not focus["visible"] or _contrast_on_white(focus["color"]) < 3:
            unseen.append(focus)
        page.keyboard.press("Tab")
    assert unseen == []
