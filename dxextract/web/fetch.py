"""Polite fetching of news pages into WARC files.

Politeness: robots.txt obeyed (its Crawl-delay too), one request at a time per host with a delay
between them, a global concurrency cap, a descriptive User-Agent, retries with exponential
backoff on 429/5xx and timeouts (Retry-After honoured, capped). Nightly runs stay cheap: the
ETag and Last-Modified of every page are remembered in `DIR/.dxextract/fetch-state.json` and sent
back as conditional headers, so unchanged pages answer 304 and are not stored again.

Safety: every connection (pages, robots.txt, feeds, the pages they list, each redirect hop, which
is followed by hand) goes through `netguard`, which refuses private, loopback, link-local and
metadata addresses and connects to the address it checked; redirects go to http(s) only. Each
request has a total deadline (`timeout`: connecting and reading every byte) and its body a size
bound that holds while decompressing (`decoding`). Every URL not fetched says why (`REASONS`).
"""
from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Iterable
from dataclasses import asdict
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from .config import FetchConfig
from .crawl_state import LOG_FILE, STATE_FILE, State, meta_folder
from .decoding import ACCEPT_ENCODING, BoundedDecoder
from .feeds import feed_links
from .netguard import AddressPolicy, Resolver, pinned_transport, system_resolver
from .outcomes import CAUGHT, DeadlineExceeded, FetchResult, Skipped, check_ok, http_url, redirect_target, result, skipped
from .warc import WarcArchive

log = logging.getLogger("dxextract.fetch")

RETRY_STATUS = frozenset({429, 500, 502, 503, 504})


_Answer = tuple[httpx.Response, bytes]  # a response and its whole body


class _Host:
    """Per-host politeness: one request at a time, `delay` seconds apart; robots.txt read once
    (or the error that kept it from being read, which every URL of the host then reports)."""

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.last = 0.0
        self.robots: RobotFileParser | None = None
        self.robots_error: Skipped | None = None
        self.robots_lock = asyncio.Lock()


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            return max(0.0, (parsedate_to_datetime(value) - datetime.now(timezone.utc)).total_seconds())
        except (TypeError, ValueError):
            return None


