"""The fetcher's own files in `DIR/.dxextract`: the ETag and Last-Modified of every page, kept
between runs so unchanged pages answer 304, and the log of every URL's outcome."""
from __future__ import annotations

import json
import logging
import os
from datetime import datetime, timezone
from pathlib import Path

import httpx

log = logging.getLogger("dxextract.fetch")

META_DIR = ".dxextract"  # the fetcher's own files, in a folder every reader skips
STATE_FILE = "fetch-state.json"
LOG_FILE = "fetch-log.jsonl"


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


def meta_folder(folder: Path) -> Path:
    """`folder/.dxextract`, where the fetcher keeps its state and log so that no reader takes
    them for articles; files an older version left beside the WARC files are moved in."""
    meta = folder / META_DIR
    meta.mkdir(parents=True, exist_ok=True)
    for name in (STATE_FILE, LOG_FILE):
        old, new = folder / name, meta / name
        if old.is_file() and not new.exists():
            os.replace(old, new)
        elif old.is_file():
            log.warning("%s: left in place, %s already exists", old, new)
    return meta
