"""`dxextract fetch`: download news pages politely into WARC files (see dxextract.web.fetch)."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import typer

from ..readers import exit_code
from ..web.config import FetchConfig


# Outcomes that leave a URL without its page (exit code 1, or 2 when no URL got its page).
SKIPPED = ("disallowed", "refused", "failed")


def _read_url_file(path: Path) -> list[str]:
    """One URL per line; blank lines and `#` comments skipped."""
    lines = (ln.strip() for ln in path.read_text(encoding="utf-8-sig").splitlines())
    return [ln for ln in lines if ln and not ln.startswith("#")]


def fetch_command(
    urls: list[str] = typer.Argument(None, help="Page URLs to fetch."),
    out: Path = typer.Option(..., "-o", "--out",
                             help="Folder for the WARC files, fetch-state.json and fetch-log.jsonl."),
    url_file: list[Path] = typer.Option([], "--urls", help="File with one URL per line (repeatable)."),
    sitemap: list[str] = typer.Option([], "--sitemap",
                                      help="Sitemap (or sitemap index) URL whose pages to fetch (repeatable)."),
    rss: list[str] = typer.Option([], "--rss", help="RSS/Atom feed URL whose items to fetch (repeatable)."),
    delay: float = typer.Option(FetchConfig.delay, help="Seconds between two requests to the same host."),
    concurrency: int = typer.Option(FetchConfig.concurrency, help="Requests in flight over all hosts."),
    retries: int = typer.Option(FetchConfig.retries, help="Retries after a 429/5xx/timeout."),
    timeout: float = typer.Option(FetchConfig.timeout, help="Seconds before a request times out."),
    limit: int = typer.Option(None, help="Fetch at most this many pages."),
    user_agent: str = typer.Option(FetchConfig.user_agent, "--user-agent", help="User-Agent header to send."),
) -> None:
    """Fetch pages (and the pages of sitemaps and feeds) into WARC files in OUT.

    robots.txt is obeyed; pages unchanged since the last run (ETag/Last-Modified) are skipped."""
    todo = list(urls or [])
    for path in url_file:
        todo.extend(_read_url_file(path))
    if not todo and not sitemap and not rss:
        raise typer.BadParameter("give URLs, --urls FILE, --sitemap URL or --rss URL")
    config = FetchConfig(user_agent=user_agent, delay=delay, concurrency=concurrency, retries=retries,
                         timeout=timeout)
    from ..web.fetch import fetch  # httpx and the WARC writer load only when fetching

    results = fetch(todo, out, feeds=[*sitemap, *rss], config=config, limit=limit)
    skipped = [r for r in results if r.outcome in SKIPPED]
    for r in skipped:
        typer.echo(f"{r.outcome}: {r.url}" + (f": {r.error}" if r.error else ""), err=True)
    counts = Counter(r.outcome for r in results)
    summary = ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items()))
    typer.echo(summary or "nothing to fetch", err=True)
    if skipped:
        raise typer.Exit(exit_code(len(results) - len(skipped), len(skipped)))


def register(app: typer.Typer) -> None:
    """Add the `fetch` command to the dxextract CLI."""
    app.command("fetch")(fetch_command)
