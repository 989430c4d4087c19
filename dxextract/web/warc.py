"""Raw HTTP responses kept in WARC files (warcio): written by `fetch`, read back by the readers.

A crawl keeps exactly what the server sent (status line, headers, body) so pages can be
re-parsed whenever the extractor improves, without fetching them again. httpx hands us bodies
already decoded from gzip/br, so the stored headers drop `Content-Encoding` and
`Transfer-Encoding` and carry the true `Content-Length`: the record then reads back as is.
"""
from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from datetime import datetime, timezone
from email.message import Message
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HTML_TYPES = ("text/html", "application/xhtml+xml")
_HOP_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}


def charset_of(content_type: str | None) -> str | None:
    """The `charset=` parameter of a Content-Type header."""
    if not content_type:
        return None
    msg = Message()
    msg["content-type"] = content_type
    return msg.get_param("charset")


def media_type(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower()


class WarcArchive:
    """Append-only WARC writer for one crawl run: `DIR/dx-<UTC time>.warc.gz`."""

    def __init__(self, folder: Path, software: str) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(timezone.utc).strftime("%Y%m%d%H%M%S%f")
        self.path = folder / f"dx-{stamp}.warc.gz"
        self._file = self.path.open("ab")
        self._writer = WARCWriter(self._file, gzip=True)
        fields = {"software": software, "format": "WARC File Format 1.1"}
        info = self._writer.create_warcinfo_record(self.path.name, fields)
        self._writer.write_record(info)
        self.count = 0

    def write_response(self, url: str, status: int, reason: str, headers: list[tuple[str, str]],
                       body: bytes) -> None:
        """One `response` record: the status line, the headers (see module doc) and the body."""
        kept = [(k, v) for k, v in headers if k.lower() not in _HOP_HEADERS]
        kept.append(("Content-Length", str(len(body))))
        http = StatusAndHeaders(f"{status} {reason}".strip(), kept, protocol="HTTP/1.1")
        record = self._writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)
        self._writer.write_record(record)
        self._file.flush()
        self.count += 1

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> WarcArchive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def iter_responses(path: Path) -> Iterator[tuple[str, int, str | None, bytes]]:
    """(url, status, content type, body) of every response record. An archive cut short (an
    interrupted download or copy) raises EOFError after its whole records: warcio would hand back
    the bytes of a cut record, or stop without a word at a cut header."""
    path = Path(path)
    with path.open("rb") as f:
        records = ArchiveIterator(f)
        last = 0
        for record in records:
            if record.rec_type != "response" or record.http_headers is None:
                last = records.get_record_offset()  # (this reads the record to its end)
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            status = int(record.http_headers.get_statuscode() or 0)
            body = record.content_stream().read()
            if getattr(record.raw_stream, "limit", 0):  # bytes the record declared but never came
                raise EOFError(f"the record of {url} is cut short: the file is truncated")
            last = records.get_record_offset()
            yield url, status, record.http_headers.get_header("Content-Type"), body
        if path.name.endswith(".gz") and not _gzip_members_end(f, last):
            raise EOFError("the last record is cut short: the file is truncated")


def _gzip_members_end(f: BinaryIO, offset: int) -> bool:
    """Whether every gzip member from `offset` (the last record read) on is complete."""
    f.seek(offset)
    data = f.read()
    while data:
        member = zlib.decompressobj(16 + zlib.MAX_WBITS)
        member.decompress(data)
        if not member.eof:
            return False
        data = member.unused_data
    return True
