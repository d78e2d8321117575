"""More shapes of real directive text (issue 12, second round), one test each.

Written after errors read on the tuning part of the development set only; the texts
are composed for the tests, not copied from the held-out documents.
"""

from __future__ import annotations

from datetime import date

import pytest

from ictgov.directives.extraction import extract_tasks, normalise_unit_name


@pytest.fixture(autouse=True)
def fresh_calendar_cache():
    """Override the project-wide fixture: these tests need neither Django nor the calendar."""
    yield


def _same(a, b):
    return normalise_unit_name(a) == normalise_unit_name(b)


def test_hard_wrapped_lines_are_read_as_one_sentence():
    text = (
        "Để hoàn thành kế hoạch năm, Chủ tịch UBND tỉnh yêu cầu các sở, ban, ngành và UBND\n"
        "các xã cần tập trung thực hiện tốt các giải pháp đã đề ra, báo cáo kết quả\n"
        "trước ngày 20/12/2026."
    )
    tasks = extract_tasks(text)
    assert len(tasks) == 1
    assert _same(tasks[0].lead, "các sở, ban, ngành và UBND các xã")
    assert tasks[0].deadline == date(2026, 12, 20)


def test_list_items_are_not_joined_to_the_line_before():
    text = (
        "UBND tỉnh yêu cầu Sở Khoa học và Công nghệ:\n"
        "a) rà soát các hệ thống thông tin;\n"
        "b) báo cáo UBND tỉnh trước ngày 10/01/2027."
    )
    tasks = extract_tasks(text)
    assert len(tasks) == 2
