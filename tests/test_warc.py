"""WARC round trip: what the fetcher writes reads back as Articles (HTML responses only), with the
readers' one error convention: a bad record is a Failure named `file.warc.gz#<URL>`."""
from __future__ import annotations

from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from dxextract.readers import Failure, iter_file
from dxextract.web import html
from dxextract.web.warc import WarcArchive, charset_of, iter_responses

DATA = Path(__file__).parent / "data" / "web"


def write_sample(folder: Path) -> Path:
    with WarcArchive(folder, "dxextract-test") as archive:
        archive.write_response("https://baodaklak.vn/robots.txt", 200, "OK", [("Content-Type", "text/plain")], b"User-agent: *\n")
        archive.write_response("https://baodaklak.vn/tinh.html", 200, "OK",
                               [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip")],
                               (DATA / "tinh.html").read_bytes())
        archive.write_response("https://gialai.gov.vn/cp1258.html", 200, "OK",
                               [("Content-Type", "text/html; charset=windows-1258")], (DATA / "cp1258.html").read_bytes())
        archive.write_response("https://baodaklak.vn/mat.html", 404, "Not Found", [("Content-Type", "text/html")], b"<p>404</p>")
        archive.write_response("https://baodaklak.vn/rong.html", 200, "OK", [("Content-Type", "text/html")], b"\x00\x01\x02" * 50)
    return archive.path


def test_round_trip(tmp_path):
    path = write_sample(tmp_path)
    assert path.name.startswith("dx-") and path.name.endswith(".warc.gz")
    assert [u for u, *_ in iter_responses(path)][:2] == ["https://baodaklak.vn/robots.txt", "https://baodaklak.vn/tinh.html"]
    items = list(iter_file(path))
    articles = [i for i in items if not isinstance(i, Failure)]
    errors = [i for i in items if isinstance(i, Failure)]
    assert [a.url for a in articles] == ["https://baodaklak.vn/tinh.html", "https://gialai.gov.vn/cp1258.html"]
    assert [a.source for a in articles] == [a.url for a in articles]
    assert [a.where for a in articles] == [f"{path}#{a.url}" for a in articles]
    tinh, legacy = articles
    assert tinh.outlet == "Báo Đắk Lắk điện tử"
    assert "Hạ tầng số phủ khắp các xã" in tinh.body
    assert legacy.title == "Gia Lai ứng dụng chữ ký số trong quản lý văn bản điều hành"
    assert [e.source for e in errors] == [f"{path}#https://baodaklak.vn/rong.html"]  # binary body: a failure, not a crash


def test_stored_body_is_raw_bytes(tmp_path):
    """The legacy page is kept byte for byte (Windows-1258), without the hop-by-hop headers."""
    path = write_sample(tmp_path)
    raw = {u: (ctype, body) for u, status, ctype, body in iter_responses(path)}
    assert raw["https://gialai.gov.vn/cp1258.html"][1] == (DATA / "cp1258.html").read_bytes()
    assert charset_of(raw["https://gialai.gov.vn/cp1258.html"][0]) == "windows-1258"


def test_readers_dispatch_and_bad_archive(tmp_path):
    path = write_sample(tmp_path)
    items = list(iter_file(path))
    assert sum(not isinstance(i, Failure) for i in items) == 2
    garbage = tmp_path / "garbage.warc"
    garbage.write_bytes(b"<html>tin tuc</html>\r\n\r\n")
    errors = list(iter_file(garbage))
    assert len(errors) == 1 and errors[0].source == str(garbage) and errors[0].reason.startswith("unreadable WARC")
    truncated = tmp_path / "truncated.warc.gz"
    truncated.write_bytes(path.read_bytes()[:-100])  # cut inside the last record
    items = list(iter_file(truncated))  # never raises; what was readable first still comes out
    assert items[0].url == "https://baodaklak.vn/tinh.html"


def test_a_truncated_archive_keeps_its_whole_records_and_reports_the_cut(tmp_path):
    path = write_sample(tmp_path)
    with path.open("rb") as f:  # where the record after tinh.html starts
        records = ArchiveIterator(f)
        starts = {r.rec_headers.get_header("WARC-Target-URI"): records.get_record_offset() for r in records}
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(path.read_bytes()[: starts["https://gialai.gov.vn/cp1258.html"] + 200])  # an interrupted download
    items = list(iter_file(cut))
    articles = [i for i in items if not isinstance(i, Failure)]
    errors = [i for i in items if isinstance(i, Failure)]
    assert [a.url for a in articles] == ["https://baodaklak.vn/tinh.html"]
    assert [e.source for e in errors] == [str(cut)] and "truncated" in errors[0].reason


def test_an_unexpected_error_in_one_record_loses_no_other_record(tmp_path, monkeypatch):
    """Whatever one record raises (here a bug injected into the HTML reader for one page) is that
    record's Failure; the records after it are still read."""
    path = write_sample(tmp_path)
    read_html = html.read_html

    def read_html_with_a_bug(data, **kw):
        if kw.get("url") == "https://baodaklak.vn/tinh.html":
            raise RuntimeError("injected bug")
        return read_html(data, **kw)

    monkeypatch.setattr(html, "read_html", read_html_with_a_bug)
    items = list(iter_file(path))
    assert [i.url for i in items if not isinstance(i, Failure)] == ["https://gialai.gov.vn/cp1258.html"]
    failures = [i for i in items if isinstance(i, Failure)]
    assert failures[0] == Failure(f"{path}#https://baodaklak.vn/tinh.html", "bad record: RuntimeError: injected bug")
    assert [f.source for f in failures[1:]] == [f"{path}#https://baodaklak.vn/rong.html"]
