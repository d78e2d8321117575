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
