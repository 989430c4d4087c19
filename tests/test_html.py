"""HTML -> Article on hand-written Vietnamese pages (tests/data/web): what is kept, in which role,
and what is set aside as furniture."""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest
import lxml.html
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dxextract.encoding import DecodeError
from dxextract.ids import article_id_for
from dxextract.web import body, cascade
from dxextract.web import page as web_page
from dxextract.web.html import read_html
from dxextract.web.page import Profile
from dxextract.date_strings import date_in as parse_date

DATA = Path(__file__).parent / "data" / "web"
URL = "https://baodaklak.vn/kinh-te/day-manh-chuyen-doi-so.html"
PAGES = sorted(p.stem for p in DATA.glob("*.html") if p.with_suffix(".txt").exists())


def word_f1(predicted: str, reference: str) -> float:
    """The benchmark's body score (bench/bench_html.py): word F1 of two bags of words."""
    sys.path.insert(0, str(Path(__file__).parents[1] / "bench"))
    from bench_html import prf

    return prf(predicted, reference)[2]


def read_page(name: str):
    return read_html((DATA / f"{name}.html").read_bytes(), source=f"{name}.html")


def reference(name: str) -> str:
    return (DATA / f"{name}.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def tinh():
    return read_html((DATA / "tinh.html").read_bytes(), source="tinh.html", url=URL)


def kinds(article) -> list[str]:
    return [b.kind for b in article.blocks]


def test_metadata(tinh):
    assert tinh.title == "Đắk Lắk đẩy mạnh chuyển đổi số trong cải cách hành chính"
    assert tinh.published == date(2021, 11, 1)
    assert (tinh.author, tinh.outlet, tinh.credit) == ("Khánh Ngọc", "Báo Đắk Lắk điện tử", "Báo Đắk Lắk")
    assert tinh.article_id == article_id_for(url=URL)
    assert tinh.url == URL and tinh.source == "tinh.html"


def test_text_layout_follows_schema(tinh):
    """Title, one stamp line, lead, body with captions in page order; credit last."""
    lines = tinh.text.split("\n")
    assert lines[:3] == [
        "Đắk Lắk đẩy mạnh chuyển đổi số trong cải cách hành chính",
        "Thứ Hai, 01/11/2021 - 11:00",
        "Năm 2021, tỉnh Đắk Lắk đặt mục tiêu 100% hồ sơ công việc tại cấp tỉnh được xử lý trên môi "
        "trường mạng, góp phần nâng cao chỉ số cải cách hành chính.",
    ]
    assert kinds(tinh) == ["title", "stamp", "lead", "body", "caption", "body", "subhead", "body", "caption", "body", "credit"]
    assert tinh.text.count("01/11/2021") == 1
    assert "23/11/2026" not in tinh.text  # today's date in the page header is no stamp
    # a line break in the page source is a space, not a paragraph break
    assert "Ông Nguyễn Tuấn Hà, Phó Chủ tịch UBND tỉnh cho biết, tỉnh sẽ tập trung xây dựng nền tảng dữ liệu dùng " \
           "chung, bảo đảm kết nối thông suốt từ tỉnh đến cấp xã." in tinh.paragraphs


def test_captions_flagged_and_kept_out_of_body(tinh):
    assert tinh.captions == [
        "Quang cảnh hội nghị triển khai chuyển đổi số tại UBND tỉnh",  # italic, centered, after a photo
        "Kỹ thuật viên kéo cáp quang về thôn Ea Kmát. Ảnh: Hoàng Gia",  # a photo table
    ]
    assert "Ảnh:" not in tinh.body and "Quang cảnh" not in tinh.body
    assert "Hạ tầng số phủ khắp các xã" in tinh.body  # subheads are reading text


def test_furniture_set_aside(tinh):
    for furniture in ("TIN LIÊN QUAN", "Bắc Ninh tập huấn", "Xem thêm", "Chia sẻ", "Lượt xem", "Gửi bình luận",
                      "Đọc nhiều", "Trang chủ", "Cơ quan chủ quản", "Hôm nay", "Từ khóa", "dataLayer"):
        assert furniture not in tinh.text, furniture
    assert "TIN LIÊN QUAN" in tinh.dropped
    assert "Bắc Ninh tập huấn sử dụng các ứng dụng tại trung tâm điều hành thông minh" in tinh.dropped


def test_page_without_class_names():
    """No ids or classes at all: text density finds the article split around a photo box; JSON-LD
    gives the date, author and outlet; the <title> gives the headline."""
    art = read_html((DATA / "bare.html").read_bytes(), source="bare.html")
    assert art.title == "Huyện Krông Pắc ra mắt mô hình thôn thông minh"
    assert (art.published, art.author, art.outlet) == (date(2023, 5, 19), "Thúy Hồng", "Cổng thông tin huyện Krông Pắc")
    assert art.paragraphs[0].startswith("Sáng 18/5, UBND huyện Krông Pắc")
    assert art.paragraphs[-1] == "Huyện phấn đấu đến cuối năm 2023 nhân rộng mô hình ra 10 thôn, buôn trên địa bàn."
    assert len(art.paragraphs) == 5  # <br> splits a paragraph
    assert art.captions == ["Người dân thôn 7 được hướng dẫn cài đặt ứng dụng"]
    assert "Trong tuần" not in art.text and "Chia sẻ" not in art.text
    assert art.article_id == article_id_for(text=art.text)


def test_windows_1258_page_is_decoded_and_normalized():
    raw = (DATA / "cp1258.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    art = read_html(raw, source="cp1258.html")
    assert art.title == "Gia Lai ứng dụng chữ ký số trong quản lý văn bản điều hành"
    assert art.blocks[1].kind == "stamp" and art.published == date(2010, 7, 15)
    assert "Từ ngày 1/8/2010, các sở, ban, ngành của tỉnh Gia Lai sẽ sử dụng chữ ký số" in art.body
    assert "\u0301" not in art.text and "\u0323" not in art.text  # tones composed (NFC)
    assert "Trang chủ" not in art.text and "Bản quyền" not in art.text
    # the same page given as text, or with the charset the HTTP header declared, reads the same
    assert read_html(raw, source="x", charset="windows-1258").text == art.text
    assert read_html(raw.decode("cp1258"), source="x").text == art.text
    # a server's default ISO-8859-1 is not believed: it would turn Vietnamese into mojibake
    assert read_html(raw, source="x", charset="ISO-8859-1").text == art.text


def test_utf8_page_served_as_latin1_is_not_mojibake():
    raw = (DATA / "tinh.html").read_bytes()
    art = read_html(raw, source="x", charset="iso-8859-1")
    assert art.title == "Đắk Lắk đẩy mạnh chuyển đổi số trong cải cách hành chính"
    assert "Ä" not in art.text and "á»" not in art.text


def test_caller_metadata_wins():
    art = read_html((DATA / "tinh.html").read_bytes(), source="s", url=URL, article_id="abc",
                    published=date(2021, 12, 1), outlet="Báo Đắk Lắk", province="Đắk Lắk")
    assert (art.article_id, art.published, art.outlet, art.province) == ("abc", date(2021, 12, 1), "Báo Đắk Lắk", "Đắk Lắk")


def test_site_profile_overrides_density(monkeypatch):
    """A profile's selector picks the article even where a comment thread holds more text."""
    page = """<html><body><h1>Lâm Đồng số hóa hồ sơ đất đai</h1>
    <div class="noi-dung"><p>Tỉnh Lâm Đồng hoàn thành số hóa 80% hồ sơ địa chính trong năm 2022 theo kế hoạch.</p></div>
    <div class="y-kien-ban-doc">""" + "".join(
        f"<p>Bạn đọc số {i} cho rằng việc số hóa hồ sơ giúp người dân tiết kiệm thời gian đi lại.</p>" for i in range(4)
    ) + "</div></body></html>"
    profile = Profile(name="ld", hosts=("baolamdong.vn",), body="div.noi-dung")
    monkeypatch.setattr(web_page, "profiles", lambda: (profile,))
    art = read_html(page, source="s", url="https://www.baolamdong.vn/a.html")
    assert art.paragraphs == ["Tỉnh Lâm Đồng hoàn thành số hóa 80% hồ sơ địa chính trong năm 2022 theo kế hoạch."]
    assert "Bạn đọc" in read_html(page, source="s", url="https://www.baolamdong.vn/a.html", use_profiles=False).text


def test_trafilatura_fallback_is_filtered():
    """Lines from the fallback pass the same Vietnamese furniture rules."""
    page = "<html><body><article>" + "".join(
        f"<p>{t}</p>" for t in (
            "Tỉnh Bình Định đưa vào vận hành Trung tâm giám sát điều hành thông minh từ ngày 1/9/2021.",
            "Trung tâm kết nối dữ liệu của 14 sở, ngành và 11 huyện, thị xã, thành phố.",
            "Lượt xem: 1.024",
            "Theo Báo Bình Định",
        )) + "</article></body></html>"
    blocks = cascade._trafilatura_blocks(page, captions=set())
    assert [b.kind for b in blocks] == ["body", "body", "credit"]


@pytest.mark.parametrize(("value", "expected"), [
    ("2021-11-01T11:00:00+07:00", date(2021, 11, 1)),
    ("Thứ bảy, 7/3/2026, 00:05 (GMT+7)", date(2026, 3, 7)),
    ("07-03-2026 - 00:01 AM", date(2026, 3, 7)),
    ("31/02/2026", None),
    ("", None),
])
def test_parse_date(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("bad", [
    b"",
    b"\x00\x01\x02\x03" * 100,
    "<html><body><nav><a href='/'>Trang chủ</a></nav><script>app()</script></body></html>".encode(),
])
def test_bad_input_raises_a_value_error(bad):
    with pytest.raises(ValueError):  # DecodeError is one too
        read_html(bad, source="bad")
    assert issubclass(DecodeError, ValueError)


def test_semantic_page_with_long_comment_thread():
    """A comment thread holding more text than the article stays out; the byline-and-time line
    inside the article is its stamp; a trailing bold byline stays a reading line, not a subhead."""
    art = read_html((DATA / "html5.html").read_bytes(), source="html5.html")
    assert kinds(art) == ["title", "stamp", "lead", "body", "body", "caption", "body", "body"]
    assert art.blocks[1].text == "Minh Đức 05/03/2024 07:00"
    assert (art.published, art.author) == (date(2024, 3, 5), "Minh Đức")
    assert art.paragraphs[0].startswith("Từ tháng 3/2024, người dân ở 171 xã, phường")
    assert "Quảng Ninh số hóa 100% hồ sơ địa chính" in art.dropped
    for furniture in ("Ý kiến bạn đọc", "phường Hồng Hải", "Quảng cáo", "Bản quyền", "Thời sự"):
        assert furniture not in art.text, furniture


def test_old_portal_with_br_paragraphs():
    """An ASP.NET page (all inside one <form>) with a table layout and the article as
    <br>-separated text in one cell: the cell is the body, its lines take the roles of the inline
    elements that make them up."""
    art = read_html((DATA / "portal.html").read_bytes(), source="portal.html")
    assert art.title == "Kon Tum khai trương Trung tâm điều hành thông minh"
    assert kinds(art) == ["title", "stamp", "lead", "body", "caption", "body", "body"]
    assert art.published == date(2022, 9, 12)
    assert art.captions == ["Lãnh đạo tỉnh bấm nút khai trương Trung tâm"]
    assert art.paragraphs[-1] == "Thu Hà"  # a bare byline at the end is reading text
    for furniture in ("Văn bản mới", "Lịch công tác", "Giới thiệu", "Sở Thông tin"):
        assert furniture not in art.text, furniture


def test_site_profiles_are_valid():
    """Every profile in patterns/sites.yaml names hosts and only selectors that compile."""
    from lxml.cssselect import CSSSelector

    assert web_page.profiles()
    for profile in web_page.profiles():
        assert profile.hosts and profile.body, profile.name
        for selector in (profile.body, profile.lead, profile.title, profile.stamp, profile.author, *profile.drop):
            if selector:
                CSSSelector(selector)
    assert web_page.profile_for("https://www.vietnamplus.vn/x.html").name == "vietnamplus"
    assert web_page.profile_for("https://notvietnamplus.vn/x.html") is None


def test_short_article_beside_a_long_list_of_teasers():
    """Ten teasers (headline link + summary) hold more text than the article; they still lose."""
    teaser = ('<li><a href="/t{i}"><h3>Tỉnh Bình Phước triển khai giải pháp chuyển đổi số {i}</h3></a>'
              "<p>Năm 2023, tỉnh Bình Phước đẩy mạnh chuyển đổi số trong các cơ quan nhà nước, doanh nghiệp "
              "và người dân, hướng tới chính quyền số.</p></li>")
    page = f"""<html><body><div class="wrap"><div class="detail">
      <h1>Bình Phước cấp chữ ký số cho người dân</h1>
      <div class="noidung">
        <p>Ngày 5/6, Sở Thông tin và Truyền thông tỉnh Bình Phước cấp miễn phí 2.000 chữ ký số cho người dân.</p>
        <p>Chữ ký số giúp người dân thực hiện dịch vụ công trực tuyến toàn trình.</p>
        <p>Dự kiến đến cuối năm, toàn tỉnh có 10.000 người dân được cấp chữ ký số.</p>
      </div></div>
      <div class="box"><h2>Tin cùng chuyên mục</h2><ul class="list-news">
        {"".join(teaser.format(i=i) for i in range(10))}
      </ul></div></div></body></html>"""
    art = read_html(page, source="s")
    assert art.title == "Bình Phước cấp chữ ký số cho người dân"
    assert len(art.paragraphs) == 3 and art.paragraphs[-1].startswith("Dự kiến đến cuối năm")
    assert "hướng tới chính quyền số" not in art.text


def test_wrapper_named_like_furniture_holding_the_headline_is_the_article():
    """`ykien` (opinions) names comment boxes, but this box holds the page's headline: it is the
    article's wrapper, not a comment thread."""
    art = read_html((DATA / "misnamed.html").read_bytes(), source="misnamed.html")
    assert art.title == "Chuyên gia: Dữ liệu là tài nguyên của chính quyền số"
    assert len(art.paragraphs) == 6 and art.paragraphs[0].startswith("Tại hội thảo về chuyển đổi số")
    assert "Cơ quan chủ quản" not in art.text


_TAGS = st.sampled_from(["p", "div", "span", "br", "img", "figure", "figcaption", "table", "td", "a", "h1", "em", "b"])
_CHUNK = st.one_of(
    st.text(alphabet="Tỉnh số hóa 100% hồ sơ. Ảnh: Theo ", min_size=0, max_size=60),
    _TAGS.map(lambda t: f"<{t} class='x'>"),
    _TAGS.map(lambda t: f"</{t}>"),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_CHUNK, max_size=40).map("".join), st.binary(max_size=40))
def test_any_input_gives_an_article_or_a_value_error(markup, noise):
    """Broken markup and stray bytes never crash: an Article, or a ValueError naming the page."""
    for data in (markup, markup.encode() + noise):
        try:
            art = read_html(data, source="fuzz")
        except ValueError:
            continue
        assert art.text and art.body


@pytest.mark.parametrize("name", PAGES)
def test_every_test_page_matches_its_reference(name):
    """Body word-F1 against the hand-checked reference beside each page (title, lead, body)."""
    assert word_f1(read_page(name).body, reference(name)) >= 0.99


def test_cascade_walks_the_container_trafilatura_found():
    """A page-builder layout (WPBakery) puts each paragraph two wrappers deep, so the densest
    container is one column of two paragraphs. That holds under half of the page's paragraph text:
    doubtful, so trafilatura is asked; its text is far longer, and the element holding it is walked
    by our own walker, which keeps the roles trafilatura's text has lost."""
    page = web_page.Page(web_page.parse((DATA / "wpbakery.html").read_text(encoding="utf-8")))
    own = cascade.own_blocks(page, None)
    assert cascade._doubtful(page, own) and cascade._reading_chars(own.blocks) < 700
    art = read_page("wpbakery")
    assert word_f1(art.body, reference("wpbakery")) >= 0.99
    assert art.paragraphs[0].startswith("Sau một năm triển khai") and art.blocks[2].kind == "lead"
    assert art.captions == ["Thành viên tổ công nghệ số cộng đồng hướng dẫn người dân buôn Ea Mdróh cài đặt ứng dụng VNeID",
                            "Tiểu thương chợ Quảng Phú nhận tiền bằng mã QR"]
    assert "subhead" in kinds(art) and "Bài viết mới" not in art.text and "Cơ quan chủ quản" not in art.text


def test_article_in_widget_named_boxes_is_found_through_the_cascade():
    """The same article as a page builder (Elementor) lays it out: every paragraph in a box named
    `elementor-widget`, so furniture by name, and a 281-character notice outside is the only
    paragraph left. Under a quarter of the page's paragraph text: doubtful. Walking the element
    that holds trafilatura's text, the boxes whose text trafilatura kept are not furniture."""
    page = web_page.Page(web_page.parse((DATA / "elementor.html").read_text(encoding="utf-8")))
    own = cascade.own_blocks(page, None)
    assert own.blocks[0].text.startswith("Thông báo") and cascade._doubtful(page, own)
    art = read_page("elementor")
    assert word_f1(art.body, reference("elementor")) >= 0.99
    assert "Thông báo" not in art.text and art.paragraphs[0].startswith("Sau một năm triển khai")


@pytest.mark.parametrize("name", ["tinh", "bare", "html5", "misnamed", "portal", "cp1258", "promo"])
def test_a_clear_result_is_not_doubted(name):
    """Pages whose container holds the article never pay for trafilatura (nor do the five real
    pages of ../shared/html, checked when this rule was set)."""
    raw = (DATA / f"{name}.html").read_bytes()
    page = web_page.Page(web_page.parse(web_page.decode_html(raw)))
    assert not cascade._doubtful(page, cascade.own_blocks(page, None))


def test_shop_boxes_inside_the_body_are_furniture():
    """A book box (title link, price, `Mua ngay` button) and a product box (price, `Xem chi tiết`)
    inside the article are set aside by their structure; the photo caption stays a caption."""
    art = read_page("promo")
    assert word_f1(art.body, reference("promo")) >= 0.99
    assert art.captions == ["Cán bộ Thư viện tỉnh quét tài liệu Hán Nôm. Ảnh: M.K"]
    for promo in ("Cẩm nang chuyển đổi số", "119.000đ", "Mua ngay", "Máy quét sách", "Xem chi tiết"):
        assert promo not in art.text, promo
        assert any(promo in line for line in art.dropped), promo
    assert art.paragraphs[-1] == "MINH KHÔI"


@pytest.mark.parametrize(("markup", "promo"), [
    ('<div><a href="/s">Sách hay</a><p>Giá: 89.000 đồng</p><a class="btn" href="/mua">Đặt mua</a></div>', True),
    ('<div><p>Giá lúa hôm nay 7.000 đồng/kg, tăng 200 đồng so với tuần trước, theo <a href="/g">bảng giá</a>.</p></div>', False),
    ('<div><p>Người dân tiết kiệm 40.000 đồng mỗi hồ sơ.</p><a href="/x">Xem chi tiết</a></div>', True),
    ('<div><p>Hướng dẫn nộp hồ sơ trực tuyến trên Cổng dịch vụ công.</p><a href="/x">Xem chi tiết</a></div>', False),
])
def test_promo_needs_two_signs(markup, promo):
    """A price, a call to action, mostly link text: one sign alone is an article's paragraph."""
    assert body.is_promo(lxml.html.fragment_fromstring(markup)) is promo


def test_page_libxml2_truncates_is_read_by_the_tolerant_parser():
    """270 unclosed <div>s in a side list: libxml2 stops at depth 256 and drops the rest of the
    page, article included (trafilatura, on lxml too, returns the list). BeautifulSoup's parser
    reads it as a browser does."""
    text = (DATA / "deep.html").read_text(encoding="utf-8")
    assert "Thanh Tâm" not in lxml.html.document_fromstring(text).text_content()
    art = read_page("deep")
    assert word_f1(art.body, reference("deep")) >= 0.99
    assert art.published == date(2023, 11, 14) and art.blocks[1].kind == "stamp"
    assert "Tổ dân phố" not in art.body


def test_author_signed_on_the_last_line():
    """No <meta>, JSON-LD or author-named element names the author (trafilatura's metadata finds
    none either): the name signing the last reading line is taken; a sentence there is not."""
    assert read_page("portal").author == "Thu Hà"
    assert read_page("deep").author == "Thanh Tâm"
    assert read_page("tinh").author == "Khánh Ngọc"  # the page's own author element wins
    assert read_page("misnamed").author is None  # its last line is a sentence
    page = ("<html><body><h1>Giá xăng giảm</h1><div><p>Bộ Công Thương điều chỉnh giá xăng dầu từ 15 giờ chiều nay.</p>"
            "<p>Giá xăng RON 95 giảm 500 đồng mỗi lít so với kỳ trước.</p><p><b>Hà Thu (tổng hợp)</b></p></div></body></html>")
    assert read_html(page, source="s").author == "Hà Thu"


# What the code reaches through another package, not through an import statement of its own.
INDIRECT_IMPORTS = {
    "lxml_html_clean": "jusText, trafilatura's fallback, imports lxml.html.clean (pip 23 misses lxml's extra)",
    "bs4": "lxml.html.soupparser, the tolerant parser for pages libxml2 truncates",
    "cssselect": "lxml's cssselect, for the site profiles' selectors",
    "vietnamadminunits": "its data files (province tables, the 2025 merger), read by path without importing it",
}


def _dist(name: str) -> str:
    return name.lower().replace("_", "-")


def _declared(pyproject: Path) -> dict[str, set[str]]:
    """Each dependency pyproject.toml declares -> the distributions it brings: itself and the
    requirements of the extras it names (`dask[distributed]` brings distributed)."""
    import importlib.metadata as md
    import tomllib

    from packaging.requirements import Requirement

    out = {}
    for req in map(Requirement, tomllib.loads(pyproject.read_text())["project"]["dependencies"]):
        extras = (Requirement(r) for r in md.requires(req.name) or [])
        out[_dist(req.name)] = {_dist(req.name)} | {
            _dist(r.name) for r in extras if r.marker and any(r.marker.evaluate({"extra": e}) for e in req.extras)}
    return out


def _imported_distributions(package: Path) -> dict[str, set[str]]:
    """Each third-party module the package imports (or reaches through a fallback path, see
    INDIRECT_IMPORTS) -> the installed distributions that provide it."""
    import ast
    import importlib.metadata as md

    imported = set(INDIRECT_IMPORTS)
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    owners = md.packages_distributions()
    return {m: {_dist(d) for d in owners.get(m, [])} for m in imported
            if m not in sys.stdlib_module_names and m != package.name}


def test_dependencies_are_exactly_what_the_code_imports():
    """Each third-party module dxextract imports, or reaches through a fallback path, comes from
    a declared distribution, so a fresh install (pip 23 included) has it; and each declared
    dependency provides a module the code imports, so none is carried for nothing."""
    root = Path(__file__).parents[1]
    declared = _declared(root / "pyproject.toml")
    imported = _imported_distributions(root / "dxextract")
    brought = set().union(*declared.values())
    assert not {m for m, dists in imported.items() if not dists & brought}  # undeclared
    used = set().union(*imported.values())
    assert not {name for name, dists in declared.items() if not dists & used}  # unused


def test_plain_text_and_html_read_a_line_by_one_role_table() -> None:
    """A caption a CMS closes with ` |` is a caption in a text file and in a page alike (the two
    tables used to disagree: HTML kept it as body text)."""
    from dxextract.furniture import layout
    from dxextract.web.html import extract_blocks

    caption = "Lãnh đạo tỉnh thăm mô hình chuyển đổi số tại xã Ea Tu |"
    para = "Tỉnh Đắk Lắk đã đưa 100% dịch vụ công trực tuyến lên Cổng dịch vụ công quốc gia trong năm nay."
    plain = layout(f"Chuyển đổi số ở Đắk Lắk\n{para}\n{caption}\n{para}")
    page = f"<html><body><h1>Chuyển đổi số ở Đắk Lắk</h1><div><p>{para}</p><p>{caption}</p><p>{para}</p></div></body></html>"
    blocks, _, _ = extract_blocks(page)
    assert [b.kind for b in plain.blocks if b.text == caption] == ["caption"]
    assert [b.kind for b in blocks if b.text == caption] == ["caption"]
