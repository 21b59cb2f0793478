"""Errors of the server, each with the HTTP status and the short code it is answered with."""

from __future__ import annotations

from ..errors import PrecursorKGError


class ServeError(PrecursorKGError):
    """Base class: a request the server answers with an error status and a one-line message."""

    status = 500
    code = "internal-error"
    headers: tuple[tuple[str, str], ...] = ()


class BadRequest(ServeError):
    status, code = 400, "bad-request"


class QuerySyntaxError(BadRequest):
    code = "query-syntax"


class UpdateRefused(ServeError):
    status, code = 403, "read-only"


class ServiceRefused(ServeError):
    status, code = 403, "service-refused"


class NotFound(ServeError):
    status, code = 404, "not-found"


class MethodNotAllowed(ServeError):
    status, code = 405, "method-not-allowed"
    headers = (("Allow", "GET, POST, OPTIONS"),)


class NotAcceptable(ServeError):
    status, code = 406, "not-acceptable"


class RequestTooLarge(ServeError):
    status, code = 413, "request-too-large"


class UnsupportedMediaType(ServeError):
    status, code = 415, "unsupported-media-type"


class ResultTooLarge(ServeError):
    status, code = 422, "result-too-large"


class QueryFailed(ServeError):
    """The query is valid but its evaluation failed (e.g. a SERVICE call that did not answer)."""

    status, code = 500, "query-failed"


class WorkerCrashed(ServeError):
    status, code = 500, "worker-crashed"


class ServerBusy(ServeError):
    status, code = 503, "busy"
    headers = (("Retry-After", "2"),)


class MemoryBudgetExceeded(ServeError):
    """The pool's workers together went over the server's memory budget; this query was the largest."""

    status, code = 503, "memory-budget"
    headers = (("Retry-After", "2"),)


class QueryTimeout(ServeError):
    status, code = 504, "timeout"


def by_name(name: str) -> type[ServeError]:
    """The error class of this name (errors raised in a worker process travel back by name)."""
    stack = [ServeError]
    while stack:
        cls = stack.pop()
        if cls.__name__ == name:
            return cls
        stack.extend(cls.__subclasses__())
    return ServeError
