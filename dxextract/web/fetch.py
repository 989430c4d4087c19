"""Polite fetching of news pages into WARC files.

Politeness: robots.txt obeyed (its Crawl-delay too), one request at a time per host with a delay
between them, a global concurrency cap, a descriptive User-Agent, retries with exponential
backoff on 429/5xx and timeouts (Retry-After honoured, capped). Nightly runs stay cheap: the
ETag and Last-Modified of every page are remembered in `DIR/fetch-state.json` and sent back as
conditional headers, so unchanged pages answer 304 and are not stored again. Redirects are
followed by hand so each hop is checked: http(s) only, and never from a public address to a
private, loopback or link-local one (a page on the internet must not make us read the LAN).
"""
from __future__ import annotations

import asyncio
import gzip
import ipaddress
import json
import logging
import os
import socket
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx
from lxml import etree

from .config import FetchConfig
from .warc import WarcArchive

log = logging.getLogger("dxextract.fetch")

STATE_FILE = "fetch-state.json"
LOG_FILE = "fetch-log.jsonl"
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUS = frozenset({301, 302, 303, 307, 308})


@dataclass
class FetchResult:
    url: str
    outcome: str  # fetched | not_modified | disallowed | refused | failed
    status: int | None = None
    final_url: str | None = None
    error: str | None = None


# ---------------------------------------------------------------------------------------------
# Redirect safety


def _is_public_ip(addr: str) -> bool:
    ip = ipaddress.ip_address(addr.split("%")[0])
    return ip.is_global and not ip.is_multicast


def host_is_public(host: str) -> bool:
    """Whether every address `host` resolves to is public (unresolvable counts as not public)."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        return False
    return bool(infos) and all(_is_public_ip(info[4][0]) for info in infos)


def redirect_allowed(source: str, target: str) -> bool:
    """http(s) only; from a public host only to public hosts."""
    if urlsplit(target).scheme not in ("http", "https") or not urlsplit(target).hostname:
        return False
    return not host_is_public(urlsplit(source).hostname or "") or host_is_public(urlsplit(target).hostname)


# ---------------------------------------------------------------------------------------------
# Conditional-request state


class State:
    """ETag / Last-Modified per URL, kept between runs in one small JSON file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.urls: dict[str, dict] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.urls = {}

    def conditional_headers(self, url: str) -> dict[str, str]:
        seen = self.urls.get(url, {})
        headers = {}
        if seen.get("etag"):
            headers["If-None-Match"] = seen["etag"]
        if seen.get("last_modified"):
            headers["If-Modified-Since"] = seen["last_modified"]
        return headers

    def remember(self, url: str, response: httpx.Response) -> None:
        self.urls[url] = {
            "etag": response.headers.get("etag"),
            "last_modified": response.headers.get("last-modified"),
            "fetched": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        }

    def save(self) -> None:
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.urls, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self.path)


# ---------------------------------------------------------------------------------------------
# The crawler


_Answer = tuple[httpx.Response, bytes]  # a response and its whole body


