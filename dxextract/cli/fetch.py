"""`dxextract fetch`: download news pages politely into WARC files (see dxextract.web.fetch)."""
from __future__ import annotations

import ipaddress
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


def _networks(values: list[str]) -> tuple[str, ...]:
    """`--allow-network` values checked here, so a typo is a usage error and not a crash later."""
    for value in values:
        try:
            ipaddress.ip_network(value, strict=False)
        except ValueError as e:
            raise typer.BadParameter(str(e), param_hint="--allow-network") from None
    return tuple(values)


def _positive(value: float) -> float:
    """typer's `min` includes the bound; a timeout of 0 s would fail every request."""
    if value <= 0:
        raise typer.BadParameter(f"{value:g} is not above 0")
    return value


def _report(results: list) -> None:
    """Each URL not fetched, named with its reason, then the counts, on stderr."""
    from ..web.outcomes import REASONS

    for r in results:
        if r.outcome in SKIPPED:
            what = "sitemap/feed " if r.kind == "feed" else ""
            label = REASONS.get(r.reason, r.reason)
            detail = f": {r.error}" if r.error and r.error != label else ""
            typer.echo(f"{r.outcome} ({label}): {what}{r.url}{detail}", err=True)
    counts = Counter(r.outcome for r in results)
    summary = ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items()))
    typer.echo(summary or "nothing to fetch", err=True)


def fetch_command(
    urls: list[str] = typer.Argument(None, help="Page URLs to fetch."),
    out: Path = typer.Option(..., "-o", "--out",
                             help="Folder for the WARC files; the fetcher's state and log go in OUT/.dxextract/."),
    url_file: list[Path] = typer.Option([], "--urls", help="File with one URL per line (repeatable)."),
    sitemap: list[str] = typer.Option([], "--sitemap",
                                      help="Sitemap (or sitemap index, .xml.gz too) URL whose pages to fetch (repeatable)."),
    rss: list[str] = typer.Option([], "--rss", help="RSS/Atom feed URL whose items to fetch (repeatable)."),
    delay: float = typer.Option(FetchConfig.delay, min=0.0, help="Seconds between two requests to the same host."),
    concurrency: int = typer.Option(FetchConfig.concurrency, min=1, help="Requests in flight over all hosts."),
    retries: int = typer.Option(FetchConfig.retries, min=0, help="Retries after a 429/5xx/timeout."),
    timeout: float = typer.Option(FetchConfig.timeout, callback=_positive,
                                  help="Seconds (above 0) for a whole request: connecting and reading every byte."),
    max_bytes: int = typer.Option(FetchConfig.max_bytes, "--max-bytes", min=1,
                                  help="Largest body kept, counted after decompression (and for .xml.gz sitemaps)."),
    limit: int = typer.Option(None, min=0, help="Fetch at most this many pages."),
    allow_private: bool = typer.Option(False, "--allow-private",
                                       help="Also connect to private, loopback, link-local and metadata addresses."),
    allow_network: list[str] = typer.Option([], "--allow-network", metavar="CIDR",
                                            help="Also connect to this private range only (repeatable), e.g. 10.1.2.0/24."),
    user_agent: str = typer.Option(FetchConfig.user_agent, "--user-agent", help="User-Agent header to send."),
) -> None:
    """Fetch pages (and the pages of sitemaps and feeds) into WARC files in OUT.

    robots.txt is obeyed; pages unchanged since the last run (ETag/Last-Modified) are skipped;
    only public addresses are contacted unless --allow-private or --allow-network says otherwise."""
    todo = list(urls or [])
    for path in url_file:
        todo.extend(_read_url_file(path))
    if not todo and not sitemap and not rss:
        raise typer.BadParameter("give URLs, --urls FILE, --sitemap URL or --rss URL")
    config = FetchConfig(user_agent=user_agent, delay=delay, concurrency=concurrency, retries=retries,
                         timeout=timeout, max_bytes=max_bytes, allow_private=allow_private,
                         allowed_networks=_networks(allow_network))
    from ..web.fetch import fetch  # httpx and the WARC writer load only when fetching

    results = fetch(todo, out, feeds=[*sitemap, *rss], config=config, limit=limit)
    _report(results)
    skipped = sum(r.outcome in SKIPPED for r in results)
    if skipped:
        raise typer.Exit(exit_code(len(results) - skipped, skipped))


def register(app: typer.Typer) -> None:
    """Add the `fetch` command to the dxextract CLI."""
    app.command("fetch")(fetch_command)
