"""`dxextract build`: a corpus in, a dataset folder out (Parquet, CSV, SQLite, datapackage.json).

    summary = build("corpus/", "dataset/", jobs=2)

The build is
- incremental: every article's result is cached under a hash of its content and the library and
  pattern versions (`dxextract.cache`); an unchanged file is not even read again;
- parallel: articles missing from the cache go in chunks to a process pool, or to a Dask cluster
  (`engine="dask"`), through the same `process_chunk` function, so both give the same dataset;
- deterministic: results are written from the cache in article_id order, rows within an article
  by (start, end, type), whatever order the workers finished in;
- atomic: the dataset is written into a temporary folder beside the output and swapped in whole,
  so an interrupted build leaves the previous dataset as it was;
- isolated: every file and every article runs under the readers' guard and a time budget, so an
  error or a runaway on one input is a named failure, never the end of the build; pool workers
  die with the build (a killed build leaves no process holding the cache);
- flat in memory: articles stream through; only ids, keys and failures stay in memory.
"""
from __future__ import annotations

import concurrent.futures as cf
import contextlib
import ctypes
import hashlib
import itertools
import json
import logging
import os
import shutil
import signal
import sqlite3
import sys
import time
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import orjson

from . import __version__, pipeline
from .article import Article
from .cache import Cache, CacheBusy, alive, article_key, file_key, versions
from .datasette_metadata import write_metadata
from .readers import ARTICLE_TIMEOUT, Failure, attempt, exit_code, inputs, iter_file, parse_published
from .rules import patterns_version
from .writers import SCHEMA, SQLITE_NAME, DatasetWriter, plan, value_kind

log = logging.getLogger(__name__)

TABLE_OF = {"commitment": "commitments", "legal_ref": "legal_refs", "date": "dates", "number": "numbers", "entity": "entities"}
CHUNK = 4  # articles per task sent to a worker (small: a small corpus still spreads)
WINDOW = 4  # tasks in flight per worker: keeps workers busy without reading the corpus ahead
PR_SET_PDEATHSIG = 1  # prctl(2) option: the signal a process gets when its parent dies


class BuildError(ValueError):
    """Bad usage: an output that is not a dataset folder, a malformed option."""


@dataclass
class Summary:
    """What a build did. `articles` = new + changed + unchanged (the rows of the articles table)."""

    out: str
    cache: str
    articles: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    failed: int = 0
    superseded: int = 0  # earlier copies of an article (same id) that a later copy replaced
    records: dict[str, int] = field(default_factory=dict)
    written: bool = False  # False when nothing usable, or when the dataset was already up to date
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        """SCHEMA.md: 0 every input read; 1 some skipped, dataset written; 2 nothing usable."""
        return exit_code(self.articles, self.failed)

    def as_dict(self) -> dict:
        return {**asdict(self), "exit_code": self.exit_code}

    def __str__(self) -> str:
        records = ", ".join(f"{t} {n}" for t, n in sorted(self.records.items())) or "none"
        if not self.articles:
            outcome = "nothing usable, no dataset written"
        else:
            outcome = f"{'written to' if self.written else 'up to date in'} {self.out}"
        return (
            f"articles read: {self.articles} (new {self.new}, changed {self.changed}, "
            f"unchanged {self.unchanged}), failed: {self.failed}"
            f"{f', superseded by a later copy: {self.superseded}' if self.superseded else ''}\n"
            f"records: {records}\n{outcome} in {self.seconds:.1f} s (cache: {self.cache})"
        )


# ---------------------------------------------------------------------------------------------
# Per-article work: the same functions run in-process, in a process pool or on Dask workers.


@dataclass(frozen=True)
class Task:
    key: str
    status: str  # "new" or "changed"
    article: Article


@dataclass(frozen=True)
class Outcome:
    key: str
    status: str
    article_id: str
    source: str
    payload: bytes | None = None  # zlib-compressed JSON: article row, table rows, sentence spans
    info: str | None = None  # JSON: record counts per type, value kinds per table column
    error: str | None = None


