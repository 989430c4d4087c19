"""Stopping a command: Ctrl-C and SIGTERM end it the same clean way, and say so.

SIGTERM (`timeout`, `kill`, a scheduler stopping a job) would otherwise end Python on the spot:
no `finally` block runs, so a build would leave its temporary folder and its workers to the next
run. Raised as an interruption instead, it unwinds like Ctrl-C: the pool is stopped, temporary
files go, the cache keeps what was finished, and one line on stderr says what happened.

The first signal is the only one: later ones are ignored, so a second Ctrl-C cannot cut the
clean-up short. Once the clean-up has run, the process ends with `os._exit`, not through the
interpreter's exit: that exit joins `concurrent.futures`' manager thread, which waits forever
for the rest of a result a killed worker had half-written into the pipe (the build then never
ends). A signal whose exception something swallowed (a finalizer running when it came) still
ends the command with its exit code once the block is over: a stopped command never reports 0.
"""
from __future__ import annotations

import logging
import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

import typer

from ..stop_signals import STOP_SIGNALS


class Stopped(KeyboardInterrupt):
    """A termination signal, raised where the program is, as Ctrl-C is."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


class _FirstSignal:
    """The signal handler: remembers the first signal, ignores the next ones, raises `Stopped`."""

    def __init__(self) -> None:
        self.signum: int | None = None

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        for s in STOP_SIGNALS:
            signal.signal(s, signal.SIG_IGN)
        self.signum = signum
        raise Stopped(signum)


def _end(signum: int, state: str) -> None:
    """Say what was kept and end now with the shell's code for the signal (128 + its number)."""
    typer.echo(f"interrupted by {signal.Signals(signum).name}: {state}", err=True)
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    os._exit(128 + signum)


@contextmanager
def interruptible(state: str | Callable[[], str]) -> Iterator[None]:
    """Ctrl-C or SIGTERM in the block: one line naming the signal and `state` (what was kept; a
    function is asked when the signal came, for a state that changes on the way), and the
    shell's exit code for it (130, 143). Call it from the main thread."""
    handler = _FirstSignal()
    previous = [signal.signal(s, handler) for s in STOP_SIGNALS]
    try:
        yield
    except KeyboardInterrupt as e:
        _end(getattr(e, "signum", handler.signum or signal.SIGINT), state() if callable(state) else state)
    finally:
        for s, old in zip(STOP_SIGNALS, previous):
            signal.signal(s, old)
    if handler.signum is not None:  # the exception was swallowed on its way here
        _end(handler.signum, state() if callable(state) else state)
