"""Charts for the research tools, drawn to PNG or SVG.

Drawn on a `matplotlib.figure.Figure` of their own, never through pyplot: importing this module
leaves the user's backend (a notebook's inline one included) and pyplot's figures alone, and
needs no display.
"""
from __future__ import annotations

import textwrap
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from .dataset_view import figure, present

STATUS_COLOURS = {"met": "#2e7d32", "on track": "#1565c0", "behind": "#c62828", "not yet met": "#ef6c00",
                  "no deadline": "#6a1b9a", "result predates target": "#8d6e63", "no result": "#9e9e9e"}
LABEL_WIDTH = 45  # characters per line of an indicator label


def share_reached(row: dict) -> float:
    """The result as a share of the target (0 when none is reported), so mixed units share an axis.
    For a ceiling (`<`, `<=`) it is target / result: 1 or more means within the ceiling."""
    result, target = row.get("result"), row.get("target")
    if not (present(result) and present(target)) or not target:
        return 0.0
    if row.get("target_comparator") in ("<", "<="):
        return target / result if result else 1.0
    return result / target


def bar_label(row: dict) -> str:
    target = figure(row["target"], row["target_comparator"], row["unit"])
    if not present(row.get("result")):
        return f"no result  (target {target})"
    date = row["result_date"] if present(row.get("result_date")) else "date unknown"
    return f"{figure(row['result'], None, row['unit'])} of {target}, {date}  [{row['status']}]"


def progress_plot(table: pd.DataFrame, path: str | Path, title: str = "Targets and latest results") -> Path:
    """A horizontal bar per target: the share of it reached by the latest result, coloured by
    status, with the figures written beside it. The format follows `path`'s suffix; a missing
    folder is created, as a shell redirect's user would expect of `--plot out/chart.png`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = table.to_dict("records")
    fig = Figure(figsize=(10, 1.0 + 0.6 * max(len(rows), 1)))
    ax = fig.subplots()
    shares = [min(share_reached(r), 1.5) for r in rows]
    labels = [textwrap.fill(str(r["indicator"]), LABEL_WIDTH) for r in rows]
    ax.barh(range(len(rows)), shares, color=[STATUS_COLOURS.get(r["status"], "#9e9e9e") for r in rows])
    for i, (share, r) in enumerate(zip(shares, rows)):
        ax.text(share + 0.02, i, bar_label(r), va="center", fontsize=8)
    ax.axvline(1.0, color="black", linewidth=0.8, linestyle="--")
    ax.set_yticks(range(len(rows)), labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 2.4)
    ax.set_xlabel("latest result as a share of the target (dashed line: target)")
    ax.set_title(title if rows else f"{title}: no targets in the dataset")
    fig.tight_layout()
    fig.savefig(path, format=path.suffix.lstrip(".").lower() or "png")
    return path
