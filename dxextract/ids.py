"""Deterministic ids: the same input gives the same id on every run and every machine."""
from __future__ import annotations

import hashlib
import json


def stable_id(*parts: object) -> str:
    """A 16-hex-digit hash of `parts` (JSON-encoded, so types and order matter)."""
    return hashlib.sha1(json.dumps(parts, ensure_ascii=False, default=str).encode()).hexdigest()[:16]


def article_id_for(*, url: str | None = None, row: tuple[str, object] | None = None, text: str | None = None) -> str:
    """SCHEMA.md: a hash of the URL when known, else of the JSON Lines row's id with its file
    name, else of the normalized text."""
    if url:
        return stable_id("url", url)
    if row is not None:
        return stable_id("row", row[0], str(row[1]))
    return stable_id("text", text or "")
