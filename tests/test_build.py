"""`dxextract build`: a real dataset from the bundled corpus, rebuilt, broken and interrupted.

One full build (module fixture) is copied into each test's folder together with its cache, so
every later build is incremental and the suite stays fast.
"""
from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import dxextract.dataset as dataset
import dxextract.engines as engines
import dxextract.scan as scan
from dxextract import dask_preload, partitions, pipeline
from dxextract.cache import Cache
from dxextract.dataset_files import DatasetWriter
from dxextract.datasette_metadata import QUERIES
from dxextract.article import Block, assemble
from dxextract.dataset_view import load
from dxextract.readers import read
from dxextract.schema import BODY_ROLE, CAPTION_ROLE, line_roles, lines_of
from dxextract.writers import CSV_TABLES, DERIVED, OMITTED, SCHEMA, STORED, VIEWED, TableFormat

TABLES = list(SCHEMA)
RECORD_TABLES = ("commitments", "legal_refs", "dates", "numbers", "entities")


def build_cli(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "dxextract", "build", "corpus", "-o", "ds", "--quiet", *args]
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=300)


def digests(folder: Path) -> dict[str, str]:
    """Every file of a dataset folder (Parquet parts included) by its path in the folder."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def table_digests(folder: Path) -> dict[str, str]:
    """Digests of the CSV and Parquet files (the SQLite file is not promised byte-identical)."""
    return {k: v for k, v in digests(folder).items() if k.endswith((".csv", ".parquet"))}


def read_rows(ds: Path, table: str) -> list[dict]:
    """A table's rows as stored in its Parquet parts (every table has them; CSV only the main ones)."""
    return pq.read_table(ds / f"{table}.parquet").to_pylist()


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def first_build(tmp_path_factory, corpus_dir) -> tuple[Path, subprocess.CompletedProcess]:
    work = tmp_path_factory.mktemp("build")
    shutil.copytree(corpus_dir, work / "corpus")
    return work, build_cli(work, "--jobs", "2")


@pytest.fixture
def work(first_build, tmp_path) -> Path:
    """A private copy of the built workspace: corpus/, ds/ and ds.cache/."""
    src, _ = first_build
    for name in ("corpus", "ds", "ds.cache"):
        shutil.copytree(src / name, tmp_path / name)
    return tmp_path


def test_first_build_writes_every_table_in_every_format(first_build, corpus_dir):
    work, proc = first_build
    assert proc.returncode == 0, proc.stderr
    n = len(list(corpus_dir.glob("*.txt")))
    assert f"articles read: {n} (new {n}, changed 0, unchanged 0), failed: 0" in proc.stderr
    ds = work / "ds"
    db = sqlite3.connect(ds / "dataset.sqlite")
    for table in TABLES:
        n_rows = pq.read_table(ds / f"{table}.parquet").num_rows
        assert db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] == n_rows
        assert (ds / f"{table}.csv").is_file() == (table in CSV_TABLES)  # CSV for the main tables only
        if table in CSV_TABLES:
            assert not (ds / f"{table}.csv").read_bytes().startswith(b"\xef\xbb\xbf")
            assert len(read_csv(ds / f"{table}.csv")) == n_rows
    assert len(read_rows(ds, "articles")) == n
    assert not read_csv(ds / "failures.csv")
    assert not list(work.glob(".ds.tmp-*"))


def test_records_point_into_the_stored_article_text_and_their_sentence(first_build):
    ds = first_build[0] / "ds"
    texts = {r["article_id"]: r["text"] for r in read_rows(ds, "articles")}
    sentences = {r["sentence_id"]: r for r in load(ds).sentences.to_dict("records")}
    assert all(texts[s["article_id"]][s["start"]:s["end"]] == s["sentence"] for s in sentences.values())
    checked = 0
    for table in RECORD_TABLES:
        rows = pq.read_table(ds / f"{table}.parquet").to_pylist()
        assert ("sentence" in pq.read_table(ds / f"{table}.parquet").schema.names) == (table == "commitments")
        for r in rows:
            assert texts[r["article_id"]][r["start"]:r["end"]] == r["text"]
            sentence = sentences[r["sentence_id"]]
            assert sentence["article_id"] == r["article_id"] and r["text"] in sentence["sentence"]
            assert r.get("sentence", sentence["sentence"]) == sentence["sentence"]  # commitments keep it in full
            checked += 1
    assert checked > 0


def test_rows_are_sorted_and_columns_stable(first_build):
    ds = first_build[0] / "ds"
    for table in RECORD_TABLES:
        rows = pq.read_table(ds / f"{table}.parquet").to_pylist()
        keys = [(r["article_id"], r["start"], r["end"]) for r in rows]
        assert keys == sorted(keys)
        header = pq.read_table(ds / f"{table}.parquet").schema.names
        schema = [c.name for c in SCHEMA[table]]
        assert header[: len(schema)] == schema
        assert header[len(schema):] == sorted(header[len(schema):])


def test_commitments_have_a_year_and_the_database_indexes(first_build):
    db = sqlite3.connect(first_build[0] / "ds" / "dataset.sqlite")
    indexes = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"idx_commitments_province", "idx_commitments_indicator", "idx_commitments_year"} <= indexes
    assert "idx_sentences_article_id" not in indexes  # a part's sentences are replaced by id range
    # the viewed record tables store no article_id: their parts' rows are replaced by sentence id
    assert not {f"idx_{t}_article_id" for t in VIEWED} & indexes
    assert "idx_articles_article_id" in indexes  # what the views look a record's source up by
    assert db.execute("SELECT \"unique\" FROM pragma_index_list('articles') WHERE name = 'idx_articles_article_id'").fetchone() == (1,)
    for year, deadline, as_of in db.execute("SELECT year, deadline, as_of FROM commitments"):
        stated = deadline or as_of
        assert year == (int(stated[:4]) if stated else None)


def test_full_text_search_matches_with_or_without_diacritics(first_build):
    db = sqlite3.connect(first_build[0] / "ds" / "dataset.sqlite")
    search = ("SELECT s.article_id, s.sentence FROM sentences_fts f JOIN sentences s ON s.sentence_id = f.rowid "
              "WHERE sentences_fts MATCH ?")
    folded = db.execute(search, ("dak lak",)).fetchall()
    assert folded and all("Đắk Lắk" in s or "Đăk Lăk" in s for _, s in folded)
    # One folded column is indexed: a raw MATCH writes đ as d (its other marks are optional) ...
    assert db.execute(search, ('"Dắk Lắk"',)).fetchall() == folded
    assert not db.execute(search, ('"Đắk Lắk"',)).fetchall()
    # ... and the canned search folds its phrase itself: typed either way, the same sentences.
    canned = QUERIES["search_sentences"]["sql"]
    for phrase in ("dak lak", "Đắk Lắk", "ĐẮK LẮK"):
        assert sorted(s for s, *_ in db.execute(canned, {"phrase": phrase})) == sorted(s for _, s in folded)
    # External content: the index keeps no copy of the text (its content table is `sentences`).
    fts_sql = db.execute("SELECT sql FROM sqlite_master WHERE name = 'sentences_fts'").fetchone()[0]
    assert 'content="sentences"' in fts_sql
    assert not db.execute("SELECT name FROM sqlite_master WHERE name = 'sentences_fts_content'").fetchall()
    # No table of token counts (columnsize=0): bm25 still ranks, recounting from the text.
    assert not db.execute("SELECT name FROM sqlite_master WHERE name = 'sentences_fts_docsize'").fetchall()
    ranked = db.execute("SELECT rowid, rank FROM sentences_fts WHERE sentences_fts MATCH 'dak lak' ORDER BY rank").fetchall()
    assert len(ranked) == len(folded) and ranked[0][1] < 0


