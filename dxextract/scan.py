"""Planning a build's corpus and reading back what the workers found: which files are cached
(replayed without reading them), how the others are cut into shards (files, byte ranges of a
JSON Lines file) for the workers to read themselves, what failed, and which copy of an article
read twice counts. This process reads no article: it hashes files to know which changed, and
finds the line breaks of a JSON Lines file to cut it.
"""
from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .cache import Cache, file_key
from .readers import Failure, attempt, exit_code, inputs
from .work import Item, Piece, PieceResult, Shard

log = logging.getLogger(__name__)

SHARD_BYTES = 1 << 17  # input bytes per shard (~40 articles of news): small enough to spread, big enough to pay
SHARD_PIECES = 64  # ... and at most this many files per shard


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
    read: int = 0  # articles read from their input this run (the rest came from the cache unread)
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


def _lines(data: bytes) -> int:
    """How many lines a text reader sees in `data` (universal newlines: \\n, \\r\\n and \\r)."""
    breaks = data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")
    return breaks + (not data.endswith((b"\n", b"\r")))


def pieces_of(path: Path, source: str) -> list[Piece]:
    """A file as pieces: a JSON Lines file bigger than a shard cut at line ends into byte ranges of
    about SHARD_BYTES (each knowing its first line's number), any other file whole."""
    size = path.stat().st_size
    if size <= SHARD_BYTES or not path.name.lower().endswith(".jsonl"):
        return [Piece(str(path.absolute()), source, size)]
    pieces, start, line = [], 0, 1
    with path.open("rb") as f:
        while chunk := f.read(SHARD_BYTES):
            chunk += f.readline() if len(chunk) == SHARD_BYTES else b""  # to the end of its line
            lines = _lines(chunk)
            pieces.append(Piece(str(path.absolute()), source, len(chunk), start, start + len(chunk), line, line + lines - 1))
            start, line = start + len(chunk), line + lines
    return pieces


