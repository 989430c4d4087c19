"""Partitions of a dataset: every table is split by article_id into PARTS parts, so a changed
article rewrites only its part, and the other parts are reused from the previous dataset.

An article's part is the top bits of its article_id (a hex hash: `ids.stable_id`), so the parts
in order hold the rows in article_id order, and a part is a range of ids that SQL can select.
A part's digest is a hash of the (cache key, source) of each of its articles: equal digests mean
byte-identical part files. The manifest (in `datapackage.json`) keeps each part's digest, and per
table its row counts and its byte span in the table's CSV file.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

PARTS = 64  # 2,000 articles: ~31 per part; a 1-article change rewrites 1/64 of the tables
_WIDTH = 256 // PARTS  # first-byte values per part
WHOLE = ("failures",)  # tables written whole every time (few rows, not all tied to an article): one part


def part_of(article_id: str) -> int:
    """The part of an article (its article_id is 16 hex digits)."""
    return int(article_id[:2], 16) // _WIDTH


def part_range(part: int) -> tuple[str, str | None]:
    """The article_id range of a part: lo <= article_id < hi (no upper bound for the last part)."""
    hi = (part + 1) * _WIDTH
    return f"{part * _WIDTH:02x}", (f"{hi:02x}" if hi < 256 else None)


def part_file(part: int) -> str:
    return f"part-{part:02d}.parquet"


def digests(entries: Iterable[tuple[str, str, str]]) -> list[str]:
    """Each part's digest from this run's (article_id, key, source), given in article_id order."""
    hashes = [hashlib.sha256() for _ in range(PARTS)]
    for article_id, key, source in entries:
        hashes[part_of(article_id)].update(f"{key}\0{source}\0".encode())
    return [h.hexdigest() for h in hashes]


def layout(columns: dict[str, list], csv: str, versions: list[str], omitted: dict) -> str:
    """What every part depends on besides its articles: the column plan of each table, the CSV
    choice, the columns each format leaves out and the versions. A new layout rewrites every part."""
    plan = {t: [[c.name, c.type] for c in cols] for t, cols in columns.items()}
    blob = json.dumps([plan, csv, versions, PARTS, omitted], sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()


def previous(out: Path, layout_key: str) -> dict | None:
    """The manifest of the dataset at `out` when its parts can be reused: same layout, every file there."""
    try:
        package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    manifest = package.get("dxextract", {}).get("partitions")
    if not manifest or manifest.get("layout") != layout_key:
        return None
    resources = package.get("resources", [])
    parts = [f"{res.get('parquet')}/{part_file(p)}" for res in resources if res.get("name") not in WHOLE
             for p in range(PARTS)]
    files = [*parts, *(f for res in resources for f in paths(res))]
    return manifest if all((out / f).is_file() for f in files) else None


def paths(resource: dict) -> list[str]:
    """The files of a data-package resource (one path, or the parts of a multipart one)."""
    path = resource.get("path")
    return path if isinstance(path, list) else [path]
