"""HTML of the analysts' pages: profiles of entities, the resolution as it reads, search, browse
lists. Every panel shows the SPARQL query that made it, a link to open it in the query page, and
its rows as CSV and JSON. Pages need no JavaScript; every value is escaped."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from ..graph.iris import PREFIXES
from .jobs import Description
from .pages import RDF_TYPE, Site, e, layout, search_form
from .profiles import PanelResult

PKG, PKGID = PREFIXES["pkg"], PREFIXES["pkgid"]
KIND_NAMES = {"substance": "Substance", "addressee": "Body, office or group", "initiative": "Initiative",
              "treaty": "Treaty", "concept": "Subject or action", "resolution": "Resolution"}


def _words(variable: str) -> str:
    text = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", variable).lower()
    return text[:1].upper() + text[1:]


def query_links(query: str) -> str:
    """Links to open a query in the query page and to download its rows."""
    edit = "/?" + urlencode({"query": query}) + "#query-ui"
    csv = "/sparql?" + urlencode({"query": query, "format": "csv"})
    json_ = "/sparql?" + urlencode({"query": query, "format": "json"})
    return (f'<details class="sparql"><summary>SPARQL query</summary><pre>{e(query)}</pre></details>'
            f'<p class="downloads"><a href="{e(edit)}">Open in the query page</a> · '
            f'Download <a href="{e(csv)}">CSV</a> · <a href="{e(json_)}">JSON</a></p>')


def _value_html(binding: dict | None, label: dict | None, site: Site, href: str | None = None) -> str:
    if binding is None:  # a label without a value: "(no table)", "(not stated)"
        return e(label["value"]) if label else ""
    if binding["type"] == "uri":
        shown = e(label["value"]) if label else f"<code>{e(site.curie(binding['value']))}</code>"
        if href is None:
            internal = binding["value"].startswith(site.base) or binding["value"].startswith(PKGID)
            href = site.local_href(binding["value"]) if internal else binding["value"]
        return f'<a href="{e(href)}">{shown}</a>'
    return e(label["value"] if label else binding["value"])


def _row_links(result: PanelResult, row: dict, site: Site, here: str | None, entity: str | None) -> dict:
    """The hrefs that a panel's header changes: a column that narrows this page, or another's."""
    links = {}
    narrow = result.panel.hints.get("narrow")
    if narrow and here and row.get(narrow):
        links[narrow] = here + "?" + urlencode({narrow: row[narrow]["value"]})
    narrow_from = result.panel.hints.get("narrow-from", "").split()
    if len(narrow_from) == 2 and entity and row.get(narrow_from[0]):
        column, parameter = narrow_from
        links[column] = site.local_href(row[column]["value"]) + "?" + urlencode({parameter: entity})
    return links


def table_html(result: PanelResult, site: Site, here: str | None = None, entity: str | None = None) -> str:
    columns = [v for v in result.variables if not (v.endswith("Label") and v[:-5] in result.variables)]
    if not result.rows:
        return '<p class="empty">None in this graph.</p>'
    head = "".join(f'<th scope="col">{e(_words(c))}</th>' for c in columns)
    body = []
    for row in result.rows:
        links = _row_links(result, row, site, here, entity)
        cells = "".join(f"<td>{_value_html(row.get(c), row.get(c + 'Label'), site, links.get(c))}</td>"
                        for c in columns)
        body.append(f"<tr>{cells}</tr>")
    count = f'<p class="count">{len(result.rows)} row{"s" if len(result.rows) != 1 else ""}</p>'
    return f'{count}<div class="scroll"><table class="panel"><thead><tr>{head}</tr></thead>' \
           f'<tbody>{"".join(body)}</tbody></table></div>'


def timeline_svg(result: PanelResult) -> str:
    """Bars of the resolutions by year, stacked by adopting body (counts in each part's title)."""
    years: dict[int, dict[str, int]] = {}
    for row in result.rows:
        body = row.get("body", {}).get("value", "?")
        years.setdefault(int(row["year"]["value"]), {})[body] = int(row["resolutions"]["value"])
    if not years:
        return ""
    first, last = min(years), max(years)
    top = max(sum(b.values()) for b in years.values())
    bodies = sorted({b for counts in years.values() for b in counts})
    width, height = (last - first + 1) * 10 + 40, 140
    parts = []
    for year, counts in sorted(years.items()):
        x, base = 20 + (year - first) * 10, 110
        for body in bodies:
            if body in counts:
                h = max(1, round(100 * counts[body] / top))
                parts.append(f'<rect class="bar body-{bodies.index(body) % 6}" x="{x}" y="{base - h}" width="8" '
                             f'height="{h}"><title>{year}: {e(body)} {counts[body]}</title></rect>')
                base -= h
    decades = {y for y in range(first, last + 1) if y % 10 == 0}
    ends = {y for y in (first, last) if all(abs(y - d) > 3 for d in decades)}  # no label over another
    for year in sorted(decades | ends):
        parts.append(f'<text x="{20 + (year - first) * 10}" y="128">{year}</text>')
    legend = " ".join(f'<span class="key body-{i % 6}">{e(b)}</span>' for i, b in enumerate(bodies))
    return (f'<svg class="timeline" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
            f'aria-label="Resolutions by year, {first} to {last}">{"".join(parts)}</svg>'
            f'<p class="legend">{legend}</p>')


def panel_html(result: PanelResult, site: Site, here: str | None = None, entity: str | None = None) -> str:
    about = result.panel.hints.get("about", "")
    about = about[:1].upper() + about[1:]
    plot = timeline_svg(result) if result.panel.hints.get("plot") == "timeline" else ""
    return (f'<section class="panel" id="{e(result.panel.name)}"><h2>{e(result.panel.title)}</h2>'
            f'<p class="about">{e(about)}</p>{plot}{table_html(result, site, here, entity)}'
            f"{query_links(result.query)}</section>")


def _types(d: Description) -> list[str]:
    return [o.value for p, o in d.outgoing if p.value == RDF_TYPE]


def profile_page(d: Description, kind: str, results: list[PanelResult], site: Site,
                 narrowed_by: tuple[str, str] | None = None) -> bytes:
    """The page of a substance, body, initiative, treaty, group or subject: its panels in order."""
    title = d.labels.get(d.iri) or site.curie(d.iri)
    here = site.local_href(d.iri)
    heading = [f'<p class="kind">{e(KIND_NAMES.get(kind, kind))}</p><h1>{e(title)}</h1>',
               f'<p class="iri"><code>{e(d.iri)}</code></p>']
    if narrowed_by:
        heading.append(f'<p class="narrowed">Narrowed to the paragraphs that name '
                       f'<a href="{e(site.local_href(narrowed_by[0]))}">{e(narrowed_by[1])}</a> · '
                       f'<a href="{e(here)}">show all</a></p>')
    toc = "".join(f'<li><a href="#{e(r.panel.name)}">{e(r.panel.title)}</a></li>' for r in results)
    body = heading + [f'<nav class="toc" aria-label="On this page"><ul>{toc}</ul></nav>']
    body += [panel_html(r, site, here, d.iri) for r in results]
    body.append(formats_html(here))
    return layout(title, "\n".join(body), site)


def formats_html(href: str) -> str:
    sep = "&" if "?" in href else "?"
    return (f'<p class="formats">The data: <a href="{e(href + sep)}format=turtle">Turtle</a> · '
            f'<a href="{e(href + sep)}format=ntriples">N-Triples</a> · '
            f'<a href="{e(href + sep)}format=jsonld">JSON-LD</a></p>')


def browse_page(name: str, result: PanelResult, names: list[str], site: Site,
                facets: dict[str, PanelResult] | None = None, chosen: dict[str, tuple[str, str]] | None = None) -> bytes:
    """A browse list; with facets, each a panel of links (no script needed) that narrow the list by one value."""
    others = " · ".join(f'<a href="/browse/{e(n)}">{e(_words(n))}</a>' if n != name else f"<strong>{e(_words(n))}</strong>"
                        for n in names)
    here, chosen = f"/browse/{name}", chosen or {}
    facet_panels = [facet_html(parameter, r, here, chosen) for parameter, r in (facets or {}).items()]
    body = (f'<h1>{e(result.panel.title)}</h1><nav class="browse" aria-label="Browse">{others}</nav>'
            + chosen_html(here, chosen)
            + (f'<div class="facets">{"".join(facet_panels)}</div>' if facet_panels else "")
            + panel_html(result, site))
    return layout(result.panel.title, body, site)


def _facet_href(here: str, chosen: dict[str, tuple[str, str]], **change: str | None) -> str:
    params = {k: v for k, (v, _) in chosen.items()}
    params.update(change)
    query = urlencode({k: v for k, v in params.items() if v is not None})
    return here + ("?" + query if query else "")


def chosen_html(here: str, chosen: dict[str, tuple[str, str]]) -> str:
    """The facets chosen, each with a link that drops it."""
    if not chosen:
        return ""
    items = "".join(f'<li>{e(_words(p))}: <strong>{e(label)}</strong> '
                    f'<a href="{e(_facet_href(here, chosen, **{p: None}))}" aria-label="Drop {e(p)} {e(label)}">drop</a></li>'
                    for p, (_, label) in chosen.items())
    return (f'<section class="chosen" aria-label="Facets chosen"><p>Narrowed to</p><ul>{items}</ul>'
            f'<p><a href="{e(here)}">Show all</a></p></section>')


def facet_html(parameter: str, result: PanelResult, here: str, chosen: dict[str, tuple[str, str]]) -> str:
    """One facet: its values (the first column, labelled by its Label column), each with the count of the last."""
    value, count = result.variables[0], result.variables[-1]
    items = []
    for row in result.rows:
        term = row[value]["value"]
        label = row.get(value + "Label", row[value])["value"]
        picked = chosen.get(parameter, ("",))[0] == term
        current = ' aria-current="true" class="picked"' if picked else ""
        items.append(f'<li><a href="{e(_facet_href(here, chosen, **{parameter: term}))}"{current}>{e(label)}</a> '
                     f'<span class="count">({e(row[count]["value"])})</span></li>')
    listed = f'<ul class="facet-values">{"".join(items)}</ul>' if items else '<p class="empty">None.</p>'
    return (f'<section class="panel facet" id="{e(result.panel.name)}"><h2>{e(result.panel.title)}</h2>'
            f'{listed}{query_links(result.query)}</section>')


def search_page(text: str, hits: list, pairs: list[tuple[str, str]], site: Site) -> bytes:
    """Search results: the entities whose labels match, and a body-and-substance pair when the words name one."""
    parts = [f"<h1>Search</h1>{search_form(text, autofocus=True)}"]
    for href, label in pairs:
        parts.append(f'<p class="pair">Requests: <a href="{e(href)}">{e(label)}</a></p>')
    if text.strip() and not hits and not pairs:
        parts.append(f"<p>Nothing is called {e(text)!s} here.</p>")
    items = []
    for hit in hits:
        kinds = ", ".join(sorted(site.curie(t) for t in hit.types if t.startswith(PKG))) or ""
        also = f' <span class="matched">({e(hit.matched)})</span>' if hit.matched != hit.name else ""
        items.append(f'<li><a href="{e(site.local_href(hit.iri))}">{e(hit.name)}</a>{also} '
                     f'<span class="kinds">{e(kinds)}</span></li>')
    if items:
        parts.append(f'<p class="count">{len(hits)} found</p><ol class="hits">{"".join(items)}</ol>')
    return layout(f"Search: {text}" if text else "Search", "\n".join(parts), site)


def link_href(site: Site, iri: str, **params: str) -> str:
    href = site.local_href(iri)
    return href + ("&" if "?" in href else "?") + urlencode(params) if params else href


def questions_page(queries: list, site: Site) -> bytes:
    """The competency questions, each with a form of its parameters (answered as a page, no script needed)."""
    items = []
    for query in queries:
        fields = []
        for p in query.parameters:
            default = p.default.value if p.default else ""
            fields.append(f'<label>{e(p.name)} <input name="{e(p.name)}" value="{e(default)}"></label> '
                          f'<span class="about">{e(p.description)}</span><br>')
        items.append(f'<li id="{e(query.name)}"><h2>{e(query.question or query.name)}</h2>'
                     f'<p class="about">{e(query.answer)}</p>'
                     f'<form action="/cq/{e(query.name)}" method="get">{"".join(fields)}'
                     f'<button type="submit">Answer</button> <code>{e(query.name)}</code></form></li>')
    body = (f'<h1>Competency questions</h1><p>The questions the graph is built to answer. A name may be written '
            f'as the graph labels it or by an alternative label or acronym, in any case.</p>'
            f'<ol class="questions">{"".join(items)}</ol>')
    return layout("Competency questions", body, site)


def answer_page(result: PanelResult, site: Site) -> bytes:
    body = (f'<p class="kind"><a href="/cq#{e(result.panel.name)}">Competency question</a></p>'
            f"<h1>{e(result.panel.title)}</h1>{panel_html(result, site)}")
    return layout(result.panel.title, body, site)
