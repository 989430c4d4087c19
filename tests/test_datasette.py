"""The built dataset served by Datasette with its metadata: canned queries answer over HTTP."""
from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from dxextract.datasette_metadata import QUERIES, READING_ORDER, READING_VIEW, data_dictionary, metadata
from dxextract.writers import STORED, VIEWED
from research_fixtures import built_dir  # noqa: F401 - fixture

DATASETTE = shutil.which("datasette") or str(Path(sys.executable).with_name("datasette"))
pytestmark = pytest.mark.skipif(not Path(DATASETTE).exists(), reason="datasette is not installed")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(base: str, proc: subprocess.Popen) -> None:
    """Until the Datasette server at `base` answers (or fail with what it said when it exits)."""
    for _ in range(200):
        try:
            httpx.get(f"{base}/-/versions.json", timeout=1).raise_for_status()
            return
        except httpx.HTTPError:
            if proc.poll() is not None:
                pytest.fail(f"datasette exited: {proc.stderr.read().decode()}")
            time.sleep(0.05)
    pytest.fail("datasette did not start")


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
        wait_until_up(base, proc)
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
    assert canned(server, "commitments_by_province", province="dak lak") == rows  # accents optional
    merged = canned(server, "commitments_by_province", province="lam dong")
    assert {r["province"] for r in merged} == {"Đắk Nông"} and {r["province_2025"] for r in merged} == {"Lâm Đồng"}


def test_targets_vs_actuals_needs_no_accents(server: str) -> None:
    rows = canned(server, "targets_vs_actuals", province="dak lak", indicator="dich vu cong truc tuyen")
    assert rows and all("dịch vụ công trực tuyến" in r["indicator"] for r in rows)
    assert rows == canned(server, "targets_vs_actuals", province="Đắk Lắk", indicator="dịch vụ công trực tuyến")


def test_accentless_search_finds_commitments(server: str) -> None:
    rows = canned(server, "search_commitments", phrase="dich vu cong truc tuyen")
    assert rows and all("dịch vụ công trực tuyến" in r["sentence"].lower() for r in rows)
    found = canned(server, "search_sentences", phrase="dak lak")
    assert found and canned(server, "search_sentences", phrase="Đắk Lắk") == found  # the phrase is folded as the index
    # a quote in the phrase is text, not FTS syntax
    assert canned(server, "search_sentences", phrase='dak "lak') == canned(server, "search_sentences", phrase="dak lak")


def test_the_sentences_table_has_datasettes_search_box_accents_optional(server: str) -> None:
    """Datasette finds the external-content index of `sentences` and searches it from the table page:
    marks optional, đ written as d (the box runs a raw MATCH on the folded index)."""
    def search(q: str) -> list[dict]:
        res = httpx.get(f"{server}/dataset/sentences.json", params={"_search": q, "_shape": "array"}, timeout=10)
        res.raise_for_status()
        return res.json()

    rows = search("dak lak")
    assert rows and all("Đắk Lắk" in r["sentence"] or "Đăk Lăk" in r["sentence"] for r in rows)
    assert search("Dắk Lắk") == rows


def test_record_views_serve_every_column_and_hide_the_tables_under_them(server: str) -> None:
    """legal_refs, dates, numbers and entities are views (over `<name>_stored`, hidden): Datasette
    lists, facets and filters them with every column, the looked-up ones included."""
    tables = {t["name"]: t for t in httpx.get(f"{server}/dataset.json", timeout=10).json()["tables"]}
    assert all(tables[name + STORED]["hidden"] and name not in tables for name in VIEWED)
    res = httpx.get(f"{server}/dataset/entities.json", params={"_facet": "label", "_extra": "facet_results"}, timeout=10)
    res.raise_for_status()
    page = res.json()
    assert page["is_view"] and page["facet_results"]["label"]["results"]
    rows = [dict(zip(page["columns"], row)) for row in page["rows"]]
    assert rows and all(r["type"] == "entity" and r["article_id"] and r["source"] and r["text"] for r in rows)
    one = rows[0]["article_id"]
    filtered = httpx.get(f"{server}/dataset/entities.json", params={"article_id": one, "_shape": "array"}, timeout=10).json()
    assert filtered and {r["article_id"] for r in filtered} == {one}


