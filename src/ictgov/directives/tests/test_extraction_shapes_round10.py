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


@pytest.mark.parametrize(
    ("text", "lead"),
    [
        (
            "UBND tỉnh yêu cầu Ban Chỉ huy quân sự các cấp phối hợp tuần tra biên giới.",
            "Ban Chỉ huy quân sự các cấp",
        ),
        (
            "Chủ tịch UBND tỉnh yêu cầu Ban Chỉ đạo phòng, chống dịch các cấp, các sở, ban, "
            "ngành tỉnh khẩn trương kiểm tra các chốt kiểm soát.",
            "Ban Chỉ đạo phòng, chống dịch các cấp, các sở, ban, ngành tỉnh",
        ),
        (
            "Ban Chỉ huy Phòng, chống thiên tai và Tìm kiếm cứu nạn các ngành, các cấp, các sở, "
            "ban, ngành tỉnh khẩn trương kiểm tra các hồ chứa.",
            "Ban Chỉ huy Phòng, chống thiên tai và Tìm kiếm cứu nạn các ngành, các cấp, các sở, "
            "ban, ngành tỉnh",
        ),
        (
            "UBND tỉnh yêu cầu các thành viên Ban chỉ đạo phòng, chống dịch Covid-19 các cấp; "
            "các sở, ban, ngành tỉnh thực hiện quyết liệt các biện pháp phòng dịch.",
            "các thành viên Ban chỉ đạo phòng, chống dịch Covid-19 các cấp; các sở, ban, ngành "
            "tỉnh",
        ),
    ],
)
def test_a_board_at_every_level_is_a_collective_addressee(text, lead):
    """Guideline 10: "X các cấp" ("các ngành, các cấp") is X at every level, a collective
    written whole; with the collectives after it, one lead. A code name written "Covid-19"
    ends the board's field as "COVID-19" does."""
    (task,) = extract_tasks(text)
    assert task.lead == lead


@pytest.mark.parametrize(
    "sentence",
    [
        "Bên cạnh đó, sở yêu cầu tăng cường bảo đảm an toàn phòng cháy tại các cửa hàng.",
        "Đồng thời, đề nghị trong thời gian tới cần rà soát các thiết chế văn hóa thôn.",
    ],
)
def test_a_continued_cue_without_addressee_orders_a_job_with_lead_null(sentence):
    """Guidelines 4 and 22: "Đồng thời, đề nghị …", "Bên cạnh đó, sở yêu cầu …" go on with
    the speaker of the sentence before; the job they order to no one is a task, lead null."""
    text = "Giám đốc Sở Công Thương đề nghị Phòng Kinh tế kiểm tra giá xăng dầu.\n\n" + sentence
    tasks = extract_tasks(text)
    assert [t.lead for t in tasks] == ["Phòng Kinh tế", None]
    assert tasks[1].evidence.startswith(sentence.split(",")[0])


def test_a_cue_without_addressee_and_without_any_speaker_is_still_no_task():
    text = "Đề nghị trong thời gian tới cần rà soát các thiết chế văn hóa thôn."
    assert extract_tasks(text) == []
