"""The OWL ontology: it parses, documents every term, infers what the queries rely on and nothing else."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import owlrl
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS

from precursor_kg.graph.iris import ELI, OA
from precursor_kg.graph.namespace import PKG

ONTOLOGY_IRI = URIRef("https://w3id.org/precursor-kg/ontology")
VANN = Namespace("http://purl.org/vocab/vann/")
ONTOLOGY_FILE = Path(str(files("precursor_kg.ontology").joinpath("precursor-kg.ttl")))


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


def pkg_terms(ontology: Graph, kind) -> list[URIRef]:
    return sorted(s for s in ontology.subjects(RDF.type, kind) if isinstance(s, URIRef) and s.startswith(str(PKG)))


def test_ontology_declares_every_class_the_built_graph_uses(ontology, built_store):
    """Every pkg: class a node of the sample build is typed with (asserted or inferred), and every
    class the extraction's mention kinds stand for, is an owl:Class of the ontology."""
    from precursor_kg.vocabulary import MENTION_CLASSES

    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    declared = set(pkg_terms(ontology, OWL.Class))
    used = {URIRef(row["c"].value) for row in built_store.query(
        f"SELECT DISTINCT ?c WHERE {{ ?s a ?c FILTER(STRSTARTS(STR(?c), '{PKG}')) }}")}
    assert {PKG.Resolution, PKG.OperativeParagraph, PKG.Evidence} <= used
    assert used - declared == set()
    assert set(MENTION_CLASSES) - declared == set()


def test_header(ontology):
    assert ontology.value(ONTOLOGY_IRI, OWL.versionIRI) == URIRef("https://w3id.org/precursor-kg/ontology/0.1.0")
    assert ontology.value(ONTOLOGY_IRI, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert str(ontology.value(ONTOLOGY_IRI, VANN.preferredNamespacePrefix)) == "pkg"
    assert str(ontology.value(ONTOLOGY_IRI, VANN.preferredNamespaceUri)) == str(PKG)
    for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.creator):
        assert ontology.value(ONTOLOGY_IRI, prop) is not None, prop


@pytest.mark.parametrize("kind", [OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty],
                         ids=lambda k: k.split("#")[1])
def test_every_term_is_documented(ontology, kind):
    terms = pkg_terms(ontology, kind)
    assert terms
    for term in terms:
        assert ontology.value(term, RDFS.label) is not None, f"{term} has no rdfs:label"
        assert ontology.value(term, SKOS.definition) is not None, f"{term} has no skos:definition"
        assert ontology.value(term, RDFS.isDefinedBy) == ONTOLOGY_IRI, f"{term} has no rdfs:isDefinedBy"


def test_reused_vocabularies(ontology):
    eli, org, oa, prov = ELI, ORG, OA, PROV
    for triple in [
        (PKG.Resolution, RDFS.subClassOf, eli.LegalResource),
        (PKG.Paragraph, RDFS.subClassOf, eli.LegalResourceSubdivision),
        (PKG.Treaty, RDFS.subClassOf, eli.LegalResource),
        (PKG.hasParagraph, RDFS.subPropertyOf, eli.has_part),
        (PKG.Body, RDFS.subClassOf, org.Organization),
        (PKG.Office, RDFS.subClassOf, org.Post),
        (PKG.Evidence, RDFS.subClassOf, oa.Annotation),
        (PKG.SourceText, RDFS.subClassOf, prov.Entity),
        (PKG.ActionScheme, RDFS.subClassOf, SKOS.ConceptScheme),
        (PKG.cites, RDFS.subPropertyOf, DCTERMS.references),
        (PKG.dateAdopted, RDFS.subPropertyOf, DCTERMS.date),
        (PKG.hasParagraph, OWL.inverseOf, PKG.inResolution),
        (PKG.action, RDFS.range, SKOS.Concept),
        (PKG.addressee, RDFS.range, PKG.Addressee),
    ]:
        assert triple in ontology, triple
    assert (PKG.Evidence, RDFS.subClassOf, RDF.Statement) not in ontology  # reserved vocabulary in OWL 2 DL


