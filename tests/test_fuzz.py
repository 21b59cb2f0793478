"""Property-based tests: arbitrary and mutated real text never crashes the reader, segmenter or extractor,
offsets stay inside the text and every span quotes the source exactly."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from precursor_kg.errors import SourceError
from precursor_kg.reader import Source, clean, decode

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
ALPHABET = st.characters(blacklist_categories=("Cs",))


def _corpus_text() -> str:
    from precursor_kg.fileio import bundled_corpus

    return "\n".join(p.read_text(encoding="utf-8") for p in bundled_corpus())


CORPUS = _corpus_text()


@st.composite
def mutated_real_text(draw):
    """A slice of the real corpus with characters deleted, duplicated or inserted."""
    start = draw(st.integers(0, len(CORPUS) - 1))
    length = draw(st.integers(1, 4000))
    text = list(CORPUS[start : start + length])
    for _ in range(draw(st.integers(0, 12))):
        if not text:
            break
        i = draw(st.integers(0, len(text) - 1))
        op = draw(st.sampled_from(["delete", "duplicate", "insert"]))
        if op == "delete":
            del text[i]
        elif op == "duplicate":
            text.insert(i, text[i])
        else:
            text.insert(
                i,
                draw(
                    st.sampled_from(
                        [
                            "\n",
                            ",",
                            ";",
                            "1.",
                            " (a) ",
                            "⁴",
                            "*",
                            "The Commission on Narcotic Drugs,",
                            "Resolution 1/1",
                            "Urges ",
                            "x",
                        ]
                    )
                ),
            )
    return "".join(text)


def _check(extractor, text: str):
    try:
        result = extractor.extract(Source("fuzz.txt", "fuzz", text, "", "utf-8"))
    except SourceError:
        return
    for r in result.resolutions:
        for p in r.paragraphs:
            spans = [p.span] + ([p.action_span] if p.action_span else []) + [s for m in p.mentions for s in m.spans]
            spans += [a.span for a in p.addressees] + [c.span for c in p.cites] + [s.span for s in p.subparagraphs]
            for span in spans:
                assert 0 <= span.start <= span.end <= len(text)
                assert text[span.start : span.end] == span.exact


@SETTINGS
@given(st.binary(max_size=2000))
def test_decode_never_crashes_on_bytes(data):
    try:
        text, _ = decode(data)
    except SourceError:
        return
    assert isinstance(text, str)


@SETTINGS
@given(st.text(alphabet=ALPHABET, max_size=3000))
def test_clean_maps_every_offset_inside_the_source(text):
    cleaned = clean(text)
    for i in range(0, len(cleaned.text), 7):
        s, e = cleaned.span_to_source(i, i + 1)
        assert 0 <= s < e <= len(text)
        # the one character clean() replaces: a carriage return that ends a line by itself is read as "\n"
        assert cleaned.text[i] == text[s] or (cleaned.text[i], text[s]) == ("\n", "\r")


@SETTINGS
@given(st.text(alphabet=ALPHABET, max_size=2000))
def test_extractor_survives_arbitrary_text(extractor, text):
    _check(extractor, text)


@SETTINGS
@given(mutated_real_text())
def test_extractor_survives_mutated_real_text(extractor, text):
    _check(extractor, text)
