"""Every example and counter-example in patterns/*.yaml, run as a test (Duckling's corpus idea).

Record families run their examples through the whole pipeline (`dx.extract`): an example must
yield a record of the family's type with the expected fields; a counter-example must yield none. An example
with a `province` is read as from a provincial outlet (the province its index.csv row or web address gives).
"""
from __future__ import annotations

import math
from collections.abc import Callable

import pytest
import regex

import dxextract as dx
from dxextract import furniture, rules
from dxextract.readers import from_text

RECORD_FAMILIES = {"number", "date", "legal_ref", "entity", "commitment"}


def _same(got, want) -> bool:
    if isinstance(want, float) or (isinstance(want, int) and isinstance(got, float)):
        return got is not None and math.isclose(float(got), float(want), rel_tol=1e-9, abs_tol=1e-9)
    return got == want


def _records(family: str, example: dict) -> list[dict]:
    text = example["text"]
    if "province" in example:  # the outlet's own province, as an index.csv row or its web address gives it
        text = from_text(text, province=example["province"])
    recs = dx.extract(text, published=example.get("published"))
    return [r for r in recs if r["type"] == family]


def check_record_example(family: str, rule: str, example: dict) -> None:
    want = example.get("expect") or {}
    found = _records(family, example)
    assert any(all(_same(r.get(k), v) for k, v in want.items()) for r in found), (
        f"{rule}: no {family} record with {want} in {example['text']!r}; got "
        + repr([{k: r.get(k) for k in ("text", *want)} for r in found]))


def check_record_counter(family: str, rule: str, text: str) -> None:
    found = _records(family, {"text": text})
    assert not found, f"{rule}: counter-example {text!r} yielded {[r['text'] for r in found]}"


def check_furniture_example(rule: str, example: dict) -> None:
    line = example["text"]
    positional = rule if rules.load("furniture").rules[rule].regex.search(line) else None
    got = positional if rule in furniture.POSITIONAL else furniture.match_rule(line)
    assert got == rule, f"{line!r} classified as {got}, expected {rule}"


def check_furniture_counter(rule: str, text: str) -> None:
    regex = rules.load("furniture").rules[rule].regex
    assert not regex.search(text), f"{rule} matched counter-example {text!r}"


def check_html_example(rule: str, example: dict) -> None:
    from dxextract.web.html import read_html

    art = read_html(example["html"], source="example.html", url=example.get("url"))
    want = example["expect"]
    if "title" in want:
        assert art.title == want["title"]
    if "published" in want:
        assert art.published is not None and art.published.isoformat() == want["published"]
    for phrase in want.get("body_has", []):
        assert phrase in art.body, f"{rule}: {phrase!r} missing from body {art.body!r}"
    for phrase in want.get("body_lacks", []):
        assert phrase not in art.body, f"{rule}: furniture {phrase!r} left in body"
    for phrase in want.get("caption_has", []):
        assert any(phrase in c for c in art.captions), f"{rule}: caption {phrase!r} not kept apart: {art.captions}"


def check_html_counter(rule: str, text: str) -> None:
    raise AssertionError(f"{rule}: html pattern files take examples, not counter-examples")


def check_sentences_example(rule: str, example: dict) -> None:
    from dxextract.text import sentences

    assert sentences(example["text"]) == example["expect"]["sentences"], rule


def check_sentences_counter(rule: str, text: str) -> None:
    """A line the splitter's departure must leave alone: split as underthesea splits it."""
    from underthesea import sent_tokenize

    from dxextract.text import sentences

    assert sentences(text) == sent_tokenize(text), rule


# Families that are not record types check their examples their own way.
CHECKERS: dict[str, tuple[Callable, Callable]] = {
    "furniture": (check_furniture_example, check_furniture_counter),
    "html": (check_html_example, check_html_counter),
    "sentences": (check_sentences_example, check_sentences_counter),
}


