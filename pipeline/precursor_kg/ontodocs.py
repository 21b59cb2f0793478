"""HTML documentation of the ontology, made with pyLODE.

The stylesheet is a file beside the page (pyLODE's `include_css=False`), not an inline `<style>`:
the server's content-security policy (`style-src 'self'`) applies the one and blocks the other.
pyLODE's page names no language and some of its colours are too light to read; `_make_accessible`
adds `lang="en"` and appends the colours of `data/ontodocs-access.css` to its stylesheet.
"""

from __future__ import annotations

import contextlib
import logging
from importlib.resources import files
from pathlib import Path

from .errors import DataFileError, OutputError

STYLE_FILE = "pylode.css"  # the name pyLODE links the page to and copies its stylesheet as


class OntologyDocsError(DataFileError):
    """pyLODE cannot document the ontology."""


def write_ontology_docs(ontology_ttl: Path, out_dir: Path) -> Path:
    """Write `index.html` documenting the ontology, and its stylesheet, into `out_dir`; return the page's path."""
    ontology_ttl, out_dir = Path(ontology_ttl), Path(out_dir)
    if not ontology_ttl.is_file():
        raise OntologyDocsError(f"{ontology_ttl}: no such ontology file")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{out_dir}: cannot create the documentation directory ({exc.strerror})") from None
    target = out_dir / "index.html"
    with _quiet_root_logger():
        try:
            from pylode import OntPub

            OntPub(ontology=str(ontology_ttl), sort_subjects=True).make_html(destination=target, include_css=False)
        except OSError as exc:
            raise OutputError(f"{target}: cannot write the documentation ({exc.strerror})") from None
        except Exception as exc:  # pyLODE raises plain exceptions for ontologies it cannot read
            raise OntologyDocsError(f"{ontology_ttl}: pyLODE cannot document it ({type(exc).__name__}: {exc})") from None
    _make_accessible(target, out_dir / STYLE_FILE)
    return target


def _make_accessible(page: Path, stylesheet: Path) -> None:
    """The page's language on its <html>, for screen readers; readable colours after pyLODE's own."""
    try:
        html = page.read_text(encoding="utf-8")
        page.write_text(html.replace("<html>", '<html lang="en">', 1), encoding="utf-8")
        colours = files("precursor_kg.data").joinpath("ontodocs-access.css").read_text(encoding="utf-8")
        with stylesheet.open("a", encoding="utf-8") as css:
            css.write(colours)
    except OSError as exc:
        raise OutputError(f"{page.parent}: cannot finish the documentation ({exc.strerror})") from None


@contextlib.contextmanager
def _quiet_root_logger():
    """Undo what pyLODE does to logging (it sets the root logger to DEBUG, to stderr, on import)."""
    root = logging.getLogger()
    level, handlers, disabled = root.level, list(root.handlers), logging.root.manager.disable
    logging.disable(logging.INFO)  # its INFO and DEBUG chatter; warnings still show
    try:
        yield
    finally:
        logging.disable(disabled)
        root.setLevel(level)
        for handler in root.handlers[:]:
            if handler not in handlers:
                root.removeHandler(handler)
