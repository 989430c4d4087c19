"""Start-up: what a fresh process loads before its first finished article, and what it leaves
for the articles that need it. Each test runs a fresh interpreter, since what is already
imported or compiled in the test process would hide the cost."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def fresh(code: str, **env: str) -> dict:
    """Run `code` in a fresh interpreter with this checkout first on the path; its last line of
    output, read as JSON."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **env}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=environment,
                          timeout=120, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_models_load_only_for_an_article_with_a_candidate_figure() -> None:
    """Most articles state no figure a commitment could hold: they get their records without
    underthesea being imported at all; the first figure that needs words loads it."""
    seen = fresh("""
import json, sys
import dxextract as dx
from dxextract import pipeline
pipeline.warm_up()
plain = dx.extract("Ngày 3/2/2022, UBND tỉnh Gia Lai ban hành Quyết định số 45/QĐ-UBND về 12 huyện.")
before = "underthesea" in sys.modules
figure = dx.extract("Đắk Lắk phấn đấu đến năm 2025, 100% dịch vụ công trực tuyến mức độ 4.")
print(json.dumps({"plain": sorted({r["type"] for r in plain}), "before": before,
                  "figure": sorted({r["type"] for r in figure}), "after": "underthesea" in sys.modules}))
""")
    assert seen["plain"] == ["date", "entity", "legal_ref", "number"] and not seen["before"]
    assert "commitment" in seen["figure"] and seen["after"]


# A child that counts the rule compilations `regex` really does (rules.compile's patterns start
# with `(?-f)`) and the pattern files YAML parses, then extracts a text that runs every stage
# (with no figure: no model to load).
COUNT_COMPILES = """
import json, regex, yaml
real_compile, real_yaml, compiled, parsed = regex.compile, yaml.load, [], []
def compiling(pattern, flags=0, **kw):
    if isinstance(pattern, str) and pattern.startswith("(?-f)"):
        compiled.append(pattern)
    return real_compile(pattern, flags, **kw)
def parsing(stream, Loader):
    parsed.append(Loader)
    return real_yaml(stream, Loader=Loader)
regex.compile, yaml.load = compiling, parsing
import dxextract as dx
records = dx.extract("Ngày 3/2/2022, UBND tỉnh Gia Lai ban hành Quyết định số 45/QĐ-UBND về 12 huyện.")
print(json.dumps({"compiled": len(compiled), "parsed": len(parsed), "records": records}, ensure_ascii=False, default=str))
"""


def test_compiled_rules_are_cached_between_processes(tmp_path: Path) -> None:
    """The first process reads the pattern files and compiles every rule, and leaves them in the
    cache folder; the next one parses and compiles none and extracts the same records."""
    first = fresh(COUNT_COMPILES, DXEXTRACT_CACHE=str(tmp_path))
    files = list(tmp_path.glob("startup-*.pickle"))
    second = fresh(COUNT_COMPILES, DXEXTRACT_CACHE=str(tmp_path))
    assert first["compiled"] > 100 and first["parsed"] >= 6 and len(files) == 1
    assert [p.name for p in tmp_path.iterdir()] == [files[0].name]  # no temporary file left
    assert second["compiled"] == second["parsed"] == 0
    assert second["records"] == first["records"] and {r["type"] for r in first["records"]} == {"date", "entity", "legal_ref", "number"}


def test_a_broken_or_unwritable_cache_only_costs_the_compiling(tmp_path: Path) -> None:
    """A cache file cut short (a crash, a full disk) is read as none, and a folder that cannot
    be written (here: a file stands where the folder should be) is skipped: the rules are
    compiled, the records are the same, nothing fails."""
    reference = fresh(COUNT_COMPILES, DXEXTRACT_CACHE=str(tmp_path / "good"))
    cut = next((tmp_path / "good").glob("startup-*.pickle"))
    cut.write_bytes(cut.read_bytes()[:1000])
    blocked = tmp_path / "blocked"
    blocked.write_text("not a folder")
    for folder in (tmp_path / "good", blocked):
        seen = fresh(COUNT_COMPILES, DXEXTRACT_CACHE=str(folder))
        assert seen["compiled"] > 100 and seen["records"] == reference["records"]
    assert fresh(COUNT_COMPILES, DXEXTRACT_CACHE=str(tmp_path / "good"))["compiled"] == 0  # written whole again


def test_loading_a_model_is_not_charged_to_the_article_budget() -> None:
    """The first article with a figure loads underthesea and its tagger (most of a second) inside
    its own run now, no longer in the warm-up: the load pauses the budget, so a budget of 0.3 s
    still holds an article that needs only milliseconds of work; a runaway article still stops."""
    seen = fresh("""
import json, time
from dataclasses import replace
from dxextract import pipeline
from dxextract.readers import Failure, from_text
figure = from_text("Đắk Lắk phấn đấu đến năm 2025, 100% dịch vụ công trực tuyến mức độ 4.")
done = pipeline.run_guarded(figure, budget=0.3)
pipeline.STAGES = [replace(s, run=lambda doc: time.sleep(5)) if s.name == "numbers" else s for s in pipeline.STAGES]
runaway = pipeline.run_guarded(from_text("Tỉnh có 80% xã có cáp quang."), budget=0.3)
print(json.dumps({"done": None if isinstance(done, Failure) else sorted({r["type"] for r in done[1]}),
                  "runaway": runaway.reason if isinstance(runaway, Failure) else None}))
""")
    assert seen["done"] is not None and "commitment" in seen["done"]
    assert "over the time budget of 0.3 s" in seen["runaway"]


