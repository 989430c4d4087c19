"""A Dask worker's start-up for dxextract builds: `dask worker ADDR --preload dxextract.dask_preload`.

A worker of a cluster started beforehand is cold: without this, its first shard imports the
extraction stack (~0.35 s), compiles the patterns (~0.02 s) and its first clauses load
underthesea's models (~0.2 s), all inside the build that gives it work, while the build's own
cluster forks its workers with the imports made. Dask runs a preload's `dask_setup` in each worker
process before the worker registers with the scheduler, so that time moves to the worker's start,
once per process, and every build the worker serves finds the stack ready. The preload also sets
the worker's bookkeeping as a build's own cluster sets it (`engines.LOCAL_CLUSTER_CONFIG`): a
worker started with Dask's defaults samples its own stack every 10 ms and polls its event loop and
monitors often, CPU taken from the extraction on a small machine (a preloaded 2-worker build of
2,000 articles, 4.90 -> 4.66 s, medians of 4, interleaved).
"""
from __future__ import annotations

from typing import Any

from dask.utils import parse_timedelta

from . import dataset_files, pipeline, text, work  # noqa: F401 - the two stages' modules, imported at start
from .engines import LOCAL_CLUSTER_CONFIG

# underthesea's functions the extractors call (`text.word_spans`, `text.tagged_words`, `entity_people.ner_people`):
# 2,000 articles of news load all three; loading one more than a build needs costs ~0.05 s, once
MODELS = ("word_tokenize", "pos_tag", "ner")

# the worker's periodic callbacks that LOCAL_CLUSTER_CONFIG's intervals time, by its keys
TIMED_CALLBACKS = {
    "distributed.admin.tick.interval": "tick",
    "distributed.admin.system-monitor.interval": "monitor",
    "distributed.worker.memory.monitor-interval": "memory_monitor",
}
PROFILER_CALLBACKS = ("profile", "profile-cycle")  # there when `distributed.worker.profile.enabled`


def dask_setup(worker: Any) -> None:
    """Dask's preload hook, in the worker process before it joins the scheduler: compile the
    patterns and load the models the builds it serves will use, and lighten its bookkeeping."""
    pipeline.warm_up()
    for name in MODELS:
        text.underthesea(name)
    lighten(worker)


def lighten(worker: Any) -> None:
    """Give a worker the bookkeeping of `LOCAL_CLUSTER_CONFIG`. Its periodic callbacks were made
    from the config it started with and start after its preloads have run, so they are set here:
    the profiler's dropped, the others' intervals stretched."""
    if not LOCAL_CLUSTER_CONFIG["distributed.worker.profile.enabled"]:
        for name in PROFILER_CALLBACKS:
            worker.periodic_callbacks.pop(name, None)
    for key, name in TIMED_CALLBACKS.items():
        if name in worker.periodic_callbacks:
            worker.periodic_callbacks[name].callback_time = parse_timedelta(LOCAL_CLUSTER_CONFIG[key]) * 1000
