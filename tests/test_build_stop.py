"""A stopped build, at the phases where a stop went wrong: a worker cut off halfway through
sending its result (the build then never ended), a signal after the dataset's atomic swap (the
build then said the dataset was as it was), between the two renames of the swap where the system
cannot exchange two folders in one step (no dataset left at all), and while the summary prints
(exit 1, "Aborted!"). Real subprocesses, real signals: each script waits at the phase and writes
a marker file, and the test sends the signal then."""
from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from dxextract.dataset import build
from test_build_robust import _children, _running

HALF_SENT = """
import gc, multiprocessing.queues, os, struct, sys, time
from pathlib import Path
from dxextract.cli.signals import interruptible
from dxextract.engines import Runner

def half_send(marker):
    # the result pipe as a worker killed halfway through a big result leaves it: a length, part of the bytes
    queue, = [o for o in gc.get_objects() if isinstance(o, multiprocessing.queues.SimpleQueue)]
    os.write(queue._writer.fileno(), struct.pack("!i", 1 << 20) + b"x" * 100)
    Path(marker).write_text("sent")
    time.sleep(60)

if __name__ == "__main__":
    with interruptible("stopped"):
        with Runner(2) as runner:
            list(runner.map(half_send, iter([(0, (sys.argv[1],))])))
"""


def _build_hooked(hook: str) -> str:
    """A script running `dxextract build` with `hook` (code that waits at a phase) in place."""
    return f"""
import os, sys, time
from pathlib import Path
from dxextract import output, scan
from dxextract.cli import main

MARKER = Path(sys.argv[1])
{hook}
sys.argv = ["dxextract", "build", *sys.argv[2:]]
main()
"""


AFTER_SWAP = _build_hooked("""
def swap_then_wait(tmp, out, swap=output.swap_in):
    swap(tmp, out)
    MARKER.write_text("swapped")
    time.sleep(60)

output.swap_in = swap_then_wait
""")

BETWEEN_RENAMES = _build_hooked("""
def set_aside_then_wait(src, dst, rename=os.rename):
    rename(src, dst)
    if Path(dst).name.startswith(".ds.old-"):  # the previous dataset is set aside, the new one not yet in
        MARKER.write_text("set aside")
        time.sleep(2)  # the signal comes now

output._exchange = lambda a, b: False  # a system without renameat2's RENAME_EXCHANGE
os.rename = set_aside_then_wait
""")

WHILE_SUMMARY_PRINTS = _build_hooked("""
def slow_summary(self, text=scan.Summary.__str__):
    MARKER.write_text("printing")
    time.sleep(2)
    return text(self)

scan.Summary.__str__ = slow_summary
""")


