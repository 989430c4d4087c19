"""A worker's work in a build: the same functions run in-process, in a process pool or on Dask
workers, so every engine gives the same dataset.

`process_shard` is the first stage: a worker reads its shard of the corpus (whole files, or a byte
range of a JSON Lines file) itself, hashes each row and article, extracts what the cache does not
hold, and saves the results in the cache; the build's process gets back only a small summary per
piece (ids, keys, failures), never a text or a record. A result is packed where it is made: the
article row, its records by table in (start, end, type) order and its sentence spans, as one
compressed payload, plus a small `info` (record counts, value kinds per column) from which the
writer plans its columns without reading any payload.
"""
from __future__ import annotations

import ctypes
import hashlib
import io
import itertools
import os
import signal
import sys
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import orjson

from . import pipeline
from .article import Article
from .cache import Store, article_key, compress, input_salt, row_key, store_at
from .readers import Failure, attempt, guarded, iter_file, jsonl_lines, row_article, sidecar_meta
from .schema import TABLE_OF, commitment_year
from .writers import value_kind

ROW_BATCH = 500  # JSON Lines rows looked up in the row cache in one query (one query per row: 14 ms of 2,000)
PR_SET_PDEATHSIG = 1  # prctl(2) option: the signal a process gets when its parent dies
_WARM_UP = threading.Lock()  # Dask may run several workers as threads of one process: one loads the models
T = TypeVar("T")


@dataclass(frozen=True)
class Piece:
    """What one worker reads of one input file: all of it, or the lines of a JSON Lines file
    between bytes `start` and `end` (its first line numbered `first_line`)."""

    path: str
    source: str
    size: int
    start: int = 0
    end: int | None = None  # None: the whole file
    first_line: int = 1
    last_line: int = 0

    @property
    def name(self) -> str:
        """How a failure of the whole piece names it: the file, or its lines (`news.jsonl#L1-L80`)."""
        return self.source if self.end is None else f"{self.source}#L{self.first_line}-L{self.last_line}"


@dataclass(frozen=True)
class Shard:
    """A task of the first stage: pieces of the corpus, each with its number in the build's plan."""

    pieces: tuple[tuple[int, Piece], ...]


@dataclass(frozen=True)
class Job:
    """What every shard's worker needs to know: the cache file, the `--published` override, the time budget."""

    cache: str
    published: date | None = None
    budget: float | None = None


@dataclass(frozen=True)
class Item:
    """One thing a piece held, as the build's process sees it: an article (its id, cache key,
    whether the cache already had it, or why its extraction failed) or, without an article_id,
    an input that could not be read."""

    source: str
    article_id: str | None = None
    key: str | None = None
    cached: bool = False
    error: str | None = None


@dataclass
class PieceResult:
    """A piece's summary: its items in input order, its JSON Lines row keys, the articles read
    from the input, and whether its worker died (then nothing of it is remembered as read)."""

    items: list[Item] = field(default_factory=list)
    rows: list[str] = field(default_factory=list)
    read: int = 0
    died: bool = False


@dataclass(frozen=True)
class Found:
    """An article of the corpus: read now (`article`), or known from the row cache (None)."""

    article_id: str
    key: str
    source: str
    article: Article | None = None


