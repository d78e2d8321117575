"""Sentence shapes of the fifth round of issue 12 (tuning part and the issue's shapes).

The texts are composed for these tests from common shapes of directive text (storm
dispatches, tourism and telecom notices); none is copied from the development set.
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
            "Bà con hãy thường xuyên theo dõi bản tin dự báo, chằng chống nhà cửa.",
            "Bà con",
            "Thường xuyên theo dõi bản tin dự báo",
        ),
        (
            "Người dân cần chủ động gia cố nhà cửa trước khi bão đổ bộ.",
            "Người dân",
            "Chủ động gia cố nhà cửa",
        ),
    ],
)
def test_the_public_addressed_is_a_lead(text, lead, content):
    """Guideline 22: the public named as addressee is a lead like any other."""
    task = _only(text)
    assert task.lead == lead
    assert task.content.startswith(content)


def test_a_statement_about_the_public_is_no_task():
    assert extract_tasks("Người dân trên địa bàn đã đóng góp hơn 2 tỷ đồng ủng hộ.") == []


@pytest.mark.parametrize(
    ("text", "lead", "content"),
    [
        (
            "Các đơn vị vận hành phương tiện thủy tổ chức neo đậu tàu tại nơi an toàn.",
            "Các đơn vị vận hành phương tiện thủy",
            "Tổ chức neo đậu tàu",
        ),
        (
            "Đề nghị các tổ chức, cá nhân kinh doanh dịch vụ lưu trú du lịch chủ động theo dõi "
            "diễn biến của bão.",
            "các tổ chức, cá nhân kinh doanh dịch vụ lưu trú du lịch",
            "Chủ động theo dõi",
        ),
    ],
)
def test_a_group_qualified_by_its_activity_keeps_it(text, lead, content):
    """Guideline 10: qualifiers stay, up to the predicate that opens the job."""
    task = _only(text)
    assert task.lead == lead
    assert task.content.startswith(content)


@pytest.mark.parametrize(
    ("text", "lead", "content"),
    [
        (
            "Yêu cầu các đơn vị xây dựng kế hoạch triển khai cụ thể.",
            "các đơn vị",
            "Xây dựng kế hoạch triển khai cụ thể",
        ),
        (
            "Yêu cầu các cơ quan báo chí đưa tin kịp thời về diễn biến của bão.",
            "các cơ quan báo chí",
            "Đưa tin kịp thời",
        ),
    ],
)
def test_the_job_is_not_read_as_a_qualifier(text, lead, content):
    task = _only(text)
    assert task.lead == lead
    assert task.content.startswith(content)