def record_year(record: dict) -> int | None:
    """The year a commitment is indexed under: its deadline's, else its as_of's."""
    value = record.get("deadline") or record.get("as_of")
    head = str(value or "")[:4]
    return int(head) if head.isdigit() else None


def table_rows(records: list[dict]) -> dict[str, list[dict]]:
    """Records grouped by table, each in (start, end, type) order (ties keep pipeline order)."""
    tables: dict[str, list[dict]] = defaultdict(list)
    for r in sorted(records, key=lambda r: (r["start"], r["end"], r["type"])):
        table = TABLE_OF.get(r["type"])
        if table == "commitments":
            r = {**r, "year": record_year(r)}
        if table:
            tables[table].append(r)
    return dict(tables)


def kinds(rows: Iterable[dict]) -> dict[str, list[str]]:
    """The value kinds seen in each column of `rows` (nulls are not a kind)."""
    seen: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        for k, v in row.items():
            if v is not None:
                seen[k].add(value_kind(v))
            elif k not in seen:
                seen[k] = set()
    return {k: sorted(v) for k, v in seen.items()}


def pack(article: Article, doc: Any, records: list[dict]) -> tuple[bytes, str]:
    """One article's result as stored: its compressed payload and its info."""
    row = article.row()  # after the run: it may have inferred the publication date
    tables = table_rows(records)
    payload = {"article": row, "tables": tables, "sentences": doc.sentences}
    columns = {"articles": kinds([row]), **{t: kinds(rows) for t, rows in tables.items()}}
    info = {"counts": Counter(r["type"] for r in records), "columns": columns}
    blob = orjson.dumps(payload, default=str)  # orjson: 3x faster than json here, dates as ISO
    return zlib.compress(blob, 1), json.dumps(info, sort_keys=True)  # level 1: 1.7x faster than 6, 15% larger


def process_chunk(tasks: list[Task], published: date | None, budget: float | None = None) -> list[Outcome]:
    """Each article of a chunk through the guarded pipeline; one that fails, raises or runs past
    `budget` seconds becomes an Outcome with its error, and the chunk goes on."""
    out = []
    for t in tasks:
        a = t.article
        result = pipeline.run_guarded(a, published, budget)
        if not isinstance(result, Failure):
            result = attempt(a.where, lambda: pack(a, *result), "storing failed")
        if isinstance(result, Failure):
            out.append(failed(t, result.reason))
        else:
            out.append(Outcome(t.key, t.status, a.article_id, a.source, *result))
    return out


def failed(task: Task, error: str) -> Outcome:
    return Outcome(task.key, task.status, task.article.article_id, task.article.where, error=error)


