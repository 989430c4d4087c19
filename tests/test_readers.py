"""Reading real scraped articles: furniture set aside, metadata found, bad input skipped."""
from __future__ import annotations

import gzip
import json
import shutil
import unicodedata
from datetime import date
from pathlib import Path

import pytest

import dxextract as dx
from dxextract.readers import Failure, from_text, iter_articles


def test_stamp_title_credit_and_counters(corpus_dir):
    art = dx.read(corpus_dir / "002_ec1798adad215369.txt")
    assert art.title == "Tập trung nền tảng chuyển đổi số"
    assert art.published == date(2021, 11, 1)
    assert art.text.count("Cập nhật lúc: 01/11/2021 11:00") == 1  # one copy of the stamp line
    assert "Hôm nay: 0" in art.dropped and "Hôm nay" not in art.text
    assert art.credit == "Báo Đắk Lắk"
    assert art.outlet == "Báo Đắk Lắk"  # from corpus/index.csv
    assert any("Ảnh: Bá Thăng" in c for c in art.captions)
    assert "Ảnh: Bá Thăng" not in art.body and "Cập nhật lúc" not in art.body
    assert art.body.startswith("Tập trung nền tảng chuyển đổi số\nKết quả đánh giá")


def test_related_links_are_dropped_not_lost(corpus_dir):
    art = dx.read(corpus_dir / "001_ef6a8b9dc3eafaab.txt")
    assert art.title == "Tỉnh Điện Biên lên kế hoạch chuyển đổi số"
    assert any(d.startswith("- Bắc Ninh") for d in art.dropped)
    assert "Gửi bình luận" in art.dropped
    assert "Bắc Ninh" not in art.text
    assert art.credit == "ICTNews"

    art = dx.read(corpus_dir / "003_1b3aea1fca0cbb5e.txt")  # a run of headline lines after the lead
    assert "Thúc đẩy chuyển đổi số từ cơ sở" in art.dropped
    assert "20.000" not in art.text
    assert art.author == "Thúy Hồng" and art.published == date(2024, 1, 26)


def test_the_links_under_a_related_articles_heading_are_dropped_whatever_follows_them():
    """A box headed `Tin liên quan` holds other articles' headlines (with their figures), even one
    alone and even when a comment counter follows it."""
    text = ("Cà Mau: 95% hồ sơ được tiếp nhận trực tuyến\n"
            "(CMO) Năm 2025, Cà Mau có 95% hồ sơ thủ tục hành chính được tiếp nhận trực tuyến.\n"
            "Theo Sở Khoa học và Công nghệ, toàn tỉnh có 1.856 dịch vụ công trực tuyến toàn trình.\n"
            "Tin liên quan\n"
            "Bạc Liêu: 100% xã có Tổ công nghệ số cộng đồng\n"
            "Kiên Giang đạt 80% hồ sơ trực tuyến toàn trình\n"
            "Bình luận (0)\n"
            "Xem thêm\n"
            "Hà Nội: 5 triệu người dùng VNeID")
    art = from_text(text)
    assert "Kiên Giang đạt 80% hồ sơ trực tuyến toàn trình" in art.dropped and "Bình luận (0)" in art.dropped
    assert "Hà Nội: 5 triệu người dùng VNeID" in art.dropped  # one link alone under its heading
    provinces = {r["province"] for r in dx.extract(text, published="2025-11-20") if r["type"] == "commitment"}
    assert provinces == {"Cà Mau"}


