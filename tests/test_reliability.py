"""Reliability, second round (issue 19): text normalization that loses nothing, files that are
refused with a clear message, data files that cannot switch validation off. Each case failed
before its fix (CR-only text lost paragraphs, one bad byte turned a file into cp1252, a NUL after
the first 4 KB passed, a zero-width mark hid a heading and an action, an empty shapes file
"conformed")."""

from __future__ import annotations

import subprocess
import sys

import pytest

from precursor_kg.cli import main
from precursor_kg.errors import NotTextError
from precursor_kg.reader import read_source

SAMPLE = "001_ca773b25f352cea2"  # CND 62/1, one paragraph a line


@pytest.fixture(scope="module")
def text(sample_paths):
    return next(p for p in sample_paths if p.stem == SAMPLE).read_text(encoding="utf-8")


def outline(extractor, path):
    result = extractor.extract_path(path)
    return [(r.symbol, [(p.kind, p.number, p.action) for p in r.paragraphs]) for r in result.resolutions]


@pytest.mark.parametrize("name, change", [
    ("cr-only", lambda t: t.replace("\n", "\r")),
    ("mixed-endings", lambda t: t.replace("\n", "\r\n", 12).replace("\n\n", "\r\r", 3)),
    ("zero-width-and-bidi-marks", lambda t: t.replace("Resolution 62/1", "Resolu\u200btion 62/1")
                                              .replace("Invites", "In\u200fvites", 1).replace("Recalling", "\u202aRecalling", 2)),
])
def test_line_endings_and_invisible_marks_lose_nothing(extractor, text, tmp_path, name, change):
    original = tmp_path / "original.txt"
    original.write_text(text, encoding="utf-8")
    changed = tmp_path / f"{name}.txt"
    changed.write_bytes(change(text).encode("utf-8"))
    expected = outline(extractor, original)
    assert len(expected[0][1]) == 23
    assert outline(extractor, changed) == expected


def test_one_invalid_byte_is_replaced_and_reported_not_the_file_reread_as_cp1252(extractor, text, tmp_path):
    data = text.encode("utf-8")
    at = data.index(b"Commission on Narcotic Drugs,")
    path = tmp_path / "bad-byte.txt"
    path.write_bytes(data[:at - 1] + b"\xff" + data[at:])
    source = read_source(path)
    assert source.encoding == "utf-8" and "\ufffd" in source.text
    assert source.problems == (f"1 byte(s) not valid UTF-8 replaced by U+FFFD, the first at byte {at - 1}",)
    assert "Drugs’" not in source.text and "â€" not in source.text  # no mojibake of the curly quotes
    assert len(outline(extractor, path)[0][1]) == 23


def test_a_nul_anywhere_is_refused_with_its_offset(text, tmp_path):
    path = tmp_path / "nul.txt"
    path.write_text(text[:6000] + "\x00" + text[6000:], encoding="utf-8")
    with pytest.raises(NotTextError, match="NUL character at offset 6000"):
        read_source(path)


def test_an_empty_shapes_file_is_refused_not_said_to_conform(tmp_path):
    """Run in a fresh process with the shapes package pointing at an empty file."""
    program = (
        "import precursor_kg.validate as v, importlib.resources as r\n"
        "class Empty:\n"
        "    def joinpath(self, name): return self\n"
        "    def read_text(self, encoding=None): return '@prefix sh: <http://www.w3.org/ns/shacl#> .'\n"
        "r_files = r.files\n"
        "v.files = lambda package: Empty() if package == 'precursor_kg.shapes' else r_files(package)\n"
        "try:\n    v.load_shapes()\nexcept v.ShapesError as e:\n    print('refused:', e)\n"
    )
    out = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120)
    assert "refused:" in out.stdout and "no sh:NodeShape" in out.stdout, out.stdout + out.stderr


def test_a_broken_rules_file_is_named(monkeypatch):
    from precursor_kg.errors import DataFileError
    from precursor_kg.nlp import component

    class Broken:
        def joinpath(self, name):
            return self

        def read_text(self, encoding=None):
            return '{"adverbs": ['

    monkeypatch.setattr(component, "files", lambda package: Broken())
    with pytest.raises(DataFileError, match=r"precursor_kg.nlp.data/clauses.json: not a readable rules file"):
        component.package_rules("precursor_kg.nlp.data", "clauses.json")


