"""The files of a dataset folder: each table as Parquet parts, CSV (main tables) and a SQLite
table, the sentences' full-text index and `datapackage.json` with the partitions' manifest.

A part of every article table is written from its articles' cached results by `write_part`, in a
worker of the build (a process of the pool, or a Dask worker: it reads the results from the
cache and writes the part's Parquet files and CSV lines into the new dataset folder itself, and
sends back row counts), while the build's own process fills the SQLite file from the Parquet
parts already written (`DatasetWriter.to_sqlite`). Nothing time-dependent is written, so the same
rows give byte-identical CSV and Parquet files, whether a part is written or reused, and
wherever it was written.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
from collections.abc import Iterable
from pathlib import Path

import orjson

from .cache import decompress, store_at
from .partitions import PARTS, WHOLE, part_file, part_range
from .schema import line_roles
from .writers import (CSV_TABLES, EXTRA_INDEXED, FTS_COLUMN, FTS_TABLE, GENERATED, INDEXED, OMITTED, PRIMARY_KEY, SCHEMA,
                      SPAN_IN_SENTENCE, SQL_TYPES, SQLITE_NAME, UNINDEXED, Column, PartFiles, TableFormat)

# ---------------------------------------------------------------------------------------------
# A part's rows, from its articles' cached results


PART_BITS = 40
PART_IDS = 1 << PART_BITS  # sentence ids per part: a part's sentences are numbered from part * PART_IDS + 1


def part_rows(payloads: Iterable[tuple[bytes, str]], part: int = 0) -> dict[str, list[dict]]:
    """The rows of every article table of `part` from cached results (payload, this run's
    source), in order. Its sentences are numbered in (article_id, start) order from the part's
    first id, and records point to theirs by that number: the ids of a part depend on its
    articles alone (an unchanged part keeps them), and follow one another, so the full-text
    index, which stores the gaps between ids, stays small."""
    tables: dict[str, list[dict]] = {name: [] for name in SCHEMA if name not in WHOLE}
    number = part * PART_IDS
    for blob, source in payloads:
        p = orjson.loads(decompress(blob))
        article, text = p["article"], p["article"]["text"]
        tables["articles"].append({**article, "source": source,
                                   "line_roles": line_roles(text, article["body"], article["captions"])})
        ids = {sid: number + i for i, (sid, _, _) in enumerate(p["sentences"], 1)}
        number += len(ids)
        for name, rows in p["tables"].items():  # cache keys leave the source out
            tables[name].extend({**row, "source": source, "sentence_id": ids[row["sentence_id"]]} for row in rows)
        aid = article["article_id"]
        tables["sentences"].extend({"sentence_id": ids[sid], "article_id": aid, "start": s, "end": e, "sentence": text[s:e]}
                                   for sid, s, e in p["sentences"])
    return tables


def write_part(formats: dict[str, TableFormat], part: int, entries: list[tuple[str, str]], cache: str,
               folder: str) -> dict[str, int]:
    """One part of every article table, from the cached results of its articles ((entry key,
    source) in article_id order), written into the dataset `folder`: its Parquet files and CSV
    lines (`.csv-parts/`, joined by the writer). What a build's worker does; the row counts back."""
    payloads = store_at(cache).payloads([key for key, _ in entries])
    rows = part_rows(zip(payloads, (source for _, source in entries)), part)
    files = {name: formats[name].encode(table_rows) for name, table_rows in rows.items()}
    sqlite_part(formats, files, Path(folder) / SQLITE_PARTS / f"part-{part:02d}.sqlite")
    return {name: _write(Path(folder), part, f) for name, f in files.items()}


def write_parts(formats: dict[str, TableFormat], parts: list[tuple[int, list[tuple[str, str]]]], cache: str,
                folder: str) -> list[tuple[int, dict[str, int]]]:
    """Several parts (`write_part` each: (part, its entries)), one task of a worker: a task costs
    the build's process its scheduling (on Dask ~5 ms of its CPU each, which a 2-core machine takes
    from the workers), a part ~30 ms of a worker's; (part, row counts) of each."""
    return [(part, write_part(formats, part, entries, cache, folder)) for part, entries in parts]