def test_a_ticker_of_headlines_parted_by_dashes_is_dropped_and_never_joins_the_lead():
    """A site's ticker above an excerpt (`-` / `Headline -` / … / last headline) holds other articles'
    figures; its lines are no wrapped paragraph, and none of them is the page's title."""
    text = ("-\n"
            "Tập huấn an toàn thông tin cho 300 cán bộ cấp xã -\n"
            "Giá vàng trong nước tăng thêm 2 triệu đồng mỗi lượng -\n"
            "Ngân hàng cảnh báo thủ đoạn giả mạo tin nhắn thương hiệu -\n"
            "Doanh nghiệp viễn thông đạt lợi nhuận 12.000 tỷ đồng\n"
            "Năm 2024, tỉnh Bắc Kạn đã có 85% hồ sơ của người dân được nộp qua mạng, vượt chỉ tiêu kế hoạch đề ra.\n"
            "Tỉnh cũng cấp 12.400 chữ ký số cá nhân cho người dân trong năm.")
    art = from_text(text)
    assert "Doanh nghiệp viễn thông đạt lợi nhuận 12.000 tỷ đồng" in art.dropped
    assert "Giá vàng trong nước tăng thêm 2 triệu đồng mỗi lượng -" in art.dropped
    values = {r["value"] for r in dx.extract(text, published="2025-01-10") if r["type"] == "number"}
    assert {85, 12400} <= values and not values & {300, 2_000_000, 12_000_000_000_000}


def test_a_site_s_masthead_menu_most_read_box_and_footer_are_furniture():
    """The page around the story: masthead and account links above the title, a view count in the
    stamp line, a numbered most-read box and the publisher's footer (licence, address, phone)."""
    text = ("Báo Bắc Giang điện tử\nĐăng nhập\n"
            "Bắc Giang: Phấn đấu 100% thôn có Tổ công nghệ số\n"
            "Thứ Năm, 04/12/2025 | 14:20 | 1.245 lượt xem\n"
            "BG - Năm 2025, tỉnh đặt mục tiêu 100% thôn, tổ dân phố có Tổ công nghệ số cộng đồng.\n"
            "Đọc nhiều\n1 Giá vàng hôm nay tăng 200.000 đồng/lượng\n2 Hà Nội: 80% hồ sơ trực tuyến toàn trình\n"
            "Cơ quan chủ quản: Tỉnh ủy Bắc Giang. Giấy phép số 15/GP-BTTTT ngày 12/1/2021.\n"
            "Địa chỉ: Số 50, đường Nguyễn Văn Cừ. Điện thoại: 0204 3854 123.")
    art = from_text(text)
    assert art.title == "Bắc Giang: Phấn đấu 100% thôn có Tổ công nghệ số"
    assert art.published == date(2025, 12, 4)
    assert {"Báo Bắc Giang điện tử", "Đăng nhập", "2 Hà Nội: 80% hồ sơ trực tuyến toàn trình"} <= set(art.dropped)
    assert not any("Giấy phép" in line or "0204" in line for line in art.text.split("\n"))
    recs = dx.extract(text)
    assert {r["province"] for r in recs if r["type"] == "commitment"} == {"Bắc Giang"}
    assert not [r for r in recs if r["type"] == "number" and r["value"] in (1245, 200000, 80)]


def test_a_breadcrumb_a_bracketed_stamp_social_counts_and_boxes_of_videos_and_older_news_are_furniture():
    text = ("Trang chủ > Chuyển đổi số > Chính quyền số\n"
            "Quảng Nam: 1.200 tài khoản định danh được kích hoạt mỗi ngày\n"
            "(Ngày đăng: 12/03/2025 10:15)\n"
            "Tỉnh đang đẩy mạnh kích hoạt tài khoản định danh điện tử, bình quân 1.200 tài khoản mỗi ngày. "
            "Đến nay, toàn tỉnh Quảng Nam đã kích hoạt 650.000 tài khoản định danh điện tử mức 2.\n"
            "Thích 12 Chia sẻ 3\n"
            "Video\nCận cảnh 50 trạm 5G đầu tiên tại Tam Kỳ\n"
            "Các tin đã đưa ngày:\nQuảng Ngãi: 90% hồ sơ trực tuyến (11/03/2025)")
    art = from_text(text)
    assert (art.title, art.published) == ("Quảng Nam: 1.200 tài khoản định danh được kích hoạt mỗi ngày", date(2025, 3, 12))
    assert {"Thích 12 Chia sẻ 3", "Cận cảnh 50 trạm 5G đầu tiên tại Tam Kỳ",
            "Quảng Ngãi: 90% hồ sơ trực tuyến (11/03/2025)"} <= set(art.dropped)
    values = {r["value"] for r in dx.extract(text) if r["type"] == "commitment"}
    assert values == {1200, 650000}


