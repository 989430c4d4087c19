"""Entities, provinces and the article's province, on real Vietnamese news text."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dxextract import rules
from dxextract.document import Document
from dxextract.extractors import entities, entity_gazetteer, entity_people
from dxextract.extractors.entity_gazetteer import gazetteer
from dxextract.provinces import (canonical_province, fold, legacy_provinces, province_2025,
                                 province_of_district)
from dxextract.text import normalize

DATA = Path(__file__).parent / "data" / "ner_sentences.jsonl"
Span = tuple[int, int, str]


def _gold() -> list[tuple[str, set[Span]]]:
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(r["text"], {(e["start"], e["end"], e["label"]) for e in r["entities"]}) for r in rows]


def _f1(pairs: list[tuple[set[Span], set[Span]]]) -> float:
    tp = sum(len(g & p) for g, p in pairs)
    fp = sum(len(p - g) for g, p in pairs)
    fn = sum(len(g - p) for g, p in pairs)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def _ours(text: str) -> set[Span]:
    doc = Document(text=normalize(text))
    return {(r["start"], r["end"], r["label"]) for r in entities.extract(doc)}


def _underthesea(text: str, gold: set[Span]) -> set[Span]:
    """underthesea's BIO tags as spans; its LOC counts as PROVINCE or LOC, whichever gold says."""
    from underthesea import ner

    spans, cursor, open_span = [], 0, None
    for word, *_, tag in ner(text):
        i = text.find(word, cursor)
        if i < 0:
            continue
        cursor = i + len(word)
        if tag.startswith("I-") and open_span and open_span[2] == tag[2:]:
            open_span[1] = cursor
            continue
        if open_span:
            spans.append(tuple(open_span))
        open_span = [i, cursor, tag[2:]] if tag != "O" else None
    if open_span:
        spans.append(tuple(open_span))
    gold_label = {(s, e): label for s, e, label in gold}
    return {(s, e, gold_label.get((s, e), "LOC") if label == "LOC" and gold_label.get((s, e)) in ("PROVINCE", "LOC") else label)
            for s, e, label in spans}


def test_pipeline_beats_underthesea_ner_on_hand_labelled_sentences():
    gold = _gold()
    assert len(gold) >= 25
    ours = _f1([(g, _ours(text)) for text, g in gold])
    theirs = _f1([(g, _underthesea(text, g)) for text, g in gold])
    print(f"entity F1: dxextract {ours:.3f}, underthesea ner {theirs:.3f}")
    assert ours > theirs
    assert ours >= 0.85


def test_titles_and_document_numbers_are_not_places_or_people():
    text = "Ngày 29/11, Chủ tịch UBND tỉnh Đắk Lắk ký quyết định số 3330/QĐ-UBND ban hành Kế hoạch."
    got = {(text[s:e], label) for s, e, label in _ours(text)}
    assert got == {("UBND tỉnh Đắk Lắk", "ORG")}


def test_press_spellings_resolve_to_one_province():
    text = "Đăk Lăk, Daklak, TP.HCM, TP. Hồ Chí Minh và Thừa Thiên - Huế ký kết hợp tác chuyển đổi số."
    doc = Document(text=text)
    norms = [r["norm"] for r in entities.extract(doc) if r["label"] == "PROVINCE"]
    assert norms == ["Đắk Lắk", "Đắk Lắk", "Hồ Chí Minh", "Hồ Chí Minh", "Huế"]


def test_lower_case_and_wrong_accents_are_not_provinces():
    doc = Document(text="Người dân mong muốn hòa bình; bà Huệ đi qua Thái Bình Dương.")
    assert [r["label"] for r in entities.extract(doc) if r["label"] == "PROVINCE"] == []


def test_abbreviations_are_expanded_and_national_bodies_have_no_province():
    doc = Document(text="Sở TT&TT Điện Biên phối hợp với Bộ TT&TT và VNPT Điện Biên.")
    recs = {r["text"]: r for r in entities.extract(doc)}
    assert recs["Sở TT&TT Điện Biên"]["norm"] == "Sở Thông tin và Truyền thông tỉnh Điện Biên"
    assert recs["Sở TT&TT Điện Biên"]["province"] == "Điện Biên"
    assert recs["Bộ TT&TT"]["norm"] == "Bộ Thông tin và Truyền thông"
    assert "province" not in recs["Bộ TT&TT"]
    assert recs["VNPT Điện Biên"]["province"] == "Điện Biên"


def test_fold_is_accent_insensitive_and_keeps_offsets():
    text = "Đắk Lắk – M’Drắk ĐỒNG"
    assert fold(text) == "dak lak - m'drak dong"
    assert len(fold(text)) == len(text)


