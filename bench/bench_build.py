"""Benchmark `dxextract build` on real news: every row of issue 14's table in one run (throughput
against word_tokenize, 2 jobs and a 2-worker Dask LocalCluster against 1 job, a 1-row rebuild,
dataset size, the fixed cost to the first finished article, peak memory).

    python bench/bench_build.py                 # all 35,440 articles (~10 min); prints a Markdown table
    python bench/bench_build.py --limit 2000    # a quicker look on the first 2,000

The corpus (baomoi-2017.jsonl.gz, never copied into the repository) is written to a temporary
folder as JSON Lines and built:
- full build with 1 job, on half the corpus and on all of it, each in a fresh process, so the
  peak resident memory of each size is its own (memory should stay flat as the corpus grows);
- underthesea `word_tokenize`, the step every Vietnamese NLP pipeline starts with, over a fixed
  sample (the first `--sample` articles), as the yardstick: the whole build's MB/s per core must
  be at least 3x that of word_tokenize (CPU seconds, so a busy machine does not skew the ratio);
- full build with `--jobs` workers, and on a Dask LocalCluster of `--jobs` workers (speed-up over
  1 job), once started by the build and once started beforehand and given by its address;
- rebuild with nothing changed, and with one row of the JSON Lines file changed (as % of the full build);
- the write stage alone with `--jobs` workers (every article cached, a new dataset folder): the
  work left after extraction, whose serial part bounds the speed-up of any number of workers;
- the fixed cost: a fresh interpreter building a one-article corpus, start to finish.
"""
from __future__ import annotations

import argparse
import gzip
import itertools
import json
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path
from paths import BAOMOI  # noqa: E402 - bench/ scripts run as files



def write_sample(data: Path, limit: int | None, path: Path) -> tuple[int, float]:
    """The first `limit` rows (all with None) as JSON Lines; (articles, MB of text)."""
    n, size = 0, 0
    with gzip.open(data, "rt", encoding="utf-8") as src, path.open("w", encoding="utf-8") as dst:
        for row in itertools.islice(src, limit):
            dst.write(row)
            n, size = n + 1, size + len(json.loads(row)["text"].encode())
    return n, size / 1e6


def child_build(corpus: str, out: str, jobs: int, engine: str, cache: str | None = None,
                scheduler: str | None = None) -> None:
    """Run one build in this process and print its time and peak memory as JSON."""
    from dxextract.dataset import build

    started, cpu_started = time.perf_counter(), cpu_seconds()
    summary = build(corpus, out, jobs=jobs, engine=engine, progress=False, cache=cache, scheduler=scheduler)
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu_started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_mb": peak_mb, "workers_peak_mb": workers_mb,
                      "summary": summary.as_dict()}))


def cpu_seconds() -> float:
    """CPU time of this process and its finished workers: fair on a shared, busy machine."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def timed_build(corpus: Path, out: Path, jobs: int, engine: str = "local", cache: Path | None = None,
                scheduler: str | None = None) -> dict:
    """A build in a fresh interpreter (nothing warm, memory measured alone); `process_seconds`:
    the interpreter's whole life, start-up and imports included."""
    spec = {"corpus": str(corpus), "out": str(out), "jobs": jobs, "engine": engine,
            "cache": str(cache) if cache else None, "scheduler": scheduler}
    cmd = [sys.executable, __file__, "--child", json.dumps(spec)]
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1]) | {"process_seconds": time.perf_counter() - started}


def dask_on_a_running_cluster(corpus: Path, out: Path, jobs: int) -> tuple[float, dict]:
    """A build given the address of a LocalCluster started first (`--scheduler`, as a cluster is
    used), its workers fresh (they import and load the models during the build): (seconds the
    cluster took to start, the build's measures)."""
    from distributed import LocalCluster

    started = time.perf_counter()
    with LocalCluster(n_workers=jobs, threads_per_worker=1, dashboard_address=None) as cluster:
        up = time.perf_counter() - started
        return up, timed_build(corpus, out, jobs, "dask", scheduler=cluster.scheduler_address)


