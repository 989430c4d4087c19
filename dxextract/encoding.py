"""Bytes to text for Vietnamese sources: BOMs, UTF-8, and the legacy code pages old sites serve.

Windows-1258 writes tones as combining marks, so decoding it needs no table of our own: the
normalizer's NFC pass composes them. Detection order: byte-order mark, then a declared charset
that decodes cleanly, then strict UTF-8, then the legacy candidate that yields the most
Vietnamese-looking text (charset-normalizer proposes one more candidate).
"""
from __future__ import annotations

import codecs

import regex
from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_LEGACY = ("cp1258", "cp1252", "latin-1")
_CATCH_ALL = {"iso8859-1", "cp1252", "ascii"}  # codecs' canonical names
# Letters that only Vietnamese uses (with their tone marks, precomposed or combining).
_VIET = regex.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ\u0300\u0301\u0303\u0309\u0323]|[\p{L}&&[^\p{ASCII}]]")
_BAD = regex.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")


class DecodeError(ValueError):
    """The bytes are not text in any encoding we know (binary, or too damaged)."""


def _score(text: str) -> float:
    """Higher for text that looks like Vietnamese and holds no control characters."""
    if not text:
        return 0.0
    bad = len(_BAD.findall(text))
    viet = len(_VIET.findall(text))
    return (viet - 20 * bad) / len(text)


def _catch_all(charset: str) -> bool:
    """A declaration that proves nothing: a Western single-byte charset, or an unknown name."""
    try:
        return codecs.lookup(charset).name in _CATCH_ALL
    except LookupError:
        return True


def looks_binary(data: bytes) -> bool:
    """NUL bytes outside a UTF-16/32 text, or mostly control bytes."""
    if any(data.startswith(bom) for bom, _ in _BOMS):
        return False
    sample = data[:4096]
    if b"\x00" in sample:
        return True
    ctrl = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return bool(sample) and ctrl / len(sample) > 0.1


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode `data` to text (not yet normalized); raise DecodeError for binary or undecodable bytes."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc)
    if looks_binary(data):
        raise DecodeError("binary content, not text")
    # ISO-8859-1 and Windows-1252 decode any bytes, and servers declare them by default for
    # UTF-8 pages: such a declaration proves nothing, so the content decides.
    if declared and not _catch_all(declared):
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    candidates = list(_LEGACY)
    best = from_bytes(data[:65536]).best()
    if best is not None and best.encoding not in candidates:
        candidates.insert(0, best.encoding)
    decoded = []
    for enc in candidates:
        try:
            decoded.append(data.decode(enc))
        except (LookupError, UnicodeDecodeError):
            continue
    if not decoded:
        raise DecodeError("not decodable as UTF-8 or a legacy Vietnamese encoding")
    text = max(decoded, key=_score)
    if _score(text) < 0:
        raise DecodeError("decodes only to control characters")
    return text
