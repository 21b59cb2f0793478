"""What the project's spaCy components share: their rules and vocabulary are data.

A component is created with the package's own data (a rules file of `nlp/data/` or
`data/`, and the reference vocabulary), so `nlp.add_pipe(name)` and `nlp(text)` just work;
`initialize(rules=…, vocabulary=…)` gives it other data; `to_disk` saves both as JSON beside
the pipeline and `from_disk` (used by `spacy.load`) reads them back.
"""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

from ..errors import DataFileError
from ..vocabulary import Vocabulary, load_vocabulary

RULES_FILE = "rules.json"
VOCABULARY_FILE = "vocabulary.json"


def package_rules(package: str, name: str) -> dict:
    """A rules file shipped with the package, e.g. ("precursor_kg.nlp.data", "clauses.json")."""
    try:
        rules = json.loads(files(package).joinpath(name).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataFileError(
            f"{package}/{name}: not a readable rules file ({' '.join(str(exc).split())[:200]})"
        ) from None
    if not isinstance(rules, dict):
        raise DataFileError(f"{package}/{name}: a rules file holds a JSON object")
    return rules


class DataComponent:
    """Base of the components: `configure(rules, vocabulary)` builds what `__call__` needs."""

    rules_package = "precursor_kg.nlp.data"
    rules_name = ""  # the component's rules file

    def __init__(self, rules: dict | None = None, vocabulary: Vocabulary | None = None):
        self.configure(rules or package_rules(self.rules_package, self.rules_name), vocabulary or load_vocabulary())

    def configure(self, rules: dict, vocabulary: Vocabulary) -> None:
        self.rules = rules
        self.vocabulary = vocabulary
        self.setup()

    def setup(self) -> None:
        raise NotImplementedError

    def initialize(
        self, get_examples=None, *, nlp=None, rules: dict | None = None, vocabulary: dict | None = None
    ) -> None:
        """spaCy's initialization hook: other rules, or another vocabulary (as `Vocabulary.to_dict` writes it)."""
        self.configure(rules or self.rules, Vocabulary.from_dict(vocabulary) if vocabulary else self.vocabulary)

    def to_disk(self, path, *, exclude=()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / RULES_FILE).write_text(json.dumps(self.rules, indent=1, ensure_ascii=False), encoding="utf-8")
        (path / VOCABULARY_FILE).write_text(json.dumps(self.vocabulary.to_dict()), encoding="utf-8")

    def from_disk(self, path, *, exclude=()):
        path = Path(path)
        rules = json.loads((path / RULES_FILE).read_text(encoding="utf-8"))
        vocabulary = Vocabulary.from_dict(json.loads((path / VOCABULARY_FILE).read_text(encoding="utf-8")))
        self.configure(rules, vocabulary)
        return self
