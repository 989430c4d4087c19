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
import io
import json
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from .partitions import PARTS, part_file, part_range

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
CSV_TABLES = ("articles", "commitments", "failures")  # CSV by default; every table with csv="all"


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a Frictionless field type: string, integer, number, boolean, date, array, object
    description: str


def _cols(*spec: tuple[str, str, str]) -> list[Column]:
    return [Column(*s) for s in spec]


_RECORD = _cols(
    ("type", "string", "Record type (SCHEMA.md)."),
    ("article_id", "string", "Stable id of the article the record comes from (articles.article_id)."),
    ("source", "string", "Input path or URL the article was read from."),
    ("start", "integer", "Start offset of the span in articles.text (Python string index)."),
    ("end", "integer", "End offset of the span in articles.text (exclusive)."),
    ("text", "string", "The exact span: articles.text[start:end]."),
    ("sentence_id", "integer", "The sentence the span sits in (sentences.sentence_id)."),
)
_SENTENCE = _cols(("sentence", "string", "The full sentence the span sits in."))
_QUANTITY = _cols(
    ("value", "number", "The quantity (46,14% is 46.14; 2.000 tỷ đồng is 2e12)."),
    ("value_max", "number", "Upper end of a range, else empty."),
    ("of", "number", "Denominator of a fraction or ranking (30/63 -> 63), else empty."),
    ("unit", "string", "percent, vnd (or another ISO currency code in lower case), count, rank, score, other."),
    ("comparator", "string", ">=, >, <=, <, ~ or =."),
    ("change", "string", "+ or - when the figure is a change (tăng 6 bậc, giảm 3,1%), not a level; else empty."),
)

SCHEMA: dict[str, list[Column]] = {
    "articles": _cols(
        ("article_id", "string", "Stable hash of the URL, else of the JSON Lines row id and file name, else of the text."),
        ("source", "string", "Input path or URL the article was read from."),
        ("url", "string", "The article's URL when known."),
        ("outlet", "string", "Publishing outlet when known."),
        ("title", "string", "Title line."),
        ("published", "date", "Publication date."),
        ("published_inferred", "boolean", "True when the publication date was inferred from dates in the text."),
        ("text", "string", "Normalized text (title, stamp, body, captions) that every record offset indexes."),
        ("body", "string", "Title, lead and body paragraphs only: the clean reading text."),
        ("captions", "string", "Photo captions, one per line."),
        ("dropped", "string", "Page furniture set aside (counters, share bars, related links), one per line."),
        ("row_id", "string", "The `id` of the JSON Lines row the article was read from (its source is file.jsonl#id)."),
    ),
    "sentences": _cols(
        ("sentence_id", "integer", "Stable id of the sentence: a 63-bit hash of (article_id, start, end)."),
        ("article_id", "string", "The article it comes from (articles.article_id)."),
        ("start", "integer", "Start offset of the sentence in articles.text."),
        ("end", "integer", "End offset of the sentence in articles.text (exclusive)."),
        ("sentence", "string", "The sentence: articles.text[start:end]."),
    ),
    "commitments": _RECORD + _SENTENCE + _cols(
        ("kind", "string", "target or actual."),
        ("province", "string", "Canonical province (63-unit legacy names) the figure is about; empty for national figures."),
        ("province_2025", "string", "The province it belongs to after the 1 July 2025 merger (34 units)."),
        ("indicator", "string", "The measured thing, as a short Vietnamese phrase from the text."),
        ("level", "string", "tinh, huyen, xa or bo when the text scopes it."),
        ("pillar", "string", "chinh_quyen_so, kinh_te_so, xa_hoi_so or do_thi_thong_minh."),
    ) + _QUANTITY + _cols(
        ("deadline", "string", "For targets: ISO date, month or year it is due."),
        ("as_of", "string", "For actuals: ISO date the figure is stated for (the article's date when the text states none)."),
        ("as_of_inferred", "boolean", "True when as_of is the article's publication date, not a date the text states."),
        ("basis", "string", "ref of the legal document the commitment comes from."),
        ("id", "string", "Stable hash of (article_id, start, end, kind, province)."),
        ("year", "integer", "Year of the deadline, else of as_of (for filtering and indexing)."),
    ),
    "legal_refs": _RECORD + _cols(
        ("doc_type", "string", "Full Vietnamese name of the kind of document (Quyết định, Nghị quyết, ...)."),
        ("number", "string", "Its number as written, leading zeros kept."),
        ("symbol", "string", "The symbol after the number, upper case (QĐ-UBND)."),
        ("ref", "string", "number/symbol without spaces (3330/QĐ-UBND), or the number alone."),
        ("issuer", "string", "Issuing body when stated or implied by the symbol."),
        ("issued", "string", "ISO date of signing when stated."),
        ("province", "string", "Canonical province of the issuer; empty for national bodies."),
    ),
    "dates": _RECORD + _cols(
        ("value", "string", "ISO value at its stated precision (2021-11-29, 2022-08, 2024-Q3, 2025)."),
        ("end_value", "string", "End of a range, else empty."),
        ("precision", "string", "day, month, quarter or year."),
        ("relation", "string", "on, by, from, during, or empty."),
        ("year_inferred", "boolean", "True when the year was not written and came from context."),
    ),
    "numbers": _RECORD + _QUANTITY,
    "entities": _RECORD + _cols(
        ("label", "string", "PROVINCE, LOC, ORG or PER."),
        ("norm", "string", "Canonical form (province name; expanded organisation name)."),
    ),
    "failures": _cols(
        ("source", "string", "Input that was skipped (path; path#L<line> for a JSON Lines row; path#URL for a WARC record; or URL)."),
        ("reason", "string", "Why it was skipped."),
    ),
}

