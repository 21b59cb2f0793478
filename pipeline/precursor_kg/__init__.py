"""precursor-kg: a knowledge graph of international precursor-chemical control."""
__version__ = "0.1.0"
