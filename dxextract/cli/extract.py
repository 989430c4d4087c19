"""`dxextract extract PATH...`: every record of every article, one per line, to stdout."""
from __future__ import annotations

import csv
import json
import sys
from enum import Enum
from typing import Optional

import typer

from .. import pipeline
from ..readers import Failure, ReadError, exit_code, iter_articles, parse_published


class Format(str, Enum):
    jsonl = "jsonl"
    csv = "csv"


def warn(failure: Failure) -> None:
    typer.echo(f"warning: skipped {failure.source}: {failure.reason}", err=True)


def write_csv(records: list[dict], out) -> None:
    """CSV with the union of all records' columns, `type` first, in first-seen order."""
    columns: dict[str, None] = {"type": None}
    for r in records:
        columns.update(dict.fromkeys(r))
    w = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for r in records:
        w.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v for k, v in r.items()})


def register(app: typer.Typer) -> None:
    @app.command()
    def extract(
        paths: list[str] = typer.Argument(..., help="Files (.txt .html .warc(.gz) .jsonl(.gz)) or folders of them."),
        format: Format = typer.Option(Format.jsonl, "--format", "-f", help="Output format."),
        published: Optional[str] = typer.Option(None, "--published", help="Publication date YYYY-MM-DD for every input."),
    ) -> None:
        """Print every record (legal_ref, date, number, entity, commitment) of the inputs."""
        try:
            pub = parse_published(published)
        except ReadError as e:
            raise typer.BadParameter(str(e), param_hint="--published") from e
        read = failed = 0
        buffered: list[dict] = []
        for item in iter_articles(paths, published=pub):
            if isinstance(item, Failure):
                failed += 1
                warn(item)
                continue
            read += 1
            recs = pipeline.run(item)
            if format is Format.jsonl:
                for r in recs:
                    sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
            else:
                buffered.extend(recs)
        if format is Format.csv:
            write_csv(buffered, sys.stdout)
        sys.stdout.flush()
        raise typer.Exit(exit_code(read, failed))