def test_the_title_is_the_headline_over_the_article_s_stamp_below_a_portal_s_masthead_and_menu():
    """A portal's page: masthead, a top bar's date, menu items, then the headline over its stamp.
    The headline is the title, the stamp under it dates the article, the top bar's date stays a date."""
    text = ("CỔNG THÔNG TIN ĐIỆN TỬ TỈNH NINH BÌNH\n"
            "Thứ Hai, 14/07/2025\n"
            "Giới thiệu\nTin tức - Sự kiện\n"
            "Ninh Bình: Hội nghị sơ kết 6 tháng triển khai chuyển đổi số\n"
            "13/07/2025\n"
            "Sáng 12/7, Ban Chỉ đạo chuyển đổi số tỉnh tổ chức hội nghị sơ kết. Tỷ lệ hồ sơ trực tuyến toàn trình đạt 62,4%.")
    art = from_text(text)
    assert (art.title, art.published) == ("Ninh Bình: Hội nghị sơ kết 6 tháng triển khai chuyển đổi số", date(2025, 7, 13))
    assert {"Giới thiệu", "Tin tức - Sự kiện"} <= set(art.dropped)
    dates = {r["value"] for r in dx.extract(text) if r["type"] == "date"}
    assert {"2025-07-14", "2025-07-13", "2025-07-12"} <= dates


def test_a_byline_over_the_stamp_under_the_headline_and_lead_is_no_headline():
    """A story laid out as headline, lead, byline, then the stamp: the byline is no headline over the
    stamp (a paragraph stands above it), so the headline and the lead stay the article's."""
    text = ("Đường dây nóng: 0237 3721150\n\n"
            "Phấn đấu năm 2026 xóa hết thôn chưa có sóng di động\n\n"
            "Sở Khoa học và Công nghệ cho biết, trong 9 tháng năm 2025, tỉnh đã phủ sóng 42 thôn chưa có sóng di động.\n\n"
            "Lê Văn Hùng – Trần Minh\n\n"
            "12/10/2025 09:15\n\n"
            "Sở đang hoàn thiện kế hoạch phủ sóng các thôn còn lại.")
    art = from_text(text)
    assert art.title == "Phấn đấu năm 2026 xóa hết thôn chưa có sóng di động"
    assert {r["value"] for r in dx.extract(text) if r["type"] == "number"} >= {42}


def test_a_crawler_s_date_before_the_headline_is_the_publication_stamp():
    """Pages saved by a crawler open on ` date 2026-03-10 ` and then the page's first line: that date is
    the publication's (a date record, as a stamp is, and as the annotators of blind52-61 all made it),
    the headline after it the title."""
    text = (" date 2026-03-10 Khánh Hòa phấn đấu vào nhóm đầu cả nước về chuyển đổi số\n\n"
            "Ngày 9/3, tỉnh cho biết tỷ lệ hồ sơ trực tuyến toàn trình đạt 71%.")
    art = from_text(text)
    assert (art.title, art.published) == ("Khánh Hòa phấn đấu vào nhóm đầu cả nước về chuyển đổi số", date(2026, 3, 10))
    dates = [r["value"] for r in dx.extract(text) if r["type"] == "date"]
    assert dates == ["2026-03-10", "2026-03-09"]  # the stamp, then the day before it (its year from the stamp)
    month_only = from_text(" date 2022-11 Triển khai tài khoản định danh điện tử trên địa bàn tỉnh\n\nNội dung bài viết.")
    assert month_only.title == "Triển khai tài khoản định danh điện tử trên địa bàn tỉnh"


def test_a_national_lead_under_two_stamps_and_a_title_keeps_a_provincial_portal_s_story_national():
    """The lead is the first paragraph after the title, however many stamp lines stand above it: a
    ministry's results reposted by a province's portal are no province's."""
    text = ("Chủ Nhật, 06/10/2024\nNgày đăng: 08/05/2024 - Lượt xem: 102\nXem với cỡ chữ\n"
            "Chuyển đổi số trong giáo dục: chú trọng xây dựng cơ sở dữ liệu\n"
            "Trong những tháng đầu năm 2024, Bộ Giáo dục và Đào tạo đã hoàn thành nhiều nhiệm vụ của Đề án 06.\n"
            "Cơ sở dữ liệu về giáo dục đại học đã có 460 cơ sở đào tạo và trên 150.000 hồ sơ giảng viên được số hóa.")
    art = from_text(text, url="https://chuyendoiso.backan.gov.vn/index.php?id_news=1")
    assert art.published == date(2024, 5, 8) and "102" in art.dropped and "Xem với cỡ chữ" in art.dropped
    assert "Lượt xem" not in art.text
    provinces = {r["province"] for r in dx.extract(art) if r["type"] == "commitment"}
    assert provinces == {None}


