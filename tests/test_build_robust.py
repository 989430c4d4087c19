"""A build that survives what nightly jobs meet: a kill mid-run, a stale lock, an input that
raises or runs away, the same corpus named another way, a dataset served while it is rebuilt.

Everything is real: `dxextract build` processes and their pool workers, signals, flock locks,
SQLite and CSV files. Errors and slow articles are injected into one stage for one article;
the other articles go through the real pipeline.
"""
from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import dxextract as dx
import dxextract.dataset as dataset
from dxextract import pipeline, readers
from dxextract.cache import Cache

BUGGY = "002_ec1798adad215369.txt"  # an injected exception hits this article in the numbers stage ...
BUG_MARKER = "Tập trung nền tảng chuyển đổi số"  # (a line of its text)
RUNAWAY = "001_ef6a8b9dc3eafaab.txt"  # ... this one never leaves the numbers stage ...
RUNAWAY_MARKER = "Tỉnh Điện Biên lên kế hoạch chuyển đổi số"
UNREADABLE = "004_056aaa40644b9ed5.txt"  # ... and this one's reader raises MemoryError
VICTIM = BUGGY


def dxextract(cwd: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dxextract", *args], cwd=cwd, capture_output=True, text=True, timeout=timeout)


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def read_rows(ds: Path, table: str) -> list[dict]:
    """A table's rows from its Parquet file (every table has one; CSV only the main ones)."""
    return pq.read_table(ds / f"{table}.parquet").to_pylist()


def spans(rows: list[dict]) -> set[tuple]:
    return {(r["type"], int(r["start"]), int(r["end"]), r["text"]) for r in rows}


def dataset_spans(ds: Path, source_suffix: str) -> set[tuple]:
    """Every record of one article in a built dataset, as (type, start, end, text)."""
    out: set[tuple] = set()
    for table, kind in (("commitments", "commitment"), ("legal_refs", "legal_ref"), ("dates", "date"),
                        ("numbers", "number"), ("entities", "entity")):
        out |= spans([{**r, "type": kind} for r in read_rows(ds, table) if r["source"].endswith(source_suffix)])
    return out


@pytest.fixture(scope="module")
def clean_records(corpus_dir) -> dict[str, set[tuple]]:
    """Each corpus file's records from the real pipeline, nothing injected."""
    return {f.name: spans(pipeline.run(dx.read(f))) for f in sorted(corpus_dir.glob("*.txt"))}


# -- per-file isolation: any exception in a reader or a stage is one named failure ---------------

def _faulty(stage):
    """The numbers stage with a bug on one article and an endless loop on another."""
    def numbers(doc):
        if BUG_MARKER in doc.text:
            raise KeyError("injected bug")
        while RUNAWAY_MARKER in doc.text:  # only the time budget ends this
            time.sleep(0.01)
        return stage(doc)
    return numbers


@pytest.mark.parametrize("jobs", [1, 2])
def test_faults_in_some_files_fail_them_alone(tmp_path, corpus_dir, clean_records, monkeypatch, jobs):
    """A bug in a stage, a reader raising what no one expected, a stage that never ends: each is
    one named failure; every other file's records are all there; exit 1."""
    real_read_txt = readers.read_txt

    def read_txt(path, source, **meta):
        if path.name == UNREADABLE:
            raise MemoryError("injected reader error")
        return real_read_txt(path, source, **meta)

    monkeypatch.setattr(readers, "read_txt", read_txt)
    monkeypatch.setattr(pipeline, "STAGES", [replace(s, run=_faulty(s.run)) if s.name == "numbers" else s for s in pipeline.STAGES])
    ds = tmp_path / "ds"
    summary = dataset.build(corpus_dir, ds, jobs=jobs, cache=tmp_path / "cache", progress=False, article_timeout=0.5)
    assert (summary.exit_code, summary.articles, summary.failed) == (1, 2, 3)
    failures = {Path(f["source"]).name: f["reason"] for f in read_csv(ds / "failures.csv")}
    assert failures == {
        BUGGY: "extraction failed in the numbers stage: KeyError: 'injected bug'",
        RUNAWAY: "extraction failed in the numbers stage: over the time budget of 0.5 s per article (--article-timeout)",
        UNREADABLE: "read failed: MemoryError: injected reader error",
    }
    for name, expected in clean_records.items():
        if name not in failures:
            assert dataset_spans(ds, name) == expected, name


INJECTED_CLI = """
import sys, time
from dataclasses import replace
from dxextract import pipeline

def faulty(stage):
    def numbers(doc):
        if {bug!r} in doc.text:
            raise KeyError("injected bug")
        if {runaway!r} in doc.text:
            time.sleep(600)
        return stage(doc)
    return numbers

pipeline.STAGES = [replace(s, run=faulty(s.run)) if s.name == "numbers" else s for s in pipeline.STAGES]
sys.argv = ["dxextract", *{args!r}]
from dxextract.cli import main
main()
"""


def test_extract_goes_on_past_faults_in_some_files(corpus_dir, clean_records):
    """A runaway article is cut at its time budget and a faulty one skipped; the others come out
    whole. The budget is far above a real article's time (tens of milliseconds) even on a machine
    at load 10, where 0.5 s once cut a sound article, and far below the runaway's ten minutes."""
    args = ["extract", str(corpus_dir), "--article-timeout", "3"]
    script = INJECTED_CLI.format(bug=BUG_MARKER, runaway=RUNAWAY_MARKER, args=args)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.strip().splitlines() == [
        f"warning: skipped {corpus_dir / RUNAWAY}: extraction failed in the numbers stage: "
        "over the time budget of 3 s per article (--article-timeout)",
        f"warning: skipped {corpus_dir / BUGGY}: extraction failed in the numbers stage: KeyError: 'injected bug'",
    ]
    got: dict[str, set] = {}
    for line in proc.stdout.splitlines():
        r = json.loads(line)
        got.setdefault(Path(r["source"]).name, set()).add((r["type"], r["start"], r["end"], r["text"]))
    assert got == {name: recs for name, recs in clean_records.items() if name not in (BUGGY, RUNAWAY)}


# -- a killed build leaves no worker behind and no lock held ------------------------------------

def _children(pid: int) -> list[int]:
    kids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            kids.append(int(stat.parent.name))
    return kids


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _big_corpus(folder: Path, corpus_dir: Path, rows: int) -> Path:
    """A JSON Lines corpus of `rows` articles (the bundled ones, over and over, each its own row)."""
    texts = [f.read_text(encoding="utf-8") for f in sorted(corpus_dir.glob("*.txt"))]
    path = folder / "big.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for i in range(rows):
            f.write(json.dumps({"id": i, "text": f"{texts[i % len(texts)]}\nBản tin số {i}."}, ensure_ascii=False) + "\n")
    return path


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT], ids=["SIGKILL", "SIGTERM", "SIGINT"])
def test_a_build_killed_mid_run_leaves_no_worker_and_the_next_build_runs(tmp_path, corpus_dir, sig):
    big = _big_corpus(tmp_path, corpus_dir, 600)
    proc = subprocess.Popen([sys.executable, "-m", "dxextract", "build", str(big), "-o", "ds", "-q", "--jobs", "2"],
                            cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
            workers = _children(proc.pid)
            time.sleep(0.05)
        assert len(workers) == 2, "the pool never started"
        time.sleep(0.5)  # mid-run: the workers are extracting
        assert proc.poll() is None, "the build finished before it could be killed: make the corpus bigger"
        proc.send_signal(sig)
        code = proc.wait(timeout=30)
        deadline = time.monotonic() + 5
        while any(_running(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [w for w in workers if _running(w)], "pool workers outlived the build"
    finally:
        for w in workers:
            if _running(w):
                os.kill(w, signal.SIGKILL)
    if sig != signal.SIGKILL:  # stopped, not killed: it says so, and cleans up after itself
        assert code == 128 + sig
        assert proc.stderr.read() == f"interrupted by {sig.name}: ds is as it was; the cache keeps the articles already done\n"
        assert not list(tmp_path.glob(".ds.tmp-*"))
    again = dataset.build(corpus_dir / VICTIM, tmp_path / "ds", jobs=1, progress=False)  # the same cache
    assert again.exit_code == 0 and again.articles == 1


LOCK_HOLDER = """
import fcntl, sys, time
f = open(sys.argv[1], "a+")
fcntl.flock(f, fcntl.LOCK_EX)
f.seek(0); f.truncate(); f.write(sys.argv[2] + " 1\\n"); f.flush()
print("locked", flush=True)
time.sleep(120)
"""


def test_a_lock_whose_build_is_dead_is_taken_over_and_a_live_one_is_not(tmp_path, caplog):
    cache = tmp_path / "cache"
    cache.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(dead.stdout)  # a build process that is gone; its lock still held by a leftover
    holder = subprocess.Popen([sys.executable, "-c", LOCK_HOLDER, str(cache / "lock"), str(dead_pid)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with caplog.at_level("WARNING", logger="dxextract"):
            store = Cache(cache)
        assert f"(process {dead_pid}) is gone" in caplog.text
        other = subprocess.run([sys.executable, "-c", f"from pathlib import Path; from dxextract.cache import Cache; Cache(Path({str(cache)!r}))"],
                               capture_output=True, text=True, timeout=60)
        assert "CacheBusy" in other.stderr and "in use by another build" in other.stderr  # its owner (this process) lives
        store.close()
    finally:
        holder.kill()
        holder.wait()


# -- the cache: the same corpus named another way; a failed build leaves none ---------------------

def test_the_same_corpus_named_another_way_is_not_extracted_again(tmp_path, corpus_dir, monkeypatch):
    shutil.copytree(corpus_dir, tmp_path / "corpus")
    monkeypatch.chdir(tmp_path)
    first = dataset.build("corpus", "ds", jobs=1, progress=False)
    assert (first.new, first.exit_code) == (5, 0)
    for spelling in (str(tmp_path / "corpus"), "./corpus/"):  # ./corpus/ names its files corpus/...
        again = dataset.build(spelling, "ds", jobs=1, progress=False)
        assert (again.new, again.changed, again.unchanged, again.written) == (0, 0, 5, True)
        sources = {r["source"] for r in read_rows(tmp_path / "ds", "articles")}
        assert str(Path(spelling) / VICTIM) in sources  # the source is the path as this run was given it
        assert all(r["source"].startswith(str(Path(spelling))) for r in read_rows(tmp_path / "ds", "numbers"))


def test_a_build_with_nothing_to_read_leaves_no_cache_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "blank.jsonl").write_text("\n", encoding="utf-8")
    proc = dxextract(tmp_path, "build", "empty", "blank.jsonl", "-o", "ds")
    assert proc.returncode == 2
    assert "skipped empty: no file to read in this folder" in proc.stderr
    assert "skipped blank.jsonl: no rows in file" in proc.stderr
    assert not (tmp_path / "ds").exists() and not (tmp_path / "ds.cache").exists()


# -- JSON Lines: lone surrogates, row ids, titles ------------------------------------------------

def test_jsonl_rows_with_a_cut_emoji_are_all_kept(tmp_path):
    rows = [
        '{"id": "a1", "title": "Chuy\\u1ec3n \\u0111\\u1ed5i s\\u1ed1 \\ud83d", "text": "\\u0110\\u1eafk L\\u1eafk \\u0111\\u1ea1t 80% d\\u1ecbch v\\u1ee5 c\\u00f4ng tr\\u1ef1c tuy\\u1ebfn \\ud83d."}',
        json.dumps({"id": "a2", "text": "Gia Lai đã cấp 1.200 chữ ký số cho cán bộ."}, ensure_ascii=False),
    ]
    (tmp_path / "news.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    summary = dataset.build(tmp_path / "news.jsonl", tmp_path / "ds", jobs=1, progress=False)
    assert (summary.exit_code, summary.articles, summary.failed) == (0, 2, 0)
    articles = {a["row_id"]: a for a in read_rows(tmp_path / "ds", "articles")}
    assert articles["a1"]["title"] == "Chuyển đổi số \ufffd"
    assert "trực tuyến \ufffd." in articles["a1"]["text"]
    assert any(float(r["value"]) == 80 for r in read_rows(tmp_path / "ds", "numbers"))


# -- Dask: quiet means quiet -----------------------------------------------------------------------

def test_dask_build_with_json_logs_prints_json_lines_only(tmp_path, corpus_dir):
    """Also while another program holds Dask's default dashboard port (8787): the build's own local
    cluster must not fight for it, nor print distributed's warning among the JSON lines."""
    pytest.importorskip("distributed")
    holder = socket.socket()
    try:
        holder.bind(("0.0.0.0", 8787))
        holder.listen()
    except OSError:
        pass  # already taken by someone else: the case this test is about
    with holder:
        proc = dxextract(tmp_path, "build", str(corpus_dir / VICTIM), "-o", "ds", "--engine", "dask", "--jobs", "1",
                         "-q", "--log-format", "json")
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(line) for line in proc.stderr.splitlines()]  # every line is JSON
    assert [list(line) for line in lines] == [["summary"]]
    assert lines[0]["summary"]["articles"] == 1


def test_a_failure_names_the_row_or_the_warc_record(tmp_path, monkeypatch):
    """An error in one JSON Lines row or one WARC record names that row or record, not just its file."""
    from dxextract.web.warc import WarcArchive

    page = (Path(__file__).parent / "data" / "web" / "tinh.html").read_text(encoding="utf-8")
    corpus = tmp_path / "corpus"
    with WarcArchive(corpus, "dxextract-test") as archive:
        for url, body in (("https://baodaklak.vn/a.html", page), ("https://baodaklak.vn/b.html", page.replace("Đắk Lắk", "Gia Lai"))):
            archive.write_response(url, 200, "OK", [("Content-Type", "text/html; charset=utf-8")], body.encode())
    rows = [{"id": "r1", "text": f"{BUG_MARKER}. Tỉnh đạt 80% dịch vụ công trực tuyến."}, {"id": "r2", "text": "Gia Lai đạt 70%."}]
    (corpus / "news.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")

    def numbers_with_a_bug(stage):
        def numbers(doc):
            if BUG_MARKER in doc.text or ("Gia Lai" in doc.text and "Báo" in doc.text):
                raise KeyError("injected bug")
            return stage(doc)
        return numbers

    monkeypatch.setattr(pipeline, "STAGES", [replace(s, run=numbers_with_a_bug(s.run)) if s.name == "numbers" else s for s in pipeline.STAGES])
    summary = dataset.build(corpus, tmp_path / "ds", jobs=1, progress=False)
    assert (summary.exit_code, summary.articles, summary.failed) == (1, 2, 2)
    [warc] = corpus.glob("*.warc.gz")
    assert sorted(f["source"] for f in read_csv(tmp_path / "ds" / "failures.csv")) == [
        f"{warc}#https://baodaklak.vn/b.html", f"{corpus / 'news.jsonl'}#r1"]


def test_a_symbolic_link_at_out_is_followed_and_one_to_a_missing_folder_is_a_named_error(tmp_path, corpus_dir):
    """A dataset kept on another disk behind a link is rebuilt there, the link left working; a link
    whose target's folder is missing stops the build before any work, with one line and exit 2."""
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere" / "ds")
    proc = dxextract(tmp_path, "build", str(corpus_dir), "-o", "dangling")
    assert proc.returncode == 2 and "symbolic link" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "nowhere").exists() and not list(tmp_path.glob(".dangling*"))

    (tmp_path / "disk").mkdir()
    (tmp_path / "linked").symlink_to(tmp_path / "disk" / "ds")
    corpus = tmp_path / "corpus"
    shutil.copytree(corpus_dir, corpus, ignore=shutil.ignore_patterns("004_*"))
    assert dxextract(tmp_path, "build", "corpus", "-o", "linked").returncode == 0
    shutil.copy(corpus_dir / "004_056aaa40644b9ed5.txt", corpus)
    assert dxextract(tmp_path, "build", "corpus", "-o", "linked").returncode == 0  # replaces the dataset behind the link
    assert (tmp_path / "linked").is_symlink() and (tmp_path / "disk" / "ds" / "datapackage.json").is_file()
    assert len(read_rows(tmp_path / "linked", "articles")) == 5
