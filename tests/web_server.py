"""A real HTTP server on localhost for the fetcher's tests: pages, robots.txt, a sitemap, an RSS
feed, redirects, a 429, 500s, a slow page and a page in Windows-1258. Every request is logged
(path, headers, time) so tests can check what the crawler asked for and when."""
from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data" / "web"

ROBOTS = b"User-agent: *\nDisallow: /private/\n"
ETAG = '"tinh-v1"'


@dataclass
class Hit:
    path: str
    headers: dict[str, str]
    start: float
    end: float = 0.0


@dataclass
class Site:
    """The running server: its base URL and the requests it saw."""

    base: str
    hits: list[Hit] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return self.base + path

    def paths(self) -> list[str]:
        return [h.path for h in self.hits]

    def count(self, path: str) -> int:
        return self.paths().count(path)


def _sitemap(base: str) -> bytes:
    locs = "".join(f"<url><loc>{base}{p}</loc></url>" for p in ("/tin/tinh.html", "/tin/bare.html", "/private/secret.html"))
    return f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>'.encode()


def _rss(base: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Tin chuyển đổi số</title>'
        f"<item><title>Gia Lai ứng dụng chữ ký số</title><link>{base}/tin/cp1258.html</link></item>"
        f"<item><title>Đắk Lắk đẩy mạnh chuyển đổi số</title><link>{base}/tin/tinh.html</link></item>"
        "</channel></rss>"
    ).encode()


def make_handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:  # keep test output quiet
            pass

        def _send(self, status: int, body: bytes = b"", ctype: str = "text/html; charset=utf-8", headers: dict | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            hit = Hit(self.path, {k.lower(): v for k, v in self.headers.items()}, time.monotonic())
            with site.lock:
                site.hits.append(hit)
                seen = site.count(self.path)
            try:
                self._route(seen)
            finally:
                hit.end = time.monotonic()

        def _route(self, seen: int) -> None:
            path = self.path
            if path == "/robots.txt":
                self._send(200, ROBOTS, "text/plain")
            elif path == "/sitemap.xml":
                self._send(200, _sitemap(site.base), "application/xml")
            elif path == "/rss.xml":
                self._send(200, _rss(site.base), "application/rss+xml")
            elif path == "/tin/tinh.html":
                if self.headers.get("If-None-Match") == ETAG:
                    self._send(304, headers={"ETag": ETAG})
                else:
                    self._send(200, (DATA / "tinh.html").read_bytes(), headers={"ETag": ETAG})
            elif path in ("/tin/bare.html", "/private/secret.html"):
                self._send(200, (DATA / "bare.html").read_bytes(), headers={"Last-Modified": "Fri, 19 May 2023 01:15:00 GMT"})
            elif path == "/tin/cp1258.html":
                self._send(200, (DATA / "cp1258.html").read_bytes(), "text/html; charset=windows-1258")
            elif path == "/moved":
                self._send(301, headers={"Location": "/tin/tinh.html"})
            elif path == "/to-file":
                self._send(302, headers={"Location": "file:///etc/passwd"})
            elif path == "/busy":  # 429 once, then the page
                if seen == 1:
                    self._send(429, headers={"Retry-After": "0"})
                else:
                    self._send(200, (DATA / "bare.html").read_bytes())
            elif path == "/flaky":  # 500 once, then the page
                self._send(500) if seen == 1 else self._send(200, (DATA / "bare.html").read_bytes())
            elif path == "/broken":
                self._send(500)
            elif path == "/slow":  # too slow once, then fast
                if seen == 1:
                    time.sleep(0.6)
                self._send(200, (DATA / "bare.html").read_bytes())
            else:
                self._send(404, b"not found")

    return Handler


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that timed out and hung up is part of the test, not an error


@pytest.fixture()
def site() -> Iterator[Site]:
    """A fresh server on an ephemeral port for each test."""
    server = _QuietServer(("127.0.0.1", 0), None)  # type: ignore[arg-type]
    s = Site(base=f"http://127.0.0.1:{server.server_address[1]}")
    server.RequestHandlerClass = make_handler(s)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield s
    finally:
        server.shutdown()
        server.server_close()