def test_plan_list_items_without_full_stops_are_body_not_related_links():
    text = ("Tỉnh Hà Giang ban hành kế hoạch chuyển đổi số năm 2026\n"
            "UBND tỉnh đặt các chỉ tiêu cụ thể đến hết năm 2026:\n"
            "- 100% thôn, tổ dân phố có Tổ công nghệ số cộng đồng\n"
            "- Tỷ lệ hồ sơ trực tuyến toàn trình đạt 60%\n"
            "Kế hoạch cũng nêu các giải pháp về hạ tầng, nhân lực và kinh phí thực hiện.\n"
            "Các nhiệm vụ trọng tâm gồm:\n"
            "- Phủ sóng 5G tại trung tâm các huyện\n"
            "Tin liên quan\n"
            "- Bắc Ninh: Tập huấn sử dụng các ứng dụng tại TTĐH thành phố thông minh\n"
            "- Phường Nghĩa Tân ra mắt các Tổ công nghệ số cộng đồng")
    art = from_text(text)
    assert "- Tỷ lệ hồ sơ trực tuyến toàn trình đạt 60%" in art.text  # under a line ending in `:`
    assert "- Phủ sóng 5G tại trung tâm các huyện" in art.text  # the last body lines, still announced
    assert "- Bắc Ninh: Tập huấn sử dụng các ứng dụng tại TTĐH thành phố thông minh" in art.dropped
    values = {r["value"] for r in dx.extract(text, published="2026-01-10") if r["type"] == "commitment"}
    assert {100, 60} <= values


def test_headline_like_lines_over_a_list_head_it_and_are_no_related_links():
    """A lead that lost its full stop and a section heading without a colon, right over `- …;` items:
    the article's own lines, whose heading dates the goals under it."""
    text = ("Kon Tum phát triển hạ tầng số đến năm 2027\n"
            "UBND tỉnh ban hành Kế hoạch số 118/KH-UBND về phát triển hạ tầng số đến năm 2027\n"
            "Mục tiêu đến năm 2027\n"
            "- 100% thôn có hạ tầng băng rộng di động;\n"
            "- Tỷ lệ dân số trưởng thành có chữ ký số đạt trên 60%;\n"
            "Kế hoạch cũng nêu các giải pháp về nguồn lực.")
    art = from_text(text)
    assert "Mục tiêu đến năm 2027" in art.text and not art.dropped
    got = {r["value"]: (r["kind"], r["deadline"]) for r in dx.extract(text, published="2025-05-10") if r["type"] == "commitment"}
    assert got[60] == ("target", "2027"), got


def test_a_numbered_list_announced_by_a_colon_is_body_not_related_links():
    text = ("Năm địa phương dẫn đầu Chỉ số chuyển đổi số năm 2024\n"
            "Bộ Khoa học và Công nghệ công bố kết quả DTI 2024, với các địa phương có điểm cao nhất:\n"
            "1. Hà Nội: 0,7012\n"
            "2. Huế: 0,6935\n"
            "3. Hải Phòng: 0,6621\n"
            "Điểm bình quân của các tỉnh, thành phố tăng so với năm trước.")
    art = from_text(text)
    assert "2. Huế: 0,6935" in art.text and not art.dropped
    got = {r["province"]: r["value"] for r in dx.extract(text, published="2025-10-22") if r["type"] == "commitment"}
    assert got == {"Hà Nội": 0.7012, "Huế": 0.6935, "Hải Phòng": 0.6621}


