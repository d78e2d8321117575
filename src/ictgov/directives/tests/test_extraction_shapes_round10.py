"""Sentence shapes of the tenth round of issue 12 (tuning part only).

The texts are composed for these tests from common shapes of directive text; none is
copied from the development set.
"""

from __future__ import annotations

import pytest

from ictgov.directives.extraction import extract_tasks

from .shapes import fresh_calendar_cache  # noqa: F401


@pytest.mark.parametrize(
    "heading",
    [
        "Các sở, ban, ngành tỉnh tập trung thực hiện một số công việc sau:",
        "Chủ tịch UBND tỉnh yêu cầu UBND các huyện thực hiện ngay một số nội dung:",
        "Bộ Y tế đề nghị Sở Y tế các tỉnh tham gia đề án thực hiện tốt một số việc sau:",
        "Thủ tướng yêu cầu UBND các tỉnh ven biển tập trung bảo đảm an toàn trên biển:",
    ],
)
def test_a_heading_whose_items_are_tasks_is_no_task_of_its_own(heading):
    """Guideline 9: a heading that ends its line with ":" gives one task per item below it,
    with its addressee; the heading itself, whatever job it names, is not one more task."""
    tasks = extract_tasks(
        heading + "\n- Rà soát các hồ chứa, đê điều xung yếu.\n- Kiểm tra các chốt ứng trực."
    )
    assert [t.content for t in tasks] == [
        "Rà soát các hồ chứa, đê điều xung yếu",
        "Kiểm tra các chốt ứng trực",
    ]
    assert tasks[0].lead and tasks[0].lead == tasks[1].lead


def test_a_heading_with_a_job_and_no_item_after_it_is_still_a_task():
    """The excerpt stops after the heading: its job is the only task there is."""
    (task,) = extract_tasks(
        "UBND tỉnh yêu cầu Sở Xây dựng khẩn trương kiểm tra các công trình xuống cấp:"
    )
    assert task.lead == "Sở Xây dựng"


def test_a_heading_is_kept_when_the_lines_below_name_other_addressees():
    tasks = extract_tasks(
        "UBND tỉnh yêu cầu Sở Xây dựng khẩn trương kiểm tra các công trình xuống cấp:\n"
        "Sở Tài chính bố trí kinh phí sửa chữa các công trình."
    )
    assert [t.lead for t in tasks] == ["Sở Xây dựng", "Sở Tài chính"]
