"""The `dxextract` command: a thin layer over the Python API, one module per subcommand.

Exit codes (SCHEMA.md): 0 every input read; 1 some inputs skipped (each named on stderr); 2 bad
usage or nothing could be read.
"""
from __future__ import annotations

import logging
from typing import Optional

import typer

from .._version import __version__
from . import build, check, extract, fetch, progress, query

app = typer.Typer(
    name="dxextract",
    help="Vietnamese provincial news -> a citable dataset of digital-transformation commitments.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dxextract {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Optional[bool] = typer.Option(None, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log debug messages."),
) -> None:
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, format="%(levelname)s: %(message)s")


for module in (extract, build, fetch, query, check, progress):
    module.register(app)


def main() -> None:
    app()
