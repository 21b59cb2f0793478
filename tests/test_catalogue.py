"""The corpus catalogue: entries for a text by fragment index, part of the text's cache key, never read as a text."""

from __future__ import annotations

import json

import pytest

from precursor_kg.cache import BuildCache
from precursor_kg.catalogue import CATALOGUE_FILE, catalogue_entries, catalogue_key
from precursor_kg.errors import DataFileError
from precursor_kg.fileio import bundled_corpus, expand_sources

ENTRY = {"file": "a.txt", "fragment": 1, "resolution": "GA 49/157", "source": "https://example.org/49-157",
         "note": "Catalogued as A/RES/49/157."}


def _write_catalogue(directory, entries) -> None:
    (directory / CATALOGUE_FILE).write_text(json.dumps({"fragments": entries}), encoding="utf-8")


def test_entries_of_one_text_by_fragment_index(tmp_path):
    _write_catalogue(tmp_path, [ENTRY, {**ENTRY, "file": "b.txt", "resolution": "GA 49/158"}])
    entries = catalogue_entries(tmp_path / "a.txt")
    assert list(entries) == [1] and entries[1].resolution == "GA 49/157"
    assert catalogue_entries(tmp_path / "c.txt") == {}


def test_a_broken_catalogue_is_a_data_file_error(tmp_path):
    (tmp_path / CATALOGUE_FILE).write_text('{"fragments": [{"file": "a.txt"}]}', encoding="utf-8")
    with pytest.raises(DataFileError, match="not a corpus catalogue"):
        catalogue_entries(tmp_path / "a.txt")


def test_no_catalogue_no_entries(tmp_path):
    assert catalogue_entries(tmp_path / "a.txt") == {} and catalogue_key(tmp_path / "a.txt") == b"[]"


def test_a_changed_entry_changes_the_cache_key_of_its_text_only(tmp_path):
    cache = BuildCache(tmp_path / "cache")
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("The General Assembly,\n", encoding="utf-8")
    _write_catalogue(tmp_path, [ENTRY])
    before = {name: cache.source_key(tmp_path / name, "https://example.org/").key for name in ("a.txt", "b.txt")}
    _write_catalogue(tmp_path, [{**ENTRY, "resolution": "GA 49/158"}])
    after = {name: cache.source_key(tmp_path / name, "https://example.org/").key for name in ("a.txt", "b.txt")}
    assert before["a.txt"] != after["a.txt"] and before["b.txt"] == after["b.txt"]


def test_the_catalogue_is_not_read_as_a_source(tmp_path):
    (tmp_path / "a.txt").write_text("The General Assembly,\n", encoding="utf-8")
    _write_catalogue(tmp_path, [ENTRY])
    found, problems = expand_sources([tmp_path])
    assert [p.name for p in found] == ["a.txt"] and not problems


def test_the_bundled_catalogue_names_texts_of_the_corpus():
    corpus = {path.name: path for path in bundled_corpus()}
    catalogue = json.loads((next(iter(corpus.values())).parent / CATALOGUE_FILE).read_text(encoding="utf-8"))
    assert len(catalogue["fragments"]) == 24
    for entry in catalogue["fragments"]:
        assert entry["file"] in corpus and entry["source"].startswith("http") and entry["note"], entry