def sqlite_part(formats: dict[str, TableFormat], files: dict[str, PartFiles], path: Path) -> None:
    """A part's SQLite rows as a small file of its own, made from its Parquet files' content (a
    sentence cut from its article's text; a record's `text` left out where its sentence gives it,
    see `writers.VIEWED`): the build's process only copies them in, in SQL."""
    texts = dict(zip(*(files["articles"].arrow.column(c).to_pylist() for c in ("article_id", "text")))) \
        if "articles" in files else {}
    with contextlib.closing(sqlite3.connect(path)) as db:
        db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")  # a scratch file
        for name, f in files.items():
            fmt = formats[name]
            names = _sql_names(fmt)
            if name == "sentences":  # the records' sentences, found by id below
                names = [n + " INTEGER PRIMARY KEY" if n == '"sentence_id"' else n for n in names]
            db.execute(f'CREATE TABLE "{fmt.sql_table}" ({", ".join(names)})')
            db.executemany(f'INSERT INTO "{fmt.sql_table}" VALUES ({", ".join("?" * len(fmt.stored))})', fmt.sql_rows(f.arrow, texts))
        if "sentences" in files:
            for fmt in (formats[name] for name in files if formats[name].viewed):
                db.execute(f'UPDATE "{fmt.sql_table}" AS r SET "text" = NULL WHERE "text" = '
                           f"(SELECT {SPAN_IN_SENTENCE} FROM sentences s WHERE s.sentence_id = r.sentence_id)")
        db.commit()


def _sql_names(fmt: TableFormat) -> list[str]:
    """The quoted names of the columns SQLite stores of `fmt`'s table, in order."""
    return [f'"{fmt.columns[i].name}"' for i in fmt.stored]


def _csv_part(folder: Path, name: str, part: int) -> Path:
    """Where a part's CSV lines wait in the dataset `folder` until `close` joins them."""
    return folder / ".csv-parts" / f"{name}-{part:02d}.csv"


def _write(folder: Path, part: int, files: PartFiles) -> int:
    """One table's part files into the dataset folder; its row count."""
    name = files.table
    (folder / f"{name}.parquet" / part_file(part)).write_bytes(files.parquet)
    if files.csv is not None:
        _csv_part(folder, name, part).write_bytes(files.csv)
    return files.rows


# ---------------------------------------------------------------------------------------------
# The whole dataset


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


_IN_PART = "WHERE article_id >= ? AND (? IS NULL OR article_id < ?)"
_PART_SENTENCES = "WHERE sentence_id > ? AND sentence_id <= ?"  # a part's sentences, by their ids (PART_IDS)


def part_ids(part: int) -> tuple[int, int]:
    """The sentence ids of `part`: lo < sentence_id <= hi (the rows' primary key, no other index)."""
    return part * PART_IDS, (part + 1) * PART_IDS
STAGED = ".changed-parts.sqlite"  # an updated dataset's new rows, before they go into its SQLite file
SQLITE_PARTS = ".sqlite-parts"  # each written part's SQLite rows, until they are copied into the SQLite file