def python_seconds() -> float:
    """What starting a bare interpreter costs here (taken off the fixed cost: it is not ours)."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    return time.perf_counter() - started


def underthesea_seconds(corpus: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of underthesea `word_tokenize` over every article's text."""
    from underthesea import word_tokenize

    texts = [json.loads(line)["text"] for line in corpus.open(encoding="utf-8")]
    word_tokenize("Khởi động.")  # load the model outside the timing
    started, cpu_started = time.perf_counter(), time.process_time()
    for t in texts:
        word_tokenize(t)
    return time.perf_counter() - started, time.process_time() - cpu_started


def dataset_size(folder: Path, mb_text: float) -> str:
    """The dataset folder's bytes on disk against the input text, and per format."""
    by_kind: dict[str, int] = {}
    for f in (f for f in folder.rglob("*") if f.is_file()):  # Parquet tables are folders of parts
        kind = {".parquet": "Parquet", ".csv": "CSV", ".sqlite": "SQLite"}.get(f.suffix, "other")
        by_kind[kind] = by_kind.get(kind, 0) + f.stat().st_size
    total = sum(by_kind.values()) / 1e6
    parts = ", ".join(f"{k} {v / 1e6:.1f}" for k, v in sorted(by_kind.items()))
    return f"{total:.1f} MB for {mb_text:.1f} MB of text = {total / mb_text:.2f}x ({parts} MB)"


def bytes_by_table(folder: Path) -> str:
    """Where the dataset's bytes are, largest first: each table's Parquet parts, and each SQLite
    table with its indexes (the search index's own tables as one), from SQLite's dbstat."""
    sizes = {f"{t.stem}.parquet": sum(f.stat().st_size for f in t.iterdir()) for t in folder.glob("*.parquet")}
    with closing(sqlite3.connect(folder / "dataset.sqlite")) as db:
        rows = db.execute("SELECT coalesce(m.tbl_name, d.name), sum(d.pgsize) FROM dbstat d "
                          "LEFT JOIN sqlite_master m ON m.name = d.name GROUP BY 1").fetchall()
    for name, size in rows:
        key = "SQLite " + ("sentences_fts" if name.startswith("sentences_fts") else name)
        sizes[key] = sizes.get(key, 0) + size
    top = sorted(sizes.items(), key=lambda kv: -kv[1])
    return ", ".join(f"{k} {v / 1e6:.2f}" for k, v in top if v >= 50_000) + " MB (with indexes; smaller ones left out)"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def change_one_article(corpus: Path) -> None:
    lines = corpus.read_text(encoding="utf-8").splitlines(keepends=True)
    row = json.loads(lines[-1])
    row["text"] += "\nĐến năm 2025, 100% hồ sơ được xử lý trực tuyến."
    lines[-1] = json.dumps(row, ensure_ascii=False) + "\n"
    corpus.write_text("".join(lines), encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=BAOMOI)
    ap.add_argument("--limit", type=int, default=None, help="build only the first N articles (default: all)")
    ap.add_argument("--sample", type=int, default=2000, help="articles word_tokenize reads (default 2000)")
    ap.add_argument("--jobs", type=int, default=2, help="workers for the parallel build (default 2)")
    ap.add_argument("--child", help=argparse.SUPPRESS)  # timed_build's spec of one build, as JSON
    args = ap.parse_args()
    if args.child:
        child_build(**json.loads(args.child))
        return

    work = Path(tempfile.mkdtemp(prefix="dxbench-"))
    try:
        rows = run(work, args)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("\n| measure | value | goal (issue 14) |\n|---|---|---|")
    for name, value, goal in rows:
        print(f"| {name} | {value} | {goal} |")


