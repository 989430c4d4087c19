"""The build cache: what each article gave last time, keyed by a hash of its content.

Two levels, both in one SQLite file:
- `entries`: one per article, keyed by `article_key` (the article's row + the `--published`
  override + the library's version, source code and `patterns_version()`), holding the
  compressed result. An article whose key is known is not processed again; any pattern or code
  edit changes every key.
- `files`: one per input file, keyed by `file_key` (the file's bytes + the path it was given as
  + its folder's `index.csv` + the same versions), naming the entries and failures it gave. An
  unchanged file is not even read again, which is what makes a no-change rebuild cheap.

Entries are committed in batches while the build runs, so a crashed or interrupted build keeps
the work it finished. After a successful build, everything the run did not use is dropped, so
the cache never outgrows the corpus.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import sqlite3
from collections.abc import Iterator
from datetime import date
from functools import lru_cache
from pathlib import Path

import orjson

from . import __version__
from .article import Article
from .rules import patterns_version

CACHE_FORMAT = 2  # bump when the payload or table layout changes: older caches are dropped
COMMIT_EVERY = 500  # entries per transaction while building
FILE_KEY_BLOCK = 1 << 20

_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, article_id TEXT NOT NULL, payload BLOB NOT NULL, info TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS latest (article_id TEXT PRIMARY KEY, key TEXT NOT NULL, source TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS latest_source ON latest (source);
CREATE TABLE IF NOT EXISTS files (key TEXT PRIMARY KEY, content TEXT NOT NULL);
CREATE TEMP TABLE run (key TEXT PRIMARY KEY, article_id TEXT NOT NULL, source TEXT NOT NULL);
CREATE INDEX temp.run_article ON run (article_id);
CREATE TEMP TABLE run_files (key TEXT PRIMARY KEY);
"""


@lru_cache(maxsize=1)
def code_version() -> str:
    """A fingerprint of the library's own source: an edited extractor invalidates the cache even
    before the version number moves (as it does all the time in development)."""
    h = hashlib.sha256()
    package = Path(__file__).parent
    for p in sorted(package.rglob("*.py")):
        h.update(str(p.relative_to(package)).encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:12]


def versions() -> list[str]:
    """Everything besides the input that decides a result."""
    return [str(CACHE_FORMAT), __version__, code_version(), patterns_version()]


def _salt(published: date | None) -> list:
    return [*versions(), published.isoformat() if published else None]


def article_key(article: Article, published: date | None) -> str:
    """Hash of everything that can change an article's records."""
    blob = orjson.dumps([_salt(published), article.row()], option=orjson.OPT_SORT_KEYS, default=str)
    return hashlib.sha256(blob).hexdigest()


def file_key(path: Path, source: str, published: date | None) -> str:
    """Hash of a file's bytes, its folder's sidecar, the name it was given as (records quote
    it) and the versions: equal means the same articles."""
    h = hashlib.sha256(json.dumps([_salt(published), source], ensure_ascii=False).encode())
    with path.open("rb") as f:  # OSError when missing or unreadable: the caller's failure
        while block := f.read(FILE_KEY_BLOCK):
            h.update(block)
    sidecar = path.resolve().parent / "index.csv"
    h.update(b"\0" + (sidecar.read_bytes() if sidecar.is_file() else b""))
    return h.hexdigest()


class CacheBusy(RuntimeError):
    """Another build holds this cache (and so writes the same dataset)."""


