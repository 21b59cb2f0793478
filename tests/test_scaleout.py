"""The scale-out path: the build's per-document function mapped over the sources by Dask, on two local workers."""

from __future__ import annotations

import os
import re
import time

import pytest

pytest.importorskip("dask.distributed", reason="Dask is not installed (the 'dask' extra)")

from precursor_kg.build import BuildConfig, build  # noqa: E402
from precursor_kg.cli import main  # noqa: E402
from precursor_kg.scaleout import ScaleOutError, map_documents  # noqa: E402

RUN_STAMPS = re.compile(r"\d{8}T\d{6}Z|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\+00:00|Z)")
BLANK_NODES = re.compile(r"_:\w+")


def _normalized(path) -> list[str]:
    """The dataset's lines with the run's time stamps (in its IRI and literal) and blank node labels blanked out."""
    return sorted(BLANK_NODES.sub("_:b", RUN_STAMPS.sub("T", line)) for line in path.read_text(encoding="utf-8").splitlines())


def test_documents_are_spread_over_two_worker_processes(sample_paths):
    # A lambda travels by value (cloudpickle): the workers need not import this test module.
    results = dict(map_documents("local:2", lambda path, pause: (path.name, time.sleep(pause), os.getpid()),
                                 sample_paths * 2, 0.3))
    assert sorted(results) == list(range(2 * len(sample_paths)))
    assert [results[i][0] for i in range(len(sample_paths))] == [p.name for p in sample_paths]
    pids = {pid for _, _, pid in results.values()}
    assert len(pids) == 2 and os.getpid() not in pids


def test_a_dask_build_equals_the_local_build(sample_paths, built_dir, tmp_path):
    config = BuildConfig(out=tmp_path / "dask", use_cache=False, docs=False, progress=False, dask="local:2")
    report = build(sample_paths, config)
    assert report.conforms and not report.problems
    assert _normalized(tmp_path / "dask" / "dataset.nq") == _normalized(built_dir / "dataset.nq")
    assert (tmp_path / "dask" / "inferred.nq").read_text() == (built_dir / "inferred.nq").read_text()


def test_cli_build_with_dask(sample_paths, tmp_path, capsys):
    code = main(["build", str(sample_paths[0]), "--out", str(tmp_path / "b"), "--no-cache", "--no-docs", "--dask", "local:2"])
    assert code == 0
    assert "built" in capsys.readouterr().out
    assert (tmp_path / "b" / "documents" / f"{sample_paths[0].stem}.nq").stat().st_size > 0


@pytest.mark.parametrize("address", ["local:0", "nowhere", "tcp://127.0.0.1:9"])
def test_a_bad_cluster_address_is_one_line_and_leaves_no_build(sample_paths, tmp_path, capsys, address):
    code = main(["build", str(sample_paths[0]), "--out", str(tmp_path / "b"), "--no-cache", "--dask", address])
    err = capsys.readouterr().err.strip()
    assert code != 0
    assert len(err.splitlines()) == 1 and "--dask" in err and "Traceback" not in err
    assert not (tmp_path / "b").exists()


def test_map_documents_rejects_a_bad_address_before_any_work(sample_paths):
    with pytest.raises(ScaleOutError, match="local:N or a scheduler address"):
        next(map_documents("localhost", len, sample_paths))