def test_metadata_describes_every_column(built_dir: Path) -> None:
    package = json.loads((built_dir / "datapackage.json").read_text(encoding="utf-8"))
    meta = metadata(package)
    tables = meta["databases"]["dataset"]["tables"]
    assert tables["commitments"]["columns"]["indicator"]
    assert "province" in tables["commitments"]["facets"]
    assert set(meta["databases"]["dataset"]["queries"]) == set(QUERIES)
    assert all(tables[name + STORED]["hidden"] and f"{name}{STORED}" in tables[name]["description_html"] for name in VIEWED)
    doc = data_dictionary(package)
    assert "## `commitments`" in doc and "| `as_of` | string |" in doc


# --- what a reader sees: the page in a real headless browser --------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


class Browser:
    """Headless Chromium driven over its DevTools pipe (fd 3 in, fd 4 out; no extra package)."""

    def __init__(self, width: int = 1280, height: int = 900) -> None:
        to_child, self._out = os.pipe()
        self._in, from_child = os.pipe()

        def wire() -> None:  # in the child: commands on fd 3, answers on fd 4 (dup first: a pipe may be 3)
            commands, answers = os.dup(to_child), os.dup(from_child)
            os.dup2(commands, 3)
            os.dup2(answers, 4)

        self.proc = subprocess.Popen([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                                      "--remote-debugging-pipe", f"--window-size={width},{height}", "about:blank"],
                                     preexec_fn=wire, close_fds=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_child)
        os.close(from_child)
        self._next, self._buffer, self.session = 0, b"", None

    def call(self, method: str, **params: object) -> dict:
        self._next += 1
        msg = {"id": self._next, "method": method, "params": params}
        if self.session:
            msg["sessionId"] = self.session
        os.write(self._out, json.dumps(msg).encode() + b"\0")
        while True:  # events come in between; the answer carries our id
            while b"\0" not in self._buffer:
                chunk = os.read(self._in, 1 << 16)
                assert chunk, "chromium closed its DevTools pipe"
                self._buffer += chunk
            raw, self._buffer = self._buffer.split(b"\0", 1)
            answer = json.loads(raw)
            if answer.get("id") == self._next:
                assert "error" not in answer, answer["error"]
                return answer["result"]

    def open(self, url: str) -> None:
        target = self.call("Target.createTarget", url=url)["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        loaded = f"document.readyState === 'complete' && location.href === {json.dumps(url)}"
        for _ in range(100):
            if self.evaluate(loaded):
                return
            time.sleep(0.1)
        pytest.fail(f"{url} did not load")

    def evaluate(self, expression: str) -> object:
        answer = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        assert "exceptionDetails" not in answer, answer["result"].get("description")
        return answer["result"].get("value")

    def screenshot(self, path: Path) -> Path:
        path.write_bytes(base64.b64decode(self.call("Page.captureScreenshot", format="png")["data"]))
        return path

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait(timeout=10)
        os.close(self._in)
        os.close(self._out)


LAYOUT = """JSON.stringify({
  columns: [...document.querySelectorAll('table.rows-and-columns thead th')].map(th => th.dataset.column),
  described: [...document.querySelectorAll('table.rows-and-columns thead th')].filter(th => th.dataset.columnDescription).length,
  tableTop: document.querySelector('table.rows-and-columns').getBoundingClientRect().top,
  blockShown: [...document.querySelectorAll('dl.column-descriptions')].some(dl => dl.getBoundingClientRect().height > 0),
  collapsed: [...document.querySelectorAll('details')].some(d => !d.open && d.textContent.includes('columns mean')),
})"""


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (Debian: apt-get install chromium)")
def test_commitments_open_with_the_reading_columns_and_rows_in_view(server: str, tmp_path: Path) -> None:
    browser = Browser()
    try:
        browser.open(f"{server}/dataset/{READING_VIEW}")
        page = json.loads(browser.evaluate(LAYOUT))
        shot = browser.screenshot(tmp_path / "commitments.png")
        browser.open(f"{server}/dataset/commitments")
        table = json.loads(browser.evaluate(LAYOUT))
    finally:
        browser.close()
    assert page["columns"][: len(READING_ORDER)] == list(READING_ORDER), page["columns"]
    assert page["described"] == len(page["columns"])  # each header keeps its description (column menu)
    assert not page["blockShown"] and page["collapsed"]
    assert page["tableTop"] < 700, f"the first row starts {page['tableTop']} px down the page ({shot})"
    assert shot.read_bytes().startswith(b"\x89PNG")
    # the table itself: its ~800 px of descriptions collapsed too (the rows were at ~1,500 px)
    assert not table["blockShown"] and table["collapsed"] and table["tableTop"] < 800
