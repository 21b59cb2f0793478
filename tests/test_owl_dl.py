"""The ontology is OWL 2 DL, module by module, and a DL reasoner (HermiT) reads it as the pipeline does.

The profile check is the OWL API's (Debian's libowlapi-java, run by tests/owl/ProfileCheck.java);
HermiT is the one owlready2 bundles. Without Java or the OWL API these tests skip on a
workstation and fail in CI (the environment variable CI set), so that CI cannot pass without them.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from functools import cache
from importlib.resources import files
from pathlib import Path

import owlrl
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from precursor_kg.graph.namespace import PKG

CORE_IRI = "https://w3id.org/precursor-kg/ontology"
JAVA_LIBRARIES = Path("/usr/share/java")  # where Debian installs Java libraries
# The OWL API's jars and what they need at run time (Debian's unversioned names).
OWLAPI_JARS = ["owlapi-api", "owlapi-apibinding", "owlapi-impl", "owlapi-parsers", "owlapi-oboformat", "owlapi-tools",
               "owlapi-compatibility", "guava", "slf4j-api", "slf4j-nop", "atinject-jsr330-api", "caffeine", "commons-io",
               "commons-rdf-api", "hppcrt", "jsr305", "xz", "commons-codec"]
PROFILE_CHECK = Path(__file__).parent / "owl" / "ProfileCheck.java"


def unavailable(reason: str):
    """Skip here, fail in CI: a missing tool must not let CI pass."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (required in CI)")
    pytest.skip(reason)


# --------------------------------------------------------------------------- the modules


def module_files() -> dict[str, Path]:
    """Every ontology module by its ontology IRI: the core and each reference file."""
    core = Path(str(files("precursor_kg.ontology").joinpath("precursor-kg.ttl")))
    paths = [core] + sorted(core.parent.joinpath("reference").glob("*.ttl"))
    modules = {}
    for path in paths:
        iris = list(parsed(path).subjects(RDF.type, OWL.Ontology))
        assert len(iris) == 1, f"{path.name}: {len(iris)} owl:Ontology headers"
        modules[str(iris[0])] = path
    return modules


@cache
def parsed(path: Path) -> Graph:
    return Graph().parse(path, format="turtle")


def imports_closure(iri: str, modules: dict[str, Path]) -> list[str]:
    """The module and what it imports, transitively, dependencies first."""
    order: list[str] = []

    def visit(current: str, path: tuple[str, ...]):
        assert current in modules, f"{path[-1]} imports {current}, which no module file declares"
        assert current not in path, f"import cycle: {' -> '.join(path + (current,))}"
        for imported in sorted(str(o) for o in parsed(modules[current]).objects(URIRef(current), OWL.imports)):
            visit(imported, path + (current,))
        if current not in order:
            order.append(current)

    visit(iri, ())
    return order


MODULES = module_files()
MODULE_IDS = [iri.rsplit("/", 1)[-1] for iri in MODULES]


def test_every_module_has_a_header_and_imports_the_core():
    for iri, path in MODULES.items():
        graph = parsed(path)
        node = URIRef(iri)
        assert iri.startswith(CORE_IRI), iri
        assert graph.value(node, OWL.versionIRI) == URIRef(f"{iri}/0.1.0"), path.name
        for prop in ("http://www.w3.org/2000/01/rdf-schema#label", "http://purl.org/dc/terms/description",
                     "http://purl.org/dc/terms/license"):
            assert graph.value(node, URIRef(prop)) is not None, f"{path.name} has no {prop}"
        if iri != CORE_IRI:
            assert CORE_IRI in imports_closure(iri, MODULES), f"{path.name} does not import the core"


# --------------------------------------------------------------------------- OWL 2 DL profile


@pytest.fixture(scope="module")
def profile_checker(tmp_path_factory) -> list[str]:
    """The java command that runs ProfileCheck, compiled for this session."""
    if not (shutil.which("java") and shutil.which("javac")):
        unavailable("java and javac are not installed (Debian: default-jdk-headless)")
    jars = [JAVA_LIBRARIES / f"{name}.jar" for name in OWLAPI_JARS]
    missing = [j.name for j in jars if not j.is_file()]
    if missing:
        unavailable(f"the OWL API is not installed (Debian: libowlapi-java); missing {', '.join(missing)}")
    classes = tmp_path_factory.mktemp("profilecheck")
    classpath = os.pathsep.join(str(j) for j in jars)
    subprocess.run(["javac", "-cp", classpath, "-d", str(classes), str(PROFILE_CHECK)], check=True, capture_output=True)
    return ["java", "-cp", classpath + os.pathsep + str(classes), "ProfileCheck"]


def check_profile(command: list[str], iri: str, profile: str = "DL") -> tuple[int, list[str]]:
    closure = imports_closure(iri, MODULES)
    paths = [str(MODULES[iri])] + [str(MODULES[i]) for i in closure if i != iri]
    done = subprocess.run(command + ["--profile", profile] + paths, capture_output=True, text=True, timeout=300)
    assert done.returncode in (0, 1), f"ProfileCheck could not run: {done.stderr[-2000:]}"
    return done.returncode, done.stdout.splitlines()[:-1]


@pytest.mark.parametrize("iri", MODULES, ids=MODULE_IDS)
def test_module_is_owl2_dl(profile_checker, iri):
    returncode, violations = check_profile(profile_checker, iri)
    assert violations == [] and returncode == 0, "\n".join(violations[:20])


def test_core_is_outside_owl2_rl_only_where_the_documentation_says(profile_checker):
    """The ontology, the README and MODEL.md say: not OWL 2 RL, because of the union and rdf:langString."""
    returncode, violations = check_profile(profile_checker, CORE_IRI, "RL")
    assert returncode == 1 and len(violations) == 2, "\n".join(violations)
    assert any("rdf:langString" in v for v in violations) and any("ObjectUnionOf" in v for v in violations)