class Cache:
    """SQLite-backed store of processed articles and read files, plus the current run's keys."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self._lock = (folder / "lock").open("w")
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as e:
            self._lock.close()
            raise CacheBusy(f"{folder} is in use by another build") from e
        self.path = folder / "cache.sqlite"
        self.db = sqlite3.connect(self.path)
        if self.db.execute("PRAGMA user_version").fetchone()[0] != CACHE_FORMAT:
            self.db.executescript(f"DROP TABLE IF EXISTS entries; DROP TABLE IF EXISTS latest; "
                                  f"DROP TABLE IF EXISTS files; PRAGMA user_version = {CACHE_FORMAT};")
        self.db.executescript(_SCHEMA)
        self._pending = 0

    def close(self) -> None:
        self.db.commit()
        self.db.close()
        self._lock.close()

    # -- lookups ----------------------------------------------------------------------------

    def has(self, key: str) -> bool:
        return self.db.execute("SELECT 1 FROM entries WHERE key = ?", (key,)).fetchone() is not None

    def seen_before(self, article_id: str, source: str) -> bool:
        """Was this article in the last successful build? Known by its id, or by its input when
        that input gave a single article (a .txt file's id is a hash of its text, so an edit
        changes the id but not the file)."""
        sql = """SELECT 1 FROM latest WHERE article_id = ?
                 UNION ALL SELECT 1 FROM latest WHERE source = ? GROUP BY source HAVING count(*) = 1"""
        return self.db.execute(sql, (article_id, source)).fetchone() is not None

    def file(self, key: str) -> dict | None:
        """What a file gave last time: {"articles": [[article_id, key, source], ...], "failures": [[source, reason], ...]},
        or None when unknown or when one of its entries is gone."""
        row = self.db.execute("SELECT content FROM files WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        content = json.loads(row[0])
        return content if all(self.has(k) for _, k, _ in content["articles"]) else None

    # -- writes -----------------------------------------------------------------------------

    def put(self, key: str, article_id: str, payload: bytes, info: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?)", (key, article_id, payload, info))
        self._pending += 1
        if self._pending >= COMMIT_EVERY:
            self.db.commit()
            self._pending = 0

    def put_file(self, key: str, articles: list[tuple[str, str, str]], failures: list[tuple[str, str]]) -> None:
        """Remember what a file gave: (article_id, key, source) per article, (source, reason) per failure."""
        content = json.dumps({"articles": articles, "failures": failures}, ensure_ascii=False)
        self.db.execute("INSERT OR REPLACE INTO files VALUES (?, ?)", (key, content))

    def use(self, key: str, article_id: str, source: str) -> None:
        """Mark an entry as part of this run's dataset."""
        self.db.execute("INSERT OR IGNORE INTO run VALUES (?, ?, ?)", (key, article_id, source))

    def drop(self, key: str) -> None:
        """Take an entry back out of this run (its article failed)."""
        self.db.execute("DELETE FROM run WHERE key = ?", (key,))

    def use_file(self, key: str) -> None:
        self.db.execute("INSERT OR IGNORE INTO run_files VALUES (?)", (key,))

    # -- this run ---------------------------------------------------------------------------

    def run_keys(self) -> Iterator[str]:
        """This run's entry keys, sorted."""
        return (k for (k,) in self.db.execute("SELECT key FROM run JOIN entries USING (key) ORDER BY key"))

    def run_infos(self) -> Iterator[dict]:
        """The `info` of every entry in this run (record counts, columns seen)."""
        sql = "SELECT e.info FROM run r JOIN entries e USING (key)"
        return (json.loads(info) for (info,) in self.db.execute(sql))

    def run_payloads(self) -> Iterator[bytes]:
        """This run's payloads in article_id order, one at a time."""
        self.db.commit()
        sql = "SELECT e.payload FROM run r JOIN entries e USING (key) ORDER BY r.article_id"
        return (p for (p,) in self.db.execute(sql))

    def finish_run(self) -> None:
        """After a successful build: remember each article's key, drop what this run did not use."""
        db = self.db
        db.execute("DELETE FROM latest")
        db.execute("INSERT INTO latest SELECT article_id, key, source FROM run")
        db.execute("DELETE FROM entries WHERE key NOT IN (SELECT key FROM run)")
        db.execute("DELETE FROM files WHERE key NOT IN (SELECT key FROM run_files)")
        db.commit()
