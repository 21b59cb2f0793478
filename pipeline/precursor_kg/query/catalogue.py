"""The catalogue of competency questions: the bundled `.rq` files, the header comments that
describe them (question, parameters, defaults, whether they need inference, what a row means),
and the binding of parameter values given as text to RDF terms.

A competency query is a `.rq` file in the top-level `queries/` folder (installed as the
package `precursor_kg.queries`) whose leading comment lines describe it:

    # Question: Which resolutions mention a given substance, …?
    # Parameters: ?substance (skos:prefLabel of a pkg:Substance, e.g. "acetic anhydride")
    # Default: ?substance = "acetic anhydride"@en
    # Needs inference: yes
    # Answer: what a row means (continued on "#   " lines)

A value given on the command line as `k=v` is an IRI when written `<…>`, and otherwise a
literal shaped like the parameter's default: `"…"@en` gives a language-tagged literal, `"…"`
a plain one, `"…"^^xsd:integer` a typed one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from ..resources import QUERY_PACKAGE
from .errors import BadParameter, QueryError, QueryNotFound
from .lexer import tokenize
from .terms import ABSOLUTE_IRI, IRI_REF, LITERAL, XSD, Term, parse_term

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


@dataclass(frozen=True)
class Parameter:
    name: str  # without the "?"
    description: str = ""
    default: Term | None = None

    @property
    def kind(self) -> str:
        """How a bare value given for it is read: "iri", "lang", "typed" or "plain"."""
        if self.default is None:
            return "plain"
        if self.default.kind == "iri":
            return "iri"
        if self.default.lang:
            return "lang"
        if self.default.datatype:
            return "typed"
        return "plain"

    def term(self, value: str) -> Term:
        """The term a value given as text (on the command line, in a form) stands for."""
        text = value.strip()
        if text.startswith("<"):
            if m := IRI_REF.fullmatch(text):
                return Term("iri", m.group(1))
            raise BadParameter(f"?{self.name}: {value!r} is not an IRI (write it as <https://…>)")
        if text.startswith('"') and LITERAL.fullmatch(text):
            return parse_term(text)  # an explicit literal wins over the declared shape
        kind = self.kind
        if kind == "iri":
            if ABSOLUTE_IRI.fullmatch(text):
                return Term("iri", text)
            raise BadParameter(f"?{self.name} expects an IRI, e.g. {self.default.n3()}; got {value!r}")
        if kind == "lang":
            return Term("literal", value, lang=self.default.lang)
        if kind == "typed":
            datatype = self.default.datatype
            integers = (XSD + "integer", XSD + "int", XSD + "long", XSD + "nonNegativeInteger")
            if datatype in integers and not re.fullmatch(r"[+-]?\d+", text):
                raise BadParameter(f"?{self.name} expects an integer; got {value!r}")
            if datatype == XSD + "boolean" and text not in ("true", "false", "1", "0"):
                raise BadParameter(f"?{self.name} expects true or false; got {value!r}")
            return Term("literal", text, datatype=datatype)
        return Term("literal", value)


@dataclass(frozen=True)
class CompetencyQuery:
    name: str
    text: str
    question: str = ""
    parameters: tuple[Parameter, ...] = ()
    needs_inference: bool = False
    answer: str = ""  # what a row means, from the "# Answer:" comment
    path: str | None = None

    @property
    def form(self) -> str:
        """SELECT, ASK, CONSTRUCT or DESCRIBE."""
        words = (t.text.upper() for t in tokenize(self.text) if t.kind == "word")
        return next((w for w in words if w in QUERY_FORMS), "SELECT")

    def parameter(self, name: str) -> Parameter | None:
        name = name.lstrip("?$")
        return next((p for p in self.parameters if p.name == name), None)

    def variables(self) -> set[str]:
        """The names of the variables the query mentions (not in its comments, strings or IRIs)."""
        return {t.text[1:] for t in tokenize(self.text) if t.kind == "var" and len(t.text) > 1}


def available_queries() -> list[str]:
    """The names of the bundled competency queries, sorted."""
    try:
        folder = files(QUERY_PACKAGE)
    except ModuleNotFoundError:
        return []
    return sorted(p.name[:-3] for p in folder.iterdir() if p.name.endswith(".rq"))


def list_queries() -> list[CompetencyQuery]:
    return [load_query(name) for name in available_queries()]


def load_query(name_or_path: str | Path) -> CompetencyQuery:
    """A bundled query by name ("substance-mentions", with or without ".rq") or a .rq file by path."""
    if isinstance(name_or_path, CompetencyQuery):
        return name_or_path
    text_name = str(name_or_path)
    path = Path(text_name)
    looks_like_path = isinstance(name_or_path, Path) or "/" in text_name or "\\" in text_name or path.exists()
    if looks_like_path:
        if not path.is_file():
            raise QueryNotFound(text_name)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise QueryError(f"{text_name}: cannot read query ({exc})") from None
        return parse_query(text, name=path.stem, path=str(path))
    name = text_name[:-3] if text_name.endswith(".rq") else text_name
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", name):
        raise QueryNotFound(text_name, available_queries())
    try:
        resource = files(QUERY_PACKAGE).joinpath(name + ".rq")
        text = resource.read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError, IsADirectoryError, NotADirectoryError):
        raise QueryNotFound(text_name, available_queries()) from None
    return parse_query(text, name=name)


def parse_query(text: str, name: str = "query", path: str | None = None) -> CompetencyQuery:
    """Read the descriptive comments at the head of a query."""
    question, answer = [], []
    needs_inference = False
    declared: list[tuple[str, str]] = []
    defaults: dict[str, Term] = {}
    current = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        content = stripped[1:].strip()
        key, sep, rest = content.partition(":")
        key_l = key.strip().lower()
        if sep and key_l in ("question", "parameters", "parameter", "default", "defaults", "needs inference", "answer"):
            rest = rest.strip()
            if key_l == "question":
                question = [rest]
                current = question
            elif key_l in ("parameters", "parameter"):
                declared += _parse_parameter_list(rest, name)
                current = None
            elif key_l in ("default", "defaults"):
                defaults.update(_parse_defaults(rest, name))
                current = None
            elif key_l == "needs inference":
                needs_inference = rest.lower().startswith(("yes", "true"))
                current = None
            else:
                answer.append(rest)
                current = answer
        elif current is not None and line.lstrip().startswith("#  "):
            current.append(content)  # an indented continuation line
        else:
            current = None
    names = [n for n, _ in declared]
    for extra in set(defaults) - set(names):
        declared.append((extra, ""))
    parameters = tuple(Parameter(n, d, defaults.get(n)) for n, d in declared)
    query = CompetencyQuery(
        name=name,
        text=text,
        question=" ".join(question).strip(),
        parameters=parameters,
        needs_inference=needs_inference,
        answer=" ".join(answer).strip(),
        path=path,
    )
    missing = [p.name for p in parameters if p.name not in query.variables()]
    if missing:
        raise QueryError(f"{name}: parameter(s) {', '.join('?' + m for m in missing)} do not occur in the query")
    return query


def _parse_parameter_list(text: str, name: str) -> list[tuple[str, str]]:
    """`?a (desc, e.g. "x"), ?b (desc)` -> [("a", "desc, e.g. \"x\""), ("b", "desc")]."""
    out, i = [], 0
    while True:
        m = re.compile(r"\s*,?\s*[?$]([A-Za-z0-9_]+)\s*").match(text, i)
        if not m:
            break
        var, i = m.group(1), m.end()
        description = ""
        if i < len(text) and text[i] == "(":
            depth, j, quoted = 0, i, False
            while j < len(text):
                c = text[j]
                if c == '"':
                    quoted = not quoted
                elif not quoted and c == "(":
                    depth += 1
                elif not quoted and c == ")":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            description, i = text[i + 1 : j].strip(), j + 1
        out.append((var, description))
    if text[i:].strip() and not out:
        raise QueryError(f"{name}: cannot read the Parameters comment: {text!r}")
    return out


def _parse_defaults(text: str, name: str) -> dict[str, Term]:
    out = {}
    for m in re.finditer(
        r'[?$]([A-Za-z0-9_]+)\s*=\s*(<[^>]*>|"(?:[^"\\]|\\.)*"(?:@[A-Za-z-]+|\^\^(?:<[^>]*>|xsd:[A-Za-z]+))?|[^\s,;]+)',
        text,
    ):
        try:
            out[m.group(1)] = parse_term(m.group(2))
        except ValueError as exc:
            raise QueryError(f"{name}: bad default for ?{m.group(1)}: {exc}") from None
    return out


def bind_parameters(query: CompetencyQuery, params: dict[str, Any] | None) -> dict[str, Term]:
    """The query's parameters as terms: the given values (text, or terms) over the declared defaults."""
    params = {str(k).lstrip("?$"): v for k, v in (params or {}).items()}
    variables = query.variables()
    bound: dict[str, Term] = {}
    for p in query.parameters:
        if p.name in params:
            continue
        if p.default is None:
            raise BadParameter(f"{query.name}: parameter ?{p.name} has no default; give it a value ({p.description})")
        bound[p.name] = p.default
    for key, value in params.items():
        declared = query.parameter(key)
        if declared is None:
            if query.parameters or key not in variables:
                names = ", ".join("?" + p.name for p in query.parameters) or "none"
                raise BadParameter(f"{query.name}: unknown parameter ?{key} (parameters: {names})")
            declared = Parameter(key)  # an undeclared variable of an ad-hoc query file
        if isinstance(value, Term):
            bound[key] = value
        elif type(value).__module__.startswith("rdflib"):  # an rdflib term (a str subclass)
            bound[key] = Term.from_rdflib(value)
        elif type(value).__module__.startswith("pyoxigraph"):
            bound[key] = Term.from_pyoxigraph(value)
        else:
            bound[key] = declared.term(str(value))
    return bound