def test_no_title_when_the_first_line_is_a_sentence(corpus_dir):
    art = dx.read(corpus_dir / "000_83ce5f1ebe82f95b.txt")
    assert art.title is None
    assert art.author == "Khánh Ngọc"
    assert art.text.startswith("Sở Thông tin và Truyền thông tỉnh Đắk Lắk")


def test_ids_are_stable_and_distinct(corpus_files):
    ids = [dx.read(f).article_id for f in corpus_files]
    assert ids == [dx.read(f).article_id for f in corpus_files]
    assert len(set(ids)) == len(ids)


def test_sidecar_is_honoured_for_a_file_and_for_its_folder(tmp_path, corpus_dir):
    src = corpus_dir / "000_83ce5f1ebe82f95b.txt"
    shutil.copy(src, tmp_path / src.name)
    (tmp_path / "index.csv").write_text(
        "file,url,outlet,published,province\n"
        f"{src.name},https://baodaklak.vn/a.html,Báo Đắk Lắk,2021-12,Đắk Lắk\n", encoding="utf-8")
    art = dx.read(tmp_path / src.name)
    assert (art.url, art.outlet, art.published, art.province) == ("https://baodaklak.vn/a.html", "Báo Đắk Lắk", date(2021, 12, 1), "Đắk Lắk")
    [from_folder] = list(iter_articles([tmp_path]))
    assert from_folder.article_id == art.article_id  # the URL decides the id
    assert from_folder.source == str(tmp_path / src.name)


