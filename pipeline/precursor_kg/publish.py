"""Publish a build's named graphs to a store that speaks the SPARQL 1.1 Graph Store HTTP Protocol.

Each named graph of build/dataset.nq replaces the graph of the same name in the target
(`PUT <store>?graph=<iri>` with an N-Triples body); triples in the default graph, if any,
replace the target's default graph (`PUT <store>?default`). Failures raise PublishError
with a one-line message.
"""

from __future__ import annotations

import base64
import urllib.error
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

from .errors import PrecursorKGError

N_TRIPLES = "application/n-triples"


class PublishError(PrecursorKGError):
    """The graphs could not be published (bad input, unreachable store, HTTP error)."""

    exit_code = 1


@dataclass
class PublishReport:
    target: str
    graphs: int = 0  # named graphs sent
    quads: int = 0  # quads sent, default graph included
    default_triples: int = 0
    names: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        extra = f" and {self.default_triples} default-graph triples" if self.default_triples else ""
        return f"published {self.graphs} named graphs ({self.quads} quads{extra}) to {self.target}"


def _graph_url(gsp_url: str, graph: str | None) -> str:
    parts = urlsplit(gsp_url)
    param = urlencode({"graph": graph}) if graph is not None else "default"
    query = f"{parts.query}&{param}" if parts.query else param
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def _read_graphs(dataset: Path) -> dict[str | None, list]:
    import pyoxigraph as ox

    graphs: dict[str | None, list] = defaultdict(list)
    seen = set()
    try:
        for quad in ox.parse(path=str(dataset), format=ox.RdfFormat.N_QUADS):
            if quad in seen:
                continue
            seen.add(quad)
            name = None if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
            graphs[name].append(quad.triple)
    except (OSError, SyntaxError, ValueError) as exc:
        raise PublishError(f"{dataset}: cannot read it ({' '.join(str(exc).split())[:200]})") from None
    return graphs


def _put(url: str, body: bytes, auth: tuple[str, str] | None, timeout: float) -> None:
    request = urllib.request.Request(url, data=body, method="PUT", headers={"Content-Type": N_TRIPLES})
    if auth is not None:
        token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        detail = ""
        try:
            detail = " ".join(exc.read(500).decode("utf-8", "replace").split())[:200]
        except OSError:
            pass
        raise PublishError(f"PUT {url}: HTTP {exc.code} {exc.reason}" + (f": {detail}" if detail else "")) from None
    except urllib.error.URLError as exc:
        raise PublishError(f"cannot reach {url}: {exc.reason}") from None
    except (OSError, ValueError) as exc:
        raise PublishError(f"PUT {url}: {exc}") from None


def publish(build_dir: Path, gsp_url: str, auth: tuple[str, str] | None = None, timeout: float = 300.0) -> PublishReport:
    """Replace each named graph of the build in the Graph Store Protocol endpoint gsp_url."""
    import pyoxigraph as ox

    parts = urlsplit(gsp_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise PublishError(f"{gsp_url!r} is not an http(s) URL of a Graph Store Protocol endpoint")
    dataset = Path(build_dir) / "dataset.nq"
    if not dataset.is_file():
        raise PublishError(f"{build_dir}: no dataset.nq (run `precursor-kg build` first)")
    graphs = _read_graphs(dataset)
    report = PublishReport(target=gsp_url)
    for name in sorted(graphs, key=lambda g: (g is not None, g or "")):
        triples = graphs[name]
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        _put(_graph_url(gsp_url, name), body, auth, timeout)
        report.quads += len(triples)
        if name is None:
            report.default_triples = len(triples)
        else:
            report.graphs += 1
            report.names.append(name)
    return report
