"""Running a build's chunks of articles: serially, on a process pool, or on Dask, a bounded window
at a time. Every engine calls `work.process_chunk`; a worker that dies fails its chunk, not the build.
"""
from __future__ import annotations

import concurrent.futures as cf
import contextlib
import itertools
import logging
import os
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from .work import Outcome, Task, failed, process_chunk, worker_init

log = logging.getLogger(__name__)

CHUNK = 4  # articles per task sent to a worker (small: a small corpus still spreads)
WINDOW = 4  # tasks in flight per worker: keeps workers busy without reading the corpus ahead


def _chunked(tasks: Iterator[Task], size: int) -> Iterator[list[Task]]:
    while chunk := list(itertools.islice(tasks, size)):
        yield chunk


def _windowed(submit: Callable[[list[Task]], Any], wait_first: Callable[[set], set],
              chunks: Iterator[list[Task]], window: int) -> Iterator[Outcome]:
    """Keep at most `window` chunks in flight; yield outcomes as chunks finish. A chunk whose
    worker died (killed, out of memory) fails as a whole; the build goes on."""
    inflight: dict[Any, list[Task]] = {}

    def finished() -> Iterator[Outcome]:
        for future in wait_first(set(inflight)):
            chunk = inflight.pop(future)
            try:
                yield from future.result()
            except Exception as e:  # noqa: BLE001
                yield from (failed(t, f"worker failed: {type(e).__name__}: {e}") for t in chunk)

    for chunk in chunks:
        inflight[submit(chunk)] = chunk
        while len(inflight) >= window:
            yield from finished()
    while inflight:
        yield from finished()


class _Pool:
    """A process pool that replaces itself when a worker dies, so later chunks still run."""

    def __init__(self, jobs: int, published: date | None, budget: float | None) -> None:
        self.jobs, self.published, self.budget = jobs, published, budget
        self.pool = self._start()

    def _start(self) -> cf.ProcessPoolExecutor:
        return cf.ProcessPoolExecutor(self.jobs, initializer=worker_init, initargs=(os.getpid(),))

    def submit(self, chunk: list[Task]) -> cf.Future:
        try:
            return self.pool.submit(process_chunk, chunk, self.published, self.budget)
        except cf.BrokenExecutor:
            log.warning("a worker process died; starting a new pool")
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = self._start()
            return self.pool.submit(process_chunk, chunk, self.published, self.budget)

    def stop(self) -> None:
        """Stop now (interrupted, terminated): cancel what waits, end the workers mid-article."""
        workers = list((getattr(self.pool, "_processes", None) or {}).values())  # no public handle on them
        self.pool.shutdown(wait=False, cancel_futures=True)
        for worker in workers:
            worker.kill()  # nothing to clean up in a worker; SIGTERM would run the handler it inherited

    @staticmethod
    def first_done(fs: set) -> set:
        return cf.wait(fs, return_when=cf.FIRST_COMPLETED).done


def _on_pool(chunks: Iterator[list[Task]], published: date | None, jobs: int, budget: float | None) -> Iterator[Outcome]:
    pool = _Pool(jobs, published, budget)
    try:
        yield from _windowed(pool.submit, pool.first_done, chunks, jobs * WINDOW)
    except BaseException:
        pool.stop()
        raise
    pool.pool.shutdown()


def _on_dask(chunks: Iterator[list[Task]], published: date | None, scheduler: Any, jobs: int,
             budget: float | None) -> Iterator[Outcome]:
    """The same chunks on a Dask cluster: `scheduler` is an address, a Client, or None (local)."""
    from distributed import wait

    with contextlib.ExitStack() as stack:
        client = _dask_client(scheduler, jobs, stack)
        window = WINDOW * max(1, sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values()))

        def wait_first(fs: set) -> set:
            return set(wait(list(fs), return_when="FIRST_COMPLETED").done)

        submit = lambda c: client.submit(process_chunk, c, published, budget, pure=False)  # noqa: E731
        yield from _windowed(submit, wait_first, chunks, window)


def _dask_client(scheduler: Any, jobs: int, stack: contextlib.ExitStack) -> Any:
    """The caller's Client, or one to `scheduler`, or to a local cluster (no dashboard) that
    `stack` closes: client first, then cluster, so no worker is cut off mid-message."""
    from distributed import Client, LocalCluster

    if isinstance(scheduler, Client):
        return scheduler
    cluster = None if scheduler else LocalCluster(n_workers=jobs, threads_per_worker=1, dashboard_address=None)
    client = Client(scheduler or cluster)
    stack.callback(_close_quietly, client, cluster)
    return client


def _close_quietly(*parts: Any) -> None:
    """Close a client and cluster whose work is done, without their teardown chatter (connections
    closing under a worker: CommClosedError tracebacks) on the build's stderr."""
    loggers = [logging.getLogger(n) for n in ("distributed", "tornado", "asyncio")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.CRITICAL)
    try:
        for part in parts:
            if part is not None:
                part.close()
    finally:
        for lg, level in zip(loggers, levels):
            lg.setLevel(level)


def run_tasks(tasks: Iterator[Task], published: date | None, jobs: int, engine: str, scheduler: Any,
              budget: float | None = None) -> Iterator[Outcome]:
    """Outcomes of all tasks, in completion order. Workers start only if there is work."""
    chunks = _chunked(tasks, CHUNK)
    first = next(chunks, None)
    if first is None:
        return
    chunks = itertools.chain([first], chunks)
    if engine == "dask":
        yield from _on_dask(chunks, published, scheduler, jobs, budget)
    elif jobs > 1:
        yield from _on_pool(chunks, published, jobs, budget)
    else:
        for chunk in chunks:
            yield from process_chunk(chunk, published, budget)

