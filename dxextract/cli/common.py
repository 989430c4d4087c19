"""What the commands share: one output `Format`, opening a dataset and naming a province with a
clean usage error (exit 2), and writing a table as readable text, CSV or JSON Lines.

Nothing here imports pandas or the dataset code at import time, so `dxextract --help` stays fast.
"""
from __future__ import annotations

import json
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import typer

if TYPE_CHECKING:
    import pandas as pd

    from ..dataset_view import Dataset


class Format(str, Enum):
    """Every output format of the CLI; each command accepts its own subset (`format_option`)."""

    table = "table"  # readable blocks, one per row
    text = "text"  # a verdict as prose
    csv = "csv"
    jsonl = "jsonl"
    json = "json"


def format_option(default: Format, *allowed: Format) -> Any:
    """`--format/-f` taking only what the command can write; a bad value is a usage error naming them."""
    names = [f.value for f in allowed]

    def parse(value: str) -> Format:
        if value not in names:
            raise typer.BadParameter(f"{value!r} is not one of {', '.join(names)}")
        return Format(value)

    return typer.Option(default.value, "--format", "-f", parser=parse, metavar=f"[{'|'.join(names)}]",
                        help="Output format.")


def open_dataset(path: Path) -> Dataset:
    """The dataset at `path`, or a usage error (exit 2) naming what is wrong."""
    from ..dataset_view import load

    try:
        return load(path)
    except (FileNotFoundError, OSError, ValueError) as e:
        raise typer.BadParameter(str(e), param_hint="DATASET") from e


def province_in(dataset: Dataset, name: str) -> str:
    """The one province `name` means in `dataset`, or a usage error listing what it may mean."""
    from ..matching import ProvinceError, resolve_province

    try:
        return resolve_province(dataset, name)
    except ProvinceError as e:
        raise typer.BadParameter(str(e), param_hint="--province") from e


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