def test_datapackage_describes_every_column(first_build):
    ds = first_build[0] / "ds"
    package = json.loads((ds / "datapackage.json").read_text(encoding="utf-8"))
    assert package["dxextract"]["version"] and package["dxextract"]["patterns_version"]
    resources = {r["name"]: r for r in package["resources"]}
    assert set(resources) == set(TABLES)
    db = sqlite3.connect(ds / "dataset.sqlite")
    for table, res in resources.items():
        fields = res["schema"]["fields"]
        assert all(f["name"] and f["type"] and f["description"] for f in fields)
        names = [f["name"] for f in fields]
        files = [res["path"]] if table in CSV_TABLES else res["path"]  # the CSV, else every Parquet part
        assert files == ([f"{table}.csv"] if table in CSV_TABLES else [f"{table}.parquet/{p.name}" for p in
                                                                       sorted((ds / f"{table}.parquet").iterdir())])
        if table in CSV_TABLES:
            assert names == next(csv.reader((ds / res["path"]).open(encoding="utf-8")))
        omitted = res.get("dxextract", {}).get("omitted", {})
        assert omitted == {fmt: list(tables[table]) for fmt, tables in OMITTED.items() if table in tables}
        assert [n for n in names if n not in omitted.get("parquet", [])] == pq.read_table(ds / f"{table}.parquet").schema.names
        assert [n for n in names if n not in omitted.get("sqlite", [])] == [c[1] for c in db.execute(f'PRAGMA table_info("{table}")')]
        assert names == list(load(ds).tables[table].columns)[:len(names)]  # every column, the omitted ones rebuilt
        assert res["hash"] == "sha256:" + hashlib.sha256(b"".join((ds / f).read_bytes() for f in files)).hexdigest()


def test_unchanged_rebuild_is_all_cached_and_byte_identical(work):
    before = digests(work / "ds")
    proc = build_cli(work)
    assert proc.returncode == 0, proc.stderr
    assert "(new 0, changed 0, unchanged 5)" in proc.stderr
    assert digests(work / "ds") == before
    # Written again from the cache into a fresh folder: the same bytes, Parquet included.
    proc = subprocess.run([sys.executable, "-m", "dxextract", "build", "corpus", "-o", "ds2", "--cache", "ds.cache", "-q"],
                          cwd=work, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0 and "unchanged 5" in proc.stderr, proc.stderr
    assert table_digests(work / "ds2") == table_digests(work / "ds")


def test_csv_all_adds_every_table_as_csv_and_changes_nothing_else(work, monkeypatch):
    before = table_digests(work / "ds")
    monkeypatch.chdir(work)
    assert dataset.build("corpus", "ds", jobs=1, progress=False, csv="all").written  # another choice: rewritten
    ds = work / "ds"
    for table in TABLES:
        assert len(read_csv(ds / f"{table}.csv")) == pq.read_table(ds / f"{table}.parquet").num_rows
    assert {k: v for k, v in table_digests(ds).items() if k in before} == before
    with pytest.raises(dataset.BuildError, match="csv"):
        dataset.build("corpus", "ds", jobs=1, progress=False, csv="some")


def test_a_changed_file_is_processed_again_alone(work):
    path = sorted((work / "corpus").glob("*.txt"))[0]
    path.write_text(path.read_text(encoding="utf-8") + "\nĐến năm 2025, 100% xã có điểm phục vụ bưu chính.\n", encoding="utf-8")
    proc = build_cli(work, "--jobs", "1")
    assert proc.returncode == 0, proc.stderr
    assert "(new 0, changed 1, unchanged 4)" in proc.stderr
    texts = [r["text"] for r in read_rows(work / "ds", "articles")]
    assert any("điểm phục vụ bưu chính" in t for t in texts)


def part_inodes(ds: Path) -> dict[str, int]:
    return {str(p.relative_to(ds)): p.stat().st_ino for p in ds.glob("*.parquet/part-*.parquet")}


def sqlite_rows(ds: Path) -> dict[str, list]:
    """Every table's rows in the dataset's SQLite file, sorted (row order there is not promised)."""
    with closing(sqlite3.connect(ds / "dataset.sqlite")) as db:
        return {t: sorted(map(repr, db.execute(f'SELECT * FROM "{t}"'))) for t in TABLES}


def test_a_changed_article_rewrites_only_its_parts_and_equals_a_fresh_build(work):
    ds, path = work / "ds", sorted((work / "corpus").glob("*.txt"))[0]
    ids = lambda: {Path(r["source"]).name: r["article_id"] for r in read_rows(ds, "articles")}  # noqa: E731
    old_id, before = ids()[path.name], part_inodes(ds)
    path.write_text(path.read_text(encoding="utf-8") + "\nĐến năm 2025, 100% xã có điểm phục vụ bưu chính.\n", encoding="utf-8")
    assert build_cli(work, "--jobs", "1").returncode == 0
    new_id, after = ids()[path.name], part_inodes(ds)
    # a .txt article's id is a hash of its text: the edit moves it from one part to another
    touched = {partitions.part_file(partitions.part_of(i)) for i in (old_id, new_id)}
    rewritten = {name for name, inode in after.items() if before.get(name) != inode}
    assert {Path(name).name for name in rewritten} <= touched | {partitions.part_file(0)}  # failures: one part, always new
    assert len(after) - len(rewritten) >= (len(TABLES) - 1) * (partitions.PARTS - 2)  # the rest linked, not written
    with closing(sqlite3.connect(ds / "dataset.sqlite")) as db:  # the search index follows its table exactly
        db.execute("INSERT INTO sentences_fts(sentences_fts, rank) VALUES ('integrity-check', 1)")
        assert db.execute("SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH '\"diem phuc vu buu chinh\"'").fetchone()[0] == 1
    fresh = subprocess.run([sys.executable, "-m", "dxextract", "build", "corpus", "-o", "ds2", "--cache", "ds.cache", "-q"],
                           cwd=work, capture_output=True, text=True, timeout=300)
    assert fresh.returncode == 0, fresh.stderr
    assert table_digests(work / "ds2") == table_digests(ds)
    assert sqlite_rows(work / "ds2") == sqlite_rows(ds)


def test_a_missing_part_file_is_written_again_not_a_crash(work):
    (work / "ds" / "commitments.parquet" / partitions.part_file(5)).unlink()  # a CSV table: its parts are not the resource's path
    (work / "corpus" / "empty.txt").write_bytes(b"")  # the dataset must be rewritten
    assert build_cli(work).returncode == 1
    assert (work / "ds" / "commitments.parquet" / partitions.part_file(5)).is_file()


def test_published_passes_through_and_reprocesses_everything(work):
    proc = build_cli(work, "--published", "2020-05-01")
    assert proc.returncode == 0, proc.stderr
    assert "(new 0, changed 5, unchanged 0)" in proc.stderr
    assert {str(r["published"]) for r in read_rows(work / "ds", "articles")} == {"2020-05-01"}


def test_a_dataset_of_another_storage_version_is_rewritten_whole(work, monkeypatch):
    """A dataset whose files an older writer encoded (another search index, other encodings) is
    never updated part by part: every part is written again, as in a fresh build."""
    import dxextract.output as output

    before = part_inodes(work / "ds")
    monkeypatch.chdir(work)
    monkeypatch.setattr(output, "STORAGE_VERSION", output.STORAGE_VERSION + 1)
    assert dataset.build("corpus", "ds", jobs=1, progress=False).written  # nothing changed but the storage
    after = part_inodes(work / "ds")
    assert not {name for name, inode in after.items() if before.get(name) == inode}  # no part kept


def test_bad_files_are_listed_and_the_rest_is_written(work):
    (work / "corpus" / "empty.txt").write_bytes(b"")
    (work / "corpus" / "binary.txt").write_bytes(bytes(range(256)) * 40)
    proc = build_cli(work, "--log-format", "json")
    assert proc.returncode == 1, proc.stderr
    lines = [json.loads(line) for line in proc.stderr.splitlines()]
    warned = " ".join(x["message"] for x in lines if "message" in x)
    assert "empty.txt" in warned and "binary.txt" in warned
    assert lines[-1]["summary"]["failed"] == 2 and lines[-1]["summary"]["articles"] == 5
    failures = read_csv(work / "ds" / "failures.csv")
    assert sorted(Path(f["source"]).name for f in failures) == ["binary.txt", "empty.txt"]
    assert all(f["reason"] for f in failures)
    assert len(read_rows(work / "ds", "articles")) == 5


def test_nothing_usable_exits_2_and_writes_nothing(tmp_path):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "empty.txt").write_bytes(b"")
    proc = build_cli(tmp_path)
    assert proc.returncode == 2
    assert "nothing usable" in proc.stderr
    assert not (tmp_path / "ds").exists()