def test_fold_through_its_table_is_the_fold_of_each_character():
    """A text of the characters the table holds folds as each character alone does (`_FOLD`);
    one character past them sends the whole text through `_FOLD`."""
    from dxextract import provinces

    tabled = "".join(map(chr, range(provinces._TABLED)))
    assert fold(tabled) == "".join(provinces._FOLD[ord(c)] for c in tabled)
    assert fold("Ｈà Ｎội ™ 😀") == "ｈa ｎoi ™ 😀"


@pytest.mark.parametrize("written, canonical", [
    ("tỉnh Đăk Lăk", "Đắk Lắk"), ("DAKLAK", "Đắk Lắk"), ("TP.HCM", "Hồ Chí Minh"),
    ("Thừa Thiên Huế", "Huế"), ("Bà Rịa – Vũng Tàu", "Bà Rịa - Vũng Tàu"), ("Khánh Hoà", "Khánh Hòa"),
    ("Buôn Ma Thuột", None), ("", None),
])
def test_canonical_province(written, canonical):
    assert canonical_province(written) == canonical


def test_province_2025_follows_the_merger():
    assert province_2025("Đắk Nông") == "Lâm Đồng"
    assert province_2025("Phú Yên") == "Đắk Lắk"
    assert province_2025("Bà Rịa - Vũng Tàu") == "Hồ Chí Minh"
    assert province_2025("Điện Biên") == "Điện Biên"
    assert len(legacy_provinces()) == 63
    assert len({province_2025(p) for p in legacy_provinces()}) == 34


def test_district_names_give_their_province():
    assert province_of_district("M’Drắk") == "Đắk Lắk"
    assert province_of_district("Cư Jút") == "Đắk Nông"
    assert province_of_district("Châu Thành") is None  # several provinces have one


def _analysed(path: Path) -> Document:
    doc = Document(text=normalize(path.read_text(encoding="utf-8")))
    doc.entities = entities.extract(doc)
    return doc


@pytest.mark.parametrize("stem, province", [
    ("000_83ce5f1ebe82f95b", "Đắk Lắk"), ("001_ef6a8b9dc3eafaab", "Điện Biên"),
    ("002_ec1798adad215369", "Đắk Lắk"), ("003_1b3aea1fca0cbb5e", "Đắk Lắk"),
    ("004_056aaa40644b9ed5", "Đắk Nông"),
])
def test_article_province_on_the_corpus(corpus_dir, stem, province):
    assert entities.article_province(_analysed(corpus_dir / f"{stem}.txt")) == province


def test_article_province_falls_back_on_metadata_but_not_for_a_national_story():
    doc = Document(text="Lớp tập huấn kỹ năng số cho người dân diễn ra sôi nổi.", province="Gia Lai")
    doc.entities = entities.extract(doc)
    assert entities.article_province(doc) == "Gia Lai"
    doc = Document(text="Bộ TT&TT vừa công bố chỉ số chuyển đổi số.", province="Gia Lai")
    doc.entities = entities.extract(doc)
    assert entities.article_province(doc) is None  # a provincial paper's national story


def test_a_lead_on_the_country_s_product_is_national_in_a_provincial_paper():
    text = ("Kinh tế số: từ quy mô đến chiều sâu\nNăm 2025, kinh tế số tạo ra giá trị tăng thêm khoảng 70 tỷ USD "
            "và đóng góp gần 14% GDP, theo số liệu thống kê.\nThương mại điện tử tăng trưởng 20%.")
    assert entities.article_province(_doc(text, province="Phú Thọ")) is None
    # the province's own product (`GRDP`), or `GDP` said of the province, keeps the outlet's province
    assert entities.article_province(_doc(text.replace("GDP", "GRDP"), province="Phú Thọ")) == "Phú Thọ"
    assert entities.article_province(_doc(text.replace("GDP,", "GDP của tỉnh,"), province="Phú Thọ")) == "Phú Thọ"


def test_sentence_province_needs_exactly_one(corpus_dir):
    doc = _analysed(corpus_dir / "001_ef6a8b9dc3eafaab.txt")
    i = doc.text.index("Về phát triển kinh tế số, Điện Biên")
    assert entities.sentence_province(doc, *doc.sentence_of(i)) == "Điện Biên"
    j = doc.text.index("Bộ TT&TT cho biết")
    assert entities.sentence_province(doc, *doc.sentence_of(j)) is None  # a national body


