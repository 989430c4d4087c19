"""Benchmark `dxextract build` on real news: every row of issue 14's table in one run (throughput
against word_tokenize, 2 jobs and a 2-worker Dask LocalCluster against 1 job, a 1-row rebuild,
dataset size, the fixed cost to the first finished article, peak memory).

    python bench/bench_build.py                 # all 35,440 articles (~10 min); prints a Markdown table
    python bench/bench_build.py --limit 2000    # a quicker look on the first 2,000
    python bench/bench_build.py --limit 2000 --rounds 3 --before /tmp/main-wt   # before/after, medians

On a shared machine one build can take twice as long as the next: `--rounds N` runs every timed
build N times and reports medians (each ratio taken within its round), and `--before DIR` measures
another checkout (a worktree of main) in the same rounds, alternating with this one, so a change
is judged back to back.

The corpus (baomoi-2017.jsonl.gz, never copied into the repository) is written to a temporary
folder as JSON Lines and built:
- full build with 1 job, on half the corpus and on all of it, each in a fresh process, so the
  peak resident memory of each size is its own (memory should stay flat as the corpus grows);
- underthesea `word_tokenize`, the step every Vietnamese NLP pipeline starts with, over a fixed
  sample (the first `--sample` articles), as the yardstick: the whole build's MB/s per core must
  be at least 3x that of word_tokenize (CPU seconds, so a busy machine does not skew the ratio);
- full build with `--jobs` workers, and on a Dask cluster of `--jobs` workers (speed-up over 1 job):
  a LocalCluster the build starts, and a cluster started beforehand (`dask scheduler`, `dask worker`)
  and given by its address, twice: its workers started with `--preload dxextract.dask_preload` as
  README tells (the goal's row), and cold, without it;
- rebuild with nothing changed, and with one row of the JSON Lines file changed (as % of the full build):
  once by a sentence with no figure (no model loaded), then by a commitment (its clause needs POS tags);
- the write stage alone with `--jobs` workers (every article cached, a new dataset folder): the
  work left after extraction, whose serial part bounds the speed-up of any number of workers;
- the fixed cost: a fresh interpreter building a one-article corpus, start to finish, with the
  package's bytecode compiled first (as any install has it after its first run; a machine that sets
  PYTHONDONTWRITEBYTECODE would otherwise charge every build ~0.1 s of compiling our modules).
"""
from __future__ import annotations

import argparse
import compileall
import gzip
import itertools
import json
import os
import resource
import statistics
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from dataclasses import dataclass
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
    """Run one build in this process and print its time and peak memory as JSON; `own_cpu`: this
    process's CPU alone (with workers: the serial part, which a busy machine does not inflate)."""
    from dxextract.dataset import build

    started, cpu_started, own_started = time.perf_counter(), cpu_seconds(), time.process_time()
    summary = build(corpus, out, jobs=jobs, engine=engine, progress=False, cache=cache, scheduler=scheduler)
    seconds, cpu, own = time.perf_counter() - started, cpu_seconds() - cpu_started, time.process_time() - own_started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "cpu": cpu, "own_cpu": own, "peak_mb": peak_mb, "workers_peak_mb": workers_mb,
                      "summary": summary.as_dict()}))


def cpu_seconds() -> float:
    """CPU time of this process and its finished workers: fair on a shared, busy machine."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def timed_build(code: Path, corpus: Path, out: Path, jobs: int, engine: str = "local", cache: Path | None = None,
                scheduler: str | None = None) -> dict:
    """A build by the checkout `code` in a fresh interpreter (nothing warm, memory measured alone);
    `process_seconds`: the interpreter's whole life, start-up and imports included."""
    spec = {"corpus": str(corpus), "out": str(out), "jobs": jobs, "engine": engine,
            "cache": str(cache) if cache else None, "scheduler": scheduler}
    cmd = [sys.executable, __file__, "--child", json.dumps(spec)]
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=True, env={**os.environ, "PYTHONPATH": str(code)})
    return json.loads(proc.stdout.strip().splitlines()[-1]) | {"process_seconds": time.perf_counter() - started}


PRELOAD = "dxextract.dask_preload"  # what README tells operators to start their Dask workers with