def test_refuses_to_replace_a_folder_that_is_not_a_dataset(tmp_path, corpus_dir):
    shutil.copytree(corpus_dir, tmp_path / "corpus")
    (tmp_path / "ds").mkdir()
    (tmp_path / "ds" / "notes.txt").write_text("mine", encoding="utf-8")
    assert build_cli(tmp_path).returncode == 2
    assert (tmp_path / "ds" / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_a_second_build_on_the_same_cache_is_refused(work, monkeypatch):
    monkeypatch.chdir(work)
    holder = Cache(work / "ds.cache")
    try:
        with pytest.raises(dataset.BuildError, match="in use by another build"):
            dataset.build("corpus", "ds", jobs=1)
    finally:
        holder.close()


def test_an_error_while_writing_leaves_the_previous_dataset(work, monkeypatch):
    before = digests(work / "ds")
    (work / "corpus" / "empty.txt").write_bytes(b"")  # the dataset must be rewritten

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.chdir(work)
    monkeypatch.setattr(DatasetWriter, "add_failures", explode)
    with pytest.raises(RuntimeError, match="disk full"):
        dataset.build("corpus", "ds", jobs=1)
    assert digests(work / "ds") == before
    assert not list(work.glob(".ds.tmp-*"))


# A build that stops, half written, until it is killed.
HANG_WHILE_WRITING = """
import sys, time
import dxextract.dataset_files as writers

def hang(self, *args):
    print("half written", flush=True)
    time.sleep(600)

writers.DatasetWriter.close = hang
sys.argv = ["dxextract", "build", "corpus", "-o", "ds", "-q", "--jobs", "1"]
from dxextract.cli import main
main()
"""


def test_a_killed_build_leaves_the_previous_dataset(work):
    before = digests(work / "ds")
    (work / "corpus" / "empty.txt").write_bytes(b"")  # the dataset must be rewritten
    proc = subprocess.Popen([sys.executable, "-c", HANG_WHILE_WRITING], cwd=work, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert proc.stdout.readline().strip() == "half written"
    assert list(work.glob(".ds.tmp-*/commitments.parquet/part-*.parquet"))
    proc.kill()
    proc.wait()
    assert digests(work / "ds") == before
    assert build_cli(work).returncode == 1  # the next build cleans up and completes
    assert not list(work.glob(".ds.tmp-*"))
    assert len(read_csv(work / "ds" / "failures.csv")) == 1


def test_extra_fields_follow_the_schema_and_nested_values_are_json(tmp_path, corpus_files, monkeypatch):
    real_run = pipeline.run_document

    def run_with_extras(article, published=None):
        doc, records = real_run(article, published)
        return doc, [{**r, "zz_cues": ["phấn đấu"], "aa_span": {"from": r["start"]}} for r in records]

    monkeypatch.setattr(pipeline, "run_document", run_with_extras)
    (tmp_path / "in").mkdir()
    shutil.copy(corpus_files[2], tmp_path / "in")
    assert dataset.build(tmp_path / "in", tmp_path / "ds", jobs=1, progress=False).exit_code == 0
    rows = read_csv(tmp_path / "ds" / "commitments.csv")
    header, n = list(rows[0]), len(SCHEMA["commitments"])
    assert header[:n] == [c.name for c in SCHEMA["commitments"]]
    assert {"aa_span", "zz_cues"} <= set(header[n:]) and header[n:] == sorted(header[n:])
    assert json.loads(rows[0]["zz_cues"]) == ["phấn đấu"] and json.loads(rows[0]["aa_span"]) == {"from": int(rows[0]["start"])}
    package = json.loads((tmp_path / "ds" / "datapackage.json").read_text(encoding="utf-8"))
    fields = {f["name"]: f["type"] for r in package["resources"] if r["name"] == "commitments" for f in r["schema"]["fields"]}
    assert fields["zz_cues"] == "array" and fields["aa_span"] == "object"


def test_a_worker_that_dies_fails_its_articles_not_the_build(tmp_path, corpus_dir, monkeypatch):
    real_run = pipeline.run_document
    victim = sorted(corpus_dir.glob("*.txt"))[0].name

    def die_on_victim(article, published=None):
        if article.source.endswith(victim):
            os._exit(1)  # a worker killed mid-article (out of memory, a crash in a native library)
        return real_run(article, published)

    monkeypatch.setattr(pipeline, "run_document", die_on_victim)  # forked workers inherit it
    monkeypatch.setattr(scan, "SHARD_PIECES", 1)  # each file its own shard: the victim's dies alone
    monkeypatch.setattr(engines, "WINDOW", 1)
    summary = dataset.build(corpus_dir, tmp_path / "ds", jobs=2, cache=tmp_path / "cache", progress=False)
    assert summary.exit_code == 1 and summary.articles >= 2
    reasons = {Path(f["source"]).name: f["reason"] for f in read_csv(tmp_path / "ds" / "failures.csv")}
    assert reasons[victim].startswith("worker failed")


def test_the_python_api_returns_a_summary(work, monkeypatch):
    monkeypatch.chdir(work)
    summary = dataset.build("corpus", "ds", jobs=1, progress=False)
    assert summary.exit_code == 0 and summary.unchanged == 5 and not summary.written
    assert summary.as_dict()["records"] == summary.records


def _rows_corpus(path: Path, corpus_files: list[Path], bad_at: int) -> Path:
    """A JSON Lines corpus of the bundled articles, twice over, with a bad row at line `bad_at`."""
    texts = [p.read_text(encoding="utf-8") for p in corpus_files]
    lines = [json.dumps({"id": f"r{i}", "text": f"{texts[i % len(texts)]}\nBản tin số {i}."}, ensure_ascii=False)
             for i in range(2 * len(texts))]
    lines.insert(bad_at - 1, "{not json")
    path.write_text("\r\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_cache_made_anew_at_the_same_path_is_the_one_the_next_build_of_the_same_process_uses(tmp_path, corpus_dir):
    """A process that builds again keeps its connection to the cache (a Dask worker serves build
    after build; a notebook calls `build` twice): when the cache folder was deleted and made again
    in between, the next build reads and extracts every article into the new cache, as a first
    build does, not into the deleted file the old connection held (it counted every article
    unchanged, with no records, and left the new cache empty)."""
    first = dataset.build(corpus_dir, tmp_path / "one", jobs=1, cache=tmp_path / "c", progress=False)
    shutil.rmtree(tmp_path / "c")
    again = dataset.build(corpus_dir, tmp_path / "two", jobs=1, cache=tmp_path / "c", progress=False)
    assert (again.new, again.unchanged, again.read, again.records) == (first.new, 0, first.read, first.records)
    with closing(Cache(tmp_path / "c")) as kept:
        assert not kept.is_empty()
    assert table_digests(tmp_path / "two") == table_digests(tmp_path / "one")


def test_dask_workers_read_their_shards_and_give_the_dataset_of_one_job(tmp_path, corpus_files, monkeypatch):
    """A LocalCluster of 2 worker processes, the JSON Lines file cut into byte ranges: workers read,
    extract and write; this process reads no article and decodes no result (both poisoned here,
    where the workers, separate processes, do not see it), and the dataset is byte for byte the
    one a single job builds."""
    distributed = pytest.importorskip("distributed")
    import dxextract.dataset_files as dataset_files
    import dxextract.work as work

    corpus = _rows_corpus(tmp_path / "news.jsonl", corpus_files, bad_at=4)
    monkeypatch.setattr(scan, "SHARD_BYTES", 4096)  # several byte ranges
    assert len(scan.pieces_of(corpus, str(corpus))) >= 3
    one = dataset.build(corpus, tmp_path / "one", jobs=1, progress=False)
    for name in ("_items", "pack"):
        monkeypatch.setattr(work, name, lambda *a, **k: pytest.fail("the client read an article"))
    monkeypatch.setattr(dataset_files, "part_rows", lambda *a, **k: pytest.fail("the client decoded results"))
    try:
        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None)
    except Exception as e:  # noqa: BLE001 - no cluster on this machine: nothing to compare
        pytest.skip(f"dask.distributed cannot start: {e}")
    with cluster, distributed.Client(cluster) as client, distributed.get_task_stream(client) as stream:
        summary = dataset.build(corpus, tmp_path / "dask", engine="dask", scheduler=client.scheduler.address,
                                cache=tmp_path / "dask.cache", progress=False)
    shards = [task for task in stream.data if str(task["key"]).startswith("process_shard")]
    assert len({task["worker"] for task in shards}) == 2  # both workers read shards
    pieces = len(scan.pieces_of(corpus, str(corpus)))
    assert len(shards) < pieces  # a Dask task reads up to DASK_SHARD_SCALE times a pool's input
    assert (summary.new, summary.failed, summary.read) == (one.new, 1, 10) == (10, 1, 10)
    assert [f["source"] for f in read_csv(tmp_path / "dask" / "failures.csv")] == [f"{corpus}#L4"]  # line numbers across ranges
    assert table_digests(tmp_path / "dask") == table_digests(tmp_path / "one")
    assert sqlite_rows(tmp_path / "dask") == sqlite_rows(tmp_path / "one")
    with closing(sqlite3.connect(tmp_path / "dask.cache" / "cache.sqlite")) as db:  # a scheduler's address: maybe
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # other machines: file locks, no WAL


def test_a_cluster_started_beforehand_runs_the_build_without_its_scheduler_importing_dxextract(tmp_path, corpus_files):
    """A cluster started in a process of its own, as one is used (`--scheduler ADDR`): the build's
    tasks are sealed (`engines._Sealed`), so its scheduler, which unpickles every task it gets,
    never imports dxextract (it did, ~0.3 s before the first task went out); the workers read and
    write the shards and parts under their usual names; the dataset is the one a single job builds."""
    distributed = pytest.importorskip("distributed")
    corpus = _rows_corpus(tmp_path / "news.jsonl", corpus_files, bad_at=4)
    one = dataset.build(corpus, tmp_path / "one", jobs=1, progress=False)
    serve = ("import sys\nfrom distributed import LocalCluster\n"
             "cluster = LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None)\n"
             "print(cluster.scheduler_address, flush=True)\nsys.stdin.read()\ncluster.close()\n")
    code = str(Path(dataset.__file__).parents[1])  # the workers import this checkout
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [code, os.environ.get("PYTHONPATH")]))}
    with subprocess.Popen([sys.executable, "-c", serve], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                          env=env) as cluster:
        try:
            address = cluster.stdout.readline().strip()
            if not address:
                pytest.skip("dask.distributed cannot start a cluster here")
            with distributed.Client(address) as client:
                client.get_task_stream()  # the scheduler records the tasks from now on
                summary = dataset.build(corpus, tmp_path / "dask", engine="dask", scheduler=address,
                                        cache=tmp_path / "dask.cache", progress=False)
                names = {str(t["key"]).split("-")[0] for t in client.get_task_stream()}
                imported = client.run_on_scheduler(lambda: "dxextract" in sys.modules)
        finally:
            cluster.stdin.close()  # the cluster closes when its input ends
    assert names == {"process_shard", "write_parts"}
    assert imported is False
    assert (summary.new, summary.failed) == (one.new, 1)
    assert table_digests(tmp_path / "dask") == table_digests(tmp_path / "one")
    assert sqlite_rows(tmp_path / "dask") == sqlite_rows(tmp_path / "one")


