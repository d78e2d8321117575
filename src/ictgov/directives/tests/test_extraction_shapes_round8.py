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


def test_items_announced_by_a_heading_go_on_across_blank_lines():
    """Guideline 9: "… thực hiện các nội dung sau đây:" governs the paragraphs after it, even
    when the copy separates them by blank lines."""
    tasks = extract_tasks(
        "UBND tỉnh yêu cầu các sở, ngành và UBND các huyện thực hiện các nội dung sau đây:\n\n"
        "Rà soát các thiết chế văn hóa, thể thao cơ sở trên địa bàn.\n\n"
        "Xây dựng kế hoạch nâng cao hiệu quả hoạt động của các thiết chế."
    )
    assert [t.content.split()[0] for t in tasks] == ["Rà", "Xây"]
    assert {t.lead for t in tasks} == {"các sở, ngành và UBND các huyện"}


def test_a_heading_that_announces_nothing_does_not_reach_past_a_blank_line():
    tasks = extract_tasks(
        "UBND tỉnh yêu cầu Sở Y tế:\n\nRà soát các cơ sở khám chữa bệnh.\n\n"
        "Năm 2024, toàn tỉnh có 120 cơ sở khám chữa bệnh tư nhân."
    )
    assert all("Năm 2024" not in t.evidence for t in tasks)


@pytest.mark.parametrize(
    ("text", "first_due", "second_lead", "second_due"),
    [
        (
            "Đề nghị các cơ quan, đơn vị khẩn trương lập hồ sơ gửi về Phòng Văn hóa và Thông tin "
            "để tổng hợp, báo cáo UBND huyện trước ngày 15/9/2019.",
            None,
            "Phòng Văn hóa và Thông tin",
            date(2019, 9, 15),
        ),
        (
            "UBND tỉnh yêu cầu các sở, ngành thực hiện các nội dung sau đây:\n\nĐánh giá kết quả "
            "một năm thực hiện Kế hoạch; báo cáo gửi về UBND tỉnh trước ngày 30/4/2019 (qua Sở "
            "Văn hóa và Thể thao) để tổng hợp, báo cáo UBND tỉnh trước ngày 05/5/2019.",
            date(2019, 4, 30),
            "Sở Văn hóa và Thể thao",
            date(2019, 5, 5),
        ),
    ],
)
def test_the_unit_work_is_sent_to_has_its_own_dated_task(text, first_due, second_lead, second_due):
    """Guideline 21: "… gửi về X (qua Y) để tổng hợp, báo cáo … trước ngày D" gives the unit
    the work goes through its own task, dated D; the first task keeps its own deadline."""
    first, second = extract_tasks(text)
    assert first.deadline == first_due
    assert second.lead == second_lead
    assert second.deadline == second_due


def test_a_purpose_without_its_own_date_is_part_of_the_task():
    """ "… gửi về Cục trước ngày 10-12 để tổng hợp, báo cáo Bộ trưởng": no second task."""
    tasks = extract_tasks(
        "Cục đề nghị các Sở xây dựng đề án, gửi về Cục trước ngày 10/12/2024 để tổng hợp, báo "
        "cáo Bộ trưởng."
    )
    assert len(tasks) == 1
    assert tasks[0].deadline == date(2024, 12, 10)
