"""The sentence splitter against underthesea's `sent_tokenize`: the same sentences at the same
offsets on the first N baomoi articles and on every gold set, and the CPU time of each.

    python bench/bench_sentences.py [--limit 2000]

Exit code 0 when every line splits the same, 1 otherwise (the first differences are printed).
"""
from __future__ import annotations

import argparse
import contextlib
import gzip
import itertools
import json
import sys
import time

from goldsets import SETS, corpus_of  # noqa: E402 - bench/ scripts run as files
from paths import BAOMOI  # noqa: E402


def texts(limit: int) -> list[str]:
    """The article texts as the readers give them: baomoi rows, then every gold set's files."""
    from dxextract.readers import Failure, from_text, iter_articles

    with gzip.open(BAOMOI, "rt", encoding="utf-8") as rows:
        out = [from_text(json.loads(row)["text"]).text for row in itertools.islice(rows, limit)]
    with contextlib.ExitStack() as stack:
        folders = [stack.enter_context(corpus_of(name))[1] for name in SETS]
        out += [a.text for a in iter_articles(folders) if not isinstance(a, Failure)]
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=2000)
    args = ap.parse_args()
    from underthesea import sent_tokenize

    from dxextract.text import _locate, _split_line

    lines = [line for t in texts(args.limit) for line in t.split("\n") if line.strip()]
    started = time.process_time()
    ours = [_split_line(line, 0) for line in lines]
    our_seconds, started = time.process_time() - started, time.process_time()
    theirs = [_locate(line, sent_tokenize(line)) for line in lines]
    their_seconds = time.process_time() - started
    differ = [(line, a, b) for line, a, b in zip(lines, ours, theirs) if a != b]
    print(f"{len(lines)} lines, {sum(map(len, theirs))} sentences: {len(differ)} lines split differently; "
          f"CPU {our_seconds:.2f} s against underthesea's {their_seconds:.2f} s")
    for line, a, b in differ[:5]:
        print(f"  {line[:100]!r}\n    ours   {a}\n    theirs {b}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
