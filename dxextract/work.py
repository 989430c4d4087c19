"""One article's work in a build: the same functions run in-process, in a process pool or on
Dask workers, so every engine gives the same dataset (`process_chunk` is what they all call).

A result is packed where it is made: the article row, its records by table in (start, end, type)
order and its sentence spans, as one compressed payload, plus a small `info` (record counts, value
kinds per column) from which the writer plans its columns without reading any payload.
"""
from __future__ import annotations

import ctypes
import hashlib
import json
import os
import signal
import sys
import threading
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import orjson

from . import pipeline
from .article import Article
from .readers import Failure, attempt
from .schema import TABLE_OF, commitment_year
from .writers import value_kind

PR_SET_PDEATHSIG = 1  # prctl(2) option: the signal a process gets when its parent dies
_WARM_UP = threading.Lock()  # Dask may run several workers as threads of one process: one loads the models


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


def sentence_id(article_id: str, start: int, end: int) -> int:
    """A sentence's id: a 63-bit hash of where it is, the same in every build (an integer, because
    SQLite's full-text index refers to its rows by integer; 63 bits fit Parquet's and SQLite's int64)."""
    digest = hashlib.blake2b(f"{article_id}\0{start}\0{end}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1


def table_rows(records: list[dict], doc: Any, article_id: str) -> tuple[dict[str, list[dict]], list[list[int]]]:
    """Records grouped by table, each in (start, end, type) order (ties keep pipeline order) and
    pointing to its sentence by `sentence_id`; the full `sentence` stays only on commitments,
    where readers quote it. Also the article's sentences as [sentence_id, start, end]: the
    Document's, plus the line a record sits in when it is in no sentence."""
    tables: dict[str, list[dict]] = defaultdict(list)
    spans = set(map(tuple, doc.sentences))
    for r in sorted(records, key=lambda r: (r["start"], r["end"], r["type"])):
        table = TABLE_OF.get(r["type"])
        if not table:
            continue
        span = doc.sentence_of(r["start"])
        spans.add(span)
        r = {**r, "sentence_id": sentence_id(article_id, *span)}
        if table == "commitments":
            r["year"] = commitment_year(r)
        else:
            r.pop("sentence", None)
        tables[table].append(r)
    sentences = [[sentence_id(article_id, s, e), s, e] for s, e in sorted(spans)]
    return dict(tables), sentences


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
    tables, sentences = table_rows(records, doc, article.article_id)
    payload = {"article": row, "tables": tables, "sentences": sentences}
    columns = {"articles": kinds([row]), **{t: kinds(rows) for t, rows in tables.items()}}
    info = {"counts": Counter(r["type"] for r in records), "columns": columns}
    blob = orjson.dumps(payload, default=str)  # orjson: 3x faster than json here, dates as ISO
    return zlib.compress(blob, 1), json.dumps(info, sort_keys=True)  # level 1: 1.7x faster than 6, 15% larger


def process_chunk(tasks: list[Task], published: date | None, budget: float | None = None) -> list[Outcome]:
    """Each article of a chunk through the guarded pipeline; one that fails, raises or runs past
    `budget` seconds becomes an Outcome with its error, and the chunk goes on."""
    with _WARM_UP:  # underthesea's lazy model loading is not safe from two threads at once
        pipeline.warm_up()
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


def worker_init(parent: int) -> None:
    """Pool initializer: tie the worker to the build, leave Ctrl-C and SIGTERM to the build (which
    stops the pool), then load the models (once per worker, not once per chunk)."""
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    pipeline.warm_up()

