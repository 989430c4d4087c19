"""Dataset tables out: Parquet, CSV, SQLite (with full-text search) and `datapackage.json`.

Rows arrive already sorted, one article at a time, and go straight to every format in batches,
so memory stays flat however large the corpus. Columns are planned up front from what the
build saw: the SCHEMA.md columns of each table in their documented order, then any extra
fields the extractors emitted, sorted by name. Nothing time-dependent is written, so the same
rows give byte-identical CSV and Parquet files.
"""
from __future__ import annotations

import csv
import hashlib
import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from .provinces import fold
from .schema import EXTRA_DEFAULT, EXTRA_DESCRIPTIONS, Column
from .schema import TABLES as SCHEMA  # re-exported: the build reads the table contract from here

BATCH_ROWS = 2000  # rows per Parquet row group and per insert batch ...
BATCH_CHARS = 16_000_000  # ... or fewer, when the rows are long articles (bounded memory)
SQLITE_NAME = "dataset.sqlite"
FTS_TABLE = "sentences"
INDEXED = ("article_id", "province", "indicator", "year")



_ARROW = {
    "string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_(),
    "date": pa.date32(), "array": pa.string(), "object": pa.string(),
}
_SQL = {"integer": "INTEGER", "number": "REAL", "boolean": "INTEGER"}


# ---------------------------------------------------------------------------------------------
# Column planning


def value_kind(value: Any) -> str:
    """The name of a value's JSON kind, as recorded while building (see `field_type`)."""
    return type(value).__name__


def field_type(declared: str | None, seen: set[str]) -> str:
    """The Frictionless type that fits every value seen; the declared one when nothing was seen."""
    if not seen:
        return declared or "string"
    if seen == {"bool"}:
        return "boolean"
    if seen <= {"int", "float"}:
        return "integer" if seen == {"int"} and declared != "number" else "number"
    if seen == {"list"}:
        return "array"
    if seen == {"dict"}:
        return "object"
    return "date" if seen == {"str"} and declared == "date" else "string"


def plan(table: str, seen: dict[str, set[str]]) -> list[Column]:
    """The table's columns: SCHEMA.md ones first, in order, then extras sorted by name."""
    columns = [Column(c.name, field_type(c.type, seen.get(c.name, set())), c.description) for c in SCHEMA[table]]
    known = {c.name for c in columns}
    for name in sorted(set(seen) - known):
        columns.append(Column(name, field_type(None, seen[name]), EXTRA_DESCRIPTIONS.get(name, EXTRA_DEFAULT)))
    return columns


# ---------------------------------------------------------------------------------------------
# Cell conversion, a column at a time: most columns need none, and a build writes millions of cells


Convert = Callable[[list], list]


def _nested(v: Any) -> Any:
    return json.dumps(v, ensure_ascii=False, sort_keys=True) if isinstance(v, (list, dict)) else v


def _as_string(v: Any) -> Any:
    return v if v is None or isinstance(v, str) else str(_nested(v))


def _as_date(v: Any) -> Any:
    return date.fromisoformat(v) if isinstance(v, str) else v


def _csv_number(v: Any) -> Any:
    """Integral floats without `.0` (2000000000000, not 2000000000000.0)."""
    return int(v) if isinstance(v, float) and v.is_integer() else v


def _csv_bool(v: Any) -> Any:
    return v if v is None else "true" if v else "false"


def _iso(v: Any) -> Any:
    return v.isoformat() if isinstance(v, date) else v


def _each(f: Callable[[Any], Any]) -> Convert:
    return lambda values: [f(v) for v in values]


def _same(values: list) -> list:
    return values


@dataclass(frozen=True)
class Cells:
    """How one column's values become Parquet, CSV and SQLite cells. Parquet takes nested values
    as JSON and dates as `date`; CSV writes ISO dates, lower-case booleans, integral floats
    without `.0` and empty cells for nulls; SQLite stores dates as ISO text."""

    parquet: Convert
    csv: Convert
    sql: Convert

    @classmethod
    def of(cls, kind: str) -> Cells:
        parquet = {"string": _each(_as_string), "array": _each(_as_string), "object": _each(_as_string),
                   "date": _each(_as_date)}.get(kind, _same)
        csv = {"number": _each(_csv_number), "boolean": _each(_csv_bool), "date": _each(_iso)}.get(kind, _same)
        sql = _each(_iso) if kind == "date" else _same
        return cls(parquet, csv, sql)


# ---------------------------------------------------------------------------------------------
# One table, three formats

_LONG = ("text", "body", "captions", "dropped", "sentence")  # columns whose cells can be any size


