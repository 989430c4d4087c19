"""`dxextract fetch` on the command line: options validated before any request, each URL not
fetched named for what happened to it, a sitemap or feed that cannot be read is a failure (never
"nothing to fetch"), and the fetcher's own files stay out of the way of `dxextract build`."""
from __future__ import annotations

import json
import socket
import sqlite3

import pytest
from typer.testing import CliRunner

from dxextract.cli import app
from dxextract.readers import expand_paths
from dxextract.web.crawl_state import LOG_FILE, META_DIR, STATE_FILE
from web_server import ETAG, no_dns, site  # noqa: F401 (pytest fixtures)

pytestmark = pytest.mark.usefixtures("no_dns")


def fetch(*args: str):
    return CliRunner().invoke(app, ["fetch", *args, "--delay", "0", "--retries", "0", "--allow-private"])


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize(("option", "value"), [
    ("--concurrency", "0"),  # used to hang
    ("--limit", "-1"),  # used to drop the last URL
    ("--delay", "-5"),  # used to remove the delay
    ("--timeout", "0"),  # used to be reported as "disallowed"
    ("--timeout", "-1"),
    ("--retries", "-1"),
    ("--max-bytes", "0"),
    ("--allow-network", "10.0.0.0/33"),
])
def test_bad_option_values_are_usage_errors_before_any_request(site, tmp_path, option, value):
    result = CliRunner().invoke(app, ["fetch", site.url("/tin/tinh.html"), "-o", str(tmp_path), option, value])
    assert result.exit_code == 2, result.output
    assert option in result.output
    assert site.hits == []


def test_each_failure_is_named_for_what_it_is(site, tmp_path):
    unreachable = f"http://127.0.0.1:{closed_port()}/tin/a.html"
    urls = [site.url("/tin/tinh.html"), site.url("/missing.html"), site.url("/private/secret.html"), unreachable]
    result = fetch(*urls, "-o", str(tmp_path))
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert f"failed (HTTP error): {site.url('/missing.html')}: HTTP 404" in lines
    assert f"disallowed (disallowed by robots.txt): {site.url('/private/secret.html')}" in lines
    [down] = [ln for ln in lines if unreachable in ln]
    assert down.startswith(f"failed (host unreachable): {unreachable}: robots.txt: ") and "disallowed" not in down
    assert lines[-1] == "1 disallowed, 2 failed, 1 fetched"
    logged = [json.loads(ln) for ln in (tmp_path / META_DIR / LOG_FILE).read_text().splitlines()]
    assert {r["url"]: r["reason"] for r in logged} == {
        site.url("/tin/tinh.html"): None, site.url("/missing.html"): "http_status",
        site.url("/private/secret.html"): "robots", unreachable: "unreachable"}


def test_a_robots_txt_server_error_is_named(site, tmp_path):
    site.robots_status = 503
    result = fetch(site.url("/tin/tinh.html"), site.url("/tin/bare.html"), "-o", str(tmp_path))
    assert result.exit_code == 2, result.output
    assert (f"disallowed (disallowed by robots.txt): {site.url('/tin/bare.html')}: "
            "robots.txt: answered HTTP 503, so the site is off limits this run") in result.output.splitlines()
    assert site.paths() == ["/robots.txt"]  # asked once (no retries here), no page requested


@pytest.mark.parametrize(("option", "path", "named"), [
    ("--sitemap", "/no-such-sitemap.xml", "failed (HTTP error): sitemap/feed {url}: HTTP 404"),
    ("--rss", "/tin/tinh.html", "failed (not a sitemap or feed): sitemap/feed {url}: <html> is not a sitemap"),
    ("--rss", "unreachable", "failed (host unreachable): sitemap/feed {url}: robots.txt: "),
])
def test_a_feed_that_cannot_be_read_is_a_failure(site, tmp_path, option, path, named):
    url = f"http://127.0.0.1:{closed_port()}/rss.xml" if path == "unreachable" else site.url(path)
    alone = fetch(option, url, "-o", str(tmp_path))
    assert alone.exit_code == 2, alone.output  # nothing was fetched at all
    assert named.format(url=url) in alone.output and "nothing to fetch" not in alone.output
    with_page = fetch(option, url, site.url("/tin/bare.html"), "-o", str(tmp_path))
    assert with_page.exit_code == 1, with_page.output  # a page fetched, a feed lost


def test_fetcher_files_live_in_a_reserved_folder_and_old_ones_move_in(site, tmp_path):
    old_state = {site.url("/tin/tinh.html"): {"etag": ETAG, "last_modified": None, "fetched": "2024-01-01T00:00:00+00:00"}}
    (tmp_path / STATE_FILE).write_text(json.dumps(old_state), encoding="utf-8")
    (tmp_path / LOG_FILE).write_text('{"url": "x", "outcome": "fetched"}\n', encoding="utf-8")
    result = fetch(site.url("/tin/tinh.html"), "-o", str(tmp_path))
    assert result.exit_code == 0 and result.output.splitlines()[-1] == "1 not_modified"  # the old state was used
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".warc.gz")) == [META_DIR]
    assert sorted(p.name for p in (tmp_path / META_DIR).iterdir()) == [LOG_FILE, STATE_FILE]
    assert len((tmp_path / META_DIR / LOG_FILE).read_text().splitlines()) == 2  # the old row kept


def test_folder_listing_skips_names_starting_with_a_dot(tmp_path):
    (tmp_path / ".dxextract").mkdir()
    (tmp_path / ".dxextract" / "fetch-log.jsonl").write_text("{}\n", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("Đắk Lắk", encoding="utf-8")
    (tmp_path / "bai.txt").write_text("Đắk Lắk", encoding="utf-8")
    assert [source for _, source in expand_paths([tmp_path])] == [str(tmp_path / "bai.txt")]
    assert [source for _, source in expand_paths([tmp_path / ".hidden.txt"])] == [str(tmp_path / ".hidden.txt")]


def test_fetch_then_build_of_the_same_folder_exits_0_with_every_page(site, tmp_path):
    raw, ds = tmp_path / "raw", tmp_path / "ds"
    pages = ["/tin/tinh.html", "/tin/cp1258.html", "/tin/bare.html"]
    fetched = fetch(*(site.url(p) for p in pages), "--rss", site.url("/rss.xml"), "-o", str(raw))
    assert fetched.exit_code == 0, fetched.output
    built = CliRunner().invoke(app, ["build", str(raw), "-o", str(ds), "--jobs", "1"])
    assert built.exit_code == 0, built.output
    with sqlite3.connect(ds / "dataset.sqlite") as db:
        urls = {row[0] for row in db.execute("SELECT source FROM articles")}
        assert db.execute("SELECT count(*) FROM failures").fetchone()[0] == 0
    assert urls == {site.url(p) for p in pages}
