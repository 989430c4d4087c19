"""The dataset's table contract and how values become cells: every table's columns (SCHEMA.md),
the column plan of a build and the conversion of values to Parquet, CSV and SQLite cells.

Columns are planned up front from what the build saw: the SCHEMA.md columns of each table in
their documented order, then any extra fields the extractors emitted, sorted by name. A
`TableFormat` turns one part's rows into the bytes of its Parquet file and CSV lines (in a worker)
and into SQLite rows; the folder's files are put together by `dataset_files`.
"""
from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from datetime import date
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from .schema import EXTRA_DEFAULT, EXTRA_DESCRIPTIONS, TABLE_OF, Column
from .schema import TABLES as SCHEMA  # re-exported: the build reads the table contract from here

BATCH_ROWS = 2000  # rows per Parquet row group and per insert batch ...
BATCH_CHARS = 16_000_000  # ... or fewer, when the rows are long articles (bounded memory)
# zstd level of every Parquet file: 9 stores the articles' text in 1.96 MB instead of 2.54 at the
# default level 1 (2,000 articles, 6.9 MB of text) for 0.1 s more CPU over the whole build.
ZSTD_LEVEL = 9
# Parquet encodings: no dictionaries (zstd already folds the repeats a dictionary would, and saves
# its page per column: 0.45 MB less on 2,000 articles, and 10% less with parts of ~500 articles, the
# full corpus's), and integers as deltas (ids and offsets climb row by row: 0.09 MB less).
INTEGER_ENCODING = "DELTA_BINARY_PACKED"
# Bump when the same rows give other bytes in a dataset's files (an encoding, the SQLite file's
# layout, the search index): a dataset written before is then rewritten whole, never updated part
# by part (2: the search index of one folded column, Parquet without dictionaries; 3: SQLite's record
# tables as views over `<table>_stored`).
STORAGE_VERSION = 3
SQLITE_NAME = "dataset.sqlite"
FTS_TABLE = "sentences_fts"  # full-text index over the sentences table (external content: no copy of the text)
INDEXED = ("article_id", "province", "indicator", "year")
EXTRA_INDEXED = {"commitments": ("sentence_id",)}  # search_commitments joins sentences to commitments by it
# Indexes left out: a part's sentences are found by their ids (the build replaces a changed part's
# by id range), so an index of sentences.article_id served no query of the project and was the
# largest index (1.15 of 22 MB of SQLite on 2,000 articles); one article's sentences by article_id
# is a scan of the table (a few milliseconds per 40,000 sentences).
UNINDEXED = {"sentences": ("article_id",)}
PRIMARY_KEY = {"articles": "article_id", "sentences": "sentence_id"}

# SQLite's record tables but `commitments` are views of the same name and columns over a table
# `<name>_stored` that keeps what the view cannot find elsewhere: `type` is the table's record type,
# `article_id` and `source` are those of the record's sentence and its article, and `text` is
# stored only where it is not the slice of its sentence that the offsets name (else null: the view
# cuts it from `sentences.sentence`). Each looks its value up by `sentence_id` in a scalar subquery,
# which SQLite runs only when a query reads that column: a count or a facet reads the stored table
# alone. The copies left out were 3.2 of 18.9 MB of SQLite on 2,000 articles (`source` 1.9 MB,
# `article_id` 0.6, `text` 0.4, `type` 0.3), and their tables' article_id indexes 0.9 MB more (a
# changed part's rows are found by their sentence ids instead).
VIEWED = ("legal_refs", "dates", "numbers", "entities")
STORED = "_stored"  # suffix of the table a view reads
DERIVED = ("type", "article_id", "source")  # columns a view computes, never stored
RECORD_TYPE = {table: kind for kind, table in TABLE_OF.items()}


def fold_d(sql: str) -> str:
    """The SQL text `sql` with đ as d: FTS5's `remove_diacritics` folds every other Vietnamese mark,
    not đ, so the indexed text and every query are folded by this one expression."""
    return f"replace(replace({sql}, 'đ', 'd'), 'Đ', 'D')"