class TableSink:
    """Writes one table's rows to `<table>.csv`, `<table>.parquet` and the SQLite table."""

    def __init__(self, folder: Path, name: str, columns: list[Column], db: sqlite3.Connection) -> None:
        self.name, self.columns, self.db = name, columns, db
        self.rows = 0
        self._names = [c.name for c in columns]
        self._cells = [Cells.of(c.type) for c in columns]
        self._long = [c.name for c in columns if c.name in _LONG]
        self._buffer: list[list[Any]] = []
        self._chars = 0
        self._csv_file = (folder / f"{name}.csv").open("w", encoding="utf-8", newline="")
        self._csv = csv.writer(self._csv_file, lineterminator="\n")
        self._csv.writerow(self._names)
        self._schema = pa.schema([pa.field(c.name, _ARROW[c.type]) for c in columns])
        self._parquet = pq.ParquetWriter(folder / f"{name}.parquet", self._schema, compression="zstd")
        cols = ", ".join(f'"{c.name}" {_SQL.get(c.type, "TEXT")}' for c in columns)
        db.execute(f'CREATE TABLE "{name}" ({cols})')
        self._insert = f'INSERT INTO "{name}" VALUES ({", ".join("?" * len(columns))})'

    def add(self, row: dict) -> None:
        self._buffer.append([row.get(n) for n in self._names])
        self._chars += sum(len(row.get(n) or "") for n in self._long)
        if len(self._buffer) >= BATCH_ROWS or self._chars >= BATCH_CHARS:
            self.flush()

    def flush(self) -> None:
        if not self._buffer:
            return
        rows, self._buffer, self._chars = self._buffer, [], 0
        self.rows += len(rows)
        columns = [cells.parquet(list(values)) for cells, values in zip(self._cells, zip(*rows))]
        arrays = [pa.array(values, type=f.type) for values, f in zip(columns, self._schema)]
        self._parquet.write_table(pa.Table.from_arrays(arrays, schema=self._schema))
        self._csv.writerows(zip(*[cells.csv(values) for cells, values in zip(self._cells, columns)]))
        self.db.executemany(self._insert, zip(*[cells.sql(values) for cells, values in zip(self._cells, columns)]))

    def close(self) -> None:
        self.flush()
        self._csv_file.close()
        self._parquet.close()
        for col in INDEXED:
            if col in self._names:
                self.db.execute(f'CREATE INDEX "idx_{self.name}_{col}" ON "{self.name}" ("{col}")')


# ---------------------------------------------------------------------------------------------
# The whole dataset


class DatasetWriter:
    """All tables of one dataset folder, the sentence search index and the data package."""

    def __init__(self, folder: Path, columns: dict[str, list[Column]]) -> None:
        self.folder = folder
        self.db = sqlite3.connect(folder / SQLITE_NAME)
        self.db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")
        self.sinks = {name: TableSink(folder, name, columns[name], self.db) for name in SCHEMA}
        self.db.execute(
            f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(sentence, folded, article_id UNINDEXED, "
            "\"start\" UNINDEXED, \"end\" UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')"
        )

    def add_article(self, article: dict, tables: dict[str, list[dict]], sentences: list[list[int]]) -> None:
        """One article's row, its records by table, and its sentence spans for search."""
        self.sinks["articles"].add(article)
        for name, rows in tables.items():
            for row in rows:
                self.sinks[name].add(row)
        text, aid = article["text"], article["article_id"]
        folded = fold(text)  # one character for one: the sentence spans hold in it too
        self.db.executemany(
            f"INSERT INTO {FTS_TABLE} VALUES (?, ?, ?, ?, ?)",
            ((text[s:e], folded[s:e], aid, s, e) for s, e in sentences),
        )

    def add_failure(self, row: dict) -> None:
        self.sinks["failures"].add(row)

    def close(self, package: dict) -> dict[str, int]:
        """Finish every file, write `datapackage.json`; the row count of each table."""
        for sink in self.sinks.values():
            sink.close()
        self.db.commit()
        self.db.close()
        package["resources"] = [resource(self.folder, sink) for sink in self.sinks.values()]
        text = json.dumps(package, ensure_ascii=False, indent=2) + "\n"
        (self.folder / "datapackage.json").write_text(text, encoding="utf-8")
        return {name: sink.rows for name, sink in self.sinks.items()}


def resource(folder: Path, sink: TableSink) -> dict:
    """The Frictionless resource describing one table's CSV (its Parquet twin named alongside)."""
    path = folder / f"{sink.name}.csv"
    res = {
        "name": sink.name,
        "path": path.name,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": path.stat().st_size,
        "hash": "sha256:" + _sha256(path),
        "dialect": {"delimiter": ",", "lineTerminator": "\n", "quoteChar": '"', "header": True},
        "parquet": f"{sink.name}.parquet",
        "rows": sink.rows,
        "schema": {
            "fields": [{"name": c.name, "type": c.type, "description": c.description} for c in sink.columns],
            "missingValues": [""],
        },
    }
    if sink.name == "articles":
        res["schema"]["primaryKey"] = ["article_id"]
    elif sink.name != "failures":
        res["schema"]["foreignKeys"] = [
            {"fields": ["article_id"], "reference": {"resource": "articles", "fields": ["article_id"]}}
        ]
    return res


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(1 << 20):
            h.update(block)
    return h.hexdigest()
