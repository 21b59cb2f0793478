"""Competency questions and SPARQL: terms, the one tokenizer, the catalogue, running, writing.

- `terms`: RDF terms independent of pyoxigraph and rdflib, parsed from what a user writes;
- `lexer`: the SPARQL tokenizer (escapes, tokens, nesting), also the endpoint guard's;
- `catalogue`: the bundled `.rq` files and their header comments, parameters bound as terms;
- `run`: running a query on a pyoxigraph store or an rdflib dataset;
- `writers`: the one table of result writers (CSV, JSON, TSV, XML, table), by name, used by
  the command line and the endpoint alike.
"""

from .catalogue import (
    CompetencyQuery,
    Parameter,
    available_queries,
    bind_parameters,
    list_queries,
    load_query,
    parse_query,
)
from .errors import BadParameter, QueryError, QueryNotFound, QuerySyntaxError
from .lexer import strip_comments
from .run import QueryResult, open_store, run_query, with_values
from .terms import Term, parse_term
from .writers import WRITERS, format_result

__all__ = [
    "WRITERS",
    "BadParameter",
    "CompetencyQuery",
    "Parameter",
    "QueryError",
    "QueryNotFound",
    "QueryResult",
    "QuerySyntaxError",
    "Term",
    "available_queries",
    "bind_parameters",
    "format_result",
    "list_queries",
    "load_query",
    "open_store",
    "parse_query",
    "parse_term",
    "run_query",
    "strip_comments",
    "with_values",
]