# Fields outside SCHEMA.md that the library is known to emit.
EXTRA_DESCRIPTIONS = {
    "url": "The article's URL when known.",
    "author": "Author named in the article, when found.",
    "credit": "Byline or credit line, when found.",
    "province": "The outlet's home province (index.csv sidecar), a hint for attribution.",
    "article_id": "Id of the article, when the failure happened after reading it.",
}
EXTRA_DEFAULT = "Extra field emitted by the extractors (not in SCHEMA.md)."

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
    """Writes one table, a part at a time: `<table>.parquet/part-NN.parquet`, the SQLite table and,
    when asked, `<table>.csv` (one file; each part's byte span kept, so an unchanged part is copied)."""

    def __init__(self, folder: Path, name: str, columns: list[Column], db: sqlite3.Connection, csv_too: bool,
                 create: bool) -> None:
        self.name, self.columns, self.db = name, columns, db
        self.part_rows: dict[int, int] = {}
        self.csv_spans: dict[int, list[int]] = {}  # part -> [offset, length] in the CSV file
        self._names = [c.name for c in columns]
        self._cells = [Cells.of(c.type) for c in columns]
        self._long = [c.name for c in columns if c.name in _LONG]
        self._buffer: list[list[Any]] = []
        self._chars = 0
        self.dir = folder / f"{name}.parquet"
        self.dir.mkdir()
        self.csv_path = folder / f"{name}.csv" if csv_too else None
        self._csv_file = self.csv_path.open("wb") if self.csv_path else None
        self._write_csv([self._names])
        self._schema = pa.schema([pa.field(c.name, _ARROW[c.type]) for c in columns])
        self._parquet: pq.ParquetWriter | None = None
        self._part: int | None = None
        self._part_start = 0
        if create:
            db.execute(f'CREATE TABLE "{name}" ({sql_columns(name, columns)})')
        self._insert = f'INSERT INTO "{name}" VALUES ({", ".join("?" * len(columns))})'

    @property
    def rows(self) -> int:
        return sum(self.part_rows.values())

    @property
    def part_files(self) -> list[Path]:
        return sorted(self.dir.iterdir())

    def begin(self, part: int) -> None:
        """Start writing `part` (its Parquet file, its span of the CSV)."""
        self.end()
        self._part, self.part_rows[part] = part, 0
        self._part_start = self._csv_file.tell() if self._csv_file else 0
        self._parquet = pq.ParquetWriter(self.dir / part_file(part), self._schema, compression="zstd")

    def end(self) -> None:
        """Finish the part being written (nothing when none is)."""
        if self._part is None:
            return
        self.flush()
        self._parquet.close()
        if self._csv_file:
            self.csv_spans[self._part] = [self._part_start, self._csv_file.tell() - self._part_start]
        self._part = self._parquet = None

    def reuse(self, part: int, old: Path, rows: int, span: list[int] | None) -> None:
        """Take `part` unchanged from the dataset folder `old`: its Parquet file linked, its CSV bytes copied."""
        self.end()
        os.link(old / self.dir.name / part_file(part), self.dir / part_file(part))
        self.part_rows[part] = rows
        if self._csv_file and span is not None:
            start = self._csv_file.tell()
            with (old / self.csv_path.name).open("rb") as f:
                f.seek(span[0])
                self._csv_file.write(f.read(span[1]))
            self.csv_spans[part] = [start, span[1]]

    def add(self, row: dict) -> None:
        self._buffer.append([row.get(n) for n in self._names])
        self._chars += sum(len(row.get(n) or "") for n in self._long)
        if len(self._buffer) >= BATCH_ROWS or self._chars >= BATCH_CHARS:
            self.flush()

    def flush(self) -> None:
        if not self._buffer:
            return
        rows, self._buffer, self._chars = self._buffer, [], 0
        self.part_rows[self._part] += len(rows)
        columns = [cells.parquet(list(values)) for cells, values in zip(self._cells, zip(*rows))]
        arrays = [pa.array(values, type=f.type) for values, f in zip(columns, self._schema)]
        self._parquet.write_table(pa.Table.from_arrays(arrays, schema=self._schema))
        self._write_csv(zip(*[cells.csv(values) for cells, values in zip(self._cells, columns)]))
        self.db.executemany(self._insert, zip(*[cells.sql(values) for cells, values in zip(self._cells, columns)]))

    def _write_csv(self, rows: Iterable[Iterable[Any]]) -> None:
        if self._csv_file:
            text = io.StringIO()
            csv.writer(text, lineterminator="\n").writerows(rows)
            self._csv_file.write(text.getvalue().encode("utf-8"))

    def close(self, index: bool) -> None:
        """Finish the files; `index`: create the SQLite indexes (a fresh database)."""
        self.end()
        if self._csv_file:
            self._csv_file.close()
        for col in (*INDEXED, *EXTRA_INDEXED.get(self.name, ())):
            if index and col in self._names and PRIMARY_KEY.get(self.name) != col:
                self.db.execute(f'CREATE INDEX "idx_{self.name}_{col}" ON "{self.name}" ("{col}")')