class Scan:
    """Plans the shards of a corpus, collects their summaries, then counts each article in,
    file by file in input order (`finish`), as if one process had read them all."""

    def __init__(self, store: Cache, summary: Summary, bar: Any, published: date | None = None) -> None:
        self.store, self.summary, self.bar, self.published = store, summary, bar, published
        self.failures: list[dict] = []
        self.admitted: dict[str, tuple[str, str, str]] = {}  # article_id -> (key, source, status) of its copy
        self.files: list[tuple[str, str, Any]] = []  # (file key, source, its cached content or its piece numbers)
        self.results: dict[int, PieceResult] = {}
        self._next = 0  # the number of the next piece

    def fail(self, source: str, reason: str, article_id: str | None = None) -> None:
        log.warning("skipped %s: %s", source, reason)
        self.failures.append({"source": source, "reason": reason} | ({"article_id": article_id} if article_id else {}))
        self.summary.failed += 1

    def shards(self, paths: list[str], scale: int = 1) -> Iterator[Shard]:
        """The shards of the files that are not cached, planned as the inputs are walked: pieces
        (of SHARD_BYTES, or whole files) joined until a shard holds `scale` x SHARD_BYTES of input
        or SHARD_PIECES pieces."""
        batch: list[tuple[int, Piece]] = []
        size = 0
        for numbered in self._pieces(paths):
            batch.append(numbered)
            size += numbered[1].size
            if size >= scale * SHARD_BYTES or len(batch) >= SHARD_PIECES:
                yield Shard(tuple(batch))
                batch, size = [], 0
        if batch:
            yield Shard(tuple(batch))

    def _pieces(self, paths: list[str]) -> Iterator[tuple[int, Piece]]:
        """Each piece of the files to read, numbered; the cached files noted for replay."""
        for item in inputs(paths):
            if isinstance(item, Failure):
                self.bar.update()
                self.fail(item.source, item.reason)
                continue
            path, source = item
            key = attempt(source, lambda: file_key(path, self.published), "read failed")
            pieces = key if isinstance(key, Failure) else attempt(source, lambda: pieces_of(path, source), "read failed")
            if isinstance(pieces, Failure):
                self.bar.update()
                self.fail(pieces.source, pieces.reason)
                continue
            self.store.use_file(key)
            cached = self.store.file(key)
            self.store.db.commit()  # no lock held on the cache while the workers write to it
            numbers = list(range(self._next, self._next + len(pieces))) if cached is None else []
            self._next += len(numbers)
            self.files.append((key, source, cached if cached is not None else numbers))
            yield from zip(numbers, pieces)

    def settle(self, shard: Shard, results: list[PieceResult]) -> None:
        """Keep a shard's summaries until every shard is in (`finish` counts them in input order)."""
        for (number, _), result in zip(shard.pieces, results):
            self.results[number] = result
            self.bar.update(len(result.items))

    def finish(self) -> None:
        """Count every file's articles and failures in, in input order, and mark this run's entries."""
        self.store.db.commit()  # a fresh view of the cache, with what the workers saved
        for key, source, content in self.files:
            if isinstance(content, dict):
                self._replay(content, source)
            else:
                self._settle_file(key, source, [self.results[n] for n in content])
        self.store.use_all((key, article_id, source) for article_id, (key, source, _) in self.admitted.items())
        self.store.db.commit()

    def _replay(self, cached: dict, source: str) -> None:
        """An unchanged file: its articles and failures as last time, without reading it, named
        as the file is named now (the same corpus may be given as `corpus` or `/abs/corpus/`)."""
        old = cached["source"]

        def renamed(name: str) -> str:
            return source + name[len(old):] if name == old or name.startswith(old + "#") else name

        for article_id, key, name in cached["articles"]:
            self._admit(article_id, key, renamed(name), cached=True)
        for name, reason in cached["failures"]:
            self.fail(renamed(name), reason)
        self.store.use_rows(cached.get("rows", []))
        self.bar.update(len(cached["articles"]) + len(cached["failures"]))

    def _settle_file(self, key: str, source: str, results: list[PieceResult]) -> None:
        """A file the workers read: its items in order; remembered as read unless a worker died on it."""
        articles, failures, rows = [], [], []
        for result in results:
            rows += result.rows
            self.summary.read += result.read
            for item in result.items:
                if item.article_id is None:
                    failures.append((item.source, item.error))
                    self.fail(item.source, item.error)
                    continue
                articles.append((item.article_id, item.key, item.source))
                self._reject(item) if item.error else self._admit(item.article_id, item.key, item.source, item.cached)
        self.store.use_rows(rows)
        if not any(r.died for r in results):
            self.store.put_file(key, source, articles, failures, rows)

    def _admit(self, article_id: str, key: str, source: str, cached: bool) -> None:
        """Count one article in. The same id read again (a page fetched again into a newer WARC
        file, a row appended again to a JSON Lines corpus) replaces the earlier copy: inputs are
        read in sorted order, so the latest copy wins."""
        if article_id in self.admitted:
            if self.admitted[article_id][0] == key:
                self.summary.superseded += 1
                return  # the same content again
            log.info("%s: %s replaces the copy from %s", article_id, source, self.admitted[article_id][1])
            self._withdraw(article_id)
        status = "unchanged" if cached else "changed" if self.store.seen_before(article_id, source) else "new"
        self.admitted[article_id] = (key, source, status)
        setattr(self.summary, status, getattr(self.summary, status) + 1)
        self.summary.articles += 1

    def _reject(self, item: Item) -> None:
        """An article whose extraction failed: a failure, and no copy of it in the dataset."""
        if item.article_id in self.admitted:
            self._withdraw(item.article_id)
        self.fail(item.source, item.error, item.article_id)

    def _withdraw(self, article_id: str) -> None:
        """Take an earlier copy out of the run and out of the counts."""
        _, _, status = self.admitted.pop(article_id)
        setattr(self.summary, status, getattr(self.summary, status) - 1)
        self.summary.articles -= 1
        self.summary.superseded += 1