def run(work: Path, args: argparse.Namespace) -> list[tuple[str, str, str]]:
    full, half, sample, one_row = work / "full.jsonl", work / "half.jsonl", work / "sample.jsonl", work / "one.jsonl"
    n, mb = write_sample(args.data, args.limit, full)
    n_half, _ = write_sample(args.data, n // 2, half)
    n_sample, mb_sample = write_sample(args.data, min(args.sample, n), sample)
    write_sample(args.data, 1, one_row)

    log(f"corpus: {n} articles, {mb:.1f} MB of text")
    first = timed_build(one_row, work / "ds-one", 1)
    fixed = first["process_seconds"] - python_seconds()
    log(f"one article, fresh interpreter: {fixed:.2f} s")
    small = timed_build(half, work / "ds-half", 1)
    log(f"1 job, {n_half} articles: {small['seconds']:.1f} s")
    one = timed_build(full, work / "ds", 1)
    log(f"1 job, {n} articles: {one['seconds']:.1f} s")
    size, by_table = dataset_size(work / "ds", mb), bytes_by_table(work / "ds")
    uts, uts_cpu = underthesea_seconds(sample)
    log(f"underthesea word_tokenize, {n_sample} articles: {uts:.1f} s")
    par = timed_build(full, work / "ds-par", args.jobs)
    log(f"{args.jobs} jobs: {par['seconds']:.1f} s")
    dask = timed_build(full, work / "ds-dask", args.jobs, "dask")
    log(f"Dask, {args.jobs} workers: {dask['seconds']:.1f} s")
    started_cluster, running = dask_on_a_running_cluster(full, work / "ds-dask-running", args.jobs)
    log(f"Dask, {args.jobs} workers started beforehand ({started_cluster:.1f} s): {running['seconds']:.1f} s")
    same = timed_build(full, work / "ds", 1)
    tail = timed_build(full, work / "ds-tail", args.jobs, cache=work / "ds.cache")
    log(f"write stage alone, {args.jobs} jobs: {tail['seconds']:.2f} s")
    change_one_article(full)
    changed = timed_build(full, work / "ds", 1)
    assert changed["summary"]["changed"] == 1, changed["summary"]

    t1, tp, td, cpu1 = one["seconds"], par["seconds"], dask["seconds"], one["cpu"]
    build_rate, tokenize_rate = mb / cpu1, mb_sample / uts_cpu
    recs = one["summary"]["records"]
    return [
        ("corpus", f"{n} articles of baomoi-2017 ({mb:.1f} MB of text)", ""),
        ("build, 1 job", f"{t1:.1f} s wall, {cpu1:.1f} s CPU = {n / cpu1:.0f} articles/s, {build_rate:.3f} MB/s per core", ""),
        (f"underthesea word_tokenize, first {n_sample} articles", f"{uts:.1f} s wall, {uts_cpu:.1f} s CPU = {tokenize_rate:.3f} MB/s per core", ""),
        ("1-job build vs word_tokenize (MB/s per core, CPU)", f"{build_rate / tokenize_rate:.2f}x", ">= 6x"),
        (f"build, {args.jobs} jobs", f"{tp:.1f} s wall = {t1 / tp:.2f}x over 1 job", ">= 1.8x"),
        (f"build, Dask LocalCluster of {args.jobs} workers", f"{td:.1f} s wall = {t1 / td:.2f}x over 1 job "
         "(the build starts the cluster)", ">= 1.6x"),
        (f"build, Dask LocalCluster of {args.jobs} workers started beforehand (`--scheduler`)",
         f"{running['seconds']:.1f} s wall = {t1 / running['seconds']:.2f}x over 1 job (the cluster's start: "
         f"{started_cluster:.1f} s)", ">= 1.6x"),
        (f"write stage alone, {args.jobs} jobs (all cached, new folder)", f"{tail['seconds']:.2f} s = "
         f"{100 * tail['seconds'] / tp:.0f}% of the {args.jobs}-job build", ""),
        ("rebuild, nothing changed", f"{same['seconds']:.2f} s = {100 * same['seconds'] / t1:.1f}% of the full build", ""),
        ("rebuild, 1 row of the JSON Lines file changed", f"{changed['seconds']:.2f} s = {100 * changed['seconds'] / t1:.1f}% "
         f"of the full build (rows read again: {changed['summary'].get('read', 'all')})", "<= 5%"),
        ("dataset size on disk / input text", size, "<= 3x"),
        ("dataset size by table", by_table, ""),
        ("fixed cost to the first finished article", f"{fixed:.2f} s (a fresh interpreter building one article, "
         f"less a bare interpreter's start; {first['seconds']:.2f} s inside build())", "<= 0.6 s"),
        (f"peak memory, {n_half} / {n} articles, 1 job", f"{small['peak_mb']:.0f} MB / {one['peak_mb']:.0f} MB", "flat, <= 400 MB"),
        (f"peak memory, {args.jobs} jobs (main / largest worker)", f"{par['peak_mb']:.0f} MB / {par['workers_peak_mb']:.0f} MB", "<= 400 MB"),
        ("records, 1-job build", ", ".join(f"{k} {v}" for k, v in sorted(recs.items())) or "none", ""),
    ]


if __name__ == "__main__":
    main()