# What SQLite computes and never stores: the sentence with đ as d, the one column the search index
# reads (so `dak lak` finds `Đắk Lắk` without a second copy of each sentence).
FTS_COLUMN = "folded"
GENERATED = {"sentences": f"{FTS_COLUMN} TEXT GENERATED ALWAYS AS ({fold_d('sentence')}) VIRTUAL"}
CSV_TABLES = ("commitments", "failures")  # CSV by default; every table with csv="all"
# Columns a format leaves out because the reading side rebuilds them from what it keeps, so each
# text is stored once per format (`dx.load` rebuilds them; CSV, written with csv="all", has them all).
# SQLite keeps each sentence, where its full-text index and Datasette read it, and so not the
# articles' text as well (dx.load and articles.csv give the text whole).
OMITTED = {
    "parquet": {"articles": ("body", "captions"), "sentences": ("sentence",)},
    "sqlite": {"articles": ("text", "body", "captions")},
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


def _as_strings(values: list) -> list:
    """Text as it is, anything else as its text (nested values as JSON). One comprehension, not a
    call per cell: string columns hold most of a build's cells, and nearly all are text already."""
    return [v if v is None or isinstance(v, str) else str(_nested(v)) for v in values]


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
    """How one column's values become Parquet and CSV cells. Parquet takes nested values as JSON
    and dates as `date`; CSV writes ISO dates, lower-case booleans, integral floats without `.0`
    and empty cells for nulls (SQLite's come from the Parquet files: `TableFormat.sql_rows`)."""

    parquet: Convert
    csv: Convert

    @classmethod
    def of(cls, kind: str) -> Cells:
        parquet = {"string": _as_strings, "array": _as_strings, "object": _as_strings,
                   "date": _each(_as_date)}.get(kind, _same)
        csv = {"number": _each(_csv_number), "boolean": _each(_csv_bool), "date": _each(_iso)}.get(kind, _same)
        return cls(parquet, csv)


# ---------------------------------------------------------------------------------------------
# One table's rows as bytes (Parquet, CSV) and as SQLite rows


LONG = ("text", "body", "captions", "dropped", "sentence")  # columns whose cells can be any size


@dataclass(frozen=True)
class PartFiles:
    """One part of one table, encoded: its row count, its Parquet file, its CSV lines (no header),
    and the Parquet file's content as an Arrow table (what its SQLite rows are made from)."""

    table: str
    rows: int
    parquet: bytes
    csv: bytes | None
    arrow: pa.Table


class _NoPandas:
    """A finder that answers `import pandas` with ImportError (see `skip_pandas_probe`)."""

    @staticmethod
    def find_spec(name: str, *_: Any) -> None:
        if name == "pandas":
            raise ImportError("pandas is not needed to encode a part")


@cache
def skip_pandas_probe() -> None:
    """pyarrow asks once per process whether pandas is installed, on the first array built from
    Python objects, by importing it: 0.3-0.5 s in every process that encodes a part (a 1-row
    rebuild, each pool or Dask worker), for arrays that never hold a pandas object. Answer "no" to
    that one probe: pyarrow tries the import again whenever a DataFrame is asked of it
    (`to_pandas`, `from_pandas`), so those work as before."""
    if "pandas" in sys.modules:  # already paid for
        return
    sys.meta_path.insert(0, _NoPandas)  # type: ignore[arg-type]
    try:
        pa.array([], type=pa.int8())
    finally:
        sys.meta_path.remove(_NoPandas)  # type: ignore[arg-type]


class TableFormat:
    """How one table's rows become cells in each format: the column plan, each column's conversion,
    the Parquet schema, and the columns each format keeps (`OMITTED`). Small and picklable: it
    travels to the workers that encode parts."""

    def __init__(self, name: str, columns: list[Column], csv_too: bool) -> None:
        self.name, self.columns, self.csv_too = name, columns, csv_too
        self.names = [c.name for c in columns]
        self.in_parquet, self.in_sql = self._kept("parquet"), self._kept("sqlite")
        self.viewed = name in VIEWED
        self.sql_table = name + STORED if self.viewed else name  # the SQLite table holding the rows
        if self.viewed:  # SQLite shows every column of `in_sql`, and stores these
            self.stored = [i for i in self.in_sql if columns[i].name not in DERIVED]
        else:
            self.stored = self.in_sql
        self.schema = pa.schema([pa.field(columns[i].name, ARROW_TYPES[columns[i].type]) for i in self.in_parquet])
        # min/max statistics of a long text column would copy two whole texts into every part's footer
        self.stats = [columns[i].name for i in self.in_parquet if columns[i].name not in LONG]
        self.encodings = {f.name: INTEGER_ENCODING for f in self.schema if pa.types.is_integer(f.type)}

    def _kept(self, fmt: str) -> list[int]:
        left_out = OMITTED.get(fmt, {}).get(self.name, ())
        return [i for i, c in enumerate(self.columns) if c.name not in left_out]

    def batches(self, rows: list[dict]) -> Iterator[list[list]]:
        """`rows` converted for Parquet a batch at a time, column by column (each column's cells
        gathered straight from the rows, no row-wise copy to transpose)."""
        for batch in self._row_groups(rows):
            yield [Cells.of(c.type).parquet([r.get(c.name) for r in batch]) for c in self.columns]

    def _row_groups(self, rows: list[dict]) -> Iterator[list[dict]]:
        """`rows` cut into row groups: BATCH_ROWS rows, or fewer when they are long texts, so
        memory stays bounded."""
        long = [n for n in self.names if n in LONG]
        start, chars = 0, 0
        for i, row in enumerate(rows):
            chars += sum(map(len, filter(None, map(row.get, long))))
            if i + 1 - start >= BATCH_ROWS or chars >= BATCH_CHARS or i + 1 == len(rows):
                yield rows[start:i + 1]
                start, chars = i + 1, 0

    def encode(self, rows: list[dict]) -> PartFiles:
        """One part's Parquet file and CSV lines (when the table has a CSV file)."""
        skip_pandas_probe()
        sink, text, tables = pa.BufferOutputStream(), io.StringIO(), []
        # store_schema=False: no copy of the Arrow schema in each footer (the Parquet schema gives the
        # same types back), which is most of a small part's bytes
        with pq.ParquetWriter(sink, self.schema, compression="zstd", compression_level=ZSTD_LEVEL,
                              write_statistics=self.stats, store_schema=False, use_dictionary=False,
                              column_encoding=self.encodings) as parquet:
            for columns in self.batches(rows):
                arrays = [pa.array(columns[i], type=f.type) for i, f in zip(self.in_parquet, self.schema)]
                tables.append(pa.Table.from_arrays(arrays, schema=self.schema))
                parquet.write_table(tables[-1])
                if self.csv_too:
                    cells = [Cells.of(c.type).csv(v) for c, v in zip(self.columns, columns)]
                    csv.writer(text, lineterminator="\n").writerows(zip(*cells))
        csv_bytes = text.getvalue().encode("utf-8") if self.csv_too else None
        arrow = pa.concat_tables(tables) if tables else self.schema.empty_table()
        return PartFiles(self.name, len(rows), sink.getvalue().to_pybytes(), csv_bytes, arrow)

    @cached_property
    def empty(self) -> PartFiles:
        """A part without rows (most parts of a small corpus), encoded once."""
        return self.encode([])

    def header(self) -> bytes:
        text = io.StringIO()
        csv.writer(text, lineterminator="\n").writerow(self.names)
        return text.getvalue().encode("utf-8")

    def sql_rows(self, table: pa.Table, texts: dict[str, str] | None = None) -> Iterator[tuple]:
        """The SQLite table's rows (its `stored` columns) from a part's Parquet `table`: dates as
        ISO text, and a column Parquet leaves out rebuilt (a sentence cut from its article's text in
        `texts`)."""
        columns = []
        for i in self.stored:
            name = self.columns[i].name
            if name not in table.column_names:
                columns.append(self._rebuilt(name, table, texts or {}))
            elif self.columns[i].type == "date":  # not Arrow's cast, whose import (pyarrow.compute) costs 0.06 s a process
                columns.append([_iso(v) for v in table.column(name).to_pylist()])
            else:
                columns.append(table.column(name).to_pylist())
        return zip(*columns)

    def _rebuilt(self, name: str, table: pa.Table, texts: dict[str, str]) -> list:
        if (self.name, name) != ("sentences", "sentence"):
            raise ValueError(f"{self.name}.{name}: not in Parquet and not rebuilt")
        spans = zip(table.column("article_id").to_pylist(), table.column("start").to_pylist(), table.column("end").to_pylist())
        return [texts[a][s:e] for a, s, e in spans]

    def view(self) -> str | None:
        """The SQL of the view showing a `VIEWED` table with every SQLite column, in order (see
        `VIEWED`); None for a table SQLite stores as it is."""
        if not self.viewed:
            return None
        derived = {"type": f"'{RECORD_TYPE[self.name]}'",
                   "article_id": f"(SELECT s.article_id FROM sentences s WHERE {_OF_SENTENCE})",
                   "source": "(SELECT a.source FROM sentences s JOIN articles a ON a.article_id = s.article_id "
                             f"WHERE {_OF_SENTENCE})",
                   "text": f'coalesce(r."text", (SELECT {SPAN_IN_SENTENCE} FROM sentences s WHERE {_OF_SENTENCE}))'}
        shown = [f'{derived[c]} AS "{c}"' if c in derived else f'r."{c}"' for c in (self.columns[i].name for i in self.in_sql)]
        return f'CREATE VIEW "{self.name}" AS SELECT {", ".join(shown)} FROM "{self.sql_table}" r'


_OF_SENTENCE = "s.sentence_id = r.sentence_id"
# A record's span cut from its sentence `s` (SQLite counts characters, as Python's offsets do): what
# the view shows where the stored `text` is null, and what a part's rows are checked against.
SPAN_IN_SENTENCE = 'substr(s.sentence, r."start" - s."start" + 1, r."end" - r."start")'
