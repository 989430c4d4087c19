"""The build cache: what each article gave last time, keyed by a hash of its content.

Two levels, both in one SQLite file:
- `entries`: one per article, keyed by `article_key` (the article's row + the `--published`
  override + the library's version, source code and `patterns_version()`), holding the
  compressed result. An article whose key is known is not processed again; any pattern or code
  edit changes every key.
- `files`: one per input file, keyed by `file_key` (the file's bytes + its name + its folder's
  `index.csv` + the same versions), naming the entries and failures it gave. An unchanged file
  is not even read again, which is what makes a no-change rebuild cheap.
- `rows`: one per row of a JSON Lines file, keyed by `row_key` (the row's raw line and line
  number + what `file_key` salts with), naming its entry or failure. In a changed file only the
  rows whose line changed are parsed and read into articles again.

Neither key holds the path as the user spelled it (`corpus/a.txt`, `/abs/corpus/a.txt`): the same
corpus named another way is the same work. Each run's own names are kept in its `run` table and
put back into the records when the dataset is written.

The build's workers read and write it themselves (`Store`): each shard's new entries and rows in
one transaction when the shard is done, so a crashed or interrupted build keeps the shards it
finished (SQLite in WAL mode: readers never wait, writers take turns). The build's own process
(`Cache`) holds the lock, plans, keeps the run's names and, after a successful build, drops
everything the run did not use, so the cache never outgrows the corpus.

One build at a time: the `lock` file is held (flock) and names its owner (PID and start time).
Forked children (pool workers) let go of it at once, so the lock lasts exactly as long as the
build; a lock still held after its owner died (by processes of an older build) is taken over.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import IO

import orjson
import pyarrow as pa

from ._version import __version__
from .article import Article
from .rules import patterns_version

log = logging.getLogger(__name__)

CACHE_FORMAT = 7  # bump when the payload or table layout changes: older caches are dropped
BUSY_SECONDS = 600  # how long a worker waits for another's write to the cache to finish
FILE_KEY_BLOCK = 1 << 20

# zstd level 1, through pyarrow (a dependency already): on 2,000 articles' payloads (24.6 MB) it
# compresses 2.9x and decompresses 2x faster than zlib's level 1 did, to the same size (5.6 MB)
_PAYLOAD_CODEC = pa.Codec("zstd", compression_level=1)
_SIZE_BYTES = 8  # the payload's length, before its zstd frame: pyarrow needs it to decompress


def compress(payload: bytes) -> bytes:
    """A result's payload as the cache stores it."""
    return len(payload).to_bytes(_SIZE_BYTES, "big") + _PAYLOAD_CODEC.compress(payload, asbytes=True)


def decompress(stored: bytes) -> bytes:
    """The payload `compress` stored."""
    size = int.from_bytes(stored[:_SIZE_BYTES], "big")
    return _PAYLOAD_CODEC.decompress(memoryview(stored)[_SIZE_BYTES:], size, asbytes=True)


