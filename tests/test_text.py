"""Normalization and segmentation on real text, plus properties that must hold for any text."""
from __future__ import annotations

import unicodedata

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

import dxextract as dx
from dxextract.text import normalize_with_map, sentence_spans, word_spans


def test_non_nfc_article_becomes_nfc_and_matches_a_composed_regex(corpus_dir):
    raw = (corpus_dir / "003_1b3aea1fca0cbb5e.txt").read_text(encoding="utf-8")
    assert not unicodedata.is_normalized("NFC", raw)
    text = dx.normalize(raw)
    assert unicodedata.is_normalized("NFC", text)
    # The bug this fixes: a composed pattern missed two of the three mentions.
    assert raw.count("cơ sở dữ liệu") == 1
    assert text.count("cơ sở dữ liệu") == 3


def test_traditional_tone_placement():
    assert dx.normalize("Tỉnh uỷ Đắk Nông, hoà bình, khoẻ mạnh, thuỷ lợi") == "Tỉnh ủy Đắk Nông, hòa bình, khỏe mạnh, thủy lợi"
    # Not open oa/oe/uy syllables, or "qu": left alone.
    for word in ("quý", "hoàn thành", "ngoài", "thuyết", "Huỳnh", "khuya"):
        assert dx.normalize(word) == word


def test_odd_spaces_and_zero_width_characters_are_folded():
    assert dx.normalize("100%\u00a0dịch\u200b vụ\r\ncông") == "100% dịch vụ\ncông"


def test_tabs_between_a_rows_cells_become_cell_separators_and_other_tabs_spaces():
    assert dx.normalize("1\tTỷ lệ\t50%\t46,2%") == "1|Tỷ lệ|50%|46,2%"
    assert dx.normalize("\t\tThụt lề đầu dòng") == "  Thụt lề đầu dòng"  # indentation is no cell
    assert dx.normalize("Ngày\t12/3") == "Ngày 12/3"  # one tab is a space
    raw = "Bảng\r\n1\tTỷ lệ\t50%"
    n = normalize_with_map(raw)
    assert n.text == "Bảng\n1|Tỷ lệ|50%" and raw[n.raw_offset(n.text.index("50%"))] == "5"


def test_a_table_copied_one_cell_per_line_is_joined_back_into_rows():
    raw = ("Các chỉ tiêu năm 2025:\r\nSTT\r\nChỉ tiêu\r\nKế hoạch\r\nThực hiện\r\n1\r\nTỷ lệ hồ sơ trực tuyến\r\n80%\r\n"
           "82,5%\r\n2\r\nTỷ lệ thanh toán trực tuyến\r\n50%\r\n46,3%\r\nNhư vậy, tỉnh đạt một chỉ tiêu.")
    n = normalize_with_map(raw)
    rows = n.text.split("\n")
    assert rows[1:4] == ["STT |Chỉ tiêu |Kế hoạch |Thực hiện", "1 |Tỷ lệ hồ sơ trực tuyến |80% |82,5%",
                         "2 |Tỷ lệ thanh toán trực tuyến |50% |46,3%"]
    assert rows[4] == "Như vậy, tỉnh đạt một chỉ tiêu."  # the line after the last row stays a line
    assert raw[n.raw_offset(n.text.index("46,3%"))] == "4"
    numbered = "1\nMở đầu\n2\nKết quả\n3\nKiến nghị"  # headings numbered every other line: no table
    assert dx.normalize(numbered) == numbered
    paragraphs = "1\nNgắn\n" + "Một đoạn văn dài. " * 12 + "\n2\nNgắn\n" + "Đoạn khác dài. " * 12
    assert dx.normalize(paragraphs) == paragraphs  # cells are short lines, not paragraphs


def test_a_table_copied_one_cell_per_line_without_row_numbers_is_joined_back_into_rows():
    raw = ("Các chỉ tiêu chủ yếu:\nChỉ tiêu\nKế hoạch\nThực hiện\nTỷ lệ hồ sơ trực tuyến\n60%\n63,5%\n"
           "Tỷ lệ thanh toán trực tuyến\n45%\n41,2%\nNhìn chung, tỉnh đạt phần lớn chỉ tiêu.")
    rows = dx.normalize(raw).split("\n")
    assert rows[1:4] == ["Chỉ tiêu|Kế hoạch|Thực hiện", "Tỷ lệ hồ sơ trực tuyến|60%|63,5%", "Tỷ lệ thanh toán trực tuyến|45%|41,2%"]
    listed = "Kết quả:\nHà Nội\n85%\nĐà Nẵng\n80%\nHuế\n78%"  # a list of places and shares: two lines a row, no table
    assert dx.normalize(listed) == listed