def test_alignment_to_eli_and_undo(ontology):
    """The alignment docs/MODEL.md tabulates is stated in the ontology."""
    eli = ELI
    undo = Namespace("https://w3id.org/un/ontology/undo/")
    for triple in [
        (PKG.adoptedBy, RDFS.subPropertyOf, eli.passed_by),
        (PKG.cites, RDFS.subPropertyOf, eli.cites),
        (PKG.documentSymbol, RDFS.subPropertyOf, eli.id_local),
        (PKG.dateAdopted, RDFS.seeAlso, eli.date_document),
        (PKG.Resolution, RDFS.subClassOf, undo.Resolution),
        (PKG.Treaty, RDFS.subClassOf, undo.Treaty),
        (PKG.Body, RDFS.subClassOf, undo.Agent),
        (PKG.Evidence, RDFS.subClassOf, undo.Annotation),
        (PKG.Statement, RDFS.subClassOf, undo.Relation),
    ]:
        assert triple in ontology, triple
    table = (ONTOLOGY_FILE.parent.parent / "docs" / "MODEL.md").read_text(encoding="utf-8")
    for term in ("eli:passed_by", "eli:cites", "eli:date_document", "eli:id_local", "eli:is_about",
                 "undo:Resolution", "undo:Annotation", "undo:Relation"):
        assert f"`{term}`" in table, term


SAMPLE = """
@prefix pkg: <https://w3id.org/precursor-kg/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix sub: <https://w3id.org/precursor-kg/id/substance/> .
@prefix t88: <https://w3id.org/precursor-kg/id/treaty/1988-convention/> .
@prefix treaty: <https://w3id.org/precursor-kg/id/treaty/> .
@prefix body: <https://w3id.org/precursor-kg/id/body/> .
@prefix office: <https://w3id.org/precursor-kg/id/office/> .
@prefix group: <https://w3id.org/precursor-kg/id/group/> .
@prefix ini: <https://w3id.org/precursor-kg/id/initiative/> .
@prefix action: <https://w3id.org/precursor-kg/id/action/> .
@prefix r: <https://w3id.org/precursor-kg/resolution/cnd/51/> .

sub:ephedrine a pkg:Precursor ; pkg:listedIn t88:table-i .
sub:acetone a pkg:Substance ; pkg:listedIn t88:table-ii .
sub:heroin a pkg:NarcoticDrug .
t88:table-i a pkg:TreatyTable ; pkg:tableOf treaty:1988-convention .
t88:table-ii a pkg:TreatyTable ; pkg:tableOf treaty:1988-convention .
treaty:1988-convention a pkg:Treaty .
body:incb a pkg:Body .
body:cnd a pkg:Body .
office:secretary-general a pkg:Office ; org:postIn body:un-secretariat .
body:un-secretariat a pkg:Body .
group:member-states a pkg:AddresseeGroup .
ini:project-prism a pkg:Project ; pkg:targetsSubstance sub:ephedrine ; pkg:operatedBy body:incb .
action:urge a skos:Concept .
r:10 a pkg:Resolution ; pkg:symbol "CND 51/10" ; pkg:adoptedBy body:cnd ; pkg:hasParagraph r:10-op1 .
r:10-op1 a pkg:OperativeParagraph ; pkg:position 1 ;
    pkg:action action:urge ; pkg:addressee group:member-states , office:secretary-general ;
    pkg:mentions sub:ephedrine , sub:heroin , treaty:1988-convention , ini:project-prism , body:incb , t88:table-i ;
    pkg:cites r:11 .
r:11 a pkg:Resolution ; pkg:symbol "CND 51/11" .
r:10-op1-en a pkg:ParagraphExpression ; <http://data.europa.eu/eli/ontology#realizes> r:10-op1 ;
    <http://data.europa.eu/eli/ontology#language> <http://publications.europa.eu/resource/authority/language/ENG> ;
    pkg:text "Urges Member States…"@en .
"""

ID = "https://w3id.org/precursor-kg/id/"
R = "https://w3id.org/precursor-kg/resolution/cnd/51/"
UNDO = "https://w3id.org/un/ontology/undo/"