class _Host:
    """Per-host politeness: one request at a time, `delay` seconds apart."""

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.last = 0.0
        self.robots: RobotFileParser | None = None
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
    """Fetch URLs politely into a WARC archive in `folder`; see the module doc."""

    def __init__(self, folder: Path, config: FetchConfig | None = None) -> None:
        self.folder = Path(folder)
        self.config = config or FetchConfig()
        self.state = State(self.folder / STATE_FILE)
        self.hosts: dict[str, _Host] = {}
        self._slots = asyncio.Semaphore(self.config.concurrency)
        self.archive: WarcArchive | None = None

    def _host(self, url: str) -> _Host:
        key = urlsplit(url).netloc.lower()
        return self.hosts.setdefault(key, _Host())

    async def _request(self, client: httpx.AsyncClient, url: str, headers: dict[str, str] | None = None) -> _Answer:
        """One GET, after waiting our turn on the host; the body is read up to `max_bytes`."""
        host = self._host(url)
        async with host.lock:
            wait = host.last + self._delay(host) - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            try:
                async with self._slots, client.stream("GET", url, headers=headers) as response:
                    body = bytearray()
                    async for chunk in response.aiter_bytes():
                        body.extend(chunk)
                        if len(body) > self.config.max_bytes:
                            raise httpx.HTTPError(f"body larger than {self.config.max_bytes} bytes")
                    return response, bytes(body)
            finally:
                host.last = time.monotonic()

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
        """The host's robots.txt, fetched once: missing (4xx) allows all; unreachable or 5xx
        disallows all for this run (we cannot know what the site allows)."""
        host = self._host(url)
        async with host.robots_lock:
            if host.robots is None:
                parts = urlsplit(url)
                robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
                parser = RobotFileParser(robots_url)
                try:
                    response, body = await self._get(client, robots_url)
                    self._archive(robots_url, response, body)
                    if response.status_code >= 500:
                        parser.disallow_all = True
                    elif response.status_code >= 400:
                        parser.allow_all = True
                    else:
                        parser.parse(body.decode("utf-8", "replace").splitlines())
                except httpx.HTTPError as e:
                    log.warning("%s: %s; host treated as disallowed", robots_url, e)
                    parser.disallow_all = True
                host.robots = parser
        return host.robots

    async def allowed(self, client: httpx.AsyncClient, url: str) -> bool:
        return (await self._robots(client, url)).can_fetch(self.config.user_agent, url)

    async def fetch_one(self, client: httpx.AsyncClient, url: str) -> FetchResult:
        """Fetch `url` (following safe redirects), store a changed page, report what happened."""
        current = url
        try:
            for _ in range(self.config.max_redirects + 1):
                if not await self.allowed(client, current):
                    return FetchResult(url, "disallowed", final_url=current)
                response, body = await self._get(client, current, self.state.conditional_headers(current))
                if response.status_code in REDIRECT_STATUS and "location" in response.headers:
                    target = urljoin(current, response.headers["location"])
                    if not await asyncio.to_thread(redirect_allowed, current, target):
                        return FetchResult(url, "refused", response.status_code, target, "unsafe redirect")
                    current = target
                    continue
                return self._store(url, current, response, body)
            return FetchResult(url, "failed", final_url=current, error="too many redirects")
        except httpx.HTTPError as e:
            return FetchResult(url, "failed", final_url=current, error=f"{type(e).__name__}: {e}")

    def _store(self, url: str, final: str, response: httpx.Response, body: bytes) -> FetchResult:
        if response.status_code == 304:
            return FetchResult(url, "not_modified", 304, final)
        if response.status_code != 200:
            return FetchResult(url, "failed", response.status_code, final, f"HTTP {response.status_code}")
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
            headers={"User-Agent": self.config.user_agent},
            timeout=self.config.timeout,
            follow_redirects=False,
        )

    async def discover(self, client: httpx.AsyncClient, feed_url: str, nested_ok: bool = True) -> list[str]:
        """Page URLs listed by a sitemap or an RSS/Atom feed; a sitemap index's sitemaps are
        read too (one level: indexes of indexes are not followed, so no cycles)."""
        if not await self.allowed(client, feed_url):
            log.warning("%s: disallowed by robots.txt", feed_url)
            return []
        try:
            response, body = await self._get(client, feed_url)
        except httpx.HTTPError as e:
            log.warning("%s: %s", feed_url, e)
            return []
        if response.status_code != 200:
            log.warning("%s: HTTP %s", feed_url, response.status_code)
            return []
        self._archive(feed_url, response, body)
        pages, nested = feed_links(body)
        for sitemap in nested if nested_ok else []:
            pages.extend(await self.discover(client, sitemap, nested_ok=False))
        return pages

    async def run(self, urls: Iterable[str] = (), feeds: Iterable[str] = (), limit: int | None = None,
                  ) -> list[FetchResult]:
        """Fetch `urls` and every page the feeds/sitemaps list (each URL once, in order)."""
        self.archive = WarcArchive(self.folder, self.config.user_agent)
        try:
            async with self._client() as client:
                todo = list(urls)
                for feed in feeds:
                    todo.extend(await self.discover(client, feed))
                todo = list(dict.fromkeys(todo))[:limit]
                results = await asyncio.gather(*(self.fetch_one(client, u) for u in todo))
        finally:
            self.archive.close()
            self.state.save()
        with (self.folder / LOG_FILE).open("a", encoding="utf-8") as f:
            for r in results:
                f.write(json.dumps(asdict(r), ensure_ascii=False) + "\n")
        return list(results)


def feed_links(body: bytes) -> tuple[list[str], list[str]]:
    """(page URLs, nested sitemap URLs) of a sitemap, sitemap index, RSS or Atom document."""
    if body[:2] == b"\x1f\x8b":
        body = gzip.decompress(body)
    try:
        root = etree.fromstring(body, etree.XMLParser(recover=True, resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return [], []
    if root is None:
        return [], []
    pages, nested = [], []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        name = etree.QName(el).localname
        parent = el.getparent()
        parent_name = etree.QName(parent).localname if parent is not None else ""
        if name == "loc" and el.text:
            (nested if parent_name == "sitemap" else pages).append(el.text.strip())
        elif name == "link" and parent_name in ("item", "entry"):
            link = el.get("href") or el.text
            if link and el.get("rel", "alternate") == "alternate":
                pages.append(link.strip())
    return pages, nested


def fetch(urls: Iterable[str], folder: Path, *, feeds: Iterable[str] = (), config: FetchConfig | None = None,
          limit: int | None = None) -> list[FetchResult]:
    """Synchronous entry point: fetch pages (and the pages feeds list) into `folder`."""
    return asyncio.run(Fetcher(folder, config).run(urls, feeds, limit))


__all__ = ["FetchConfig", "FetchResult", "Fetcher", "fetch", "feed_links", "redirect_allowed", "host_is_public"]