class DatasetWriter:
    """All tables of one dataset folder, the sentence search index and the data package. Parts
    come in any order: kept from the previous dataset (`keep`), or encoded (`put`) and put in the
    SQLite file (`to_sqlite`); `close` joins each CSV file in part order. `csv`: "main" writes
    CSV_TABLES as CSV too, "all" every table. `previous`: the dataset folder whose unchanged parts
    `keep` reuses (None: a fresh dataset). Its SQLite file, the one a running Datasette serves,
    is brought up to date by `close` in one short transaction (the changed parts' rows, staged in
    a file of their own meanwhile), then linked into the new folder: a reader sees the old tables
    or the new ones, and a changed row costs its parts, not a copy of the whole file."""

    def __init__(self, folder: Path, columns: dict[str, list[Column]], csv: str = "main",
                 previous: Path | None = None) -> None:
        self.folder, self.previous = folder, previous
        self.formats = {name: TableFormat(name, columns[name], csv == "all" or name in CSV_TABLES) for name in SCHEMA}
        self.part_rows: dict[str, dict[int, int]] = {name: {} for name in SCHEMA}
        self.csv_parts: dict[str, dict[int, Path | list[int]]] = {name: {} for name in SCHEMA}  # chunk file, or old span
        (folder / ".csv-parts").mkdir()
        (folder / SQLITE_PARTS).mkdir()
        for name in SCHEMA:
            (folder / f"{name}.parquet").mkdir()
        self.changed: list[int] = []  # the parts of the article tables put in SQLite
        self.first_empty: int | None = None  # the empty part whose files the others link to
        self.db = sqlite3.connect(folder / (SQLITE_NAME if previous is None else STAGED))
        # a new file, nobody reads it; INCREMENTAL: an update can give back the pages it freed (`_update_served`)
        self.db.executescript("PRAGMA auto_vacuum = INCREMENTAL; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")
        for name, fmt in self.formats.items():
            self.db.execute(f'CREATE TABLE "{fmt.sql_table}" ({sql_columns(name, [fmt.columns[i] for i in fmt.stored])})')
        if previous is None:
            for view in filter(None, (fmt.view() for fmt in self.formats.values())):
                self.db.execute(view)
            self._search_index()

    def keep(self, part: int, manifest: dict) -> None:
        """Reuse `part` of every article table from the previous dataset (`manifest`: its partitions)."""
        for name in self.formats:
            if name in WHOLE:
                continue
            table = manifest["tables"][name]
            _link_or_copy(self.previous / f"{name}.parquet" / part_file(part), self.folder / f"{name}.parquet" / part_file(part))
            self.part_rows[name][part] = table["rows"][part]
            span = (table.get("csv") or [None] * PARTS)[part]
            if self.formats[name].csv_too and span is not None:
                self.csv_parts[name][part] = span

    def written(self, part: int, counts: dict[str, int]) -> None:
        """`part` of each article table was written into the folder (by `write_part`, `counts`
        rows per table): note it, and put its rows in the SQLite file from its Parquet files."""
        for name, rows in counts.items():
            self.part_rows[name][part] = rows
            if self.formats[name].csv_too:
                self.csv_parts[name][part] = _csv_part(self.folder, name, part)
        self.to_sqlite(part, list(counts))

    def empty(self, part: int) -> None:
        """`part` of every article table has no article: its (empty) files, and no SQLite rows. The
        files of every empty part after the first are hard links to its files, the same bytes: a
        small corpus leaves most parts empty (one article: 63 parts, 630 files), and a file
        written costs ten times a link (0.2 ms against 0.02 on this project's machine)."""
        for name, fmt in self.formats.items():
            if name not in WHOLE:
                self.part_rows[name][part] = (_write(self.folder, part, fmt.empty) if self.first_empty is None
                                              else self._link_empty(fmt, part))
                if fmt.csv_too:
                    self.csv_parts[name][part] = _csv_part(self.folder, name, part)
        if self.first_empty is None:
            self.first_empty = part
        self.changed.append(part)  # an updated file loses the part's old rows

    def _link_empty(self, fmt: TableFormat, part: int) -> int:
        """`part`'s files of `fmt`'s table, linked to those of the first empty part; its row count (0)."""
        parquet = self.folder / f"{fmt.name}.parquet"
        _link_or_copy(parquet / part_file(self.first_empty), parquet / part_file(part))
        if fmt.csv_too:
            _link_or_copy(_csv_part(self.folder, fmt.name, self.first_empty), _csv_part(self.folder, fmt.name, part))
        return fmt.empty.rows

    def to_sqlite(self, part: int, tables: list[str]) -> None:
        """Copy `part`'s rows of `tables` (its file in SQLITE_PARTS, which goes) into the new SQLite
        file (or the staged rows of an updated one): SQL copying rows, no Python value per cell."""
        if set(tables) - set(WHOLE):
            self.changed.append(part)  # its rows replace the part's rows of an updated file
        path = self.folder / SQLITE_PARTS / f"part-{part:02d}.sqlite"
        self.db.execute("ATTACH DATABASE ? AS part", (str(path),))
        for name in tables:
            fmt = self.formats[name]
            columns = ", ".join(_sql_names(fmt))
            self.db.execute(f'INSERT INTO main."{fmt.sql_table}" ({columns}) SELECT {columns} FROM part."{fmt.sql_table}"')
        if self.previous is None and "sentences" in tables:
            self._index_part(part)
        self.db.commit()
        self.db.execute("DETACH DATABASE part")
        path.unlink()

    def add_failures(self, rows: list[dict]) -> None:
        """Every failure of the run (one part, always rewritten: failures are few)."""
        files = {name: self.formats[name].encode(rows) for name in WHOLE}
        sqlite_part(self.formats, files, self.folder / SQLITE_PARTS / f"part-{0:02d}.sqlite")
        for name, f in files.items():
            self.part_rows[name][0] = _write(self.folder, 0, f)
            if self.formats[name].csv_too:
                self.csv_parts[name][0] = _csv_part(self.folder, name, 0)
        self.to_sqlite(0, list(WHOLE))

    def close(self, package: dict, layout_key: str, part_digests: list[str]) -> dict[str, int]:
        """Finish every file and the search index, write `datapackage.json` (with the partitions'
        manifest); the row count of each table."""
        spans = {name: self._join_csv(name) for name, fmt in self.formats.items() if fmt.csv_too}
        shutil.rmtree(self.folder / ".csv-parts")
        shutil.rmtree(self.folder / SQLITE_PARTS)
        if self.previous is None:
            self._index()
        self.db.commit()
        self.db.close()
        if self.previous is not None:
            self._update_served()
        package["resources"] = [resource(self.folder, fmt, sum(self.part_rows[name].values()))
                                for name, fmt in self.formats.items()]
        package.setdefault("dxextract", {})["partitions"] = {
            "layout": layout_key, "parts": part_digests,
            "tables": {name: {"rows": [self.part_rows[name].get(p, 0) for p in range(PARTS)],
                              **({"csv": [spans[name].get(p) for p in range(PARTS)]} if name in spans else {})}
                       for name in self.formats},
        }
        text = json.dumps(package, ensure_ascii=False, indent=2) + "\n"
        (self.folder / "datapackage.json").write_text(text, encoding="utf-8")
        return {name: sum(rows.values()) for name, rows in self.part_rows.items()}

    def _update_served(self) -> None:
        """The previous dataset's SQLite file brought up to date in one transaction: the changed
        parts' rows (and their search entries) out, the staged rows in, their sentences indexed;
        then the pages left free given back (0.36 MB after two 1-row updates on 2,000 articles,
        otherwise kept in the file), and the file linked into the new folder (a running Datasette
        keeps the same file)."""
        served = self.previous / SQLITE_NAME
        with contextlib.closing(sqlite3.connect(served)) as db:
            db.execute("ATTACH DATABASE ? AS staged", (str(self.folder / STAGED),))
            for part in self.changed:
                (lo, hi), ids = part_range(part), part_ids(part)
                db.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {FTS_COLUMN}) "
                           f"SELECT 'delete', sentence_id, {FTS_COLUMN} FROM main.sentences {_PART_SENTENCES}", ids)
                for name, fmt in self.formats.items():
                    if name == "sentences":
                        db.execute(f'DELETE FROM main."{name}" {_PART_SENTENCES}', ids)
                    elif name not in WHOLE and not fmt.viewed:
                        db.execute(f'DELETE FROM main."{name}" {_IN_PART}', (lo, hi, hi))
            # a viewed table's rows have no article_id (nor an index): those of every changed part
            # go in one scan of the table, by the parts of their sentences' ids
            parts = ", ".join(str(p) for p in sorted(set(self.changed)))
            for fmt in (f for f in self.formats.values() if f.viewed and parts):
                db.execute(f'DELETE FROM main."{fmt.sql_table}" WHERE ((sentence_id - 1) >> {PART_BITS}) IN ({parts})')
            for name, fmt in self.formats.items():
                columns = ", ".join(_sql_names(fmt))
                if name in WHOLE:
                    db.execute(f'DELETE FROM main."{name}"')
                db.execute(f'INSERT INTO main."{fmt.sql_table}" ({columns}) SELECT {columns} FROM staged."{fmt.sql_table}"')
            db.execute(f"INSERT INTO {FTS_TABLE}(rowid, {FTS_COLUMN}) SELECT sentence_id, {FTS_COLUMN} "
                       "FROM main.sentences WHERE sentence_id IN (SELECT sentence_id FROM staged.sentences)")
            db.commit()
            db.execute("DETACH DATABASE staged")
            db.executescript("PRAGMA incremental_vacuum;")  # run to its end (execute frees one page)
        (self.folder / STAGED).unlink()
        os.link(served, self.folder / SQLITE_NAME)

    def _join_csv(self, name: str) -> dict[int, list[int]]:
        """`<name>.csv`: the header, then each part's lines in part order (new, or copied from the
        previous file); each part's [offset, length] in it."""
        spans: dict[int, list[int]] = {}
        with (self.folder / f"{name}.csv").open("wb") as out:
            out.write(self.formats[name].header())
            for part, where in sorted(self.csv_parts[name].items()):
                if isinstance(where, Path):
                    data = where.read_bytes()
                else:
                    with (self.previous / f"{name}.csv").open("rb") as f:
                        f.seek(where[0])
                        data = f.read(where[1])
                spans[part] = [out.tell(), len(data)]
                out.write(data)
        return spans

    def _search_index(self) -> None:
        """FTS5 over the sentences table of a fresh SQLite file, with external content: the index
        keeps tokens only, of one column, the sentence folded (đ as d by `FTS_COLUMN`, every other
        mark by the tokenizer), read from the table; a second column of the sentence as written
        took 3.4 of 7.1 MB on 2,000 articles and found nothing more than a folded query does.
        `content="sentences"` in double quotes is what Datasette looks for to offer a search box
        on the sentences table. `columnsize=0`: no table of token counts per sentence (9% of the
        index); bm25 ranking recounts them from the text of the few rows it ranks. Filled part by
        part as they come in (`_index_part`)."""
        self.db.execute(f'CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5({FTS_COLUMN}, content="sentences", '
                        "content_rowid=\"sentence_id\", columnsize=0, tokenize = 'unicode61 remove_diacritics 2')")

    def _index_part(self, part: int) -> None:
        """The sentences of `part` into the search index of a fresh file (their ids are the part's:
        `PART_IDS`), while the workers still write other parts."""
        self.db.execute(f"INSERT INTO {FTS_TABLE}(rowid, {FTS_COLUMN}) SELECT sentence_id, {FTS_COLUMN} "
                        f"FROM sentences {_PART_SENTENCES}", part_ids(part))

    def _index(self) -> None:
        """The column indexes of a fresh SQLite file, made once every row is in; a text primary key
        (articles.article_id: what the views look a record's source up by) as a unique index."""
        for name, fmt in self.formats.items():
            stored = [fmt.columns[i] for i in fmt.stored]
            key = PRIMARY_KEY.get(name)
            if any(c.name == key and c.type != "integer" for c in stored):  # an integer one is the rowid
                self.db.execute(f'CREATE UNIQUE INDEX "idx_{name}_{key}" ON "{name}" ("{key}")')
            left_out = (key, *UNINDEXED.get(name, ()))
            for col in (*INDEXED, *EXTRA_INDEXED.get(name, ())):
                if col in [c.name for c in stored] and col not in left_out:
                    self.db.execute(f'CREATE INDEX "idx_{name}_{col}" ON "{fmt.sql_table}" ("{col}")')


