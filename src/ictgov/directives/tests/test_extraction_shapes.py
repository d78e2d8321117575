"""Shapes of real directive text that the drafting must read (issue 12), one test each.

The sentences are written for these tests after the shapes seen in documents of
publishers the rules were not written on; each asserts what a user would see in the
draft: how many tasks, whose task, which words.
"""

from __future__ import annotations

from datetime import date

import pytest

from ictgov.directives.extraction import extract_tasks, normalise_unit_name

from .shapes import fresh_calendar_cache, same  # noqa: F401 - the fixture


def test_heading_naming_the_addressees_gives_one_task_per_item_with_its_lead():
    text = (
        "Các đơn vị chuyên trách về an toàn thông tin có trách nhiệm:\n"
        "- Củng cố nguồn lực bảo đảm an toàn thông tin cho các hệ thống dùng chung;\n"
        "- Cập nhật thông tin cảnh báo và khắc phục ngay các lỗ hổng bảo mật."
    )
    tasks = extract_tasks(text)
    assert len(tasks) == 2
    for task in tasks:
        assert same(task.lead, "Các đơn vị chuyên trách về an toàn thông tin")
    assert tasks[0].content.startswith("Củng cố nguồn lực")
    assert tasks[1].content.startswith("Cập nhật thông tin cảnh báo")


def test_compound_generic_addressee_is_the_whole_lead():
    text = (
        "Thủ trưởng các sở, ban, ngành và Chủ tịch UBND các xã phải phân công người phát ngôn "
        "và gửi danh sách về Sở Văn hóa, Thể thao và Du lịch trước ngày 15/3/2026."
    )
    tasks = extract_tasks(text)
    assert len(tasks) == 1
    assert same(tasks[0].lead, "các sở, ban, ngành và UBND các xã")
    assert tasks[0].deadline == date(2026, 3, 15)


def test_coastal_communes_and_telecom_enterprises_are_addressees():
    text = (
        "Các xã ven biển kiểm đếm tàu thuyền và hướng dẫn neo đậu an toàn. "
        "Các doanh nghiệp viễn thông bảo đảm thông tin liên lạc thông suốt trong thời gian bão."
    )
    tasks = extract_tasks(text)
    assert [t.lead for t in tasks] == ["Các xã ven biển", "Các doanh nghiệp viễn thông"]


def test_ministers_of_listed_ministries_are_one_addressee_not_the_first_ministry():
    text = (
        "Bộ trưởng các Bộ: Quốc phòng, Công an, Nông nghiệp và Môi trường, Xây dựng chủ động "
        "triển khai các biện pháp ứng phó với bão theo thẩm quyền."
    )
    tasks = extract_tasks(text)
    assert len(tasks) == 1
    assert tasks[0].lead != "Bộ Công an"
    assert normalise_unit_name(tasks[0].lead).startswith("cac bo")


def test_unit_that_directs_others_keeps_the_lead():
    text = "Sở Giáo dục và Đào tạo chỉ đạo các trường thực hiện nghiêm quy định về dạy thêm."
    tasks = extract_tasks(text)
    assert len(tasks) == 1
    assert tasks[0].lead == "Sở Giáo dục và Đào tạo"
    assert tasks[0].content.lower().startswith("chỉ đạo các trường thực hiện")


def test_so_inside_co_so_is_not_a_department():
    text = (
        "Yêu cầu Sở Công Thương hướng dẫn các cơ sở kinh doanh niêm yết giá và kiểm tra việc "
        "chấp hành trong tháng 12/2026."
    )
    tasks = extract_tasks(text)
    assert len(tasks) == 1
    assert tasks[0].lead == "Sở Công Thương"
    assert tasks[0].content.lower().startswith("hướng dẫn các cơ sở kinh doanh")
    assert tasks[0].deadline == date(2026, 12, 31)


def test_lead_inherited_by_ellipsis_in_the_same_paragraph():
    text = (
        "UBND tỉnh yêu cầu UBND các huyện ven biển khẩn trương rà soát tàu thuyền trên biển. "
        "Đồng thời, tăng cường các phương án bảo đảm an toàn cho người dân vùng trũng thấp."
    )
    tasks = extract_tasks(text)
    assert len(tasks) == 2
    assert same(tasks[1].lead, "UBND các huyện ven biển")


def test_deadline_opening_the_sentence():
    text = "Trong tháng 01/2027, Sở Tài chính trình UBND tỉnh phương án phân bổ kinh phí."
    tasks = extract_tasks(text)
    assert len(tasks) == 1
    assert tasks[0].lead == "Sở Tài chính"
    assert tasks[0].deadline == date(2027, 1, 31)


@pytest.mark.parametrize(
    ("text", "lead"),
    [
        (
            "Giám đốc Sở yêu cầu các phòng chuyên môn hoàn thành báo cáo trước ngày 20/12/2026.",
            "các phòng chuyên môn",
        ),
        ("Phó Chủ tịch đề nghị UBND các xã rà soát hộ nghèo trong quý I/2027.", "UBND các xã"),
        (
            "Bộ trưởng giao Cục Viễn thông chủ trì xây dựng kế hoạch phủ sóng thôn lõm sóng.",
            "Cục Viễn thông",
        ),
    ],
)
def test_news_report_framing(text, lead):
    tasks = extract_tasks(text)
    assert len(tasks) == 1
    assert tasks[0].lead == lead


@pytest.mark.parametrize(
    "text",
    [
        "Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc các sở, ban, ngành và Chủ tịch UBND các "
        "huyện chịu trách nhiệm thi hành Quyết định này./.",
        "Năm 2025, Sở Khoa học và Công nghệ đã hoàn thành việc phủ sóng 4G cho 12 thôn.",
        "Trước đó, UBND tỉnh đã có văn bản yêu cầu các sở, ngành khẩn trương rà soát danh sách.",
        "Cử tri đề nghị UBND tỉnh quan tâm đầu tư tuyến đường liên xã.",
    ],
)
def test_not_tasks(text):
    assert extract_tasks(text) == []


def test_headline_restating_a_task_is_not_a_second_task():
    text = (
        "Bộ Khoa học và Công nghệ yêu cầu bảo đảm thông tin liên lạc dịp Quốc khánh\n"
        "Theo đó, Bộ Khoa học và Công nghệ đề nghị các doanh nghiệp viễn thông tăng cường các "
        "phương án bảo đảm thông tin liên lạc."
    )
    tasks = extract_tasks(text)
    assert len(tasks) == 1
    assert tasks[0].lead == "các doanh nghiệp viễn thông"


def test_recipients_of_a_dispatch_are_not_tasks():
    text = (
        "Công điện gửi Chủ tịch UBND các tỉnh: Quảng Ninh, Hải Phòng; các Bộ: Quốc phòng, "
        "Công an, Xây dựng; Đài Truyền hình Việt Nam; Đài Tiếng nói Việt Nam. Thủ tướng yêu "
        "cầu Chủ tịch UBND các tỉnh nêu trên theo dõi chặt chẽ diễn biến của bão."
    )
    tasks = extract_tasks(text)
    assert len(tasks) == 1
    assert same(tasks[0].lead, "UBND các tỉnh nêu trên")


def test_doi_voi_heading_gives_the_lead_of_its_sentences():
    text = (
        "Sở đề nghị các cơ quan, đơn vị tuyên truyền như sau:\n"
        "Đối với các sở, ban, ngành: Tuyên truyền đến cán bộ không chia sẻ tin giả. Tuyên "
        "truyền thực hiện nghiêm các biện pháp phòng dịch.\n"
        "Đối với các cơ quan báo chí: Tăng thời lượng tuyên truyền về phòng dịch."
    )
    tasks = extract_tasks(text)
    assert [normalise_unit_name(t.lead) for t in tasks] == [
        "cac so ban nganh",
        "cac so ban nganh",
        "cac co quan bao chi",
    ]


def test_impossible_date_is_kept_whole_and_flagged():
    [task] = extract_tasks("Sở Tài chính trình UBND tỉnh phương án trước ngày 31/02/2027.")
    assert task.deadline is None
    assert task.deadline_text == "trước ngày 31/02/2027"
    assert "31/02/2027" in task.deadline_problem
    assert task.to_dict()["deadline_problem"] == task.deadline_problem


def test_a_real_date_has_no_problem():
    [task] = extract_tasks("Sở Tài chính trình UBND tỉnh phương án trước ngày 29/02/2028.")
    assert task.deadline == date(2028, 2, 29)
    assert task.deadline_problem is None


def test_a_written_list_of_units_is_split_when_each_part_is_a_unit():
    registry = {"viettel nghe an": 7, "vien thong nghe an": 8, "so tai chinh": 3}

    def matcher(name):
        key = normalise_unit_name(name)
        return (registry[key], name) if key in registry else None

    text = (
        "Giao Sở Tài chính chủ trì, phối hợp với Viettel Nghệ An, Viễn thông Nghệ An và "
        "Công ty Ánh Dương rà soát hạ tầng."
    )
    [task] = extract_tasks(text, unit_matcher=matcher)
    assert task.lead_unit_id == 3
    pairs = dict(zip(task.coordinating, task.coordinating_unit_ids, strict=True))
    assert pairs["Viettel Nghệ An"] == 7 and pairs["Viễn thông Nghệ An"] == 8
    assert task.unmatched == ["Công ty Ánh Dương"]


def test_collective_addressee_keeps_its_place_range_and_slashed_levels():
    text = (
        "Bộ trưởng đề nghị Chủ tịch UBND các tỉnh, thành phố ven biển từ Quảng Ninh đến Bình "
        "Thuận theo dõi chặt chẽ diễn biến của áp thấp nhiệt đới. Sở yêu cầu UBND các "
        "quận/huyện rà soát các điểm ngập."
    )
    tasks = extract_tasks(text)
    assert same(tasks[0].lead, "UBND các tỉnh, thành phố ven biển từ Quảng Ninh đến Bình Thuận")
    assert same(tasks[1].lead, "UBND các quận/huyện")


def test_a_past_assignment_inside_the_work_is_not_the_addressee():
    text = (
        "Yêu cầu Sở Khoa học và Công nghệ rà soát tiến độ. Chủ trì rà soát lại các nhiệm vụ "
        "UBND tỉnh đã giao cho các cơ quan, đơn vị có thời hạn trong năm 2026."
    )
    tasks = extract_tasks(text)
    assert [t.lead for t in tasks] == ["Sở Khoa học và Công nghệ"] * 2
