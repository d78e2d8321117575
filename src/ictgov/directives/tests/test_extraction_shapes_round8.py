"""Sentence shapes of the eighth round of issue 12 (tuning part only).

The texts are composed for these tests from common shapes of directive text; none is
copied from the development set.
"""

from __future__ import annotations

from datetime import date

import pytest

from ictgov.directives.extraction import extract_tasks

from .shapes import fresh_calendar_cache  # noqa: F401


def test_a_news_lead_whose_addressee_is_not_read_is_dropped_when_its_detail_follows():
    """Guideline 16: "… vừa gửi công văn cho X, yêu cầu … . Theo đó, giao X …" — the lead
    announces the directive the next sentence details, whether or not its addressee was read."""
    tasks = extract_tasks(
        "(TTXVN) - Tin từ Sở Nông nghiệp ngày 5-3 cho biết UBND tỉnh vừa gửi công văn cho "
        "Sở Nông nghiệp, yêu cầu tăng cường phòng chống dịch cúm gia cầm trên địa bàn.\n\n"
        "Theo đó, giao Sở Nông nghiệp phối hợp với các địa phương khẩn trương tiêm phòng "
        "cho đàn gia cầm."
    )
    assert [t.lead for t in tasks] == ["Sở Nông nghiệp"]
    assert tasks[0].evidence.startswith("Theo đó")


def test_a_news_lead_with_no_detail_after_it_is_still_a_task():
    tasks = extract_tasks(
        "UBND tỉnh vừa gửi công văn cho Sở Nông nghiệp, yêu cầu tăng cường phòng chống dịch "
        "cúm gia cầm trên địa bàn."
    )
    assert len(tasks) == 1


@pytest.mark.parametrize(
    "text",
    [
        "Bộ Công an tiếp tục bảo đảm an ninh, trật tự, an toàn xã hội trong dịp Tết.",
        "UBND tỉnh yêu cầu Sở Y tế bố trí đủ nhân lực trực cấp cứu dịp Tết Nguyên đán.",
        "Các doanh nghiệp viễn thông bảo đảm thông tin liên lạc thông suốt dịp lễ 30/4.",
    ],
)
def test_an_occasion_is_not_a_deadline(text):
    """Guideline 12: "dịp Tết", "dịp lễ" is when a duty holds, not when it is due."""
    (task,) = extract_tasks(text, reference_date=date(2026, 1, 10))
    assert task.deadline is None
    assert task.deadline_text is None


@pytest.mark.parametrize(
    ("text", "due", "phrase"),
    [
        (
            "UBND tỉnh yêu cầu UBND huyện đôn đốc các chủ đầu tư nâng tỷ lệ giải ngân vốn "
            "đầu tư công trong năm.",
            None,
            None,
        ),
        (
            "Sở Tài chính hoàn thành việc rà soát trong năm nay.",
            date(2026, 12, 31),
            "trong năm nay",
        ),
        (
            "Sở Tài chính hoàn thành việc rà soát trong năm tới.",
            date(2027, 12, 31),
            "trong năm tới",
        ),
        ("Sở Tài chính hoàn thành việc rà soát trước cuối năm.", date(2026, 12, 31), "cuối năm"),
    ],
)
def test_a_bare_trong_nam_is_not_a_deadline(text, due, phrase):
    """Guideline 12: "trong năm" alone is the time of the work; "trong năm nay", "trong năm
    tới", "cuối năm" still give the end of a year."""
    (task,) = extract_tasks(text, reference_date=date(2026, 3, 2))
    assert task.deadline == due
    assert (task.deadline_text or None) == phrase or (phrase and phrase in task.deadline_text)


@pytest.mark.parametrize(
    ("text", "lead"),
    [
        (
            "UBND xã yêu cầu các ông xóm trưởng thực hiện một số nội dung sau:\n\n"
            "1. Rà soát các hộ dân từ vùng có dịch trở về.\n\n"
            "2. Thông báo trên loa truyền thanh của xóm.",
            "các ông xóm trưởng",
        ),
        ("UBND xã yêu cầu các trưởng thôn khẩn trương rà soát các hộ ven sông.", "các trưởng thôn"),
        (
            "Chủ tịch UBND phường đề nghị các tổ trưởng tổ dân phố thông báo lịch tiêm cho "
            "người dân.",
            "các tổ trưởng tổ dân phố",
        ),
    ],
)
def test_heads_of_villages_are_one_collective_lead(text, lead):
    """Guideline 10: a commune's letter to "các ông xóm trưởng", "các trưởng thôn" addresses
    them as one collective, written whole (not "các xóm", not "các trưởng")."""
    tasks = extract_tasks(text)
    assert tasks
    assert {t.lead for t in tasks} == {lead}


def test_a_village_head_in_an_attendance_list_is_no_task():
    assert (
        extract_tasks("Tham dự cuộc họp có các ban, ngành đoàn thể xã, các ông bà trưởng thôn.")
        == []
    )
