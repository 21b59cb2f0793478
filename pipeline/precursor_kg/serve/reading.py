"""The page of a resolution that reads like the resolution: its heading facts, its paragraphs in
order with their text, the words of each paragraph's action and addressees marked and its
mentions and citations linked (found from the evidence of those statements), its footnotes with the
paragraph that carries each one's marker, what it cites and what cites it, and the links to its data."""

from __future__ import annotations

import pyoxigraph as ox

from .jobs import Description
from .pages import Site, e, layout
from .profiles import PanelResult
from .views import PKG, PKGID, formats_html, panel_html, query_links

DCTERMS = "http://purl.org/dc/terms/"
ELI_REALIZES = "http://data.europa.eu/eli/ontology#realizes"
HEAD_FIELDS = (("Symbol", PKG + "symbol"), ("UN document symbol", PKG + "documentSymbol"),
               ("In composite resolution", PKG + "inComposite"),
               ("Adopted by", PKG + "adoptedBy"), ("Adopted on", PKG + "dateAdopted"),
               ("Subjects", DCTERMS + "subject"), ("Source", PKG + "undocsPage"))
MARK_ORDER = {PKG + "action": 0, PKG + "addressee": 1, PKG + "cites": 2, PKG + "mentions": 3}
MARK_CLASS = {PKG + "action": "action", PKG + "addressee": "addressee", PKG + "cites": "cite", PKG + "mentions": "mention"}


def _field_html(d: Description, predicate: str, site: Site) -> str:
    shown = []
    for p, o in d.outgoing:
        if p.value != predicate:
            continue
        if isinstance(o, ox.Literal):
            shown.append(e(o.value))
        elif o.value.startswith("http") and not o.value.startswith((site.base, PKGID)):
            shown.append(f'<a href="{e(o.value)}" rel="external noopener">{e(o.value)}</a>')
        else:
            shown.append(f'<a href="{e(site.local_href(o.value))}">{e(d.labels.get(o.value) or site.curie(o.value))}</a>')
    return ", ".join(shown)


def _spans(text: str, marks: list[dict]) -> list[tuple[int, int, dict]]:
    """Where each mark's words are in the paragraph: the first free place, action first, then
    addressees, citations and mentions; a mark whose words are elsewhere (a sub-paragraph) is left out."""
    taken: list[tuple[int, int, dict]] = []
    for mark in sorted(marks, key=lambda m: (MARK_ORDER.get(m["property"]["value"], 9), -len(m["exact"]["value"]))):
        exact, start = mark["exact"]["value"], 0
        while exact and (found := text.find(exact, start)) >= 0:
            end = found + len(exact)
            if all(end <= s or found >= t for s, t, _ in taken):
                taken.append((found, end, mark))
                break
            start = found + 1
    return sorted(taken, key=lambda s: s[0])


def marked_text(text: str, marks: list[dict], site: Site) -> str:
    out, pos = [], 0
    for start, end, mark in _spans(text, marks):
        prop = mark["property"]["value"]
        words, value = e(text[start:end]), mark["value"]
        label = mark.get("valueLabel", {}).get("value") or site.curie(value["value"])
        css = MARK_CLASS.get(prop, "mention")
        inner = f'<mark class="{css}" title="{e(css)}: {e(label)}">{words}</mark>'
        if value["type"] == "uri" and prop != PKG + "action":
            inner = f'<a class="{css}" href="{e(site.local_href(value["value"]))}">{inner}</a>'
        out += [e(text[pos:start]), inner]
        pos = end
    out.append(e(text[pos:]))
    return "".join(out)


def paragraphs_html(paragraphs: PanelResult, marks: PanelResult, site: Site) -> str:
    by_paragraph: dict[str, list[dict]] = {}
    for row in marks.rows:
        by_paragraph.setdefault(row["paragraph"]["value"], []).append(row)
    items = []
    for row in paragraphs.rows:
        iri = row["paragraph"]["value"]
        number = row.get("number", {}).get("value")
        name = f"OP {number}" if number else f"PP {row['position']['value']}"
        text = row.get("text", {}).get("value", "")
        action = row.get("action", {}).get("value")
        badge = f' <span class="action-name">{e(action)}</span>' if action else ""
        items.append(f'<li class="{e(row["kind"]["value"])}" id="p-{e(name.replace(" ", "-"))}">'
                     f'<a class="para-number" href="{e(site.local_href(iri))}" title="the paragraph, its evidence and data">'
                     f'{e(name)}</a>{badge}<p class="para-text">{marked_text(text, by_paragraph.get(iri, []), site)}</p></li>')
    if not items:
        return '<p class="empty">The graph holds no paragraphs of this resolution (a resolution cited, not read).</p>'
    legend = ('<p class="legend">Marked: <mark class="action">action</mark> · <mark class="addressee">addressee</mark> · '
              '<mark class="mention">named entity</mark> · <mark class="cite">cited resolution</mark></p>')
    return (f'<section class="panel" id="resolution-paragraphs"><h2>Text</h2>{legend}<ol class="paragraphs">{"".join(items)}'
            f"</ol>{query_links(paragraphs.query)}{query_links(marks.query)}</section>")


def footnotes_html(footnotes: PanelResult, site: Site) -> str:
    """The notes as the resolution prints them, number and text, each with a link to the paragraph on this page
    whose text carries its marker."""
    items = []
    for row in footnotes.rows:
        where = row.get("paragraphLabel", {}).get("value")
        link = (f' <a class="marked-in" href="#p-{e(where.replace(" ", "-"))}" title="the paragraph that carries the '
                f'marker">({e(where)})</a>') if where else ""
        items.append(f'<li><span class="note-number">{e(row["number"]["value"])}</span> '
                     f'{e(row["text"]["value"])}{link}</li>')
    if not items:
        return ""
    return (f'<section class="panel" id="resolution-footnotes"><h2>Footnotes</h2><ul class="footnotes">{"".join(items)}'
            f"</ul>{query_links(footnotes.query)}</section>")


def resolution_page(d: Description, results: dict[str, PanelResult], site: Site) -> bytes:
    symbol = next((o.value for p, o in d.outgoing if p.value == PKG + "symbol"), None)
    # The title is on the resolution's expression (its English one: the only language the build reads), whose
    # label is its title.
    title = next((d.labels.get(s.value) for s, p in d.incoming if p.value == ELI_REALIZES), None)
    name = symbol or d.labels.get(d.iri) or site.curie(d.iri)
    rows = [f"<tr><th scope=\"row\">{e(label)}</th><td>{html}</td></tr>"
            for label, predicate in HEAD_FIELDS if (html := _field_html(d, predicate, site))]
    records = [s.value for s, p in d.incoming if p.value == PKG + "describes"]
    record = "".join(f'<p class="record">Read from the text recorded in '
                     f'<a href="{e(site.local_href(r))}">{e(site.curie(r))}</a></p>' for r in records)
    body = [f'<p class="kind">Resolution</p><h1>{e(name)}</h1>',
            f'<p class="title">{e(title)}</p>' if title else "",
            f'<table class="facts">{"".join(rows)}</table>{record}',
            paragraphs_html(results["resolution-paragraphs"], results["resolution-marks"], site),
            footnotes_html(results["resolution-footnotes"], site),
            panel_html(results["resolution-cites"], site),
            panel_html(results["resolution-cited-by"], site),
            formats_html(site.local_href(d.iri))]
    return layout(name + (f" — {title}" if title else ""), "\n".join(body), site)
