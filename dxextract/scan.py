"""Scanning a build's corpus once: what is cached (files, JSON Lines rows and articles), what is
new or changed (the tasks handed to an engine), what failed, and which copy of an article read
twice counts.
"""
from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .article import Article
from .cache import Cache, article_key, file_key, input_salt, row_key
from .readers import Failure, attempt, exit_code, guarded, inputs, iter_file, jsonl_lines, row_article, sidecar_meta
from .work import Outcome, Task


log = logging.getLogger(__name__)


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


@dataclass(frozen=True)
class Found:
    """An article of the corpus: read now (`article`), or known from the row cache (None)."""

    article_id: str
    key: str
    source: str
    article: Article | None = None


def _row_content(item: Found | Failure, source: str) -> list:
    """What the row cache keeps of a row: its names relative to the file's (`#a17`, `#L3`)."""
    if isinstance(item, Failure):
        return ["failure", item.source[len(source):], item.reason]
    return ["article", item.article_id, item.key, item.source[len(source):]]


def _known(content: list, source: str) -> Found | Failure:
    if content[0] == "failure":
        return Failure(source + content[1], content[2])
    return Found(content[1], content[2], source + content[3])


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
            self._admit(article_id, key, renamed(name), cached=True)
        for name, reason in cached["failures"]:
            self.fail(renamed(name), reason)
        self.store.use_rows(cached.get("rows", []))
        self.bar.update(len(cached["articles"]) + len(cached["failures"]))

    def _read(self, path: Path, source: str, fkey: str) -> Iterator[Task]:
        articles, failures, rows = [], [], []
        for item in self._items(path, source, rows):  # never raises: errors come as Failures
            self.bar.update()
            if isinstance(item, Failure):
                failures.append((item.source, item.reason))
                self.fail(item.source, item.reason)
                continue
            articles.append((item.article_id, item.key, item.source))
            status = self._admit(item.article_id, item.key, item.source, cached=item.article is None)
            if status:
                yield Task(item.key, status, item.article)
        self.store.use_rows(rows)
        self.store.put_file(fkey, source, articles, failures, rows)

    def _items(self, path: Path, source: str, rows: list[str]) -> Iterator[Found | Failure]:
        """What a changed file holds: a JSON Lines file row by row (`rows` gets each row's key),
        any other file through its reader."""
        if path.name.lower().endswith((".jsonl", ".jsonl.gz")):
            yield from guarded(source, self._jsonl_items(path, source, rows), "read failed")
            return
        for item in iter_file(path, source, self.published):
            yield item if isinstance(item, Failure) else self._found(item)

    def _found(self, article: Article) -> Found:
        self.summary.read += 1
        return Found(article.article_id, article_key(article, self.published), article.source, article)

    def _jsonl_items(self, path: Path, source: str, rows: list[str]) -> Iterator[Found | Failure]:
        """The rows of a changed JSON Lines file: a row whose line is as it was comes from the
        cache as it was (named as the file is named now), only the others are read again."""
        meta = sidecar_meta(path) | ({"published": self.published} if self.published else {})
        salt = input_salt(path, self.published)
        for n, line in jsonl_lines(path):
            rows.append(key := row_key(salt, n, line))
            known = self.store.row(key)
            if known is not None:
                yield _known(known, source)
                continue
            item = attempt(f"{source}#L{n}", lambda: row_article(line, n, path, source, meta), "bad row")
            item = item if isinstance(item, Failure) else self._found(item)
            self.store.put_row(key, _row_content(item, source))
            yield item

    def _admit(self, article_id: str, key: str, source: str, cached: bool = False) -> str | None:
        """Count one article in; the work it needs ("new"/"changed") or None (cached: known to be
        in the cache, or found there now; or a copy already read). The same id read again (a page fetched again into a newer WARC file, a row
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
        if cached or self.store.has(key):
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

