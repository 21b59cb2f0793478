"""Errors the pipeline reports to its users as one clear line each, and the exit codes of the
command line (sysexits.h where one fits, 128 + the signal for a signal)."""

EXIT_INTERRUPTED = 130  # SIGINT (Ctrl-C)
EXIT_TERMINATED = 143  # SIGTERM
EXIT_INTERNAL = 70  # EX_SOFTWARE: a bug, reported in one line
EXIT_DOES_NOT_CONFORM = 3  # `validate`: the graph violates the shapes


class PrecursorKGError(Exception):
    """Base class: anything the command line turns into a one-line message and an exit code."""

    exit_code = 1


class SourceError(PrecursorKGError):
    """A source file cannot be read as a resolution text."""

    exit_code = 65  # EX_DATAERR

    def __init__(self, path, problem: str):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class NotTextError(SourceError):
    """The file is binary (a PDF, an image…), not text."""


class EmptySourceError(SourceError):
    """The file holds no text."""


class NoResolutionError(SourceError):
    """The text holds no resolution paragraph."""


class DataFileError(PrecursorKGError):
    """A vocabulary, ontology or pattern data file is missing or broken."""

    exit_code = 78  # EX_CONFIG


class OutputError(PrecursorKGError):
    """The output cannot be written."""

    exit_code = 73  # EX_CANTCREAT


class ValidationFailed(PrecursorKGError):
    """The built graph violates the SHACL shapes."""

    exit_code = EXIT_DOES_NOT_CONFORM
