"""`dxextract extract PATH...`: every record of every article, one per line, to stdout."""
from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from datetime import date
from typing import Optional

import typer

from ..article import Article
from ..encoding import DecodeError, decode_bytes
from ..readers import ARTICLE_TIMEOUT, Failure, ReadError, exit_code, from_text, iter_articles, parse_published
from .common import Format, format_option
from .signals import interruptible

STDIN = "-"  # the path that names standard input, as for cat and grep


def warn(failure: Failure) -> None:
    typer.echo(f"warning: skipped {failure.source}: {failure.reason}", err=True)


def read_stdin(published: date | None) -> Article | Failure:
    """Standard input as one plain-text article (`curl … | dxextract extract -`)."""
    try:
        text = decode_bytes(sys.stdin.buffer.read())
    except DecodeError as e:
        return Failure("<stdin>", str(e))
    if not text.strip():
        return Failure("<stdin>", "no text on standard input")
    return from_text(text, source="<stdin>", **({"published": published} if published else {}))


def articles(paths: list[str], published: date | None) -> Iterator[Article | Failure]:
    """`iter_articles` over `paths`, in order, with `-` read from standard input."""
    for p in paths:
        if p == STDIN:
            yield read_stdin(published)
        else:
            yield from iter_articles([p], published=published)


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
        paths: list[str] = typer.Argument(..., help="Files (.txt .html .warc(.gz) .jsonl(.gz)), folders of them, or - for standard input."),
        format: Format = format_option(Format.jsonl, Format.jsonl, Format.csv),
        published: Optional[str] = typer.Option(None, "--published", help="Publication date YYYY-MM-DD for every input."),
        article_timeout: float = typer.Option(ARTICLE_TIMEOUT, "--article-timeout", min=0,
                                              help="Seconds one article may take before it is skipped as a failure (0: no limit)."),
    ) -> None:
        """Print every record (legal_ref, date, number, entity, commitment) of the inputs."""
        try:
            pub = parse_published(published)
        except ReadError as e:
            raise typer.BadParameter(str(e), param_hint="--published") from e
        with interruptible("the output above is cut short"):
            read, failed = run(paths, pub, format, article_timeout)
        raise typer.Exit(exit_code(read, failed))


def run(paths: list[str], pub: date | None, format: Format, budget: float) -> tuple[int, int]:
    """Print the records of every article, each one extracted under the guard; (read, failed)."""
    from .. import pipeline  # the extractors load only for this command, not for query, check or progress

    read = failed = 0
    buffered: list[dict] = []
    for item in articles(paths, pub):
        result = item if isinstance(item, Failure) else pipeline.run_guarded(item, budget=budget)
        if isinstance(result, Failure):
            failed += 1
            warn(result)
            continue
        read += 1
        if format is Format.jsonl:
            sys.stdout.write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in result[1]))
        else:
            buffered.extend(result[1])
    if format is Format.csv:
        write_csv(buffered, sys.stdout)
    sys.stdout.flush()
    return read, failed
