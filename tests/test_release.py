"""`precursor-kg release`: the files of a release, the same graph in every format, and the w3id.org
.htaccess, whose rules are read here as Apache's mod_rewrite reads them (no Apache on the test machine:
the conditions and rules are applied in order, the first rule whose conditions hold wins)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from precursor_kg.cli import main
from precursor_kg.release import FORMATS, NAMESPACE, ontology_modules

PUBLIC = "https://example.org/precursor-kg/"
CHANGELOG = Path(__file__).resolve().parents[1] / "CHANGELOG.md"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
RULE = re.compile(r"^RewriteRule (\^\S+\$) (\S+) \[R=303,L\]$")
COND = re.compile(r"^RewriteCond %\{HTTP_ACCEPT\} (\S+)$")


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    out = tmp_path_factory.mktemp("release") / "site"
    assert main(["release", "--out", str(out), "--public-url", PUBLIC, "--changelog", str(CHANGELOG)]) == 0
    return out


def _version() -> str:
    return ontology_modules()[0].version


def test_every_module_is_released_in_every_format_with_docs_changelog_and_htaccess(release):
    versioned = release / "ontology" / _version()
    for module in ontology_modules():
        for suffix, _, _ in FORMATS:
            assert (versioned / f"{module.name}.{suffix}").stat().st_size > 0, (module.name, suffix)
    assert "<html" in (versioned / "index.html").read_text(encoding="utf-8")[:2000].lower()
    assert (versioned / "pylode.css").is_file()  # the page's stylesheet, linked, not inline
    assert (release / "CHANGELOG.md").read_bytes() == CHANGELOG.read_bytes()
    manifest = json.loads((release / "release.json").read_text())
    assert manifest["version"] == _version() and len(manifest["modules"]) == len(ontology_modules())
    assert set(manifest["files"]) == {p.relative_to(release).as_posix() for p in release.rglob("*")
                                      if p.is_file() and p.name != "release.json"}


def test_each_rdf_file_parses_to_the_graph_of_its_module(release):
    versioned = release / "ontology" / _version()
    for module in ontology_modules():
        source = Graph().parse(module.source, format="turtle")
        for suffix, rdflib_format, _ in FORMATS:
            released = Graph().parse(versioned / f"{module.name}.{suffix}", format=rdflib_format)
            assert len(released) == len(source) and isomorphic(released, source), (module.name, suffix)


def _rules(htaccess: str) -> list[tuple[list[str], str, str]]:
    """(conditions, pattern, target) of every RewriteRule, its RewriteCond lines before it."""
    rules, conditions = [], []
    for line in htaccess.splitlines():
        if match := COND.match(line):
            conditions.append(match[1])
        elif line.startswith("RewriteRule"):
            match = RULE.match(line)
            assert match, f"not a 303 redirect in w3id.org's form: {line}"
            rules.append((conditions, match[1], match[2]))
            conditions = []
        else:
            assert not line or line.startswith("#") or line in ("Options +FollowSymLinks", "RewriteEngine on"), line
    assert not conditions, "a RewriteCond with no rule after it"
    return rules


def _redirect(rules, path: str, accept: str) -> str | None:
    for conditions, pattern, target in rules:
        if re.search(pattern, path) and all(re.search(c, accept) for c in conditions):
            return target
    return None


def test_htaccess_redirects_every_iri_by_accept_header_to_files_of_the_release(release):
    text = (release / ".htaccess").read_text(encoding="utf-8")
    assert text.startswith("#") and "RewriteEngine on" in text
    rules = _rules(text)
    version = _version()
    for module in ontology_modules():
        for iri in (module.iri, module.version_iri):
            path = iri[len(NAMESPACE):]  # w3id.org matches the path below its directory, without a slash
            for suffix, _, media_type in FORMATS:
                target = _redirect(rules, path, f"{media_type}, */*;q=0.1")
                assert target == f"{PUBLIC}ontology/{version}/{module.name}.{suffix}", (iri, media_type, target)
            for accept in (BROWSER, "", "*/*"):
                assert _redirect(rules, path, accept) == f"{PUBLIC}ontology/{version}/index.html", (iri, accept)
    for _, _, target in rules:
        assert target.startswith(PUBLIC) and (release / target[len(PUBLIC):]).is_file(), target
    assert _redirect(rules, "ontology/reference", "text/turtle") is None  # anchored: no prefix matches


def test_a_new_release_replaces_an_earlier_one(release, tmp_path):
    out = tmp_path / "site"
    assert main(["release", "--out", str(out), "--public-url", PUBLIC, "--changelog", str(CHANGELOG)]) == 0
    (out / "stale.txt").write_text("from the earlier release")
    assert main(["release", "--out", str(out), "--public-url", PUBLIC, "--changelog", str(CHANGELOG)]) == 0
    assert not (out / "stale.txt").exists() and (out / ".htaccess").is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no staging directory left behind


@pytest.mark.parametrize("arguments, message", [
    (["--public-url", "ftp://example.org/"], "expected an http(s) URL"),
    (["--public-url", "https://example.org/?x=1"], "expected an http(s) URL"),
    (["--changelog", "no-such-changelog.md"], "cannot read the changelog"),
])
def test_bad_arguments_give_one_line_and_write_nothing(tmp_path, capsys, arguments, message):
    out = tmp_path / "site"
    args = {"--out": str(out), "--public-url": PUBLIC, "--changelog": str(CHANGELOG)}
    args.update(dict(zip(arguments[::2], arguments[1::2], strict=True)))
    code = main(["release", *[x for pair in args.items() for x in pair]])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 64 and len(err) == 1 and message in err[0], err
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_a_changelog_without_the_version_is_refused(tmp_path, capsys):
    changelog = tmp_path / "CHANGELOG.md"
    changelog.write_text("# Changelog\n\n## [0.0.1] - 2020-01-01\n- something\n")
    code = main(["release", "--out", str(tmp_path / "site"), "--public-url", PUBLIC, "--changelog", str(changelog)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 64 and len(err) == 1 and f"no entry '## {_version()}'" in err[0]


def test_a_directory_that_is_not_a_release_is_never_replaced(tmp_path, capsys):
    out = tmp_path / "home"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    code = main(["release", "--out", str(out), "--public-url", PUBLIC, "--changelog", str(CHANGELOG)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 64 and len(err) == 1 and "no release.json" in err[0]
    assert [p.name for p in out.iterdir()] == ["notes.txt"] and len(list(tmp_path.iterdir())) == 1


def test_the_changelog_has_an_entry_for_the_ontology_version():
    assert re.search(rf"^## \[{re.escape(_version())}\] - \d{{4}}-\d{{2}}-\d{{2}}$", CHANGELOG.read_text(), re.M)


def test_a_new_version_keeps_the_earlier_ones_files_and_version_iris(tmp_path, monkeypatch):
    """Released as 0.0.9 first (the modules' versions changed in memory only), then as the ontology stands."""
    import dataclasses

    from precursor_kg import release as release_module

    current = ontology_modules()
    old = "0.0.9"
    older = [dataclasses.replace(m, version=old, version_iri=m.version_iri.rsplit("/", 1)[0] + "/" + old) for m in current]
    changelog = tmp_path / "CHANGELOG.md"
    changelog.write_text(CHANGELOG.read_text() + f"\n## [{old}] - 2026-01-01\n- an earlier version\n")
    out = tmp_path / "site"
    monkeypatch.setattr(release_module, "ontology_modules", lambda: older)
    assert main(["release", "--out", str(out), "--public-url", PUBLIC, "--changelog", str(changelog)]) == 0
    monkeypatch.setattr(release_module, "ontology_modules", lambda: current)
    assert main(["release", "--out", str(out), "--public-url", PUBLIC, "--changelog", str(changelog)]) == 0

    rules = _rules((out / ".htaccess").read_text(encoding="utf-8"))
    for module, earlier in zip(current, older, strict=True):
        assert (out / "ontology" / old / f"{module.name}.ttl").is_file()
        path = earlier.version_iri[len(NAMESPACE):]
        assert _redirect(rules, path, "text/turtle") == f"{PUBLIC}ontology/{old}/{module.name}.ttl"
        assert _redirect(rules, module.iri[len(NAMESPACE):], "text/turtle") == \
            f"{PUBLIC}ontology/{_version()}/{module.name}.ttl"
    manifest = json.loads((out / "release.json").read_text())
    assert set(manifest["releases"]) == {old, _version()}