def resource(folder: Path, fmt: TableFormat, rows: int) -> dict:
    """The Frictionless resource describing one table: its CSV when written (its Parquet parts
    named alongside), else its Parquet parts (a multipart resource)."""
    name = fmt.name
    files = [folder / f"{name}.csv"] if fmt.csv_too else sorted((folder / f"{name}.parquet").iterdir())
    csv_format = {"format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
                  "dialect": {"delimiter": ",", "lineTerminator": "\n", "quoteChar": '"', "header": True}}
    res = {
        "name": name,
        "path": files[0].name if fmt.csv_too else [str(f.relative_to(folder)) for f in files],
        "profile": "tabular-data-resource",
        **(csv_format if fmt.csv_too else {"format": "parquet", "mediatype": "application/vnd.apache.parquet"}),
        "bytes": sum(f.stat().st_size for f in files),
        "hash": "sha256:" + _sha256(files),
        "parquet": f"{name}.parquet",
        "rows": rows,
        **({"dxextract": {"omitted": omitted}} if (omitted := _omitted(name)) else {}),
        "schema": {
            "fields": [{"name": c.name, "type": c.type, "description": c.description} for c in fmt.columns],
            "missingValues": [""],
        },
    }
    if name in PRIMARY_KEY:
        res["schema"]["primaryKey"] = [PRIMARY_KEY[name]]
    keys = [(col, table) for col, table in (("article_id", "articles"), ("sentence_id", "sentences"))
            if col in fmt.names and table != name and name != "failures"]
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