def started_beforehand(code: Path, corpus: Path, out: Path, jobs: int, preload: bool) -> tuple[float, dict]:
    """A build given the address of a cluster started first as README tells operators to start one
    (`dask scheduler`; `dask worker ADDR --nthreads 1 --nworkers N`, `--preload dxextract.dask_preload`
    when `preload` and the checkout `code` has it), its workers running `code`, as a client and its
    cluster must run one version: (seconds until every worker had joined, the build's measures).
    Without the preload the workers are cold: they import and load the models during the build."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    address_file = out.with_name(out.name + ".scheduler.json")
    dask = [sys.executable, "-m", "dask"]
    worker = [*dask, "worker", "--scheduler-file", str(address_file), "--nthreads", "1", "--nworkers", str(jobs)]
    if preload and (code / Path(*PRELOAD.split("."))).with_suffix(".py").exists():
        worker += ["--preload", PRELOAD]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "cwd": code, "env": env}
    started = time.perf_counter()
    with subprocess.Popen([*dask, "scheduler", "--port", "0", "--dashboard-address", ":0",
                           "--scheduler-file", str(address_file)], **quiet) as scheduler, \
            subprocess.Popen(worker, **quiet) as workers:
        try:
            address = joined(address_file, jobs)
            up = time.perf_counter() - started
            return up, timed_build(code, corpus, out, jobs, "dask", scheduler=address)
        finally:
            for process in (workers, scheduler):
                process.terminate()  # Dask's own shutdown on SIGTERM


def joined(address_file: Path, workers: int) -> str:
    """The scheduler's address once `workers` workers have joined it (a preloaded worker joins
    after its preload has run)."""
    from distributed import Client

    while not address_file.exists():
        time.sleep(0.02)
    with Client(scheduler_file=str(address_file)) as client:
        client.wait_for_workers(workers)
        return client.scheduler.address


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


WITH_A_FIGURE = "\nĐến năm 2025, 100% hồ sơ được xử lý trực tuyến."  # a commitment: its clause needs POS tags
WITHOUT_A_FIGURE = "\nBài viết được cập nhật."  # no figure: no model to load


def change_one_article(corpus: Path, added: str = WITH_A_FIGURE) -> None:
    """Append `added` to the text of the corpus's last row."""
    lines = corpus.read_text(encoding="utf-8").splitlines(keepends=True)
    row = json.loads(lines[-1])
    row["text"] += added
    lines[-1] = json.dumps(row, ensure_ascii=False) + "\n"
    corpus.write_text("".join(lines), encoding="utf-8")


CODE = Path(__file__).resolve().parents[1]  # the checkout this script belongs to


@dataclass
class Corpora:
    """The JSON Lines files every round builds, and their sizes."""

    full: Path
    half: Path
    sample: Path
    one: Path
    n: int
    mb: float
    n_half: int
    n_sample: int
    mb_sample: float


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=BAOMOI)
    ap.add_argument("--limit", type=int, default=None, help="build only the first N articles (default: all)")
    ap.add_argument("--sample", type=int, default=2000, help="articles word_tokenize reads (default 2000)")
    ap.add_argument("--jobs", type=int, default=2, help="workers for the parallel build (default 2)")
    ap.add_argument("--rounds", type=int, default=1, help="rounds of every timed build; medians reported (default 1)")
    ap.add_argument("--before", type=Path, help="another checkout (e.g. a worktree of main), measured in the same "
                                                "rounds, back to back with this one")
    ap.add_argument("--child", help=argparse.SUPPRESS)  # timed_build's spec of one build, as JSON
    args = ap.parse_args()
    if args.child:
        child_build(**json.loads(args.child))
        return

    work = Path(tempfile.mkdtemp(prefix="dxbench-"))
    try:
        tables = run(work, args)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    names = [f"before ({args.before})", "now"] if args.before else ["value"]
    print(f"\n{args.rounds} round(s), medians\n\n| measure | {' | '.join(names)} | goal (issue 14) |\n|---|{'---|' * len(names)}---|")
    for cells in zip(*tables):
        print(f"| {cells[0][0]} | {' | '.join(c[1] for c in cells)} | {cells[0][2]} |")


