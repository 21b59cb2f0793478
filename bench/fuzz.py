"""A longer fuzz run of the reader, segmenter and extractor than the unit tests do.

    python -m bench.fuzz --seconds 300

Runs the same properties as tests/test_fuzz.py (no exception; offsets inside the text;
every span quotes the source) for a fixed time and prints how many cases ran.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=120.0, help="time to fuzz for (default 120)")
    parser.add_argument("--out", type=Path, default=Path("bench/out/fuzz.json"))
    args = parser.parse_args(argv)

    from tests import test_fuzz as properties

    from precursor_kg.extraction import Extractor

    extractor = Extractor()
    deadline = time.monotonic() + args.seconds
    counts = {}
    started = time.monotonic()
    cases = [
        (
            "decode(bytes)",
            st.binary(max_size=4000),
            lambda data: properties.test_decode_never_crashes_on_bytes.hypothesis.inner_test(data),
        ),
        (
            "clean(text)",
            st.text(alphabet=properties.ALPHABET, max_size=6000),
            lambda text: properties.test_clean_maps_every_offset_inside_the_source.hypothesis.inner_test(text),
        ),
        (
            "extract(arbitrary text)",
            st.text(alphabet=properties.ALPHABET, max_size=4000),
            lambda text: properties._check(extractor, text),
        ),
        ("extract(mutated real text)", properties.mutated_real_text(), lambda text: properties._check(extractor, text)),
    ]
    share = args.seconds / len(cases)
    for name, strategy, check in cases:
        counts[name] = 0
        try:
            _timed_property(strategy, check, counts, name, min(deadline, time.monotonic() + share))()
        except _Done:
            pass
    elapsed = time.monotonic() - started
    report = {"seconds": round(elapsed, 1), "cases": counts, "total": sum(counts.values()), "failures": 0}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))
    return 0


def _timed_property(strategy, check, counts: dict, name: str, stop: float):
    @settings(
        max_examples=10**7,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def run(value):
        if time.monotonic() > stop:
            raise _Done
        counts[name] += 1
        check(value)

    return run


class _Done(Exception):
    """Raised inside a property to end a timed run (hypothesis lets it through)."""


if __name__ == "__main__":
    sys.exit(main())
