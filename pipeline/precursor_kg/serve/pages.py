"""HTML pages: the home and query page, resource pages, VoID and error pages. Every value is escaped."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from urllib.parse import quote

import pyoxigraph as ox

from ..graph.iris import PREFIXES
from .jobs import Description
from .profiles import browse_lists, load_panel

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RESERVED = frozenset({"", "sparql", "query", "cq", "static", "dumps", "resource", "status", "ontology-docs", "search", "browse",
                      ".well-known", "overview.svg", "favicon.ico"})
PATH_SAFE = "/:@!$&'()*+,;=-._~%"


def e(value) -> str:
    return escape(str(value), quote=True)


@dataclass
class Site:
    """What pages need to know about the server."""

    base: str
    dumps: list[str] = field(default_factory=list)  # file names under /dumps/
    ontology_docs: list[str] = field(default_factory=list)  # file names under /ontology-docs/
    has_overview: bool = False
    limits: str = ""

    def local_href(self, iri: str) -> str:
        """The server-local address of an IRI: its path when it lies under the base, else /resource?iri=."""
        if iri.startswith(self.base):
            rest = iri[len(self.base):]
            first = rest.split("/", 1)[0]
            if rest and "#" not in rest and "?" not in rest and first not in RESERVED:
                return "/" + quote(rest, safe=PATH_SAFE)
        return "/resource?iri=" + quote(iri, safe="")

    def curie(self, iri: str) -> str:
        for prefix, ns in PREFIXES.items():
            if iri.startswith(ns) and len(iri) > len(ns):
                return f"{prefix}:{iri[len(ns):]}"
        if iri.startswith(self.base) and len(iri) > len(self.base):
            return iri[len(self.base):]
        return iri


DEFAULT_QUERY = (f"PREFIX pkg: <{PREFIXES['pkg']}>\nPREFIX dcterms: <{PREFIXES['dcterms']}>\n"
                 f"PREFIX eli: <{PREFIXES['eli']}>\n") + """
SELECT ?resolution ?symbol ?title WHERE {
  ?resolution a pkg:Resolution ; pkg:symbol ?symbol .
  OPTIONAL { ?resolution ^eli:realizes [ eli:language <http://publications.europa.eu/resource/authority/language/ENG> ;
                                        dcterms:title ?title ] }
}
ORDER BY ?symbol
LIMIT 100"""


def search_form(text: str = "", autofocus: bool = False) -> str:
    focus = " autofocus" if autofocus else ""
    return (f'<form class="search" role="search" action="/search" method="get">'
            f'<label for="q-{"main" if autofocus else "top"}">Search</label>'
            f'<input id="q-{"main" if autofocus else "top"}" name="q" type="search" value="{e(text)}" '
            f'placeholder="a substance, body, initiative, symbol…" autocomplete="off"{focus}>'
            f'<button type="submit">Search</button></form>')


def layout(title: str, body: str, site: Site | None = None, scripts: tuple[str, ...] = ()) -> bytes:
    nav = ['<a href="/browse/resolutions">Browse</a>', '<a href="/cq">Questions</a>',
           '<a href="/#query-ui">SPARQL</a>', '<a href="/.well-known/void">VoID</a>']
    if site and site.dumps:
        nav.append(f'<a href="/dumps/{e(site.dumps[0])}">Data dump</a>')
    if site and site.ontology_docs:
        nav.append(f'<a href="/ontology-docs/{e(site.ontology_docs[0])}">Ontology</a>')
    script_tags = "".join(f'<script src="/static/{e(s)}" defer></script>' for s in dict.fromkeys(scripts + ("search.js",)))
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)} · precursor-kg</title>
<link rel="icon" href="data:,"><link rel="stylesheet" href="/static/style.css">{script_tags}
</head><body>
<a class="skip" href="#main">Skip to the content</a>
<header><a class="brand" href="/">precursor-kg</a>{search_form()}<nav aria-label="Site">{' · '.join(nav)}</nav></header>
<main id="main" tabindex="-1">
{body}
</main>
<footer>Data: <a href="https://creativecommons.org/licenses/by/4.0/" rel="license">CC BY 4.0</a> ·
SPARQL endpoint: <code>/sparql</code></footer>
</body></html>
"""
    return page.encode("utf-8")


# --------------------------------------------------------------------------- home

