"""`precursor_structure`: the resolutions, paragraphs and opening actions of a resolution's text.

For a pipeline of one's own: `spacy.blank("en")` with this component first, then the
others, reads the plain text of one or more resolutions. It writes `doc.spans["resolutions"]`
(labelled with the symbol, or "fragment"), `doc.spans["paragraphs"]` (labelled "preambular" or
"operative") and `doc.spans["actions"]` (each paragraph's opening verb, labelled with its
lemma), and the adopting body of the first resolution in `doc.user_data["adopting_body"]`.
The project's own Extractor segments the cleaned text itself and sets the same span groups.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..reader import clean
from ..structure import segment
from .component import DataComponent
from .openers import OpenerMatcher


class StructureFinder(DataComponent):
    rules_name = "clauses.json"

    def setup(self) -> None:
        self.openers = OpenerMatcher(self.vocabulary, self.rules)

    def __call__(self, doc: Doc) -> Doc:
        """The structure is found in the cleaned text (reader.clean: footnotes, page furniture and
        markers out) and its offsets mapped back to the Doc's own text."""
        text = clean(doc.text)

        def span(start: int, end: int, label: str):
            return doc.char_span(*text.span_to_source(start, end), label=label, alignment_mode="expand")

        resolutions, paragraphs, actions = [], [], []
        for resolution in segment(text.text, self.openers):
            whole = span(resolution.start, resolution.end, resolution.symbol or "fragment")
            if whole is not None:
                resolutions.append(whole)
            if resolution.body and "adopting_body" not in doc.user_data:
                doc.user_data["adopting_body"] = resolution.body
            for p in resolution.paragraphs:
                paragraph = span(p.start, p.end, p.kind)
                if paragraph is not None:
                    paragraphs.append(paragraph)
                if p.opener is not None:
                    action = span(p.opener.start, p.opener.end, p.opener.lemma)
                    if action is not None:
                        actions.append(action)
        doc.spans["resolutions"] = resolutions
        doc.spans["paragraphs"] = paragraphs
        doc.spans["actions"] = actions
        return doc


@Language.factory("precursor_structure", assigns=["doc.spans"], default_config={})
def make_structure(nlp: Language, name: str) -> StructureFinder:
    """Resolutions, paragraphs and opening actions as `doc.spans`; put it first in the pipeline."""
    return StructureFinder()
