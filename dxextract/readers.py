"""Readers: files and folders in, `Article`s (or `Failure`s) out.

One dispatch by file name for every entry point (`dx.read`, `extract`, `build`): `.txt` plain
text as scraped, `.html`/`.htm` pages, `.warc`/`.warc.gz` archives, `.jsonl`/`.jsonl.gz` rows of
`{id, text, title?, url?, published?}`. Each folder's `index.csv` sidecar adds url, outlet,
published and province per file. A file that cannot be read becomes a `Failure` with a one-line
reason; it never stops the others.

One guard (`attempt`, `guarded`) runs every unit of work, reading a file, a JSON Lines row or
extracting an article: whatever it raises becomes a `Failure` naming the input, so a bug met on
one input (in a reader, a stage, a library it calls) is a line in the `failures` table, not the
end of the run. `time_budget` bounds the time one article may take.
"""
from __future__ import annotations

import csv
import gzip
import json
import logging
import re
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache, partial
from pathlib import Path
from typing import TypeVar

from .article import Article, assemble
from .encoding import DecodeError, decode_bytes
from .furniture import layout
from .date_strings import iso_period
from .ids import article_id_for
from .text import normalize

log = logging.getLogger("dxextract")

MAX_BYTES = 64 * 1024 * 1024  # one article file; larger is not an article
SUFFIXES = (".txt", ".html", ".htm", ".warc", ".warc.gz", ".jsonl", ".jsonl.gz")
_SURROGATE = re.compile("[\ud800-\udfff]")
ARTICLE_TIMEOUT = 60.0  # seconds one article may take; real ones take milliseconds, 128 KB of figures ~10 s
T = TypeVar("T")


@dataclass(frozen=True)
class Failure:
    source: str
    reason: str

    def row(self) -> dict:
        return {"source": self.source, "reason": self.reason}


def exit_code(read: int, failed: int) -> int:
    """SCHEMA.md: 0 every input read; 1 some inputs skipped, the rest processed; 2 nothing read."""
    if read == 0:
        return 2
    return 1 if failed else 0


class Reason(Exception):
    """An error whose message is already the one-line reason a Failure gives."""


class ReadError(Reason, ValueError):
    """An input that cannot be read as an article (empty, binary, too large, malformed)."""


class ArticleTimeout(Reason):
    """An article that ran past its time budget (`--article-timeout`)."""


# ---------------------------------------------------------------------------------------------
# The guard: any exception met on one input becomes that input's Failure


def failure(where: str, error: Exception, doing: str) -> Failure:
    """The Failure naming `where` for `error`: a Reason or an OSError as it reads, anything else
    (a bug, a library's surprise) with its type, after what was being done."""
    if isinstance(error, (Reason, OSError)):
        return Failure(where, str(error))
    log.debug("%s: %s", where, doing, exc_info=error)
    return Failure(where, f"{doing}: {type(error).__name__}: {error}")


def attempt(where: str, work: Callable[[], T], doing: str) -> T | Failure:
    """`work()`, or the Failure naming `where` if it raises anything but an interruption."""
    try:
        return work()
    except Exception as e:  # noqa: BLE001 - the guard: one input's error never ends the run
        return failure(where, e, doing)


def guarded(where: str, items: Iterator[T], doing: str) -> Iterator[T | Failure]:
    """The items of `items`; if it raises, one last Failure naming `where` (a generator cannot go
    on after raising, so isolate smaller units with `attempt` inside it where it can)."""
    try:
        yield from items
    except Exception as e:  # noqa: BLE001 - the guard, as in `attempt`
        yield failure(where, e, doing)


def _can_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise ArticleTimeout in the block once `seconds` have passed (None or 0: no limit). It runs
    on SIGALRM, so it holds where the work runs in a process's main thread (extract, build's
    process pool); on Dask's worker threads the budget is not enforced."""
    if not seconds or not _can_alarm():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise ArticleTimeout(f"over the time budget of {seconds:g} s per article (--article-timeout)")

    previous = signal.signal(signal.SIGALRM, expire)
    # Again every 0.1 s after the first: an exception raised inside a destructor is only printed
    # and dropped, so one alarm alone could be lost.
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.1)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def scrub(text: str) -> str:
    """Lone surrogates (half an emoji cut by a scraper: `"\\ud83d"` in JSON) as U+FFFD, one
    character for one; a pair left as two code points is joined. No UTF-8 writer accepts them."""
    if not _SURROGATE.search(text):
        return text
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def parse_published(value: str | date | None) -> date | None:
    """`YYYY-MM-DD`, `YYYY-MM` or `YYYY` (the first day of the period), or None when empty."""
    if value is None or isinstance(value, date):
        return value
    value = value.strip()
    if not value:
        return None
    try:
        return iso_period(value)
    except ValueError as e:
        raise ReadError(f"bad date {value!r}: expected YYYY-MM-DD, YYYY-MM or YYYY") from e