def home_page(site: Site, query_text: str | None = None) -> bytes:
    """The way in: search, the browse lists, then the query page (its text given, or the example)."""
    links = ['<li><a href="/sparql">SPARQL endpoint</a> (<code>/sparql</code>, also <code>/query</code>): '
             "SPARQL 1.1 Protocol, GET and POST; JSON, XML, CSV, TSV; Turtle, N-Triples, JSON-LD</li>",
             '<li><a href="/.well-known/void">VoID description</a> of the dataset</li>']
    if site.dumps:
        dumps = ", ".join(f'<a href="/dumps/{e(d)}">{e(d)}</a>' for d in site.dumps)
        links.append(f"<li>Data dumps: {dumps}</li>")
    if site.ontology_docs:
        docs = ", ".join(f'<a href="/ontology-docs/{e(d)}">{e(d)}</a>' for d in site.ontology_docs)
        links.append(f"<li>Ontology documentation: {docs}</li>")
    links.append(f'<li>Every IRI under <code>{e(site.base)}</code> dereferences here: '
                 f'e.g. <a href="{e(site.local_href(site.base + "id/body/incb"))}">id/body/incb</a>; '
                 'any other IRI with <code>/resource?iri=…</code></li>')
    browse = "".join(f'<li><a href="/browse/{e(name)}">{e(load_panel(panel).title)}</a></li>'
                     for name, panel in browse_lists().items())
    overview = ('<section><h2>Overview</h2><img class="overview" src="/overview.svg" '
                'alt="Overview diagram of the knowledge graph"></section>') if site.has_overview else ""
    body = f"""
<h1>precursor-kg</h1>
<p>A knowledge graph of international precursor-chemical control, built from the text of United Nations resolutions.</p>
<section class="start"><h2>Find</h2>{search_form(autofocus=True)}
<p class="examples">For example: <a href="/search?q=INCB">INCB</a> · <a href="/search?q=acetic+anhydride">acetic anhydride</a>
 · <a href="/search?q=INCB+acetic+anhydride">INCB acetic anhydride</a> · <a href="/search?q=Project+Prism">Project Prism</a></p>
<h2>Browse</h2><ul class="browse">{browse}</ul></section>
<section id="query-ui" data-base="{e(site.base)}">
<h2>Query</h2>
<div class="controls">
<label>Competency question <select id="examples"><option value="">— choose an example —</option></select></label>
</div>
<p id="question" class="question"></p>
<div id="params"></div>
<textarea id="query" spellcheck="false" rows="14" aria-label="SPARQL query">{e(query_text or DEFAULT_QUERY)}</textarea>
<div class="controls">
<button id="run" type="button">Run query</button>
<label>Download as <select id="download-format">
<option value="json">JSON</option><option value="xml">XML</option><option value="csv">CSV</option><option value="tsv">TSV</option>
<option value="turtle">Turtle (CONSTRUCT)</option><option value="ntriples">N-Triples (CONSTRUCT)</option>
<option value="jsonld">JSON-LD (CONSTRUCT)</option>
</select></label> <a id="download" href="/sparql">download</a>
<span id="status" role="status"></span>
</div>
<div id="results"></div>
<p class="limits">{e(site.limits)}</p>
</section>
{overview}
<section><h2>Data and documentation</h2><ul>{"".join(links)}</ul></section>
"""
    return layout("Query", body, site, scripts=("query.js",))


# --------------------------------------------------------------------------- resources


def _term_html(term, site: Site, d: Description) -> str:
    if isinstance(term, ox.NamedNode):
        return _iri_html(term.value, site, d)
    if isinstance(term, ox.BlankNode):
        return f"<code>_:{e(term.value)}</code>"
    if isinstance(term, ox.Literal):
        extra = ""
        if term.language:
            extra = f' <span class="lang">@{e(term.language)}</span>'
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            extra = f' <span class="datatype">{e(site.curie(term.datatype.value))}</span>'
        return f'<span class="literal">{e(term.value)}</span>{extra}'
    return f"<code>{e(term)}</code>"


def _iri_html(iri: str, site: Site, d: Description) -> str:
    label = d.labels.get(iri)
    shown = e(label) if label else f"<code>{e(site.curie(iri))}</code>"
    local = iri in d.known or iri == d.iri or iri.startswith(site.base) or iri.startswith(PREFIXES["pkgid"])
    if local:
        return f'<a href="{e(site.local_href(iri))}" title="{e(iri)}">{shown}</a>'
    if iri.startswith(("http://", "https://")):
        return f'<a href="{e(iri)}" rel="external nofollow noopener" title="{e(iri)}">{shown}</a>'
    return shown


