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
- flat in memory: articles stream through; only ids, keys and failures stay in memory.
"""
from __future__ import annotations

import concurrent.futures as cf
import ctypes
import hashlib
import itertools
import json
import logging
import os
import shutil
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
from .cache import Cache, CacheBusy, article_key, file_key, versions
from .datasette_metadata import write_metadata
from .readers import Failure, exit_code, expand_paths, iter_file, parse_published
from .rules import patterns_version
from .writers import SCHEMA, SQLITE_NAME, DatasetWriter, plan, value_kind

log = logging.getLogger(__name__)

TABLE_OF = {"commitment": "commitments", "legal_ref": "legal_refs", "date": "dates", "number": "numbers", "entity": "entities"}
CHUNK = 4  # articles per task sent to a worker (small: a small corpus still spreads)
WINDOW = 4  # tasks in flight per worker: keeps workers busy without reading the corpus ahead


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


def process(article: Article, published: date | None) -> tuple[bytes, str]:
    """Run the pipeline on one article: its compressed payload and its info, both as stored."""
    doc, records = pipeline.run_document(article, published)
    row = article.row()  # after the run: it may have inferred the publication date
    tables = table_rows(records)
    payload = {"article": row, "tables": tables, "sentences": doc.sentences}
    columns = {"articles": kinds([row]), **{t: kinds(rows) for t, rows in tables.items()}}
    info = {"counts": Counter(r["type"] for r in records), "columns": columns}
    blob = orjson.dumps(payload, default=str)  # orjson: 3x faster than json here, dates as ISO
    return zlib.compress(blob, 1), json.dumps(info, sort_keys=True)  # level 1: 1.7x faster than 6, 15% larger


def process_chunk(tasks: list[Task], published: date | None) -> list[Outcome]:
    """`process` over a chunk; an article that fails becomes an Outcome with its error."""
    out = []
    for t in tasks:
        a = t.article
        try:
            payload, info = process(a, published)
            out.append(Outcome(t.key, t.status, a.article_id, a.source, payload, info))
        except Exception as e:  # noqa: BLE001 - one bad article must never stop the build
            log.debug("extraction failed on %s", a.source, exc_info=True)
            out.append(failed(t, f"extraction failed: {type(e).__name__}: {e}"))
    return out


def failed(task: Task, error: str) -> Outcome:
    return Outcome(task.key, task.status, task.article.article_id, task.article.source, error=error)


def _warm_up() -> None:
    """Pool initializer: load the patterns once per worker, not once per chunk. An error here
    is left for the articles to report: a failing initializer would break the whole pool."""
    try:
        pipeline.extract("Ngày 1/1/2021.")
    except Exception:  # noqa: BLE001
        log.debug("warm-up failed", exc_info=True)


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

    def __init__(self, jobs: int, published: date | None) -> None:
        self.jobs, self.published = jobs, published
        self.pool = cf.ProcessPoolExecutor(jobs, initializer=_warm_up)

    def submit(self, chunk: list[Task]) -> cf.Future:
        try:
            return self.pool.submit(process_chunk, chunk, self.published)
        except cf.BrokenExecutor:
            log.warning("a worker process died; starting a new pool")
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = cf.ProcessPoolExecutor(self.jobs, initializer=_warm_up)
            return self.pool.submit(process_chunk, chunk, self.published)

    @staticmethod
    def first_done(fs: set) -> set:
        return cf.wait(fs, return_when=cf.FIRST_COMPLETED).done


def _on_pool(chunks: Iterator[list[Task]], published: date | None, jobs: int) -> Iterator[Outcome]:
    pool = _Pool(jobs, published)
    try:
        yield from _windowed(pool.submit, pool.first_done, chunks, jobs * WINDOW)
    except BaseException:
        pool.pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.pool.shutdown()


def _on_dask(chunks: Iterator[list[Task]], published: date | None, scheduler: Any, jobs: int) -> Iterator[Outcome]:
    """The same chunks on a Dask cluster: `scheduler` is an address, a Client, or None (local)."""
    from distributed import Client, wait

    client = scheduler if isinstance(scheduler, Client) else Client(scheduler) if scheduler else Client(n_workers=jobs, threads_per_worker=1)
    window = WINDOW * max(1, sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values()))

    def wait_first(fs: set) -> set:
        return set(wait(list(fs), return_when="FIRST_COMPLETED").done)

    try:
        yield from _windowed(lambda c: client.submit(process_chunk, c, published, pure=False), wait_first, chunks, window)
    finally:
        if client is not scheduler:
            client.close()


def run_tasks(tasks: Iterator[Task], published: date | None, jobs: int, engine: str, scheduler: Any) -> Iterator[Outcome]:
    """Outcomes of all tasks, in completion order. Workers start only if there is work."""
    chunks = _chunked(tasks, CHUNK)
    first = next(chunks, None)
    if first is None:
        return
    chunks = itertools.chain([first], chunks)
    if engine == "dask":
        yield from _on_dask(chunks, published, scheduler, jobs)
    elif jobs > 1:
        yield from _on_pool(chunks, published, jobs)
    else:
        for chunk in chunks:
            yield from process_chunk(chunk, published)


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
        for path, source in expand_paths(paths):
            try:
                key = file_key(path, source, self.published)
            except OSError as e:
                self.bar.update()
                self.fail(source, "no such file or folder" if not path.exists() else f"cannot read: {e}")
                continue
            self.store.use_file(key)
            cached = self.store.file(key)
            if cached is not None:
                self._replay(cached)
            else:
                yield from self._read(path, source, key)

    def _replay(self, cached: dict) -> None:
        """An unchanged file: its articles and failures as last time, without reading it."""
        for article_id, key, source in cached["articles"]:
            self._admit(article_id, key, source)
        for source, reason in cached["failures"]:
            self.fail(source, reason)
        self.bar.update(len(cached["articles"]) + len(cached["failures"]))

    def _read(self, path: Path, source: str, fkey: str) -> Iterator[Task]:
        articles, failures = [], []
        try:
            for item in iter_file(path, source, self.published):
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
        except Exception as e:  # noqa: BLE001 - a reader bug on one file must not stop the build
            log.debug("reading %s failed", source, exc_info=True)
            failures.append((source, f"read failed: {type(e).__name__}: {e}"))
            self.fail(*failures[-1])
        self.store.put_file(fkey, articles, failures)

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
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(tmp, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


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
    for key in store.run_keys():
        h.update(key.encode())
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
        for blob in store.run_payloads():
            p = orjson.loads(zlib.decompress(blob))
            writer.add_article(p["article"], p["tables"], p["sentences"])
        for row in sorted(failures, key=_failure_order):
            writer.add_failure(row)
        writer.close(_package(fingerprint))
        write_metadata(tmp)  # Datasette's metadata.json: facets and canned queries
        swap_in(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


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
          published: str | date | None = None, progress: bool | None = None) -> Summary:
    """Build (or bring up to date) the dataset at `out` from the files and folders in `corpus`.

    jobs: worker processes (default: all cores); engine "local" or "dask" (scheduler: address or
    Client; None starts a local cluster); cache: folder (default `<out>.cache`); published:
    publication date for every article; progress: a progress bar (default: when stderr is a terminal).
    """
    from tqdm import tqdm

    started = time.monotonic()
    paths = [str(corpus)] if isinstance(corpus, (str, Path)) else [str(p) for p in corpus]
    summary_out, out = str(out), Path(out).absolute()  # absolute: `.` has a name to put temps beside
    if engine not in ("local", "dask"):
        raise BuildError(f"unknown engine {engine!r} (expected local or dask)")
    _check_output(out)
    _remove_stale_temps(out)
    pub = parse_published(published)
    jobs = jobs or os.cpu_count() or 1
    cache_dir = Path(cache) if cache else default_cache(out)
    summary = Summary(out=summary_out, cache=str(cache_dir))
    try:
        store = Cache(cache_dir)
    except CacheBusy as e:
        raise BuildError(str(e)) from e
    show = sys.stderr.isatty() if progress is None else progress
    try:
        with tqdm(unit=" articles", disable=not show, file=sys.stderr, desc="build") as bar:
            scan = Scan(store, pub, summary, bar)
            for outcome in run_tasks(scan.tasks(paths), pub, jobs, engine, scheduler):
                scan.settle(outcome)
        summary.records = _record_counts(store)
        if summary.articles:
            fingerprint = _fingerprint(store, scan.failures)
            if _up_to_date(out, fingerprint):
                log.info("%s is up to date", out)
            else:
                log.info("writing %d articles to %s", summary.articles, out)
                write_dataset(out, store, scan.failures, fingerprint)
                summary.written = True
            store.finish_run()
    finally:
        store.close()
    summary.seconds = round(time.monotonic() - started, 3)
    return summary
