"""The vocabulary module generated from the ontology (`graph/namespace.py`): it is what the
generator writes today, it is closed (an undeclared term fails however it is named), the
namespace is spelled in it alone, and no file of the project names a pkg: term that neither the
ontology nor the shapes declare."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF, SH

import precursor_kg
from precursor_kg import resources
from precursor_kg.errors import DataFileError
from precursor_kg.graph import generate_namespace
from precursor_kg.graph.namespace import PKG

REPO = Path(__file__).resolve().parent.parent
PACKAGE = Path(precursor_kg.__file__).parent
NAMESPACE = str(PKG)
SHAPE_KINDS = (SH.NodeShape, SH.PropertyShape, SH.SPARQLConstraint)

# The files whose text may name a pkg: term: the package's code, templates, static files and rules,
# the competency questions, the shapes, the reference data, the benchmarks, the documentation and
# the tests' data (the tests' own code is read for PKG uses only: some write broken IRIs on purpose).
TEXT_FILES = ("pipeline/precursor_kg/**/*.py", "pipeline/precursor_kg/**/*.js", "pipeline/precursor_kg/**/*.html",
              "pipeline/precursor_kg/**/*.css", "pipeline/precursor_kg/**/*.json", "queries/*.rq", "shapes/*.ttl",
              "ontology/reference/*.ttl", "bench/*.py", "docs/*.md", "README.md", "tests/shapes/**/*.ttl")
PYTHON_FILES = ("pipeline/precursor_kg/**/*.py", "bench/*.py", "tests/**/*.py")
PREFIXED = re.compile(r"(?<![\w:/.#-])pkg:([A-Za-z_][\w-]*)")
FULL_IRI = re.compile(re.escape(NAMESPACE) + r"([A-Za-z_][\w-]*)")

def files(patterns: tuple[str, ...]) -> list[Path]:
    return sorted({path for pattern in patterns for path in REPO.glob(pattern) if path.is_file()})


def shape_names() -> set[str]:
    """The shapes and constraints the shapes file declares in the pkg namespace (not ontology terms)."""
    shapes = Graph().parse(resources.shapes_file(), format="turtle")
    return {str(s)[len(NAMESPACE):] for kind in SHAPE_KINDS for s in shapes.subjects(RDF.type, kind)
            if str(s).startswith(NAMESPACE)}


def names_in_text(text: str) -> list[tuple[int, str]]:
    """(line, local name) of every pkg:name and full pkg IRI in a text."""
    found = []
    for pattern in (PREFIXED, FULL_IRI):
        found += [(text.count("\n", 0, m.start()) + 1, m.group(1)) for m in pattern.finditer(text)]
    return found


def is_pkg(node: ast.AST) -> bool:
    return isinstance(node, ast.Name) and node.id == "PKG"


def text_of(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def names_in_python(source: str) -> list[tuple[int, str]]:
    """(line, name) of every PKG.name, PKG["name"], PKG + "name" and f"{PKG}name" in Python source."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and is_pkg(node.value) and not node.attr.startswith("_"):
            found.append((node.lineno, node.attr))
        elif isinstance(node, ast.Subscript) and is_pkg(node.value) and text_of(node.slice) is not None:
            found.append((node.lineno, text_of(node.slice)))
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and is_pkg(node.left) \
                and text_of(node.right) is not None:
            found.append((node.lineno, text_of(node.right)))
        elif isinstance(node, ast.JoinedStr):
            for part, after in zip(node.values, node.values[1:], strict=False):
                if isinstance(part, ast.FormattedValue) and is_pkg(part.value) \
                        and (name := re.match(r"[A-Za-z_][\w-]*", text_of(after) or "")):
                    found.append((node.lineno, name.group()))
    return found


def undeclared(text_files: list[Path], python_files: list[Path], allowed: set[str]) -> list[str]:
    """`path:line: name` of every pkg: term used in the files and not in `allowed`."""
    problems = []
    for path in text_files:
        problems += [(path, line, name) for line, name in names_in_text(path.read_text(encoding="utf-8"))]
    for path in python_files:
        problems += [(path, line, name) for line, name in names_in_python(path.read_text(encoding="utf-8"))]
    return sorted(f"{path.relative_to(REPO) if path.is_relative_to(REPO) else path}:{line}: pkg:{name}"
                  for path, line, name in problems if name not in allowed)