PIECES = ["UBND", "tỉnh", "Tỉnh", "Đắk Lắk", "Đăk Lăk", "TP.", "TP.HCM", "Sở TT&TT", "ông", "Bà", "Rịa", "Nguyễn",
          "Văn", "huyện", "Cư Jút", "Ban Chỉ đạo", "Báo", "Tập đoàn", "QĐ-UBND", "Thái Bình", "Dương", "-", "–",
          "/", ".", ",", "(", "\n", " ", " ", "a", "M’Drắk", "Ea H’leo", "\u0301", "123"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=3), max_size=40).map("".join))
def test_bad_input_never_raises_and_spans_hold(text):
    doc = Document(text=text)
    for m in entities.mentions(doc, use_ner=False):
        rec = m.record(text)
        assert rec["text"] == text[m.start:m.end] and m.start < m.end
    doc.entities = [m.record(text) for m in entities.mentions(doc, use_ner=False)]
    entities.article_province(doc)


@pytest.mark.parametrize("text", [
    "thị trường khu vực Châu Á/Thái Bình Dương tăng trưởng mạnh",
    "khu vực Châu Á - Thái Bình Dương",
    "Tàu đi qua Thái Bình Dương.",
])
def test_pacific_is_no_province_at_any_boundary(text):
    assert [m for m in entities.mentions(Document(text=text), use_ner=False) if m.label == "PROVINCE"] == []


def _doc(text: str, province: str | None = None) -> Document:
    doc = Document(text=normalize(text), province=province)
    doc.entities = entities.extract(doc)
    return doc


def test_an_example_address_does_not_make_a_national_article_provincial():
    doc = _doc("So kè giành thị phần Internet cáp quang\nCuộc chiến giành thị phần sẽ rất khốc liệt.\n"
               "Viettel xây dựng mạng cáp quang tại Dự án Tràng An Complex (số 1, Phùng Chí Kiên, quận Cầu Giấy, "
               "TP. Hà Nội). Cả nước có 9 triệu thuê bao cáp quang.")
    assert entities.article_province(doc) is None


def test_a_single_mention_in_a_national_article_is_incidental():
    doc = _doc("Giá xăng giảm từ 17h chiều nay\nLiên bộ Công Thương và Tài chính vừa điều chỉnh giá xăng dầu.\n"
               "Theo đó, giá giảm 435 đồng/lít. Một cửa hàng ở Hà Giang vẫn bán giá cũ.")
    assert entities.article_province(doc) is None


def test_a_provincial_lead_takes_the_only_province_named():
    doc = _doc("Cần thực hiện các giải pháp cải cách hành chính\nĐó là ý kiến của Trưởng ban pháp chế HĐND tỉnh.\n"
               "Ông Lý báo cáo công tác CCHC. Cán bộ phường Lê Lợi, TP Vinh giải quyết TTHC cho người dân.")
    assert entities.article_province(doc) == "Nghệ An"


def test_province_named_in_the_title_wins():
    doc = _doc("Hà Nội đẩy mạnh dịch vụ công trực tuyến\nThủ tướng Chính phủ vừa ban hành danh mục.\n")
    assert entities.article_province(doc) == "Hà Nội"


@pytest.mark.parametrize("sentence,national", [
    ("Cả nước đã có 45% dịch vụ công trực tuyến toàn trình.", True),
    ("Bộ Y tế thực hiện 85 thủ tục hành chính.", True),
    ("Thủ tướng Chính phủ vừa ban hành Danh mục 707 thủ tục hành chính.", True),
    ("Thực hiện chỉ đạo của Bộ TT&TT, tỉnh đã đạt 80% hồ sơ trực tuyến.", False),
    ("Theo Thủ tướng, Đà Nẵng đã nhận được hơn 10.000 ý kiến.", False),
    ("Sở Thông tin và Truyền thông cung cấp 120 dịch vụ công.", False),
    ("63 tỉnh, thành phố trên cả nước đã kết nối.", True),
    ("Tỉnh xây dựng Chính phủ điện tử với 95% hồ sơ.", False),
    ("Cục Chăn nuôi đang trực tiếp giải quyết 31 TTHC.", True),
    ("Bộ Giao thông vận tải thực hiện 56 thủ tục hành chính.", True),
    ("Cục Thuế tỉnh Đắk Lắk thu 95% thuế qua mạng.", False),
])
def test_sentence_is_national(sentence, national):
    doc = _doc(sentence)
    assert entities.sentence_is_national(doc, 0, len(doc.text)) is national


def test_a_lower_case_phrase_no_longer_hides_the_name_inside_it():
    # `văn phòng ubnd` (lower case, not a proper noun) once swallowed `UBND tỉnh Đồng Nai`.
    text = "Ông Nguyễn Lục Hòa, Chánh văn phòng UBND tỉnh Đồng Nai, cho biết dự kiến sẽ cần 8.200 tỉ đồng."
    got = {(text[r["start"]:r["end"]], r["label"]) for r in entities.extract(Document(text=text))}
    assert ("UBND tỉnh Đồng Nai", "ORG") in got
    assert ("Nguyễn Lục Hòa", "PER") in got


