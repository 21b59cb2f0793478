"""Run `precursor-kg build ARGS…` in this process and print its wall time and peak memory as JSON.

Used by the bench in a fresh subprocess per build, so that the peak resident set size
(this process and its worker processes, ru_maxrss) is the build's own.
"""

import json
import resource
import sys
import time

import precursor_kg.build
from precursor_kg.cli import main

timings = {}
_build = precursor_kg.build.build


def recording_build(*args, **kwargs):
    report = _build(*args, **kwargs)
    timings.update(report.timings)
    return report


precursor_kg.build.build = recording_build

start = time.perf_counter()
code = main(sys.argv[1:])
wall = time.perf_counter() - start
peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(json.dumps({"code": code, "wall_s": wall, "peak_rss_mb": peak / 1024, "timings": timings}), file=sys.stderr)
sys.exit(code)
