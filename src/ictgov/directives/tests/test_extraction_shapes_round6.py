"""Sentence shapes of the sixth round of issue 12 (tuning part of the round-6 documents).

The texts are composed for these tests from common shapes of directive text (dispatches,
letters of a ministry, news of meetings); none is copied from the development set.
"""

from __future__ import annotations

from datetime import date

import pytest

from ictgov.directives.extraction import extract_tasks

from .shapes import fresh_calendar_cache, same  # noqa: F401 - the fixture


def test_an_order_to_stop_under_a_heading_without_addressee_has_no_lead():
    """Guideline 22: "X yêu cầu: Tạm dừng …" is a task whose lead is null."""
    tasks = extract_tasks(
        "Ban Chỉ huy yêu cầu: Tạm dừng mọi hoạt động khai thác cát trên sông cho đến khi "
        "có thông báo mới."
    )
    assert [(t.lead, t.content[:9]) for t in tasks] == [(None, "Tạm dừng ")]


@pytest.mark.parametrize(
    "text",
    [
        "Đồng chí Trần Văn B, Chủ tịch UBND xã chủ trì cuộc họp.",
        "Sở Tài chính chủ trì hội nghị.",
        "Đồng chí Phó Chủ tịch UBND huyện chủ trì buổi làm việc.",
    ],
)
def test_who_chairs_the_meeting_is_no_task(text):
    assert extract_tasks(text) == []


def test_chairing_a_meeting_still_to_be_held_is_a_task():
    (task,) = extract_tasks(
        "Sở Tài chính chủ trì hội nghị tổng kết công tác quyết toán trước ngày 20/12/2026."
    )
    assert task.lead == "Sở Tài chính"
    assert task.deadline == date(2026, 12, 20)


@pytest.mark.parametrize(
    ("text", "lead"),
    [
        (
            "Đề nghị các cấp ủy, tổ chức đảng; các cơ quan, đơn vị chủ động phối hợp rà soát "
            "bộ máy.",
            "các cấp ủy, tổ chức đảng; các cơ quan, đơn vị",
        ),
        (
            "Bộ trưởng yêu cầu các Cục, Vụ, đơn vị trực thuộc Bộ rà soát các thủ tục hành chính.",
            "các Cục, Vụ, đơn vị trực thuộc Bộ",
        ),
        (
            "Tổng cục yêu cầu lực lượng quản lý thị trường tăng cường kiểm tra các cửa hàng.",
            "lực lượng quản lý thị trường",
        ),
    ],
)
def test_collective_addressees_are_one_lead(text, lead):
    """Guideline 10: party bodies, a ministry's departments, a market-control force."""
    (task,) = extract_tasks(text)
    assert same(task.lead, lead)


@pytest.mark.parametrize("comma", ["", ","])
def test_a_letter_sent_to_a_unit_asks_that_unit(comma):
    """ "… vừa có văn bản gửi X(,) đề nghị <job>": X's task; the job starts after the cue."""
    (task,) = extract_tasks(
        f"Bộ Xây dựng vừa có văn bản gửi Sở Xây dựng các tỉnh{comma} đề nghị rà soát quy "
        "hoạch chung cư cũ."
    )
    assert task.lead == "Sở Xây dựng các tỉnh"
    assert task.content.startswith("Rà soát quy hoạch")


def test_soon_as_the_aim_of_a_passive_purpose_clause_is_no_deadline():
    (task,) = extract_tasks(
        "Các chủ đầu tư cần phối hợp tháo gỡ vướng mắc để công trình được bàn giao sớm."
    )
    assert task.deadline_text is None


def test_soon_before_the_job_of_a_purpose_clause_stays_the_deadline():
    (task,) = extract_tasks("Giao Sở Nội vụ làm việc với Bộ Nội vụ để sớm bổ sung biên chế.")
    assert task.deadline_text == "sớm"


def test_a_sentence_that_only_says_by_when_dates_the_task_before_it():
    """Guideline 21: "Các đơn vị thực hiện trước ngày …" is no task of its own."""
    tasks = extract_tasks(
        "Đề nghị các trường rà soát danh sách học sinh thuộc hộ nghèo.\n"
        "Các đơn vị thực hiện trước ngày 15/9/2026."
    )
    assert [(t.lead, t.deadline) for t in tasks] == [("các trường", date(2026, 9, 15))]