def _appears(path: Path, timeout: float) -> bool:
    """Whether `path` exists within `timeout` seconds (a scheduler writes its address file once it listens)."""
    deadline = time.monotonic() + timeout
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return path.exists()


def test_workers_started_with_the_preload_are_warm_before_the_first_task_and_build_the_dataset(tmp_path, corpus_files):
    """A cluster started as README tells operators to (`dask scheduler`, `dask worker ADDR
    --preload dxextract.dask_preload`, processes of their own): before any task, each worker has
    imported both stages, compiled the patterns and loaded the models, so a build does not pay
    them, and keeps the light bookkeeping of a build's own cluster (no profiler, a slow tick);
    the dataset it builds is the one a single job builds."""
    distributed = pytest.importorskip("distributed")
    corpus = _rows_corpus(tmp_path / "news.jsonl", corpus_files, bad_at=4)
    one = dataset.build(corpus, tmp_path / "one", jobs=1, progress=False)

    def warmth(dask_worker: "distributed.Worker") -> tuple:
        """What a worker process holds (`Client.run` pickles this function by value: it imports
        nothing of dxextract itself): both stages' modules, the patterns compiled (`warm_up` has
        run), the underthesea models loaded; whether its profiler runs, its tick's period in ms."""
        text, pipeline = sys.modules.get("dxextract.text"), sys.modules.get("dxextract.pipeline")
        return ("dxextract.work" in sys.modules, "dxextract.dataset_files" in sys.modules,
                pipeline is not None and pipeline.warm_up.cache_info().currsize == 1,
                sorted(text._LOADED) if text else [], "profile" in dask_worker.periodic_callbacks,
                dask_worker.periodic_callbacks["tick"].callback_time)

    code = str(Path(dataset.__file__).parents[1])  # the workers import this checkout
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [code, os.environ.get("PYTHONPATH")]))}
    address_file, dask = tmp_path / "scheduler.json", [sys.executable, "-m", "dask"]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env}
    with subprocess.Popen([*dask, "scheduler", "--port", "0", "--dashboard-address", ":0", "--scheduler-file",
                           str(address_file)], **quiet) as scheduler, \
            subprocess.Popen([*dask, "worker", "--scheduler-file", str(address_file), "--nthreads", "1", "--nworkers",
                              "2", "--preload", "dxextract.dask_preload"], **quiet) as workers:
        try:
            if not _appears(address_file, timeout=60):
                pytest.skip("dask cannot start a scheduler here")
            with distributed.Client(scheduler_file=str(address_file)) as client:
                client.wait_for_workers(2, timeout=120)
                before = list(client.run(warmth).values())  # no task has run yet
                summary = dataset.build(corpus, tmp_path / "dask", engine="dask", scheduler=client.scheduler.address,
                                        cache=tmp_path / "dask.cache", progress=False)
        finally:
            for process in (workers, scheduler):
                process.terminate()
    assert before == [(True, True, True, sorted(dask_preload.MODELS), False, 1000)] * 2
    assert (summary.new, summary.failed) == (one.new, 1)
    assert table_digests(tmp_path / "dask") == table_digests(tmp_path / "one")
    assert sqlite_rows(tmp_path / "dask") == sqlite_rows(tmp_path / "one")


