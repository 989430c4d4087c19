"""The files of a dataset folder: each table as Parquet parts, CSV (main tables) and a SQLite
table, the sentences' full-text index and `datapackage.json` with the partitions' manifest.

Rows arrive already sorted, one part and one article at a time, and go straight to every format
in batches, so memory stays flat however large the corpus. Nothing time-dependent is written,
so the same rows give byte-identical CSV and Parquet files, whether a part is written or reused.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from .partitions import PARTS, WHOLE, part_file, part_range
from .schema import line_roles
from .writers import (ARROW_TYPES, BATCH_CHARS, BATCH_ROWS, CSV_TABLES, EXTRA_INDEXED, FTS_TABLE, GENERATED, INDEXED,
                      OMITTED, PRIMARY_KEY, SCHEMA, SQL_TYPES, SQLITE_NAME, Cells, Column)

# ---------------------------------------------------------------------------------------------
# One table, three formats

_LONG = ("text", "body", "captions", "dropped", "sentence")  # columns whose cells can be any size


def _kept(table: str, fmt: str, columns: list[Column]) -> list[int]:
    """The positions of the columns a format stores (all but the OMITTED ones)."""
    left_out = OMITTED.get(fmt, {}).get(table, ())
    return [i for i, c in enumerate(columns) if c.name not in left_out]


class TableSink:
    """Writes one table, a part at a time: `<table>.parquet/part-NN.parquet`, the SQLite table and,
    when asked, `<table>.csv` (one file; each part's byte span kept, so an unchanged part is copied).
    Rows come with every planned column; each format keeps its own (`writers.OMITTED`)."""

    def __init__(self, folder: Path, name: str, columns: list[Column], db: sqlite3.Connection, csv_too: bool,
                 create: bool) -> None:
        self.name, self.columns, self.db = name, columns, db
        self.part_rows: dict[int, int] = {}
        self.csv_spans: dict[int, list[int]] = {}  # part -> [offset, length] in the CSV file
        self._names = [c.name for c in columns]
        self._cells = [Cells.of(c.type) for c in columns]
        self._long = [c.name for c in columns if c.name in _LONG]
        self._in_parquet, self._in_sql = _kept(name, "parquet", columns), _kept(name, "sqlite", columns)
        self._buffer: list[list[Any]] = []
        self._chars = 0
        self.dir = folder / f"{name}.parquet"
        self.dir.mkdir()
        self.csv_path = folder / f"{name}.csv" if csv_too else None
        self._csv_file = self.csv_path.open("wb") if self.csv_path else None
        self._write_csv([self._names])
        self._schema = pa.schema([pa.field(columns[i].name, ARROW_TYPES[columns[i].type]) for i in self._in_parquet])
        # min/max statistics of a long text column would copy two whole texts into every part's footer
        self._stats = [columns[i].name for i in self._in_parquet if columns[i].name not in _LONG]
        self._parquet: pq.ParquetWriter | None = None
        self._part: int | None = None
        self._part_start = 0
        if create:
            db.execute(f'CREATE TABLE "{name}" ({sql_columns(name, [columns[i] for i in self._in_sql])})')
        self._insert = f'INSERT INTO "{name}" VALUES ({", ".join("?" * len(self._in_sql))})'

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
        self._parquet = pq.ParquetWriter(self.dir / part_file(part), self._schema, compression="zstd",
                                         write_statistics=self._stats)

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
        _link_or_copy(old / self.dir.name / part_file(part), self.dir / part_file(part))
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
        arrays = [pa.array(columns[i], type=f.type) for i, f in zip(self._in_parquet, self._schema)]
        self._parquet.write_table(pa.Table.from_arrays(arrays, schema=self._schema))
        if self._csv_file:
            self._write_csv(zip(*[cells.csv(values) for cells, values in zip(self._cells, columns)]))
        self.db.executemany(self._insert, zip(*[self._cells[i].sql(columns[i]) for i in self._in_sql]))

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


def _link_or_copy(src: Path, dst: Path) -> None:
    """A hard link (no bytes written) where the file system has them, else a copy."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)


def sql_columns(table: str, columns: list[Column]) -> str:
    """The SQLite column definitions of a table: an integer primary key is the rowid (the key the
    full-text index refers to), and GENERATED columns come last (INSERT ... VALUES skips them)."""
    key = PRIMARY_KEY.get(table)
    defs = [f'"{c.name}" {SQL_TYPES.get(c.type, "TEXT")}' + (" PRIMARY KEY" if c.name == key and c.type == "integer" else "")
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
        return [sink for name, sink in self.sinks.items() if name not in WHOLE]

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
        self.sinks["articles"].add({**article, "line_roles": line_roles(article["text"], article["body"], article["captions"])})
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
        **({"dxextract": {"omitted": omitted}} if (omitted := _omitted(sink.name)) else {}),
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


def _omitted(table: str) -> dict[str, list[str]]:
    """Per format, the columns of `table` it leaves out (rebuilt when read), for the data package."""
    return {fmt: list(tables[table]) for fmt, tables in OMITTED.items() if table in tables}


def _sha256(paths: list[Path]) -> str:
    """The hash of the files' bytes, one after the other."""
    h = hashlib.sha256()
    for path in paths:
        with path.open("rb") as f:
            while block := f.read(1 << 20):
                h.update(block)
    return h.hexdigest()
