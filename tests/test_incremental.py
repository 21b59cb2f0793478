"""Incremental builds and the exports: a rebuild after an edit redoes one document and gives what a clean build gives."""

from __future__ import annotations

import json
import re
import shutil

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from precursor_kg.build import BuildConfig, build

XSD_NNI = rdflib.URIRef("http://www.w3.org/2001/XMLSchema#nonNegativeInteger")
OA_START = rdflib.URIRef("http://www.w3.org/ns/oa#start")
STAMPS = re.compile(r"\d{8}T\d{6}Z|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\+00:00|Z)")


def _quads(store_dir) -> set[str]:
    """The store's quads as text, run time stamps blanked (blank nodes left out: their labels differ per build)."""
    store = ox.Store.read_only(str(store_dir))
    return {
        STAMPS.sub("T", str(q))
        for q in store
        if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)
    }


def test_every_export_holds_the_same_graph(built_dir):
    dataset = rdflib.Dataset()
    dataset.parse(built_dir / "dataset.nq", format="nquads")
    union = rdflib.Graph()
    for s, p, o, _ in dataset.quads():
        union.add((s, p, o))
    trig = rdflib.Dataset()
    trig.parse(built_dir / "dataset.trig", format="trig")
    assert {str(g.identifier) for g in trig.graphs()} == {str(g.identifier) for g in dataset.graphs()}
    assert len(trig) == len(dataset) and sum(1 for _ in trig.quads()) == sum(1 for _ in dataset.quads())
    for name, fmt in (("graph.ttl", "turtle"), ("graph.jsonld", "json-ld")):
        assert isomorphic(rdflib.Graph().parse(built_dir / name, format=fmt), union), name


def test_offsets_keep_their_datatype_in_every_export(built_dir):
    """The store turns xsd:nonNegativeInteger into xsd:integer; the files must not."""
    for name, fmt in (
        ("dataset.nq", "nquads"),
        ("graph.ttl", "turtle"),
        ("graph.jsonld", "json-ld"),
        ("dataset.trig", "trig"),
    ):
        graph = rdflib.Dataset() if fmt in ("nquads", "trig") else rdflib.Graph()
        graph.parse(built_dir / name, format=fmt)
        starts = (
            [o for _, _, o in graph.triples((None, OA_START, None))]
            if fmt not in ("nquads", "trig")
            else [o for _, _, o, _ in graph.quads((None, OA_START, None, None))]
        )
        assert len(starts) > 500 and {o.datatype for o in starts} == {XSD_NNI}, name


@pytest.fixture
def corpus(tmp_path, sample_paths):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for path in sample_paths:
        shutil.copy(path, folder / path.name)
    return sorted(folder.iterdir())


def _config(out, cache, **options):
    return BuildConfig(out=out, cache_dir=cache, docs=False, progress=False, **options)


def test_rebuild_after_editing_one_file_redoes_one_document(tmp_path, corpus):
    out, cache = tmp_path / "build", tmp_path / "cache"
    build(corpus, _config(out, cache))
    first = json.loads((out / "summary.json").read_text())
    assert first["store"]["from_previous_build"] is False

    edited = corpus[1]
    text = edited.read_text(encoding="utf-8")
    assert "Recalling" in text
    edited.write_text(text.replace("Recalling", "Recalling also", 1), encoding="utf-8")
    report = build(corpus, _config(out, cache))

    summary = json.loads((out / "summary.json").read_text())
    assert [d.path.name for d in report.documents if not d.cached] == [edited.name]
    assert summary["store"] == {"from_previous_build": True, "documents_loaded": 1, "graphs_removed": 1}
    assert "Recalling also" in (out / "dataset.nq").read_text(encoding="utf-8")

    clean = tmp_path / "clean"
    build(corpus, _config(clean, None, use_cache=False))
    assert _quads(out / "store") == _quads(clean / "store")
    assert summary["triples"] == json.loads((clean / "summary.json").read_text())["triples"]
    assert (out / "inferred.nq").read_text() == (clean / "inferred.nq").read_text()


def test_rebuild_without_a_file_drops_its_graph(tmp_path, corpus):
    out, cache = tmp_path / "build", tmp_path / "cache"
    build(corpus, _config(out, cache))
    gone = corpus[0]
    graph = json.loads((out / "manifest.json").read_text())["documents"][gone.stem][0]
    build(corpus[1:], _config(out, cache))
    store = ox.Store.read_only(str(out / "store"))
    assert ox.NamedNode(graph) not in set(store.named_graphs())
    assert json.loads((out / "summary.json").read_text())["store"] == {
        "from_previous_build": True,
        "documents_loaded": 0,
        "graphs_removed": 1,
    }
    assert not (out / "documents" / f"{gone.stem}.nq").exists()


def test_inferred_union_after_a_change_matches_a_fresh_union():
    """A triple stays inferred unless a changed document now asserts it; one asserted before by a changed document comes back."""
    from precursor_kg.dataset import _inferred_union

    def line(n):
        return f"<https://example.org/s{n}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://example.org/C> ."

    store = ox.Store()
    store.load(input=line(1)[:-2] + " <https://example.org/g/changed> .\n", format=ox.RdfFormat.N_QUADS)
    candidates = [line(1) + "\n" + line(2) + "\n" + line(3) + "\n"]
    fresh = _inferred_union(store, candidates)
    # before: s2 inferred, s3 asserted by a document that changed since and no longer asserts it;
    # the changed document now asserts s1 (in the store above)
    incremental = _inferred_union(store, candidates, ({line(1), line(2)}, {line(1)}))
    assert incremental == fresh == [line(2), line(3)]


def test_rebuild_after_cutting_a_file_short_updates_the_inferred_graph(tmp_path, corpus):
    out, cache = tmp_path / "build", tmp_path / "cache"
    build(corpus, _config(out, cache))
    before = (out / "inferred.nq").read_text()
    cut = max(corpus, key=lambda p: p.stat().st_size)
    lines = cut.read_text(encoding="utf-8").splitlines(keepends=True)
    cut.write_text("".join(lines[: len(lines) // 2]), encoding="utf-8")
    build(corpus, _config(out, cache))
    after = (out / "inferred.nq").read_text()
    assert after != before and len(after) < len(before)

    clean = tmp_path / "clean"
    build(corpus, _config(clean, None, use_cache=False))
    assert after == (clean / "inferred.nq").read_text()
    assert _quads(out / "store") == _quads(clean / "store")
