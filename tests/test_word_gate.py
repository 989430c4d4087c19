"""The literal pre-check of a case-insensitive word search (rules.WordGate): it may let a text
through that holds no word, never turn one away that does, whatever case the words are written in."""
from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from dxextract import rules
from dxextract.document import Document
from dxextract.extractors import entity_people

KEYWORDS = rules.load("entities").lexicon.ner_keywords
SEARCH = rules.compile(rf"\m(?i:{rules.alternation(KEYWORDS)})")
GATE = rules.WordGate.of(KEYWORDS)


def test_case_variants_are_what_a_compiled_pattern_matches():
    letters = sorted({c for w in KEYWORDS for c in w.lower()} - {" "})
    every = "".join(map(chr, (*range(0xD800), *range(0xE000, 0x110000))))
    for c in letters:
        matched = set(rules.compile(f"(?i:{regex.escape(c)})").findall(every))
        assert matched == rules.case_variants(c), c


def test_letters_lower_hides_a_word_behind_always_pass():
    assert {"ſ", "İ"} <= set(GATE.odd)  # `ſố` is `số` and `KİNH` is `kinh` to the engine
    for text in ("Tỉnh đẩy mạnh chuyển đổi ſố.", "KİNH TẾ SỐ tăng trưởng"):
        assert SEARCH.search(text) and GATE.may_hold(text)


def test_a_text_without_any_word_is_turned_away():
    text = "Giá xăng giảm 500 đồng từ 15 giờ chiều nay; Công ty Petrolimex cho biết."
    assert not SEARCH.search(text)
    assert not GATE.may_hold(text)


def _written(word: str, cases: list[int]) -> str:
    """`word` with each letter in one of the forms the engine takes for it."""
    return "".join(sorted(rules.case_variants(c))[n % len(rules.case_variants(c))] for c, n in zip(word, cases))


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(KEYWORDS), st.lists(st.integers(0, 5), min_size=40, max_size=40),
       st.text(min_size=0, max_size=30), st.text(min_size=0, max_size=30))
def test_the_gate_never_turns_away_a_text_the_search_finds(word, cases, before, after):
    text = f"{before} {_written(word, cases)} {after}"
    assert SEARCH.search(text)
    assert GATE.may_hold(text)


def test_ner_still_reads_a_keyword_written_with_an_odd_letter():
    text = "Theo ông, Kaia Dekker và cộng sự đã xây dựng nền tảng ſố, với 3 triệu người dùng."
    assert [m.norm for m in entity_people.ner_people(Document(text=text), [])] == ["Kaia Dekker"]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(KEYWORDS), st.lists(st.integers(0, 5), min_size=40, max_size=40),
       st.text(min_size=0, max_size=30), st.text(min_size=0, max_size=30))
def test_the_starts_hold_every_place_the_search_matches(word, cases, before, after):
    """`starts` lists every place a word begins, whatever its case, or gives up (None) on a text
    whose lowercase cannot stand for the engine's folding."""
    text = f"{before} {_written(word, cases)} {after}"
    starts = GATE.starts(text)
    assert starts is None or {m.start() for m in SEARCH.finditer(text, overlapped=True)} <= set(starts)


def test_starts_give_up_where_lowering_moves_offsets_or_hides_a_word():
    assert GATE.starts("KİNH TẾ SỐ") is None and GATE.starts("İstanbul, kinh tế số") is None
    assert GATE.starts("Giá xăng giảm 500 đồng.") == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*KEYWORDS, "chuyển đổi số", "trực tuyến", "ſố", "İ", "online"]), max_size=6),
       st.text(alphabet="abcđố ,.\nKİ", max_size=12))
def test_gates_scanned_together_find_what_each_finds_alone(words, glue):
    """`word_starts`: several gates' words looked for in one scan give each gate its own starts."""
    gates = (GATE, *(rules.load("commitments").rules[n].starts[0] for n in ("dx_context", "online_mode")))
    text = glue.join(words) + glue
    assert rules.word_starts(gates, text) == [g.starts(text) for g in gates]
