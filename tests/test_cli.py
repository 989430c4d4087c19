"""The command line contract (SCHEMA.md): formats, exit codes, warnings, through a real process."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import dxextract as dx


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dxextract", *args], capture_output=True, text=True, timeout=300)


def test_help_and_version():
    assert run("--help").returncode == 0
    out = run("--version")
    assert out.returncode == 0 and dx.__version__ in out.stdout


def test_extract_jsonl_records_point_into_the_article_text(corpus_files):
    path = str(corpus_files[2])
    out = run("extract", path)
    assert out.returncode == 0, out.stderr
    recs = [json.loads(line) for line in out.stdout.splitlines()]
    text = dx.read(path).text
    assert recs, "no records"
    for r in recs:
        assert r["source"] == path
        assert text[r["start"]:r["end"]] == r["text"]
        assert r["text"] in r["sentence"]
    assert {r["type"] for r in recs} >= {"date", "number"}


def test_extract_csv_has_type_first_and_the_union_of_columns(corpus_files):
    out = run("extract", "--format", "csv", str(corpus_files[0]), str(corpus_files[1]))
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    header = out.stdout.splitlines()[0].split(",")
    assert header[0] == "type"
    assert {"value", "unit", "doc_type", "ref"} <= set(header)
    assert {r["type"] for r in rows} >= {"legal_ref", "date", "number"}


def test_exit_codes_one_when_some_inputs_are_skipped_two_when_none_read(tmp_path, corpus_files):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    some = run("extract", str(corpus_files[0]), str(empty))
    assert some.returncode == 1
    assert some.stdout.strip(), "the readable file was still processed"
    assert f"skipped {empty}" in some.stderr and len(some.stderr.strip().splitlines()) == 1
    none = run("extract", str(empty))
    assert none.returncode == 2
    assert run("extract", str(corpus_files[0]), "--published", "31/02/2021").returncode == 2
    assert run("extract").returncode == 2  # no path: bad usage


def test_published_option_sets_unstated_years(corpus_files):
    out = run("extract", str(corpus_files[0]), "--published", "2019-12-30")
    recs = [json.loads(line) for line in out.stdout.splitlines()]
    inferred = [r for r in recs if r["type"] == "date" and r.get("year_inferred")]
    assert inferred and all(r["value"].startswith("2019") for r in inferred)
