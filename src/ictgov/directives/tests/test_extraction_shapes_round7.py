"""Sentence shapes of the seventh round of issue 12 (tuning part only).

The texts are composed for these tests from common shapes of directive text; none is
copied from the development set.
"""

from __future__ import annotations

import pytest

from ictgov.directives.extraction import extract_tasks

from .shapes import HEADING, drafted_as, fresh_calendar_cache, only, same  # noqa: F401


def test_a_phrase_of_time_after_the_addressee_is_not_part_of_the_lead():
    drafted_as(
        "Phóng viên các cơ quan báo chí trong quá trình tác nghiệp liên hệ với người phát "
        "ngôn của các cơ quan, đơn vị để được cung cấp thông tin.",
        "Phóng viên các cơ quan báo chí",
        "Trong quá trình tác nghiệp liên hệ",
    )


@pytest.mark.parametrize(
    ("text", "lead"),
    [
        (
            "Ngoài ra, nhà trường và Phòng Giáo dục các huyện phải báo cáo số học sinh bỏ học.",
            "nhà trường và Phòng Giáo dục các huyện",
        ),
        (
            "Chủ đầu tư và các đơn vị thi công cần bảo đảm an toàn lao động trên công trường.",
            "Chủ đầu tư và các đơn vị thi công",
        ),
    ],
)
def test_a_subject_opening_with_a_collective_without_cac_is_one_lead(text, lead):
    """Guideline 10: a list made only of collective addressees is one lead, written whole,
    even when its first member is written without "các"."""
    assert same(only(text).lead, lead)


def test_a_bare_head_joined_to_a_collective_shares_its_places():
    (task,) = extract_tasks(
        "Bộ Y tế vừa có văn bản gửi UBND và Sở Y tế các tỉnh, thành phố, đề nghị rà soát "
        "nhân lực y tế tuyến xã."
    )
    assert same(task.lead, "UBND và Sở Y tế các tỉnh, thành phố")
    assert task.coordinating == []


def test_a_bare_head_before_a_particular_unit_is_still_the_first_of_a_list():
    (task,) = extract_tasks(
        "UBND tỉnh giao Sở Tài chính và Sở Xây dựng các tỉnh lân cận phối hợp rà soát giá."
    )
    assert same(task.lead, "Sở Tài chính")


def test_a_headline_is_not_joined_to_the_dateline_paragraph_after_it():
    tasks = extract_tasks(
        "Chủ tịch tỉnh yêu cầu giám đốc Sở Xây dựng báo cáo việc cấp phép nhà ở\n"
        "(TTXVN) - Trước phản ánh của người dân, Chủ tịch UBND tỉnh yêu cầu Sở Xây dựng "
        "báo cáo trước ngày 10/3/2026."
    )
    assert len(tasks) == 1
    assert tasks[0].evidence.startswith("(TTXVN)")
    assert same(tasks[0].lead, "Sở Xây dựng")


def test_paragraphs_numbered_by_ordinals_are_items_of_the_heading():
    """Guidelines 9 and 17: "Thứ nhất, …" paragraphs after a heading naming the addressees
    are its items, even with blank lines between them; a later sentence of an item that
    names its own addressee goes on with that addressee."""
    tasks = extract_tasks(
        "UBND xã yêu cầu các cơ quan, đơn vị, Trưởng khu dân cư và toàn thể Nhân dân thực "
        "hiện tốt một số nội dung sau:\n\n"
        "Thứ nhất, thường xuyên theo dõi bản tin dự báo thời tiết.\n\n"
        "Thứ hai, các hộ nuôi trồng thủy sản cần gia cố bờ ao. Đồng thời, chủ động thu "
        "hoạch sớm các ao đến kỳ.\n"
    )
    assert [t.content[:14] for t in tasks] == ["Thường xuyên t", "Gia cố bờ ao", "Chủ động thu h"]
    assert same(tasks[0].lead, "các cơ quan, đơn vị, Trưởng khu dân cư và toàn thể Nhân dân")
    assert [t.lead for t in tasks[1:]] == ["các hộ nuôi trồng thủy sản"] * 2


@pytest.mark.parametrize(
    "text",
    [
        "Ban Chỉ đạo của tỉnh nhận định công tác chuyển đổi số còn một số hạn chế.",
        "Trung tâm là đơn vị sự nghiệp trực thuộc Sở.",
    ],
)
def test_a_subject_described_rather_than_given_a_job_is_no_task(text):
    assert extract_tasks(HEADING + text) == []


def test_items_numbered_in_parentheses_inside_a_paragraph_are_one_task_each():
    """Guideline 17: an item holding ";" clauses is one task; the heading with only a time
    phrase before its colon drafts nothing itself and gives no deadline to its items."""
    tasks = extract_tasks(
        "Chủ tịch UBND huyện yêu cầu các phòng, ban, đơn vị trong thời gian tới: (1) Rà soát "
        "các công trình chậm tiến độ; xử lý dứt điểm các vướng mắc; (2) Tăng cường kiểm tra "
        "trật tự xây dựng."
    )
    assert [t.content[:10] for t in tasks] == ["Rà soát cá", "Tăng cường"]
    assert all(same(t.lead, "các phòng, ban, đơn vị") for t in tasks)
    assert [t.deadline_text for t in tasks] == [None, None]


def test_examples_after_nhu_belong_to_the_addressee():
    (task,) = extract_tasks(
        "Bộ Văn hóa, Thể thao và Du lịch yêu cầu các địa phương như: Bắc Ninh, Hà Nam, Ninh "
        "Bình cần quản lý chặt chẽ các lễ hội đầu xuân."
    )
    assert same(task.lead, "các địa phương như: Bắc Ninh, Hà Nam, Ninh Bình")
    assert task.content.startswith("Quản lý chặt chẽ")


def test_an_excerpt_cut_inside_the_addressee_list_drafts_nothing():
    tasks = extract_tasks(
        "Phó Chủ tịch UBND tỉnh đề nghị các sở, ngành rà soát các sự kiện du lịch. Phó Chủ "
        "tịch UBND tỉnh đề nghị Hiệp hội Du lịch tỉnh và các doanh"
    )
    assert [t.lead for t in tasks] == ["các sở, ngành"]


@pytest.mark.parametrize(
    ("text", "count"),
    [
        (
            "Chiều 2-7, Chủ tịch UBND tỉnh chủ trì cuộc họp với lãnh đạo các sở, ngành bàn "
            "giải pháp ứng phó với bão.",
            0,
        ),
        ("UBND tỉnh giao Sở Nội vụ chủ trì hội nghị với các huyện để rà soát bộ máy.", 1),
    ],
)
def test_chairing_a_meeting_is_news_unless_it_is_given(text, count):
    assert len(extract_tasks(text)) == count


def test_a_sentence_with_a_cue_of_its_own_does_not_take_the_headings_deadline():
    tasks = extract_tasks(
        "Chủ tịch UBND tỉnh yêu cầu Ban Chỉ huy phòng chống thiên tai các huyện khẩn trương "
        "triển khai các biện pháp ứng phó với bão:\n"
        "Chủ tịch UBND tỉnh yêu cầu Sở Nông nghiệp theo dõi diễn biến mực nước các hồ chứa."
    )
    assert [t.deadline_text for t in tasks] == ["khẩn trương", None]