def test_offset_map_points_back_to_raw_characters():
    raw = "Tỉnh uỷ\u200b họp\u00a0ngày 2/4/2021"
    n = normalize_with_map(raw)
    i = n.text.index("họp")
    assert raw[n.raw_offset(i): n.raw_offset(i) + 3] == "họp"


def test_sentences_have_offsets_into_the_text(corpus_files):
    text = dx.read(corpus_files[0]).text
    spans = sentence_spans(text)
    assert len(spans) > 10
    for s, e in spans:
        assert text[s:e].strip() == text[s:e]
    assert any(text[s:e].startswith("Theo kế hoạch, tỉnh Đắk Lắk phấn đấu đến năm 2025") for s, e in spans)
    assert dx.sentences("Câu một. Câu hai!") == ["Câu một.", "Câu hai!"]


def test_words_are_underthesea_words_with_offsets():
    text = "Tỉnh Đắk Lắk phấn đấu 100% dịch vụ công trực tuyến"
    words = word_spans(text)
    assert ("Đắk Lắk", 5, 12) in words
    assert all(text[s:e] == w for w, s, e in words)


PIECES = list("aăâeêioôơuưyAĂÂEÊIOÔƠUƯYđĐÐðbcdghklmnpqrstvx 0123456789.,%/-\n\u00a0\u200b\r") + [
    "\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "oà", "uỷ", "oẻ", "\r\n", "hoà ", "quý "]
VIETNAMESE = st.lists(st.sampled_from(PIECES), max_size=80).map("".join)
FOLD = {"\u00a0": " ", "\r": "\n", "Ð": "Đ", "ð": "đ"}


def test_the_eth_some_sites_write_for_d_is_read_as_d():
    """`Ð` (U+00D0) looks like `Đ` (U+0110); a page that writes `tỉnh Bình Ðịnh` names Bình Định."""
    text = "Năm 2023, tỉnh Bình Ðịnh có 1.200 hồ sơ nộp qua mạng mỗi tháng, cao nhất khu vực."
    assert "Bình Định" in dx.normalize(text)
    provinces = {r.get("province") for r in dx.extract(text, published="2024-04-10") if r["type"] == "entity"}
    assert "Bình Định" in provinces


@settings(max_examples=300, deadline=None)
@given(VIETNAMESE)
def test_normalize_is_idempotent(raw):
    once = dx.normalize(raw)
    assert dx.normalize(once) == once


@settings(max_examples=300, deadline=None)
@given(VIETNAMESE)
def test_offset_map_points_each_character_to_its_raw_letter(raw):
    n = normalize_with_map(raw)
    offsets = [n.raw_offset(i) for i in range(len(n.text))]
    assert offsets == sorted(offsets)
    for ch, o in zip(n.text, offsets):
        base = unicodedata.normalize("NFD", ch)[0]
        raw_base = FOLD.get(raw[o], unicodedata.normalize("NFD", raw[o])[0])
        assert base == raw_base or unicodedata.combining(ch)


def test_one_sentence_lines_skip_the_splitter_and_give_what_it_gives():
    from underthesea import sent_tokenize

    lines = [
        "  Đắk Lắk: 100% dịch vụ công trực tuyến mức độ 4  ",  # a title, spaces around it
        "Ảnh: Báo Đắk Lắk",  # a caption
        "Tỉnh phấn đấu đến năm 2025 đạt 46,14% (theo Sở TT&TT).",  # one sentence, full stop last
        "Theo kế hoạch, tỉnh đạt 80%. Đến nay đã đạt 46,14%! Còn lại ra sao?",  # the splitter's job
    ]
    text = "\n".join(lines)
    got = [text[s:e] for s, e in sentence_spans(text)]
    assert got == [s.strip() for line in lines for s in sent_tokenize(line)]
    assert len(got) == 6


# Pieces that steer underthesea's splitter: ellipses before a capital or not, abbreviations
# (its model's and its own), numbers with dots, runs of marks, tabs, capitals with tone marks.
_SPLIT_PIECES = [". ", "... ", "..", "....", "?", "!", "?!", ".\t", " ", "\t", "TP.", "Tp.", "e.g.", "T.", "a.", "v.v.",
                 "1.500", "2.", "15.12.2025", "Đà", "đến", "Ông", "năm", "(", ")", "“", "”", "x…", "Mr.", "ts."]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_SPLIT_PIECES), min_size=1, max_size=25).map("".join))
