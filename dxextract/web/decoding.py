"""Decompression with a size bound that holds while streaming.

httpx inflates a gzip response in one call per network chunk, with no output limit: a 1 KB
double-gzip answer becomes a gigabyte in memory before any size check can run. Here every
layer of a Content-Encoding chain (and a `.xml.gz` sitemap) inflates at most CHUNK bytes per
step, and the total is counted as it grows, so a bomb stops at the bound with memory staying
near CHUNK per layer.
"""
from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator

CHUNK = 64 * 1024
_ZLIB_OR_GZIP = zlib.MAX_WBITS | 32  # zlib reads either header
_INFLATE = {"gzip": _ZLIB_OR_GZIP, "x-gzip": _ZLIB_OR_GZIP, "deflate": _ZLIB_OR_GZIP}
ACCEPT_ENCODING = "gzip, deflate"


class TooLarge(Exception):
    """A body (or its decompressed form) larger than the configured bound."""


class BadEncoding(Exception):
    """A Content-Encoding we do not read, or a compressed body that is corrupt."""


class _Inflater:
    """One compression layer undone, never more than CHUNK bytes per step; data after the
    end of the stream is ignored, as browsers and httpx do."""

    def __init__(self, wbits: int) -> None:
        self.z = zlib.decompressobj(wbits)

    def _step(self, data: bytes) -> bytes:
        try:
            return self.z.decompress(data, CHUNK)
        except zlib.error as e:
            raise BadEncoding(f"corrupt compressed body: {e}") from e

    def inflate(self, pieces: Iterable[bytes]) -> Iterator[bytes]:
        for data in pieces:
            while data and not self.z.eof:
                out = self._step(data)
                data = self.z.unconsumed_tail
                yield out
                while len(out) == CHUNK and not data and not self.z.eof:  # output still pending in zlib
                    out = self._step(b"")
                    yield out


class BoundedDecoder:
    """Undo a Content-Encoding chain (`gzip, gzip` was applied left to right) on a stream of
    raw chunks, raising TooLarge once the raw or the decoded size passes `limit`."""

    def __init__(self, content_encoding: str | None, limit: int) -> None:
        names = [e.strip().lower() for e in (content_encoding or "").split(",")]
        names = [e for e in names if e and e != "identity"]
        unknown = [e for e in names if e not in _INFLATE]
        if unknown:
            raise BadEncoding(f"unsupported Content-Encoding {', '.join(unknown)}")
        self.layers = [_Inflater(_INFLATE[e]) for e in reversed(names)]
        self.limit = limit
        self.raw = self.size = 0

    def feed(self, chunk: bytes) -> Iterator[bytes]:
        """The decoded pieces of one raw chunk, lazily: each layer inflates only what the next
        asks for, so the size check runs before the next CHUNK is produced."""
        self.raw += len(chunk)
        if self.raw > self.limit:
            raise TooLarge(f"body larger than {self.limit} bytes")
        pieces: Iterable[bytes] = (chunk,)
        for layer in self.layers:
            pieces = layer.inflate(pieces)
        for piece in pieces:
            self.size += len(piece)
            if self.size > self.limit:
                raise TooLarge(f"body larger than {self.limit} bytes once decompressed")
            if piece:
                yield piece


def gunzip_bounded(data: bytes, limit: int) -> bytes:
    """A gzip file's content (a `.xml.gz` sitemap), or TooLarge past `limit` bytes."""
    return b"".join(BoundedDecoder("gzip", limit).feed(data))


__all__ = ["ACCEPT_ENCODING", "BadEncoding", "BoundedDecoder", "TooLarge", "gunzip_bounded"]
