"""The fetcher against a real HTTP server on localhost (tests/web_server.py): robots.txt,
retries, redirects, conditional requests, rate limits, and what lands in the WARC file."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

import httpx
import pytest
import typer
from typer.testing import CliRunner

from dxextract.cli.fetch import register
from dxextract.web.crawl_state import META_DIR, STATE_FILE
from dxextract.web.fetch import FetchConfig, _retry_after, feed_links, fetch
from dxextract.web.outcomes import NotAFeed, http_url
from dxextract.readers import iter_file
from dxextract.web.warc import iter_responses
from web_server import ETAG, site  # noqa: F401 (pytest fixture)

FAST = FetchConfig(delay=0.0, retries=2, backoff=0.01, max_backoff=0.05, timeout=0.3, allow_private=True)


def outcomes(results) -> dict[str, str]:
    return {r.url.rsplit("/", 1)[-1]: r.outcome for r in results}


def warc_urls(folder: Path) -> list[str]:
    return [url for path in sorted(folder.glob("*.warc.gz")) for url, status, _, _ in iter_responses(path) if status == 200]


def test_pages_fetched_stored_and_parsed(site, tmp_path):
    results = fetch([site.url("/tin/tinh.html"), site.url("/tin/cp1258.html")], tmp_path, config=FAST)
    assert outcomes(results) == {"tinh.html": "fetched", "cp1258.html": "fetched"}
    articles = [a for w in tmp_path.glob("*.warc.gz") for a in iter_file(w)]
    by_url = {a.url: a for a in articles}
    tinh = by_url[site.url("/tin/tinh.html")]
    assert tinh.source == tinh.url
    assert tinh.title == "Đắk Lắk đẩy mạnh chuyển đổi số trong cải cách hành chính"
    legacy = by_url[site.url("/tin/cp1258.html")]
    assert legacy.title == "Gia Lai ứng dụng chữ ký số trong quản lý văn bản điều hành"
    assert "85% cán bộ, công chức được cấp hộp thư điện tử công vụ" in legacy.body
    # robots.txt asked once, with our User-Agent
    assert site.count("/robots.txt") == 1
    assert all(h.headers["user-agent"].startswith("dxextract/") for h in site.hits)


def test_robots_disallow_is_obeyed(site, tmp_path):
    results = fetch([site.url("/private/secret.html")], tmp_path, config=FAST)
    assert outcomes(results) == {"secret.html": "disallowed"}
    assert "/private/secret.html" not in site.paths()


def test_retries_on_429_500_and_timeouts(site, tmp_path):
    urls = [site.url(p) for p in ("/busy", "/flaky", "/slow", "/broken")]
    results = fetch(urls, tmp_path, config=FAST)
    assert outcomes(results) == {"busy": "fetched", "flaky": "fetched", "slow": "fetched", "broken": "failed"}
    assert site.count("/busy") == 2 and site.count("/flaky") == 2 and site.count("/slow") == 2
    assert site.count("/broken") == FAST.retries + 1
    failed = next(r for r in results if r.url.endswith("/broken"))
    assert failed.status == 500
    assert sorted(warc_urls(tmp_path)) == sorted(site.url(p) for p in ("/robots.txt", "/busy", "/flaky", "/slow"))


def test_redirects_followed_safely(site, tmp_path):
    results = fetch([site.url("/moved"), site.url("/to-file")], tmp_path, config=FAST)
    by = {r.url.rsplit("/", 1)[-1]: r for r in results}
    assert by["moved"].outcome == "fetched" and by["moved"].final_url == site.url("/tin/tinh.html")
    assert by["to-file"].outcome == "refused"
    assert site.url("/tin/tinh.html") in warc_urls(tmp_path)


@pytest.mark.parametrize(("url", "ok"), [
    ("http://127.0.0.1:9000/b", True),
    ("https://baodaklak.vn/x", True),
    ("file:///etc/passwd", False),
    ("ftp://127.0.0.1/x", False),
    ("http:///no-host", False),
    ("baodaklak.vn/x", False),
    ("http://[::1/x", False),  # used to crash the whole run
    ("http://127.0.0.1:99999/x", False),  # likewise
])
def test_only_http_urls_are_requested(url, ok):
    assert http_url(url) is ok


def test_conditional_requests_skip_unchanged_pages(site, tmp_path):
    first = fetch([site.url("/tin/tinh.html"), site.url("/tin/bare.html")], tmp_path, config=FAST)
    assert {r.outcome for r in first} == {"fetched"}
    assert (tmp_path / META_DIR / STATE_FILE).is_file()
    second = fetch([site.url("/tin/tinh.html"), site.url("/tin/bare.html"), site.url("/moved")], tmp_path, config=FAST)
    # bare.html ignores If-Modified-Since; /moved redirects to the unchanged tinh.html
    assert outcomes(second) == {"tinh.html": "not_modified", "bare.html": "fetched", "moved": "not_modified"}
    last = [h for h in site.hits if h.path == "/tin/tinh.html"][-1]
    assert last.headers["if-none-match"] == ETAG
    bare = [h for h in site.hits if h.path == "/tin/bare.html"][-1]
    assert bare.headers["if-modified-since"] == "Fri, 19 May 2023 01:15:00 GMT"
    assert warc_urls(tmp_path).count(site.url("/tin/tinh.html")) == 1  # not stored twice


def test_sitemap_and_rss_discovery(site, tmp_path):
    results = fetch([], tmp_path, feeds=[site.url("/sitemap.xml"), site.url("/rss.xml")], config=FAST)
    assert outcomes(results) == {"tinh.html": "fetched", "bare.html": "fetched", "secret.html": "disallowed", "cp1258.html": "fetched"}
    assert site.count("/tin/tinh.html") == 1  # listed twice, fetched once


def test_per_host_rate_limit(site, tmp_path):
    config = FetchConfig(delay=0.15, concurrency=4, retries=0, timeout=2, allow_private=True)
    fetch([site.url(f"/tin/{p}") for p in ("tinh.html", "bare.html", "cp1258.html")], tmp_path, config=config)
    hits = sorted(site.hits, key=lambda h: h.start)
    gaps = [b.start - a.end for a, b in zip(hits, hits[1:])]
    assert len(hits) == 4 and min(gaps) >= 0.14  # robots.txt + 3 pages, one at a time, spaced


def test_feed_links_reads_sitemap_index_and_atom():
    index = b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://a.vn/s1.xml</loc></sitemap></sitemapindex>'
    assert feed_links(index) == ([], ["https://a.vn/s1.xml"])
    atom = b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="https://a.vn/tin-1.html"/></entry></feed>'
    assert feed_links(atom) == (["https://a.vn/tin-1.html"], [])
    with pytest.raises(NotAFeed):
        feed_links(b"not xml at all")


def test_cli_fetch(site, tmp_path):
    app = typer.Typer()
    register(app)
    app.command("noop")(lambda: None)  # a second command so typer keeps subcommand names
    url_file = tmp_path / "urls.txt"
    url_file.write_text(f"# nightly list\n{site.url('/tin/tinh.html')}\n\n{site.url('/private/secret.html')}\n", encoding="utf-8")
    out = tmp_path / "crawl"
    result = CliRunner().invoke(app, ["fetch", "--urls", str(url_file), "-o", str(out), "--delay", "0", "--allow-private"])
    assert result.exit_code == 1, result.output  # one input skipped (disallowed), named on stderr
    assert "disallowed" in result.output
    assert warc_urls(out) == [site.url("/robots.txt"), site.url("/tin/tinh.html")]
    assert CliRunner().invoke(app, ["fetch", "-o", str(out)]).exit_code == 2


def test_oversized_body_is_refused(site, tmp_path):
    small = FetchConfig(delay=0.0, retries=0, timeout=2, max_bytes=1000, allow_private=True)
    [result] = fetch([site.url("/tin/tinh.html")], tmp_path, config=small)
    assert result.outcome == "failed" and "larger than 1000 bytes" in result.error
    assert site.url("/tin/tinh.html") not in warc_urls(tmp_path)


def test_retry_after_as_seconds_or_http_date():
    soon = format_datetime(datetime.now(timezone.utc) + timedelta(seconds=30), usegmt=True)
    assert _retry_after(httpx.Response(429, headers={"Retry-After": "7"})) == 7.0
    assert 25 <= _retry_after(httpx.Response(503, headers={"Retry-After": soon})) <= 30
    assert _retry_after(httpx.Response(503, headers={"Retry-After": "sometime"})) is None
    assert _retry_after(httpx.Response(503)) is None
