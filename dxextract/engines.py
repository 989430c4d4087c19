"""Running a build's work: serially, on a process pool, or on Dask, a bounded window at a time.
Every engine runs the same functions: `work.process_shard` (a worker reads, extracts and caches
a shard of the corpus; one that dies fails its shard, not the build) and
`dataset_files.write_part` (a worker writes one part of every table into the new dataset).
"""
from __future__ import annotations

import concurrent.futures as cf
import contextlib
import itertools
import logging
import os
import pickle
import signal
import uuid
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from .stop_signals import STOP_SIGNALS
from .work import Job, PieceResult, Shard, died, process_shard, worker_init

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess

log = logging.getLogger(__name__)

WINDOW = 2  # tasks in flight per worker: keeps workers busy without planning the corpus far ahead
# A shard on Dask holds twice a pool's input: a Dask task costs the build's process, the scheduler
# and the worker ~10 ms of CPU, and each shard a commit to the cache (under a scheduler's rollback
# journal, one that waits out the other workers'); 2,000 articles in 26 tasks, not 52: a build on
# its own cluster 5.16 -> 4.81 s, on one started beforehand 5.67 -> 5.49 s (medians of 4, interleaved).
DASK_SHARD_SCALE = 2


_NOTHING = object()


def _unless_empty(items: Iterator[Any]) -> Iterator[Any] | None:
    """The same items, or None when there are none: workers start only if there is work."""
    first = next(items, _NOTHING)
    return None if first is _NOTHING else itertools.chain([first], items)


def _windowed(submit: Callable[[Any], Any], wait_first: Callable[[set], set], items: Iterator[Any], window: int,
              results: Callable[[Any, Any], Iterator[Any]]) -> Iterator[Any]:
    """Keep at most `window` items in flight; yield what `results(item, future)` makes of each as
    it finishes (it decides what a worker's death means: a failed chunk, or the build's error)."""
    inflight: dict[Any, Any] = {}

    def finished() -> Iterator[Any]:
        for future in wait_first(set(inflight)):
            yield from results(inflight.pop(future), future)

    for item in items:
        inflight[submit(item)] = item
        while len(inflight) >= window:
            yield from finished()
    while inflight:
        yield from finished()