def _stop_at_marker(script: str, args: list[str], cwd: Path, sig: int) -> tuple[int, str, list[int]]:
    """Run `script`, send `sig` once it writes its marker; its exit code, stderr and workers."""
    marker = cwd / "marker"
    proc = subprocess.Popen([sys.executable, "-c", script, str(marker), *args], cwd=cwd,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not marker.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert marker.exists(), f"the script never reached its phase: {proc.stderr.read() if proc.poll() is not None else ''}"
        workers = _children(proc.pid)
        proc.send_signal(sig)
        code = proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pytest.fail(f"still running 10 s after {signal.Signals(sig).name}")
    finally:
        if proc.poll() is None:
            for pid in _children(proc.pid):
                os.kill(pid, signal.SIGKILL)
            proc.kill()
            proc.wait()
    return code, proc.stderr.read(), workers


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_build_stopped_while_a_worker_sends_half_a_result_ends_at_once(tmp_path, sig):
    code, err, workers = _stop_at_marker(HALF_SENT, [], tmp_path, sig)
    assert (code, err) == (128 + sig, f"interrupted by {sig.name}: stopped\n")
    deadline = time.monotonic() + 5
    while any(_running(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(workers) == 2 and not [w for w in workers if _running(w)]


def test_a_build_stopped_after_its_atomic_swap_says_the_dataset_is_written(tmp_path, corpus_dir):
    code, err, _ = _stop_at_marker(AFTER_SWAP, [str(corpus_dir), "-o", "ds", "-q", "--jobs", "1"], tmp_path, signal.SIGTERM)
    assert (code, err) == (143, "interrupted by SIGTERM: ds is written, whole; the cache keeps the articles already done\n")
    assert (tmp_path / "ds" / "datapackage.json").exists() and not list(tmp_path.glob(".ds.tmp-*"))


WRITTEN = "interrupted by {}: ds is written, whole; the cache keeps the articles already done\n"


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_build_stopped_between_the_two_renames_of_a_swap_ends_with_the_new_dataset_in_place(tmp_path, corpus_dir, sig):
    build(corpus_dir, tmp_path / "ds", jobs=1, progress=False)
    code, err, _ = _stop_at_marker(BETWEEN_RENAMES, [str(corpus_dir), "-o", "ds", "-q", "-j", "1", "--csv", "all"],
                                   tmp_path, sig)
    assert (code, err) == (128 + sig, WRITTEN.format(sig.name))
    assert (tmp_path / "ds" / "datapackage.json").is_file() and (tmp_path / "ds" / "articles.csv").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ds", "ds.cache", "marker"]


def test_a_build_killed_between_the_two_renames_leaves_the_previous_dataset_to_the_next_build(tmp_path, corpus_dir):
    build(corpus_dir, tmp_path / "ds", jobs=1, progress=False)
    code, _, _ = _stop_at_marker(BETWEEN_RENAMES, [str(corpus_dir), "-o", "ds", "-q", "-j", "1", "--csv", "all"],
                                 tmp_path, signal.SIGKILL)
    assert code == -signal.SIGKILL and not (tmp_path / "ds").exists()
    summary = build(corpus_dir, tmp_path / "ds", jobs=1, progress=False)
    assert not summary.written  # the previous dataset is back, and up to date
    assert (tmp_path / "ds" / "datapackage.json").is_file() and not (tmp_path / "ds" / "articles.csv").exists()
    assert not list(tmp_path.glob(".ds.*"))


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_build_stopped_while_its_summary_prints_says_the_dataset_is_written(tmp_path, corpus_dir, sig):
    code, err, _ = _stop_at_marker(WHILE_SUMMARY_PRINTS, [str(corpus_dir), "-o", "ds", "-q", "-j", "1"], tmp_path, sig)
    assert (code, err) == (128 + sig, WRITTEN.format(sig.name))
    assert (tmp_path / "ds" / "datapackage.json").is_file()


def _signal_setup() -> tuple[set[int], object, object]:
    return set(signal.pthread_sigmask(signal.SIG_BLOCK, [])), signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)


def test_a_worker_forked_with_the_stop_signals_held_takes_them_again_as_the_pool_wants():
    from dxextract.engines import Runner

    with Runner(2) as runner:
        (_, (held, on_int, on_term)), = runner.map(_signal_setup, iter([(0, ())]))
    assert (held & {signal.SIGINT, signal.SIGTERM}, on_int, on_term) == (set(), signal.SIG_IGN, signal.SIG_DFL)
    assert not set(signal.pthread_sigmask(signal.SIG_BLOCK, [])) & {signal.SIGINT, signal.SIGTERM}  # nor kept here


def test_the_stop_signals_are_declared_once_for_the_handler_the_pool_and_the_swap():
    from dxextract import engines, stop_signals
    from dxextract.cli import signals

    assert signals.STOP_SIGNALS is engines.STOP_SIGNALS is stop_signals.STOP_SIGNALS == (signal.SIGINT, signal.SIGTERM)


def test_a_stop_signal_during_a_deferred_block_reaches_the_handler_right_after_it():
    from dxextract.stop_signals import deferred

    came: list[str] = []

    def handler(signum: int, frame: object) -> None:
        came.append("handler")

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        with deferred():
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.05)  # where the handler would run, were the signal not deferred
            came.append("block done")
        assert came == ["block done", "handler"] and signal.getsignal(signal.SIGTERM) is handler
    finally:
        signal.signal(signal.SIGTERM, previous)


# -- the dataset a killed swap set aside: put back, or a named error, never lost --------------------


def _set_aside_by_a_killed_build(folder: Path, corpus: Path) -> Path:
    """`folder/ds` built, then set aside as a build SIGKILLed between its swap's two renames
    leaves it: `.ds.old-PID`, of a process that is gone."""
    build(corpus, folder / "ds", jobs=1, progress=False)
    gone = subprocess.Popen(["true"])
    gone.wait()
    old = folder / f".ds.old-{gone.pid}"
    os.rename(folder / "ds", old)
    return old


@contextlib.contextmanager
def _unwritable(folder: Path) -> Iterator[None]:
    """No entry of `folder` can be added, removed or renamed: read-only, and immutable for root
    (whom a read-only mode does not stop)."""
    root = os.geteuid() == 0
    subprocess.run(["chattr", "+i", str(folder)], check=True) if root else folder.chmod(0o555)
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True) if root else folder.chmod(0o755)


