"""The WSGI application: SPARQL endpoint, query page, linked data, VoID, dumps.

Routes (the tables ROUTES and PREFIX_ROUTES at the end): / (query page), /sparql and /query
(SPARQL 1.1 Protocol), /cq (competency questions,
/cq/NAME?param=value runs one with its parameters bound as terms), /resource?iri=IRI,
/.well-known/void, /dumps/FILE, /ontology-docs/FILE, /overview.svg, /static/FILE, /status,
and any other path P: the resource whose IRI is base + P.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from http import HTTPStatus
from importlib.resources import files
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from ..graph.iris import DEFAULT_BASE
from ..ontodocs import STYLE_FILE
from ..query import with_values
from ..query.matching import LabelIndex, match_parameters
from . import formats, pages, reading, views
from .config import ServerConfig
from .errors import (
    BadRequest,
    MemoryBudgetExceeded,
    MethodNotAllowed,
    NotAcceptable,
    NotFound,
    QueryTimeout,
    RequestTooLarge,
    ServeError,
    UnsupportedMediaType,
    UpdateRefused,
    WorkerCrashed,
)
from .guard import check_query
from .jobs import Description, Limits, QueryJob
from .profiles import Panel, PanelResult, Profile, browse_facets, browse_lists, load_panel, panel_names, profile_for
from .void import void_triples
from .workers import WorkerPool

log = logging.getLogger("precursor_kg.serve")

DUMP_TYPES = {
    "dataset.nq": "application/n-quads",
    "dataset.trig": "application/trig",
    "graph.ttl": "text/turtle; charset=utf-8",
    "graph.jsonld": "application/ld+json",
    "context.jsonld": "application/ld+json",
}
STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".svg": "image/svg+xml"}
FORMAT_PARAMS = ("format", "output", "results")
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
_SAFE_FILE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")


class Request:
    """The parts of a WSGI environ the routes use; the body is read at most once, within the limit."""

    def __init__(self, environ: dict, max_bytes: int):
        self.environ = environ
        self.method = environ.get("REQUEST_METHOD", "GET").upper()
        self.path = environ.get("PATH_INFO", "/") or "/"
        self.query_string = environ.get("QUERY_STRING", "")
        self.accept = environ.get("HTTP_ACCEPT")
        self.max_bytes = max_bytes
        if len(self.query_string) > max_bytes:
            raise RequestTooLarge(f"the query string is longer than {max_bytes} bytes")
        self.params = _parse_params(self.query_string)

    @property
    def content_type(self) -> str:
        return self.environ.get("CONTENT_TYPE", "").split(";")[0].strip().lower()

    def body(self) -> bytes:
        try:
            length = int(self.environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            raise BadRequest("bad Content-Length") from None
        if length > self.max_bytes:
            raise RequestTooLarge(f"the request body is {length} bytes; at most {self.max_bytes} are accepted")
        data = self.environ["wsgi.input"].read(length) if length > 0 else b""
        return data

    def raw_path(self) -> str:
        """The path as the client sent it (still percent-encoded)."""
        raw = self.environ.get("REQUEST_URI") or self.environ.get("RAW_URI")
        if raw:
            path = urlsplit(raw).path
            if path.startswith("/"):
                return "/" + path.lstrip("/")
        from urllib.parse import quote

        return quote(self.path.encode("latin-1").decode("utf-8", "replace"), safe=pages.PATH_SAFE)

    def root_url(self, public_url: str | None = None) -> str:
        """The server's own address (or the configured public URL), never the client's Host
        header, which anyone can set to any name."""
        if public_url:
            return public_url.rstrip("/") + "/"
        scheme = self.environ.get("wsgi.url_scheme", "http")
        return f"{scheme}://{self.environ.get('SERVER_NAME', 'localhost')}:{self.environ.get('SERVER_PORT', '80')}/"

    def prefers_html(self) -> bool:
        fmt = formats.negotiate(self.accept, (formats.GRAPH_FORMATS[0], formats.HTML))
        return bool(self.accept) and fmt is formats.HTML


def _parse_params(text: str) -> dict[str, list[str]]:
    try:
        return parse_qs(text, keep_blank_values=True, encoding="utf-8", errors="strict", max_num_fields=200)
    except (UnicodeDecodeError, ValueError) as exc:
        raise BadRequest(f"cannot read the parameters ({exc})") from None


class Response:
    def __init__(self, status: int, body: bytes = b"", content_type: str = "text/plain; charset=utf-8",
                 headers: list[tuple[str, str]] | None = None, file: Path | None = None):
        self.status = status
        self.body = body
        self.content_type = content_type
        self.headers = headers or []
        self.file = file


class PrecursorApp:
    """The WSGI callable; `close()` stops the worker processes."""

    def __init__(self, store_dir: Path, config: ServerConfig, build_dir: Path | None = None):
        self.store_dir = Path(store_dir)
        self.build_dir = Path(build_dir) if build_dir else self.store_dir.parent
        self.config = config
        self._build_mark = _build_mark(self.build_dir)
        self.pool = self._start_pool()
        self.costs = CostBook()
        self._closed = threading.Event()
        check_query("ASK {}")  # loads the SPARQL parser now, not on the first request
        if not self.pool.network_blocked:
            log.warning("query workers could not block internet sockets here; SERVICE is refused by the query check only")
        self.limits = Limits(config.max_results, config.max_result_bytes)
        self.base = config.base or self._detect_base()
        self._stats: dict | None = None
        self._labels: LabelIndex | None = None
        self._stats_lock = threading.Lock()
        self.site = pages.Site(
            base=self.base,
            dumps=[n for n in DUMP_TYPES if (self.build_dir / n).is_file()],
            ontology_docs=sorted(p.name for p in (self.build_dir / "ontology-docs").glob("*.html"))
            if (self.build_dir / "ontology-docs").is_dir() else [],
            has_overview=(self.build_dir / "overview.svg").is_file(),
            limits=(f"Limits: {config.timeout_s:g} s per query, {config.max_results} rows or triples, "
                    f"{config.max_result_bytes // (1024 * 1024)} MB per result; read-only; "
                    "no SERVICE"),
        )
        threading.Thread(target=_check_panels, name="precursor-kg-panel-check", daemon=True).start()
        if config.build_watch_s > 0:
            threading.Thread(target=self._watch, name="precursor-kg-build-watch", daemon=True).start()

    def _detect_base(self) -> str:
        for name in self.pool.run(("graphs",), timeout_s=max(30.0, self.config.timeout_s)):
            if name.endswith("graph/ontology"):
                return name[: -len("graph/ontology")]
        return DEFAULT_BASE

    def _start_pool(self) -> WorkerPool:
        config = self.config
        return WorkerPool(self.store_dir, config.worker_count, memory_bytes=config.worker_memory_bytes,
                          wait_s=config.wait_s, reserve=config.reserve, pool_memory_bytes=config.pool_memory)

    def _watch(self) -> None:
        """Look at the build directory every build_watch_s seconds; switch when a new build is there."""
        while not self._closed.wait(self.config.build_watch_s):
            mark = _build_mark(self.build_dir)
            if mark is not None and mark != self._build_mark:
                self.switch(mark)

    def switch(self, mark) -> None:
        """Serve a new build with a whole new set of workers, swapped in at once (never a mix of
        workers on the old store and on the new), once they have all opened the checked store.
        The old workers finish their jobs, then stop."""
        from ..store import damage

        why = damage(self.store_dir)
        if why is not None:
            log.warning("%s: a new build is there, but %s: still serving the previous one", self.store_dir, why)
            return
        try:
            pool = self._start_pool()
        except ServeError as exc:
            log.warning("%s: cannot serve the new build (%s): still serving the previous one", self.store_dir, exc)
            return
        old, self.pool = self.pool, pool
        with self._stats_lock:
            self._stats = None
            self._labels = None
        self._build_mark = mark
        log.warning("%s: serving the new build", self.build_dir)
        retire = threading.Timer(self.config.timeout_s + 2.0, old.close)
        retire.daemon = True
        retire.start()

    def close(self) -> None:
        self._closed.set()
        self.pool.close()

    # -- WSGI
    def __call__(self, environ, start_response):
        accept = environ.get("HTTP_ACCEPT")
        try:
            request = Request(environ, self.config.max_request_bytes)
            response = self.route(request)
        except ServeError as exc:
            response = self.error(exc, accept, environ)
        except Exception:  # noqa: BLE001 - never a traceback to the client
            log.exception("internal error on %s %s", environ.get("REQUEST_METHOD"), environ.get("PATH_INFO"))
            response = self.error(ServeError("internal error"), accept, environ)
        return self.send(response, environ, start_response)

    def send(self, response: Response, environ, start_response):
        headers = [("Content-Type", response.content_type), ("X-Content-Type-Options", "nosniff")]
        if response.content_type.startswith("text/html"):
            headers += [("Content-Security-Policy", CSP), ("Referrer-Policy", "same-origin")]
        if self.config.cors:
            headers.append(("Access-Control-Allow-Origin", "*"))
        headers += response.headers
        status = f"{response.status} {HTTPStatus(response.status).phrase}"
        head = environ.get("REQUEST_METHOD") == "HEAD"  # the headers of a GET, no body
        if response.file is not None:
            size = response.file.stat().st_size
            start_response(status, headers + [("Content-Length", str(size))])
            if head:
                return [b""]
            handle = response.file.open("rb")
            wrapper = environ.get("wsgi.file_wrapper")
            return wrapper(handle, 65536) if wrapper else iter(lambda: handle.read(65536), b"")
        start_response(status, headers + [("Content-Length", str(len(response.body)))])
        return [b""] if head else [response.body]

    def error(self, exc: ServeError, accept: str | None, environ) -> Response:
        status = exc.status
        message = str(exc) or HTTPStatus(status).phrase
        headers = list(exc.headers)
        offers = (formats.Format("text", "text/plain", "txt"), formats.HTML,
                  formats.Format("json", "application/json", "json", ("application/sparql-results+json", "application/ld+json")))
        fmt = formats.negotiate(accept, offers) or offers[0]
        if fmt.name == "html":
            return Response(status, pages.error_page(status, message, self.site), "text/html; charset=utf-8", headers)
        if fmt.name == "json":
            body = json.dumps({"error": exc.code, "status": status, "message": message}).encode()
            return Response(status, body, "application/json", headers)
        return Response(status, f"Error {status} ({exc.code}): {message}\n".encode(), "text/plain; charset=utf-8", headers)

    # -- routing
    def route(self, req: Request) -> Response:
        """The response of the route the path names (ROUTES: exact paths, then PREFIX_ROUTES: the
        rest of the path is the handler's argument), else the resource whose IRI is base + path."""
        path = req.path
        if req.method == "OPTIONS":
            return Response(204, headers=[
                ("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
                ("Access-Control-Allow-Headers", "Accept, Content-Type"),
                ("Access-Control-Max-Age", "86400"), ("Allow", "GET, POST, OPTIONS")])
        if path in SPARQL_PATHS:
            return self.sparql(req)
        if req.method not in ("GET", "HEAD"):
            raise MethodNotAllowed(f"{req.method} is not allowed on {path}")
        if path in ROUTES:
            return ROUTES[path](self, req)
        for prefix, handler in PREFIX_ROUTES:
            if path.startswith(prefix):
                return handler(self, req, path[len(prefix):])
        return self.resource(req, self.base + req.raw_path()[1:])

    def home(self, req: Request) -> Response:
        """The home page, to a browser whatever its Accept (*/* too); VoID to a client asking for RDF."""
        fmt = formats.negotiate(req.accept, (formats.HTML,) + formats.GRAPH_FORMATS, self._format_params(req.params))
        if fmt is formats.HTML or fmt is None:
            return self.html(pages.home_page(self.site, (req.params.get("query") or [None])[-1]))
        return self.void(req)

    def resource_by_parameter(self, req: Request) -> Response:
        iris = req.params.get("iri", [])
        if len(iris) != 1 or not iris[0]:
            raise BadRequest("give the IRI of the resource: /resource?iri=…")
        return self.resource(req, iris[0])

    def no_icon(self, req: Request) -> Response:
        raise NotFound("no icon")

    def dump(self, req: Request, name: str) -> Response:
        return self.file(self.build_dir, name, DUMP_TYPES)

    def ontology_docs(self, req: Request, name: str) -> Response:
        return self.file(self.build_dir / "ontology-docs", name,
                         {"*.html": "text/html; charset=utf-8", STYLE_FILE: "text/css; charset=utf-8"})

    def overview(self, req: Request) -> Response:
        return self.file(self.build_dir, "overview.svg", {"overview.svg": "image/svg+xml"})

    def html(self, body: bytes, status: int = 200) -> Response:
        return Response(status, body, "text/html; charset=utf-8")

    # -- SPARQL protocol
    def sparql(self, req: Request) -> Response:
        params = dict(req.params)
        if req.method in ("GET", "HEAD"):
            pass
        elif req.method == "POST":
            ctype = req.content_type
            if ctype == "application/x-www-form-urlencoded":
                try:
                    form = _parse_params(req.body().decode("utf-8"))
                except UnicodeDecodeError:
                    raise BadRequest("the form is not UTF-8") from None
                for key, values in form.items():
                    params[key] = params.get(key, []) + values
            elif ctype == "application/sparql-query":
                try:
                    params["query"] = params.get("query", []) + [req.body().decode("utf-8")]
                except UnicodeDecodeError:
                    raise BadRequest("the query is not UTF-8") from None
            elif ctype == "application/sparql-update":
                raise UpdateRefused("SPARQL Update is not allowed: this endpoint is read-only")
            else:
                raise UnsupportedMediaType(
                    "POST a query as application/x-www-form-urlencoded (query=…) or as application/sparql-query")
        else:
            raise MethodNotAllowed(f"{req.method} is not allowed on the SPARQL endpoint (GET or POST)")
        if "update" in params:
            raise UpdateRefused("SPARQL Update is not allowed: this endpoint is read-only")
        queries = params.get("query", [])
        if not queries:
            if req.method in ("GET", "HEAD") and (req.prefers_html() or not req.accept):
                return self.html(pages.home_page(self.site))
            raise BadRequest("no query: give one as the `query` parameter")
        if len(queries) > 1:
            raise BadRequest("give exactly one `query` parameter")
        job = QueryJob(
            text=queries[0], accept=req.accept, format_params=tuple(self._format_params(params)), limits=self.limits,
            default_graphs=tuple(_iris(params.get("default-graph-uri", []))),
            named_graphs=tuple(_iris(params.get("named-graph-uri", []))),
        )
        return self._answer(job)

    def _format_params(self, params: dict) -> list[str]:
        return [v for key in FORMAT_PARAMS for v in params.get(key, [])]

    def _answer(self, job: QueryJob) -> Response:
        verdict = check_query(job.text)  # a query refused here never takes a worker (nor is parsed again there)
        heavy = verdict.heavy or self.costs.heavy(verdict.text)
        job = dataclasses.replace(job, verdict=verdict)
        try:
            answer, seconds = self.pool.run_timed(("query", job), timeout_s=self.config.timeout_s, heavy=heavy)
        except (QueryTimeout, WorkerCrashed, MemoryBudgetExceeded):
            self.costs.note(verdict.text)
            raise
        if seconds > self.config.heavy_after_s:
            self.costs.note(verdict.text)
        return Response(200, answer.body, answer.content_type, [("Vary", "Accept"), ("X-Result-Count", str(answer.count))])

    # -- competency questions
    def cq_list(self, req: Request) -> Response:
        """The competency questions: JSON (for the query page's script and clients), a page with a form each to a browser."""
        from ..query import list_queries

        offers = (formats.Format("json", "application/json", "json"), formats.HTML)
        if formats.negotiate(req.accept, offers, self._format_params(req.params)) is formats.HTML:
            return self.html(views.questions_page(list_queries(), self.site))
        items = []
        for q in list_queries():
            items.append({
                "name": q.name, "question": q.question, "answer": q.answer, "form": q.form,
                "needsInference": q.needs_inference, "text": q.text,
                "parameters": [{"name": p.name, "description": p.description,
                                "default": p.default.n3() if p.default else None} for p in q.parameters],
            })
        return Response(200, json.dumps(items, ensure_ascii=False).encode(), "application/json")

    def cq_run(self, req: Request, name: str) -> Response:
        from ..query import BadParameter, QueryError, QueryNotFound, bind_parameters, load_query

        if not _SAFE_FILE.fullmatch(name):
            raise NotFound(f"no competency question {name!r}")
        try:
            query = load_query(name)
            values = {k: v[-1] for k, v in req.params.items() if k not in FORMAT_PARAMS}
            bound = bind_parameters(query, match_parameters(query, values, self.labels))
        except QueryNotFound:
            raise NotFound(f"no competency question {name!r} (see /cq)") from None
        except (BadParameter, QueryError) as exc:
            raise BadRequest(str(exc)) from None
        try:
            substitutions = {k: t.to_pyoxigraph() for k, t in bound.items()}
        except (ValueError, TypeError) as exc:
            raise BadRequest(f"bad parameter value: {exc}") from None
        if req.prefers_html() and not self._format_params(req.params):
            panel = Panel(query.name, query.text, {"title": query.question, "about": query.answer})
            return self.html(views.answer_page(self._run_shown(panel, query.text, substitutions), self.site))
        job = QueryJob(text=query.text, accept=req.accept, format_params=tuple(self._format_params(req.params)),
                       limits=self.limits, substitutions=substitutions)
        return self._answer(job)

    # -- linked data
    def resource(self, req: Request, iri: str) -> Response:
        try:
            ox.NamedNode(iri)
        except ValueError:
            raise BadRequest(f"not a valid IRI: {iri!r}") from None
        offers = formats.GRAPH_FORMATS + (formats.HTML,)
        fmt = formats.negotiate(req.accept, offers, self._format_params(req.params))
        if fmt is None:
            raise NotAcceptable("a resource can be had as HTML, Turtle, N-Triples, JSON-LD or RDF/XML")
        description = self.pool.run(("describe", iri), timeout_s=self.config.timeout_s)
        vary = [("Vary", "Accept")]
        if description.empty:
            if fmt is formats.HTML:
                return Response(404, pages.not_found_page(iri, self.site), "text/html; charset=utf-8", vary)
            raise NotFound(f"nothing is known about <{iri}>")
        if fmt is formats.HTML:
            return Response(200, self.entity_page(req, description), "text/html; charset=utf-8", vary)
        body = formats.serialize_triples(description.triples(), fmt)
        return Response(200, body, fmt.content_type, vary)

    # -- the analysts' pages
    def run_panel(self, name: str, values: dict[str, ox.NamedNode]) -> PanelResult:
        """A panel's rows, run as any query is (guard, workers, limits), with its parameters bound."""
        panel = load_panel(name)
        return self._run_shown(panel, panel.text, {k: v for k, v in values.items() if panel.uses(k)})

    def run_panels(self, names: list[str], values: dict[str, ox.NamedNode]) -> list[PanelResult]:
        """Several panels at once, on as many workers."""
        with ThreadPoolExecutor(max_workers=max(1, min(len(names), self.config.worker_count))) as threads:
            return list(threads.map(lambda name: self.run_panel(name, values), names))

    def _run_shown(self, panel: Panel, text: str, values: dict) -> PanelResult:
        """Run a query as the endpoint does; the text shown is the query with its values bound by VALUES
        (as the worker binds them: the guard checks the unbound text once, then remembers it)."""
        job = QueryJob(text=text, accept="application/sparql-results+json", format_params=(), limits=self.limits,
                       substitutions=values)
        data = json.loads(self._answer(job).body)
        shown = with_values(text, values) or text
        return PanelResult(panel, shown, data["head"]["vars"], data["results"]["bindings"])

    def entity_page(self, req: Request, d: Description) -> bytes:
        """The page of a resolution, of an entity with a profile (substance, body…), else of its statements."""
        profile = profile_for({o.value for p, o in d.outgoing if p.value == pages.RDF_TYPE})
        if profile is None:
            return pages.resource_page(d, self.site)
        values = {"entity": ox.NamedNode(d.iri)}
        if profile.kind == "resolution":
            results = self.run_panels(list(profile.panels), values)
            return reading.resolution_page(d, {r.panel.name: r for r in results}, self.site)
        narrowed_by = self._narrowing(req, profile)
        if narrowed_by:
            values[profile.narrow_parameter] = ox.NamedNode(narrowed_by[0])
        results = self.run_panels(profile.panel_names(narrowed_by is not None), values)
        return views.profile_page(d, profile.kind, results, self.site, narrowed_by)

    def _narrowing(self, req: Request, profile: Profile) -> tuple[str, str] | None:
        """(IRI, name) of the entity a page is narrowed to (?substance=IRI or a name), or None."""
        given = req.params.get(profile.narrow_parameter or "", [])
        if not given or not given[-1].strip():
            return None
        return self._entity_named(profile.narrow_parameter, given[-1])

    def _entity_named(self, parameter: str, given: str) -> tuple[str, str]:
        """(IRI, name) of the entity a parameter's value names (its IRI, a label, an acronym), else a
        one-line error with the closest names."""
        index = self.labels()
        entity = index.entities.get(given.strip())
        found = [entity] if entity else index.lookup(given, "skos:prefLabel")
        if not found:
            near = ", ".join(f'"{n}"' for n in index.closest(given, "skos:prefLabel"))
            hint = f"; closest: {near}" if near else ""
            raise BadRequest(f"{parameter}: nothing is called {given!r}{hint}")
        return found[0].iri, found[0].name

    def search(self, req: Request) -> Response:
        text = (req.params.get("q") or [""])[-1].strip()[:200]
        index = self.labels()
        hits = index.search(text) if text else []
        offers = (formats.HTML, formats.Format("json", "application/json", "json"))
        if formats.negotiate(req.accept, offers, self._format_params(req.params)).name == "json":
            body = [{"label": h.name, "matched": h.matched, "href": self.site.local_href(h.iri), "iri": h.iri} for h in hits[:12]]
            return Response(200, json.dumps(body, ensure_ascii=False).encode(), "application/json")
        pairs = []
        for first, second in index.split_pairs(text):
            kinds = {getattr(profile_for(x.types), "kind", None): x for x in (first, second)}
            if set(kinds) == {"addressee", "substance"}:
                asked, named = kinds["addressee"], kinds["substance"]
                pairs.append((views.link_href(self.site, asked.iri, substance=named.iri) + "#requests-of-naming",
                              f"{asked.name}: every request naming {named.name}, by year"))
        return self.html(views.search_page(text, hits, pairs, self.site))

    def browse(self, req: Request, name: str) -> Response:
        """A browse list; a faceted one (resolutions) narrowed by the facets chosen, with their values counted."""
        lists = browse_lists()
        if name not in lists:
            raise NotFound(f"no list {name!r} (lists: {', '.join(lists)})")
        facets = browse_facets(name)
        chosen = self._facet_choices(req, facets)
        values = {parameter: term for parameter, (term, _) in chosen.items()}
        results = self.run_panels([lists[name], *facets.values()], values)
        facet_results = dict(zip(facets, results[1:], strict=True))
        shown = {parameter: (term.value, label) for parameter, (term, label) in chosen.items()}
        return self.html(views.browse_page(name, results[0], list(lists), self.site, facet_results, shown))

    def _facet_choices(self, req: Request, facets: dict[str, str]) -> dict[str, tuple[ox.NamedNode | ox.Literal, str]]:
        """The facet values a request chose: a year as an integer, anything else the entity it names."""
        chosen = {}
        for parameter in facets:
            given = (req.params.get(parameter) or [""])[-1].strip()
            if not given:
                continue
            if parameter == "year":
                if not re.fullmatch(r"[0-9]{4}", given):
                    raise BadRequest(f"year: {given!r} is not a year (four digits, e.g. 2008)")
                chosen[parameter] = (ox.Literal(given, datatype=XSD_INTEGER), given)
            else:
                iri, label = self._entity_named(parameter, given)
                chosen[parameter] = (ox.NamedNode(iri), label)
        return chosen

    # -- VoID, files, status
    def statistics(self) -> dict:
        with self._stats_lock:
            if self._stats is None:
                self._stats = self.pool.run(("stats",), timeout_s=max(60.0, self.config.timeout_s))
            return self._stats

    def labels(self) -> LabelIndex:
        """The names of the served graph's entities (read once per build), for parameters and search."""
        with self._stats_lock:
            if self._labels is None:
                self._labels = LabelIndex(self.pool.run(("labels",), timeout_s=max(60.0, self.config.timeout_s)))
            return self._labels

    def void(self, req: Request) -> Response:
        offers = formats.GRAPH_FORMATS + (formats.HTML,)
        fmt = formats.negotiate(req.accept, offers, self._format_params(req.params)) or offers[0]
        triples = void_triples(self.statistics(), self.base, req.root_url(self.config.public_url), self.site.dumps)
        if fmt is formats.HTML:
            text = formats.serialize_triples(triples, formats.GRAPH_FORMATS[0]).decode()
            return self.html(pages.text_page("VoID description", text, self.site))
        return Response(200, formats.serialize_triples(triples, fmt), fmt.content_type, [("Vary", "Accept")])

    def status(self, req: Request) -> Response:
        s = self.pool.stats
        body = {"workers": self.pool.alive, "jobs": s.jobs, "timeouts": s.timeouts, "crashes": s.crashes,
                "busy": s.busy, "overBudget": s.over_budget, "started": s.started, "networkBlocked": self.pool.network_blocked}
        return Response(200, json.dumps(body).encode(), "application/json")

    def file(self, folder: Path, name: str, types: dict[str, str]) -> Response:
        if not _SAFE_FILE.fullmatch(name):
            raise NotFound("no such file")
        content_type = types.get(name) or (types.get("*.html") if name.endswith(".html") else None)
        path = folder / name
        if content_type is None or not path.is_file() or path.resolve().parent != folder.resolve():
            raise NotFound(f"no file {name!r} here")
        return Response(200, content_type=content_type, file=path)

    def static(self, req: Request, name: str) -> Response:
        if not _SAFE_FILE.fullmatch(name):
            raise NotFound("no such file")
        resource = files("precursor_kg.serve").joinpath("static", name)
        suffix = "." + name.rsplit(".", 1)[-1]
        if suffix not in STATIC_TYPES or not resource.is_file():
            raise NotFound(f"no static file {name!r}")
        return Response(200, resource.read_bytes(), STATIC_TYPES[suffix], [("Cache-Control", "max-age=3600")])


SPARQL_PATHS = ("/sparql", "/query")
ROUTES = {  # GET and HEAD, by exact path
    "/": PrecursorApp.home,
    "/cq": PrecursorApp.cq_list,
    "/resource": PrecursorApp.resource_by_parameter,
    "/.well-known/void": PrecursorApp.void,
    "/search": PrecursorApp.search,
    "/status": PrecursorApp.status,
    "/overview.svg": PrecursorApp.overview,
    "/favicon.ico": PrecursorApp.no_icon,
}
PREFIX_ROUTES = (  # GET and HEAD, by the start of the path; the rest is the handler's argument
    ("/cq/", PrecursorApp.cq_run),
    ("/browse/", PrecursorApp.browse),
    ("/dumps/", PrecursorApp.dump),
    ("/ontology-docs/", PrecursorApp.ontology_docs),
    ("/static/", PrecursorApp.static),
)


def _check_panels() -> None:
    """Have the guard check (and remember) the panels' queries now, not on the first pages asked for."""
    for name in panel_names():
        check_query(load_panel(name).text)


def _build_mark(build_dir: Path):
    """What tells one build from the next: the identity of its store's seal (None when there is none)."""
    try:
        stat = (build_dir / "store.seal.json").stat()
    except OSError:
        return None
    return stat.st_ino, stat.st_mtime_ns


class CostBook:
    """The queries (normalized texts) that ran long, timed out or ran out of memory: heavy from then on,
    so that a client repeating one cannot take the workers kept for cheap queries. The oldest are forgotten."""

    def __init__(self, size: int = 4096):
        from collections import OrderedDict

        self.size = size
        self._texts: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()

    def heavy(self, text: str) -> bool:
        with self._lock:
            return text in self._texts

    def note(self, text: str) -> None:
        with self._lock:
            self._texts[text] = None
            self._texts.move_to_end(text)
            while len(self._texts) > self.size:
                self._texts.popitem(last=False)


def _iris(values: list[str]) -> list[str]:
    for value in values:
        try:
            ox.NamedNode(value)
        except ValueError:
            raise BadRequest(f"not a valid graph IRI: {value!r}") from None
    return values


def create_app(store_dir: Path, config: ServerConfig | None = None, build_dir: Path | None = None) -> PrecursorApp:
    """The WSGI application serving a pyoxigraph store (build_dir defaults to the store's parent folder)."""
    return PrecursorApp(Path(store_dir), config or ServerConfig(), build_dir)

