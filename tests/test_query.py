"""`dx.load` / `Dataset.query` and `dxextract query`: accent- and case-free matching on real data."""
from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest
import regex
from typer.testing import CliRunner

from dxextract.cli import query as query_cli
from dxextract.dataset_view import Dataset, load
from research_fixtures import annotated, annotated_dir, built, built_dir, cli_app  # noqa: F401 - fixtures

runner = CliRunner(env={"COLUMNS": "250"})  # usage errors on one line
app = cli_app(query_cli)


def accented_words(text: object) -> set[str]:
    return set(regex.findall(r"\w+", text.lower())) if isinstance(text, str) else set()


def test_accentless_province_finds_every_row_of_the_province(built: Dataset) -> None:
    expected = built.commitments[(built.commitments["province"] == "Đắk Lắk") | (built.commitments["province_2025"] == "Đắk Lắk")]
    assert len(expected) > 0
    for spelling in ("dak lak", "DAK LAK", "Đắk Lắk", "tỉnh Đắk Lắk", "daklak"):
        assert built.query(province=spelling)["id"].tolist() == built.query(province="Đắk Lắk")["id"].tolist()
        assert set(built.query(province=spelling)["id"]) == set(expected["id"]), spelling


def test_accentless_indicator_matches_whole_words(built: Dataset) -> None:
    rows = built.query(indicator="dich vu cong")
    expected = built.commitments[built.commitments["indicator"].map(lambda i: {"dịch", "vụ", "công"} <= accented_words(i))]
    assert len(expected) > 0
    assert set(rows["id"]) == set(expected["id"])
    assert all("dịch vụ" in i.lower() for i in rows["indicator"])


def test_year_and_kind_filters(annotated: Dataset) -> None:
    rows = annotated.query(province="Dak Lak", year=2025, kind="target")
    assert sorted(rows["value"]) == [60.0, 80.0, 90.0, 100.0]
    assert set(rows["deadline"]) == {"2025"}
    actual = annotated.query(province="dak lak", indicator="DICH VU CONG", kind="actual")
    assert actual["value"].tolist() == [46.14]
    assert actual["as_of"].tolist() == ["2021-10-15"]
    assert annotated.query(province="Lào Cai").empty


def test_load_reads_the_tables(annotated_dir: Path) -> None:
    ds = load(annotated_dir)
    assert len(ds.commitments) == len(ds.tables["commitments"]) == 9
    assert ds.commitments["year"].dtype.name == "Int64"
    assert set(ds.articles["article_id"]) == set(ds.commitments["article_id"])


def test_cli_rows_show_figure_date_sentence_and_source(annotated_dir: Path) -> None:
    res = runner.invoke(app, ["query", str(annotated_dir), "--province", "dien bien", "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    (row,) = [json.loads(line) for line in res.stdout.splitlines()]
    assert (row["value"], row["comparator"], row["unit"], row["deadline"]) == (80.0, "=", "percent", "2025")
    assert "80% dịch vụ công trực tuyến mức độ 4" in row["sentence"]
    assert row["source"].endswith("001_ef6a8b9dc3eafaab.txt")

    res = runner.invoke(app, ["query", str(annotated_dir), "-p", "dak lak", "-i", "ho so cong viec", "-k", "actual", "-f", "csv"])
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert sorted(float(r["value"]) for r in rows) == [40.0, 75.0, 95.0]
    assert {"value", "comparator", "unit", "deadline", "as_of", "sentence", "source"} <= set(rows[0])

    res = runner.invoke(app, ["query", str(annotated_dir), "-p", "dak lak", "-y", "2021"])
    assert res.exit_code == 0
    assert "[actual 2021-10-15] 46.14 percent — dịch vụ công mức độ 4 (Đắk Lắk)" in res.stdout
    assert "“Trong đó có 456 dịch vụ mức độ 3" in res.stdout and "002_ec1798adad215369.txt" in res.stdout


def test_cli_bad_dataset_is_a_usage_error(tmp_path: Path) -> None:
    res = runner.invoke(app, ["query", str(tmp_path)])
    assert res.exit_code == 2
    assert "not a dxextract dataset" in res.output


def test_province_finds_its_rows_before_and_after_the_2025_merger(built: Dataset) -> None:
    rows = built.query(province="lam dong")
    assert "Đắk Nông" in set(rows["province"])  # merged into Lâm Đồng on 1 July 2025
    assert set(rows["province_2025"]) == {"Lâm Đồng"}
    assert built.query(province="dak nong")["id"].tolist() == built.query(province="Đắk Nông")["id"].tolist()


@pytest.mark.parametrize(("filters", "message"), [
    ({"kind": "targets"}, "kind must be one of target, actual, not 'targets'"),
    ({"year": "abc"}, "year must be a whole year such as 2025, not 'abc'"),
])
def test_bad_filter_values_are_named(annotated: Dataset, filters: dict, message: str) -> None:
    with pytest.raises(ValueError, match=regex.escape(message)):
        annotated.query(**filters)
    assert len(annotated.query(kind=" Target ", year="2025")) == 5


# Each canned Datasette query with an accentless parameter gives what the accented one gives.
CANNED = [
    ("commitments_by_province", {"province": "dak lak"}, {"province": "Đắk Lắk"}),
    ("commitments_by_province", {"province": "LAM DONG"}, {"province": "Lâm Đồng"}),
    ("targets_vs_actuals", {"province": "dak lak", "indicator": "dich vu cong truc tuyen"},
     {"province": "Đắk Lắk", "indicator": "dịch vụ công trực tuyến"}),
    ("search_commitments", {"phrase": "dich vu cong truc tuyen"}, {"phrase": "dịch vụ công trực tuyến"}),
    ("search_sentences", {"phrase": "dak lak"}, {"phrase": "Đắk Lắk"}),
]


@pytest.mark.parametrize(("name", "accentless", "accented"), CANNED)
def test_canned_queries_need_no_accents(built_dir: Path, name: str, accentless: dict, accented: dict) -> None:
    from dxextract.datasette_metadata import QUERIES

    db = sqlite3.connect(f"file:{built_dir / 'dataset.sqlite'}?mode=ro", uri=True)
    sql = QUERIES[name]["sql"]
    rows = db.execute(sql, accentless).fetchall()
    assert rows and rows == db.execute(sql, accented).fetchall()
