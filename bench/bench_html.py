"""Body extraction on real Vietnamese news pages: our generic extractor against trafilatura.

Scores word-level precision, recall and F1 (bags of lower-cased words of the normalized text)
of `article.body` from `read_html(..., use_profiles=False)` (the generic path: site profiles are
off, so the score is what an unseen outlet gets) and of trafilatura's title + text, against the
reference `NNN.txt` beside each `NNN.html`. Usage: python bench/bench_html.py [DIR]
"""
from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

import regex
import trafilatura

from dxextract.text import normalize
from dxextract.web.html import read_html
from paths import SHARED  # noqa: E402 - bench/ scripts run as files

_WORD = regex.compile(r"\w+")
DEFAULT_DIR = SHARED / "html"


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
    doc = trafilatura.bare_extraction(html.decode("utf-8", "replace"), with_metadata=True)
    return f"{doc.title or ''}\n{doc.text or ''}" if doc else ""


def main(folder: Path = DEFAULT_DIR) -> None:
    pages = sorted(folder.glob("*.html"))
    totals = {"ours": [], "trafilatura": []}
    elapsed = {"ours": 0.0, "trafilatura": 0.0}
    print(f"{'page':10} {'ours P/R/F1':>22} {'trafilatura P/R/F1':>22}")
    for page in pages:
        html, ref = page.read_bytes(), page.with_suffix(".txt").read_text(encoding="utf-8")
        row = []
        for name, fn in (("ours", ours), ("trafilatura", theirs)):
            t0 = time.perf_counter()
            score = prf(fn(html, page.name), ref)
            elapsed[name] += time.perf_counter() - t0
            totals[name].append(score[2])
            row.append("/".join(f"{x:.3f}" for x in score))
        print(f"{page.name:10} {row[0]:>22} {row[1]:>22}")
    mean = {k: sum(v) / len(v) for k, v in totals.items() if v}
    if not mean:
        sys.exit(f"no *.html pages in {folder}")
    print(f"mean word F1: ours {mean['ours']:.3f}  trafilatura {mean['trafilatura']:.3f}  "
          f"ratio {mean['ours'] / mean['trafilatura']:.3f}")
    print(f"time: ours {elapsed['ours']:.2f} s, trafilatura {elapsed['trafilatura']:.2f} s for {len(pages)} pages")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DIR)