def test_extract_warns_of_replaced_bytes_in_one_line(text, tmp_path, capsys):
    data = text.encode("utf-8")
    path = tmp_path / "bad.txt"
    path.write_bytes(data[:100] + b"\xfe" + data[100:])
    assert main(["extract", str(path)]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"precursor-kg: warning: {path}: 1 byte(s) not valid UTF-8 replaced by U+FFFD, the first at byte 100"]


# --------------------------------------------------------------------------- bounded reading

def test_special_files_are_refused_by_name_and_the_others_built(sample_paths, tmp_path, capsys):
    """A FIFO once hung the build and /dev/zero (through a symbolic link) exhausted memory; a
    special file inside a directory was skipped without a word."""
    import os

    folder = tmp_path / "sources"
    folder.mkdir()
    good = folder / "good.txt"
    good.write_text(sample_paths[1].read_text(encoding="utf-8"), encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    code = main(["build", str(folder), "--out", str(tmp_path / "build"), "--no-cache", "--no-docs"])
    captured = capsys.readouterr()
    assert code != 0 and "Traceback" not in captured.err
    assert "pipe.txt: not a regular file" in captured.err and "zero.txt: not a regular file" in captured.err
    assert "built " in captured.out and "1 document(s)" in captured.out


def test_a_file_over_the_size_limit_is_refused_with_the_limit(tmp_path, monkeypatch):
    from precursor_kg.errors import SourceError

    path = tmp_path / "big.txt"
    path.write_text("The General Assembly,\nRecalling its resolution 1/1,\n" * 40, encoding="utf-8")
    monkeypatch.setenv("PRECURSOR_KG_MAX_SOURCE_BYTES", "1000")
    with pytest.raises(SourceError, match=r"more than the 1,000 a source may have \(set PRECURSOR_KG_MAX_SOURCE_BYTES"):
        read_source(path)


# --------------------------------------------------------------------------- the cache

def _build(sources, out, cache, capsys):
    code = main(["build", *map(str, sources), "--out", str(out), "--no-docs"])
    return code, capsys.readouterr()


@pytest.mark.parametrize("damage", ["edited", "emptied", "garbage line"])
def test_a_damaged_cache_entry_never_reaches_the_output(sample_paths, tmp_path, monkeypatch, capsys, damage):
    """A cache hit checked only that the files existed: an edited .nq was published as it was,
    an emptied one dropped the document, a garbage line broke dataset.nq. Now each file's digest
    is checked; a bad entry is made again, and the build says so."""
    import pyoxigraph as ox

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    sources = sample_paths[:2]
    code, first = _build(sources, tmp_path / "b1", None, capsys)
    assert code == 0
    entries = sorted((tmp_path / "cache" / "precursor-kg").glob("*.nq"))
    assert len(entries) == 2
    victim = entries[0]
    text = victim.read_text(encoding="utf-8")
    victim.write_text({"edited": text.replace("Member States", "Member Stetes"), "emptied": "",
                       "garbage line": text + "this is not N-Quads\n"}[damage], encoding="utf-8")
    code, second = _build(sources, tmp_path / "b2", None, capsys)
    assert code == 0, second.err
    assert "cache entry failed its check" in second.err and "made again" in second.err
    published = (tmp_path / "b2" / "dataset.nq").read_text(encoding="utf-8")
    assert "Member Stetes" not in published and "this is not N-Quads" not in published
    assert len(list(ox.parse(input=published, format=ox.RdfFormat.N_QUADS))) == \
        len(list(ox.parse(path=str(tmp_path / "b1" / "dataset.nq"), format=ox.RdfFormat.N_QUADS)))


# --------------------------------------------------------------------------- interrupted builds

def test_sigterm_ends_a_build_in_one_line_and_leaves_no_staging(tmp_path):
    """SIGTERM used to end a build with exit 143, no message, and its staging directory left."""
    import signal
    import time

    out = tmp_path / "build"
    proc = subprocess.Popen([sys.executable, "-m", "precursor_kg.cli", "build", "--no-cache", "--out", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".build.building-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(1.0)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 143, err
    assert err.strip().splitlines()[-1] == "precursor-kg: error: terminated; nothing was left half-written"
    assert "Traceback" not in err
    assert not list(tmp_path.glob(".build.building-*")) and not out.exists()


def test_the_staging_of_a_killed_build_is_removed_by_the_next(sample_paths, tmp_path):
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    abandoned = tmp_path / f".build.building-{gone.stdout.strip()}-x1y2"
    (abandoned / "documents").mkdir(parents=True)
    (abandoned / "documents" / "half.nq").write_text("<a> <b> <c> .\n")
    assert main(["build", str(sample_paths[1]), "--out", str(tmp_path / "build"), "--no-cache", "--no-docs"]) == 0
    assert not abandoned.exists() and (tmp_path / "build" / "dataset.nq").is_file()


# --------------------------------------------------------------------------- a full disk, a broken ontology

def _can_mount_tmpfs() -> bool:
    import shutil

    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=1m tmpfs /mnt"],
                           capture_output=True, timeout=30)
    return probe.returncode == 0


@pytest.mark.skipif(not _can_mount_tmpfs(), reason="needs unshare and mount (a small tmpfs in a mount namespace)")
@pytest.mark.parametrize("size", ["4m", "12m"])
def test_a_full_output_disk_gives_exit_73_in_one_line(sample_paths, tmp_path, size):
    """A full output disk gave 'internal error' (exit 70): now EX_CANTCREAT (73), one line, no staging left."""
    mount = tmp_path / "disk"
    mount.mkdir()
    sources = " ".join(str(p) for p in sample_paths[:2])
    script = (f"mount -t tmpfs -o size={size} tmpfs {mount} && "
              f"{sys.executable} -m precursor_kg.cli build {sources} --no-cache --no-docs --out {mount}/build; "
              f"code=$?; ls -A {mount}; exit $code")
    run = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, timeout=300)
    assert run.returncode == 73, run.stderr
    assert run.stderr.strip().splitlines() == [
        f"precursor-kg: error: {mount}: no space left on the device for the build; the previous one is kept"]
    assert run.stdout.strip() == ""  # no staging left on the full disk


def test_a_full_disk_where_the_exports_are_written_gives_exit_73(sample_paths, tmp_path, monkeypatch, capsys):
    import errno

    from precursor_kg import dataset

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(dataset, "write_exports", full)
    assert main(["build", str(sample_paths[1]), "--out", str(tmp_path / "build"), "--no-cache", "--no-docs"]) == 73
    assert "no space left on the device" in capsys.readouterr().err
    assert not list(tmp_path.glob(".build.building-*"))


def test_an_invalid_iri_in_the_ontology_names_the_file(tmp_path):
    """An invalid IRI in the ontology gave 'internal error' at serialization, not naming the file."""
    import shutil

    from precursor_kg.resources import data_files

    ontology = tmp_path / "ontology"
    shutil.copytree(data_files()[0].parent, ontology)
    with (ontology / "precursor-kg.ttl").open("a", encoding="utf-8") as turtle:
        turtle.write("\n<https://w3id.org/precursor-kg/ontology#Bad Name> a <http://www.w3.org/2002/07/owl#Class> .\n")
    program = (
        "import sys, importlib.resources as r, pathlib, precursor_kg.resources as v\n"
        f"root, real = pathlib.Path({str(ontology)!r}), r.files\n"
        "v.files = lambda p: root if p == 'precursor_kg.ontology' else "
        "(root / 'reference' if p == 'precursor_kg.ontology.reference' else real(p))\n"
        "from precursor_kg.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    source = tmp_path / "source.txt"
    source.write_text("The General Assembly,\n1. Decides to remain seized of the matter.\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-c", program, "build", str(source), "--no-cache", "--no-docs",
                          "--out", str(tmp_path / "build")], capture_output=True, text=True, timeout=300,
                         env={**__import__("os").environ, "XDG_CACHE_HOME": str(tmp_path / "cache")})
    assert run.returncode == 78, run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"precursor-kg: error: {ontology / 'precursor-kg.ttl'}: not valid Turtle")
    assert "line " in lines[0] and "Invalid IRI" in lines[0]