def _summaries(shard: Shard, future: Any) -> Iterator[tuple[Shard, list[PieceResult]]]:
    """A shard's summaries; a shard whose worker died (killed, out of memory) fails as a whole."""
    try:
        results = future.result()
    except Exception as e:  # noqa: BLE001
        results = died(shard, f"worker failed: {type(e).__name__}: {e}")
    yield shard, results


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM back while workers may be forked: a worker forked with the build's
    handler and hit before `worker_init` replaces it would raise the build's interruption in the
    worker (a broken pool, a traceback). Held, a signal comes to the build right after."""
    held = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _worker_start(parent: int) -> None:
    """In a new worker: `worker_init` sets its own signal handling, then the signals held back
    while it was forked may come."""
    worker_init(parent)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)


class _Tracking:
    """A multiprocessing context (the platform's default) that keeps a handle on every process it
    makes: given to a pool as its `mp_context`, its workers, to which `concurrent.futures` gives
    no public handle. Everything else is the default context's."""

    def __init__(self) -> None:
        import multiprocessing  # here: a 1-job build, most of them, never needs it

        self.base = multiprocessing.get_context()
        self.made: list[BaseProcess] = []

    def Process(self, *args: Any, **kwargs: Any) -> BaseProcess:  # noqa: N802 (the context API's name)
        process = self.base.Process(*args, **kwargs)
        self.made.append(process)
        return process

    def __getattr__(self, name: str) -> Any:
        return getattr(self.base, name)


class _Pool:
    """A process pool that replaces itself when a worker dies, so later work still runs."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self.pool = self._start()

    def _start(self) -> cf.ProcessPoolExecutor:
        self.context = _Tracking()
        return cf.ProcessPoolExecutor(self.jobs, mp_context=self.context, initializer=_worker_start,
                                      initargs=(os.getpid(),))

    def processes(self) -> list[BaseProcess]:
        """The current pool's worker processes that still run."""
        return [p for p in self.context.made if p.is_alive()]

    def submit(self, fn: Callable, *args: Any) -> cf.Future:
        with _signals_held():  # a submit may fork the workers (the first one, a new pool's)
            try:
                return self.pool.submit(fn, *args)
            except cf.BrokenExecutor:
                log.warning("a worker process died; starting a new pool")
                self.pool.shutdown(wait=False, cancel_futures=True)
                self.pool = self._start()
                return self.pool.submit(fn, *args)

    def slots(self) -> int:
        return self.jobs

    def stop(self) -> None:
        """Stop now (interrupted, terminated): cancel what waits, end the workers mid-article."""
        self.pool.shutdown(wait=False, cancel_futures=True)
        for worker in self.processes():
            worker.kill()  # nothing to clean up in a worker; SIGTERM would run the handler it inherited

    def close(self) -> None:
        self.pool.shutdown()

    @staticmethod
    def first_done(fs: set) -> set:
        return cf.wait(fs, return_when=cf.FIRST_COMPLETED).done


class _Sealed:
    """`fn(*args)` as pickled bytes that run it when unpickled (`__reduce__`). Dask's scheduler
    unpickles every task it is given, and a task naming dxextract's function and dataclasses made
    a cluster's scheduler import dxextract (~0.3 s, serial before its first task went out, then each
    worker imported it again); sent as `pickle.loads(bytes)`, the task names only the standard
    library, and dxextract is imported by the workers alone (the scheduler needs no dxextract at all)."""

    def __init__(self, fn: Callable, args: tuple) -> None:
        self.fn, self.args = fn, args

    def __reduce__(self) -> tuple[Callable, tuple]:
        return self.fn, self.args


class _Dask:
    """A Dask cluster: `scheduler` is an address, a Client, or None (a local cluster of `jobs` workers)."""

    def __init__(self, scheduler: Any, jobs: int) -> None:
        self.stack = contextlib.ExitStack()
        self.client = _dask_client(scheduler, jobs, self.stack)

    def submit(self, fn: Callable, *args: Any) -> Any:
        """`fn(*args)` on a worker, sealed (`_Sealed`), keyed by `fn`'s name as Dask would key it."""
        sealed = pickle.dumps(_Sealed(fn, args), protocol=pickle.HIGHEST_PROTOCOL)
        return self.client.submit(pickle.loads, sealed, key=f"{fn.__name__}-{uuid.uuid4().hex}")

    def slots(self) -> int:
        return max(1, sum(w.get("nthreads", 1) for w in self.client.scheduler_info()["workers"].values()))

    @staticmethod
    def first_done(fs: set) -> set:
        from distributed import wait

        return set(wait(list(fs), return_when="FIRST_COMPLETED").done)

    def stop(self) -> None:
        self.stack.close()

    close = stop


class Runner:
    """Where a build's work runs, the same for every stage: in this process (1 job), on a process
    pool of `jobs` workers, or on Dask (`engine="dask"`). Workers start when there is first work
    for them and serve the shards of the corpus and then the parts of the dataset; `close`
    ends them (`stop` at once, when the build is interrupted)."""

    def __init__(self, jobs: int, engine: str = "local", scheduler: Any = None) -> None:
        self.jobs, self.engine, self.scheduler = jobs, engine, scheduler
        self._workers: _Pool | _Dask | None = None

    @property
    def shard_scale(self) -> int:
        """How many times a pool's input a shard holds here (`Scan.shards`): DASK_SHARD_SCALE on Dask."""
        return DASK_SHARD_SCALE if self.engine == "dask" else 1

    def _started(self) -> _Pool | _Dask | None:
        """The workers (started now if needed), or None when the work runs in this process."""
        if self._workers is None and self.engine == "dask":
            self._workers = _Dask(self.scheduler, self.jobs)
        elif self._workers is None and self.jobs > 1:
            self._workers = _Pool(self.jobs)
        return self._workers

    def extract(self, shards: Iterator[Shard], job: Job) -> Iterator[tuple[Shard, list[PieceResult]]]:
        """(shard, its summaries) for every shard, in completion order. Workers start only if there is work."""
        pending = _unless_empty(shards)
        if pending is None:
            return
        workers = self._started()
        if workers is None:
            for shard in pending:
                yield shard, process_shard(shard, job)
            return
        submit = lambda shard: workers.submit(process_shard, shard, job)  # noqa: E731
        yield from _windowed(submit, workers.first_done, pending, WINDOW * workers.slots(), _summaries)

    def map(self, fn: Callable, items: Iterator[tuple[Any, tuple]]) -> Iterator[tuple[Any, Any]]:
        """(key, fn(*args)) for each (key, args) of `items`, in completion order; an error in
        `fn` (or a worker's death) is raised here: this is the build's own work, not an input's."""
        items = _unless_empty(iter(items))
        if items is None:
            return
        workers = self._started()
        if workers is None:
            for key, args in items:
                yield key, fn(*args)
            return
        submit = lambda item: workers.submit(fn, *item[1])  # noqa: E731
        yield from _windowed(submit, workers.first_done, items, WINDOW * workers.slots(),
                             lambda item, future: iter([(item[0], future.result())]))

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, kind: type | None, *_: Any) -> None:
        if self._workers is not None:
            self._workers.close() if kind is None else self._workers.stop()


_FREE_PORT = ":0"  # the system picks one

# The local cluster a build starts for itself: its workers forked from the build's process, which
# has imported distributed and dxextract already (spawned, each worker imported both again: the
# cluster took 0.6 s to start instead of 0.3 on 2,000 articles); no statistical profiler sampling
# every worker's stack every 10 ms, and the event loops' watchdogs and resource monitors polling
# less often: on a 2-core machine the cluster's own bookkeeping takes CPU from the two workers.
LOCAL_CLUSTER_CONFIG = {
    "distributed.worker.multiprocessing-method": "fork",
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.worker.memory.monitor-interval": "1s",
}


def _dask_client(scheduler: Any, jobs: int, stack: contextlib.ExitStack) -> Any:
    """The caller's Client, or one to `scheduler`, or to a local cluster that `stack` closes: client
    first, then cluster, so no worker is cut off mid-message. The local cluster's scheduler serves
    HTTP (health, metrics) even without a dashboard, on :8787 unless told otherwise: a free port
    (`:0`), so another program on 8787 neither blocks the build nor makes distributed warn on stderr."""
    from distributed import Client

    if isinstance(scheduler, Client):
        return scheduler
    cluster = None if scheduler else local_cluster(jobs)
    client = Client(scheduler or cluster)
    stack.callback(_close_quietly, client, cluster)
    return client


def local_cluster(jobs: int) -> Any:
    """A LocalCluster of `jobs` single-thread worker processes, set up for a build (`LOCAL_CLUSTER_CONFIG`:
    the workers are started inside it, so the settings are theirs too)."""
    import dask
    from distributed import LocalCluster

    with dask.config.set(LOCAL_CLUSTER_CONFIG):
        return LocalCluster(n_workers=jobs, threads_per_worker=1, dashboard_address=_FREE_PORT)


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
