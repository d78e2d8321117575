"""Sentence shapes of the eleventh round of issue 12 (guidelines 23 and 25, tuning part only).

The texts are composed for these tests from common shapes of directive text; none is
copied from the development set.
"""

from __future__ import annotations

import pytest

from ictgov.directives.extraction import extract_tasks

from .shapes import fresh_calendar_cache  # noqa: F401

_BEFORE = "Giám đốc Sở yêu cầu các phòng chuyên môn rà soát hồ sơ tồn đọng trong tháng 3."


@pytest.mark.parametrize(
    "cut",
    [
        " Cần triển kh",
        " Các đơn vị có thay đổi đầu mối thì phải b",
        " Đồng thời, đề nghị các đơn vị sự nghiệp tập trung k",
        " Giám đốc Sở giao Văn phòng Sở th",
    ],
)
def test_a_clause_cut_before_its_job_is_no_task(cut):
    """Guideline 23: the excerpt stops inside a word before a whole verb of the job survives;
    the job would have to be guessed, so only the task before it is drafted."""
    tasks = extract_tasks(_BEFORE + cut)
    assert [t.lead for t in tasks] == ["các phòng chuyên môn"]


@pytest.mark.parametrize(
    ("cut", "lead"),
    [
        (" Giám đốc Sở giao Văn phòng Sở chủ động xây dựng kịch", "Văn phòng Sở"),
        (" Giám đốc Sở giao Văn phòng Sở phối hợp với Phòng Tài chính rà so", "Văn phòng Sở"),
    ],
)
def test_a_clause_cut_after_a_whole_verb_of_its_job_is_a_task(cut, lead):
    """The job is readable ("xây dựng kịch…", "phối hợp với … rà so…"): a task, cut as it is."""
    tasks = extract_tasks(_BEFORE + cut)
    assert [t.lead for t in tasks] == ["các phòng chuyên môn", lead]


def test_a_text_that_ends_with_a_full_stop_is_not_cut():
    (task,) = extract_tasks("Giám đốc Sở giao Văn phòng Sở tổng hợp.")
    assert task.lead == "Văn phòng Sở"


def test_trong_do_for_the_same_addressee_is_part_of_the_task_before():
    """Guideline 25: "Trong đó, …" singles out a part of the job just given to the same
    addressee; it extends that task rather than drafting a second one."""
    (task,) = extract_tasks(
        "Phó Chủ tịch UBND tỉnh yêu cầu Sở Tài chính tiếp thu ý kiến các sở để hoàn thiện "
        "phương án phân bổ vốn.\n\nTrong đó, Phó Chủ tịch nhấn mạnh Sở Tài chính cần làm rõ "
        "căn cứ pháp lý của từng phương án."
    )
    assert task.lead == "Sở Tài chính"
    assert "làm rõ căn cứ pháp lý" in task.content
    assert task.evidence.endswith("căn cứ pháp lý của từng phương án.")


def test_trong_do_naming_another_addressee_is_a_task_of_its_own():
    tasks = extract_tasks(
        "UBND tỉnh yêu cầu các sở, ngành triển khai đồng bộ các giải pháp đã đề ra. Trong "
        "đó, Sở Tài chính phải bảo đảm nguồn vốn cho các dự án trọng điểm."
    )
    assert [t.lead for t in tasks] == ["các sở, ngành", "Sở Tài chính"]


def test_a_numbered_line_naming_a_unit_heads_the_dash_items_under_it():
    """Guideline 9: "2. <unit>" alone on its line, then "- …" items: the unit is their lead."""
    tasks = extract_tasks(
        "UBND huyện có ý kiến như sau:\n\n"
        "1. Phòng Tài chính - Kế hoạch rà soát nguồn vốn các công trình.\n\n"
        "2. Trung tâm Văn hóa - Thông tin và Thể thao\n\n"
        "- Tăng cường tin, bài tuyên truyền trên sóng truyền thanh.\n\n"
        "- Tổ chức cổ động trực quan tại các tuyến phố chính."
    )
    assert [t.lead for t in tasks] == [
        "Phòng Tài chính - Kế hoạch",
        "Trung tâm Văn hóa - Thông tin và Thể thao",
        "Trung tâm Văn hóa - Thông tin và Thể thao",
    ]


def test_who_answers_for_a_failure_is_no_task():
    """Guideline 19: "X chịu trách nhiệm trước Y nếu để xảy ra …" says who is accountable."""
    tasks = extract_tasks(
        "1. Chủ tịch UBND các xã: Khẩn trương kiểm tra các điểm sạt lở; Chủ tịch UBND các "
        "xã chịu trách nhiệm trước Chủ tịch UBND huyện nếu để xảy ra thiệt hại về người."
    )
    assert [t.lead for t in tasks] == ["UBND các xã"]


def test_a_task_to_be_responsible_for_work_is_still_a_task():
    (task,) = extract_tasks(
        "Sở Tài chính chịu trách nhiệm tổng hợp báo cáo trình UBND tỉnh trước ngày 30/6/2026."
    )
    assert task.lead == "Sở Tài chính"


def test_the_closing_order_to_carry_out_the_tasks_above_is_no_task():
    """Guideline 16: after the tasks, "… yêu cầu các đơn vị … triển khai thực hiện" only
    orders them carried out."""
    tasks = extract_tasks(
        "1. Giao Phòng Kinh tế tăng cường kiểm tra các cơ sở kinh doanh.\n"
        "2. Giao Công an huyện xử lý nghiêm các trường hợp vi phạm.\n"
        "Nhận được công văn này, yêu cầu các đơn vị được giao nhiệm vụ nghiêm túc, khẩn "
        "trương triển khai thực hiện./."
    )
    assert [t.lead for t in tasks] == ["Phòng Kinh tế", "Công an huyện"]


def test_a_single_order_to_carry_out_a_document_is_still_a_task():
    (task,) = extract_tasks(
        "Chủ tịch UBND tỉnh yêu cầu Thủ trưởng các cơ quan, đơn vị triển khai thực hiện."
    )
    assert task.lead == "các cơ quan, đơn vị"
