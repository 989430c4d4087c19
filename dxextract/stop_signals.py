"""The signals that stop a command, Ctrl-C and SIGTERM, declared once: the CLI's handler takes
them, a pool holds them back while it forks workers, and a step that must not be cut in two (the
two renames of a swap) defers them to its end.
"""
from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def deferred() -> Iterator[None]:
    """Run the block whole: a stop signal that comes during it is handed, right after it, to the
    handler that was in place (the CLI's clean stop, Python's KeyboardInterrupt, the default end).
    The signal is taken at the Python level, not blocked, because the kernel may give it to any
    other thread of the process. Signal handlers belong to the main thread: elsewhere the block
    runs as it is (a signal then interrupts the main thread, not this one)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    came: list[int] = []
    previous = [signal.signal(s, lambda signum, _frame: came.append(signum)) for s in STOP_SIGNALS]
    try:
        yield
    finally:
        for s, handler in zip(STOP_SIGNALS, previous):
            signal.signal(s, signal.SIG_DFL if handler is None else handler)
        if came:
            signal.raise_signal(came[0])