def sql_columns(table: str, columns: list[Column]) -> str:
    """The SQLite column definitions of a table: an integer primary key is the rowid (the key the
    full-text index refers to), and GENERATED columns come last (INSERT ... VALUES skips them)."""
    key = PRIMARY_KEY.get(table)
    defs = [f'"{c.name}" {_SQL.get(c.type, "TEXT")}' + (" PRIMARY KEY" if c.name == key and c.type == "integer" else "")
            for c in columns]
    return ", ".join(defs + ([GENERATED[table]] if table in GENERATED else []))


# ---------------------------------------------------------------------------------------------
# The whole dataset


class DatasetWriter:
    """All tables of one dataset folder, a part at a time, the sentence search index and the data
    package. `csv`: "main" writes CSV_TABLES as CSV too, "all" every table (Parquet and SQLite
    always). `previous`: the dataset folder whose unchanged parts `keep` reuses; its SQLite file
    is copied and brought up to date part by part (None: a fresh dataset)."""

    def __init__(self, folder: Path, columns: dict[str, list[Column]], csv: str = "main",
                 previous: Path | None = None) -> None:
        self.folder, self.previous = folder, previous
        if previous is not None:
            shutil.copyfile(previous / SQLITE_NAME, folder / SQLITE_NAME)
        self.db = sqlite3.connect(folder / SQLITE_NAME)
        self.db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")
        self.sinks = {name: TableSink(folder, name, columns[name], self.db, csv == "all" or name in CSV_TABLES,
                                      create=previous is None) for name in SCHEMA}
        self._range: tuple[str, str | None] | None = None

    def _article_sinks(self) -> list[TableSink]:
        return [sink for name, sink in self.sinks.items() if name != "failures"]

    def keep(self, part: int, manifest: dict) -> None:
        """Reuse `part` of every article table from the previous dataset (`manifest`: its partitions)."""
        for sink in self._article_sinks():
            table = manifest["tables"][sink.name]
            sink.reuse(part, self.previous, table["rows"][part], (table.get("csv") or [None] * PARTS)[part])

    def begin(self, part: int) -> None:
        """Write `part` anew: its old rows (and their search entries) leave the SQLite file first."""
        self.end()
        self._range = lo, hi = part_range(part)
        if self.previous is not None:
            where = "WHERE article_id >= ? AND (? IS NULL OR article_id < ?)"
            self.db.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, sentence, folded) "
                            f"SELECT 'delete', sentence_id, sentence, folded FROM sentences {where}", (lo, hi, hi))
            for sink in self._article_sinks():
                self.db.execute(f'DELETE FROM "{sink.name}" {where}', (lo, hi, hi))
        for sink in self._article_sinks():
            sink.begin(part)

    def end(self) -> None:
        """Finish the part being written; in an updated SQLite file, index its new sentences."""
        if self._range is None:
            return
        for sink in self._article_sinks():
            sink.end()
        if self.previous is not None:
            lo, hi = self._range
            self.db.execute(f"INSERT INTO {FTS_TABLE}(rowid, sentence, folded) SELECT sentence_id, sentence, folded "
                            "FROM sentences WHERE article_id >= ? AND (? IS NULL OR article_id < ?)", (lo, hi, hi))
        self._range = None

    def add_article(self, article: dict, tables: dict[str, list[dict]], sentences: list[list[int]]) -> None:
        """One article's row, its records by table, and its sentences as [sentence_id, start, end]."""
        self.sinks["articles"].add(article)
        for name, rows in tables.items():
            for row in rows:
                self.sinks[name].add(row)
        text, aid, sink = article["text"], article["article_id"], self.sinks["sentences"]
        for sid, s, e in sentences:
            sink.add({"sentence_id": sid, "article_id": aid, "start": s, "end": e, "sentence": text[s:e]})

    def add_failures(self, rows: Iterable[dict]) -> None:
        """Every failure of the run (one part, always rewritten: failures are few)."""
        self.end()
        if self.previous is not None:
            self.db.execute("DELETE FROM failures")
        sink = self.sinks["failures"]
        sink.begin(0)
        for row in rows:
            sink.add(row)
        sink.end()

    def close(self, package: dict, layout_key: str, part_digests: list[str]) -> dict[str, int]:
        """Finish every file and the search index, write `datapackage.json` (with the partitions'
        manifest); the row count of each table."""
        self.end()
        for sink in self.sinks.values():
            sink.close(index=self.previous is None)
        if self.previous is None:
            self._index_sentences()
        self.db.commit()
        self.db.close()
        package["resources"] = [resource(self.folder, sink) for sink in self.sinks.values()]
        package.setdefault("dxextract", {})["partitions"] = {
            "layout": layout_key, "parts": part_digests,
            "tables": {name: {"rows": [sink.part_rows.get(p, 0) for p in range(PARTS)],
                              **({"csv": [sink.csv_spans.get(p) for p in range(PARTS)]} if sink.csv_path else {})}
                       for name, sink in self.sinks.items()},
        }
        text = json.dumps(package, ensure_ascii=False, indent=2) + "\n"
        (self.folder / "datapackage.json").write_text(text, encoding="utf-8")
        return {name: sink.rows for name, sink in self.sinks.items()}

    def _index_sentences(self) -> None:
        """FTS5 over the sentences table with external content: the index keeps tokens only, and
        reads each sentence (and its đ-folded twin) from the table. `content="sentences"` in double
        quotes is what Datasette looks for to offer a search box on the sentences table."""
        self.db.execute(f'CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(sentence, folded, content="sentences", '
                        "content_rowid=\"sentence_id\", tokenize = 'unicode61 remove_diacritics 2')")
        self.db.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


