"""`dxextract build`: a corpus in, a dataset folder out (Parquet, CSV, SQLite, datapackage.json).

    summary = build("corpus/", "dataset/", jobs=2)

The build is
- incremental: every article's result is cached under a hash of its content and the library and
  pattern versions (`dxextract.cache`); an unchanged file is not even read again;
- parallel: this process only plans: the files that changed are cut into shards (files, byte
  ranges of a JSON Lines file) that the workers of a process pool, or of a Dask cluster
  (`engine="dask"`), read, hash, extract and cache themselves (`work.process_shard`); the same
  workers then write the dataset's changed parts from the cache (`dataset_files.write_part`)
  while this process fills the SQLite file from their Parquet files and commits the manifest.
  With one job the same functions run here, so every engine gives the same dataset; no text or
  record passes through this process on its way to the dataset;
- deterministic: results are written from the cache in article_id order, rows within an article
  by (start, end, type), whatever order the workers finished in;
- atomic: the dataset is written into a temporary folder beside the output and swapped in whole,
  so an interrupted build leaves the previous dataset as it was; tables are split into parts by
  article_id (`partitions`), and a part whose articles did not change is taken from the previous
  dataset instead of written again;
- isolated: every file and every article runs under the readers' guard and a time budget, so an
  error or a runaway on one input is a named failure, never the end of the build; pool workers
  die with the build (a killed build leaves no process holding the cache);
- flat in memory: articles stream through; only ids, keys and failures stay in memory.
"""
from __future__ import annotations

import logging
import os
import shutil
import sys
import time
from collections.abc import Iterable
from contextlib import AbstractContextManager, nullcontext
from datetime import date
from pathlib import Path
from typing import Any

from .cache import Cache, CacheBusy
from .engines import Runner
from .output import (BuildError, check_output, default_cache, output_path, remove_stale_temps, run_fingerprint, run_totals,
                     up_to_date, write_dataset)
from .readers import ARTICLE_TIMEOUT, parse_published
from .scan import Scan, Summary
from .work import Job

log = logging.getLogger(__name__)

CSV_CHOICES = ("main", "all")


# ---------------------------------------------------------------------------------------------
# The build


def build(corpus: str | Path | Iterable[str | Path], out: str | Path, *, jobs: int | None = None,
          engine: str = "local", scheduler: Any = None, cache: str | Path | None = None,
          published: str | date | None = None, progress: bool | None = None,
          article_timeout: float | None = ARTICLE_TIMEOUT, csv: str = "main") -> Summary:
    """Build (or bring up to date) the dataset at `out` from the files and folders in `corpus`.

    jobs: worker processes (default: all cores); engine "local" or "dask" (scheduler: address or
    Client; None starts a local cluster); cache: folder (default `<out>.cache`); published:
    publication date for every input; progress: a progress bar (default: when stderr is a
    terminal); article_timeout: seconds one article may take before it is a failure (None or 0:
    no limit; not enforced on Dask); csv: "main" writes the commitments and failures tables as
    CSV too, "all" every table (Parquet and SQLite hold every table either way).
    """
    started = time.monotonic()
    paths = [str(corpus)] if isinstance(corpus, (str, Path)) else [str(p) for p in corpus]
    summary_out, out = str(out), output_path(Path(out).absolute())  # absolute: `.` has a name to put temps beside
    if engine not in ("local", "dask"):
        raise BuildError(f"unknown engine {engine!r} (expected local or dask)")
    if csv not in CSV_CHOICES:
        raise BuildError(f"unknown csv choice {csv!r} (expected {' or '.join(CSV_CHOICES)})")
    if article_timeout is not None and article_timeout < 0:
        raise BuildError(f"article_timeout must be positive, or 0 for no limit (got {article_timeout})")
    check_output(out)
    remove_stale_temps(out)
    pub = parse_published(published)
    cache_dir = Path(cache) if cache else default_cache(out)
    summary = Summary(out=summary_out, cache=str(cache_dir))
    created = not cache_dir.exists()
    try:
        store = Cache(cache_dir, shared=engine == "dask" and scheduler is not None)
    except CacheBusy as e:
        raise BuildError(str(e)) from e
    try:
        _run(store, paths, out, summary, pub, jobs or os.cpu_count() or 1, engine, scheduler, article_timeout,
             sys.stderr.isatty() if progress is None else progress, csv)
    finally:
        empty = store.is_empty()
        store.close()
        if created and empty:  # a build that kept nothing leaves no cache folder behind
            shutil.rmtree(cache_dir, ignore_errors=True)
    summary.seconds = round(time.monotonic() - started, 3)
    return summary


class _NoBar:
    """The progress bar of a build that shows none."""

    def update(self, n: int = 1) -> None:
        pass


def _bar(show: bool) -> AbstractContextManager:
    """tqdm's bar, imported only when it is shown: its import reads the installed packages'
    metadata (`tqdm.version`), about 40 ms of every quiet build, a 1-row rebuild's included."""
    if not show:
        return nullcontext(_NoBar())
    from tqdm import tqdm

    return tqdm(unit=" articles", file=sys.stderr, desc="build")


def _run(store: Cache, paths: list[str], out: Path, summary: Summary, pub: date | None, jobs: int,
         engine: str, scheduler: Any, budget: float | None, show: bool, csv: str) -> None:
    """Scan, extract what is missing, and write the dataset if it changed, on the same workers."""
    with Runner(jobs, engine, scheduler) as runner:
        with _bar(show) as bar:
            scan = Scan(store, summary, bar, pub)
            store.db.commit()  # the workers write the cache now
            job = Job(str(store.path.absolute()), pub, budget)
            for shard, results in runner.extract(scan.shards(paths, runner.shard_scale), job):
                scan.settle(shard, results)
            scan.finish()
        summary.records, seen = run_totals(store)
        if not summary.articles:
            return
        fingerprint = run_fingerprint(store, scan.failures, csv)
        if up_to_date(out, fingerprint):
            log.info("%s is up to date", out)
        else:
            log.info("writing %d articles to %s", summary.articles, out)
            write_dataset(out, store, seen, scan.failures, fingerprint, csv, runner)
            summary.written = True
    store.finish_run()