def test_the_cluster_a_build_starts_forks_its_workers_set_up_for_a_build(tmp_path, corpus_files):
    """`--engine dask` without a scheduler: a LocalCluster of forked workers (the build's imports
    inherited, not made again), no statistical profiler, slower watchdogs; the dataset is the one
    a single job builds."""
    distributed = pytest.importorskip("distributed")
    corpus = _rows_corpus(tmp_path / "news.jsonl", corpus_files, bad_at=4)
    one = dataset.build(corpus, tmp_path / "one", jobs=1, progress=False)
    try:
        cluster = engines.local_cluster(2)
    except Exception as e:  # noqa: BLE001 - no cluster on this machine: nothing to compare
        pytest.skip(f"dask.distributed cannot start: {e}")

    def settings() -> tuple:
        import sys

        import dask

        return ("dxextract.work" in sys.modules, dask.config.get("distributed.worker.profile.enabled"),
                dask.config.get("distributed.admin.tick.interval"))

    with cluster, distributed.Client(cluster) as client:
        assert list(client.run(settings).values()) == [(True, False, "1s")] * 2  # imported before any task came
    summary = dataset.build(corpus, tmp_path / "dask", jobs=2, engine="dask", cache=tmp_path / "dask.cache", progress=False)
    assert (summary.new, summary.failed) == (one.new, 1)
    assert table_digests(tmp_path / "dask") == table_digests(tmp_path / "one")
    assert sqlite_rows(tmp_path / "dask") == sqlite_rows(tmp_path / "one")


