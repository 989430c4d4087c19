"""Where extraction time goes: CPU seconds per stage of the chain over the first N baomoi
articles, in one process, start-up apart: imports, the warm-up that compiles the rules, and the
underthesea models (`models_s`), loaded before the stages are timed. In a build the first article
that needs a model loads it inside its stage; counted there, the load (about a second of CPU)
doubled the stage that first asks for POS tags.

    python bench/profile_stages.py [--limit 2000] [--functions 25]

`--functions K` adds the K functions with the most time of their own (cProfile, which slows the
run about 2x, so its seconds are larger than the stage table's; read it for ranks).

`--rules K` adds the K rules of patterns/*.yaml the stages spend most time in, as they use them
(every search, match and scan timed; a run of its own, without the stage table): a rule that costs much and finds little (its
lookbehinds tried at every word before its literal words) is the first to fix. A pattern a module
builds from a rule's source (commitments' combined cue) is not counted.
"""
from __future__ import annotations

import argparse
import cProfile
import gzip
import itertools
import json
import pstats
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from paths import BAOMOI  # noqa: E402 - bench/ scripts run as files


def articles(limit: int) -> list:
    """The first `limit` rows, read as `dxextract build` reads them."""
    from dxextract.readers import iter_jsonl

    with tempfile.TemporaryDirectory() as tmp:
        rows = Path(tmp) / "baomoi.jsonl"
        with gzip.open(BAOMOI, "rt", encoding="utf-8") as src:
            rows.write_text("".join(itertools.islice(src, limit)), encoding="utf-8")
        return list(iter_jsonl(rows, rows.name))


def by_stage(arts: list) -> Counter:
    """CPU seconds of each stage (sentences split apart, and turning mentions into records)."""
    from dxextract import pipeline

    spent: Counter = Counter()
    for a in arts:
        doc = pipeline.document(a)
        started = time.process_time()
        doc.sentences
        spent["sentences"] += time.process_time() - started
        for stage in pipeline.STAGES:
            started = time.process_time()
            pipeline.apply(stage, doc)
            spent[stage.name] += time.process_time() - started
        started = time.process_time()
        pipeline.records(doc, a)
        spent["records"] += time.process_time() - started
    return spent


MODELS = ("word_tokenize", "pos_tag", "ner")  # the underthesea functions the stages call


def load_models() -> None:
    """Every underthesea model the stages may use, loaded as the stages load them (text.underthesea)."""
    from dxextract.text import underthesea

    for name in MODELS:
        underthesea(name)


_TIMED = ("finditer", "search", "match", "fullmatch", "findall", "sub", "split")


@dataclass
class Timed:
    """A compiled rule whose searches add their CPU time and calls to `spent[key]` (finditer's
    matches are collected inside the timing)."""

    pattern: object
    key: str
    spent: Counter
    calls: Counter

    def __getattr__(self, name: str) -> object:
        attr = getattr(self.pattern, name)
        if name not in _TIMED:
            return attr

        def timed(*args: object, **kwargs: object) -> object:
            started = time.process_time()
            out = attr(*args, **kwargs)
            out = iter(list(out)) if name == "finditer" else out
            self.spent[self.key] += time.process_time() - started
            self.calls[self.key] += 1
            return out
        return timed


def by_rule(arts: list, top: int) -> list[tuple[str, float, int]]:
    """(file:rule, CPU seconds, calls) of the `top` rules the stages spend most in. Run in a fresh
    interpreter's first use of the rules: modules that keep compiled rules take the timed ones."""
    from dxextract import rules

    spent, calls = Counter(), Counter()
    loaded = [(name, rule) for name in rules.pattern_files() for rule in rules.load(name).rules.values()]
    for name, rule in loaded:  # the start-up cache's own objects: put back below, before it is saved
        object.__setattr__(rule, "regex", Timed(rule.regex, f"{name}:{rule.name}", spent, calls))
    try:
        by_stage(arts)
    finally:
        for _, rule in loaded:
            object.__setattr__(rule, "regex", rule.regex.pattern)
    return [(key, seconds, calls[key]) for key, seconds in spent.most_common(top)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=2000)
    ap.add_argument("--functions", type=int, default=0, help="also list the top K functions (cProfile)")
    ap.add_argument("--rules", type=int, default=0, help="list instead the K rules the stages spend most time in")
    args = ap.parse_args()
    started = time.process_time()
    if args.rules:  # before any stage keeps a compiled rule of its own
        arts = articles(args.limit)
        print("| rule | CPU s | calls |\n|---|---|---|")
        for key, seconds, n in by_rule(arts, args.rules):
            print(f"| {key} | {seconds:.3f} | {n} |")
        return
    from dxextract import pipeline

    imported = time.process_time()
    pipeline.warm_up()
    warm = time.process_time()
    load_models()
    loaded = time.process_time()
    arts = articles(args.limit)
    mb = sum(len(a.text.encode()) for a in arts) / 1e6
    spent = by_stage(arts)
    total = sum(spent.values())
    print(json.dumps({"articles": len(arts), "MB": round(mb, 2), "import_s": round(imported - started, 3),
                      "warm_up_s": round(warm - imported, 3), "models_s": round(loaded - warm, 3),
                      "extraction_s": round(total, 2)}))
    print("| stage | CPU s | share |\n|---|---|---|")
    for name, seconds in spent.most_common():
        print(f"| {name} | {seconds:.2f} | {100 * seconds / total:.0f}% |")
    if args.functions:
        profile = cProfile.Profile()
        profile.runcall(by_stage, arts)
        pstats.Stats(profile).sort_stats("tottime").print_stats(args.functions)


if __name__ == "__main__":
    main()