def test_the_paragraph_after_a_directive_is_read_in_its_context():
    tasks = extract_tasks(
        "Chủ tịch UBND tỉnh giao UBND các xã kiểm tra các điểm sạt lở.\n"
        "Sở Xây dựng đôn đốc, hướng dẫn các xã thực hiện."
    )
    assert [t.lead for t in tasks] == ["UBND các xã", "Sở Xây dựng"]
    assert extract_tasks("Sở Xây dựng đôn đốc, hướng dẫn các xã thực hiện.") == []


def test_an_opinion_heading_after_a_clause_is_only_a_heading():
    """ "Sau khi xem xét, Chủ tịch UBND tỉnh có ý kiến:": the speaker, no task of its own."""
    tasks = extract_tasks(
        "Sau khi xem xét, Chủ tịch UBND tỉnh có ý kiến:\n"
        "1. Ban Quản lý dự án khẩn trương hoàn thiện hồ sơ điều chỉnh dự án."
    )
    assert [t.lead for t in tasks] == ["Ban Quản lý dự án"]


def test_the_subject_of_a_letter_is_no_job():
    """ "… gửi X về việc hướng dẫn …" reports a letter; what follows "về việc" is its subject."""
    assert (
        extract_tasks(
            "Bộ trưởng vừa ký công văn gửi UBND các tỉnh, thành phố về việc hướng dẫn sắp xếp "
            "cơ sở y tế, thực hiện mô hình chính quyền hai cấp."
        )
        == []
    )


def test_items_announced_by_the_directive_verb_inherit_no_addressee():
    tasks = extract_tasks(
        "Để chấn chỉnh tình trạng khai thác đất trái phép, UBND huyện chỉ đạo một số nội dung "
        "sau:\n\n1. Tạm thời ngừng việc cấp phép khai thác đất trên địa bàn huyện.\n\n"
        "2. Phòng Tài nguyên và Môi trường huyện tăng cường kiểm tra."
    )
    assert [t.lead for t in tasks] == [None, "Phòng Tài nguyên và Môi trường huyện"]
    assert tasks[0].content.startswith("Tạm thời ngừng")


def test_shops_of_the_businesses_addressed_keep_their_trade_and_owner():
    tasks = extract_tasks(
        "Sở Công Thương đề nghị các doanh nghiệp kinh doanh xăng dầu bảo đảm nguồn cung.\n"
        "Các cửa hàng bán lẻ xăng dầu của doanh nghiệp niêm yết giá và bán đúng giá niêm yết."
    )
    assert [t.lead for t in tasks] == [
        "các doanh nghiệp kinh doanh xăng dầu",
        "Các cửa hàng bán lẻ xăng dầu của doanh nghiệp",
    ]
    assert tasks[1].content.startswith("Niêm yết giá")


def test_while_joins_the_jobs_of_two_units():
    """ "X …, trong khi Y chủ trì …": two subjects, two tasks."""
    tasks = extract_tasks(
        "UBND tỉnh yêu cầu các sở rà soát quy trình công việc. Công an tỉnh bảo đảm an toàn "
        "thông tin cho các hệ thống, trong khi Sở Khoa học và Công nghệ chủ trì thúc đẩy hợp "
        "tác nghiên cứu."
    )
    assert [t.lead for t in tasks] == ["các sở", "Công an tỉnh", "Sở Khoa học và Công nghệ"]
    assert tasks[2].content.startswith("Thúc đẩy hợp tác")


def test_an_execution_clause_cut_by_the_excerpt_is_no_task():
    """Guideline 13, also when the copy stops inside "thi hành Quyết định này"."""
    text = (
        "Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc Sở Tài chính và Chủ tịch UBND các huyện "
        "chịu trách nhiệm thi hành Quyế"
    )
    assert extract_tasks(text) == []


def test_the_heading_of_a_sub_list_is_no_task():
    """ "1. Tổ chức bộ máy:" heads the items after it; they are the jobs."""
    tasks = extract_tasks(
        "UBND tỉnh giao Sở Nội vụ:\n1. Tổ chức bộ máy:\n"
        "a) Rà soát vị trí việc làm của các phòng chuyên môn.\n"
        "b) Đề xuất phương án sắp xếp các đơn vị sự nghiệp."
    )
    assert [(t.lead, t.content[:7]) for t in tasks] == [
        ("Sở Nội vụ", "Rà soát"),
        ("Sở Nội vụ", "Đề xuất"),
    ]
