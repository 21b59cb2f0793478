"""Ctrl-C held back while a Rust library reads Python objects.

`reasonable` converts each rdflib term by calling back into Python. A KeyboardInterrupt raised
inside such a callback became a Rust panic (pyo3's PanicException, which no `except` of the
command line expects), and so a traceback instead of the one-line "interrupted": seen when a
build was interrupted on a loaded machine. Inside `interrupts_held()` a Ctrl-C is only
noted; it takes effect, as usual, when the block ends.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def interrupts_held() -> Iterator[None]:
    """Run the block with SIGINT noted rather than acted on, then act on it as the previous handler would."""
    if threading.current_thread() is not threading.main_thread():  # only the main thread gets signals
        yield
        return
    received: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: received.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if received:
        if callable(previous):
            previous(signal.SIGINT, None)  # Python's default handler raises KeyboardInterrupt
        elif previous == signal.SIG_DFL:
            signal.raise_signal(signal.SIGINT)