# ---------------------------------------------------------------------------------------------
# Sidecar metadata


def _sidecar(folder: Path) -> dict[str, dict]:
    path = folder / "index.csv"
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return {}
    return _read_sidecar(path, stamp)


@lru_cache(maxsize=256)
def _read_sidecar(path: Path, stamp: int) -> dict[str, dict]:
    """The rows of one index.csv (cached per file version: `stamp` is its modification time)."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = {}
        for row in csv.DictReader(f):
            name = (row.get("file") or "").strip()
            if name:
                rows[name] = {k: (v or "").strip() or None for k, v in row.items() if k in ("url", "outlet", "published", "province")}
        return rows


def sidecar_meta(path: Path) -> dict:
    """The `index.csv` row for `path` in its own folder: url, outlet, published, province."""
    meta = dict(_sidecar(path.resolve().parent).get(path.name, {}))
    if meta.get("published"):
        try:
            meta["published"] = parse_published(meta["published"])
        except ReadError as e:
            log.warning("%s: index.csv: %s; ignored", path, e)
            meta["published"] = None
    return {k: v for k, v in meta.items() if v is not None}


# ---------------------------------------------------------------------------------------------
# Plain text


def from_text(text: str, *, source: str = "<text>", article_id: str | None = None, **meta) -> Article:
    """An Article from plain text as scraped: furniture detected, set aside, nothing lost."""
    lay = layout(normalize(scrub(text)))
    meta.setdefault("published", lay.published)
    meta.setdefault("credit", lay.credit)
    meta.setdefault("author", lay.author)
    aid = article_id or article_id_for(url=meta.get("url"), text="\n".join(b.text for b in lay.blocks))
    return assemble(lay.blocks, article_id=aid, source=source, dropped=lay.dropped, **meta)


def _read_bytes(path: Path) -> bytes:
    size = path.stat().st_size
    if size == 0:
        raise ReadError("empty file")
    if size > MAX_BYTES:
        raise ReadError(f"file too large for one article ({size:,} bytes > {MAX_BYTES:,})")
    return path.read_bytes()


def read_txt(path: Path, source: str, **meta) -> Article:
    try:
        text = decode_bytes(_read_bytes(path))
    except DecodeError as e:
        raise ReadError(str(e)) from e
    if not text.strip():
        raise ReadError("no text in file")
    return from_text(text, source=source, **meta)


# ---------------------------------------------------------------------------------------------
# JSON Lines


def jsonl_lines(path: Path) -> Iterator[tuple[int, str]]:
    """(line number, line) of every non-blank row of a JSON Lines file (gzipped or not)."""
    opener = gzip.open if path.name.endswith(".gz") else open
    rows = 0
    with opener(path, "rt", encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                rows += 1
                yield n, line
    if not rows:
        raise ReadError("no rows in file")


def iter_jsonl(path: Path, source: str, **meta) -> Iterator[Article | Failure]:
    """One Article per row `{id, text, title?, url?, published?}`; a bad row is a Failure naming
    it (`file.jsonl#L<line>`), and the rows after it are still read."""
    for n, line in jsonl_lines(path):
        yield attempt(f"{source}#L{n}", lambda: row_article(line, n, path, source, meta), "bad row")


def row_article(line: str, n: int, path: Path, source: str, meta: dict) -> Article:
    """The Article of one row: `source` names the row (`file.jsonl#<id>`, or `#L<line>` without
    an id), `row_id` keeps its id, a given `title` is the title whatever its punctuation."""
    try:
        row = json.loads(line)
    except ValueError as e:
        raise ReadError(f"bad row: {e}") from e
    if not isinstance(row, dict):
        raise ReadError("bad row: not a JSON object")
    row = {k: scrub(v) if isinstance(v, str) else v for k, v in row.items()}
    text, title = row.get("text"), row.get("title")
    if not isinstance(text, str) or not text.strip():
        raise ReadError("bad row: row has no text")
    row_meta = {**meta, **{k: str(row[k]) for k in ("url", "outlet", "province") if row.get(k)}}
    if row.get("published"):
        row_meta["published"] = parse_published(str(row["published"]))
    if isinstance(title, str) and title.strip():
        row_meta["title"] = title
        if not text.lstrip().startswith(title.strip()):
            text = f"{title}\n{text}"
    rid = row.get("id")
    aid = article_id_for(url=row_meta.get("url"), row=(path.name, row.get("id", n)))
    name, row_id = (f"{source}#L{n}", None) if rid is None else (f"{source}#{rid}", str(rid))
    return from_text(text, source=name, article_id=aid, row_id=row_id, **row_meta)


# ---------------------------------------------------------------------------------------------
# Dispatch


def _kind(path: Path) -> str | None:
    name = path.name.lower()
    return next((s for s in SUFFIXES if name.endswith(s)), None)


def _html_article(data: bytes, source: str, **meta) -> Article:
    from .web.html import read_html

    try:
        return read_html(data, source=source, **meta)
    except (ValueError, LookupError) as e:  # binary data, an unknown charset, or no article text on the page
        raise ReadError(str(e)) from e


def _read_html(path: Path, source: str, **meta) -> Article:
    return _html_article(_read_bytes(path), source, **meta)


def _iter_warc(path: Path, source: str) -> Iterator[Article | Failure]:
    """One Article per successful HTML response (`source` and `url`: the record's URL). A record
    that cannot be read is a Failure named `file.warc.gz#<URL>`, whatever it raises, and the records
    after it are still read; an archive that is not one, or is cut short, ends with a Failure
    naming the file (after the whole records before the cut)."""
    from warcio.exceptions import ArchiveLoadFailed

    from .web.warc import HTML_TYPES, iter_responses, media_type

    try:
        for url, status, ctype, body in iter_responses(path):
            if status == 200 and media_type(ctype) in HTML_TYPES:
                yield attempt(f"{source}#{url}", partial(_warc_article, url, ctype, body, source), "bad record")
    except (ArchiveLoadFailed, EOFError) as e:
        raise ReadError(f"unreadable WARC: {e}") from e


def _warc_article(url: str, content_type: str | None, body: bytes, origin: str) -> Article:
    from .web.warc import charset_of

    return replace(_html_article(body, url, url=url, charset=charset_of(content_type)), origin=origin)


def iter_file(path: Path, source: str | None = None, published: date | None = None) -> Iterator[Article | Failure]:
    """Articles of one file (several for JSON Lines and WARC), or Failures naming what went wrong;
    never raises: whatever a reader raises ends that file with a Failure naming it."""
    source = source or str(path)
    yield from guarded(source, _read_file(path, source, published), "read failed")


def _read_file(path: Path, source: str, published: date | None) -> Iterator[Article | Failure]:
    meta = sidecar_meta(path)
    if published:
        meta["published"] = published
    kind = _kind(path)
    if kind == ".txt":
        yield read_txt(path, source, **meta)
    elif kind in (".html", ".htm"):
        yield _read_html(path, source, **meta)
    elif kind in (".warc", ".warc.gz"):
        yield from _iter_warc(path, source)
    elif kind in (".jsonl", ".jsonl.gz"):
        yield from iter_jsonl(path, source, **meta)
    else:
        yield Failure(source, f"unsupported file type (expected one of {', '.join(SUFFIXES)})")


def expand_paths(paths: Iterable[str | Path]) -> Iterator[tuple[Path, str]]:
    """(path, source) for every readable file named or inside a named folder, in sorted order.
    In a folder, names starting with `.` are skipped: hidden files, and the tools' own folders
    (`dxextract fetch` keeps its state and log in `.dxextract/`). A file named outright is read."""
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for child in sorted(p.iterdir()):
                if not child.name.startswith(".") and child.is_file() and _kind(child):
                    yield child, str(p / child.name)
        else:
            yield p, str(p)


def inputs(paths: Iterable[str | Path]) -> Iterator[tuple[Path, str] | Failure]:
    """`expand_paths`, with a Failure for each named path that gives nothing to read: a missing
    file or folder, a folder without one readable file (it would otherwise go unmentioned)."""
    for p in paths:
        found = False
        for path, source in expand_paths([p]):
            found = True
            yield (path, source) if path.exists() else Failure(source, "no such file or folder")
        if not found:
            yield Failure(str(p), f"no file to read in this folder (expected {', '.join(SUFFIXES)})")


def iter_articles(paths: Iterable[str | Path], *, published: date | None = None) -> Iterator[Article | Failure]:
    """Every article under `paths`, in a stable order; unreadable inputs as Failures."""
    for item in inputs(paths):
        if isinstance(item, Failure):
            yield item
        else:
            yield from iter_file(*item, published)


def read(path: str | Path, *, published: str | date | None = None) -> Article:
    """The one Article in a file (the first, for multi-article files); raise ReadError if none."""
    for item in iter_file(Path(path), str(path), parse_published(published)):
        if isinstance(item, Failure):
            raise ReadError(f"{item.source}: {item.reason}")
        return item
    raise ReadError(f"{path}: no article in file")


__all__ = ["ARTICLE_TIMEOUT", "ArticleTimeout", "Failure", "ReadError", "attempt", "exit_code", "from_text", "guarded", "inputs",
           "iter_articles", "iter_file", "parse_published", "read", "scrub", "time_budget"]
