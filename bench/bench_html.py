"""Body extraction on Vietnamese news pages: our generic extractor against trafilatura.

Scores word-level precision, recall and F1 (bags of lower-cased words of the normalized text)
of `article.body` from `read_html(..., use_profiles=False)` (the generic path: site profiles are
off, so the score is what an unseen outlet gets) and of trafilatura's title + text, against the
reference `NAME.txt` beside each `NAME.html`, one row per page with each tool's time per page
(best of 3 runs), then the mean of each folder. Folders: ../shared/html (real pages of five
outlets) and tests/data/web (hand-written pages of the cases the cascade is for).

Then page metadata: title, published date, author and outlet from our parsing and from
trafilatura's `extract_metadata` (htmldate for the date), each checked against
bench/html_meta.csv (what the page states; casefolded, spaces squeezed).
Usage: python bench/bench_html.py [DIR...]
"""
from __future__ import annotations

import csv
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import regex
import trafilatura

from trafilatura.metadata import extract_metadata

from dxextract.text import normalize
from dxextract.web.html import decode_html, extract_blocks, read_html
from paths import SHARED  # noqa: E402 - bench/ scripts run as files

_WORD = regex.compile(r"\w+")
DEFAULT_DIRS = (SHARED / "html", Path(__file__).resolve().parents[1] / "tests" / "data" / "web")
RUNS = 3
META_TRUTH = Path(__file__).with_name("html_meta.csv")
FIELDS = ("title", "published", "author", "outlet")


def words(text: str) -> Counter:
    return Counter(w.lower() for w in _WORD.findall(normalize(text)))


def prf(predicted: str, reference: str) -> tuple[float, float, float]:
    """Word-level precision, recall and F1 of two texts as bags of words."""
    p, r = words(predicted), words(reference)
    overlap = sum((p & r).values())
    if not overlap:
        return 0.0, 0.0, 0.0
    precision, recall = overlap / sum(p.values()), overlap / sum(r.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


def ours(html: bytes, name: str) -> str:
    return read_html(html, source=name, use_profiles=False).body


def theirs(html: bytes, name: str) -> str:
    doc = trafilatura.bare_extraction(decode_html(html), with_metadata=True)
    return f"{doc.title or ''}\n{doc.text or ''}" if doc else ""


def timed(fn: Callable[[bytes, str], str], html: bytes, name: str) -> tuple[str, float]:
    """The text and the best wall time of `RUNS` runs (the machine is shared)."""
    best, text = float("inf"), ""
    for _ in range(RUNS):
        t0 = time.perf_counter()
        text = fn(html, name)
        best = min(best, time.perf_counter() - t0)
    return text, best


def bench_folder(folder: Path) -> list[tuple[float, float, float, float]]:
    """Print one row per page with a reference; (our F1, their F1, our s, their s) per page."""
    rows = []
    for page in sorted(p for p in folder.glob("*.html") if p.with_suffix(".txt").exists()):
        html, ref = page.read_bytes(), page.with_suffix(".txt").read_text(encoding="utf-8")
        (mine, t_mine), (other, t_other) = timed(ours, html, page.name), timed(theirs, html, page.name)
        a, b = prf(mine, ref), prf(other, ref)
        print(f"| {folder.name}/{page.name} | {a[0]:.3f} / {a[1]:.3f} / **{a[2]:.3f}** | "
              f"{b[0]:.3f} / {b[1]:.3f} / **{b[2]:.3f}** | {t_mine * 1000:.0f} | {t_other * 1000:.0f} |")
        rows.append((a[2], b[2], t_mine, t_other))
    if rows:
        mean = [sum(col) / len(rows) for col in zip(*rows)]
        print(f"| **{folder.name}: mean of {len(rows)}** | **{mean[0]:.3f}** | **{mean[1]:.3f}** | "
              f"{mean[2] * 1000:.0f} | {mean[3] * 1000:.0f} |")
    return rows


def our_meta(html: bytes) -> dict[str, str]:
    meta = extract_blocks(html, use_profiles=False)[2]
    return {f: str(meta[f] or "") for f in FIELDS}


def their_meta(html: bytes) -> dict[str, str]:
    doc = extract_metadata(decode_html(html))
    found = (doc.title, doc.date, doc.author, doc.sitename) if doc else (None,) * 4
    return {f: str(v or "") for f, v in zip(FIELDS, found)}


def _same(a: str, b: str) -> bool:
    return " ".join(normalize(a).casefold().split()) == " ".join(normalize(b).casefold().split())


def bench_meta(folders: list[Path]) -> None:
    """One row per page of bench/html_meta.csv found in `folders`: each field, ours | theirs,
    marked where wrong; then the count of right answers per field."""
    where = {f.name: f for f in folders}
    right = {(tool, f): 0 for tool in ("ours", "theirs") for f in FIELDS}
    print("\n| page | " + " | ".join(FIELDS) + " |\n|---|" + "---|" * len(FIELDS))
    rows = [r for r in csv.DictReader(META_TRUTH.open(encoding="utf-8")) if r["page"].split("/")[0] in where]
    for row in rows:
        folder, name = row["page"].split("/")
        html = (where[folder] / name).read_bytes()
        found = {"ours": our_meta(html), "theirs": their_meta(html)}
        cells = []
        for f in FIELDS:
            marks = []
            for tool in ("ours", "theirs"):
                ok = _same(found[tool][f], row[f])
                right[tool, f] += ok
                marks.append(("" if ok else "✗ ") + (found[tool][f] or "—"))
            cells.append(" \\| ".join(marks))
        print(f"| {row['page']} | " + " | ".join(cells) + " |")
    print(f"| **right of {len(rows)}, ours \\| trafilatura** | "
          + " | ".join(f"**{right['ours', f]} \\| {right['theirs', f]}**" for f in FIELDS) + " |")


def main(folders: list[Path]) -> None:
    print("| page | dxextract P / R / F1 | trafilatura P / R / F1 | dxextract ms | trafilatura ms |")
    print("|---|---|---|---|---|")
    rows = [row for folder in folders for row in bench_folder(folder)]
    if not rows:
        sys.exit(f"no NAME.html with NAME.txt in {', '.join(map(str, folders))}")
    t_mine, t_other = sum(r[2] for r in rows), sum(r[3] for r in rows)
    print(f"\nall {len(rows)} pages: mean word F1 {sum(r[0] for r in rows) / len(rows):.3f} vs "
          f"{sum(r[1] for r in rows) / len(rows):.3f}; time {t_mine:.2f} s vs {t_other:.2f} s "
          f"({t_other / t_mine:.1f}x faster)")
    bench_meta(folders)


if __name__ == "__main__":
    main([Path(a) for a in sys.argv[1:]] or list(DEFAULT_DIRS))