class Fetcher:
    """Fetch URLs politely into a WARC archive in `folder`; see the module doc. `resolver`
    replaces the system's DNS lookup (the addresses it gives are still checked)."""

    def __init__(self, folder: Path, config: FetchConfig | None = None,
                 resolver: Resolver = system_resolver) -> None:
        self.folder = Path(folder)
        self.config = config or FetchConfig()
        self.meta = meta_folder(self.folder)
        self.state = State(self.meta / STATE_FILE)
        self.hosts: dict[str, _Host] = {}
        self._slots = asyncio.Semaphore(self.config.concurrency)
        self.archive: WarcArchive | None = None
        self.policy = AddressPolicy(self.config.allow_private, self.config.allowed_networks)
        self.resolver = resolver

    def _host(self, url: str) -> _Host:
        key = urlsplit(url).netloc.lower()
        return self.hosts.setdefault(key, _Host())

    async def _request(self, client: httpx.AsyncClient, url: str, headers: dict[str, str] | None = None) -> _Answer:
        """One GET, after waiting our turn on the host (the wait is not part of the deadline)."""
        host = self._host(url)
        async with host.lock:
            wait = host.last + self._delay(host) - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            try:
                async with self._slots:
                    return await self._download(client, url, headers)
            finally:
                host.last = time.monotonic()

    async def _download(self, client: httpx.AsyncClient, url: str, headers: dict[str, str] | None) -> _Answer:
        """The response and its decoded body, within `timeout` in all and `max_bytes` at most."""
        try:
            async with asyncio.timeout(self.config.timeout):
                async with client.stream("GET", url, headers=headers) as response:
                    decoder = BoundedDecoder(response.headers.get("content-encoding"), self.config.max_bytes)
                    body = bytearray()
                    async for chunk in response.aiter_raw():
                        for piece in decoder.feed(chunk):
                            body.extend(piece)
                    return response, bytes(body)
        except TimeoutError as e:
            raise DeadlineExceeded(f"no complete answer within {self.config.timeout:g} s") from e

    def _delay(self, host: _Host) -> float:
        crawl_delay = host.robots.crawl_delay(self.config.user_agent) if host.robots else None
        return max(self.config.delay, float(crawl_delay or 0))

    async def _get(self, client: httpx.AsyncClient, url: str, headers: dict[str, str] | None = None) -> _Answer:
        """A GET, retried with backoff on 429/5xx, timeouts and transport errors; the last
        attempt's response (or error) is the answer."""
        for attempt in range(self.config.retries):
            try:
                response, body = await self._request(client, url, headers)
            except httpx.TransportError as e:
                log.info("%s: %s; retrying", url, type(e).__name__)
                await asyncio.sleep(self._backoff(attempt))
                continue
            if response.status_code not in RETRY_STATUS:
                return response, body
            after = _retry_after(response)
            log.info("%s: HTTP %s; retrying", url, response.status_code)
            await asyncio.sleep(min(self.config.max_backoff, self._backoff(attempt) if after is None else after))
        return await self._request(client, url, headers)

    def _backoff(self, attempt: int) -> float:
        return min(self.config.max_backoff, self.config.backoff * 2**attempt)

    async def _robots(self, client: httpx.AsyncClient, url: str) -> RobotFileParser:
        """The host's robots.txt, fetched once: missing (4xx) allows all, 5xx disallows all
        (the site is in trouble; Google's rule). One that cannot be fetched at all (host
        unreachable, timeout, private address) is that failure, for every URL of the host."""
        host = self._host(url)
        async with host.robots_lock:
            if host.robots is None and host.robots_error is None:
                parts = urlsplit(url)
                robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
                try:
                    host.robots = self._parse_robots(robots_url, *await self._get(client, robots_url))
                except CAUGHT as e:
                    failure = skipped(e)
                    host.robots_error = Skipped(failure.outcome, failure.reason, f"robots.txt: {failure}")
        if host.robots_error is not None:
            raise host.robots_error
        assert host.robots is not None
        return host.robots

    def _parse_robots(self, robots_url: str, response: httpx.Response, body: bytes) -> RobotFileParser:
        self._archive(robots_url, response, body)
        if response.status_code >= 500:
            detail = f"answered HTTP {response.status_code}, so the site is off limits this run"
            raise Skipped("disallowed", "robots", detail)
        parser = RobotFileParser(robots_url)
        if response.status_code >= 400:
            parser.allow_all = True
        else:
            parser.parse(body.decode("utf-8", "replace").splitlines())
        return parser

    async def _get_allowed(self, client: httpx.AsyncClient, url: str, headers: dict[str, str] | None = None,
                           ) -> _Answer:
        """`_get` for a URL robots.txt lets us fetch; Skipped otherwise."""
        if not http_url(url):
            raise Skipped("refused", "bad_url", f"not a valid http(s) URL: {url}")
        if not (await self._robots(client, url)).can_fetch(self.config.user_agent, url):
            raise Skipped("disallowed", "robots", "disallowed by robots.txt")
        return await self._get(client, url, headers)

    async def _follow(self, client: httpx.AsyncClient, hops: list[str], conditional: bool = False) -> _Answer:
        """GET `hops[0]`, following redirects by hand (each hop is checked like any URL and
        appended to `hops`, so a failure can name the hop it happened on)."""
        for _ in range(self.config.max_redirects + 1):
            headers = self.state.conditional_headers(hops[-1]) if conditional else None
            response, body = await self._get_allowed(client, hops[-1], headers)
            target = redirect_target(hops[-1], response)
            if target is None:
                return response, body
            hops.append(target)
        raise Skipped("failed", "too_many_redirects", f"more than {self.config.max_redirects} redirects")

    async def fetch_one(self, client: httpx.AsyncClient, url: str) -> FetchResult:
        """Fetch `url` (following safe redirects), store a changed page, report what happened."""
        hops = [url]
        try:
            response, body = await self._follow(client, hops, conditional=True)
            return self._store(url, hops[-1], response, body)
        except CAUGHT as e:
            return result(url, hops[-1], skipped(e))

    def _store(self, url: str, final: str, response: httpx.Response, body: bytes) -> FetchResult:
        if response.status_code == 304:
            return FetchResult(url, "not_modified", 304, final)
        check_ok(response)
        self._archive(final, response, body)
        self.state.remember(final, response)
        return FetchResult(url, "fetched", 200, final)

    def _archive(self, url: str, response: httpx.Response, body: bytes) -> None:
        if self.archive is None:
            raise RuntimeError("Fetcher.run opens the archive")
        headers = response.headers.multi_items()
        self.archive.write_response(url, response.status_code, response.reason_phrase, headers, body)

    def _client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            headers={"User-Agent": self.config.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
            timeout=self.config.timeout,
            follow_redirects=False,
            trust_env=False,  # no proxy from the environment: it would connect where we never checked
            transport=pinned_transport(self.policy, self.resolver),
        )

    async def discover(self, client: httpx.AsyncClient, feed_url: str, nested_ok: bool = True,
                       ) -> tuple[list[str], list[FetchResult]]:
        """(page URLs, failures) of a sitemap or an RSS/Atom feed; a sitemap index's sitemaps are
        read too (one level: indexes of indexes are not followed, so no cycles). A feed that
        cannot be read is a failure like a page's, never an empty list."""
        hops = [feed_url]
        try:
            response, body = await self._follow(client, hops)
            check_ok(response)
            self._archive(hops[-1], response, body)
            pages, nested = feed_links(body, self.config.max_bytes)
        except CAUGHT as e:
            return [], [result(feed_url, hops[-1], skipped(e), kind="feed")]
        failures: list[FetchResult] = []
        for sitemap in nested if nested_ok else []:
            more, failed = await self.discover(client, sitemap, nested_ok=False)
            pages.extend(more)
            failures.extend(failed)
        return pages, failures

    async def run(self, urls: Iterable[str] = (), feeds: Iterable[str] = (), limit: int | None = None,
                  ) -> list[FetchResult]:
        """Fetch `urls` and every page the feeds/sitemaps list (each URL once, in order); the
        results of feeds that could not be read come first."""
        self.archive = WarcArchive(self.folder, self.config.user_agent)
        results: list[FetchResult] = []
        try:
            async with self._client() as client:
                todo = list(urls)
                for feed in feeds:
                    pages, failures = await self.discover(client, feed)
                    todo.extend(pages)
                    results.extend(failures)
                todo = list(dict.fromkeys(todo))[:limit]
                results.extend(await asyncio.gather(*(self.fetch_one(client, u) for u in todo)))
        finally:
            self.archive.close()
            self.state.save()
        with (self.meta / LOG_FILE).open("a", encoding="utf-8") as f:
            for r in results:
                f.write(json.dumps(asdict(r), ensure_ascii=False) + "\n")
        return results


def fetch(urls: Iterable[str], folder: Path, *, feeds: Iterable[str] = (), config: FetchConfig | None = None,
          limit: int | None = None, resolver: Resolver = system_resolver) -> list[FetchResult]:
    """Synchronous entry point: fetch pages (and the pages feeds list) into `folder`."""
    return asyncio.run(Fetcher(folder, config, resolver).run(urls, feeds, limit))


__all__ = ["FetchConfig", "FetchResult", "Fetcher", "fetch", "feed_links", "http_url", "meta_folder"]
