"""Data files of precursor-kg, installed as a package so that importlib.resources finds them."""
