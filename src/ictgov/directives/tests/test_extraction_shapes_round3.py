"""Unit names and addressee lists of unseen publishers (issue 12, third round).

The texts are composed for these tests from common shapes of directive text (flood and
storm dispatches, conclusion notices); none is copied from the development set's test part.
"""

from __future__ import annotations

import pytest

from ictgov.directives.extraction import extract_tasks

HEADING = "Chủ tịch UBND tỉnh kết luận và chỉ đạo như sau:\n"


@pytest.fixture(autouse=True)
def fresh_calendar_cache():
    """Override the project-wide fixture: these tests need neither Django nor the calendar."""
    yield


def _only(text):
    tasks = extract_tasks(HEADING + text)
    assert len(tasks) == 1, [(t.lead, t.content) for t in tasks]
    return tasks[0]


@pytest.mark.parametrize(
    ("text", "lead", "content"),
    [
        (
            "Trường Cao đẳng Y tế tỉnh phối hợp tổ chức tập huấn cho nhân viên y tế thôn bản.",
            "Trường Cao đẳng Y tế tỉnh",
            "Phối hợp tổ chức tập huấn",
        ),
        (
            "Bảo hiểm xã hội tỉnh chủ trì rà soát đối tượng tham gia bảo hiểm y tế.",
            "Bảo hiểm xã hội tỉnh",
            "Rà soát đối tượng",
        ),
        (
            "Cục Chuyển đổi số quốc gia chủ trì xây dựng khung kiến trúc.",
            "Cục Chuyển đổi số quốc gia",
            "Xây dựng khung kiến trúc",
        ),
        (
            "Ban Quản lý các khu công nghiệp tỉnh chủ trì hướng dẫn doanh nghiệp lập hồ sơ.",
            "Ban Quản lý các khu công nghiệp tỉnh",
            "Hướng dẫn doanh nghiệp",
        ),
        (
            "Các doanh nghiệp bưu chính, viễn thông trên địa bàn tỉnh bảo đảm thông tin liên lạc.",
            "Các doanh nghiệp bưu chính, viễn thông trên địa bàn tỉnh",
            "Bảo đảm thông tin liên lạc",
        ),
        (
            "Chủ tịch UBND các xã, phường, đặc khu chịu trách nhiệm kiểm tra các điểm sạt lở.",
            "UBND các xã, phường, đặc khu",
            "Kiểm tra các điểm sạt lở",
        ),
    ],
)
def test_unit_name_is_read_whole(text, lead, content):
    task = _only(text)
    assert task.lead == lead
    assert task.content.startswith(content)


def test_addressees_listed_with_semicolons_are_one_lead():
    task = _only(
        "Các sở, ban, ngành tỉnh; UBND các xã, phường; các doanh nghiệp nhà nước thực hiện "
        "nghiêm chế độ báo cáo."
    )
    assert task.lead == "Các sở, ban, ngành tỉnh; UBND các xã, phường; các doanh nghiệp nhà nước"
    assert task.content.startswith("Thực hiện nghiêm chế độ báo cáo")


def test_semicolon_items_of_one_addressee_stay_separate_tasks():
    tasks = extract_tasks(
        "UBND tỉnh yêu cầu Sở Y tế kiểm tra các cơ sở khám bệnh; tổ chức tập huấn cho nhân "
        "viên y tế thôn bản."
    )
    assert [t.lead for t in tasks] == ["Sở Y tế", "Sở Y tế"]