# Every type each individual has after OWL RL (ignoring owl:Thing and the like).
EXPECTED_TYPES = {
    ID + "substance/ephedrine": {PKG.Precursor, PKG.Substance, PKG.TableIPrecursor},
    ID + "substance/acetone": {PKG.Substance, PKG.Precursor, PKG.TableIIPrecursor},
    ID + "substance/heroin": {PKG.NarcoticDrug, PKG.Substance},
    ID + "treaty/1988-convention/table-i": {PKG.TreatyTable, URIRef(ELI + "LegalResourceSubdivision")},
    ID + "treaty/1988-convention/table-ii": {PKG.TreatyTable, URIRef(ELI + "LegalResourceSubdivision")},
    ID + "treaty/1988-convention": {PKG.Treaty, URIRef(ELI + "LegalResource"), URIRef(UNDO + "Treaty")},
    ID + "body/incb": {PKG.Body, PKG.Addressee, URIRef(ORG + "Organization"), URIRef(UNDO + "Agent")},
    ID + "body/cnd": {PKG.Body, PKG.Addressee, URIRef(ORG + "Organization"), URIRef(UNDO + "Agent")},
    ID + "body/un-secretariat": {PKG.Body, PKG.Addressee, URIRef(ORG + "Organization"), URIRef(UNDO + "Agent")},
    ID + "office/secretary-general": {PKG.Office, PKG.Addressee, URIRef(ORG + "Post")},
    ID + "group/member-states": {PKG.AddresseeGroup, PKG.Addressee, URIRef(FOAF + "Group")},
    ID + "initiative/project-prism": {PKG.Project, PKG.Initiative},
    ID + "action/urge": {SKOS.Concept},
    R + "10": {PKG.Resolution, URIRef(ELI + "LegalResource"), URIRef(UNDO + "Resolution")},  # the act, not a prov:Entity
    R + "11": {PKG.Resolution, URIRef(ELI + "LegalResource"), URIRef(UNDO + "Resolution")},
    R + "10-op1": {PKG.OperativeParagraph, PKG.Paragraph, URIRef(ELI + "LegalResourceSubdivision")},
    R + "10-op1-en": {PKG.ParagraphExpression, URIRef(ELI + "LegalExpression")},  # the text is on the expression
}
IGNORED = {OWL.Thing, OWL.NamedIndividual, RDFS.Resource}


@pytest.fixture(scope="module")
def closure(ontology) -> Graph:
    g = Graph()
    g += ontology
    g.parse(data=SAMPLE, format="turtle")
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    return g


def test_owl_rl_classifies_table_precursors(closure):
    assert (URIRef(ID + "substance/ephedrine"), RDF.type, PKG.TableIPrecursor) in closure
    assert (URIRef(ID + "substance/acetone"), RDF.type, PKG.TableIIPrecursor) in closure
    assert (URIRef(ID + "substance/heroin"), RDF.type, PKG.TableIPrecursor) not in closure


@pytest.mark.parametrize(
    "individual", sorted(EXPECTED_TYPES), ids=lambda i: i.rsplit("/", 2)[-2] + "/" + i.rsplit("/", 1)[-1]
)
def test_owl_rl_infers_no_surprising_type(closure, individual):
    # anonymous class expressions (the union, the intersection, the restriction) are not types to report
    types = {t for t in closure.objects(URIRef(individual), RDF.type) if isinstance(t, URIRef)} - IGNORED
    assert types == EXPECTED_TYPES[individual]


def test_owl_rl_inverse_and_super_properties(closure):
    op1, r10, r11 = URIRef(R + "10-op1"), URIRef(R + "10"), URIRef(R + "11")
    assert (op1, PKG.inResolution, r10) in closure
    assert (op1, DCTERMS.references, r11) in closure
    assert not any(isinstance(o, Literal) and "error" in str(p).lower() for _, p, o in closure)


def test_ontology_docs_list_every_class(ontology, tmp_path):
    from precursor_kg.ontodocs import write_ontology_docs

    html_path = write_ontology_docs(ONTOLOGY_FILE, tmp_path / "docs")
    html = html_path.read_text(encoding="utf-8")
    for cls in pkg_terms(ontology, OWL.Class):
        label = str(ontology.value(cls, RDFS.label))
        assert label in html, f"the documentation does not mention {label!r}"