def test_workers_write_several_parts_per_task_and_give_the_dataset_of_one_job(tmp_path, corpus_files, monkeypatch):
    """The write stage sends the workers a few parts per task (each task costs the build's process
    its scheduling), in a pool as on Dask: the same files as one job writing part by part."""
    import dxextract.output as output

    corpus = _rows_corpus(tmp_path / "news.jsonl", corpus_files, bad_at=4)
    dataset.build(corpus, tmp_path / "one", jobs=1, progress=False)
    tasks: list[tuple] = []
    real_map = engines.Runner.map

    def counted(self, fn, items):
        for key, result in real_map(self, fn, items):
            tasks.append(key)
            yield key, result

    monkeypatch.setattr(engines.Runner, "map", counted)
    monkeypatch.setattr(output, "PARTS_PER_TASK", 3)
    dataset.build(corpus, tmp_path / "two", jobs=2, progress=False)
    parts = sorted(p for key in tasks for p in key)
    assert len(parts) > 3 and len(tasks) == -(-len(parts) // 3) and len(set(parts)) == len(parts)
    assert table_digests(tmp_path / "two") == table_digests(tmp_path / "one")
    assert sqlite_rows(tmp_path / "two") == sqlite_rows(tmp_path / "one")


def test_rows_moved_down_a_line_are_read_again_but_their_stored_results_found_in_one_query(tmp_path, corpus_files,
                                                                                          monkeypatch):
    """A row put before the others renumbers every line, so every row is read again; whether each
    article's result is stored is asked of the cache once per batch of rows (`Store.stored`), never
    once per article (`Store.has`: under a rollback journal each query waits out the other
    workers' commits); only the new article is extracted."""
    import dxextract.cache as cache
    import dxextract.work as work

    corpus = _rows_corpus(tmp_path / "news.jsonl", corpus_files, bad_at=4)
    first = dataset.build(corpus, tmp_path / "ds", jobs=1, progress=False)
    new_row = json.dumps({"id": "r-new", "text": "Ngày 1/1/2021, UBND tỉnh Đắk Lắk ban hành Quyết định số 123/QĐ-UBND."},
                         ensure_ascii=False)
    corpus.write_text(new_row + "\n" + corpus.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(cache.Store, "has", lambda *a: pytest.fail("one lookup per article"))
    lookups, extracted = [], []
    real_stored, real_run = cache.Store.stored, pipeline.run_guarded
    monkeypatch.setattr(cache.Store, "stored", lambda self, keys: lookups.append(keys) or real_stored(self, keys))
    monkeypatch.setattr(pipeline, "run_guarded", lambda article, *a: extracted.append(article.text) or real_run(article, *a))
    monkeypatch.setattr(work, "ROW_BATCH", 5)
    second = dataset.build(corpus, tmp_path / "ds", jobs=1, progress=False)
    assert second.read == first.read + 1 and second.new == 1 and second.failed == 1
    assert len(extracted) == 1 and "123/QĐ-UBND" in extracted[0]
    asked = [key for keys in lookups for key in keys]
    assert len(asked) == len(set(asked)) == second.read and max(map(len, lookups)) == 5  # each once, five at a time


def test_pieces_of_a_json_lines_file_hold_its_lines_once_numbered_as_the_whole_file(tmp_path, monkeypatch):
    from dxextract.readers import jsonl_lines
    from dxextract.work import piece_lines

    path = tmp_path / "rows.jsonl"
    rows = [f'{{"id": {i}, "text": "{"x" * (i * 37 % 300)}"}}' for i in range(200)]
    path.write_bytes(("\n".join(rows[:80]) + "\r\n\n" + "\r\n".join(rows[80:150]) + "\r" + "\n".join(rows[150:])).encode())
    monkeypatch.setattr(scan, "SHARD_BYTES", 1000)
    pieces = scan.pieces_of(path, "rows.jsonl")
    assert len(pieces) > 10 and pieces[0].start == 0 and pieces[-1].end == path.stat().st_size
    assert all(a.end == b.start and a.last_line + 1 == b.first_line for a, b in zip(pieces, pieces[1:]))
    assert [x for p in pieces for x in piece_lines(p)] == list(jsonl_lines(path))



def _keys_as_text_gives_them(piece, salt: bytes) -> list:
    from dxextract.cache import row_key
    from dxextract.work import piece_lines

    return [(n, line, row_key(salt, n, line)) for n, line in piece_lines(piece)]


def test_row_keys_hashed_from_the_bytes_read_are_those_of_the_decoded_lines(tmp_path, monkeypatch):
    """`keyed_lines` splits a piece as bytes and as text at once and hashes each row's bytes: the
    same lines, numbers and keys as decoding it line by line and encoding each line again, with a
    byte-order mark, blank lines and lines blank to Unicode only (no-break spaces, a separator
    character), non-ASCII text, a last line without its line end; a piece with a carriage return,
    or one that does not decode, goes line by line as before (and fails as before)."""
    import dxextract.work as work
    from dxextract.work import keyed_lines

    salt = b"salt"
    monkeypatch.setattr(scan, "SHARD_BYTES", 300)
    rows = [json.dumps({"id": i, "text": "Đến năm 2025, 100% hồ sơ " * (i % 7)}, ensure_ascii=False) for i in range(60)]
    odd = ["", "   ", "\u00a0\u3000", "\x1c", " \t", "\u2028x"]
    text = "\ufeff" + "\n".join(r + "\n" + odd[i % len(odd)] for i, r in enumerate(rows)) + "\n\n" + rows[0]
    for name, data in {"plain": text.encode(), "ends": (text + "\n").encode(), "crlf": text.replace("\n", "\r\n").encode()}.items():
        path = tmp_path / f"{name}.jsonl"
        path.write_bytes(data)
        pieces = scan.pieces_of(path, path.name)
        assert len(pieces) > 5
        got = [x for p in pieces for x in keyed_lines(p, salt)]
        assert got == [x for p in pieces for x in _keys_as_text_gives_them(p, salt)]
        assert len(got) == len(rows) + 1 + sum(1 for i in range(len(rows)) if odd[i % len(odd)].strip())
        with monkeypatch.context() as m:  # without a carriage return, no piece goes line by line
            m.setattr(work, "piece_lines", lambda *a: pytest.fail("read line by line"))
            if name != "crlf":
                assert [x for p in pieces for x in keyed_lines(p, salt)] == got
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b"".join(r.encode() + b"\n" for r in rows[:20]) + b'{"id": "x", "text": "\xff"}\n' + rows[21].encode() + b"\n")
    for piece in scan.pieces_of(bad, bad.name):
        try:
            expected = _keys_as_text_gives_them(piece, salt)
        except UnicodeDecodeError:
            with pytest.raises(UnicodeDecodeError):
                list(keyed_lines(piece, salt))
            continue
        assert list(keyed_lines(piece, salt)) == expected


# -- the same article read twice: the latest copy wins ------------------------------------------

def _row(text: str, rid: str = "a1", url: str = "https://baodaklak.vn/cds-2025.html") -> str:
    return json.dumps({"id": rid, "url": url, "text": text}, ensure_ascii=False) + "\n"


def test_a_row_appended_again_replaces_the_earlier_copy(tmp_path):
    corpus = tmp_path / "news.jsonl"
    corpus.write_text(
        _row("Đắk Lắk phấn đấu đến năm 2025 đạt 80% dịch vụ công trực tuyến toàn trình.")
        + _row("Gia Lai đã cấp 1.200 chữ ký số cho cán bộ.", rid="b", url="https://baogialai.com.vn/cks.html")
        + _row("Đắk Lắk phấn đấu đến năm 2025 đạt 90% dịch vụ công trực tuyến toàn trình."),  # corrected
        encoding="utf-8")
    summary = dataset.build(corpus, tmp_path / "ds", jobs=1, progress=False)
    assert (summary.articles, summary.superseded, summary.failed, summary.exit_code) == (2, 1, 0, 0)
    articles = read_rows(tmp_path / "ds", "articles")
    assert len(articles) == 2
    assert any("90%" in a["text"] for a in articles) and not any("80%" in a["text"] for a in articles)
    assert read_csv(tmp_path / "ds" / "failures.csv") == []
    values = {r["value"] for r in pq.read_table(tmp_path / "ds" / "numbers.parquet").to_pylist() if r["unit"] == "percent"}
    assert values == {90.0}

    again = dataset.build(corpus, tmp_path / "ds", jobs=1, progress=False)
    assert (again.articles, again.unchanged, again.superseded, again.written) == (2, 2, 1, False)


def test_a_page_fetched_again_into_a_newer_warc_replaces_the_older_copy(tmp_path):
    from dxextract.web.warc import WarcArchive

    page = (Path(__file__).parent / "data" / "web" / "tinh.html").read_text(encoding="utf-8")
    url = "https://baodaklak.vn/tinh.html"
    crawl = tmp_path / "crawl"
    crawl.mkdir()
    for body in (page, page.replace("Hạ tầng số phủ khắp các xã", "Hạ tầng số đã phủ khắp 100% các xã")):
        with WarcArchive(crawl, "dxextract-test") as archive:  # one file per crawl, named by its time
            archive.write_response(url, 200, "OK", [("Content-Type", "text/html; charset=utf-8")], body.encode())
    assert len(list(crawl.iterdir())) == 2
    summary = dataset.build(crawl, tmp_path / "ds", jobs=2, progress=False)
    assert (summary.articles, summary.superseded, summary.failed) == (1, 1, 0)
    [article] = read_rows(tmp_path / "ds", "articles")
    assert "đã phủ khắp 100% các xã" in article["text"]


# -- a changed JSON Lines row: only that row is read and extracted again -------------------------

def test_a_changed_row_is_the_only_one_read_again_and_the_dataset_equals_a_fresh_build(tmp_path, corpus_files):
    rows = [{"id": f"r{i}", "text": p.read_text(encoding="utf-8")} for i, p in enumerate(corpus_files)]
    corpus = tmp_path / "news.jsonl"

    def write(rows: list[dict]) -> None:
        lines = [json.dumps(r, ensure_ascii=False) for r in rows]
        corpus.write_text("\n".join([*lines, "{not json"]) + "\n", encoding="utf-8")

    write(rows)
    first = dataset.build(corpus, tmp_path / "ds", jobs=1, progress=False)
    assert (first.read, first.new, first.failed) == (5, 5, 1)
    rows[2]["text"] += "\nĐến năm 2025, 100% hồ sơ được xử lý trực tuyến."
    write(rows)
    again = dataset.build(corpus, tmp_path / "ds", jobs=1, progress=False)
    assert (again.read, again.changed, again.new, again.unchanged, again.failed) == (1, 1, 0, 4, 1)
    fresh = dataset.build(corpus, tmp_path / "fresh", jobs=1, progress=False, cache=tmp_path / "fresh.cache")
    assert (fresh.read, fresh.new) == (5, 5)
    assert table_digests(tmp_path / "ds") == table_digests(tmp_path / "fresh")
    assert [f["source"] for f in read_csv(tmp_path / "ds" / "failures.csv")] == [f"{corpus}#L6"]


def test_an_updated_sqlite_file_keeps_the_rows_of_the_parts_that_did_not_change(tmp_path, corpus_files):
    """Part 0 holds an unchanged article while another part changes: the updated SQLite file
    (failures, always rewritten, live in part 0 too) holds what a fresh build's does."""
    from dxextract.ids import article_id_for

    first = next(i for i in range(5000) if partitions.part_of(article_id_for(row=("news.jsonl", f"r{i}"))) == 0)
    rows = [{"id": f"r{i}", "text": p.read_text(encoding="utf-8")} for i, p in zip([first, 1, 2], corpus_files)]
    corpus = tmp_path / "news.jsonl"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    dataset.build(corpus, tmp_path / "ds", jobs=1, progress=False)
    rows[-1]["text"] += "\nĐến năm 2025, 100% hồ sơ được xử lý trực tuyến."
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    assert dataset.build(corpus, tmp_path / "ds", jobs=1, progress=False).changed == 1
    dataset.build(corpus, tmp_path / "fresh", jobs=1, progress=False, cache=tmp_path / "ds.cache")
    assert len(sqlite_rows(tmp_path / "ds")["articles"]) == 3
    assert sqlite_rows(tmp_path / "ds") == sqlite_rows(tmp_path / "fresh")


# -- each text stored once: body, captions and sentences rebuilt when read -----------------------

def test_body_and_captions_are_stored_once_and_rebuilt_on_load(first_build, corpus_files):
    ds = first_build[0] / "ds"
    assert not {"body", "captions"} & set(pq.read_table(ds / "articles.parquet").schema.names)
    assert "sentence" not in pq.read_table(ds / "sentences.parquet").schema.names
    loaded = {Path(r["source"]).name: r for r in load(ds).articles.to_dict("records")}
    for path in corpus_files:
        article = read(path)
        assert (loaded[path.name]["body"], loaded[path.name]["captions"]) == (article.body, "\n".join(article.captions))


def test_sentence_ids_number_each_part_in_order_and_sqlite_keeps_the_text_once(first_build):
    """Consecutive ids per part (the full-text index stores the gaps between ids, so random
    63-bit ids made it 2x bigger), and in SQLite the text lives in the sentences alone."""
    from dxextract.dataset_files import PART_IDS

    ds = first_build[0] / "ds"
    rows = sorted(read_rows(ds, "sentences"), key=lambda r: (r["article_id"], r["start"]))
    for part in {partitions.part_of(r["article_id"]) for r in rows}:
        ids = [r["sentence_id"] for r in rows if partitions.part_of(r["article_id"]) == part]
        assert ids == list(range(part * PART_IDS + 1, part * PART_IDS + 1 + len(ids)))
    with closing(sqlite3.connect(ds / "dataset.sqlite")) as db:
        assert "text" not in [c[1] for c in db.execute('PRAGMA table_info("articles")')]
        stored = db.execute("SELECT sum(length(sentence)) FROM sentences").fetchone()[0]
        assert stored <= sum(len(a["text"]) for a in read_rows(ds, "articles"))  # each sentence once, no article copy
        assert db.execute("SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH 'dak lak'").fetchone()[0]
    assert load(ds).articles["text"].str.len().sum() > stored  # dx.load still gives the whole text


# -- SQLite's record tables: views over tables that store each record once ---------------------

def _cells(row: dict, names: list[str]) -> tuple:
    """A Parquet row's cells as SQLite gives them back (booleans as 0 and 1)."""
    return tuple(int(v) if isinstance(v, bool) else v for v in (row[n] for n in names))


def test_sqlite_record_tables_are_views_over_slim_stored_tables_with_the_parquet_rows(first_build):
    """legal_refs, dates, numbers and entities are views of every column over `<name>_stored`, which
    keeps no type, article_id or source (looked up by sentence_id) and the span's text only where
    it is not the slice of its sentence: selected, they give the Parquet rows cell for cell."""
    ds = first_build[0] / "ds"
    with closing(sqlite3.connect(ds / "dataset.sqlite")) as db:
        kinds = dict(db.execute("SELECT name, type FROM sqlite_master"))
        cut = 0
        for table in VIEWED:
            assert (kinds[table], kinds[table + STORED]) == ("view", "table")
            stored = [c[1] for c in db.execute(f'PRAGMA table_info("{table}{STORED}")')]
            assert not set(DERIVED) & set(stored) and {"sentence_id", "start", "end", "text"} <= set(stored)
            cursor = db.execute(f'SELECT * FROM "{table}"')
            names = [d[0] for d in cursor.description]
            assert names == [c.name for c in SCHEMA[table]] + names[len(SCHEMA[table]):]
            rows = read_rows(ds, table)
            assert rows and sorted(cursor, key=repr) == sorted((_cells(r, names) for r in rows), key=repr)
            cut += db.execute(f'SELECT count(*) FROM "{table}{STORED}" WHERE "text" IS NULL').fetchone()[0]
        assert cut > 0  # the spans inside their sentence are not stored twice


def test_a_record_whose_span_leaves_its_sentence_keeps_its_text_in_sqlite(tmp_path):
    """A span is stored only when its sentence cannot give it (it runs past the sentence's end):
    the view shows both records as they came."""
    from dxextract.dataset_files import sqlite_part

    text, aid = "Đắk Lắk đạt 80%. Hà Nội cũng vậy.", "ab" * 8
    formats = {name: TableFormat(name, SCHEMA[name], False) for name in ("articles", "sentences", "entities")}
    rows = {
        "articles": [{"article_id": aid, "source": "x.txt", "title": "t", "text": text, "line_roles": "b"}],
        "sentences": [{"sentence_id": 7, "article_id": aid, "start": 0, "end": 16},
                      {"sentence_id": 8, "article_id": aid, "start": 17, "end": len(text)}],
        "entities": [{"type": "entity", "article_id": aid, "source": "x.txt", "start": s, "end": e, "text": text[s:e],
                      "sentence_id": 7, "label": "LOC", "norm": text[s:e], "rule": "r"} for s, e in ((0, 7), (12, 20))],
    }
    path = tmp_path / "part.sqlite"
    sqlite_part(formats, {name: formats[name].encode(r) for name, r in rows.items()}, path)
    with closing(sqlite3.connect(path)) as db:
        assert db.execute(f'SELECT "text" FROM "entities{STORED}" ORDER BY start').fetchall() == [(None,), (text[12:20],)]
        db.execute(formats["entities"].view())
        names = [c.name for c in SCHEMA["entities"]]
        assert db.execute('SELECT * FROM "entities" ORDER BY start').fetchall() == [
            tuple(r[n] for n in names) for r in rows["entities"]]


def test_line_roles_rebuild_body_and_captions_of_an_assembled_article():
    blocks = [Block("title", "Chuyển đổi số"), Block("stamp", "Thứ Hai, 01/03/2021"), Block("lead", "Đắk Lắk đạt 80%."),
              Block("caption", "Ảnh: Hội nghị."), Block("body", "Tỉnh phấn đấu 100%."), Block("credit", "Theo Báo Đắk Lắk")]
    row = assemble(blocks, article_id="a", source="s").row()
    roles = line_roles(row["text"], row["body"], row["captions"])
    assert roles == "b-bcb-"
    assert (lines_of(row["text"], roles, BODY_ROLE), lines_of(row["text"], roles, CAPTION_ROLE)) == (row["body"], row["captions"])
    assert line_roles("a\nb", "b\na", "") is None  # not lines of the text in its order: cannot be rebuilt


def test_encoding_a_part_does_not_import_pandas_and_dataframes_still_work():
    """pyarrow's probe for pandas (0.3-0.5 s per worker) is skipped when a part is encoded, and a
    DataFrame asked for afterwards in the same process is still made (a fresh interpreter: pandas
    is imported by other tests of this one)."""
    script = (
        "import sys\n"
        "from dxextract.writers import SCHEMA, TableFormat\n"
        "fmt = TableFormat('numbers', SCHEMA['numbers'], csv_too=True)\n"
        "files = fmt.encode([{'type': 'number', 'article_id': 'a', 'start': 0, 'end': 3, 'text': '70%', 'value': 70.0}])\n"
        "print('pandas' in sys.modules)\n"
        "print(files.arrow.to_pandas()['value'].tolist())\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[:2] == ["False", "[70.0]"]


def test_parquet_parts_are_compressed_harder_than_pyarrows_default(first_build):
    """The articles' text is most of the Parquet bytes: each part is smaller than the same table
    written with pyarrow's default zstd level (the old files were exactly that size)."""
    import io

    from dxextract.writers import LONG

    parts = sorted((first_build[0] / "ds" / "articles.parquet").iterdir())
    for part in (p for p in parts if pq.read_metadata(p).num_rows):
        default = io.BytesIO()
        pq.write_table(pq.read_table(part), default, compression="zstd", store_schema=False,
                       write_statistics=[c for c in pq.read_schema(part).names if c not in LONG])
        assert part.stat().st_size < len(default.getvalue())


def test_the_files_of_empty_parts_are_links_to_one_file_per_table(first_build):
    """A small corpus leaves most parts without an article: each table writes the first such part's
    files once, and the other empty parts' files are hard links to them (the same bytes)."""
    ds = first_build[0] / "ds"
    empty = [p.name for p in sorted((ds / "articles.parquet").iterdir()) if pq.read_metadata(p).num_rows == 0]
    assert len(empty) > 1
    for table in (t for t in TABLES if t not in partitions.WHOLE):
        files = [ds / f"{table}.parquet" / name for name in empty]
        assert len({f.stat().st_ino for f in files}) == 1 and files[0].stat().st_nlink >= len(files), table


def test_record_totals_are_kept_per_part_and_a_changed_row_reads_only_its_parts_infos(tmp_path, corpus_files, monkeypatch):
    """The run's record counts and column kinds come from totals kept per dataset part (by its
    digest): a rebuild after one row changed reads the infos of that row's part alone, and its
    counts and dataset equal a fresh build's; the cache keeps only the totals of the run's parts."""
    rows = [{"id": f"r{i}", "text": p.read_text(encoding="utf-8")} for i, p in enumerate(corpus_files)]
    corpus = tmp_path / "news.jsonl"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    dataset.build(corpus, tmp_path / "ds", jobs=1, progress=False)
    rows[2]["text"] += "\nĐến năm 2025, 100% hồ sơ được xử lý trực tuyến."
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    read = []
    real = Cache.run_infos
    monkeypatch.setattr(Cache, "run_infos", lambda self, lo="", hi=None: read.append((lo, hi)) or real(self, lo, hi))
    again = dataset.build(corpus, tmp_path / "ds", jobs=1, progress=False)
    monkeypatch.undo()
    fresh = dataset.build(corpus, tmp_path / "fresh", jobs=1, progress=False, cache=tmp_path / "fresh.cache")
    package = json.loads((tmp_path / "ds" / "datapackage.json").read_text(encoding="utf-8"))
    changed_id = next(r["article_id"] for r in read_rows(tmp_path / "ds", "articles") if r["row_id"] == "r2")
    assert read == [partitions.part_range(partitions.part_of(changed_id))]
    assert again.records == fresh.records and again.records.get("commitment", 0) > 0
    assert table_digests(tmp_path / "ds") == table_digests(tmp_path / "fresh")
    with closing(sqlite3.connect(tmp_path / "ds.cache" / "cache.sqlite")) as db:
        kept = {d for (d,) in db.execute("SELECT digest FROM part_totals")}
    assert kept == set(package["dxextract"]["partitions"]["parts"])


def test_json_lines_rows_are_looked_up_in_the_row_cache_a_group_at_a_time(tmp_path, corpus_files, monkeypatch):
    """A changed JSON Lines file's rows are asked of the row cache in groups (one query per
    group, not per row), the groups cut anywhere among its rows: only the changed row is read
    again, and the dataset equals a fresh build's."""
    import dxextract.cache as cache
    import dxextract.work as work

    rows = [{"id": f"r{i}", "text": p.read_text(encoding="utf-8")} for i, p in enumerate(corpus_files)]
    corpus = tmp_path / "news.jsonl"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows) + "{not json\n", encoding="utf-8")
    dataset.build(corpus, tmp_path / "ds", jobs=1, progress=False)
    rows[3]["text"] += "\nĐến năm 2025, 100% hồ sơ được xử lý trực tuyến."
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows) + "{not json\n", encoding="utf-8")
    asked = []
    real = cache.Store.rows
    monkeypatch.setattr(work, "ROW_BATCH", 2)
    monkeypatch.setattr(cache.Store, "rows", lambda self, keys: asked.append(len(keys)) or real(self, keys))
    again = dataset.build(corpus, tmp_path / "ds", jobs=1, progress=False)
    monkeypatch.undo()
    assert asked == [2, 2, 2] and (again.read, again.changed, again.unchanged, again.failed) == (1, 1, 4, 1)
    fresh = dataset.build(corpus, tmp_path / "fresh", jobs=1, progress=False, cache=tmp_path / "fresh.cache")
    assert table_digests(tmp_path / "ds") == table_digests(tmp_path / "fresh")
