"""Every example graph under tests/shapes: valid ones conform, invalid ones fail as their first line says.

An invalid example starts with a line
    # violates: <shape> <constraint> [<sparql constraint>] [on <path>]
e.g. `# violates: pkg:OperativeParagraphShape sh:maxCount on pkg:action`. The report must hold a
result whose source shape is <shape> (or a property shape of it), whose component is the
one of <constraint>, and, when given, whose source constraint and path match.
"""

from __future__ import annotations

from pathlib import Path

import pyshacl
import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, SH

from precursor_kg.graph.iris import PREFIXES
from precursor_kg.validate import load_ontology, load_shapes

HERE = Path(__file__).parent / "shapes"
VALID = sorted((HERE / "valid").glob("*.ttl"))
INVALID = sorted((HERE / "invalid").glob("*.ttl"))



def expand(name: str) -> URIRef:
    prefix, _, local = name.partition(":")
    return URIRef(PREFIXES[prefix] + local)


def component(keyword: str) -> URIRef:
    """sh:maxCount -> sh:MaxCountConstraintComponent; sh:sparql -> sh:SPARQLConstraintComponent."""
    local = keyword.partition(":")[2]
    return SH.SPARQLConstraintComponent if local == "sparql" else SH[local[0].upper() + local[1:] + "ConstraintComponent"]


def expectation(path: Path) -> dict:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# violates: "), f"{path.name}: the first line must be '# violates: <shape> <constraint> …'"
    words = first[len("# violates: "):].split()
    expected = {"shape": expand(words[0]), "component": component(words[1]), "constraint": None, "path": None}
    rest = words[2:]
    if "on" in rest:
        expected["path"] = rest[rest.index("on") + 1]
        rest = rest[: rest.index("on")]
    if rest:
        expected["constraint"] = expand(rest[0])
    return expected


def run(path: Path) -> tuple[bool, Graph]:
    data = Graph().parse(path, format="turtle")
    conforms, report, _ = pyshacl.validate(
        data, shacl_graph=load_shapes(), ont_graph=load_ontology(), inference="none", meta_shacl=False
    )
    assert isinstance(report, Graph), f"pyshacl could not run the shapes: {report}"
    return conforms, report


def path_matches(report: Graph, shapes: Graph, node, expected: str) -> bool:
    path = report.value(node, SH.resultPath)
    if expected.startswith("^"):
        # an inverse path is a blank node in the report: [ sh:inversePath p ]
        return isinstance(path, BNode) and report.value(path, SH.inversePath) == expand(expected[1:])
    return path == expand(expected)


def describe(report: Graph) -> str:
    lines = []
    for r in report.subjects(RDF.type, SH.ValidationResult):
        values = [report.value(r, p) for p in (SH.sourceShape, SH.sourceConstraintComponent, SH.resultPath, SH.focusNode)]
        lines.append(" | ".join(str(v) for v in values))
    return "\n".join(lines)


def test_there_are_examples_for_every_shape():
    shapes = load_shapes()
    targeted = {s for s in shapes.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)}
    named = {expectation(p)["shape"] for p in INVALID}
    # pkg:ActionInSchemeShape has no target: it is checked through pkg:ParagraphShape's sh:node.
    assert targeted - named == {expand("pkg:ActionInSchemeShape")}
    assert len(VALID) >= 1 and len(INVALID) >= len(targeted) - 1


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_example_conforms(path):
    conforms, report = run(path)
    assert conforms, f"{path.name} should conform:\n{describe(report)}"


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_example_fails_as_announced(path):
    expected = expectation(path)
    conforms, report = run(path)
    assert not conforms, f"{path.name} should not conform"
    shapes = load_shapes()
    for r in report.subjects(RDF.type, SH.ValidationResult):
        source = report.value(r, SH.sourceShape)
        if source != expected["shape"] and (expected["shape"], SH.property, source) not in shapes:
            continue
        if report.value(r, SH.sourceConstraintComponent) != expected["component"]:
            continue
        if expected["constraint"] is not None and report.value(r, SH.sourceConstraint) != expected["constraint"]:
            continue
        if expected["path"] is not None and not path_matches(report, shapes, r, expected["path"]):
            continue
        return
    pytest.fail(f"{path.name}: no result matches {expected}; results:\n{describe(report)}")


# --------------------------------------------------------------------------- the validate module


def test_validate_reports_results_with_paragraph_text():
    from precursor_kg.validate import format_report, validate

    data = Graph().parse(HERE / "invalid" / "paragraph-mention-without-evidence.ttl", format="turtle")
    report = validate(data)
    assert not report.conforms and len(report.results) == 1
    result = report.results[0]
    assert result.shape == expand("pkg:ParagraphShape") and result.path == expand("pkg:mentions")
    assert result.severity == "Violation" and "no pkg:Evidence" in result.message
    assert result.paragraph_text == "Urges Member States to control acetic anhydride."
    text = format_report(report)
    assert "pkg:ParagraphShape" in text and "pkg:mentions" in text and "acetic anhydride" in text
    assert len(report.report_graph) > 0


def test_paragraph_text_found_through_evidence_and_selector():
    from precursor_kg.validate import validate

    data = Graph().parse(HERE / "invalid" / "text-selector-exact-length.ttl", format="turtle")
    (result,) = validate(data).results
    assert result.paragraph_text == "Urges Member States to control acetic anhydride."


def test_validate_conforming_graph_and_dataset():
    from rdflib import Dataset

    from precursor_kg.validate import format_report, validate

    path = HERE / "valid" / "document.ttl"
    report = validate(Graph().parse(path, format="turtle"))
    assert report.conforms and report.results == [] and format_report(report).startswith("Conforms")
    dataset = Dataset()
    dataset.graph(URIRef("https://w3id.org/precursor-kg/graph/000_x")).parse(path, format="turtle")
    assert validate(dataset).conforms


def test_broken_shapes_raise_shapes_error():
    from precursor_kg.validate import ShapesError, validate

    broken = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:s> a sh:NodeShape ; sh:targetNode <urn:x> ;
            sh:sparql [ sh:select "SELECT $this WHERE { VALUES ?x { 1 } }" ; sh:message "m" ] .
    """, format="turtle")
    with pytest.raises(ShapesError):
        validate(Graph(), shapes_graph=broken)


def test_validate_path_writes_the_report(tmp_path):
    import shutil

    from precursor_kg.validate import GraphInputError, validate_path

    copy = tmp_path / "g.ttl"
    shutil.copy(HERE / "invalid" / "evidence-no-target.ttl", copy)
    report, written = validate_path(copy)
    assert not report.conforms and written == tmp_path / "g.shacl-report.ttl" and written.exists()
    with pytest.raises(GraphInputError):
        validate_path(tmp_path / "missing.ttl")
