"""A real HTTP server on localhost for the fetcher's tests: pages, robots.txt, a sitemap, an RSS
feed, redirects, a 429, 500s, a slow page, a page in Windows-1258, a page sent one byte at a
time, gzip bombs, and feeds and redirects a test points where it likes (`Site.listed`,
`Site.redirects`). Every request is logged (path, headers, time) so tests can check what the
crawler asked for and when. Servers also run on 127.0.0.2 and [::1] (`private_sites`) to prove
no request reaches them; nothing here ever talks to a non-loopback address."""
from __future__ import annotations

import contextlib
import gzip
import ipaddress
import socket
import struct
import threading
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
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
    listed: list[str] = field(default_factory=list)  # the URLs /listed-rss.xml and /listed-sitemap.xml give
    redirects: dict[str, str] = field(default_factory=dict)  # path -> Location
    robots_status: int = 200  # what /robots.txt answers (its rules with 200)

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


def _listed_rss(urls: list[str]) -> bytes:
    items = "".join(f"<item><title>Tin</title><link>{u}</link></item>" for u in urls)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Tin</title>{items}</channel></rss>'.encode()


def _listed_sitemap(urls: list[str]) -> bytes:
    locs = "".join(f"<url><loc>{u}</loc></url>" for u in urls)
    return f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>'.encode()


@lru_cache(maxsize=4)
def gzip_bomb(size: int, block: int = 1 << 20) -> bytes:
    """A gzip file of `size` zero bytes, about size/1000 on the wire, built without ever holding
    `size` bytes: the deflate block for `block` zeros after a full flush is the same bytes each
    time, so it is repeated, and the CRC is computed block by block."""
    c = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    zeros = bytes(block)
    piece = c.compress(zeros) + c.flush(zlib.Z_FULL_FLUSH)
    n, crc = size // block, 0
    for _ in range(n):
        crc = zlib.crc32(zeros, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    return header + piece * n + c.flush() + struct.pack("<II", crc, (n * block) & 0xFFFFFFFF)


# /enc/NAME+NAME/page: each NAME -> (the Content-Encoding it claims, what it does to the body)
ENCODERS = {"gzip": ("gzip", gzip.compress), "deflate": ("deflate", zlib.compress), "br": ("br", bytes),
            "corrupt": ("gzip", lambda b: gzip.compress(b)[:20] + b"junk" * 50)}
BOMB_SIZE = 1 << 30  # what /bomb and /sitemap-bomb.xml.gz unpack to


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
                self._send(site.robots_status, ROBOTS if site.robots_status == 200 else b"", "text/plain")
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
                self._route_more(path)

        def _route_more(self, path: str) -> None:
            if path in site.redirects:
                self._send(302, headers={"Location": site.redirects[path]})
            elif path.startswith("/enc/"):  # /enc/gzip+gzip/tinh.html: the page under that Content-Encoding
                names, page = path.split("/")[2:4]
                body, claimed = (DATA / page).read_bytes(), []
                for name in names.split("+"):
                    claimed.append(ENCODERS[name][0])
                    body = ENCODERS[name][1](body)
                self._send(200, body, headers={"Content-Encoding": ", ".join(claimed)})
            elif path == "/sitemap.xml.gz":
                self._send(200, gzip.compress(_sitemap(site.base)), "application/x-gzip")
            elif path == "/listed-rss.xml":
                self._send(200, _listed_rss(site.listed), "application/rss+xml")
            elif path == "/listed-sitemap.xml":
                self._send(200, _listed_sitemap(site.listed), "application/xml")
            elif path == "/bomb":  # 1 GiB of zeros, gzipped twice: ~2.5 KB on the wire
                self._send(200, gzip.compress(gzip_bomb(BOMB_SIZE), 9), headers={"Content-Encoding": "gzip, gzip"})
            elif path == "/sitemap-bomb.xml.gz":  # a gzipped "sitemap" of 1 GiB: ~1 MB on the wire
                self._send(200, gzip_bomb(BOMB_SIZE), "application/x-gzip")
            elif path == "/trickle":  # a page sent one byte every 0.2 s (20 s in all)
                self._trickle(b"<html><body>" + b"x" * 88 + b"</body></html>", 0.2)
            else:
                self._send(404, b"not found")

        def _trickle(self, body: bytes, pause: float) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            for i in range(len(body)):
                self.wfile.write(body[i:i + 1])
                self.wfile.flush()
                time.sleep(pause)

    return Handler



class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that timed out and hung up is part of the test, not an error


class _QuietServer6(_QuietServer):
    address_family = socket.AF_INET6


@contextlib.contextmanager
def serve(host: str = "127.0.0.1") -> Iterator[Site]:
    """A fresh server on an ephemeral port of a loopback address (IPv4 or IPv6)."""
    if not ipaddress.ip_address(host).is_loopback:
        raise ValueError("test servers listen on loopback addresses only")
    server_class = _QuietServer6 if ":" in host else _QuietServer
    server = server_class((host, 0), None)  # type: ignore[arg-type]
    netloc = f"[{host}]" if ":" in host else host
    s = Site(base=f"http://{netloc}:{server.server_address[1]}")
    server.RequestHandlerClass = make_handler(s)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield s
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture()
def site() -> Iterator[Site]:
    """A fresh server on 127.0.0.1 for each test."""
    with serve() as s:
        yield s


@pytest.fixture()
def private_sites() -> Iterator[list[Site]]:
    """Servers on 127.0.0.2 and [::1], which a fetcher allowed only 127.0.0.1 must never reach."""
    with serve("127.0.0.2") as v4, serve("::1") as v6:
        yield [v4, v6]


@pytest.fixture()
def no_dns(monkeypatch: pytest.MonkeyPatch) -> None:
    """The system resolver answers only for IP literals and `localhost` (from /etc/hosts): a
    test that would send a DNS query off the machine fails instead."""
    real = socket.getaddrinfo

    def loopback_only(host: object, *args: object, **kwargs: object) -> object:
        name = host.decode() if isinstance(host, bytes) else str(host)
        try:
            ipaddress.ip_address(name)
        except ValueError:
            if name != "localhost":
                raise socket.gaierror(socket.EAI_NONAME, f"test refuses to look up {name}") from None
        return real(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", loopback_only)
