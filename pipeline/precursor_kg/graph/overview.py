"""The overview picture of a build: resolutions → initiatives → substances, and the citation network.

Drawn with networkx (layout) and matplotlib (SVG), from the built store.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from ..store import union_options
from .iris import sparql_prologue

_PREFIXES = sparql_prologue("pkg", "skos", "rdfs")
_INITIATIVES = _PREFIXES + """
SELECT DISTINCT ?res ?ini WHERE {
  ?r pkg:hasParagraph ?p ; rdfs:label ?res . ?p pkg:mentions ?i . ?i a pkg:Initiative ; skos:prefLabel ?ini .
}"""
_SUBSTANCES = _PREFIXES + """
SELECT DISTINCT ?ini ?sub WHERE {
  ?i a pkg:Initiative ; skos:prefLabel ?ini .
  ?s a pkg:Substance ; skos:prefLabel ?sub .
  { ?i pkg:targetsSubstance ?s } UNION { ?p pkg:mentions ?i , ?s }
  FILTER EXISTS { ?any pkg:mentions ?i }
}"""
_CITATIONS = _PREFIXES + """
SELECT DISTINCT ?from ?to WHERE {
  ?r pkg:hasParagraph ?p ; pkg:symbol ?from . ?p pkg:cites ?c . ?c pkg:symbol ?to .
}"""


# The citation network drawn: its most cited resolutions, a number a page can label (and below the 500
# nodes from which networkx's spring layout needs scipy, which the project does not install)
_MOST_CITED = 150


def _most_cited(network):
    """The subgraph of the `_MOST_CITED` most cited resolutions (ties by symbol), how often each is cited in the
    whole network, and how many resolutions that holds."""
    cited = dict(network.in_degree())
    kept = sorted(network, key=lambda n: (-cited[n], n))[:_MOST_CITED]
    return network.subgraph(kept).copy(), cited, network.number_of_nodes()


def _rows(store: ox.Store, query: str) -> list[tuple[str, ...]]:
    return [tuple(t.value for t in row) for row in store.query(query, **union_options(store))]


def write_overview(store: ox.Store, path: Path) -> Path:
    """Write the overview diagram as SVG."""
    import matplotlib

    matplotlib.use("svg")
    matplotlib.rcParams["svg.hashsalt"] = "precursor-kg"  # stable element ids: the same build gives the same file
    import matplotlib.pyplot as plt
    import networkx as nx

    initiatives = _rows(store, _INITIATIVES)
    substances = _rows(store, _SUBSTANCES)
    citations = _rows(store, _CITATIONS)
    fig, (left, right) = plt.subplots(1, 2, figsize=(16, 9), gridspec_kw={"width_ratios": [3, 2]})

    columns = [
        sorted({r for r, _ in initiatives}),
        sorted({i for _, i in initiatives} | {i for i, _ in substances}),
        sorted({s for _, s in substances}),
    ]
    positions = {}
    for x, (names, prefix) in enumerate(zip(columns, ("r:", "i:", "s:"), strict=False)):
        for k, name in enumerate(names):
            positions[prefix + name] = (x, 1 - (k + 1) / (len(names) + 1))
    layered = nx.DiGraph()
    layered.add_edges_from(("r:" + r, "i:" + i) for r, i in initiatives)
    layered.add_edges_from(("i:" + i, "s:" + s) for i, s in substances)
    colors = {"r": "#4c72b0", "i": "#dd8452", "s": "#55a868"}
    nx.draw_networkx_edges(layered, positions, ax=left, edge_color="#999999", arrows=True, arrowsize=8, width=0.8)
    for node, (x, y) in positions.items():
        left.scatter([x], [y], s=60, color=colors[node[0]], zorder=3)
        left.text(x + (0.04 if x < 2 else -0.04), y, node[2:], fontsize=8, va="center", ha="left" if x < 2 else "right")
    for x, title in enumerate(("Resolutions", "Initiatives", "Substances")):
        left.text(x, 1.02, title, ha="center", fontsize=11, fontweight="bold")
    left.set_xlim(-0.3, 2.3)
    left.set_ylim(-0.02, 1.06)
    left.axis("off")

    _draw_citations(right, citations)
    fig.suptitle("precursor-kg overview", fontsize=14)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format="svg", metadata={"Date": None})
    plt.close(fig)
    return path


def _draw_citations(ax, citations: list[tuple[str, ...]]) -> None:
    """The citation network's most cited resolutions, each node as large as it is cited."""
    import networkx as nx

    network = nx.DiGraph()
    network.add_edges_from(citations)
    network, cited, total = _most_cited(network)
    if network.number_of_nodes():
        nx.draw_networkx(
            network,
            nx.spring_layout(network, seed=7),
            ax=ax,
            node_size=[120 + 120 * cited[n] for n in network],
            node_color="#8172b3",
            font_size=7,
            edge_color="#999999",
            arrowsize=8,
        )
    shown = "" if total <= _MOST_CITED else f", the {_MOST_CITED} most cited of {total} resolutions"
    ax.set_title(f"Citation network (node size: times cited{shown})", fontsize=11, fontweight="bold")
    ax.axis("off")