def corpora(work: Path, args: argparse.Namespace) -> Corpora:
    full, half, sample, one = work / "full.jsonl", work / "half.jsonl", work / "sample.jsonl", work / "one.jsonl"
    n, mb = write_sample(args.data, args.limit, full)
    n_half, _ = write_sample(args.data, n // 2, half)
    n_sample, mb_sample = write_sample(args.data, min(args.sample, n), sample)
    write_sample(args.data, 1, one)
    return Corpora(full, half, sample, one, n, mb, n_half, n_sample, mb_sample)


def run(work: Path, args: argparse.Namespace) -> list[list[tuple[str, str, str]]]:
    """Every round builds with each checkout in turn (the order alternates from round to round, so
    a machine growing busier favours neither); the rows of each checkout from its medians."""
    c = corpora(work, args)
    log(f"corpus: {c.n} articles, {c.mb:.1f} MB of text")
    uts, uts_cpu = underthesea_seconds(c.sample)
    log(f"underthesea word_tokenize, {c.n_sample} articles: {uts:.1f} s")
    codes = [args.before.resolve(), CODE] if args.before else [CODE]
    for code in codes:  # bytecode as a user's install has it, even where PYTHONDONTWRITEBYTECODE is set
        compileall.compile_dir(code / "dxextract", quiet=1)
    rounds: dict[Path, list[dict]] = {code: [] for code in codes}
    for r in range(args.rounds):
        for i, code in enumerate(codes if r % 2 == 0 else codes[::-1]):
            log(f"round {r + 1}, {code}")
            rounds[code].append(one_round(code, work / f"round-{r}-{i}", c, args.jobs))
    return [rows(medians(rounds[code]), c, args.jobs, (uts, uts_cpu)) for code in codes]


def one_round(code: Path, work: Path, c: Corpora, jobs: int) -> dict:
    """Every timed build once by the checkout `code`, in a folder of its own (its own cache, its
    own copy of the corpus, which the last build changes by one row); each ratio within the round."""
    work.mkdir()
    full = work / "full.jsonl"
    shutil.copyfile(c.full, full)
    first = timed_build(code, c.one, work / "ds-one", 1)
    small = timed_build(code, c.half, work / "ds-half", 1)
    one = timed_build(code, full, work / "ds", 1)
    log(f"1 job: {one['seconds']:.1f} s")
    par = timed_build(code, full, work / "ds-par", jobs)
    dask = timed_build(code, full, work / "ds-dask", jobs, "dask")
    up, running = started_beforehand(code, full, work / "ds-dask-running", jobs, preload=True)
    up_cold, cold = started_beforehand(code, full, work / "ds-dask-cold", jobs, preload=False)
    log(f"{jobs} jobs: {par['seconds']:.1f} s, Dask: {dask['seconds']:.1f} s, on a cluster started beforehand: "
        f"{running['seconds']:.1f} s ({cold['seconds']:.1f} s with cold workers)")
    same = timed_build(code, full, work / "ds", 1)
    tail = timed_build(code, full, work / "ds-tail", jobs, cache=work / "ds.cache")
    change_one_article(full, WITHOUT_A_FIGURE)
    plain = timed_build(code, full, work / "ds", 1)
    change_one_article(full)
    changed = timed_build(code, full, work / "ds", 1)
    assert changed["summary"]["changed"] == plain["summary"]["changed"] == 1, (plain["summary"], changed["summary"])
    log(f"write stage alone: {tail['seconds']:.2f} s, 1-row rebuild: {changed['seconds']:.2f} s "
        f"({plain['seconds']:.2f} s when the row needs no model)")
    t1, tp = one["seconds"], par["seconds"]
    measures = {
        "fixed": first["process_seconds"] - python_seconds(), "fixed_inside": first["seconds"], "t1": t1,
        "cpu1": one["cpu"], "tp": tp, "td": dask["seconds"], "tr": running["seconds"], "up": up,
        "tc": cold["seconds"], "up_cold": up_cold,
        "tail": tail["seconds"], "same": same["seconds"], "changed": changed["seconds"], "changed_cpu": changed["cpu"],
        "plain": plain["seconds"], "plain_pct": 100 * plain["seconds"] / t1, "cpu_par": par["cpu"],
        "own_par": par["own_cpu"], "own_dask": dask["own_cpu"], "own_tail": tail["own_cpu"],
        "par_x": t1 / tp, "dask_x": t1 / dask["seconds"], "running_x": t1 / running["seconds"],
        "cold_x": t1 / cold["seconds"],
        "tail_pct": 100 * tail["seconds"] / tp, "same_pct": 100 * same["seconds"] / t1,
        "changed_pct": 100 * changed["seconds"] / t1, "peak_half": small["peak_mb"], "peak_full": one["peak_mb"],
        "peak_par": par["peak_mb"], "peak_workers": par["workers_peak_mb"],
        "size": dataset_size(work / "ds", c.mb), "by_table": bytes_by_table(work / "ds"),
        "read": changed["summary"].get("read", "all"), "records": one["summary"]["records"],
    }
    shutil.rmtree(work, ignore_errors=True)
    return measures


def medians(rounds: list[dict]) -> dict:
    """Each number's median over the rounds; the rest (sizes, record counts) from the first round."""
    first = rounds[0]
    return {k: statistics.median(r[k] for r in rounds) if isinstance(v, float) else v for k, v in first.items()}


def rows(m: dict, c: Corpora, jobs: int, tokenize: tuple[float, float]) -> list[tuple[str, str, str]]:
    uts, uts_cpu = tokenize
    build_rate, tokenize_rate = c.mb / m["cpu1"], c.mb_sample / uts_cpu
    return [
        ("corpus", f"{c.n} articles of baomoi-2017 ({c.mb:.1f} MB of text)", ""),
        ("build, 1 job", f"{m['t1']:.1f} s wall, {m['cpu1']:.1f} s CPU = {c.n / m['cpu1']:.0f} articles/s, "
         f"{build_rate:.3f} MB/s per core", ""),
        (f"underthesea word_tokenize, first {c.n_sample} articles (once)",
         f"{uts:.1f} s wall, {uts_cpu:.1f} s CPU = {tokenize_rate:.3f} MB/s per core", ""),
        ("1-job build vs word_tokenize (MB/s per core, CPU)", f"{build_rate / tokenize_rate:.2f}x", ">= 6x"),
        (f"build, {jobs} jobs", f"{m['tp']:.1f} s wall = {m['par_x']:.2f}x over 1 job (the build's own process: "
         f"{m['own_par']:.2f} s CPU; with its workers: {m['cpu_par']:.1f} s CPU)", ">= 1.8x"),
        (f"build, Dask LocalCluster of {jobs} workers", f"{m['td']:.1f} s wall = {m['dask_x']:.2f}x over 1 job "
         f"(the build starts the cluster; its own process: {m['own_dask']:.2f} s CPU)", ">= 1.6x"),
        (f"build, Dask cluster of {jobs} workers started beforehand (`--scheduler`), workers started "
         f"with `--preload {PRELOAD}` as README tells (the goal's row)",
         f"{m['tr']:.1f} s wall = {m['running_x']:.2f}x over 1 job (the cluster's start: {m['up']:.1f} s)", ">= 1.6x"),
        (f"build, Dask cluster of {jobs} workers started beforehand, cold workers (no preload)",
         f"{m['tc']:.1f} s wall = {m['cold_x']:.2f}x over 1 job (the cluster's start: {m['up_cold']:.1f} s)", ""),
        (f"write stage alone, {jobs} jobs (all cached, new folder)",
         f"{m['tail']:.2f} s = {m['tail_pct']:.0f}% of the {jobs}-job build (the build's own process: "
         f"{m['own_tail']:.2f} s CPU)", ""),
        ("rebuild, nothing changed", f"{m['same']:.2f} s = {m['same_pct']:.1f}% of the full build", ""),
        ("rebuild, 1 row of the JSON Lines file changed", f"{m['changed']:.2f} s = {m['changed_pct']:.1f}% "
         f"of the full build, {m['changed_cpu']:.2f} s CPU (rows read again: {m['read']})", "<= 5%"),
        ("rebuild, 1 row changed by a sentence with no figure (no model loaded)",
         f"{m['plain']:.2f} s = {m['plain_pct']:.1f}% of the full build", ""),
        ("dataset size on disk / input text", m["size"], "<= 3x"),
        ("dataset size by table", m["by_table"], ""),
        ("fixed cost to the first finished article", f"{m['fixed']:.2f} s (a fresh interpreter building one article, "
         f"less a bare interpreter's start; {m['fixed_inside']:.2f} s inside build())", "<= 0.6 s"),
        (f"peak memory, {c.n_half} / {c.n} articles, 1 job", f"{m['peak_half']:.0f} MB / {m['peak_full']:.0f} MB",
         "flat, <= 400 MB"),
        (f"peak memory, {jobs} jobs (main / largest worker)", f"{m['peak_par']:.0f} MB / {m['peak_workers']:.0f} MB",
         "<= 400 MB"),
        ("records, 1-job build", ", ".join(f"{k} {v}" for k, v in sorted(m["records"].items())) or "none", ""),
    ]


if __name__ == "__main__":
    main()
