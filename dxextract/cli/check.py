"""`dxextract check DATASET "claim"`: supported, contradicted, not found or unreadable claim, with the evidence."""
from __future__ import annotations

import json
from pathlib import Path

import typer

from .common import Format, format_option, open_dataset


def register(app: typer.Typer) -> None:
    @app.command()
    def check(
        dataset: Path = typer.Argument(..., help="Dataset folder written by `dxextract build`."),
        claim: str = typer.Argument(..., help='The claim, e.g. "Đắk Lắk phấn đấu 100% dịch vụ công trực tuyến mức độ 4".'),
        format: Format = format_option(Format.text, Format.text, Format.json),
    ) -> None:
        """Check a claim's figure against the dataset; exit code 0 for any verdict."""
        if not claim.strip():
            raise typer.BadParameter("the claim is empty: give the sentence to check", param_hint="CLAIM")
        from ..factcheck import check as check_claim  # pandas loads only when a command needs it

        verdict = check_claim(open_dataset(dataset), claim)
        if format is Format.json:
            typer.echo(json.dumps(verdict.to_dict(), ensure_ascii=False, default=str, indent=2))
        else:
            typer.echo(str(verdict))
