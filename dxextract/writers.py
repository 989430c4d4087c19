"""The dataset's table contract and how values become cells: every table's columns (SCHEMA.md),
the column plan of a build and the conversion of values to Parquet, CSV and SQLite cells.

Columns are planned up front from what the build saw: the SCHEMA.md columns of each table in
their documented order, then any extra fields the extractors emitted, sorted by name. The files
themselves are written by `dataset_files`.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pyarrow as pa

from .schema import EXTRA_DEFAULT, EXTRA_DESCRIPTIONS, Column
from .schema import TABLES as SCHEMA  # re-exported: the build reads the table contract from here

BATCH_ROWS = 2000  # rows per Parquet row group and per insert batch ...
BATCH_CHARS = 16_000_000  # ... or fewer, when the rows are long articles (bounded memory)
SQLITE_NAME = "dataset.sqlite"
FTS_TABLE = "sentences_fts"  # full-text index over the sentences table (external content: no copy of the text)
INDEXED = ("article_id", "province", "indicator", "year")
EXTRA_INDEXED = {"commitments": ("sentence_id",)}  # search_commitments joins sentences to commitments by it
PRIMARY_KEY = {"articles": "article_id", "sentences": "sentence_id"}
# What SQLite computes and never stores: the sentence with đ as d (FTS5's remove_diacritics folds every
# other Vietnamese mark, not đ), so `dak lak` finds `Đắk Lắk` without a second copy of each sentence.
GENERATED = {"sentences": "folded TEXT GENERATED ALWAYS AS (replace(replace(sentence, 'đ', 'd'), 'Đ', 'D')) VIRTUAL"}
CSV_TABLES = ("commitments", "failures")  # CSV by default; every table with csv="all"
# Columns a format leaves out because the reading side rebuilds them from what it keeps, so each
# text is stored once per format (`dx.load` rebuilds them; CSV, written with csv="all", has them all).
OMITTED = {
    "parquet": {"articles": ("body", "captions"), "sentences": ("sentence",)},
    "sqlite": {"articles": ("body", "captions")},
}


ARROW_TYPES = {
    "string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_(),
    "date": pa.date32(), "array": pa.string(), "object": pa.string(),
}
SQL_TYPES = {"integer": "INTEGER", "number": "REAL", "boolean": "INTEGER"}


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
