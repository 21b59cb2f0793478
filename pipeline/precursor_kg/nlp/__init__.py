"""spaCy components of precursor-kg, registered as factories.

import spacy, precursor_kg.nlp
nlp = spacy.blank("en")
nlp.add_pipe("precursor_entity_ruler")   # substances, initiatives, bodies, offices, treaties
nlp.add_pipe("precursor_backrefs")       # "the Board" -> International Narcotics Control Board
nlp.add_pipe("precursor_citations")      # "resolutions 43/8 and 50/11" -> CND 43/8, CND 50/11
nlp.add_pipe("precursor_addressees")     # needs doc.spans["paragraphs"] and doc.spans["actions"]
"""

from .backrefs import make_backrefs
from .citations import make_citations
from .clauses import make_addressees
from .openers import Opener, OpenerMatcher
from .pipeline import COMPONENTS, build_nlp
from .ruler import make_entity_ruler

__all__ = [
    "COMPONENTS",
    "Opener",
    "OpenerMatcher",
    "build_nlp",
    "make_addressees",
    "make_backrefs",
    "make_citations",
    "make_entity_ruler",
]
