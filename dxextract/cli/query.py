"""`dxextract query DATASET`: the commitments matching a province, indicator, year and kind.

Also home of what the research commands share: opening a dataset with a clean usage error, and
writing a table as readable text, CSV or JSON Lines.
"""
from __future__ import annotations

import json
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Optional, TextIO

import typer

if TYPE_CHECKING:  # pandas and the dataset code load only when a command runs: `--help` stays fast
    import pandas as pd

    from ..dataset_view import Dataset

# What every query row shows: the figure, its date, the quoting sentence and its source.
COLUMNS = ("province", "province_2025", "indicator", "kind", "value", "value_max", "comparator", "unit", "of", "deadline",
           "as_of", "year", "level", "pillar", "basis", "sentence", "source", "url", "article_id", "id")


class Format(str, Enum):
    table = "table"
    csv = "csv"
    jsonl = "jsonl"


class Kind(str, Enum):
    target = "target"
    actual = "actual"


def open_dataset(path: Path) -> Dataset:
    """The dataset at `path`, or a usage error (exit 2) naming what is wrong."""
    from ..dataset_view import load

    try:
        return load(path)
    except (FileNotFoundError, OSError, ValueError) as e:
        raise typer.BadParameter(str(e), param_hint="DATASET") from e


def write_rows(df: pd.DataFrame, fmt: Format, text_row: Callable[[dict], str], out: TextIO | None = None) -> None:
    """`df` as JSON Lines, CSV, or (table) one `text_row(row)` block per row, to stdout by default."""
    from ..dataset_view import rows_of

    out = out or sys.stdout
    if fmt is Format.csv:
        df.to_csv(out, index=False, lineterminator="\n")
    elif fmt is Format.jsonl:
        for r in rows_of(df):
            out.write(json.dumps(r, ensure_ascii=False, default=str) + "\n")
    else:
        for r in rows_of(df):
            out.write(text_row(r) + "\n")


def commitment_block(r: dict) -> str:
    """A commitment for reading: its line, then the sentence quoting it and its source."""
    from ..dataset_view import describe, source_of

    return f"{describe(r)}\n    “{r['sentence']}”\n    source: {source_of(r)}\n"


def register(app: typer.Typer) -> None:
    @app.command()
    def query(
        dataset: Path = typer.Argument(..., help="Dataset folder written by `dxextract build`."),
        province: Optional[str] = typer.Option(None, "--province", "-p", help="Province, accents optional (dak lak)."),
        indicator: Optional[str] = typer.Option(None, "--indicator", "-i", help="Words of the indicator, accents optional."),
        year: Optional[int] = typer.Option(None, "--year", "-y", help="Deadline year of a target, as-of year of a result."),
        kind: Optional[Kind] = typer.Option(None, "--kind", "-k", help="target or actual."),
        format: Format = typer.Option(Format.table, "--format", "-f", help="Output format."),
    ) -> None:
        """Print the commitments that match, each with its figure, date, sentence and source."""
        ds = open_dataset(dataset)
        rows = ds.query(province=province, indicator=indicator, year=year, kind=kind.value if kind else None)
        write_rows(rows.loc[:, [c for c in COLUMNS if c in rows.columns]], format, commitment_block)
        if format is Format.table:
            typer.echo(f"{len(rows)} commitment(s)", err=True)