def _die_with_parent(parent: int) -> None:
    """In a pool worker: be killed when the build dies, however it dies (SIGKILL, the OOM killer),
    instead of living on, orphaned (Linux; elsewhere the pool's own shutdown has to do)."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the build died before prctl took effect
        os._exit(1)


def _worker_init(parent: int) -> None:
    """Pool initializer: tie the worker to the build, leave Ctrl-C and SIGTERM to the build (which
    stops the pool), then load the models (once per worker, not once per chunk)."""
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    pipeline.warm_up()


# ---------------------------------------------------------------------------------------------
# Running chunks: serially, on a process pool, or on Dask, a bounded window at a time.


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
        return cf.ProcessPoolExecutor(self.jobs, initializer=_worker_init, initargs=(os.getpid(),))

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


# ---------------------------------------------------------------------------------------------
# Scanning the corpus: what is cached, what is new, what failed.


class Scan:
    """Walks the inputs once: reuses cached files and articles, yields the work left to do."""

    def __init__(self, store: Cache, published: date | None, summary: Summary, bar: Any) -> None:
        self.store, self.published, self.summary, self.bar = store, published, summary, bar
        self.failures: list[dict] = []
        self.admitted: dict[str, tuple[str, str, str]] = {}  # article_id -> (key, source, status) of its copy
        self.pending: set[str] = set()  # keys handed out whose result still counts when it comes

    def fail(self, source: str, reason: str, article_id: str | None = None) -> None:
        log.warning("skipped %s: %s", source, reason)
        self.failures.append({"source": source, "reason": reason} | ({"article_id": article_id} if article_id else {}))
        self.summary.failed += 1

    def tasks(self, paths: list[str]) -> Iterator[Task]:
        for item in inputs(paths):
            if isinstance(item, Failure):
                self.bar.update()
                self.fail(item.source, item.reason)
                continue
            path, source = item
            key = attempt(source, lambda: file_key(path, self.published), "read failed")
            if isinstance(key, Failure):
                self.bar.update()
                self.fail(key.source, key.reason)
                continue
            self.store.use_file(key)
            cached = self.store.file(key)
            if cached is not None:
                self._replay(cached, source)
            else:
                yield from self._read(path, source, key)

    def _replay(self, cached: dict, source: str) -> None:
        """An unchanged file: its articles and failures as last time, without reading it, named
        as the file is named now (the same corpus may be given as `corpus` or `/abs/corpus/`)."""
        old = cached["source"]

        def renamed(name: str) -> str:
            return source + name[len(old):] if name == old or name.startswith(old + "#") else name

        for article_id, key, name in cached["articles"]:
            self._admit(article_id, key, renamed(name))
        for name, reason in cached["failures"]:
            self.fail(renamed(name), reason)
        self.bar.update(len(cached["articles"]) + len(cached["failures"]))

    def _read(self, path: Path, source: str, fkey: str) -> Iterator[Task]:
        articles, failures = [], []
        for item in iter_file(path, source, self.published):  # never raises: errors come as Failures
            self.bar.update()
            if isinstance(item, Failure):
                failures.append((item.source, item.reason))
                self.fail(item.source, item.reason)
                continue
            key = article_key(item, self.published)
            articles.append((item.article_id, key, item.source))
            status = self._admit(item.article_id, key, item.source)
            if status:
                yield Task(key, status, item)
        self.store.put_file(fkey, source, articles, failures)

    def _admit(self, article_id: str, key: str, source: str) -> str | None:
        """Count one article in; the work it needs ("new"/"changed") or None (cached, or a copy
        already read). The same id read again (a page fetched again into a newer WARC file, a row
        appended again to a JSON Lines corpus) replaces the earlier copy: inputs are read in
        sorted order, so the latest copy wins."""
        if article_id in self.admitted:
            old_key, old_source, old_status = self.admitted[article_id]
            self.summary.superseded += 1
            if old_key == key:
                return None  # the same content again
            log.info("%s: %s replaces the copy from %s", article_id, source, old_source)
            self._withdraw(old_key, old_status)
        self.store.use(key, article_id, source)
        if self.store.has(key):
            self.admitted[article_id] = (key, source, "unchanged")
            self.summary.unchanged += 1
            self.summary.articles += 1
            return None
        status = "changed" if self.store.seen_before(article_id, source) else "new"
        self.admitted[article_id] = (key, source, status)
        self.pending.add(key)
        return status

    def _withdraw(self, key: str, status: str) -> None:
        """Take a replaced copy out of the run and out of the counts (now, or when its result comes)."""
        self.store.drop(key)
        if key in self.pending:
            self.pending.discard(key)  # its result, when it comes, is not counted
        else:
            setattr(self.summary, status, getattr(self.summary, status) - 1)
            self.summary.articles -= 1

    def settle(self, o: Outcome) -> None:
        """Store a worker's result, or turn it into a failure; a replaced copy's result is ignored."""
        if o.key not in self.pending:
            return
        self.pending.discard(o.key)
        if o.error:
            self.store.drop(o.key)
            self.admitted.pop(o.article_id, None)
            self.fail(o.source, o.error, o.article_id)
            return
        self.store.put(o.key, o.article_id, o.payload, o.info)
        setattr(self.summary, o.status, getattr(self.summary, o.status) + 1)
        self.summary.articles += 1


# ---------------------------------------------------------------------------------------------
# Output folder: safety checks, temporary folder, atomic swap.


def default_cache(out: Path) -> Path:
    """`<out>.cache` beside the output: outside it, so the swap never touches the cache."""
    return out.with_name(out.name + ".cache")


def _check_output(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise BuildError(f"{out} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / "datapackage.json").is_file():
        raise BuildError(f"{out} is a non-empty folder that is not a dxextract dataset; refusing to replace it")


def _remove_stale_temps(out: Path) -> None:
    """Temporary folders left by builds that were killed (their process is gone)."""
    for tmp in out.parent.glob(f".{out.name}.tmp-*"):
        pid = tmp.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not alive(int(pid)):
            shutil.rmtree(tmp, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None) if sys.platform == "linux" else None
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def swap_in(tmp: Path, out: Path) -> None:
    """Make `tmp` the dataset at `out`: readers see the old dataset or the new one, never a mix."""
    if not out.exists():
        os.rename(tmp, out)
    elif _exchange(tmp, out):
        shutil.rmtree(tmp)  # now holds the previous dataset
    else:
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        os.rename(out, old)
        os.rename(tmp, out)
        shutil.rmtree(old)


def _up_to_date(out: Path, fingerprint: str) -> bool:
    try:
        package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    files = [SQLITE_NAME] + [f"{t}.{ext}" for t in SCHEMA for ext in ("csv", "parquet")]
    return package.get("dxextract", {}).get("fingerprint") == fingerprint and all((out / f).is_file() for f in files)


def _fingerprint(store: Cache, failures: list[dict]) -> str:
    h = hashlib.sha256(json.dumps(versions()).encode())
    for key, source in store.run_entries():  # sources too: the same corpus named another way
        h.update(f"{key}\0{source}\0".encode())
    h.update(json.dumps(sorted(failures, key=_failure_order), ensure_ascii=False, sort_keys=True).encode())
    return h.hexdigest()


def _failure_order(row: dict) -> tuple:
    return row["source"], row["reason"]


def write_dataset(out: Path, store: Cache, failures: list[dict], fingerprint: str) -> None:
    """Write every table from the cache into a temporary folder beside `out`, then swap it in."""
    seen = _column_kinds(store, failures)
    tmp = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        writer = DatasetWriter(tmp, {t: plan(t, seen[t]) for t in SCHEMA})
        for blob, source in store.run_payloads():
            p = _named(orjson.loads(zlib.decompress(blob)), source)
            writer.add_article(p["article"], p["tables"], p["sentences"])
        for row in sorted(failures, key=_failure_order):
            writer.add_failure(row)
        writer.close(_package(fingerprint))
        write_metadata(tmp)  # Datasette's metadata.json: facets and canned queries
        _keep_served_file(tmp / SQLITE_NAME, out / SQLITE_NAME)
        swap_in(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _keep_served_file(new: Path, served: Path) -> None:
    """Make the new dataset's SQLite file the one already at `served`, updated in place: its pages
    replaced by the new database's in one SQLite transaction (a reader sees the old tables or the
    new ones), then linked into the new folder. A server holding the file open (Datasette) then
    serves the new data without a restart, instead of a deleted file after the folder swap."""
    if not served.is_file():
        return
    try:
        with contextlib.closing(sqlite3.connect(new)) as src, contextlib.closing(sqlite3.connect(served)) as dst:
            src.backup(dst)
        link = new.with_name(f".{new.name}.served")
        os.link(served, link)
        os.replace(link, new)
    except (sqlite3.Error, OSError) as e:
        log.warning("%s could not be updated in place (%s): restart a server that has it open", served, e)


def _named(payload: dict, source: str) -> dict:
    """A cached result with `source` as this run names the article (cache keys leave it out)."""
    payload["article"]["source"] = source
    for rows in payload["tables"].values():
        for row in rows:
            row["source"] = source
    return payload


def _column_kinds(store: Cache, failures: list[dict]) -> dict[str, dict[str, set[str]]]:
    """table -> column -> value kinds, over the whole run: what the column plan is made from."""
    seen: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    infos = itertools.chain(store.run_infos(), [{"columns": {"failures": kinds(failures)}}])
    for info in infos:
        for table, cols in info["columns"].items():
            for col, ks in cols.items():
                seen[table][col].update(ks)
    return seen


def _record_counts(store: Cache) -> dict[str, int]:
    counts: Counter = Counter()
    for info in store.run_infos():
        counts.update(info["counts"])
    return dict(sorted(counts.items()))


def _package(fingerprint: str) -> dict:
    return {
        "profile": "tabular-data-package",
        "name": "dxextract-dataset",
        "title": "Digital-transformation commitments in Vietnamese provincial news",
        "description": "Built by dxextract: articles and the legal references, dates, numbers, entities and "
                       "commitments found in them, each record linked to its sentence and source.",
        "dxextract": {"version": __version__, "patterns_version": patterns_version(), "fingerprint": fingerprint},
    }


# ---------------------------------------------------------------------------------------------
# The build


def build(corpus: str | Path | Iterable[str | Path], out: str | Path, *, jobs: int | None = None,
          engine: str = "local", scheduler: Any = None, cache: str | Path | None = None,
          published: str | date | None = None, progress: bool | None = None,
          article_timeout: float | None = ARTICLE_TIMEOUT) -> Summary:
    """Build (or bring up to date) the dataset at `out` from the files and folders in `corpus`.

    jobs: worker processes (default: all cores); engine "local" or "dask" (scheduler: address or
    Client; None starts a local cluster); cache: folder (default `<out>.cache`); published:
    publication date for every input; progress: a progress bar (default: when stderr is a
    terminal); article_timeout: seconds one article may take before it is a failure (None or 0:
    no limit; not enforced on Dask).
    """
    started = time.monotonic()
    paths = [str(corpus)] if isinstance(corpus, (str, Path)) else [str(p) for p in corpus]
    summary_out, out = str(out), Path(out).absolute()  # absolute: `.` has a name to put temps beside
    if engine not in ("local", "dask"):
        raise BuildError(f"unknown engine {engine!r} (expected local or dask)")
    if article_timeout is not None and article_timeout < 0:
        raise BuildError(f"article_timeout must be positive, or 0 for no limit (got {article_timeout})")
    _check_output(out)
    _remove_stale_temps(out)
    pub = parse_published(published)
    cache_dir = Path(cache) if cache else default_cache(out)
    summary = Summary(out=summary_out, cache=str(cache_dir))
    created = not cache_dir.exists()
    try:
        store = Cache(cache_dir)
    except CacheBusy as e:
        raise BuildError(str(e)) from e
    try:
        _run(store, paths, out, summary, pub, jobs or os.cpu_count() or 1, engine, scheduler, article_timeout,
             sys.stderr.isatty() if progress is None else progress)
    finally:
        empty = store.is_empty()
        store.close()
        if created and empty:  # a build that kept nothing leaves no cache folder behind
            shutil.rmtree(cache_dir, ignore_errors=True)
    summary.seconds = round(time.monotonic() - started, 3)
    return summary


def _run(store: Cache, paths: list[str], out: Path, summary: Summary, pub: date | None, jobs: int,
         engine: str, scheduler: Any, budget: float | None, show: bool) -> None:
    """Scan, extract what is missing, and write the dataset if it changed."""
    from tqdm import tqdm

    with tqdm(unit=" articles", disable=not show, file=sys.stderr, desc="build") as bar:
        scan = Scan(store, pub, summary, bar)
        for outcome in run_tasks(scan.tasks(paths), pub, jobs, engine, scheduler, budget):
            scan.settle(outcome)
    summary.records = _record_counts(store)
    if not summary.articles:
        return
    fingerprint = _fingerprint(store, scan.failures)
    if _up_to_date(out, fingerprint):
        log.info("%s is up to date", out)
    else:
        log.info("writing %d articles to %s", summary.articles, out)
        write_dataset(out, store, scan.failures, fingerprint)
        summary.written = True
    store.finish_run()