def windows_1258(text: str) -> bytes:
    """Vietnamese as Windows-1258 writes it: base letters (ă, ơ, ư... precomposed) + combining tones."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones)) + "".join(c for c in parts if c in tones))
    return "".join(out).encode("cp1258")


TEXT = "Tỉnh Đắk Lắk phấn đấu đến năm 2025, 100% dịch vụ công trực tuyến ở mức độ 4."


@pytest.mark.parametrize("encode", [lambda t: t.encode("utf-16"), windows_1258, lambda t: t.encode("utf-8-sig")],
                         ids=["utf-16", "windows-1258", "utf-8-bom"])
def test_other_encodings_are_decoded(tmp_path, encode):
    path = tmp_path / "a.txt"
    path.write_bytes(encode(TEXT))
    assert dx.read(path).text == TEXT


def test_bad_files_are_failures_and_the_rest_is_read(tmp_path, corpus_dir):
    shutil.copy(corpus_dir / "004_056aaa40644b9ed5.txt", tmp_path / "good.txt")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "rows.jsonl").write_text(
        json.dumps({"id": 7, "title": "Tin", "text": "Đắk Nông đạt 70% dân số có tài khoản."}, ensure_ascii=False) + "\n{broken\n",
        encoding="utf-8")
    items = list(iter_articles([tmp_path]))
    failures = {f.source.rsplit("/", 1)[-1]: f.reason for f in items if isinstance(f, Failure)}
    articles = [a for a in items if not isinstance(a, Failure)]
    assert set(failures) == {"binary.txt", "empty.txt", "rows.jsonl#L2"}
    assert "empty" in failures["empty.txt"] and "binary" in failures["binary.txt"]
    assert len(articles) == 2
    row = next(a for a in articles if a.source.endswith("rows.jsonl#7"))
    assert row.title == "Tin" and row.text.startswith("Tin\nĐắk Nông")


def test_gzipped_jsonl_rows_get_ids_from_file_and_row(tmp_path):
    path = tmp_path / "news.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        for i in range(3):
            f.write(json.dumps({"id": f"a{i}", "text": f"Bài {i}: đạt {i}0% hồ sơ trực tuyến."}, ensure_ascii=False) + "\n")
    arts = list(iter_articles([path]))
    assert len({a.article_id for a in arts}) == 3
    assert [a.article_id for a in arts] == [a.article_id for a in iter_articles([path])]


def test_read_raises_a_clear_error(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(dx.ReadError, match="empty"):
        dx.read(tmp_path / "empty.txt")
    with pytest.raises(dx.ReadError, match="(?i)no such file"):
        dx.read(tmp_path / "missing.txt")


def test_jsonl_rows_keep_their_id_title_and_name(tmp_path):
    rows = [{"id": "vn-17", "title": "Đắk Lắk về đích chuyển đổi số?", "text": "Tỉnh đạt 80% dịch vụ công trực tuyến."},
            {"title": "Bứt phá!", "text": "Gia Lai đã cấp 1.200 chữ ký số."},
            {"id": 5, "text": "Kon Tum phấn đấu đến năm 2025 đạt 90% hồ sơ trực tuyến."}]
    path = tmp_path / "news.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    a, b, c = iter_articles([path])
    assert (a.source, a.row_id, a.title) == (f"{path}#vn-17", "vn-17", "Đắk Lắk về đích chuyển đổi số?")
    assert (b.source, b.row_id, b.title) == (f"{path}#L2", None, "Bứt phá!")
    assert (c.source, c.row_id) == (f"{path}#5", "5") and c.row()["row_id"] == "5"
    assert a.text.startswith("Đắk Lắk về đích chuyển đổi số?\nTỉnh đạt 80%")
    records = dx.extract(a)
    assert records and {r["source"] for r in records} == {f"{path}#vn-17"}


def test_other_sources_are_still_the_path_as_given(corpus_dir):
    """The official scorer matches records to gold by the stem of `source`: .txt sources are the path."""
    path = str(corpus_dir / "000_83ce5f1ebe82f95b.txt")
    assert dx.read(path).source == path and dx.read(path).row_id is None


def test_a_lone_surrogate_becomes_a_replacement_character():
    text = "Đắk Lắk đạt 80% dịch vụ công trực tuyến \ud83d. Gia Lai \ud83d\ude00 đạt 70%."
    records = dx.extract(text)
    numbers = [r for r in records if r["type"] == "number"]
    assert [r["value"] for r in numbers] == [80.0, 70.0]
    sentence = numbers[0]["sentence"]
    assert "\ufffd" in sentence and "😀" in numbers[1]["sentence"]
    json.dumps(records, ensure_ascii=False).encode("utf-8")  # writable as UTF-8


def test_empty_inputs_are_named(tmp_path):
    (tmp_path / "nothing").mkdir()
    (tmp_path / "blank.jsonl").write_text("\n\n", encoding="utf-8")
    items = list(iter_articles([tmp_path / "nothing", tmp_path / "blank.jsonl", tmp_path / "missing.txt"]))
    assert [(Path(f.source).name, f.reason.split(" (")[0]) for f in items] == [
        ("nothing", "no file to read in this folder"), ("blank.jsonl", "no rows in file"),
        ("missing.txt", "no such file or folder")]


def test_a_provincial_outlets_address_gives_the_province_its_text_leaves_unsaid(tmp_path):
    text = ("Tỉnh ban hành kế hoạch phát triển kinh tế số\n"
            "Người dân thị trấn Sông Cầu đã quen dùng ví điện tử và dịch vụ công trực tuyến.\n"
            "Mục tiêu phát triển kinh tế số đến năm 2025 của tỉnh:\n"
            "- Tỷ lệ doanh nghiệp sử dụng hóa đơn điện tử đạt 100%.\n")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(text, encoding="utf-8")
    (tmp_path / "index.csv").write_text(
        "file,url,outlet,published,province\n"
        "a.txt,http://pbgdpl.camau.gov.vn/ke-hoach-4588,,2022-03-01,\n"
        "b.txt,https://vneconomy.vn/ke-hoach.htm,,2022-03-01,\n", encoding="utf-8")
    assert dx.read(tmp_path / "a.txt").province == "Cà Mau"
    assert dx.read(tmp_path / "b.txt").province is None  # a national outlet names no province
    found = [r for r in dx.extract(dx.read(tmp_path / "a.txt")) if r["type"] == "commitment"]
    assert [(r["value"], r["province"]) for r in found] == [(100, "Cà Mau")]  # a town named once does not outweigh it


def test_hard_wrapped_text_is_read_as_paragraphs():
    text = ("Chợ 4.0 lan tỏa ở vùng nông thôn\n"
            "Từ mô hình chợ thanh toán không dùng tiền mặt đầu tiên tại chợ trung tâm do\n"
            "Viettel hỗ trợ triển khai năm 2022, huyện đã nhân rộng thí điểm ra 10 chợ. Đến\n"
            "nay có gần 1.000 tiểu thương mở tài khoản và trên 80% tiểu thương thực hiện\n"
            "thanh toán số; 20% giao dịch mua bán tại chợ được thanh toán qua mã QR.\n")
    art = from_text(text)
    assert "tiểu thương thực hiện thanh toán số" in art.text and not art.dropped
    values = {r["value"] for r in dx.extract(text, published="2023-06-01") if r["type"] == "number"}
    assert {1000, 80, 20} <= values


def test_a_list_item_of_hard_wrapped_text_goes_on_in_its_next_line():
    # a plan copied from a document site at a fixed width: its items break mid-phrase too, and the
    # piece on the next line (lower case, no list mark) is the rest of the item, not a line of its own
    text = ("KẾ HOẠCH SỐ HÓA NĂM 2026 CỦA TỈNH HÀ TĨNH\n"
            "Nhằm đưa chương trình số hóa của tỉnh vào thực tế một cách rõ nét và đồng bộ trong\n"
            "năm 2026, tỉnh đặt ra kế hoạch gồm những chỉ tiêu sau đây:\n"
            "- Phấn đấu 95% hồ sơ công việc ở cấp tỉnh và 75% hồ sơ công\n"
            "việc ở cấp xã được giải quyết qua môi trường mạng;\n"
            "- 100% văn bản gửi nhận giữa các sở, ngành cùng các địa phương của\n"
            "tỉnh ở dạng điện tử có chữ ký số chuyên dùng;\n"
            "II. NHIỆM VỤ\n"
            "- Hoàn thiện hạ tầng số\n"
            "Nâng cấp mạng truyền số liệu chuyên dùng đến cấp xã.\n")
    art = from_text(text)
    assert "75% hồ sơ công việc ở cấp xã" in art.text
    assert "các sở, ngành cùng các địa phương của tỉnh ở dạng điện tử" in art.text
    assert "- Hoàn thiện hạ tầng số\nNâng cấp" in art.text  # a next line in upper case is no piece of the item
    found = {(r["value"], r["indicator"]) for r in dx.extract(text, published="2026-01-20") if r["type"] == "commitment"}
    assert any(v == 75 and "hồ sơ công việc" in i and "cấp xã" in i for v, i in found)
    assert any(v == 100 and "văn bản" in i for v, i in found)


def test_outline_headings_of_hard_wrapped_text_stand_alone_and_frame_their_items():
    # `I.`, `1.1.`, `a)` open a heading of the plan's outline, not a wrapped piece of the line above:
    # joined into one long line, the goal's year under `1.1.` no longer framed the items below it
    text = ("KẾ HOẠCH CHUYỂN ĐỔI SỐ CỦA TỈNH NĂM 2026\n"
            "Căn cứ Nghị quyết số 11-NQ/TU ngày 10/3/2025 của Tỉnh ủy Hà Tĩnh khóa mới về việc\n"
            "chuyển đổi số toàn diện trong giai đoạn tới của tỉnh; xét đề nghị của Sở Khoa\n"
            "học và Công nghệ (Tờ trình số 15/TTr-SKHCN ngày 05/01/2026), Ủy ban nhân dân\n"
            "tỉnh đưa ra Kế hoạch số hóa của tỉnh cho năm 2026 với những nội dung chính\n"
            "I. MỤC TIÊU\n"
            "1.1. Mục tiêu cụ thể đến năm 2026\n"
            "a) Về chính quyền số ở các sở, ngành và chính quyền các cấp trải từ cấp tỉnh đến\n"
            "cấp xã\n"
            "- 98% hồ sơ công việc ở cấp tỉnh được giải quyết qua môi trường mạng, trừ hồ sơ\n"
            "công việc có nội dung mật theo quy định.\n"
            "- 100% văn bản trao đổi giữa cơ quan Đảng, chính quyền và Ủy ban Mặt trận\n"
            "Tổ quốc cấp tỉnh được ký số và gửi nhận dưới dạng điện tử.\n")
    art = from_text(text)
    assert art.text.startswith("KẾ HOẠCH CHUYỂN ĐỔI SỐ CỦA TỈNH NĂM 2026\nCăn cứ")  # nor does a heading in capitals go on
    assert "\nI. MỤC TIÊU\n1.1. Mục tiêu cụ thể đến năm 2026\na) Về chính quyền số" in art.text
    assert "từ cấp tỉnh đến cấp xã\n" in art.text  # a heading's own wrapped piece still goes on
    assert "Ủy ban Mặt trận Tổ quốc cấp tỉnh" in art.text  # and so does an item's, in capitals too
    found = [r for r in dx.extract(text, published="2026-01-20") if r["type"] == "commitment"]
    assert [(r["value"], r["kind"], r["deadline"]) for r in found] == [(98, "target", "2026"), (100, "target", "2026")]


def test_a_plans_last_item_cut_off_where_the_page_ends_is_no_related_link():
    # the page's copy stops inside the last item of a list of the body: a list item that goes on from
    # the items before it, not a related article's headline under the text
    text = ("Kế hoạch số hóa năm 2026 của huyện Đức Thọ\n"
            "Huyện vừa đặt ra kế hoạch số hóa với những chỉ tiêu rõ ràng.\n"
            "- 100% công chức của huyện có chữ ký số cá nhân.\n"
            "- Trên 85% hồ sơ công việc ở cấp huyện; 65% hồ sơ công việc ở cấp xã được x")
    art = from_text(text)
    assert "65% hồ sơ công việc ở cấp xã" in art.text and not art.dropped
    found = {r["value"] for r in dx.extract(text, published="2026-02-01") if r["type"] == "commitment"}
    assert {100, 85} <= found


def test_a_table_in_hard_wrapped_text_keeps_its_rows_and_their_columns():
    # long lines that stop mid-sentence make the text read as wrapped; a table's rows still stand alone,
    # so each cell keeps the column its header names (a plan's column, a result's column)
    text = ("Kết quả các chỉ tiêu chuyển đổi số năm 2023 của tỉnh Quảng Bình\n"
            "Sở Khoa học và Công nghệ báo cáo kết quả thực hiện các chỉ tiêu của năm\n"
            "TT | Chỉ tiêu | Đề ra năm 2023 | Kết quả thực hiện\n"
            "1 | Tỷ lệ dịch vụ công trực tuyến toàn trình của tỉnh | 50% | 46,2%\n"
            "2 | Tỷ lệ hồ sơ công việc cấp tỉnh xử lý trên môi trường mạng | 90% | 95%\n")
    art = from_text(text)
    assert "Kết quả thực hiện\n1 | Tỷ lệ" in art.text
    found = {(r["value"], r["kind"]) for r in dx.extract(text, published="2024-01-10") if r["type"] == "commitment"}
    assert {(50, "target"), (46.2, "actual"), (90, "target"), (95, "actual")} <= found


def test_a_table_copied_with_tabs_reads_as_cells():
    text = ("Kết quả chuyển đổi số năm 2023 của tỉnh Quảng Bình\n"
            "Các chỉ tiêu năm 2023:\n"
            "TT\tChỉ tiêu\tKế hoạch\tThực hiện\n"
            "1\tTỷ lệ dịch vụ công trực tuyến toàn trình\t50%\t46,2%\n")
    assert dx.normalize(text).endswith("1|Tỷ lệ dịch vụ công trực tuyến toàn trình|50%|46,2%\n")
    numbers = [r["value"] for r in dx.extract(text, published="2024-01-10") if r["type"] == "number"]
    assert 1_000_000_000 not in numbers  # `1<tab>Tỷ lệ` is no billion
    found = {(r["value"], r["kind"]) for r in dx.extract(text, published="2024-01-10") if r["type"] == "commitment"}
    assert {(50, "target"), (46.2, "actual")} <= found


def test_a_provincial_paper_named_otherwise_gives_its_province():
    from dxextract.provinces import province_of_outlet

    assert province_of_outlet("https://baodongkhoi.vn/ket-qua-chuyen-doi-so-2024") == "Bến Tre"  # Báo Đồng Khởi
    assert province_of_outlet("https://vietnamnet.vn/bai-viet") is None
