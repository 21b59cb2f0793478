"""Scale-out: the per-document function of the build mapped over the sources by Dask.

`precursor-kg build --dask ADDRESS` sends each source to `build.process_and_check`
(extraction, the document's graph, its inference and validation) on a Dask cluster
instead of this machine's process pool. ADDRESS is either `local:N`, which starts N
worker processes here (dask.distributed's LocalCluster), or a running scheduler such as
`tcp://10.0.0.5:8786`, whose workers have precursor-kg installed and see the sources at
the same paths (a shared filesystem). Only the results travel back: the document's
N-Quads, its inferred triples and its validation result; this process then assembles
the dataset exactly as a local build does.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from .errors import PrecursorKGError

_LOCAL = re.compile(r"local:(\d+)")


class ScaleOutError(PrecursorKGError):
    """Dask is missing or the cluster cannot be reached."""


def map_documents(address: str, function: Callable, paths: list[Path], *args) -> Iterator[tuple[int, object]]:
    """(index, function(paths[index], *args)) for every path, in the order they finish."""
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise ScaleOutError("--dask needs Dask: pip install 'precursor-kg[dask]'") from None
    local = _LOCAL.fullmatch(address)
    if local is None and not re.fullmatch(r"(tcp|tls|inproc|ucx)://\S+", address):
        raise ScaleOutError(f"--dask {address!r}: give local:N or a scheduler address such as tcp://host:8786")
    cluster = None
    try:
        if local:
            workers = int(local.group(1))
            if workers < 1:
                raise ScaleOutError("--dask local:N needs at least one worker")
            # One thread a worker: a worker keeps one spaCy pipeline, used by one task at a time.
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=logging.ERROR)
            client = Client(cluster)
        else:
            client = Client(address, timeout="5s")
    except OSError as exc:
        raise ScaleOutError(f"--dask {address}: cannot reach the scheduler ({exc})") from None
    try:
        futures = {client.submit(function, path, *args, pure=False): i for i, path in enumerate(paths)}
        for future in as_completed(futures):
            yield futures[future], future.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