def sentence_id(article_id: str, start: int, end: int) -> int:
    """The key linking a record to its sentence inside a cached result: a 63-bit hash of where the
    sentence is (the dataset numbers each part's sentences instead: `dataset_files.part_rows`)."""
    digest = hashlib.blake2b(f"{article_id}\0{start}\0{end}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1


def table_rows(records: list[dict], doc: Any, article_id: str) -> tuple[dict[str, list[dict]], list[list[int]]]:
    """Records grouped by table, each in (start, end, type) order (ties keep pipeline order) and
    pointing to its sentence by `sentence_id`; the full `sentence` stays only on commitments,
    where readers quote it. Also the article's sentences as [sentence_id, start, end]: the
    Document's, plus the line a record sits in when it is in no sentence."""
    ordered = sorted(records, key=lambda r: (r["start"], r["end"], r["type"]))
    placed = [(table, r, doc.sentence_of(r["start"])) for r in ordered if (table := TABLE_OF.get(r["type"]))]
    spans = set(map(tuple, doc.sentences)) | {span for _, _, span in placed}
    ids = {span: sentence_id(article_id, *span) for span in spans}  # hashed once a sentence, not once a record
    tables: dict[str, list[dict]] = defaultdict(list)
    for table, r, span in placed:
        r = {**r, "sentence_id": ids[span]}
        if table == "commitments":
            r["year"] = commitment_year(r)
        else:
            r.pop("sentence", None)
        tables[table].append(r)
    sentences = [[ids[span], *span] for span in sorted(spans)]
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
    return compress(blob), orjson.dumps(info, option=orjson.OPT_SORT_KEYS).decode()  # 20x json.dumps; read by orjson


# ---------------------------------------------------------------------------------------------
# Reading a piece


def _row_content(item: Found | Failure, source: str) -> list:
    """What the row cache keeps of a row: its names relative to the file's (`#a17`, `#L3`)."""
    if isinstance(item, Failure):
        return ["failure", item.source[len(source):], item.reason]
    return ["article", item.article_id, item.key, item.source[len(source):]]


def _known(content: list, source: str) -> Found | Failure:
    if content[0] == "failure":
        return Failure(source + content[1], content[2])
    return Found(content[1], content[2], source + content[3])


def piece_lines(piece: Piece, data: bytes | None = None) -> Iterator[tuple[int, str]]:
    """(line number, line) of the non-blank rows of a JSON Lines piece, split as the whole file
    is (universal newlines: a piece starts right after a \\n); `data`: its bytes, when read already."""
    if piece.end is None:
        yield from jsonl_lines(Path(piece.path))
        return
    data = _piece_bytes(piece) if data is None else data
    for n, line in enumerate(io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"), piece.first_line):
        if line.strip():
            yield n, line


def _piece_bytes(piece: Piece) -> bytes:
    with open(piece.path, "rb") as f:
        f.seek(piece.start)
        return f.read(piece.end - piece.start)


def keyed_lines(piece: Piece, salt: bytes) -> Iterator[tuple[int, str, str]]:
    """(line number, line, row key) of the non-blank rows of a JSON Lines piece (`piece_lines`).
    A byte range that holds no carriage return and decodes whole is split at its \\n's as text and
    as bytes alike, and each row's key hashes its bytes as read, which are the bytes its text
    encodes to: 2,000 rows are not encoded again (13 ms of a 1-row rebuild) nor read through a text
    wrapper. Any other piece goes through `piece_lines` as before (so a byte that cannot be decoded
    fails the piece where the text reader meets it)."""
    data = _piece_bytes(piece) if piece.end is not None else None
    text = None
    if data is not None and b"\r" not in data:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            pass
    if text is None:
        for n, line in piece_lines(piece, data):
            yield n, line, row_key(salt, n, line)
        return
    lines, raws = text.split("\n"), data.split(b"\n")  # the same count: \\n is one byte in UTF-8
    last = len(lines) - 1  # after the last \\n: a line without its \\n, or nothing
    for i, (n, line, raw) in enumerate(zip(itertools.count(piece.first_line), lines, raws)):
        if i < last:
            line, raw = line + "\n", raw + b"\n"
        if line.strip():
            yield n, line, row_key(salt, n, raw)


def _batches(items: Iterator[T]) -> Iterator[list[T]]:
    """The items in lists of ROW_BATCH: what the cache is asked about in one query."""
    while group := list(itertools.islice(items, ROW_BATCH)):
        yield group


def _jsonl_items(piece: Piece, job: Job, store: Store, result: PieceResult,
                 new_rows: list[tuple[str, list]]) -> Iterator[Found | Failure]:
    """The rows of a JSON Lines piece: a row whose line is as it was comes from the row cache as
    it was (named as the file is named now), only the others are parsed into articles."""
    path, source = Path(piece.path), piece.source
    meta = sidecar_meta(path) | ({"published": job.published} if job.published else {})
    salt = input_salt(path, job.published)
    lines = keyed_lines(piece, salt)
    for group in _batches(lines):  # the cache asked once per group of rows
        known_rows = store.rows([key for _, _, key in group])
        for n, line, key in group:
            result.rows.append(key)
            known = known_rows.get(key)
            if known is not None:
                yield _known(known, source)
                continue
            item = attempt(f"{source}#L{n}", lambda: row_article(line, n, path, source, meta), "bad row")
            item = item if isinstance(item, Failure) else _found(item, job)
            new_rows.append((key, _row_content(item, source)))
            yield item


def _found(article: Article, job: Job) -> Found:
    return Found(article.article_id, article_key(article, job.published), article.source, article)


def _items(piece: Piece, job: Job, store: Store, result: PieceResult,
           new_rows: list[tuple[str, list]]) -> Iterator[Found | Failure]:
    """What a piece holds (never raises: errors come as Failures naming the file or the row)."""
    if piece.path.lower().endswith((".jsonl", ".jsonl.gz")):
        yield from guarded(piece.name, _jsonl_items(piece, job, store, result, new_rows), "read failed")
        return
    for item in iter_file(Path(piece.path), piece.source, job.published):
        yield item if isinstance(item, Failure) else _found(item, job)


# ---------------------------------------------------------------------------------------------
# A shard's work


def _extract(article: Article, job: Job, entries: list[tuple[str, str, bytes, str]], key: str) -> str | None:
    """One article through the guarded pipeline and packed into `entries`; why it failed, or None."""
    with _WARM_UP:  # underthesea's lazy model loading is not safe from two threads at once
        pipeline.warm_up()
    result = pipeline.run_guarded(article, job.published, job.budget)
    if not isinstance(result, Failure):
        result = attempt(article.where, lambda: pack(article, *result), "storing failed")
    if isinstance(result, Failure):
        return result.reason
    entries.append((key, article.article_id, *result))
    return None


def _with_stored(items: Iterator[Found | Failure], store: Store) -> Iterator[tuple[Found | Failure, bool]]:
    """Each item, and whether the cache holds the result of the article read: asked of the cache
    once per ROW_BATCH items (`Store.stored`), not once per article."""
    for group in _batches(items):
        stored = store.stored([i.key for i in group if isinstance(i, Found) and i.article is not None])
        for item in group:
            yield item, not isinstance(item, Failure) and item.key in stored


def _process_piece(piece: Piece, job: Job, store: Store, entries: list, new_rows: list) -> PieceResult:
    result = PieceResult()
    made = {e[0] for e in entries}  # extracted in this shard already (the same content twice)
    for item, stored in _with_stored(_items(piece, job, store, result, new_rows), store):
        if isinstance(item, Failure):
            result.items.append(Item(item.source, error=item.reason))
            continue
        result.read += item.article is not None
        if item.article is None or item.key in made or stored:
            result.items.append(Item(item.source, item.article_id, item.key, cached=item.key not in made))
            continue
        error = _extract(item.article, job, entries, item.key)
        if error is None:
            made.add(item.key)
        result.items.append(Item(item.article.where if error else item.source, item.article_id, item.key, error=error))
    return result


def process_shard(shard: Shard, job: Job) -> list[PieceResult]:
    """Read a shard's pieces, extract what the cache lacks and save it there (one transaction);
    a summary per piece. An article that fails, raises or runs past the budget is an Item with
    its error, and the shard goes on."""
    store = store_at(job.cache)
    entries: list[tuple[str, str, bytes, str]] = []
    new_rows: list[tuple[str, list]] = []
    results = [_process_piece(piece, job, store, entries, new_rows) for _, piece in shard.pieces]
    store.save(entries, new_rows)
    return results


def died(shard: Shard, error: str) -> list[PieceResult]:
    """The summaries of a shard whose worker died: each piece one failure, nothing remembered."""
    return [PieceResult([Item(piece.name, error=error)], died=True) for _, piece in shard.pieces]


def _die_with_parent(parent: int) -> None:
    """In a pool worker: be killed when the build dies, however it dies (SIGKILL, the OOM killer),
    instead of living on, orphaned (Linux; elsewhere the pool's own shutdown has to do)."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the build died before prctl took effect
        os._exit(1)


def worker_init(parent: int) -> None:
    """Pool initializer: tie the worker to the build, leave Ctrl-C and SIGTERM to the build (which
    stops the pool). The models load at the first article to extract (`_extract`), not here: a
    worker that only writes parts, or whose shards are all cached, never needs them."""
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)

