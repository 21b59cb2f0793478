"""Errors of loading and running a query, each one line and an exit code (errors.py)."""

from __future__ import annotations

from ..errors import PrecursorKGError


class QueryError(PrecursorKGError):
    """A competency query cannot be loaded or run."""

    exit_code = 2


class QueryNotFound(QueryError):
    """No bundled query has this name and no file has this path."""

    def __init__(self, name: str, available: list[str] | None = None):
        self.name = name
        self.available = available or []
        hint = f" (available: {', '.join(self.available)})" if self.available else ""
        super().__init__(f"no competency query {name!r}{hint}")


class BadParameter(QueryError):
    """A parameter is unknown, missing, or its value has the wrong shape."""


class QuerySyntaxError(QueryError):
    """The query text is not valid SPARQL 1.1."""
