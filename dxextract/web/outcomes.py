"""What became of a URL: the outcomes and reasons a fetch reports, the exceptions that end a URL
and the reason each stands for, and the checks on a URL, a redirect and an answer."""
from __future__ import annotations

import ssl
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from .decoding import BadEncoding, TooLarge
from .netguard import BlockedAddress

REDIRECT_STATUS = frozenset({301, 302, 303, 307, 308})

# Why a URL was not fetched: FetchResult.reason -> what the command line calls it.
REASONS = {
    "robots": "disallowed by robots.txt",
    "private_address": "private address",
    "unsafe_redirect": "unsafe redirect",
    "bad_url": "not a valid http(s) URL",
    "http_status": "HTTP error",
    "unreachable": "host unreachable",
    "tls": "TLS handshake failed",
    "timeout": "timed out",
    "too_large": "too large",
    "bad_encoding": "unreadable compression",
    "bad_response": "broken response",
    "too_many_redirects": "too many redirects",
    "not_a_feed": "not a sitemap or feed",
}


@dataclass
class FetchResult:
    url: str
    outcome: str  # fetched | not_modified | disallowed | refused | failed
    status: int | None = None
    final_url: str | None = None
    error: str | None = None  # what went wrong, in words
    reason: str | None = None  # a key of REASONS when the URL was not fetched
    kind: str = "page"  # page | feed (a sitemap or RSS/Atom feed)


class Skipped(Exception):
    """A URL given up, with the outcome and reason its FetchResult reports."""

    def __init__(self, outcome: str, reason: str, detail: str, status: int | None = None) -> None:
        super().__init__(detail)
        self.outcome, self.reason, self.status = outcome, reason, status


class DeadlineExceeded(httpx.TimeoutException):
    """The whole request (connect and every read) took longer than `timeout`."""


class NotAFeed(ValueError):
    """A sitemap or feed URL whose body is not a sitemap, RSS or Atom document."""


# Exceptions a URL can end with -> (outcome, reason); the first matching class wins.
FAILURES: tuple[tuple[type[Exception], str, str], ...] = (
    (BlockedAddress, "refused", "private_address"),
    (httpx.InvalidURL, "refused", "bad_url"),
    (TooLarge, "failed", "too_large"),
    (BadEncoding, "failed", "bad_encoding"),
    (NotAFeed, "failed", "not_a_feed"),
    (httpx.TimeoutException, "failed", "timeout"),
    (httpx.ConnectError, "failed", "unreachable"),
    (httpx.HTTPError, "failed", "bad_response"),
)
CAUGHT = (Skipped, *(cls for cls, _, _ in FAILURES))


def _from_tls(e: BaseException | None) -> bool:
    """Whether an error comes from the TLS handshake (httpx wraps it as a ConnectError)."""
    while e is not None and not isinstance(e, ssl.SSLError):
        e = e.__cause__ or e.__context__
    return e is not None


def skipped(e: Exception) -> Skipped:
    """Any exception a URL can end with, as a Skipped naming its reason."""
    if isinstance(e, Skipped):
        return e
    outcome, reason = next((o, r) for cls, o, r in FAILURES if isinstance(e, cls))
    if reason == "unreachable" and _from_tls(e):
        reason = "tls"  # the host answered; its certificate or TLS version did not do
    return Skipped(outcome, reason, f"{type(e).__name__}: {e}" if reason == "bad_response" else str(e))


def http_url(url: str) -> bool:
    """Only well-formed http(s) URLs with a host are ever requested (no file:, ftp:, data:...,
    no `http://[::1/`, no port past 65535)."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError when out of range)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def redirect_target(current: str, response: httpx.Response) -> str | None:
    """Where a redirect leads (None for any other answer); Skipped for a non-http(s) target.
    The target's address is checked when its connection is made, like any URL's."""
    if response.status_code not in REDIRECT_STATUS or "location" not in response.headers:
        return None
    target = urljoin(current, response.headers["location"])
    if not http_url(target):
        raise Skipped("refused", "unsafe_redirect", f"redirect to {target}", response.status_code)
    return target


def check_ok(response: httpx.Response) -> None:
    """Skipped for any answer but 200 (the caller handles 304)."""
    if response.status_code != 200:
        raise Skipped("failed", "http_status", f"HTTP {response.status_code}", response.status_code)


def result(url: str, final: str, failure: Skipped, kind: str = "page") -> FetchResult:
    return FetchResult(url, failure.outcome, failure.status, final, str(failure), failure.reason, kind)
