"""The spaCy pipeline of precursor-kg, configured in one place."""

from __future__ import annotations

import spacy
from spacy.language import Language

COMPONENTS = (
    "precursor_entity_ruler",
    "precursor_backrefs",
    "precursor_unlisted_names",
    "precursor_citations",
    "precursor_addressees",
)
# For a pipeline of one's own on a resolution's plain text: the structure component first
PIPELINE = ("precursor_structure",) + COMPONENTS


def build_nlp(components: tuple[str, ...] = COMPONENTS) -> Language:
    """A blank English pipeline with the project's rule-based components.

    The Extractor uses COMPONENTS: it finds the structure of the cleaned text itself, one Doc
    per resolution; `build_nlp(PIPELINE)` reads a resolution's text as it is.
    """
    from . import backrefs, citations, clauses, names, paragraphs, ruler  # noqa: F401  (registers the factories)

    nlp = spacy.blank("en")
    for component in components:
        nlp.add_pipe(component)
    return nlp
