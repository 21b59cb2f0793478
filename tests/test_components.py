"""The spaCy components in a pipeline of one's own: `spacy.blank("en")`, the components added by
name in order, the plain text of a resolution; their declarations, options, and a round trip
through `nlp.to_disk` / `spacy.load`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

from precursor_kg.nlp.pipeline import PIPELINE

from .conftest import GOLD_DIR

TEXT = "001_ca773b25f352cea2"  # CND resolution 62/1, one paragraph a line, superscript footnote markers


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    for name in PIPELINE:  # by name: the package's entry points register the factories
        nlp.add_pipe(name)
    return nlp


@pytest.fixture(scope="module")
def doc(nlp, sample_paths):
    path = next(p for p in sample_paths if p.stem == TEXT)
    return nlp(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def gold():
    return json.loads((GOLD_DIR / f"{TEXT}.json").read_text(encoding="utf-8"))["resolutions"][0]


def test_paragraphs_and_actions_as_the_gold_has_them(doc, gold):
    assert [s.label_ for s in doc.spans["resolutions"]] == ["CND 62/1"]
    assert [s.label_ for s in doc.spans["paragraphs"]] == [p["kind"] for p in gold["paragraphs"]]
    assert [s.label_ for s in doc.spans["actions"]] == [p["action"] for p in gold["paragraphs"]]
    assert doc.user_data["adopting_body"] == "Commission on Narcotic Drugs"


def test_entities_addressees_requests_and_citations(doc, gold):
    names = {e.text for e in doc.ents}
    assert {"International Narcotics Control Board", "United Nations Office on Drugs and Crime"} <= names
    gold_addressees = {a for p in gold["paragraphs"] for a in p["addressees"]}
    assert {s.label_ for s in doc.spans["addressees"]} == gold_addressees
    gold_requests = [q["action"] for p in gold["paragraphs"] for q in p.get("requests", [])]
    assert [s.label_ for s in doc.spans["requests"]] == gold_requests
    gold_cites = {c for p in gold["paragraphs"] for c in p["cites"]}
    in_paragraphs = {c.label_ for c in doc.spans["citations"]
                     if any(p.start_char <= c.start_char < p.end_char for p in doc.spans["paragraphs"])}
    assert in_paragraphs == gold_cites  # the others are in the heading and the footnotes


def test_analyze_pipes_shows_what_each_assigns_and_requires(nlp):
    analysis = nlp.analyze_pipes()
    assert all(not problems for problems in analysis["problems"].values()), analysis["problems"]
    summary = analysis["summary"]
    assert summary["precursor_structure"]["assigns"] == ["doc.spans"]
    assert "doc.ents" in summary["precursor_entity_ruler"]["assigns"]
    assert summary["precursor_addressees"]["requires"] == ["doc.spans", "doc.ents"]


def test_options_come_from_the_config(sample_paths):
    nlp = spacy.blank("en")
    nlp.add_pipe("precursor_entity_ruler", config={"kinds": ["Substance"]})
    text = next(p for p in sample_paths if p.stem == TEXT).read_text(encoding="utf-8")
    kinds = {e.label_ for e in nlp(text).ents}
    assert kinds == {"Substance"}
    assert nlp.config["components"]["precursor_entity_ruler"]["kinds"] == ["Substance"]


def test_rules_and_vocabulary_are_saved_and_loaded(nlp, doc, tmp_path):
    nlp.to_disk(tmp_path / "pipeline")
    assert (tmp_path / "pipeline" / "precursor_addressees" / "rules.json").is_file()
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.pipe_names == list(PIPELINE)
    again = loaded(doc.text)
    for group in ("paragraphs", "actions", "addressees", "requests", "citations"):
        assert [(s.start_char, s.label_) for s in again.spans[group]] == [(s.start_char, s.label_) for s in doc.spans[group]]
    assert [(e.start_char, e.kb_id_) for e in again.ents] == [(e.start_char, e.kb_id_) for e in doc.ents]


def test_initialize_gives_other_rules(sample_paths):
    """Rules are data: a clause rule file without "invite" among the request verbs finds none."""
    nlp = spacy.blank("en")
    for name in PIPELINE:
        nlp.add_pipe(name)
    finder = nlp.get_pipe("precursor_addressees")
    rules = dict(finder.rules, request_actions=[a for a in finder.rules["request_actions"] if a != "invite"])
    finder.initialize(rules=rules)
    text = next(p for p in sample_paths if p.stem == TEXT).read_text(encoding="utf-8")
    doc = nlp(text)
    assert "invite" not in {s.label_ for s in doc.spans["requests"]}
    assert "request" in {s.label_ for s in doc.spans["requests"]}


def test_names_the_reference_data_lacks_are_found_by_their_form(nlp):
    """GA 78/195 names bodies no reference list holds; its title-case guidelines and conventions are not bodies."""
    text = (Path(__file__).parent.parent / "corpus" / "ga-78-195-p2-3.txt").read_text(encoding="utf-8")
    doc = nlp(text)
    found = {(" ".join(s.text.split()), s.label_) for s in doc.spans["unlisted_mentions"]}
    assert ("Steering Committee on Accessibility", "Body") in found
    listed = {" ".join(e.text.split()) for e in doc.ents}
    assert not any(name in listed for name, _ in found)  # never a name the reference data holds
    assert not any("Guidelines" in name or "Declaration" in name for name, _ in found)
