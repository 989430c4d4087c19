"""`dxextract extract -` reads standard input (issue 15, item 17), run as a real process."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SENTENCE = "Tỉnh Đắk Lắk phấn đấu đến năm 2025, 100% dịch vụ công trực tuyến mức độ 4."


def extract(*args: str, stdin: bytes) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "dxextract", "extract", *args], input=stdin,
                          capture_output=True, env=env, timeout=120)


def test_dash_reads_standard_input_beside_files() -> None:
    res = extract("-", str(ROOT / "corpus" / "001_ef6a8b9dc3eafaab.txt"), "--published", "2021-12-01",
                  stdin=SENTENCE.encode("utf-8"))
    assert res.returncode == 0, res.stderr.decode()
    rows = [json.loads(line) for line in res.stdout.decode().splitlines()]
    first = [r for r in rows if r["source"] == "<stdin>"]
    assert rows[: len(first)] == first  # in the order named
    (target,) = [r for r in first if r["type"] == "commitment"]
    assert (target["province"], target["value"], target["deadline"]) == ("Đắk Lắk", 100.0, "2025")
    assert SENTENCE[target["start"]:target["end"]] == target["text"]
    assert any(r["source"].endswith("001_ef6a8b9dc3eafaab.txt") for r in rows)


def test_empty_standard_input_is_named() -> None:
    res = extract("-", stdin=b"")
    assert res.returncode == 2
    assert res.stderr.decode().strip() == "warning: skipped <stdin>: no text on standard input"
