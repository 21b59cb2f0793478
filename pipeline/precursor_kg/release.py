"""A release of the ontology, as an ontology is published: every module in Turtle, RDF/XML and
JSON-LD under the path of its version, the HTML documentation, the changelog, and the `.htaccess`
that w3id.org serves for the namespace (https://github.com/perma-id/w3id.org): each ontology IRI
and version IRI redirected (303) to the file of the format the client asks for, HTML by default.

    <out>/.htaccess                      for w3id.org/precursor-kg/, redirecting to --public-url
    <out>/CHANGELOG.md
    <out>/release.json                   version, modules and the SHA-256 of every file
    <out>/ontology/<version>/index.html  pyLODE documentation of the core
    <out>/ontology/<version>/precursor-kg.{ttl,rdf,jsonld}
    <out>/ontology/<version>/reference/<module>.{ttl,rdf,jsonld}

The directory is written beside `--out` and put in its place in one step, so that a reader never
finds half a release. A new release into the directory of an earlier one keeps the earlier versions'
files, and its .htaccess still redirects their version IRIs to them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from rdflib import Graph
from rdflib.namespace import OWL, RDF

from . import resources
from .errors import DataFileError, OutputError, PrecursorKGError
from .fileio import file_sha256, swap_directory, write_atomic

NAMESPACE = "https://w3id.org/precursor-kg/"
# Serializations: file suffix, rdflib format, media type (as the Accept header names it).
FORMATS = (("ttl", "turtle", "text/turtle"), ("rdf", "xml", "application/rdf+xml"),
           ("jsonld", "json-ld", "application/ld+json"))
DOCS_FILE = "index.html"
MANIFEST_FILE = "release.json"


class ReleaseError(PrecursorKGError):
    """The release cannot be made from these arguments or this ontology."""

    exit_code = 64  # EX_USAGE


@dataclass(frozen=True)
class Module:
    """One ontology file: where it is, its IRIs, and its name under the versioned path."""

    source: Path
    name: str  # "precursor-kg" or "reference/<stem>"
    iri: str
    version_iri: str
    version: str


def release(out: Path, public_url: str, changelog: Path) -> dict:
    """Write the release into `out` (made anew); return its manifest."""
    out, public_url = Path(out), _checked_url(public_url)
    modules = ontology_modules()
    version = _release_version(modules)
    notes = _checked_changelog(Path(changelog), version)
    _check_replaceable(out)
    earlier = _earlier_releases(out, version)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.release-", dir=out.parent))
    except OSError as exc:
        raise OutputError(f"{out.parent}: cannot write here ({exc.strerror})") from None
    try:
        for old in earlier:
            shutil.copytree(out / "ontology" / old, staging / "ontology" / old)
        manifest = _write_release(staging, modules, version, public_url, notes, earlier)
        swap_directory(staging, out)
    except OSError as exc:
        raise OutputError(f"{out}: cannot write the release ({exc.strerror})") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return manifest


def ontology_modules() -> list[Module]:
    """The core ontology and every reference module, each with the IRIs its header declares."""
    return [_module(path) for path in resources.data_files()]


def _module(path: Path) -> Module:
    graph = Graph().parse(path, format="turtle")
    headers = list(graph.subjects(RDF.type, OWL.Ontology))
    if len(headers) != 1:
        raise DataFileError(f"{path}: expected one owl:Ontology header, found {len(headers)}")
    header = headers[0]
    version_iri, version = graph.value(header, OWL.versionIRI), graph.value(header, OWL.versionInfo)
    if version_iri is None or version is None:
        raise DataFileError(f"{path}: the ontology header has no owl:versionIRI or owl:versionInfo")
    if not str(header).startswith(NAMESPACE) or not str(version_iri).startswith(NAMESPACE):
        raise DataFileError(f"{path}: the ontology's IRIs are not under {NAMESPACE}")
    name = path.stem if path == resources.ontology_file() else f"reference/{path.stem}"
    return Module(path, name, str(header), str(version_iri), str(version))


def _release_version(modules: list[Module]) -> str:
    versions = {m.version for m in modules}
    if len(versions) != 1:
        raise DataFileError(f"the modules are at different versions ({', '.join(sorted(versions))}): release them together")
    return versions.pop()


def _checked_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ReleaseError(f"--public-url {url!r}: expected an http(s) URL of a directory, such as https://example.org/precursor-kg/")
    return url if url.endswith("/") else url + "/"


def _checked_changelog(changelog: Path, version: str) -> str:
    try:
        text = changelog.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReleaseError(f"{changelog}: cannot read the changelog ({getattr(exc, 'strerror', None) or exc})") from None
    if not re.search(rf"^## \[?{re.escape(version)}\]?", text, re.M):
        raise ReleaseError(f"{changelog}: no entry '## {version}' for the version being released")
    return text


def _check_replaceable(out: Path) -> None:
    """Never put a release in place of a directory that is not one (it would be thrown away)."""
    if out.exists() and not out.is_dir():
        raise ReleaseError(f"--out {out}: not a directory")
    if out.is_dir() and any(out.iterdir()) and not (out / MANIFEST_FILE).is_file():
        raise ReleaseError(f"--out {out}: holds files but no {MANIFEST_FILE}; give a new, empty or release directory")


def _earlier_releases(out: Path, version: str) -> dict[str, dict[str, str]]:
    """The other versions the release directory holds: version -> module name -> version IRI."""
    if not (out / MANIFEST_FILE).is_file():
        return {}
    try:
        releases = json.loads((out / MANIFEST_FILE).read_text(encoding="utf-8"))["releases"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ReleaseError(f"{out / MANIFEST_FILE}: not the manifest of a release ({type(exc).__name__})") from None
    return {old: names for old, names in releases.items() if old != version and (out / "ontology" / old).is_dir()}


def _write_release(staging: Path, modules: list[Module], version: str, public_url: str, notes: str,
                   earlier: dict[str, dict[str, str]]) -> dict:
    from .ontodocs import write_ontology_docs

    versioned = staging / "ontology" / version
    for module in modules:
        _write_serializations(module, versioned)
    write_ontology_docs(resources.ontology_file(), versioned)
    write_atomic(staging / "CHANGELOG.md", notes)
    write_atomic(staging / ".htaccess", htaccess(modules, version, public_url, earlier))
    _make_readable(staging)
    manifest = {
        "version": version,
        "public_url": public_url,
        "modules": {m.name: {"iri": m.iri, "versionIRI": m.version_iri} for m in modules},
        "releases": {**earlier, version: {m.name: m.version_iri for m in modules}},
        "files": {p.relative_to(staging).as_posix(): file_sha256(p)
                  for p in sorted(staging.rglob("*")) if p.is_file()},
    }
    write_atomic(staging / MANIFEST_FILE, json.dumps(manifest, indent=2) + "\n")
    os.chmod(staging / MANIFEST_FILE, 0o644)
    return manifest


def _make_readable(staging: Path) -> None:
    """Files for a web server to read: the temporary files and directory were made private to the user."""
    for path in [staging, *staging.rglob("*")]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)


def _write_serializations(module: Module, versioned: Path) -> None:
    """The Turtle as written (comments kept), and RDF/XML and JSON-LD serialized from it."""
    graph = Graph().parse(module.source, format="turtle")
    target = versioned / module.name
    target.parent.mkdir(parents=True, exist_ok=True)
    for suffix, rdflib_format, _ in FORMATS:
        path = target.with_name(f"{target.name}.{suffix}")
        if suffix == "ttl":
            shutil.copyfile(module.source, path)
        else:
            write_atomic(path, graph.serialize(format=rdflib_format, encoding="utf-8"))


def htaccess(modules: list[Module], version: str, public_url: str, earlier: dict[str, dict[str, str]]) -> str:
    """Rewrite rules for w3id.org/precursor-kg/: per IRI, the RDF format the Accept header names, else HTML.
    The IRIs of the modules and their version IRIs lead to this release; earlier version IRIs to theirs."""
    lines = [
        "# w3id.org/precursor-kg: the precursor-kg ontology, release " + version,
        "# Written by `precursor-kg release`; every ontology IRI and version IRI redirects (303) to the",
        "# file of the format asked for in the Accept header, and to the HTML documentation otherwise.",
        "Options +FollowSymLinks",
        "RewriteEngine on",
        "",
    ]
    for module in modules:
        for iri in (module.iri, module.version_iri):
            lines += _redirects(iri, f"{public_url}ontology/{version}/", module.name)
    for old, names in sorted(earlier.items()):
        for name, version_iri in sorted(names.items()):
            lines += _redirects(version_iri, f"{public_url}ontology/{old}/", name)
    return "\n".join(lines)


def _redirects(iri: str, versioned_url: str, name: str) -> list[str]:
    """One IRI's rules: a RewriteCond on the Accept header and a rule per format, then HTML for the rest."""
    pattern = f"^{_apache_regex(iri[len(NAMESPACE):])}$"
    lines = [f"# {iri}"]
    for suffix, _, media_type in FORMATS:
        lines.append(f"RewriteCond %{{HTTP_ACCEPT}} {_apache_regex(media_type)}")
        lines.append(f"RewriteRule {pattern} {versioned_url}{name}.{suffix} [R=303,L]")
    return lines + [f"RewriteRule {pattern} {versioned_url}{DOCS_FILE} [R=303,L]", ""]


def _apache_regex(text: str) -> str:
    """The regular expression matching `text` literally (IRIs and media types hold no other special character)."""
    if not re.fullmatch(r"[A-Za-z0-9/._+-]+", text):
        raise DataFileError(f"{text!r}: not a path or media type the rewrite rules can name")
    return re.sub(r"([.+])", r"\\\1", text)
