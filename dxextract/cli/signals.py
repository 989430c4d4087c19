"""Stopping a command: Ctrl-C and SIGTERM end it the same clean way, and say so.

SIGTERM (`timeout`, `kill`, a scheduler stopping a job) would otherwise end Python on the spot:
no `finally` block runs, so a build would leave its temporary folder and its workers to the next
run. Raised as an interruption instead, it unwinds like Ctrl-C: the pool is stopped, temporary
files go, the cache keeps what was finished, and one line on stderr says what happened.
"""
from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

import typer


class Stopped(KeyboardInterrupt):
    """A termination signal, raised where the program is, as Ctrl-C is."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _raise_stopped(signum: int, frame: FrameType | None) -> None:
    raise Stopped(signum)


@contextmanager
def interruptible(state: str) -> Iterator[None]:
    """Ctrl-C or SIGTERM in the block: one line naming the signal and `state` (what was kept),
    and the shell's exit code for it (128 + signal number: 130, 143). Call it from the main thread."""
    previous = signal.signal(signal.SIGTERM, _raise_stopped)
    try:
        yield
    except KeyboardInterrupt as e:
        signum = getattr(e, "signum", signal.SIGINT)
        typer.echo(f"interrupted by {signal.Signals(signum).name}: {state}", err=True)
        raise typer.Exit(128 + signum) from None
    finally:
        signal.signal(signal.SIGTERM, previous)