def _passage_html(passage: dict, site: Site, d: Description) -> str:
    text = passage["text"]
    parts, pos = [], 0
    for start, end, title, evidence in passage["marks"]:
        start, end = max(start, pos), min(end, len(text))
        if start >= end:
            continue
        parts.append(e(text[pos:start]))
        mark = (
            f'<mark title="{e(title)}">{e(text[start:end])}</mark>' if title else f"<mark>{e(text[start:end])}</mark>"
        )
        if evidence and evidence != d.iri:
            mark = f'<a class="evidence" href="{e(site.local_href(evidence))}">{mark}</a>'
        parts.append(mark)
        pos = end
    parts.append(e(text[pos:]))
    node = passage.get("node")
    where = ""
    if node and node != d.iri:
        where = f'<p class="from">From {_iri_html(node, site, d)}</p>'
    return f'<section class="passage"><h2>Source passage</h2><blockquote>{"".join(parts)}</blockquote>{where}</section>'


IN_RESOLUTION = PREFIXES["pkg"] + "inResolution"


def resource_page(d: Description, site: Site) -> bytes:
    title = d.labels.get(d.iri) or site.curie(d.iri)
    resolution = next((o.value for p, o in d.outgoing if p.value == IN_RESOLUTION), None)
    where = d.labels.get(resolution) if resolution else None
    types = [o for p, o in d.outgoing if p.value == RDF_TYPE]
    type_html = ", ".join(_term_html(t, site, d) for t in types) or "—"
    rows = []
    for p, o in d.outgoing:
        if p.value == RDF_TYPE:
            continue
        rows.append(f"<tr><th>{_iri_html(p.value, site, d)}</th><td>{_term_html(o, site, d)}</td></tr>")
    incoming = [
        f"<tr><td>{_term_html(s, site, d)}</td><th>{_iri_html(p.value, site, d)}</th></tr>" for s, p in d.incoming
    ]
    body = [
        f"<h1>{e(title)}</h1>",
        f'<p class="iri"><code>{e(d.iri)}</code></p>',
        f'<p class="types">Type: {type_html}</p>',
    ]
    if resolution:
        body.append(f'<p class="from">In <a href="{e(site.local_href(resolution))}">{e(where or site.curie(resolution))}</a>, '
                    "as it reads</p>")
    if d.passage:
        body.append(_passage_html(d.passage, site, d))
    if d.graph_size is not None:
        body.append(f'<p class="graph">This IRI names a graph of {d.graph_size} statements.</p>')
    if rows:
        body.append(f'<section><h2>Properties</h2><table class="props">{"".join(rows)}</table></section>')
    if incoming:
        body.append(f'<section><h2>Referenced by</h2><table class="props">{"".join(incoming)}</table></section>')
    if d.truncated:
        body.append('<p class="note">Only the first statements are shown; query the SPARQL endpoint for all.</p>')
    if d.graphs:
        graphs = ", ".join(_iri_html(g, site, d) for g in d.graphs)
        body.append(f'<p class="graphs">Statements from the named graphs: {graphs}</p>')
    href = site.local_href(d.iri)
    sep = "&" if "?" in href else "?"
    body.append(
        f'<p class="formats">As <a href="{e(href + sep)}format=turtle">Turtle</a> · '
        f'<a href="{e(href + sep)}format=ntriples">N-Triples</a> · '
        f'<a href="{e(href + sep)}format=jsonld">JSON-LD</a></p>'
    )
    return layout(title, "\n".join(body), site)


def not_found_page(iri: str, site: Site) -> bytes:
    body = (
        f"<h1>Not found</h1><p>Nothing is known about <code>{e(iri)}</code> in this graph.</p>"
        f'<p><a href="/">Query the graph</a></p>'
    )
    return layout("Not found", body, site)


def error_page(status: int, message: str, site: Site | None = None) -> bytes:
    return layout(f"Error {status}", f"<h1>Error {status}</h1><p>{e(message)}</p>", site)


def text_page(title: str, text: str, site: Site) -> bytes:
    return layout(title, f"<h1>{e(title)}</h1><pre>{e(text)}</pre>", site)