def _cases():
    for name in rules.pattern_files():
        pf = rules.load(name)
        groups = [(r.name, r.examples, r.counter) for r in pf.rules.values()] + [(name, pf.examples, pf.counter)]
        for rule, examples, counters in groups:
            for i, ex in enumerate(examples):
                yield pytest.param(pf.family, rule, "example", ex, id=f"{name}:{rule}:ex{i}")
            for i, text in enumerate(counters):
                yield pytest.param(pf.family, rule, "counter", text, id=f"{name}:{rule}:counter{i}")


@pytest.mark.parametrize("family,rule,kind,case", list(_cases()))
def test_pattern_example(family, rule, kind, case):
    if family in RECORD_FAMILIES:
        if kind == "example":
            check_record_example(family, rule, case)
        else:
            check_record_counter(family, rule, case)
        return
    assert family in CHECKERS, f"pattern family {family!r} has examples but no checker"
    example_check, counter_check = CHECKERS[family]
    (example_check if kind == "example" else counter_check)(rule, case)


def test_every_pattern_file_loads_and_has_examples():
    names = rules.pattern_files()
    assert "furniture" in names
    for name in names:
        pf = rules.load(name)
        n = len(pf.examples) + sum(len(r.examples) for r in pf.rules.values())
        assert n > 0, f"patterns/{name}.yaml carries no examples"


def test_patterns_version_is_a_stable_fingerprint():
    assert rules.patterns_version() == rules.patterns_version()
    assert len(rules.patterns_version()) == 12


# -- how word lists compile ---------------------------------------------------------------------

def test_alternation_is_a_trie_where_the_longest_word_wins():
    words = ["từ", "kể từ", "kể từ khi", "khoảng", "vào khoảng"]
    pattern = rules.alternation(words)
    assert pattern.count("từ") < sum(w.count("từ") for w in words)  # shared prefixes written once
    found = [m.group() for m in rules.compile(pattern).finditer("kể từ khi có số liệu, vào khoảng 30%")]
    assert found == ["kể từ khi", "vào khoảng"]


def test_longest_word_wins_across_case_branches_under_ignorecase():
    # `C…` and `c…` are different branches of the trie; under IGNORECASE both match `cđs`.
    rx = rules.compile(rules.alternation(["CĐS", "cđs quốc gia"]), regex.IGNORECASE)
    assert rx.match("CĐS QUỐC GIA").group() == "CĐS QUỐC GIA"


def test_right_to_left_rules_get_a_suffix_trie_and_still_prefer_the_longest_cue():
    words = ["khoảng", "vào khoảng", "kể từ trước đến nay"]
    rx = rules.compile(rules.expand(r"(?r){{cue}}\s*$", {"cue": words}))
    text = "giảm vào khoảng "
    assert rx.search(text).group() == "vào khoảng "
    # A prefix trie read right to left would settle for the shorter cue.
    assert rules.compile("(?r)" + rules.alternation(words) + r"\s*$").search(text).group() == "khoảng "


def test_case_folding_is_simple_and_covers_vietnamese_capitals():
    rx = rules.compile("(?i:đắk lắk|thừa thiên huế)")
    assert rx.fullmatch("ĐẮK LẮK") and rx.fullmatch("Thừa Thiên Huế")


def _anchor_texts(pf: rules.PatternFile, corpus: list[str]) -> list[str]:
    """Texts a file's anchors are held to: its examples and counters, each word of its lists in
    three cases beside a date and a number, and the bundled corpus."""
    said = [e["text"] for r in pf.rules.values() for e in r.examples] + [c for r in pf.rules.values() for c in r.counter]
    words = [w for v in pf.defines.values() if isinstance(v, list) for w in map(str, v)]
    listed = [f"{w} 5/6, {w.upper()} 12/2020 và {w.capitalize()} năm 2021 ({w} thứ tư)" for w in words]
    return said + listed + corpus


