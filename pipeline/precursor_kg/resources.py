"""Where the package's data lives: the ontology, the reference modules, the shapes, the
competency questions and the bundled corpus (as pySHACL's consts.py keeps its own), so that
no other module spells a package or file name."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

ONTOLOGY_PACKAGE = "precursor_kg.ontology"
REFERENCE_PACKAGE = "precursor_kg.ontology.reference"
SHAPES_PACKAGE = "precursor_kg.shapes"
QUERY_PACKAGE = "precursor_kg.queries"
CORPUS_PACKAGE = "precursor_kg.corpus"
ONTOLOGY_FILE = "precursor-kg.ttl"
SHAPES_FILE = "precursor-kg-shapes.ttl"


def ontology_file() -> Path:
    return Path(str(files(ONTOLOGY_PACKAGE).joinpath(ONTOLOGY_FILE)))


def data_files() -> list[Path]:
    """The ontology and reference Turtle files, as installed with the package."""
    reference = files(REFERENCE_PACKAGE)
    return [ontology_file()] + sorted(Path(str(p)) for p in reference.iterdir() if p.name.endswith(".ttl"))


def shapes_file() -> Path:
    return Path(str(files(SHAPES_PACKAGE).joinpath(SHAPES_FILE)))