def test_the_module_is_what_the_generator_writes_from_the_ontology(tmp_path):
    out = tmp_path / "namespace.py"
    assert generate_namespace.main(["--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == generate_namespace.MODULE_FILE.read_text(encoding="utf-8"), \
        "graph/namespace.py is stale: run python -m precursor_kg.graph.generate_namespace"


def test_the_module_holds_every_term_of_the_ontology_and_no_other():
    ontology = generate_namespace.read_ontology(resources.ontology_file())
    declared = {name for terms in generate_namespace.terms_by_kind(ontology, NAMESPACE).values() for name, _ in terms}
    assert {"Resolution", "hasParagraph", "symbol", "Evidence"} <= declared
    assert set(PKG.__annotations__) - {"_fail", "_NS"} == declared
    assert all(str(PKG[name]) == NAMESPACE + name for name in declared)


@pytest.mark.parametrize("name", ["Resolutin", "hasparagraph", "ResolutionShape"])
def test_an_undeclared_term_fails_however_it_is_named(name):
    with pytest.raises(AttributeError, match="not in namespace"):
        getattr(PKG, name)
    with pytest.raises(AttributeError, match="not in namespace"):
        PKG[name]
    with pytest.raises(AttributeError, match="not in namespace"):
        PKG + name


def test_every_module_of_the_package_imports():
    """The PKG terms a module names when it is imported (tables, constants) exist: it imports."""
    names = [m.name for m in pkgutil.walk_packages([str(PACKAGE)], "precursor_kg.")]
    assert "precursor_kg.serve.jobs" in names and "precursor_kg.graph.document" in names
    for name in names:
        importlib.import_module(name)


def test_no_file_names_a_pkg_term_the_ontology_does_not_declare():
    allowed = set(PKG.__annotations__) | shape_names()
    assert undeclared(files(TEXT_FILES), files(PYTHON_FILES), allowed) == []


def test_the_scan_finds_undeclared_terms_in_text_and_in_code(tmp_path):
    query = tmp_path / "q.rq"
    query.write_text("SELECT * WHERE { ?r a pkg:Resolution ; pkg:hasParagrah ?p ; "
                     f"<{NAMESPACE}symbl> ?s }}", encoding="utf-8")
    code = tmp_path / "m.py"
    code.write_text('x = (PKG.Resolution, PKG.Evidense, PKG["Bodyy"], PKG + "texte", PKG._NS, PKG - "x")\n'
                    'y = f"<{PKG}symbol> <{PKG}Sourcetext> {PKG}"\n', encoding="utf-8")
    found = undeclared([query], [code], set(PKG.__annotations__))
    assert sorted(line.split(": ", 1)[1] for line in found) == ["pkg:Bodyy", "pkg:Evidense", "pkg:Sourcetext",
                                                                "pkg:hasParagrah", "pkg:symbl", "pkg:texte"]


def test_the_namespace_is_spelled_in_the_generated_module_alone():
    spelled = {str(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("*")
               if path.is_file() and path.suffix in (".py", ".js", ".html", ".json")
               and NAMESPACE in path.read_text(encoding="utf-8")}
    assert spelled == {"graph/namespace.py"}


def test_a_broken_ontology_is_one_line_and_an_exit_code(tmp_path, capsys):
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix pkg: <x#> .\npkg:A a", encoding="utf-8")
    without_namespace = tmp_path / "plain.ttl"
    without_namespace.write_text("<https://example.org/o> a <http://www.w3.org/2002/07/owl#Ontology> .\n",
                                 encoding="utf-8")
    for path in (broken, without_namespace, tmp_path / "missing.ttl"):
        assert generate_namespace.main(["--ontology", str(path), "--out", str(tmp_path / "out.py")]) \
            == DataFileError.exit_code
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("generate_namespace: error: ")
    assert not (tmp_path / "out.py").exists()


def test_each_entity_kind_stands_for_a_class_of_the_ontology():
    """The unlisted names' graph types them PKG[kind]: every kind but GROUP (pkg:AddresseeGroup) is a class's name."""
    from precursor_kg.kinds import EntityKind
    from precursor_kg.vocabulary import MENTION_CLASSES

    assert sorted(MENTION_CLASSES.values()) == sorted(EntityKind)
    for cls, kind in MENTION_CLASSES.items():
        assert cls == (PKG.AddresseeGroup if kind is EntityKind.GROUP else PKG[kind])
