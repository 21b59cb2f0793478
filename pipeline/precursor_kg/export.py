"""The linked-data exports, written per named graph and joined.

Each named graph (a document's, the ontology's, the inferred one) is serialized on its own
as TriG, Turtle and JSON-LD; the exports are those parts joined in a fixed order:

  dataset.nq, dataset.trig   every named graph (dataset.nq joins the graphs' N-Quads files)
  graph.ttl, graph.jsonld    the union of the named graphs

Joining is sound: TriG and Turtle allow @prefix again anywhere and a subject in several
blocks, and JSON-LD node objects with the same @id merge. A document's parts are made
where its graph is made (in a worker process, on Dask), cached with its N-Quads, and an
incremental build only joins them again. The exports are written from the N-Quads text,
not dumped from the store, because the store keeps numbers in their primitive datatype
(its xsd:nonNegativeInteger offsets come back as xsd:integer).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

from .graph.iris import DATA_PREFIXES

PART_SUFFIXES = ("trig", "ttl", "jsonld")


def parts(nquads: str) -> dict[str, str]:
    """One named graph's N-Quads as TriG, Turtle and JSON-LD (the node objects, without the enclosing brackets)."""
    quads = list(ox.parse(nquads, format=ox.RdfFormat.N_QUADS))
    triples = [quad.triple for quad in quads]
    jsonld = ox.serialize(triples, format=ox.RdfFormat.JSON_LD).decode("utf-8").strip()
    return {
        "trig": ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=DATA_PREFIXES).decode("utf-8"),
        "ttl": ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=DATA_PREFIXES).decode("utf-8"),
        "jsonld": jsonld[1:-1] if jsonld.startswith("[") else jsonld,
    }


def to_nquads(graph: Graph, graph_iri: URIRef) -> str:
    """The graph's triples as N-Quads in the named graph `graph_iri`, one line each, sorted (stable diffs)."""
    label = f" <{graph_iri}> .\n"
    lines = graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
    return "".join(sorted(line[:-2] + label for line in lines if line.endswith(" .")))


def join_nquads(target: Path, nquads_files: list[Path], append: bool = False) -> None:
    """dataset.nq: the graphs' N-Quads files one after the other."""
    with open(target, "ab" if append else "wb") as joined:
        for path in nquads_files:
            with open(path, "rb") as source:
                shutil.copyfileobj(source, joined)


def write_exports(out: Path, part_files: list[dict[str, Path]]) -> None:
    """Join the graphs' parts into dataset.trig, graph.ttl and graph.jsonld, and write the JSON-LD context."""
    for suffix, name in (("trig", "dataset.trig"), ("ttl", "graph.ttl")):
        with open(out / name, "wb") as target:
            for files in part_files:
                with open(files[suffix], "rb") as source:
                    shutil.copyfileobj(source, target)
                target.write(b"\n")
    with open(out / "graph.jsonld", "wb") as target:
        target.write(b"[")
        first = True
        for files in part_files:
            data = files["jsonld"].read_bytes()
            if data.strip():
                target.write(b"" if first else b",\n")
                target.write(data)
                first = False
        target.write(b"]\n")
    (out / "context.jsonld").write_text(json.dumps({"@context": DATA_PREFIXES}, indent=2) + "\n", encoding="utf-8")


def write_parts(directory: Path, stem: str, graph_parts: dict[str, str]) -> dict[str, Path]:
    """A graph's parts written as directory/<stem>.<suffix>; their paths by suffix."""
    directory.mkdir(exist_ok=True)
    written = {}
    for suffix, text in graph_parts.items():
        written[suffix] = directory / f"{stem}.{suffix}"
        written[suffix].write_text(text, encoding="utf-8")
    return written