def test_ner_reads_only_the_clause_around_an_unexplained_name():
    text = "Theo ông, Kaia Dekker và cộng sự đã xây dựng nền tảng số, với 3 triệu người dùng."
    run = (text.index("Kaia"), text.index("Kaia") + len("Kaia Dekker"))
    s, e = entity_people._clause(text, 0, len(text), run)
    assert text[s:e] == " Kaia Dekker và cộng sự đã xây dựng nền tảng số"
    people = [m.norm for m in entity_people.ner_people(Document(text=text), [])]
    assert people == ["Kaia Dekker"]


def test_province_tables_come_from_the_package_data_without_its_parser():
    import subprocess
    import sys

    from vietnamadminunits import convert_address

    from dxextract import provinces

    assert provinces._merger() == {n: convert_address(n).short_province for n in provinces.legacy_provinces()}
    code = ("import sys, dxextract as dx; dx.extract('Tỉnh Đắk Nông đạt 80% dịch vụ công trực tuyến.', "
            "published='2025-08-01'); print('vietnamadminunits' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"  # its address parser takes a second to import


def test_blockers_tried_at_their_first_words_find_what_a_scan_finds(corpus_files):
    """The hiding names (`Thái Bình Dương`) are looked for only where one's first word stands:
    every blocker the engine's scan of the folded text finds, at the same span."""
    g = gazetteer()
    hiding = [fold(s) for s in ("Châu Á - Thái Bình Dương", "Chính phủ điện tử", "CHÍNH PHỦ SỐ", "chính  phủ kiến tạo")]
    for text in hiding + [fold(p.read_text(encoding="utf-8")) for p in corpus_files]:
        anchored = [m.span() for m in rules.scan(g.blockers, g.blocker_starts, text, {})]
        assert anchored == [m.span() for m in g.blockers.finditer(text)], text[:80]
    assert [m.span() for m in rules.scan(g.blockers, g.blocker_starts, hiding[0], {})] == [(9, 24)]


def test_name_starts_are_those_one_scan_for_a_capital_or_a_unit_word_finds(corpus_files):
    """The gazetteer's name starts come from two scans (capitals, lower-case unit words): the same
    places one scan for either finds, whatever the unit words around them."""
    units = [u.lower() for u in rules.load("organizations").lexicon.units]
    one = rules.compile(rf"\m(?:\p{{Lu}}|{rules.alternation(units)})")
    written = [f"{u} Huế, {u}Huế và {u.upper()} ĐÀ NẴNG, ({u}) {u}{u} {u} {u}-{u}" for u in units]
    for text in written + [p.read_text(encoding="utf-8") for p in corpus_files]:
        assert entity_gazetteer._name_starts(text) == [m.start() for m in one.finditer(text)], text[:80]


def test_a_spelling_matches_only_where_its_opening_stands(corpus_files):
    """The gazetteer's pattern is tried only where a spelling's opening stands (`may_open`): every
    spelling, written with other spacing around its joiners and as the corpus writes it, still
    matches, and no place the pattern matches at is skipped."""
    g = gazetteer()
    spellings = [s for s, _ in entity_gazetteer._gazetteer_entries()]
    written = [f"{s}, ({s}) {s}." for s in spellings] + [f"{s.replace('-', ' - ').replace('.', '. ')} và" for s in spellings]
    for text in written + [p.read_text(encoding="utf-8") for p in corpus_files]:
        folded = fold(normalize(text))
        for m in g.pattern.finditer(folded, overlapped=True):
            assert g.may_open(folded, m.start()), (folded[m.start():m.end()], text[:80])
    assert not g.may_open(fold("Thế giới"), 0)


def test_a_round_up_of_many_provinces_is_no_one_province_s():
    """Five provinces or more, none named more than twice, make a national round-up, even when the
    first of them stands in the lead twice or the page comes from a provincial outlet; the outlet's
    own province among them keeps it."""
    text = ("Ứng dụng khai báo y tế vượt 12 triệu lượt cài đặt\nTheo Cục Tin học hóa, Huế, Đà Nẵng, Bắc Ninh, "
            "Hà Nội và Cần Thơ là 5 địa phương có số lượt cài đặt cao nhất. Cụ thể, Huế đạt 31%, Đà Nẵng 29%, "
            "Bắc Ninh 24%, Hà Nội 22% và Cần Thơ 20%.")
    assert entities.article_province(_doc(text, province="Long An")) is None
    assert entities.article_province(_doc(text, province="Cần Thơ")) == "Cần Thơ"