def test_start_up_files_of_other_versions_are_kept(tmp_path: Path) -> None:
    """Two checkouts or pattern versions used in turn (diff_records' two revisions, a pattern file
    being edited) each keep their start-up file: writing one no longer deletes the others, which
    left every other process to compile all rules again. Only the files beyond the 8 used last
    go, and temporary files that a killed process left an hour ago."""
    now = time.time()
    others = [tmp_path / f"startup-other{i}.pickle" for i in range(9)]  # other{0} used last
    for age, path in enumerate(others, start=1):
        path.write_bytes(b"another version's rules")
        os.utime(path, (now - 60 * age, now - 60 * age))
    leftover, writing = tmp_path / ".startup-killed", tmp_path / ".startup-writing"
    for path, age in ((leftover, 7200), (writing, 1)):
        path.write_bytes(b"")
        os.utime(path, (now - age, now - age))
    first = fresh(COUNT_COMPILES, DXEXTRACT_CACHE=str(tmp_path))
    kept = {p.name for p in tmp_path.iterdir()}
    assert first["compiled"] > 100
    assert kept == {p.name for p in others[:7]} | {writing.name, *(p.name for p in tmp_path.glob("startup-*.pickle") if p not in others)}
    assert len([p for p in tmp_path.glob("startup-*.pickle")]) == 8
    assert fresh(COUNT_COMPILES, DXEXTRACT_CACHE=str(tmp_path))["compiled"] == 0


def test_a_cached_start_never_imports_yaml(tmp_path: Path) -> None:
    """PyYAML is needed only to parse pattern files; a process whose rules come from the start-up
    cache extracts without importing it (its import is ~20 ms CPU of the fixed cost)."""
    code = """
import json, sys
import dxextract as dx
records = dx.extract("Ngày 3/2/2022, UBND tỉnh Gia Lai ban hành Quyết định số 45/QĐ-UBND về 12 huyện.")
print(json.dumps({"yaml": "yaml" in sys.modules, "types": sorted({r["type"] for r in records})}))
"""
    first = fresh(code, DXEXTRACT_CACHE=str(tmp_path))
    second = fresh(code, DXEXTRACT_CACHE=str(tmp_path))
    assert first["yaml"] and not second["yaml"]
    assert second["types"] == first["types"] == ["date", "entity", "legal_ref", "number"]


def test_the_provinces_tables_are_cached_between_processes(tmp_path: Path) -> None:
    """The tables made from vietnamadminunits' data (units, districts, place names, the 2025
    merger: ~0.1 s of every start) are read from its database by the first process only; the
    next one takes them from the start-up cache and finds the same places."""
    code = """
import json, sqlite3
real, opened = sqlite3.connect, []
def connect(database, *args, **kwargs):
    opened.append("vietnamadminunits" in str(database))
    return real(database, *args, **kwargs)
sqlite3.connect = connect
import dxextract as dx
from dxextract import provinces
records = dx.extract("Người dân huyện Cư Jút, tỉnh Đắk Nông cài đặt phần mềm.")
seen = [provinces.province_2025("Đắk Nông"), provinces.is_place_name("Đắk Lao"), provinces.provincial_name("Đắk Lắk")]
print(json.dumps({"queries": sum(opened), "records": records, "seen": seen}, ensure_ascii=False, default=str))
"""
    first = fresh(code, DXEXTRACT_CACHE=str(tmp_path))
    second = fresh(code, DXEXTRACT_CACHE=str(tmp_path))
    assert first["queries"] > 0 and second["queries"] == 0
    assert second["records"] == first["records"] and second["seen"] == first["seen"] == ["Lâm Đồng", True, "tỉnh Đắk Lắk"]
    assert any(r.get("province") == "Đắk Nông" for r in first["records"] if r["type"] == "entity")


# Texts for underthesea's functions: a commitment, people and places for NER, odd tokens
MODEL_TEXTS = ["Đến năm 2025, 100% hồ sơ được xử lý trực tuyến.",
               "Ông Nguyễn Văn A, Chủ tịch UBND tỉnh Quảng Ninh, làm việc với Bộ Thông tin và Truyền thông tại Hà Nội.",
               "TP.HCM đạt 45,5% ... v.v. => 3x4 °C, email: a@b.vn; giá 1.500.000 đồng/tháng!"]
CALL_ALL = f"""
texts = {MODEL_TEXTS!r}
out = {{name: [fn(t) for t in texts] for name, fn in functions.items()}}
"""