def resource(folder: Path, sink: TableSink) -> dict:
    """The Frictionless resource describing one table: its CSV when written (its Parquet parts
    named alongside), else its Parquet parts (a multipart resource)."""
    files = [sink.csv_path] if sink.csv_path else sink.part_files
    fmt = {"format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
           "dialect": {"delimiter": ",", "lineTerminator": "\n", "quoteChar": '"', "header": True}}
    res = {
        "name": sink.name,
        "path": files[0].name if sink.csv_path else [str(f.relative_to(folder)) for f in files],
        "profile": "tabular-data-resource",
        **(fmt if sink.csv_path else {"format": "parquet", "mediatype": "application/vnd.apache.parquet"}),
        "bytes": sum(f.stat().st_size for f in files),
        "hash": "sha256:" + _sha256(files),
        "parquet": f"{sink.name}.parquet",
        "rows": sink.rows,
        "schema": {
            "fields": [{"name": c.name, "type": c.type, "description": c.description} for c in sink.columns],
            "missingValues": [""],
        },
    }
    if sink.name in PRIMARY_KEY:
        res["schema"]["primaryKey"] = [PRIMARY_KEY[sink.name]]
    keys = [(col, table) for col, table in (("article_id", "articles"), ("sentence_id", "sentences"))
            if col in {c.name for c in sink.columns} and table != sink.name and sink.name != "failures"]
    if keys:
        res["schema"]["foreignKeys"] = [{"fields": [col], "reference": {"resource": table, "fields": [col]}}
                                        for col, table in keys]
    return res


def _sha256(paths: list[Path]) -> str:
    """The hash of the files' bytes, one after the other."""
    h = hashlib.sha256()
    for path in paths:
        with path.open("rb") as f:
            while block := f.read(1 << 20):
                h.update(block)
    return h.hexdigest()
