"""Shared fixtures: the bundled corpus, its extraction and a fresh build of it."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
GOLD_DIR = TESTS / "data" / "gold"


@pytest.fixture(scope="session")
def sample_paths() -> list[Path]:
    """The five sample texts the hand-checked answers of the tests were written from (the
    development corpus beside them is scored by tests/test_dev_corpus.py)."""
    from precursor_kg.fileio import SAMPLE_STEMS, sample_corpus

    paths = sample_corpus()
    assert len(paths) == len(SAMPLE_STEMS)
    return paths


@pytest.fixture(scope="session")
def extractor():
    from precursor_kg.extraction import Extractor

    return Extractor()


@pytest.fixture(scope="session")
def sample_results(extractor, sample_paths):
    return {p.stem: extractor.extract_path(p) for p in sample_paths}


@pytest.fixture(scope="session")
def built_dir(tmp_path_factory, sample_paths) -> Path:
    """A build of the bundled corpus, made once per test session (no cache: built from scratch)."""
    from precursor_kg.build import BuildConfig, build

    out = tmp_path_factory.mktemp("build") / "build"
    build(sample_paths, BuildConfig(out=out, use_cache=False, progress=False))
    return out


@pytest.fixture(scope="session")
def built_store(built_dir):
    import pyoxigraph

    return pyoxigraph.Store.read_only(str(built_dir / "store"))


@pytest.fixture
def ctrl_c_raises():
    """Ctrl-C raising KeyboardInterrupt, as in a terminal: a shell without job control starts
    background jobs with SIGINT ignored, and a test of what Ctrl-C does must not inherit that."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)
