"""Claim checking and target progress against commitments read from the bundled corpus."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dxextract.cli import check as check_cli
from dxextract.cli import progress as progress_cli
from dxextract.factcheck import check, unknown_provinces
from dxextract.matching import ProvinceError
from dxextract.progress import assess, progress
from dxextract.dataset_view import Dataset
from dxextract.plots import progress_plot
from research_fixtures import annotated, annotated_dir, built, built_dir, cli_app  # noqa: F401 - fixtures

runner = CliRunner(env={"COLUMNS": "250"})
app = cli_app(check_cli, progress_cli)
PLAN = "000_83ce5f1ebe82f95b.txt"  # Đắk Lắk's 2021-2025 plan: 100% dịch vụ công trực tuyến mức độ 4


def test_supported_claim_quotes_the_plan(annotated: Dataset) -> None:
    v = check(annotated, "Đắk Lắk phấn đấu đến năm 2025 đạt 100% dịch vụ công trực tuyến mức độ 4")
    assert v.verdict == "supported"
    assert (v.claim.province, v.claim.value, v.claim.year) == ("Đắk Lắk", 100.0, 2025)
    (row,) = v.evidence.to_dict("records")
    assert (row["kind"], row["value"], row["deadline"]) == ("target", 100.0, "2025")
    assert "100% dịch vụ công trực tuyến ở mức độ 4" in row["sentence"]
    assert row["source"].endswith(PLAN)


def test_claim_without_diacritics_is_read_alike(annotated: Dataset) -> None:
    v = check(annotated, "Dak Lak phan dau 100% dich vu cong truc tuyen muc do 4 vao nam 2025")
    assert (v.verdict, v.claim.province, v.claim.year) == ("supported", "Đắk Lắk", 2025)
    assert v.evidence["source"].str.endswith(PLAN).all()


def test_accentless_claim_with_another_year_is_not_supported(annotated: Dataset) -> None:
    v = check(annotated, "Dak Lak phan dau 100% dich vu cong truc tuyen muc do 4 vao nam 2030")
    assert (v.verdict, v.claim.year) == ("not found", 2030)
    assert v.evidence[["value", "deadline"]].values.tolist() == [[100.0, "2025"]]  # what the dataset says


@pytest.mark.parametrize(("claim", "lacks"), [
    ("Dak Lak phan dau 100% dich vu cong truc tuyen muc do 4", "year"),
    ("Phấn đấu đến năm 2025 đạt 100% dịch vụ công trực tuyến mức độ 4", "province"),
])
def test_claim_missing_a_part_is_never_supported(annotated: Dataset, claim: str, lacks: str) -> None:
    v = check(annotated, claim)
    assert v.verdict == "not found"
    assert f"states no {lacks}" in v.note
    assert 100.0 in v.evidence["value"].tolist()  # the figure it does state, shown for the reader


def test_real_places_and_organisations_are_not_unknown_provinces() -> None:
    text = "Thành phố Buôn Ma Thuột và Bộ Thông tin và Truyền thông, Sở TT&TT tỉnh Đắk Lắk, Tỉnh Nghệ Ann"
    assert list(unknown_provinces(text)) == ["Nghệ Ann"]


@pytest.mark.parametrize(("claim", "reason"), [
    ("Tỉnh Nghệ Ann phấn đấu 80% dịch vụ công trực tuyến mức độ 4 vào năm 2025",
     "`Nghệ Ann` is not a province of Vietnam (nearest known names: Nghệ An"),
    ("Nghệ Ann phấn đấu 80% dịch vụ công trực tuyến mức độ 4 vào năm 2025", "(nearest known names: Nghệ An"),
    ("Tỉnh ABC phấn đấu 100% dịch vụ công trực tuyến mức độ 4 vào năm 2025", "`ABC` is not a province of Vietnam"),
    ("Đắk Lắk phấn đấu 100000000000000000000000000000000000000% dịch vụ công trực tuyến mức độ 4 vào năm 2025",
     "the figure `100000000000000000000000000000000000000%` cannot be read"),
])
def test_unreadable_part_is_never_supported(annotated: Dataset, claim: str, reason: str) -> None:
    v = check(annotated, claim)
    assert v.verdict == "unreadable claim"
    assert reason in v.note
    assert v.evidence.empty


def test_other_figure_for_the_same_indicator_and_year_contradicts(annotated: Dataset) -> None:
    v = check(annotated, "Đắk Lắk đặt mục tiêu đến năm 2025 có 70% dịch vụ công trực tuyến mức độ 4")
    assert v.verdict == "contradicted"
    assert v.evidence["value"].tolist() == [100.0]
    text = str(v)
    assert "70 percent" in text and "[target 2025] 100 percent" in text and PLAN in text


def test_level_tells_indicators_apart(annotated: Dataset) -> None:
    v = check(annotated, "Đắk Lắk phấn đấu đến năm 2025 có 50% hồ sơ công việc cấp xã được xử lý trên môi trường mạng")
    assert v.verdict == "contradicted"
    assert v.evidence["value"].tolist() == [60.0]
    assert v.evidence["indicator"].str.contains("cấp xã").all()


def test_figure_agrees_at_the_precision_claimed(annotated: Dataset) -> None:
    v = check(annotated, "Tính đến tháng 10/2021, Đắk Lắk đạt 46% dịch vụ công mức độ 4")
    assert v.verdict == "supported"
    assert v.evidence["value"].tolist() == [46.14]


def test_target_quoted_as_achieved_is_not_found(annotated: Dataset) -> None:
    v = check(annotated, "Năm 2025, Đắk Lắk đã đạt 100% dịch vụ công trực tuyến mức độ 4")
    assert v.claim.kind == "actual"
    assert v.verdict == "not found"
    assert v.evidence[["kind", "value"]].values.tolist() == [["target", 100.0]]
    assert "target vs result" in v.note


@pytest.mark.parametrize("claim", [
    "Lào Cai phấn đấu đến năm 2025 đạt 100% dịch vụ công trực tuyến mức độ 4",  # no such province
    "Đắk Lắk phấn đấu đến năm 2025 có 500 trạm phát sóng 5G",  # no such indicator
])
def test_not_found(annotated: Dataset, claim: str) -> None:
    v = check(annotated, claim)
    assert v.verdict == "not found"
    assert v.evidence.empty
    assert "none in the dataset" in str(v)


def test_claim_without_figure_gets_the_indicators_figures(annotated: Dataset) -> None:
    v = check(annotated, "Điện Biên đặt mục tiêu về dịch vụ công trực tuyến mức độ 4")
    assert v.claim.value is None
    assert v.verdict == "not found"
    assert v.evidence["value"].tolist() == [80.0]
    assert "no year or figure" in v.note


def test_progress_pairs_targets_with_latest_results(annotated: Dataset) -> None:
    table = progress(annotated, "dak lak").set_index("indicator")
    provincial = table.loc["hồ sơ công việc tại cấp tỉnh được xử lý trên môi trường mạng"]
    assert (provincial["target"], provincial["result"], provincial["result_date"], provincial["status"]) == (
        90.0, 95.0, "2024-01-26", "met")
    online = table.loc["dịch vụ công trực tuyến mức độ 4"]
    assert (online["result"], online["result_date"]) == (46.14, "2021-10-15")
    assert table.loc["hồ sơ công việc tại cấp xã được xử lý trên môi trường mạng", "result"] == 40.0
    assert progress(annotated, "Điện Biên")["status"].tolist() == ["no result"]


@pytest.mark.parametrize(("target", "actual", "expected"), [
    ({"value": 80.0, "comparator": ">=", "deadline": "2025", "published": "2021-01-01"},
     {"value": 70.0, "reported": "2026-03-01"}, "behind"),  # deadline passed
    ({"value": 80.0, "comparator": ">=", "deadline": "2025", "published": "2021-01-01"},
     {"value": 20.0, "reported": "2024-12-31"}, "behind"),  # 80% of the time gone, 25% of the way
    ({"value": 80.0, "comparator": ">=", "deadline": "2025", "published": "2021-01-01"},
     {"value": 60.0, "reported": "2023-01-01"}, "on track"),
    ({"value": 5.0, "comparator": "<=", "deadline": "2025"}, {"value": 4.0, "reported": "2023"}, "met"),
    ({"value": 5.0, "comparator": "<=", "deadline": "2025"}, {"value": 7.0, "reported": "2025-12-31"}, "behind"),
    # no deadline: no path to compare with (was `on track`)
    ({"value": 80.0, "comparator": ">=", "deadline": None, "published": "2021-01-01"},
     {"value": 20.0, "reported": "2023-01-01"}, "no deadline"),
    # a result older than the target's article is its starting point (was `on track`, or `met`)
    ({"value": 80.0, "comparator": ">=", "deadline": "2025", "published": "2022-06-01"},
     {"value": 60.0, "reported": "2021-10-15"}, "result predates target"),
    ({"value": 50.0, "comparator": ">=", "deadline": "2025", "published": "2022-06-01"},
     {"value": 60.0, "reported": "2021-10-15"}, "result predates target"),
])
def test_status(target: dict, actual: dict, expected: str) -> None:
    state, why = assess(target, actual)
    assert state == expected
    assert why


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_progress_plot(annotated: Dataset, tmp_path: Path, suffix: str) -> None:
    out = progress_plot(progress(annotated, "Đắk Lắk"), tmp_path / f"progress{suffix}")
    head = out.read_bytes()[:200]
    assert head.startswith(b"\x89PNG") if suffix == ".png" else b"<svg" in out.read_bytes()


def test_progress_pairs_one_province_only(built: Dataset) -> None:
    table = progress(built, "dak lak")
    assert set(table["province"]) == {"Đắk Lắk"}
    for state in ("no deadline", "result predates target"):
        assert "on track" not in table.loc[table["deadline"].isna(), "status"].tolist(), state
    early = table[table["status"] == "result predates target"]
    assert len(early) and early["why"].str.contains("dated before the target's article").all()
    for name, candidates in [("", ["Đắk Lắk", "Điện Biên"]), ("dak", ["Đắk Lắk", "Đắk Nông"]), ("Tinh ABC", [])]:
        with pytest.raises(ProvinceError) as e:
            progress(built, name)
        assert set(candidates) <= set(e.value.candidates), name


def test_cli_check_exits_0_for_every_verdict(annotated_dir: Path) -> None:
    for claim, verdict in [("Đắk Lắk phấn đấu đến năm 2025 đạt 100% dịch vụ công trực tuyến mức độ 4", "supported"),
                           ("Đắk Lắk phấn đấu đến năm 2025 đạt 70% dịch vụ công trực tuyến mức độ 4", "contradicted"),
                           ("Lào Cai phấn đấu đến năm 2025 đạt 100% dịch vụ công trực tuyến mức độ 4", "not found")]:
        res = runner.invoke(app, ["check", str(annotated_dir), claim, "--format", "json"])
        assert res.exit_code == 0, res.output
        out = json.loads(res.stdout)
        assert out["verdict"] == verdict
        assert all(e["sentence"] and e["source"] for e in out["evidence"])
    claim = "Đắk Lắk phấn đấu đến năm 2025 đạt 70% dịch vụ công trực tuyến mức độ 4"
    res = runner.invoke(app, ["check", str(annotated_dir), claim])
    assert "Verdict: CONTRADICTED" in res.stdout and "“Theo kế hoạch, tỉnh Đắk Lắk phấn đấu" in res.stdout


def test_cli_progress_table_and_plot(annotated_dir: Path, tmp_path: Path) -> None:
    plot = tmp_path / "daklak.svg"
    res = runner.invoke(app, ["progress", str(annotated_dir), "--province", "dak lak", "--plot", str(plot)])
    assert res.exit_code == 0, res.output
    assert "[met] hồ sơ công việc tại cấp tỉnh" in res.stdout
    assert "latest result: 95 percent (2024-01-26)" in res.stdout
    assert plot.stat().st_size > 1000
    bad = runner.invoke(app, ["progress", str(annotated_dir), "--province", "dak lak", "--plot", str(tmp_path / "x.gif")])
    assert bad.exit_code == 2
    nested = tmp_path / "not" / "yet" / "daklak.png"  # a folder that does not exist yet is created
    res = runner.invoke(app, ["progress", str(annotated_dir), "--province", "dak lak", "--plot", str(nested)])
    assert res.exit_code == 0, res.output
    assert nested.read_bytes().startswith(b"\x89PNG")
    blocked = tmp_path / "file"
    blocked.write_text("")  # a file where the folder should be: one clear line, exit 2
    res = runner.invoke(app, ["progress", str(annotated_dir), "--province", "dak lak", "--plot", str(blocked / "p.png")])
    assert res.exit_code == 2
    assert "error: cannot write the plot to" in res.stderr and "Traceback" not in res.output


@pytest.mark.parametrize(("province", "named"), [("", "Đắk Lắk, Đắk Nông, Điện Biên"), ("dak", "Đắk Lắk, Đắk Nông")])
def test_cli_progress_needs_one_province(built_dir: Path, province: str, named: str) -> None:
    res = runner.invoke(app, ["progress", str(built_dir), "--province", province])
    assert res.exit_code == 2
    assert named in " ".join(res.output.split())


def test_cli_progress_rows_name_their_province(built_dir: Path) -> None:
    res = runner.invoke(app, ["progress", str(built_dir), "--province", "dak lak", "--format", "jsonl"])
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert rows and {r["province"] for r in rows} == {"Đắk Lắk"}
    assert all(r["why"] for r in rows)


ISSUE_CLAIMS = [  # issue 15, item 1: each was SUPPORTED
    ("Tỉnh Nghệ Ann phấn đấu 80% dịch vụ công trực tuyến mức độ 4 vào năm 2025", "unreadable claim", "Nghệ An"),
    ("Tỉnh ABC phấn đấu 100% dịch vụ công trực tuyến mức độ 4 vào năm 2025", "unreadable claim", "`ABC`"),
    ("Dak Lak phan dau 100% dich vu cong truc tuyen muc do 4 vao nam 2030", "not found", "another year"),
    ("Đắk Lắk phấn đấu 100000000000000000000000000000000000000% dịch vụ công trực tuyến mức độ 4 vào năm 2025",
     "unreadable claim", "cannot be read as a number"),
]


@pytest.mark.parametrize(("claim", "verdict", "said"), ISSUE_CLAIMS)
def test_cli_never_supports_what_it_could_not_read(built_dir: Path, claim: str, verdict: str, said: str) -> None:
    res = runner.invoke(app, ["check", str(built_dir), claim, "--format", "json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert (out["verdict"], said in out["note"]) == (verdict, True), out["note"]


def test_cli_reads_an_accentless_claim_with_its_year(built_dir: Path) -> None:
    res = runner.invoke(app, ["check", str(built_dir), "Dak Lak phan dau 100% dich vu cong truc tuyen muc do 4 vao nam 2025"])
    assert "Read as: province Đắk Lắk; year 2025; figure 100 percent" in res.stdout
    assert "Verdict: SUPPORTED" in res.stdout


def test_command_line_empty_claim_is_a_usage_error(built_dir: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    res = subprocess.run([sys.executable, "-m", "dxextract", "check", str(built_dir), "  "],
                         capture_output=True, text=True, env=env, timeout=120)
    assert res.returncode == 2, res.stderr
    assert "the claim is empty" in res.stderr


def test_cli_names_the_nearest_provinces(built_dir: Path) -> None:
    res = runner.invoke(app, ["check", str(built_dir), ISSUE_CLAIMS[0][0]])
    assert res.exit_code == 0
    assert "Verdict: UNREADABLE CLAIM" in res.stdout and "nearest known names: Nghệ An" in res.stdout


def test_example_claim_on_the_built_corpus(built: Dataset) -> None:
    v = check(built, "Đắk Lắk phấn đấu 100% dịch vụ công trực tuyến mức độ 4 vào năm 2025")
    assert v.verdict == "supported"
    assert any(s.endswith(PLAN) for s in v.evidence["source"])