def test_profile_check_reports_a_violation(profile_checker, tmp_path):
    """The checker is not blind: rdf:Statement as a class, an undeclared class and xsd:date are caught."""
    bad = tmp_path / "bad.ttl"
    bad.write_text("""@prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix ex: <https://example.org/> .
<https://example.org/o> a owl:Ontology .
ex:E a owl:Class ; rdfs:subClassOf <http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement> , ex:Undeclared .
ex:d a owl:DatatypeProperty ; rdfs:range xsd:date .
""", encoding="utf-8")
    done = subprocess.run(profile_checker + [str(bad)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    text = done.stdout
    assert "reserved vocabulary" in text and "undeclared class" in text.lower() and "xsd:date" in text


# --------------------------------------------------------------------------- HermiT


@pytest.fixture(scope="module")
def owlready():
    try:
        import owlready2
    except ImportError:
        unavailable("owlready2 is not installed (the test extra)")
    if not shutil.which("java"):
        unavailable("java is not installed: HermiT cannot run")
    return owlready2


def hermit_world(owlready2, graphs: list[tuple[str, Graph]]):
    """A world with the ontologies loaded in order (imports resolve to the ones already loaded), reasoned by HermiT."""
    world = owlready2.World()
    for iri, graph in graphs:
        data = graph.serialize(format="nt", encoding="utf-8")
        world.get_ontology(iri).load(fileobj=io.BytesIO(data), format="ntriples")
    owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    assert list(world.inconsistent_classes()) == [], "unsatisfiable classes"
    return world


def individuals(graphs: list[tuple[str, Graph]]) -> set[str]:
    """The named individuals of the modules: what they type with a class that is not OWL's own."""
    return {str(s) for _, graph in graphs for s, o in graph.subject_objects(RDF.type)
            if isinstance(s, URIRef) and not str(o).startswith(str(OWL))}


def hermit_types(world, iris: set[str]) -> dict[str, set[str]]:
    """Each individual's pkg: classes, as HermiT classified it (with the classes above)."""
    types = {}
    for iri in iris:
        entity = world[iri]
        assert entity is not None, f"owlready2 lost {iri}"
        types[iri] = {c.iri for c in entity.INDIRECT_is_a if hasattr(c, "iri") and c.iri.startswith(str(PKG))}
    return types


def owlrl_types(graphs: list[tuple[str, Graph]], individuals) -> dict[str, set[str]]:
    """The same individuals' pkg: classes after the pipeline's OWL RL closure."""
    merged = Graph()
    for _, graph in graphs:
        merged += graph
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(merged)
    return {i: {str(t) for t in merged.objects(URIRef(i), RDF.type) if str(t).startswith(str(PKG))} for i in individuals}


def module_graphs(iris) -> list[tuple[str, Graph]]:
    return [(i, parsed(MODULES[i])) for i in iris]


@pytest.mark.parametrize("iri", MODULES, ids=MODULE_IDS)
def test_hermit_classifies_each_module_alone_as_owl_rl_does(owlready, iri):
    graphs = module_graphs(imports_closure(iri, MODULES))
    types = hermit_types(hermit_world(owlready, graphs), individuals(graphs))
    assert types == owlrl_types(graphs, types)


def test_hermit_classifies_all_modules_together(owlready):
    order: list[str] = []
    for iri in MODULES:
        order += [i for i in imports_closure(iri, MODULES) if i not in order]
    graphs = module_graphs(order)
    types = hermit_types(hermit_world(owlready, graphs), individuals(graphs))
    assert len(types) >= 500  # every reference individual
    table_i = {i for i, t in types.items() if str(PKG.TableIPrecursor) in t}
    assert len(table_i) >= 20  # the Table I precursors, classified by the equivalence axiom
    assert types == owlrl_types(graphs, types)


def test_hermit_finds_an_inconsistency(owlready):
    """HermiT is not blind either: an individual in two disjoint classes is reported."""
    bad = Graph().parse(data="""@prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix ex: <https://example.org/> .
<https://example.org/o> a owl:Ontology . ex:A a owl:Class ; owl:disjointWith ex:B . ex:B a owl:Class .
ex:x a ex:A , ex:B .""", format="turtle")
    with pytest.raises(owlready.OwlReadyInconsistentOntologyError):
        hermit_world(owlready, [("https://example.org/o", bad)])


def test_hermit_reads_the_bundled_graph(owlready, built_dir):
    """The graph a build writes (the sample texts), with every module: consistent, classified as OWL RL does."""
    from rdflib import Dataset

    dataset = Dataset()
    dataset.parse(built_dir / "dataset.trig", format="trig")
    extracted = Graph()
    for graph in dataset.graphs():
        if "/graph/" in str(graph.identifier) and not str(graph.identifier).endswith(("/ontology", "/inferred")):
            extracted += graph
    assert len(extracted) > 1000
    data_iri = "https://w3id.org/precursor-kg/graph/sample"
    extracted.add((URIRef(data_iri), RDF.type, OWL.Ontology))
    order: list[str] = []
    for iri in MODULES:
        order += [i for i in imports_closure(iri, MODULES) if i not in order]
    graphs = module_graphs(order) + [(data_iri, extracted)]
    resolutions = {str(s) for s in extracted.subjects(RDF.type, URIRef(PKG + "Resolution"))}
    paragraphs = {str(s) for s in extracted.subjects(URIRef(PKG + "inResolution"), None)}
    types = hermit_types(hermit_world(owlready, graphs), resolutions | paragraphs)
    assert all(str(PKG.Paragraph) in types[p] for p in paragraphs) and paragraphs
    assert types == owlrl_types(graphs, types)
