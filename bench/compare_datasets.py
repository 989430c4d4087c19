"""Do two dataset folders hold the same rows? Every table of each format compared row for row:
Parquet (as `dx.load` reads it) and SQLite (the search index's hits for a few queries too). What a
change to how the dataset is written must leave alone (issue 14: "identical in content").

    python bench/compare_datasets.py before/ after/     # exit 1 and the differing tables if any
"""
from __future__ import annotations

import argparse
import sqlite3
import sys
from contextlib import closing
from pathlib import Path

import pyarrow.parquet as pq

SEARCHES = ("dak lak", '"Dắk Lắk"', '"chuyen doi so"', "dich vu cong")  # the index must find the same


def parquet_rows(folder: Path) -> dict[str, list[tuple]]:
    """Each Parquet table's rows, sorted (part order is not content)."""
    tables = {}
    for table in sorted(folder.glob("*.parquet")):
        rows = pq.read_table(table).to_pylist()
        tables[table.stem] = sorted((tuple(sorted(r.items())) for r in rows), key=repr)
    return tables


def sqlite_rows(folder: Path) -> dict[str, list[tuple]]:
    """Each SQLite table's rows, as a reader sees them (a record table that is a view over the
    table `<name>_stored` through that view; the search index's own tables aside), and the index's hits."""
    with closing(sqlite3.connect(folder / "dataset.sqlite")) as db:
        names = [n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")
                 if "_fts" not in n and not n.endswith("_stored")]
        tables = {n: sorted(db.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr) for n in names}
        for query in SEARCHES:
            hits = db.execute("SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ?", (query,)).fetchall()
            tables[f"search {query}"] = sorted(hits)
    return tables


def differences(a: Path, b: Path) -> list[str]:
    """The tables whose rows differ, named with their format and row counts."""
    found = []
    for fmt, read in (("parquet", parquet_rows), ("sqlite", sqlite_rows)):
        left, right = read(a), read(b)
        for name in sorted(set(left) | set(right)):
            if left.get(name) != right.get(name):
                found.append(f"{fmt} {name}: {len(left.get(name, []))} rows vs {len(right.get(name, []))}")
    return found


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("before", type=Path)
    ap.add_argument("after", type=Path)
    args = ap.parse_args()
    found = differences(args.before, args.after)
    print("\n".join(found) or "same rows in every table of both formats, same search hits")
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
