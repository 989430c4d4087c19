"""A Dask worker's start-up for dxextract builds: `dask worker ADDR --preload dxextract.dask_preload`.

A worker of a cluster started beforehand is cold: without this, its first shard imports the
extraction stack (~0.35 s), compiles the patterns (~0.02 s) and its first clauses load
underthesea's models (~0.2 s), all inside the build that gives it work, while the build's own
cluster forks its workers with the imports made. Dask runs a preload's `dask_setup` in each worker
process before the worker registers with the scheduler, so that time moves to the worker's start,
once per process, and every build the worker serves finds the stack ready.
"""
from __future__ import annotations

from typing import Any

from . import dataset_files, pipeline, text, work  # noqa: F401 - the two stages' modules, imported at start

# underthesea's functions the extractors call (`text.word_spans`, `text.tagged_words`, `entity_people.ner_people`):
# 2,000 articles of news load all three; loading one more than a build needs costs ~0.05 s, once
MODELS = ("word_tokenize", "pos_tag", "ner")


def dask_setup(worker: Any) -> None:  # noqa: ARG001 - Dask's preload hook passes the worker
    """Dask's preload hook, in the worker process before it joins the scheduler: compile the
    patterns and load the models the builds it serves will use."""
    pipeline.warm_up()
    for name in MODELS:
        text.underthesea(name)
