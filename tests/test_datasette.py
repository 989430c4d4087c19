"""The built dataset served by Datasette with its metadata: canned queries answer over HTTP."""
from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from dxextract.datasette_metadata import QUERIES, data_dictionary, metadata
from research_fixtures import built_dir  # noqa: F401 - fixture

DATASETTE = shutil.which("datasette") or str(Path(sys.executable).with_name("datasette"))
pytestmark = pytest.mark.skipif(not Path(DATASETTE).exists(), reason="datasette is not installed")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(built_dir: Path) -> Iterator[str]:
    """`datasette serve` (immutable: read-only) on a free local port; its base URL."""
    meta = built_dir / "metadata.json"  # written by the build
    assert meta.is_file()
    port = free_port()
    proc = subprocess.Popen([DATASETTE, "serve", "-i", str(built_dir / "dataset.sqlite"), "--metadata", str(meta),
                             "-h", "127.0.0.1", "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                httpx.get(f"{base}/-/versions.json", timeout=1).raise_for_status()
                break
            except httpx.HTTPError:
                if proc.poll() is not None:
                    pytest.fail(f"datasette exited: {proc.stderr.read().decode()}")
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def canned(base: str, name: str, **params: str) -> list[dict]:
    res = httpx.get(f"{base}/dataset/{name}.json", params={**params, "_shape": "array"}, timeout=10)
    res.raise_for_status()
    return res.json()


def test_commitments_by_province(server: str, built_dir: Path) -> None:
    rows = canned(server, "commitments_by_province", province="Đắk Lắk")
    assert rows and {r["province"] for r in rows} == {"Đắk Lắk"}
    assert all(r["sentence"] and r["source"] for r in rows)


def test_accentless_search_finds_commitments(server: str) -> None:
    rows = canned(server, "search_commitments", phrase="dich vu cong truc tuyen")
    assert rows and all("dịch vụ công trực tuyến" in r["sentence"].lower() for r in rows)
    assert canned(server, "search_sentences", phrase="dak lak")
    # a quote in the phrase is text, not FTS syntax
    assert canned(server, "search_sentences", phrase='dak "lak') == canned(server, "search_sentences", phrase="dak lak")


def test_metadata_describes_every_column(built_dir: Path) -> None:
    package = json.loads((built_dir / "datapackage.json").read_text(encoding="utf-8"))
    meta = metadata(package)
    tables = meta["databases"]["dataset"]["tables"]
    assert tables["commitments"]["columns"]["indicator"]
    assert "province" in tables["commitments"]["facets"]
    assert set(meta["databases"]["dataset"]["queries"]) == set(QUERIES)
    doc = data_dictionary(package)
    assert "## `commitments`" in doc and "| `as_of` | string |" in doc