def test_sentence_splitter_gives_underthesea_splits(line: str) -> None:
    """The splitter jumps from mark to mark; underthesea's reads every character in Python.
    Same rules, so the same sentences at the same offsets, whatever the line, but for the one
    place we part from it on purpose: the dot of a web address (test below)."""
    from underthesea import sent_tokenize

    from dxextract.text import _locate, _split_line

    if line.strip() and not _DEPARTS.search(line):
        assert _split_line(line, 7) == _locate(line, sent_tokenize(line), base=7)


# Where the splitter parts from underthesea on purpose: a dot between a letter and a lower-case
# letter, or after an opening quote (`“.VN”`), is a web address's, not a sentence's end; and a
# letter that labels its kind (`nhóm A.`, patterns/sentences.yaml, whose examples test it) is no initial;
# and the one-character ellipsis before a capital ends a sentence, as `...` does (test below).
_DEPARTS = regex.compile(r"\p{L}\.\p{Ll}|\p{Lu}\.\p{Lu}|[“\"'‘]\.\p{L}|(?<![\p{L}\p{M}])\p{Ll}+\s+\p{Lu}{1,3}\.|…+[ \t]*\p{Lu}")


@pytest.mark.parametrize("line,expected", [
    ("Tỉnh ban hành nhiều văn bản về đô thị thông minh, nông nghiệp số… Mỗi quý, 90% các huyện báo cáo qua phần mềm.",
     ["Tỉnh ban hành nhiều văn bản về đô thị thông minh, nông nghiệp số…", "Mỗi quý, 90% các huyện báo cáo qua phần mềm."]),
    ("Các tỉnh Hà Giang, Lào Cai… đều đạt trên 80%.", ["Các tỉnh Hà Giang, Lào Cai… đều đạt trên 80%."]),
])
def test_the_one_character_ellipsis_ends_a_sentence_before_a_capital(line: str, expected: list[str]) -> None:
    """underthesea's splitter ends on `...` before a capital but never on `…`, so a figure after a
    list closed by `…` was read in the sentence of the list (and its plan's deadlines)."""
    from underthesea import sent_tokenize

    from dxextract.text import sentences

    assert sentences(line) == expected
    if len(expected) > 1:
        assert sent_tokenize(line) != expected  # the departure is real


@pytest.mark.parametrize("line,expected", [
    ("Người dân nộp hồ sơ trên dichvucong.gov.vn từ xa. Thủ tục được giải quyết nhanh.",
     ["Người dân nộp hồ sơ trên dichvucong.gov.vn từ xa.", "Thủ tục được giải quyết nhanh."]),
    ("Có 1.200 trang mạng tên miền “.vn” bị tấn công trong năm. Tỉnh đã khắc phục.",
     ["Có 1.200 trang mạng tên miền “.vn” bị tấn công trong năm.", "Tỉnh đã khắc phục."]),
    ("Có 1.200 trang mạng tên miền “.VN” bị tấn công trong năm. Tỉnh đã khắc phục.",
     ["Có 1.200 trang mạng tên miền “.VN” bị tấn công trong năm.", "Tỉnh đã khắc phục."]),
    ("Hợp tác xã bán hàng trên Postmart.vn và Voso.vn. Doanh thu tăng 20%.",
     ["Hợp tác xã bán hàng trên Postmart.vn và Voso.vn.", "Doanh thu tăng 20%."]),
    ("Các tỉnh (Quảng Trị, TT.Huế, Quảng Nam) đã có tổ công nghệ số. Cả nước có 40.000 tổ.",
     ["Các tỉnh (Quảng Trị, TT.Huế, Quảng Nam) đã có tổ công nghệ số.", "Cả nước có 40.000 tổ."]),
])
def test_a_web_address_does_not_end_a_sentence(line: str, expected: list[str]) -> None:
    """underthesea cuts `dichvucong.gov.vn` into three sentences and leaves a figure's words in
    another sentence than the figure (`… tên miền “.` / `vn” bị tấn công`); the splitter does not,
    nor at an abbreviation joined to a name (`TT.Huế`, which left a list's names in the next sentence)."""
    from underthesea import sent_tokenize

    from dxextract.text import sentences

    assert sentences(line) == expected
    assert sent_tokenize(line) != expected  # the departure is real: underthesea splits there


def test_sentence_splitter_gives_underthesea_splits_on_the_corpus(corpus_files) -> None:
    from underthesea import sent_tokenize

    from dxextract.text import _locate, _split_line

    lines = [line for f in corpus_files for line in dx.read(f).text.split("\n") if line.strip() and not _DEPARTS.search(line)]
    assert sum(len(_split_line(line, 0)) > 1 for line in lines) > 20  # lines the splitter really splits
    for line in lines:
        assert _split_line(line, 0) == _locate(line, sent_tokenize(line))