def test_a_figure_loads_only_the_models_it_needs_and_gives_what_underthesea_gives() -> None:
    """The first figure that needs POS tags imports underthesea's segmenter and tagger modules,
    not the package's other pipelines (classification, language detection, ...: about 0.2 s) nor
    joblib's parallel machinery;
    their words, tags and names are those the package imported as usual gives, and the package
    still works as usual for code that imports it afterwards."""
    lean = fresh("""
import json, sys
import dxextract as dx
from dxextract.text import underthesea
records = dx.extract("Đắk Lắk phấn đấu đến năm 2025, 100% dịch vụ công trực tuyến mức độ 4.")
loaded = sorted(m for m in ("underthesea.pipeline.classification", "underthesea.pipeline.lang_detect",
                            "underthesea.pipeline.dependency_parse", "requests", "yaml.loader", "joblib.parallel")
                if m in sys.modules)
functions = {name: underthesea(name) for name in ("word_tokenize", "pos_tag", "ner")}
""" + CALL_ALL + """
import underthesea  # other code, afterwards: the whole package, its functions the same objects
same = all(getattr(underthesea, name) is fn for name, fn in functions.items())
import joblib  # and joblib, deferred the same way: the whole package at its first other name
usual = [underthesea.__version__ != "", underthesea.sent_tokenize("Một. Hai.") == ["Một.", "Hai."],
         joblib.Parallel(n_jobs=1)(joblib.delayed(abs)(-i) for i in range(3)) == [0, 1, 2],
         joblib.load.__module__ == "joblib.numpy_pickle"]
print(json.dumps({"commitment": any(r["type"] == "commitment" for r in records), "loaded": loaded, "out": out,
                  "same": same, "usual": usual, "classify": "underthesea.pipeline.classification" in sys.modules}))
""")
    usual = fresh("""
import json, underthesea
functions = {name: getattr(underthesea, name) for name in ("word_tokenize", "pos_tag", "ner")}
""" + CALL_ALL + """
print(json.dumps({"out": out}))
""")
    assert lean["commitment"] and lean["loaded"] == []
    assert lean["out"] == usual["out"]
    assert lean["same"] and lean["usual"] == [True] * 4 and lean["classify"]


def test_the_segmenter_model_read_by_the_c_unpickler_is_what_joblib_reads() -> None:
    """`models._segmenter_model` reads the feature list and dictionary with the C unpickler
    instead of joblib's: the same objects."""
    import joblib

    from dxextract import models

    folder = Path(models.importlib.util.find_spec("underthesea").submodule_search_locations[0])
    base = folder.joinpath("pipeline", "word_tokenize", *models.SEGMENTER_MODEL)
    for name in ("features.bin", "dictionary.bin"):
        assert models._unpickle(str(base / name)) == joblib.load(base / name)


COUNT_TRIES = """
import json
from dxextract import rules
made, real = [], rules.alternation
rules.alternation = lambda words, reverse=False: made.append(sorted(set(words))) or real(words, reverse)
import dxextract as dx
records = dx.extract("Tỉnh Đắk Lắk đẩy mạnh chuyển đổi số, phấn đấu đến năm 2025, 100% dịch vụ công trực tuyến.")
tries = [[list(k), v] for k, v in rules._startup().entries.get("word tries", {}).items()]
print(json.dumps({"made": made, "tries": tries, "records": records}, ensure_ascii=False, default=str))
"""


def test_the_word_tries_of_several_rules_are_kept_between_processes(tmp_path: Path) -> None:
    """The one trie of several rules' words (`rules._trie_of`) is made by the first process and
    kept in the start-up cache: the next makes none of them again and finds the same records."""
    first = fresh(COUNT_TRIES, DXEXTRACT_CACHE=str(tmp_path))
    second = fresh(COUNT_TRIES, DXEXTRACT_CACHE=str(tmp_path))
    assert first["tries"] and all(words in first["made"] for words, _ in first["tries"])
    assert not any(words in second["made"] for words, _ in first["tries"])
    assert second["tries"] == first["tries"] and second["records"] == first["records"]
    from dxextract.rules import alternation

    assert all(alternation(words) == pattern for words, pattern in first["tries"])


def test_a_model_load_moves_what_the_process_holds_out_of_the_collectors_walks() -> None:
    """After underthesea's model loads, what the process holds is frozen out of the garbage
    collector's generations (`gc.freeze`), so no full collection walks it again: once per load,
    not per article."""
    seen = fresh("""
import gc, json
import dxextract as dx
dx.extract("Ngày 3/2/2022, UBND tỉnh Gia Lai ban hành Quyết định số 45/QĐ-UBND về 12 huyện.")
before = gc.get_freeze_count()
dx.extract("Đắk Lắk phấn đấu đến năm 2025, 100% dịch vụ công trực tuyến mức độ 4.")
loaded = gc.get_freeze_count()
dx.extract("Hà Nội phấn đấu đến năm 2030, 90% hồ sơ được xử lý trực tuyến.")
print(json.dumps({"before": before, "loaded": loaded, "again": gc.get_freeze_count()}))
""")
    assert seen["before"] == 0 and seen["loaded"] > 10_000 and seen["again"] <= seen["loaded"]  # frozen objects may still be freed
