"""`dxextract progress DATASET --province P`: each target's latest result and whether it is on track."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .common import Format, format_option, open_dataset, province_in, write_rows

PLOT_SUFFIXES = (".png", ".svg")


def progress_block(r: dict) -> str:
    """One target for reading: status, target against result, then both sources."""
    from ..dataset_view import figure

    target = figure(r["target"], r["target_comparator"], r["unit"])
    result = "none reported"
    if r["result"] is not None:
        result = f"{figure(r['result'], None, r['unit'])} ({r['result_date'] or 'date unknown'})"
    lines = [f"[{r['status']}] {r['indicator']} ({r['province']})",
             f"    target: {target} {'by ' + r['deadline'] if r['deadline'] else '(no deadline)'}; latest result: {result}",
             f"    why: {r['why']}",
             f"    target source: {r['target_source']}"]
    if r["result_source"]:
        lines.append(f"    result source: {r['result_source']}")
    return "\n".join(lines) + "\n"


def register(app: typer.Typer) -> None:
    @app.command()
    def progress(
        dataset: Path = typer.Argument(..., help="Dataset folder written by `dxextract build`."),
        province: str = typer.Option(..., "--province", "-p", help="Province, accents optional."),
        plot: Optional[Path] = typer.Option(None, "--plot", help="Also draw the progress chart to FILE.png or FILE.svg."),
        format: Format = format_option(Format.table, Format.table, Format.csv, Format.jsonl),
    ) -> None:
        """For each target of a province: latest reported result, its date, met / on track / behind."""
        if plot is not None and plot.suffix.lower() not in PLOT_SUFFIXES:
            raise typer.BadParameter("the plot file must end in .png or .svg", param_hint="--plot")
        from ..progress import progress as target_progress  # pandas loads only when a command runs

        ds = open_dataset(dataset)
        name = province_in(ds, province)
        table = target_progress(ds, name)
        write_rows(table, format, progress_block)
        if plot is not None:
            from ..plots import progress_plot

            try:
                progress_plot(table, plot, title=f"Digital-transformation targets: {name}")
            except OSError as e:
                typer.echo(f"error: cannot write the plot to {plot}: {e.strerror or e}", err=True)
                raise typer.Exit(2) from e
            typer.echo(f"plot written to {plot}", err=True)