# Lines a caller may pass: sentences with records (some in new-style tone placement), and page
# furniture the reader sets aside ("Từ khóa: chuyển đổi số, Đắk Lắk" has a province in it).
LINES = [
    "Tỉnh Đắk Lắk phấn đấu đến năm 2025, 100% dịch vụ công trực tuyến mức độ 4.",
    "Theo Quyết định số 3330/QĐ-UBND ngày 15/10/2021 của UBND tỉnh, toàn tỉnh đạt 46,14%.",
    "Đến nay đã có 1.200 doanh nghiệp công nghệ số, hoà mạng 2.000 tỷ đồng.",
    "Uỷ ban nhân dân tỉnh Điện Biên khoẻ mạnh đạt 80% hồ sơ công việc cấp xã.",
    "TIN LIÊN QUAN", "Từ khóa: chuyển đổi số, Đắk Lắk", "Lượt xem: 546", "Chia sẻ", "Gửi bình luận",
]
SEPARATORS = ["\n", "\r\n", "\n\n  ", "\n\u00a0", "\n\t"]
ODD = ["  ", "\u00a0", "\u200b ", " \u2009", "\t"]


@st.composite
def caller_strings(draw) -> str:
    """Lines joined by any line break, some spaces made odd, perhaps all in NFD."""
    lines = draw(st.lists(st.sampled_from(LINES), min_size=1, max_size=5))
    text = ""
    for line in lines:
        words = line.split(" ")
        gaps = draw(st.lists(st.sampled_from([" ", *ODD]), min_size=len(words) - 1, max_size=len(words) - 1))
        text += "".join(w + g for w, g in zip(words, [*gaps, ""])) + draw(st.sampled_from(SEPARATORS))
    return unicodedata.normalize("NFD", text) if draw(st.booleans()) else text


def read_alike(raw: str) -> str:
    """How the extractors see a piece of the caller's string: normalized, blanks collapsed. Tabs are
    blanks here: a piece cut out of its line (`tỉnh\tĐiện\tBiên`) would otherwise read as a table row."""
    return " ".join(dx.normalize(raw.replace("\t", " ")).split())


@settings(max_examples=150, deadline=None)
@given(caller_strings())
def test_extract_offsets_index_the_callers_string(s: str) -> None:
    from dxextract import pipeline
    from dxextract.readers import from_text

    records = dx.extract(s)
    normalized = pipeline.run(from_text(s))  # the same records, offsets into the Article's text
    assert [r["type"] for r in records] == [r["type"] for r in normalized]
    for r, n in zip(records, normalized):
        piece = s[r["start"]:r["end"]]
        assert piece == r["text"]
        assert read_alike(piece) == read_alike(n["text"]), (piece, n["text"])
        assert unicodedata.normalize("NFC", piece).strip() == unicodedata.normalize("NFC", piece)


def test_extract_offsets_skip_furniture_and_odd_spaces() -> None:
    s = "Trang chủ\nTIN LIÊN QUAN\nTỉnh  Đắk\u00a0Lắk   phấn đấu đến năm 2025, 100%\u200b dịch vụ công."
    (entity,) = [r for r in dx.extract(s) if r["type"] == "entity"]
    assert s[entity["start"]:entity["end"]] == entity["text"] == "Đắk\u00a0Lắk"
    nfd = unicodedata.normalize("NFD", s)
    (entity,) = [r for r in dx.extract(nfd) if r["type"] == "entity"]
    assert unicodedata.normalize("NFC", nfd[entity["start"]:entity["end"]]) == "Đắk\u00a0Lắk"


def test_caller_offsets_take_linear_time() -> None:
    import time

    from dxextract.readers import from_text
    from dxextract.text import caller_spans

    def seconds(raw: str) -> float:
        """Best of five in this process's CPU time (other processes' load adds none)."""
        text = from_text(raw).text
        best = float("inf")
        for _ in range(5):
            start = time.process_time()
            assert caller_spans(raw, text) is not None
            best = min(best, time.process_time() - start)
        return best

    unit = "Ngày 29/11/2021 tỉnh\u00a0đạt 46,14% và 1.543 thủ tục, hai mươi mốt nghìn tỷ đồng "
    seconds(unit)
    small, large = seconds(unit * 200), seconds(unit * 1600)  # one 120 KB line took 13 s
    assert large < max(small, 1e-3) * 8 * 3, f"8x the text took {large / small:.1f}x the time"
