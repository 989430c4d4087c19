"""`dxextract build CORPUS -o DIR`: the dataset folder (Parquet, CSV, SQLite, datapackage.json)."""
from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from ..readers import ARTICLE_TIMEOUT, ReadError
from .signals import interruptible


class Engine(str, Enum):
    local = "local"
    dask = "dask"


class CsvTables(str, Enum):
    main = "main"
    all = "all"


class LogFormat(str, Enum):
    text = "text"
    json = "json"


class JsonFormatter(logging.Formatter):
    """One JSON object per line, for log collectors; a traceback stays inside its line."""

    def format(self, record: logging.LogRecord) -> str:
        line = {"level": record.levelname.lower(), "logger": record.name, "message": record.getMessage()}
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def configure_logging(fmt: LogFormat, quiet: bool) -> None:
    """Every log line on stderr in one format, text or JSON lines: the library's warnings (each
    skipped input) and what other libraries log (Dask), whose info chatter is left out."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt is LogFormat.json else logging.Formatter("%(levelname)s: %(message)s"))
    logging.getLogger().handlers[:] = [handler]
    logger = logging.getLogger("dxextract")
    logger.handlers[:] = []
    logger.propagate = True
    logger.setLevel(logging.WARNING if quiet else logging.INFO)
    os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "warning")  # read when distributed is imported


def _state_of(out: Path) -> Callable[[], str]:
    """What an interrupted build kept, asked when the signal comes: the dataset as it was, or,
    past the atomic swap (the folder at `out` is another one), the new dataset, whole."""
    def identity() -> tuple[int, int] | None:
        try:
            st = out.stat()
        except OSError:
            return None
        return st.st_dev, st.st_ino

    before = identity()
    kept = "the cache keeps the articles already done"
    return lambda: f"{out} is as it was; {kept}" if identity() == before else f"{out} is written, whole; {kept}"


def _os_error(e: OSError) -> str:
    """What the system refused, and where: `/data/ds.cache: Permission denied`."""
    return f"{e.filename}: {e.strerror}" if e.filename and e.strerror else str(e)


def register(app: typer.Typer) -> None:
    @app.command()
    def build(
        corpus: list[str] = typer.Argument(..., help="Files (.txt .html .warc(.gz) .jsonl(.gz)) or folders of them."),
        out: Path = typer.Option(..., "--out", "-o", help="Dataset folder to write (replaced atomically)."),
        jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, help="Worker processes (default: all cores)."),
        engine: Engine = typer.Option(Engine.local, "--engine", help="local process pool, or a Dask cluster."),
        scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler address (with --engine dask)."),
        cache: Optional[Path] = typer.Option(None, "--cache", help="Cache folder (default: DIR.cache beside DIR)."),
        published: Optional[str] = typer.Option(None, "--published", help="Publication date YYYY-MM-DD for every input."),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar, no info messages (warnings and the summary stay)."),
        log_format: LogFormat = typer.Option(LogFormat.text, "--log-format", help="Warnings and summary as text or JSON lines."),
        csv: CsvTables = typer.Option(CsvTables.main, "--csv",
                                      help="CSV for the main tables (commitments, failures) or all; Parquet and SQLite hold all."),
        article_timeout: float = typer.Option(ARTICLE_TIMEOUT, "--article-timeout", min=0,
                                              help="Seconds one article may take before it is skipped as a failure (0: no limit)."),
    ) -> None:
        """Build or update a dataset: only new and changed articles are processed again."""
        from ..dataset import BuildError
        from ..dataset import build as run_build

        configure_logging(log_format, quiet)
        with interruptible(_state_of(out)):  # the summary too: a stop while it prints still says what was kept
            try:
                summary = run_build(corpus, out, jobs=jobs, engine=engine.value, scheduler=scheduler, cache=cache,
                                    published=published, progress=None if not quiet else False,
                                    article_timeout=article_timeout, csv=csv.value)
            except (BuildError, ReadError) as e:
                typer.echo(f"error: {e}", err=True)
                raise typer.Exit(2) from e
            except OSError as e:  # the output's folder, not an input: an unwritable or full disk, a path made a file
                typer.echo(f"error: {_os_error(e)}", err=True)
                raise typer.Exit(2) from e
            if log_format is LogFormat.json:
                typer.echo(json.dumps({"summary": summary.as_dict()}, ensure_ascii=False), err=True)
            else:
                typer.echo(str(summary), err=True)
        raise typer.Exit(summary.exit_code)
