"""Ranking tables flattened one cell a line: put back into rows, their cells' roles and bodies read."""
from dxextract import ranking_tables
from dxextract.furniture import layout

FLAT = ["Xếp hạng chuyển đổi số các sở, ngành năm 2023", "Thứ hạng", "Đơn vị", "Điểm",
        "1", "Sở Nội vụ", "912,5", "2", "Sở Tư pháp", "897,0", "3", "Sở Xây dựng", "880,4", "4", "Sở Y t"]


def test_rows_are_put_back_under_their_head_and_a_cut_row_stays_apart():
    got = ranking_tables.regroup(FLAT)
    assert got == ["Xếp hạng chuyển đổi số các sở, ngành năm 2023", "Thứ hạng | Đơn vị | Điểm",
                   "1 | Sở Nội vụ | 912,5", "2 | Sở Tư pháp | 897,0", "3 | Sở Xây dựng | 880,4", "4", "Sở Y t"]


def test_fewer_than_three_rows_or_a_list_of_figures_is_no_table():
    assert ranking_tables.regroup(FLAT[:10]) == FLAT[:10]  # two rows
    steps = ["1", "2", "3", "4", "5", "6", "7", "8", "9"]  # a page's pager
    assert ranking_tables.regroup(steps) == steps


def test_cells_say_place_points_and_body_and_a_serial_number_is_none():
    text = "\n".join(ranking_tables.regroup(FLAT))
    row = text.index("2 | Sở Tư pháp")
    assert ranking_tables.cell_role(text, row) == "rank"
    assert ranking_tables.cell_role(text, text.index("897,0")) == "score"
    (start, end), column = ranking_tables.row_label(text, text.index("897,0"))
    assert text[start:end] == "Sở Tư pháp" and column is None
    serial = "\n".join(ranking_tables.regroup(["TT", "Đơn vị", "Số hồ sơ", "1", "Sở A", "120", "2", "Sở B", "90",
                                               "3", "Sở C", "80"]))
    assert ranking_tables.cell_role(serial, serial.index("2 | Sở B")) is None
    assert ranking_tables.cell_role(serial, serial.index("90")) is None


def test_a_place_with_its_value_in_brackets_is_both():
    text = "\n".join(ranking_tables.regroup(["1. Xếp hạng mức độ ứng dụng CNTT của các tỉnh năm 2017", "TT", "Tỉnh",
                                              "Năm 2017", "1", "Lâm Đồng", "01 (0,727)", "2", "Quảng Ninh", "02 (0,716)",
                                              "3", "Hà Tĩnh", "03 (0,701)"]))
    cell = text.index("02 (0,716)")
    assert ranking_tables.cell_role(text, cell) == "rank"
    assert ranking_tables.cell_role(text, cell + len("02 (")) == "score"


def test_the_table_is_kept_in_the_body_not_dropped_as_a_links_box():
    text = "Kết quả chuyển đổi số năm 2023\n\nUBND tỉnh công bố kết quả đánh giá năm 2023.\n\n" + "\n\n".join(FLAT)
    body = "\n".join(b.text for b in layout(text).blocks)
    assert "2 | Sở Tư pháp | 897,0" in body


