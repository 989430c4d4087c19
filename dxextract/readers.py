"""Readers: files and folders in, `Article`s (or `Failure`s) out.

One dispatch by file name for every entry point (`dx.read`, `extract`, `build`): `.txt` plain
text as scraped, `.html`/`.htm` pages, `.warc`/`.warc.gz` archives, `.jsonl`/`.jsonl.gz` rows of
`{id, text, title?, url?, published?}`. Each folder's `index.csv` sidecar adds url, outlet,
published and province per file. A file that cannot be read becomes a `Failure` with a one-line
reason; it never stops the others.
"""
from __future__ import annotations

import csv
import gzip
import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from .article import Article, assemble
from .encoding import DecodeError, decode_bytes
from .furniture import layout
from .ids import article_id_for
from .text import normalize

log = logging.getLogger("dxextract")

MAX_BYTES = 64 * 1024 * 1024  # one article file; larger is not an article
SUFFIXES = (".txt", ".html", ".htm", ".warc", ".warc.gz", ".jsonl", ".jsonl.gz")


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


class ReadError(ValueError):
    """An input that cannot be read as an article (empty, binary, too large, malformed)."""


def parse_published(value: str | date | None) -> date | None:
    """`YYYY-MM-DD`, `YYYY-MM` or `YYYY` (the first day of the period), or None when empty."""
    if value is None or isinstance(value, date):
        return value
    value = value.strip()
    if not value:
        return None
    try:
        parts = [int(p) for p in value[:10].split("-")]
        if len(parts) > 3:
            raise ValueError(value)
        return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
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
    lay = layout(normalize(text))
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


def iter_jsonl(path: Path, source: str, **meta) -> Iterator[Article | Failure]:
    """One Article per row `{id, text, title?, url?, published?}`; a bad row is a Failure."""
    opener = gzip.open if path.name.endswith(".gz") else open
    try:
        with opener(path, "rt", encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                where = f"{source}:{n}"
                try:
                    row = json.loads(line)
                    text = row.get("text")
                    if not isinstance(text, str) or not text.strip():
                        raise ReadError("row has no text")
                    row_meta = dict(meta)
                    for k in ("url", "outlet", "province"):
                        if row.get(k):
                            row_meta[k] = row[k]
                    if row.get("published"):
                        row_meta["published"] = parse_published(str(row["published"]))
                    title = row.get("title")
                    if title and not text.lstrip().startswith(title.strip()):
                        text = f"{title}\n{text}"
                    rid = row.get("id", n)
                    aid = article_id_for(url=row_meta.get("url"), row=(path.name, rid))
                    yield from_text(text, source=source, article_id=aid, **row_meta)
                except (ReadError, ValueError, TypeError, AttributeError) as e:
                    yield Failure(where, f"bad row: {e}")
    except (OSError, EOFError, UnicodeDecodeError) as e:
        yield Failure(source, f"cannot read: {e}")


# ---------------------------------------------------------------------------------------------
# Dispatch


def _kind(path: Path) -> str | None:
    name = path.name.lower()
    return next((s for s in SUFFIXES if name.endswith(s)), None)


def _read_html(path: Path, source: str, **meta) -> Article:
    from .web.html import read_html

    try:
        return read_html(_read_bytes(path), source=source, **meta)
    except ValueError as e:  # binary data, undecodable bytes, or no article text on the page
        raise ReadError(str(e)) from e


def _iter_warc(path: Path, source: str, **meta) -> Iterator[Article | Failure]:
    from .web.warc import iter_warc

    for item in iter_warc(path):
        yield Failure(source, str(item)) if isinstance(item, Exception) else item


def iter_file(path: Path, source: str | None = None, published: date | None = None) -> Iterator[Article | Failure]:
    """Articles of one file (several for JSON Lines and WARC), or Failures naming what went wrong."""
    source = source or str(path)
    meta = sidecar_meta(path)
    if published:
        meta["published"] = published
    kind = _kind(path)
    try:
        if kind == ".txt":
            yield read_txt(path, source, **meta)
        elif kind in (".html", ".htm"):
            yield _read_html(path, source, **meta)
        elif kind in (".warc", ".warc.gz"):
            yield from _iter_warc(path, source, **meta)
        elif kind in (".jsonl", ".jsonl.gz"):
            yield from iter_jsonl(path, source, **meta)
        else:
            yield Failure(source, f"unsupported file type (expected one of {', '.join(SUFFIXES)})")
    except (ReadError, OSError) as e:
        yield Failure(source, str(e))


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


def iter_articles(paths: Iterable[str | Path], *, published: date | None = None) -> Iterator[Article | Failure]:
    """Every article under `paths`, in a stable order; unreadable inputs as Failures."""
    for path, source in expand_paths(paths):
        if not path.exists():
            yield Failure(source, "no such file or folder")
            continue
        yield from iter_file(path, source, published)


def read(path: str | Path, *, published: str | date | None = None) -> Article:
    """The one Article in a file (the first, for multi-article files); raise ReadError if none."""
    for item in iter_file(Path(path), str(path), parse_published(published)):
        if isinstance(item, Failure):
            raise ReadError(f"{item.source}: {item.reason}")
        return item
    raise ReadError(f"{path}: no article in file")


__all__ = ["Failure", "ReadError", "exit_code", "from_text", "iter_articles", "iter_file", "read", "parse_published"]
