"""Legal references on real Vietnamese news text: shapes, issuers, signing dates, provinces."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dxextract import rules
from dxextract.document import Document
from dxextract.extractors import entities, legal
from dxextract.text import normalize


def _day(text: str, written: str, value: str) -> dict:
    """A day-precision record as the dates stage gives it."""
    i = text.index(written)
    return {"type": "date", "start": i, "end": i + len(written), "text": written, "value": value, "precision": "day"}


def _refs(text: str, dates: tuple[tuple[str, str], ...] = (), province: str | None = None) -> list[dict]:
    doc = Document(text=normalize(text), published=date(2021, 12, 1), province=province)
    doc.entities = entities.extract(doc)
    doc.article_province = entities.article_province(doc)
    doc.dates = [_day(doc.text, w, v) for w, v in dates]
    return legal.extract(doc)


def test_decision_signed_before_it_is_named():
    text = ("Ngày 29/11 Chủ tịch UBND tỉnh Đắk Lắk ký quyết định số 3330/QĐ-UBND ban hành Kế hoạch "
            "Chuyển đổi số tỉnh Đắk Lắk.")
    [r] = _refs(text, (("Ngày 29/11", "2021-11-29"),))
    assert r["text"] == "quyết định số 3330/QĐ-UBND"
    assert (r["doc_type"], r["number"], r["symbol"], r["ref"]) == ("Quyết định", "3330", "QĐ-UBND", "3330/QĐ-UBND")
    assert (r["issuer"], r["issued"], r["province"]) == ("UBND tỉnh Đắk Lắk", "2021-11-29", "Đắk Lắk")


def test_resolutions_dated_after_and_issued_by_a_named_body():
    text = ("Các chỉ tiêu tại Nghị quyết 37/NQ-HĐND ngày 9/12/2020 của HĐND tỉnh, Nghị quyết số 04-NQ/TU "
            "ngày 2/4/2021 của Ban Chấp hành Đảng bộ tỉnh Đắk Lắk.")
    hdnd, tu = _refs(text, (("ngày 9/12/2020", "2020-12-09"), ("ngày 2/4/2021", "2021-04-02")), province="Đắk Lắk")
    assert (hdnd["ref"], hdnd["issued"], hdnd["issuer"]) == ("37/NQ-HĐND", "2020-12-09", "HĐND tỉnh Đắk Lắk")
    assert (tu["ref"], tu["number"], tu["symbol"]) == ("04-NQ/TU", "04", "NQ/TU")
    assert (tu["issued"], tu["issuer"], tu["province"]) == ("2021-04-02", "Ban Chấp hành Đảng bộ tỉnh Đắk Lắk", "Đắk Lắk")


def test_bare_number_with_national_signer_before_it():
    text = ("Chương trình chuyển đổi số quốc gia được Thủ tướng Chính phủ phê duyệt ngày 3/6/2020, "
            "tại Quyết định 749.")
    [r] = _refs(text, (("ngày 3/6/2020", "2020-06-03"),), province="Điện Biên")
    assert (r["ref"], r["symbol"], r["issued"]) == ("749", None, "2020-06-03")
    assert (r["issuer"], r["province"]) == ("Thủ tướng Chính phủ", None)


def test_plan_number_with_parenthesised_date_and_implicit_province():
    text = ("Sở Thông tin và Truyền thông đã tham mưu Ban Chỉ đạo xây dựng Chính quyền điện tử tỉnh ban hành "
            "Kế hoạch số 02 (ngày 5-4-2021) triển khai cung cấp dịch vụ công trực tuyến.")
    [r] = _refs(text, (("ngày 5-4-2021", "2021-04-05"),), province="Đắk Lắk")
    assert (r["ref"], r["number"], r["issued"]) == ("02", "02", "2021-04-05")
    assert r["issuer"] == "Ban Chỉ đạo xây dựng Chính quyền điện tử tỉnh Đắk Lắk"


def test_party_resolution_cited_twice_keeps_its_date():
    text = ("Nghị quyết số 09-NQ/TU, ngày 1/11/2021 của Tỉnh ủy về chuyển đổi số là chìa khóa để Đắk Nông "
            "phát triển.\nCĐS được cụ thể hóa từ Nghị quyết số 09-NQ/TU, gồm có 96 nhiệm vụ.")
    first, again = _refs(text, (("ngày 1/11/2021", "2021-11-01"),))
    assert first["issuer"] == again["issuer"] == "Tỉnh ủy Đắk Nông"
    assert first["issued"] == again["issued"] == "2021-11-01"
    assert first["province"] == "Đắk Nông"


@pytest.mark.parametrize("text, ref, issuer", [
    ("Theo Nghị định 30/2020/NĐ-CP về công tác văn thư.", "30/2020/NĐ-CP", "Chính phủ"),
    ("Thực hiện Quyết định số 749/QĐ-TTg về Chương trình.", "749/QĐ-TTG", "Thủ tướng Chính phủ"),
    ("Căn cứ Quyết định số 1234/ỌĐ-UBND về thủ tục hành chính.", "1234/QĐ-UBND", "UBND tỉnh Gia Lai"),
    ("Theo Thông tư số 22/2013/TT-BTTTT về danh mục tiêu chuẩn.", "22/2013/TT-BTTTT", "Bộ Thông tin và Truyền thông"),
    ("Theo Chỉ thị 05-CT/TW của Bộ Chính trị.", "05-CT/TW", "Bộ Chính trị"),
])
def test_symbols_mended_and_their_issuer_codes_read(text, ref, issuer):
    [r] = _refs(text, province="Gia Lai")
    assert (r["ref"], r["issuer"]) == (ref, issuer)


def test_kind_taken_from_the_symbol_when_the_word_is_shared():
    refs = _refs("Thực hiện các Quyết định 749/QĐ-TTg và 942/QĐ-TTg về chuyển đổi số.")
    assert [(r["text"], r["doc_type"]) for r in refs] == [
        ("Quyết định 749/QĐ-TTg", "Quyết định"), ("942/QĐ-TTg", "Quyết định")]


@pytest.mark.parametrize("text", [
    "Kế hoạch Chuyển đổi số tỉnh Đắk Lắk giai đoạn 2021-2025 đã được ban hành.",
    "Kế hoạch 2022 của tỉnh đặt ra nhiều chỉ tiêu.",
    "Phổ cập dịch vụ mạng di động 4G/5G và điện thoại di động thông minh.",
    "Quyết định 3/6/2020 là một mốc quan trọng.",
])
def test_unnumbered_mentions_are_not_references(text):
    assert _refs(text) == []


# The corpus's references as annotated in the project's gold records: (ref, issued, province).
CORPUS_REFS = {
    "000_83ce5f1ebe82f95b": {("3330/QĐ-UBND", "2021-11-29", "Đắk Lắk"), ("37/NQ-HĐND", "2020-12-09", "Đắk Lắk"),
                             ("04-NQ/TU", "2021-04-02", "Đắk Lắk")},
    "001_ef6a8b9dc3eafaab": {("749", "2020-06-03", None)},
    "002_ec1798adad215369": {("02", "2021-04-05", "Đắk Lắk")},
    "003_1b3aea1fca0cbb5e": set(),
    "004_056aaa40644b9ed5": {("09-NQ/TU", "2021-11-01", "Đắk Nông")},
}


def test_corpus_references_with_dates_and_provinces(corpus_files):
    import dxextract as dx

    for path in corpus_files:
        records = [r for r in dx.extract(dx.read(path)) if r["type"] == "legal_ref"]
        assert {(r["ref"], r["issued"], r["province"]) for r in records} == CORPUS_REFS[path.stem], path.name
        assert all(r["text"] in r["sentence"] for r in records)


PIECES = ["Quyết định", "quyết định", "số", "Nghị quyết", "Kế hoạch", "3330", "09", "2020", "/", "-", "–", " ",
          "QĐ", "UBND", "NQ", "TU", "TTg", "ỌĐ", "của", "ngày", "ký", "ban hành", "HĐND tỉnh", "(", ")", ",",
          ".", "\n", "a", "Đ", "QH15"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=3), max_size=40).map("".join))
def test_bad_input_never_raises_and_spans_hold(text):
    doc = Document(text=text)
    doc.entities = [m.record(text) for m in entities.mentions(doc, use_ner=False)]
    for r in legal.extract(doc):
        assert r["text"] == text[r["start"]:r["end"]] and r["start"] < r["end"]
        assert r["ref"].startswith(r["number"])


@pytest.mark.parametrize("text,ref,doc_type", [
    ("cơ sở dữ liệu quốc gia về dân cư (QCVN:109/2017/BTTTT). Ngân hàng", "109/2017/BTTTT", "Quy chuẩn kỹ thuật quốc gia"),
    ("thiết bị phải đáp ứng QCVN 109:2017/BTTTT về cấu trúc thông điệp", "109/2017/BTTTT", "Quy chuẩn kỹ thuật quốc gia"),
    ("Luật Giao dịch điện tử số 20/2023/QH15 có hiệu lực từ ngày 1/7/2024.", "20/2023/QH15", "Luật"),
    ("Hai ngành ký Kế hoạch liên tịch số 05/KHLT-SYT-BHXH về thanh toán.", "05/KHLT-SYT-BHXH", "Kế hoạch liên tịch"),
])
def test_regulations_titled_and_joint_documents(text, ref, doc_type):
    (r,) = _refs(text)
    assert (r["ref"], r["doc_type"]) == (ref, doc_type)


def test_regulation_issuer_from_its_symbol():
    (r,) = _refs("thiết bị phải đáp ứng QCVN 109:2017/BTTTT về cấu trúc thông điệp")
    assert (r["issuer"], r["province"], r["year"]) == ("Bộ Thông tin và Truyền thông", None, 2017)


def test_a_plan_name_with_a_title_is_no_citation():
    assert _refs("Kế hoạch Chuyển đổi số 5 năm của tỉnh đã được ban hành.") == []


def test_a_zero_padded_number_after_a_kind_cites_whatever_follows():
    """`Đề án 06` is a document number even before a noun (`các cấp`, `tỉnh`), and a capitalised
    word after a dash (`- Sơ kết`) is no symbol of it; `Kế hoạch 5 xã` still counts communes."""
    text = ("Tổ công tác Đề án 06 tỉnh Bình Phước đã họp. Báo cáo Đề án 06 - Sơ kết 6 tháng đầu năm được gửi Bộ. "
            "Huyện lập Kế hoạch 5 xã điểm về chuyển đổi số.")
    refs = _refs(text)
    assert [(r["doc_type"], r["ref"], r["text"]) for r in refs] == [("Đề án", "06", "Đề án 06")] * 2


@pytest.mark.parametrize("text,written,ref,doc_type", [
    ("Huyện ủy quán triệt Chương trình hành động số 04-Ctr/TU của Tỉnh ủy về chuyển đổi số.",
     "Chương trình hành động số 04-Ctr/TU", "04-CTR/TU", "Chương trình"),
    ("Sở ban hành Kế hoạch hành động số 27/KH-STTTT về phát triển dữ liệu số.",
     "Kế hoạch hành động số 27/KH-STTTT", "27/KH-STTTT", "Kế hoạch"),
])
def test_an_action_programme_is_cited_by_its_whole_name(text, written, ref, doc_type):
    """`Chương trình hành động số 04-Ctr/TU`: the Party's action programme is a kind of document
    (its symbol then read in any case); before, `hành động` hid the kind and `Ctr` the symbol."""
    assert [(r["text"], r["ref"], r["doc_type"]) for r in _refs(text)] == [(written, ref, doc_type)]


@pytest.mark.parametrize("text,found", [
    ("Thực hiện NQ 57, xã mở lớp Bình dân học vụ số cho người cao tuổi.", [("NQ 57", "57", "Nghị quyết")]),
    ("Sở rà soát việc xử lý dữ liệu cá nhân theo NĐ 13 của Chính phủ.", [("NĐ 13", "13", "Nghị định")]),
    ("Chương trình được phê duyệt tại QĐ 749 về chuyển đổi số quốc gia.", [("QĐ 749", "749", "Quyết định")]),
    ("Tỉnh có NQ 5 xã đạt chuẩn nông thôn mới kiểu mẫu.", []),
    ("Đội tuyển thắng qđ 3 trận liên tiếp.", []),
])
def test_a_kind_code_before_a_bare_number_cites_a_document(text, found):
    """`NQ 57`, `NĐ 13`: the kind's code in capitals stands for its word, with the same test on the
    number as `Quyết định 749` (a counted noun after it keeps it a count)."""
    assert [(r["text"], r["ref"], r["doc_type"]) for r in _refs(text)] == found


@pytest.mark.parametrize("text,found", [
    ("Huyện đã hoàn thành 90% nhiệm vụ của Kế hoạch 15 trong năm qua.", [("Kế hoạch 15", "15")]),
    ("Sau 5 năm thực hiện Nghị quyết 52 đến nay, tỉnh có nhiều mô hình số.", [("Nghị quyết 52", "52")]),
    ("Việc triển khai Quyết định 749 tại các xã vùng cao còn chậm.", [("Quyết định 749", "749")]),
    ("Tổng kết Chỉ thị 16 sẽ được tổ chức vào quý IV.", [("Chỉ thị 16", "16")]),
    ("Quyết định 2 trong số các văn bản trình ký đã bị trả lại.", []),
    ("Kế hoạch 5 năm về hạ tầng số đã được thông qua.", []),
])
def test_a_bare_number_cites_before_words_of_place_time_and_manner(text, found):
    """`Kế hoạch 15 trong năm`, `Nghị quyết 52 đến nay`, `Quyết định 749 tại`: words of place, time
    and manner after the number cite as `của` does; `trong số` and a counted noun do not."""
    assert [(r["text"], r["ref"]) for r in _refs(text)] == found


@pytest.mark.parametrize("text,found", [
    ("Theo Kết luận 130 của Bộ Chính trị, tỉnh sắp xếp lại các phòng chuyên môn.", [("Kết luận 130", "130", "Kết luận")]),
    ("Công điện số 02/CĐ-TTg yêu cầu các địa phương đẩy mạnh dịch vụ công.", [("Công điện số 02/CĐ-TTg", "02/CĐ-TTG", "Công điện")]),
    ("Ban Thường vụ ra Thông báo kết luận số 45-TB/TU về chuyển đổi số.", [("kết luận số 45-TB/TU", "45-TB/TU", "Thông báo")]),
])
def test_a_conclusion_and_a_dispatch_are_kinds_and_the_code_names_the_kind(text, found):
    """`Kết luận 130` and `Công điện số 02/CĐ-TTg` are documents by their kind word; when a symbol
    carries a kind code it names the kind (`Thông báo kết luận số 45-TB/TU` is a Thông báo)."""
    assert [(r["text"], r["ref"], r["doc_type"]) for r in _refs(text)] == found


def test_kind_words_found_by_their_lowercase_are_those_the_scan_finds(corpus_files):
    """The kind words `titled` and `typed` are tried at: looked for with `str.find` in the lowercase
    text, they are the same as the engine's scan finds, in any case and beside any letter."""
    pf = rules.load("legal")
    kind_word = legal._context().kind_word
    words = [*pf.defines["doc_type"], *pf.defines["doc_abbr"]]
    said = [e["text"] for r in pf.rules.values() for e in r.examples] + [c for r in pf.rules.values() for c in r.counter]
    written = [f"{w} 12, {w.upper()} số 3/QĐ, x{w.capitalize()} và {w}s ſ {w}" for w in words]
    for text in said + written + [p.read_text(encoding="utf-8") for p in corpus_files]:
        assert legal._kind_words(text) == [m.start() for m in kind_word.finditer(text)], text[:80]
