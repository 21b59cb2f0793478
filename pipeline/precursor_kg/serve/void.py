"""The VoID description of the served dataset (https://www.w3.org/TR/void/)."""

from __future__ import annotations

import pyoxigraph as ox

from ..graph.iris import PREFIXES

VOID = "http://rdfs.org/ns/void#"
DCTERMS = "http://purl.org/dc/terms/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
LICENSE = "https://creativecommons.org/licenses/by/4.0/"

# Vocabularies announced with void:vocabulary when the data uses a term of theirs.
VOCABULARIES = (
    PREFIXES["pkg"],
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://www.w3.org/2000/01/rdf-schema#",
    "http://www.w3.org/2002/07/owl#",
    "http://www.w3.org/2004/02/skos/core#",
    "http://purl.org/dc/terms/",
    "http://www.w3.org/ns/prov#",
    "http://www.w3.org/ns/oa#",
    "http://www.w3.org/ns/org#",
    "http://xmlns.com/foaf/0.1/",
    "http://data.europa.eu/eli/ontology#",
    "http://purl.org/vocab/vann/",
)
DUMP_MEDIA = {
    "dataset.nq": "http://www.w3.org/ns/formats/N-Quads",
    "dataset.trig": "http://www.w3.org/ns/formats/TriG",
    "graph.ttl": "http://www.w3.org/ns/formats/Turtle",
    "graph.jsonld": "http://www.w3.org/ns/formats/JSON-LD",
}


def void_triples(stats: dict, base: str, root_url: str, dumps: list[str]) -> list[ox.Triple]:
    """The VoID triples: the dataset, its endpoint, dumps, licence, vocabularies, and one subset per named graph."""
    dataset = ox.NamedNode(base + "dataset")
    out: list[ox.Triple] = []

    def add(s, p: str, o) -> None:
        out.append(ox.Triple(s, ox.NamedNode(p), o))

    def count(n: int) -> ox.Literal:
        return ox.Literal(str(int(n)), datatype=XSD_INTEGER)

    add(dataset, RDF_TYPE, ox.NamedNode(VOID + "Dataset"))
    add(
        dataset,
        DCTERMS + "title",
        ox.Literal("precursor-kg: international precursor-chemical control in UN resolutions", language="en"),
    )
    add(
        dataset,
        DCTERMS + "description",
        ox.Literal(
            "Resolutions of the General Assembly, ECOSOC and the Commission on Narcotic Drugs on precursor chemicals: "
            "their paragraphs, actions, addressees, the substances, initiatives, bodies and treaties they mention, "
            "with the provenance of every statement in the source text.",
            language="en",
        ),
    )
    add(dataset, DCTERMS + "license", ox.NamedNode(LICENSE))
    add(dataset, VOID + "sparqlEndpoint", ox.NamedNode(root_url + "sparql"))
    add(dataset, VOID + "uriSpace", ox.Literal(base))
    for name in dumps:
        if name in DUMP_MEDIA:
            add(dataset, VOID + "dataDump", ox.NamedNode(root_url + "dumps/" + name))
            add(dataset, VOID + "feature", ox.NamedNode(DUMP_MEDIA[name]))
    add(dataset, VOID + "triples", count(stats["triples"]))
    add(dataset, VOID + "entities", count(stats["entities"]))
    add(dataset, VOID + "classes", count(stats["classes"]))
    add(dataset, VOID + "properties", count(stats["properties"]))
    add(dataset, VOID + "distinctObjects", count(stats["distinct_objects"]))
    used = stats["predicate_iris"] + stats["class_iris"]
    for ns in VOCABULARIES:
        if any(iri.startswith(ns) for iri in used):
            add(dataset, VOID + "vocabulary", ox.NamedNode(ns))
    for graph, size in sorted(stats["graphs"].items()):
        subset = ox.NamedNode(graph)
        add(dataset, VOID + "subset", subset)
        add(subset, RDF_TYPE, ox.NamedNode(VOID + "Dataset"))
        add(subset, VOID + "triples", count(size))
        add(subset, DCTERMS + "title", ox.Literal(f"named graph {graph.rsplit('/', 1)[-1]}", language="en"))
        add(subset, DCTERMS + "license", ox.NamedNode(LICENSE))
    return out
