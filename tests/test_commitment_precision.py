"""Precision on general news: figures whose measured thing is not digital yield no commitment,
while the provincial digital figures written the same way keep theirs (issue 11 item 6).

The sentences are our own, in the style of the baomoi sample judged in bench/general_sample_judged.jsonl.
"""
from __future__ import annotations

import pytest

import dxextract as dx


def _values(text: str) -> set[str]:
    return {r["text"] for r in dx.extract(text) if r["type"] == "commitment"}


@pytest.mark.parametrize("text", [
    # a firm's own customers or users
    "Thương mại điện tử\nĐại diện hãng cho biết kho ứng dụng trực tuyến đã phục vụ hơn 3 tỷ người dùng của Google mỗi tháng.",
    "Chuyển đổi số và giải trí\nDịch vụ xem phim trực tuyến đã có 150 triệu thuê bao trả phí của hãng Netflix.",
    "Mạng xã hội\nTrong quý vừa qua, ứng dụng nhắn tin đã đạt 900 triệu tài khoản của Facebook trên điện thoại thông minh.",
    # a product's model number
    "Chuyển đổi số và thiết bị\nWindows 11 sắp có bản cập nhật mới để người dùng làm việc trên máy tính và điện thoại thông minh.",
    # what an online poll thinks of a thing that is not digital; a speed compared
    "Kết quả lấy ý kiến trực tuyến trên cổng thông tin điện tử của thành phố cho thấy đã có 64% (5.120) ý kiến cho rằng nên giữ nguyên giờ hoạt động của chợ đêm.",
    "Chuyển đổi số ngành giao thông\nKhảo sát cho thấy xe buýt có ứng dụng định vị chạy nhanh hơn 20% so với trước.",
    # a study of addiction to phones
    "Theo một khảo sát về chứng nghiện điện thoại ở học sinh, 47% cho biết sẽ không chịu được nếu không dùng mạng xã hội một ngày.",
    # a year left as a bare number
    "Chuyển đổi số ngành ngân hàng\nVí điện tử của ngân hàng ra mắt năm 2022 tại thành phố, 2024 mở rộng ra toàn quốc với thanh toán trực tuyến.",
])
def test_commercial_figures_models_and_years_are_not_commitments(text: str) -> None:
    assert _values(text) == set()


@pytest.mark.parametrize(("text", "value"), [
    ("Năm 2024, ứng dụng công dân số của tỉnh đã có 1,2 triệu người dùng của 9 huyện, thị xã.", "1,2 triệu"),
    ("Đến nay, tỉnh đã có 2.024 doanh nghiệp sử dụng hóa đơn điện tử.", "2.024"),
    ("Tỉnh phấn đấu đến năm 2025 có 1.500 trạm phát sóng 5G phủ sóng các khu công nghiệp.", "1.500"),
    ("Năm 2024, tỷ lệ thanh toán không dùng tiền mặt tại các bệnh viện của tỉnh đạt 65%.", "65%"),
    ("Hiện toàn tỉnh có 850.000 người dân đã kích hoạt tài khoản VNeID mức độ 2.", "850.000"),
    ("Năm 2023, tỉnh xếp thứ 12/63 về Chỉ số chuyển đổi số DTI, tăng 5 bậc.", "12/63"),
    ("Đến hết năm 2024, kinh tế số chiếm 15% GRDP của tỉnh.", "15%"),
    ("Năm 2024, 75% học sinh của tỉnh đã được học kỹ năng sử dụng mạng xã hội an toàn.", "75%"),
    ("Năm 2024, 82% ý kiến đồng ý rằng dịch vụ công trực tuyến của tỉnh giúp tiết kiệm thời gian.", "82%"),
])
def test_provincial_digital_figures_keep_their_commitment(text: str, value: str) -> None:
    assert value in _values(text)
