"""General news must not turn into commitments.

Streams the baomoi 2017 sample (JSON lines with id, title, text; read from the gzip file as is),
runs the whole extraction on every article over two processes, and reports, separately for
articles without any digital-transformation keyword and for those with one, the share of
articles that yield at least one commitment, with a sample of what they yielded. The keyword-free
share must stay at or below 1%.

`--random N` reads a seeded random sample of N articles of the whole file instead (all topics, with
or without keywords); `--dump F` writes every commitment found, with its sentence, as JSON lines to be
judged by hand (`"dx": true` when the figure measures a digital thing); `--judged F` reads the
judgements back (id, sentence_sha1, text, dx: `bench/general_sample_judged.jsonl` holds ours, with
no corpus text) and reports the share of commitments judged digital (each matched by article, sentence
and figure, so a judgement survives rule changes that leave the commitment as it was).

    python bench/bench_general_news.py [--limit N] [--data PATH] [--processes 2] [--sample 10]
    python bench/bench_general_news.py --random 1500 --seed 0 --dump sample.jsonl --judged judged.jsonl
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import multiprocessing as mp
import random
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import regex
from paths import BAOMOI  # noqa: E402 - bench/ scripts run as files

DATA = BAOMOI
BUDGET = 0.01  # largest acceptable share of keyword-free articles with a commitment

# The bench's definition of "an article about digital things" (not the extractor's vocabulary).
KEYWORDS = ["số hóa", "chuyển đổi số", "công nghệ", "CNTT", "điện tử", "trực tuyến", "internet", "dữ liệu",
            "thông minh", "viễn thông", "băng rộng", "cáp quang", "4G", "5G", "không dùng tiền mặt",
            "dịch vụ công", "kinh tế số", "xã hội số", "chính quyền số", "nền tảng số"]
_KEYWORD = regex.compile(r"(?<![\p{L}\p{M}\d])(?:" + "|".join(regex.escape(k) for k in KEYWORDS) + r")(?![\p{L}\p{M}\d])",
                         regex.IGNORECASE | regex.V1)


def articles(path: Path, limit: int | None, pick: set[int] | None = None) -> Iterator[tuple[str, str]]:
    """(id, text) of each article (of the first `limit`, or of the line numbers in `pick`): its
    title line, then its body."""
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            if limit is not None and i >= limit:
                return
            if pick is not None and i not in pick:
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                continue
            title, body = (row.get("title") or "").strip(), (row.get("text") or "").strip()
            yield str(row.get("id", i)), f"{title}\n{body}" if title else body


def _init() -> None:
    import dxextract  # noqa: F401  (load models and patterns once per worker)


def analyse(item: tuple[str, str]) -> tuple[str, bool, list[dict], str | None]:
    """Keyword flag and commitments of one article; an error is reported, never raised."""
    import dxextract as dx
    from dxextract.text import normalize

    aid, text = item
    text = normalize(text)
    has_kw = _KEYWORD.search(text) is not None
    try:
        recs = [r for r in dx.extract(text) if r["type"] == "commitment"]
    except Exception as e:  # noqa: BLE001  (a bench reports bad inputs and goes on)
        return aid, has_kw, [], f"{type(e).__name__}: {e}"
    return aid, has_kw, [{k: r.get(k) for k in ("text", "kind", "indicator", "value", "unit", "sentence")} for r in recs], None


@dataclass
class Group:
    articles: int = 0
    with_commitment: int = 0
    yielded: list[tuple[str, list[dict]]] = field(default_factory=list)

    def add(self, aid: str, recs: list[dict]) -> None:
        self.articles += 1
        if recs:
            self.with_commitment += 1
            self.yielded.append((aid, recs))

    @property
    def share(self) -> float:
        return self.with_commitment / self.articles if self.articles else 0.0

    def report(self, name: str, sample: int, rng: random.Random) -> None:
        print(f"\n{name}: {self.with_commitment}/{self.articles} articles yield a commitment ({self.share:.2%})")
        for aid, recs in rng.sample(self.yielded, min(sample, len(self.yielded))):
            for r in recs[:3]:
                print(f"  [{aid}] {r['kind']:<6} {r['text']!r:<16} {r['indicator']!r}\n      {r['sentence'][:200]}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles")
    ap.add_argument("--processes", type=int, default=2)
    ap.add_argument("--sample", type=int, default=10, help="articles shown per group")
    ap.add_argument("--random", type=int, help="a seeded random sample of N articles of the whole file")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--dump", type=Path, help="write every commitment found as JSON lines, to be judged")
    ap.add_argument("--judged", type=Path, help="JSON lines of judged commitments: report the share judged digital")
    a = ap.parse_args()
    pick = None
    if a.random:
        with gzip.open(a.data, "rt", encoding="utf-8") as f:
            total = sum(1 for _ in f)
        pick = set(random.Random(a.seed).sample(range(total), a.random))
    groups = {False: Group(), True: Group()}
    errors = 0
    t0 = time.time()
    with mp.get_context("spawn").Pool(a.processes, initializer=_init) as pool:
        for aid, has_kw, recs, err in pool.imap_unordered(analyse, articles(a.data, a.limit, pick), chunksize=8):
            errors += err is not None
            if err:
                print(f"warning: article {aid}: {err}", file=sys.stderr)
            groups[has_kw].add(aid, recs)
            done = sum(g.articles for g in groups.values())
            if done % 1000 == 0:
                print(f"  {done} articles, {time.time() - t0:.0f}s", file=sys.stderr, flush=True)
    took = time.time() - t0
    n = sum(g.articles for g in groups.values())
    print(f"{n} articles in {took:.0f}s ({n / took:.1f}/s), {errors} errors")
    rng = random.Random(0)
    groups[False].report("without digital keywords", a.sample, rng)
    groups[True].report("with digital keywords", a.sample, rng)
    found = sorted(((aid, r) for g in groups.values() for aid, recs in g.yielded for r in recs),
                   key=lambda x: (x[0], x[1]["sentence"], x[1]["text"]))
    print(f"\n{len(found)} commitments in {sum(g.with_commitment for g in groups.values())} articles")
    if a.dump:
        with a.dump.open("w", encoding="utf-8") as f:
            f.writelines(json.dumps({"id": aid, "sentence_sha1": sentence_key(r["sentence"]), **r}, ensure_ascii=False)
                         + "\n" for aid, r in found)
    if a.judged:
        report_judged(found, a.judged)
    ok = groups[False].share <= BUDGET
    print(f"\nkeyword-free share {groups[False].share:.2%} {'<=' if ok else '>'} {BUDGET:.0%}: {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


def sentence_key(sentence: str) -> str:
    """A judged commitment names its sentence by hash: the corpus text stays out of the repository."""
    return hashlib.sha1(sentence.encode("utf-8")).hexdigest()[:16]


def report_judged(found: list[tuple[str, dict]], path: Path) -> None:
    """Share of the commitments found that a judge marked digital; unjudged ones are counted apart."""
    verdicts = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            j = json.loads(line)
            verdicts[(j["id"], j["sentence_sha1"], j["text"])] = bool(j["dx"])
    seen = [verdicts.get((aid, sentence_key(r["sentence"]), r["text"])) for aid, r in found]
    judged = [v for v in seen if v is not None]
    share = sum(judged) / len(judged) if judged else 0.0
    print(f"judged digital: {sum(judged)}/{len(judged)} = {share:.1%} ({len(seen) - len(judged)} not yet judged)")


if __name__ == "__main__":
    sys.exit(main())