_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, article_id TEXT NOT NULL, payload BLOB NOT NULL, info TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS latest (article_id TEXT PRIMARY KEY, key TEXT NOT NULL, source TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS latest_source ON latest (source);
CREATE TABLE IF NOT EXISTS files (key TEXT PRIMARY KEY, content TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS rows (key TEXT PRIMARY KEY, content TEXT NOT NULL, entry TEXT);
CREATE TABLE IF NOT EXISTS part_totals (digest TEXT PRIMARY KEY, totals TEXT NOT NULL);
CREATE TEMP TABLE run (key TEXT PRIMARY KEY, article_id TEXT NOT NULL, source TEXT NOT NULL);
CREATE INDEX temp.run_article ON run (article_id);
CREATE TEMP TABLE run_files (key TEXT PRIMARY KEY);
CREATE TEMP TABLE run_rows (key TEXT PRIMARY KEY);
CREATE TEMP TABLE run_parts (digest TEXT PRIMARY KEY);
"""


# The source files whose edits can change a cached entry: what reads an input into an Article, the
# Document, the extractors, the pipeline, and what turns records into the stored rows (work.py's
# `pack`, schema.py's year). Patterns count through `patterns_version`. The CLI, the dataset readers,
# the fetcher and the writers are left out, so editing them keeps the cache (tests/test_layers.py
# checks this list against the import graph).
EXTRACTION_SOURCES = ("article.py", "date_strings.py", "document.py", "encoding.py", "furniture.py", "ids.py", "lexicons.py", "models.py",
                      "pipeline.py", "provinces.py", "ranking_tables.py", "readers.py", "rules.py", "schema.py", "text.py", "work.py",
                      "extractors/*.py", "web/body.py", "web/cascade.py", "web/html.py", "web/page.py",
                      "web/page_meta.py", "web/warc.py")


def source_fingerprint(package: Path) -> str:
    """A fingerprint of the EXTRACTION_SOURCES under `package`, names and bytes."""
    h = hashlib.sha256()
    files = sorted({p for pattern in EXTRACTION_SOURCES for p in package.glob(pattern)})
    for p in files:
        h.update(p.relative_to(package).as_posix().encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:12]


@lru_cache(maxsize=1)
def code_version() -> str:
    """A fingerprint of the library's extraction code: an edited extractor invalidates the cache
    even before the version number moves (as it does all the time in development)."""
    return source_fingerprint(Path(__file__).parent)


def versions() -> list[str]:
    """Everything besides the input that decides a result."""
    return [str(CACHE_FORMAT), __version__, code_version(), patterns_version()]


def _salt(published: date | None) -> list:
    return [*versions(), published.isoformat() if published else None]


def article_key(article: Article, published: date | None) -> str:
    """Hash of everything that can change an article's records (not `source`, which only names
    it: the writer puts this run's in)."""
    row = {k: v for k, v in article.row().items() if k != "source"}
    blob = orjson.dumps([_salt(published), row], option=orjson.OPT_SORT_KEYS, default=str)
    return hashlib.sha256(blob).hexdigest()


def input_salt(path: Path, published: date | None) -> bytes:
    """What besides its bytes decides what a file gives: its name (which decides its reader and its
    rows' ids), its folder's sidecar and the versions; a digest, the same however the path is spelled."""
    h = hashlib.sha256(json.dumps([_salt(published), path.name], ensure_ascii=False).encode())
    sidecar = path.resolve().parent / "index.csv"
    h.update(b"\0" + (sidecar.read_bytes() if sidecar.is_file() else b""))
    return h.digest()


def file_key(path: Path, published: date | None) -> str:
    """Hash of a file's bytes and its `input_salt`: equal means the same articles."""
    h = hashlib.sha256(input_salt(path, published))
    with path.open("rb") as f:  # OSError when missing or unreadable: the caller's failure
        while block := f.read(FILE_KEY_BLOCK):
            h.update(block)
    return h.hexdigest()


def row_key(salt: bytes, line_number: int, line: str | bytes) -> str:
    """Hash of one JSON Lines row as written (its line number too: a row without an `id` is named
    and identified by it) and its file's `input_salt`: equal means the same article or failure.
    `line`: its text, or the UTF-8 bytes that text was decoded from (the same key)."""
    h = hashlib.sha256(salt)
    h.update(f"\0{line_number}\0".encode())
    h.update(line if isinstance(line, bytes) else line.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


class CacheBusy(RuntimeError):
    """Another build holds this cache (and so writes the same dataset)."""


_HELD: set[int] = set()  # descriptors of the cache locks this process holds


def _let_go_in_child() -> None:
    """After fork, in the child: point each held lock descriptor at /dev/null. The flock belongs
    to the open file, shared with the child; without this an orphaned worker would keep it."""
    null = os.open(os.devnull, os.O_RDONLY)
    for fd in _HELD:
        os.dup2(null, fd)
    os.close(null)
    _HELD.clear()


os.register_at_fork(after_in_child=_let_go_in_child)


def _started(pid: int) -> str:
    """A process's start time (clock ticks since boot, Linux), "" when unknown: a PID alone
    may have been reused by another process since."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return ""


def alive(pid: int, started: str = "") -> bool:
    """Whether process `pid` runs (and is the one that started at `started`, when given)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return not started or _started(pid) in ("", started)


def _try_lock(path: Path) -> IO[str] | None:
    f = path.open("a+")
    try:
        fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        f.close()
        return None
    f.seek(0)
    f.truncate()
    f.write(f"{os.getpid()} {_started(os.getpid())}\n")
    f.flush()
    _HELD.add(f.fileno())
    return f


def _dead_owner(path: Path) -> int | None:
    """The PID written in a held lock when that process is gone, else None (alive, or unknown)."""
    try:
        pid, started = (path.read_text().split() + [""])[:2]
        return None if alive(int(pid), started) else int(pid)
    except (OSError, ValueError):
        return None


def _take_over(path: Path, owner: int) -> IO[str]:
    """A fresh lock file renamed over one that a dead build's leftovers still hold."""
    log.warning("%s: the build that locked it (process %d) is gone, but its lock is still held "
                "(by orphaned workers of that build?); taking it over", path.parent, owner)
    fresh = _try_lock(path.with_name("lock.new"))
    if fresh is None:  # held by a takeover that died half way: leave it to a person
        raise CacheBusy(f"{path.parent} is locked by processes of a dead build (process {owner}); stop them")
    os.replace(fresh.name, path)
    return fresh


def _lock(folder: Path) -> IO[str]:
    """Hold `folder`'s lock, or raise CacheBusy when a live build holds it."""
    path = folder / "lock"
    held = _try_lock(path)
    if held is not None:
        return held
    with (folder / "lock.takeover").open("a") as guard:  # one takeover at a time
        fcntl.flock(guard, fcntl.LOCK_EX)
        held = _try_lock(path)  # freed meanwhile, or already taken over by another build
        owner = None if held else _dead_owner(path)
        if held is None and owner is None:
            raise CacheBusy(f"{folder} is in use by another build")
        return held or _take_over(path, owner)


class _Lookups:
    """What the build's process and its workers both ask of the cache."""

    db: sqlite3.Connection

    def has(self, key: str) -> bool:
        return self.db.execute("SELECT 1 FROM entries WHERE key = ?", (key,)).fetchone() is not None

    def stored(self, keys: list[str]) -> set[str]:
        """Those of `keys` whose results are stored: one query per batch of keys, not one each (under a
        rollback journal, a Dask scheduler's cache, every query is a read transaction that waits out
        the other workers' commits and rereads the pages they changed: 2,000 lookups, one per article,
        took each of 2 workers ~0.4 s, against ~0.07 s under WAL)."""
        return {key for (key,) in self._keyed("SELECT key FROM entries WHERE key IN ({})", keys)}

    def rows(self, keys: list[str]) -> dict[str, list]:
        """What each of these JSON Lines rows gave last time, by key: ["article", article_id, entry
        key, name suffix] or ["failure", name suffix, reason]; a key left out when unknown or when
        its entry is gone. One query per batch of keys."""
        sql = ("SELECT key, content FROM rows WHERE key IN ({}) AND "
               "(entry IS NULL OR EXISTS (SELECT 1 FROM entries WHERE entries.key = rows.entry))")
        return {key: json.loads(content) for key, content in self._keyed(sql, keys)}

    def _keyed(self, sql: str, keys: list[str]) -> Iterator[tuple]:
        """The rows `sql` gives for `keys`, its `{}` filled with one placeholder a key, over batches
        of _KEYS_PER_QUERY keys (SQLite's limit on bound parameters)."""
        for i in range(0, len(keys), _KEYS_PER_QUERY):
            batch = keys[i:i + _KEYS_PER_QUERY]
            yield from self.db.execute(sql.format(", ".join("?" * len(batch))), batch)


_KEYS_PER_QUERY = 500


def _connect(path: Path) -> sqlite3.Connection:
    """A connection that waits its turn to write (the journal mode is the file's: `Cache` sets it)."""
    return sqlite3.connect(path, timeout=BUSY_SECONDS)


class Store(_Lookups):
    """A worker's side of the cache (a pool process, a Dask worker, or the build's own process
    with 1 job): looks up what is known, saves what it made, reads the results of a part. No
    lock: the build that started the worker holds it."""

    def __init__(self, path: Path) -> None:
        self.db = _connect(path)
        self.file = _file_identity(path)  # the file opened (`store_at` checks it is still the one at `path`)

    def save(self, entries: list[tuple[str, str, bytes, str]], rows: list[tuple[str, list]]) -> None:
        """One shard's new results, (key, article_id, payload, info), and rows, (row key, content
        as `row` returns it), in one transaction."""
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?)", entries)
            self.db.executemany("INSERT OR REPLACE INTO rows VALUES (?, ?, ?)",
                                [(k, json.dumps(c, ensure_ascii=False), c[2] if c[0] == "article" else None)
                                 for k, c in rows])

    def payloads(self, keys: list[str]) -> list[bytes]:
        """The payloads of `keys`, in their order (a part's articles, in article_id order)."""
        found: dict[str, bytes] = {}
        for i in range(0, len(keys), 500):  # SQLite's limit on bound parameters
            batch = keys[i:i + 500]
            sql = f"SELECT key, payload FROM entries WHERE key IN ({', '.join('?' * len(batch))})"
            found.update(self.db.execute(sql, batch))
        return [found[k] for k in keys]


_STORES: dict[tuple[int, int, str], Store] = {}


def store_at(path: str) -> Store:
    """This thread's connection to the cache file at `path` (one per process and thread: a forked
    worker opens its own, never its parent's, and Dask may run workers as threads of one process).
    A connection kept from an earlier build is opened anew when the file at `path` is another one
    now (the cache folder deleted, then made again by a build): a Dask worker serves build after
    build, as does a process calling `build` twice, and a connection to the deleted file went on
    finding every result there, saved new ones where no build looks, and left the new cache empty
    (the build counted every article unchanged, with no records)."""
    key = (os.getpid(), threading.get_ident(), path)
    store = _STORES.get(key)
    if store is None or store.file != _file_identity(Path(path)):
        if store is not None:
            store.db.close()
        store = _STORES[key] = Store(Path(path))
    return store


def _file_identity(path: Path) -> tuple[int, int]:
    """Which file is at `path` (device, inode): another file there has another identity while a
    connection holds the old one open."""
    st = os.stat(path)
    return st.st_dev, st.st_ino


class Cache(_Lookups):
    """The build's side of the cache: its lock, the files read, the current run's keys.
    `shared`: workers on other machines may use it (a Dask scheduler given by address), through
    a shared file system: then SQLite's rollback journal, which needs only file locks, instead
    of WAL (faster: readers never wait), which needs every process on one machine."""

    def __init__(self, folder: Path, shared: bool = False) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self._lock = _lock(folder)
        self.path = folder / "cache.sqlite"
        self.db = _connect(self.path)
        self.db.execute(f"PRAGMA journal_mode = {'DELETE' if shared else 'WAL'}")
        if self.db.execute("PRAGMA user_version").fetchone()[0] != CACHE_FORMAT:
            self.db.executescript(f"DROP TABLE IF EXISTS entries; DROP TABLE IF EXISTS latest; DROP TABLE IF EXISTS files; "
                                  f"DROP TABLE IF EXISTS rows; DROP TABLE IF EXISTS part_totals; PRAGMA user_version = {CACHE_FORMAT};")
        self.db.executescript(_SCHEMA)
        self.db.commit()

    def close(self) -> None:
        self.db.commit()
        self.db.close()
        _HELD.discard(self._lock.fileno())
        self._lock.close()

    def is_empty(self) -> bool:
        """Nothing stored: no article result kept (what a build that read nothing leaves)."""
        return self.db.execute("SELECT 1 FROM entries LIMIT 1").fetchone() is None

    # -- lookups ----------------------------------------------------------------------------

    def seen_before(self, article_id: str, source: str) -> bool:
        """Was this article in the last successful build? Known by its id, or by its input when
        that input gave a single article (a .txt file's id is a hash of its text, so an edit
        changes the id but not the file)."""
        sql = """SELECT 1 FROM latest WHERE article_id = ?
                 UNION ALL SELECT 1 FROM latest WHERE source = ? GROUP BY source HAVING count(*) = 1"""
        return self.db.execute(sql, (article_id, source)).fetchone() is not None

    def file(self, key: str) -> dict | None:
        """What a file gave last time: {"source": its name then, "articles": [[article_id, key, source], ...],
        "failures": [[source, reason], ...], "rows": [row key, ...] (JSON Lines)},
        or None when unknown or when one of its entries is gone."""
        row = self.db.execute("SELECT content FROM files WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        content = json.loads(row[0])
        return content if all(self.has(k) for _, k, _ in content["articles"]) else None

    # -- writes -----------------------------------------------------------------------------

    def put_file(self, key: str, source: str, articles: list[tuple[str, str, str]], failures: list[tuple[str, str]],
                 rows: list[str]) -> None:
        """Remember what the file named `source` gave: (article_id, key, source) per article,
        (source, reason) per failure, and the keys of its rows (JSON Lines; else empty)."""
        content = {"source": source, "articles": articles, "failures": failures, "rows": rows}
        self.db.execute("INSERT OR REPLACE INTO files VALUES (?, ?)", (key, json.dumps(content, ensure_ascii=False)))

    def use_rows(self, keys: list[str]) -> None:
        """Keep these rows' entries past this run (the rows of a file read or replayed)."""
        self.db.executemany("INSERT OR IGNORE INTO run_rows VALUES (?)", ((k,) for k in keys))

    def use_all(self, entries: Iterable[tuple[str, str, str]]) -> None:
        """Mark entries, (key, article_id, source), as this run's dataset."""
        self.db.executemany("INSERT OR IGNORE INTO run VALUES (?, ?, ?)", entries)

    def use_file(self, key: str) -> None:
        self.db.execute("INSERT OR IGNORE INTO run_files VALUES (?)", (key,))

    # -- this run ---------------------------------------------------------------------------

    def run_entries(self) -> Iterator[tuple[str, str]]:
        """This run's (entry key, source), sorted by key."""
        return iter(self.db.execute("SELECT key, source FROM run JOIN entries USING (key) ORDER BY key"))

    def run_infos(self, lo: str = "", hi: str | None = None) -> Iterator[dict]:
        """The `info` of every entry in this run (record counts, columns seen), of the articles
        with lo <= article_id < hi (no upper bound when hi is None)."""
        sql = "SELECT e.info FROM run r JOIN entries e USING (key) WHERE r.article_id >= ? AND (? IS NULL OR r.article_id < ?)"
        return (orjson.loads(info) for (info,) in self.db.execute(sql, (lo, hi, hi)))

    def part_totals(self, digest: str) -> dict | None:
        """The totals (an `info`: record counts, columns seen) kept for a dataset part's articles,
        by the part's digest (`partitions.digests`), or None; kept past this run either way."""
        self.db.execute("INSERT OR IGNORE INTO run_parts VALUES (?)", (digest,))
        found = self.db.execute("SELECT totals FROM part_totals WHERE digest = ?", (digest,)).fetchone()
        return orjson.loads(found[0]) if found else None

    def put_part_totals(self, digest: str, totals: dict) -> None:
        self.db.execute("INSERT OR REPLACE INTO part_totals VALUES (?, ?)", (digest, json.dumps(totals, sort_keys=True)))

    def run_articles(self) -> Iterator[tuple[str, str, str]]:
        """This run's (article_id, entry key, source) in article_id order."""
        return iter(self.db.execute("SELECT article_id, key, source FROM run ORDER BY article_id"))

    def run_part(self, lo: str = "", hi: str | None = None) -> list[tuple[str, str]]:
        """This run's (entry key, source) with lo <= article_id < hi (no upper bound when hi is
        None), in article_id order: what a worker needs to write that part."""
        sql = "SELECT key, source FROM run WHERE article_id >= ? AND (? IS NULL OR article_id < ?) ORDER BY article_id"
        return self.db.execute(sql, (lo, hi, hi)).fetchall()

    def finish_run(self) -> None:
        """After a successful build: remember each article's key, drop what this run did not use."""
        db = self.db
        db.execute("DELETE FROM latest")
        db.execute("INSERT INTO latest SELECT article_id, key, source FROM run")
        db.execute("DELETE FROM entries WHERE key NOT IN (SELECT key FROM run)")
        db.execute("DELETE FROM files WHERE key NOT IN (SELECT key FROM run_files)")
        db.execute("DELETE FROM rows WHERE key NOT IN (SELECT key FROM run_rows)")
        db.execute("DELETE FROM part_totals WHERE digest NOT IN (SELECT digest FROM run_parts)")
        db.commit()
