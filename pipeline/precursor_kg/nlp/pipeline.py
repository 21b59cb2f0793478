"""The spaCy pipeline of precursor-kg, configured in one place."""

from __future__ import annotations

import spacy
from spacy.language import Language

COMPONENTS = ("precursor_entity_ruler", "precursor_backrefs", "precursor_citations", "precursor_addressees")


def build_nlp() -> Language:
    """A blank English pipeline with the project's rule-based components."""
    from . import backrefs, citations, clauses, ruler  # noqa: F401  (registers the factories)

    nlp = spacy.blank("en")
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp
