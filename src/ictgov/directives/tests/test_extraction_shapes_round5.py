"""Sentence shapes of the fifth round of issue 12 (tuning part and the issue's shapes).

The texts are composed for these tests from common shapes of directive text (storm
dispatches, tourism and telecom notices); none is copied from the development set.
"""

from __future__ import annotations

import pytest

from ictgov.directives.extraction import extract_tasks

from .shapes import HEADING, drafted_as, fresh_calendar_cache, only  # noqa: F401 - the fixture


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
    drafted_as(text, lead, content)


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
    drafted_as(text, lead, content)


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
    drafted_as(text, lead, content)


def test_a_news_lead_detailed_by_the_next_sentence_is_no_task():
    """Guideline 16: "… vừa có công văn yêu cầu X …. Theo đó, …" — the lead announces."""
    tasks = extract_tasks(
        "Bộ Y tế vừa có công văn yêu cầu các bệnh viện bảo đảm an toàn người bệnh.\n\n"
        "Theo đó, Bộ Y tế đề nghị các cơ sở y tế rà soát phương án phòng cháy, chữa cháy."
    )
    assert [t.lead for t in tasks] == ["các cơ sở y tế"]


def test_a_news_lead_without_detail_is_the_task():
    """Guideline 13's exception: a lead paragraph with no detail after it is the task."""
    tasks = extract_tasks(
        "Bộ Y tế vừa có công văn yêu cầu các bệnh viện bảo đảm an toàn người bệnh.\n\n"
        "Năm qua, các bệnh viện đã tiếp nhận hơn một triệu lượt người bệnh."
    )
    assert [t.lead for t in tasks] == ["các bệnh viện"]


def test_semicolon_items_opening_with_less_common_verbs_are_tasks():
    """Guideline 14: each ";" item after a cue and its addressee that opens with an action."""
    tasks = extract_tasks(
        "UBND tỉnh đề nghị các sở, ngành đẩy nhanh giải ngân vốn đầu tư công; nắm vững tình "
        "hình dư luận để tham mưu xử lý; chăm lo đời sống người lao động dịp Tết."
    )
    assert [t.content.split()[0] for t in tasks] == ["Đẩy", "Nắm", "Chăm"]
    assert {t.lead for t in tasks} == {"các sở, ngành"}


@pytest.mark.parametrize(
    ("text", "lead", "content"),
    [
        (
            "Đồng chí Bí thư đề nghị cán bộ, đảng viên, công chức phường bắt tay vào thực hiện kế "
            "hoạch năm 2026.",
            "cán bộ, đảng viên, công chức phường",
            "Bắt tay vào thực hiện kế hoạch",
        ),
        (
            "UBND tỉnh yêu cầu doanh nghiệp kiểm tra an toàn lao động.",
            "doanh nghiệp",
            "Kiểm tra an toàn lao động",
        ),
        (
            "Xã, phường phải tổ chức giao ban thường xuyên.",
            "Xã, phường",
            "Tổ chức giao ban thường xuyên",
        ),
    ],
)
def test_collective_addressees_without_cac(text, lead, content):
    """Guideline 10: collective addressees are leads, also when written without "các"."""
    drafted_as(text, lead, content)


def test_a_briefing_is_not_an_addressee():
    tasks = extract_tasks("Giám đốc Sở yêu cầu giao ban hằng tuần.")
    assert [t.lead for t in tasks] == [None]


@pytest.mark.parametrize(
    "sentence",
    [
        "Nếu để dịch bệnh lan rộng thì lãnh đạo Sở Y tế và UBND các huyện phải chịu trách nhiệm.",
        "Qua đó, đã hướng dẫn, nhắc nhở các đơn vị tháo dỡ các băng-rôn hết hạn.",
        "Các trường có bảo đảm đủ phòng học cho năm học mới không?",
        "Ban Chỉ đạo nhận định việc chuyển đổi số còn một số tồn tại.",
    ],
)
def test_warnings_past_actions_questions_and_assessments_are_no_task(sentence):
    """Guidelines 5, 13 and 16: what was done, a warning, a question, an assessment."""
    first = "1. Sở Tài chính rà soát kinh phí sửa chữa trụ sở.\n"
    tasks = extract_tasks(HEADING + first + sentence)
    assert [t.lead for t in tasks] == ["Sở Tài chính"]


def test_an_opinion_heading_without_colon_is_no_task():
    tasks = extract_tasks(
        "Sau khi xem xét, Chủ tịch UBND tỉnh có ý kiến\n1. Sở Tài chính rà soát kinh phí."
    )
    assert [t.lead for t in tasks] == ["Sở Tài chính"]


@pytest.mark.parametrize(
    ("text", "lead"),
    [
        (
            "Đảng ủy xã đề nghị toàn thể cán bộ, đảng viên và Nhân dân trong xã nghiêm túc chấp "
            "hành.",
            "toàn thể cán bộ, đảng viên và Nhân dân trong xã",
        ),
        (
            "Thủ tướng yêu cầu các bộ, ngành, địa phương trong vùng ảnh hưởng của bão chủ động "
            "ứng phó.",
            "các bộ, ngành, địa phương trong vùng ảnh hưởng của bão",
        ),
    ],
)
def test_whole_collectives_and_their_place_qualifiers(text, lead):
    """Guideline 10: "toàn thể …" and a place qualifier belong to the lead."""
    assert only(text).lead == lead


def test_a_name_in_a_list_after_a_preposition_is_no_subject():
    tasks = extract_tasks(
        "Trong tháng 8, hoạt động báo chí tiếp tục bám sát định hướng của Sở Nội vụ, UBND "
        "tỉnh, kịp thời phản ánh các sự kiện chính trị."
    )
    assert tasks == []


def test_a_mandate_phrase_is_not_part_of_the_lead():
    """Guideline 10: "tùy chức năng, nhiệm vụ" says how, not who."""
    task = only("Các sở, ban, ngành tùy chức năng, nhiệm vụ tăng cường kiểm tra an toàn.")
    assert task.lead == "Các sở, ban, ngành"
    assert task.content.startswith("Tăng cường kiểm tra")


def test_a_semicolon_item_opening_with_dong_thoi_is_a_further_task():
    """Guideline 9: "đồng thời" and a verb open a further job of the same addressee."""
    tasks = extract_tasks(
        "UBND phường yêu cầu các cơ quan, đơn vị rà soát kế hoạch năm 2026. Cùng với đó, triển "
        "khai các hoạt động thi đua chào mừng Đại hội; đồng thời tập trung chăm lo cho người "
        "dân có hoàn cảnh khó khăn."
    )
    assert [t.content.split()[0] for t in tasks] == ["Rà", "Triển", "Tập"]
    assert {t.lead for t in tasks} == {"các cơ quan, đơn vị"}


def test_a_purpose_clause_hands_an_approval_to_a_second_unit():
    """Guideline 21: "… để Sở X phê duyệt …" gives the named unit its own task."""
    tasks = extract_tasks(
        "Giao các quận rà soát hè phố, gửi Sở Giao thông vận tải trước ngày 20/3 để Sở Giao "
        "thông vận tải phê duyệt danh mục điểm đỗ xe."
    )
    assert [t.lead for t in tasks] == ["các quận", "Sở Giao thông vận tải"]
    assert tasks[1].content.startswith("Phê duyệt danh mục")
