"""Writing files atomically and finding the source files of a command."""

from __future__ import annotations

import ctypes
import errno
import hashlib
import os
import shutil
import tempfile
from importlib.resources import files
from pathlib import Path

from .catalogue import CATALOGUE_FILE
from .errors import OutputError, SourceError
from .resources import CORPUS_PACKAGE

TEXT_SUFFIXES = (".txt",)


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write `data` to `path` through a temporary file in the same directory, then rename."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"{path.parent}: cannot write here ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot write ({exc.strerror})") from None


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file, read in blocks (a store's files run to gigabytes)."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2  # linux/fs.h
_EXCHANGE_UNSUPPORTED = {errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP}


def exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths in one atomic step (Linux's renameat2 with RENAME_EXCHANGE), so
    that no reader finds either path missing; False where the system or file system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # not Linux, or a C library without it
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in _EXCHANGE_UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(b))


def swap_directory(staging: Path, out: Path) -> None:
    """Put a new directory (a build, a release) in place of the old one: in one atomic exchange where
    the system can, so that a reader (a running `serve`) never finds it missing; otherwise by two
    renames, the old one put back if the second fails."""
    if not out.exists():
        os.rename(staging, out)
    elif exchange(staging, out):
        shutil.rmtree(staging, ignore_errors=True)  # it now holds the old build
    else:
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        os.rename(out, old)
        try:
            os.rename(staging, out)
        except OSError:
            os.rename(old, out)
            raise
        shutil.rmtree(old, ignore_errors=True)


# The five texts the bundled corpus began with: the tests' hand-checked answers (tests/cq/) and the
# bench's scaled corpora are made from them; the development corpus around them has gold of its own.
SAMPLE_STEMS = ("000_207965ded7699138", "001_ca773b25f352cea2", "002_17ee7bea67a38524",
                "003_e9e04507f5f882bd", "004_96d350a0fd4d22b6")


def bundled_corpus() -> list[Path]:
    """The corpus shipped with the package: the development corpus of public UN resolution texts."""
    corpus = files(CORPUS_PACKAGE)
    return sorted(Path(str(p)) for p in corpus.iterdir() if p.name.endswith(TEXT_SUFFIXES))


def sample_corpus() -> list[Path]:
    """The five sample texts of the bundled corpus (SAMPLE_STEMS)."""
    return [p for p in bundled_corpus() if p.stem in SAMPLE_STEMS]


def expand_sources(paths: list[str | Path]) -> tuple[list[Path], list[SourceError]]:
    """Files named, and the text files inside directories named; problems are returned, not raised."""
    found, problems = [], []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            entries = sorted(p for p in path.iterdir() if not p.name.startswith("."))
            inside = [p for p in entries if p.is_file() and p.name != CATALOGUE_FILE]  # the catalogue is no text
            problems += [SourceError(p, "not a regular file (a FIFO, device, socket or directory): not read")
                         for p in entries if not p.is_file() and not p.is_dir()]
            if not inside:
                problems.append(SourceError(path, "the directory holds no files"))
            found += inside
        elif path.exists():
            found.append(path)
        else:
            problems.append(SourceError(path, "no such file or directory"))
    return found, problems
