"""`dxextract query DATASET`: the commitments matching a province, indicator, year and kind."""
from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from .common import Format, format_option, open_dataset, write_rows

# What every query row shows: the figure, its date, the quoting sentence and its source.
COLUMNS = ("province", "province_2025", "indicator", "kind", "value", "value_max", "comparator", "unit", "of", "deadline",
           "as_of", "year", "level", "pillar", "basis", "sentence", "source", "url", "article_id", "id")


class Kind(str, Enum):
    target = "target"
    actual = "actual"


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
        format: Format = format_option(Format.table, Format.table, Format.csv, Format.jsonl),
    ) -> None:
        """Print the commitments that match, each with its figure, date, sentence and source."""
        ds = open_dataset(dataset)
        rows = ds.query(province=province, indicator=indicator, year=year, kind=kind.value if kind else None)
        write_rows(rows.loc[:, [c for c in COLUMNS if c in rows.columns]], format, commitment_block)
        if format is Format.table:
            typer.echo(f"{len(rows)} commitment(s)", err=True)