def test_a_table_whose_cells_a_lone_pipe_parts_names_each_value_by_its_column() -> None:
    import dxextract as dx

    rows = [("1", "Bộ Xây dựng", "60,10", "27,50", "87,60"), ("2", "Bộ Công Thương", "59,80", "26,90", "86,70"),
            ("3", "Bộ Y tế", "58,40", "26,10", "84,50")]
    cells = ["Xếp hạng", "Bộ, ngành", "Điểm", "thẩm định", "Điểm khảo sát", "Tổng điểm"]
    cells += [c for row in rows for c in row]
    text = ("PAR Index 2024 của các bộ\nBộ Nội vụ vừa đưa ra bảng PAR Index 2024 của các bộ.\n"
            "Theo báo cáo, phần lớn các bộ đạt trên 80%, nhờ đẩy mạnh số hóa hồ sơ và dịch vụ công trực tuyến.\n"
            "Bảng 2. PAR Index 2024 theo từng bộ.\n" + "\n|\n".join(cells)
            + "\n\nBộ Nội vụ đề nghị các bộ khắc phục những hạn chế đã chỉ ra trong năm tới.\n")
    got = {(r["value"], r["unit"], r["indicator"]) for r in dx.extract(text, published="2025-05-01") if r["type"] == "commitment"}
    assert (2.0, "rank", "Chỉ số cải cách hành chính (PAR INDEX) – Bộ Công Thương") in got
    assert (59.8, "score", "Chỉ số cải cách hành chính (PAR INDEX) – Điểm thẩm định – Bộ Công Thương") in got
    assert (84.5, "score", "Chỉ số cải cách hành chính (PAR INDEX) – Tổng điểm – Bộ Y tế") in got


def test_a_value_a_row_prints_twice_is_one_figure_of_the_later_column() -> None:
    import dxextract as dx

    rows = [("1", "Bộ Tư pháp", "62,40", "27,30", "89,70", "89,70"), ("2", "Bộ Công Thương", "61,20", "26,90", "88,10", "88,10"),
            ("3", "Bộ Y tế", "60,30", "26,10", "86,40", "86,40")]
    cells = ["Xếp hạng", "Bộ, ngành", "Điểm thẩm định", "Điểm khảo sát", "Tổng điểm", "Chỉ số CCHC"]
    cells += [c for row in rows for c in row]
    text = ("Các bộ xếp hạng cải cách hành chính 2024\nBộ Nội vụ vừa đưa ra PAR Index 2024 của 17 bộ.\n"
            "Bảng xếp hạng PAR Index 2024 các bộ.\n" + "\n|\n".join(cells) + "\n\nCác bộ cần khắc phục hạn chế.\n")
    records = dx.extract(text, published="2025-05-01")
    got = [(r["value"], r["indicator"]) for r in records if r["type"] == "commitment" and r["value"] == 88.1]
    assert got == [(88.1, "Chỉ số cải cách hành chính (PAR INDEX) – Chỉ số CCHC – Bộ Công Thương")]
    assert [r["value"] for r in records if r["type"] == "number"].count(86.4) == 1


PLACES = ["Bắc Ninh", "TP. Hải Phòng", "Quảng Ninh", "Thái Bình", "Nam Định", "Ninh Bình"]


def test_a_ranking_printed_a_row_a_line_with_spaces_gets_its_cells_and_each_place_its_rank() -> None:
    import dxextract as dx

    lines = ["Chuyển đổi số các tỉnh Đồng bằng sông Hồng năm 2023", "XẾP HẠNG", "DTI"]
    lines += [f"{place} {name}" for place, name in zip([1, 2, 2, 4, 5, 6], PLACES)]  # (a tie: 2, 2, then 4)
    assert ranking_tables.regroup(lines)[1:4] == ["XẾP HẠNG | DTI", "1 | Bắc Ninh", "2 | TP. Hải Phòng"]
    text = "\n".join(lines) + "\n\nCác tỉnh cần tiếp tục cải thiện chỉ số chuyển đổi số.\n"
    got = {(r["province"], r["value"]) for r in dx.extract(text, published="2024-05-01")
           if r["type"] == "commitment" and r["unit"] == "rank"}
    assert {("Hải Phòng", 2.0), ("Quảng Ninh", 2.0), ("Thái Bình", 4.0), ("Ninh Bình", 6.0)} <= got


def test_a_numbered_list_that_is_no_ranking_stays_as_it_is() -> None:
    lines = ["Các xã được chọn", *(f"{n} {name}" for n, name in zip([1, 2, 3, 5, 6, 7], PLACES))]  # (a skip with no tie)
    assert ranking_tables.regroup(lines) == lines
    assert ranking_tables.regroup(lines[:5]) == lines[:5]  # (fewer than five rows)