def test_the_set_aside_dataset_replaces_an_empty_folder_made_since_instead_of_being_removed(tmp_path, corpus_dir):
    old = _set_aside_by_a_killed_build(tmp_path, corpus_dir)
    (tmp_path / "ds").mkdir()  # a script's `mkdir -p ds` before the next build
    summary = build(corpus_dir, tmp_path / "ds", jobs=1, progress=False)
    assert not summary.written and not old.exists()  # put back, and up to date: not built again
    assert (tmp_path / "ds" / "datapackage.json").is_file()


def test_a_set_aside_dataset_that_cannot_be_put_back_stops_the_build_with_a_named_error(tmp_path, corpus_dir):
    old = _set_aside_by_a_killed_build(tmp_path, corpus_dir)
    files = sorted(str(p.relative_to(old)) for p in old.rglob("*"))
    with _unwritable(tmp_path):
        done = subprocess.run([sys.executable, "-m", "dxextract", "build", str(corpus_dir), "-o", str(tmp_path / "ds"),
                               "-q", "-j", "1"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    reason = "Operation not permitted" if os.geteuid() == 0 else "Permission denied"
    assert f"error: the dataset a killed build had set aside could not be put back at {tmp_path / 'ds'} ({reason})" in done.stderr
    assert f"it is whole in {old}" in done.stderr
    assert sorted(str(p.relative_to(old)) for p in old.rglob("*")) == files and not (tmp_path / "ds").exists()


def test_the_pool_keeps_a_handle_on_each_of_its_workers_and_stop_ends_them_mid_task():
    from dxextract.engines import _Pool

    before = set(_children(os.getpid()))
    pool = _Pool(2)
    try:
        busy = pool.submit(time.sleep, 60)
        deadline = time.monotonic() + 30
        while not busy.running() and time.monotonic() < deadline:
            time.sleep(0.02)
        workers = sorted(p.pid for p in pool.processes())
        assert len(workers) == 2 and workers == sorted(set(_children(os.getpid())) - before)
        started = time.monotonic()
        pool.stop()
        # (a killed worker is seen gone by the kernel a moment before its parent reaps it: wait for both)
        while (any(_running(w) for w in workers) or pool.processes()) and time.monotonic() < started + 5:
            time.sleep(0.02)
        assert not [w for w in workers if _running(w)] and pool.processes() == []
    finally:
        for p in pool.processes():
            p.kill()


def test_an_output_folder_the_system_refuses_to_write_is_a_named_error_not_a_traceback(tmp_path, corpus_dir):
    (tmp_path / "locked").mkdir()
    with _unwritable(tmp_path / "locked"):
        done = subprocess.run([sys.executable, "-m", "dxextract", "build", str(corpus_dir), "-o", str(tmp_path / "locked" / "ds"),
                               "-q", "-j", "1"], capture_output=True, text=True, timeout=120)
    reason = "Operation not permitted" if os.geteuid() == 0 else "Permission denied"
    assert (done.returncode, done.stderr) == (2, f"error: {tmp_path / 'locked' / 'ds.cache'}: {reason}\n")