# --------------------------------------------------------------------------- a corrupted store

def _quad_count(store_dir) -> int:
    import pyoxigraph as ox

    store = ox.Store.read_only(str(store_dir))
    try:
        return len(store)
    finally:
        del store


def _damage(store_dir, how: str) -> None:
    import random

    victim = max(store_dir.glob("*.sst"), key=lambda p: p.stat().st_size)
    data = bytearray(victim.read_bytes())
    if how == "truncated":
        victim.write_bytes(bytes(data[: len(data) // 3]))
    else:
        rng = random.Random(19)
        for _ in range(64):
            at = rng.randrange(len(data))
            data[at] = rng.randrange(256)
        victim.write_bytes(bytes(data))


@pytest.mark.parametrize("how", ["random bytes", "truncated"])
def test_a_damaged_store_is_made_again_with_a_warning(sample_paths, tmp_path, monkeypatch, capsys, how):
    """Random bytes in the store drove an incremental rebuild to 23.8 GB (killed by the kernel);
    truncated files failed every rebuild with exit 70. The store is checked against its seal
    first; a damaged one is not started from (the rebuild runs under a 3 GB address-space cap)."""
    import os

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    out = tmp_path / "build"
    sources = [str(p) for p in sample_paths[:2]]
    assert main(["build", *sources, "--out", str(out), "--no-docs"]) == 0
    capsys.readouterr()
    expected = _quad_count(out / "store")
    _damage(out / "store", how)
    program = ("import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30)); "
               "from precursor_kg.cli import main; sys.exit(main(sys.argv[1:]))")
    run = subprocess.run([sys.executable, "-c", program, "build", *sources, "--out", str(out), "--no-docs"],
                         capture_output=True, text=True, timeout=300, env=dict(os.environ))
    assert run.returncode == 0, run.stderr
    assert f"precursor-kg: warning: {out / 'store'}: " in run.stderr and "made again from the documents" in run.stderr
    assert _quad_count(out / "store") == expected


def test_serve_and_query_check_the_store_at_open(tmp_path, capsys):
    from precursor_kg.serve import open_or_create_store
    from precursor_kg.store import damage
    from tests.test_serve import make_sample_build

    build = make_sample_build(tmp_path / "build")
    assert damage(build / "store") is None
    expected = _quad_count(build / "store")
    _damage(build / "store", "random bytes")
    assert "does not have its recorded digest" in damage(build / "store")
    open_or_create_store(build)
    assert damage(build / "store") is None and _quad_count(build / "store") == expected
    _damage(build / "store", "truncated")
    capsys.readouterr()
    assert main(["query", "actions-by-force", "--build", str(build)]) == 0
    assert f"precursor-kg: warning: {build / 'store'}: " in capsys.readouterr().err
    assert damage(build / "store") is None and _quad_count(build / "store") == expected


# --------------------------------------------------------------------------- a very long resolution

def test_a_resolution_over_spacys_limit_is_named_and_the_others_built(sample_paths, tmp_path, capsys):
    """A resolution over 1,000,000 characters aborted the whole build, nothing built and the file
    not named. (Here the 999th paragraph swallows the rest, as the structure rules number paragraphs
    up to 999, so one piece stays over the limit: the file is named and the others built.)"""
    body = "".join(f"{i}. Requests the United Nations Office on Drugs and Crime to continue its work, number {i};\n"
                   for i in range(1, 12_000))
    long = tmp_path / "long.txt"
    long.write_text("Resolution 99/1\nThe Commission on Narcotic Drugs,\n" + body, encoding="utf-8")
    assert len(long.read_text(encoding="utf-8")) > 1_100_000
    code = main(["build", str(long), *map(str, sample_paths[:2]), "--out", str(tmp_path / "build"),
                 "--no-cache", "--no-docs"])
    captured = capsys.readouterr()
    assert code == 65 and "Traceback" not in captured.err
    assert f"{long.name}: a paragraph is longer than the 1,000,000 characters" in captured.err
    assert "2 document(s)" in captured.out