@pytest.mark.parametrize("name", [n for n in rules.pattern_files() if any(r.starts for r in rules.load(n).rules.values())])
def test_a_rule_tried_only_at_its_anchors_finds_what_its_scan_finds(name, corpus_files):
    """`starts`: a rule tried only where its anchors begin finds every match the engine's scan of
    the whole text finds, at the same spans with the same groups."""
    pf = rules.load(name)
    for text in _anchor_texts(pf, [p.read_text(encoding="utf-8") for p in corpus_files]):
        found: dict = {}
        for rule in (r for r in pf.rules.values() if r.starts):
            scanned = [(m.span(), m.groupdict()) for m in rule.regex.finditer(text)]
            anchored = rules.scan(rule.regex, rule.starts, text, found)
            assert [(m.span(), m.groupdict()) for m in anchored] == scanned, (rule.name, text[:80])


def _stretches(text: str) -> list[tuple[int, int]]:
    """The text, its lines and its sentences-to-be (cut after `.`, `,` and spaces), and each cut
    one character short: stretches that end inside a word or right before what a lookahead reads."""
    cuts = sorted({0, len(text), *(m.end() for m in regex.finditer(r"[\n.,]\s*|\s", text))})
    pairs = list(zip(cuts, cuts[1:])) + [(a, c) for a, c in zip(cuts, cuts[2:])]
    return [(0, len(text))] + pairs + [(a, b - 1) for a, b in pairs if b - 1 > a]


@pytest.mark.parametrize("name", [n for n in rules.pattern_files() if any(r.starts for r in rules.load(n).rules.values())])
def test_a_rule_searched_in_a_stretch_finds_what_the_engine_finds_there(name):
    """`Rule.search`: a rule asked of one stretch of a text (a sentence), tried only where its
    anchors stand in the whole text, finds the engine's first match in that stretch."""
    pf = rules.load(name)
    for text in _anchor_texts(pf, []):
        found: dict = {}
        for rule in (r for r in pf.rules.values() if r.starts):
            for pos, endpos in _stretches(text):
                got, want = rule.search(text, pos, endpos, found), rule.regex.search(text, pos, endpos)
                assert (got and (got.span(), got.groupdict())) == (want and (want.span(), want.groupdict())), (
                    rule.name, text[pos:endpos])


def test_a_stretch_ends_what_a_rule_looks_ahead_at():
    """The programme's term at a stretch's end is the term there, whatever the next line opens
    with (`số lượng` is no `chuyển đổi số` in the whole text)."""
    rule = rules.load("commitments").rules["dx_context"]
    text = "Chuyển đổi số\nLượng hồ sơ tăng."
    assert rule.search(text, 0, 13, {}) and rule.regex.search(text, 0, 13)
    assert not list(rule.scan(text))


def test_a_case_insensitive_word_anchor_scans_whole_what_lowering_cannot_read():
    """A word list's anchor in an IGNORECASE rule reads the lowercase text; a text with a letter
    the engine folds to a word's letter but `str.lower` does not (`ſ` for `s`) is scanned whole."""
    rule = rules.load("commitments").rules["dx_context"]
    text = "Tỉnh đẩy mạnh chuyển đổi ſố và CHUYỂN ĐỔI SỐ."
    assert [m.span() for m in rules.scan(rule.regex, rule.starts, text, {})] == [m.span() for m in rule.regex.finditer(text)]
    assert len(list(rule.regex.finditer(text))) == 2


def test_a_word_anchor_looks_for_the_first_words_of_its_phrases():
    """A word anchor finds a phrase by the letters and digits it opens with (`TS` of `TS.`, `Chủ`
    of `Chủ tịch`): a space or a dot inside a word it found could hide the start of a match there,
    where its scan never looks. A phrase that opens otherwise is refused."""
    anchor = rules._anchor({"words": ["title"]}, rules.load("entities").defines, 0)
    assert rules.anchor_starts(anchor, "Theo TS. Lê Văn A, Chủ tịch UBND") == [5, 19]
    with pytest.raises(ValueError, match="letter or digit"):
        rules._anchor({"words": ["odd"]}, {"odd": ["(x)"]}, 0)