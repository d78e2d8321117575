"""Sentence shapes of the fourth round of issue 12 (the round-3 tuning documents).

The texts are composed for these tests from common shapes of directive text (exam
inspections, tourism and festival notices); none is copied from the development set.
"""

from __future__ import annotations

import pytest

from ictgov.directives.extraction import extract_tasks

from .shapes import HEADING, drafted_as, fresh_calendar_cache, only  # noqa: F401 - the fixture


@pytest.mark.parametrize(
    ("text", "lead", "content"),
    [
        (
            "Các Hội đồng coi thi niêm phong đề thi theo đúng quy chế.",
            "Các Hội đồng coi thi",
            "Niêm phong đề thi",
        ),
        (
            "Yêu cầu các phòng ngành rà soát danh mục dự án khởi công mới.",
            "các phòng ngành",
            "Rà soát danh mục dự án",
        ),
        (
            "Yêu cầu các đơn vị kinh doanh du lịch kiểm tra phương tiện chở khách.",
            "các đơn vị kinh doanh du lịch",
            "Kiểm tra phương tiện chở khách",
        ),
        (
            "Yêu cầu các trường nói trên hoàn thiện hồ sơ quyết toán.",
            "các trường nói trên",
            "Hoàn thiện hồ sơ quyết toán",
        ),
    ],
)
def test_collective_addressee_keeps_its_qualifier(text, lead, content):
    drafted_as(text, lead, content)


@pytest.mark.parametrize(
    "sentence",
    [
        "UBND tỉnh yêu cầu tổ chức các hoạt động đón xuân an toàn, tiết kiệm (ảnh minh họa).",
        "Giám đốc Sở Y tế (bìa phải) yêu cầu Trung tâm Y tế huyện kiểm tra bếp ăn tập thể.",
        "Căn cứ nội dung này, Chủ tịch UBND tỉnh yêu cầu Thủ trưởng các đơn vị liên quan tổ "
        "chức, triển khai thực hiện.",
    ],
)
def test_captions_and_the_closing_carry_out_order_are_no_task(sentence):
    first = "1. Sở Tài chính rà soát kinh phí sửa chữa trụ sở.\n"
    tasks = extract_tasks(HEADING + first + sentence)
    assert [(t.lead, t.content) for t in tasks] == [
        ("Sở Tài chính", "Rà soát kinh phí sửa chữa trụ sở")
    ]


def test_a_letter_sent_to_units_asking_them_gives_them_the_task():
    tasks = extract_tasks(
        "Sở Y tế vừa có văn bản gửi Ủy ban nhân dân các huyện, thị xã đề nghị chỉ đạo các "
        "trạm y tế tăng cường giám sát ca bệnh sởi."
    )
    assert [t.lead for t in tasks] == ["Ủy ban nhân dân các huyện, thị xã"]
    assert "tăng cường giám sát ca bệnh sởi" in tasks[0].content


@pytest.mark.parametrize(
    "sentence",
    [
        "Cục Văn hóa cơ sở đã có công văn gửi Sở Văn hóa đề nghị báo cáo tình hình lễ hội.",
        "UBND tỉnh vừa có văn bản gửi các sở, ngành về việc thực hiện nghị quyết của HĐND.",
    ],
)
def test_a_letter_sent_earlier_or_about_a_topic_names_no_lead(sentence):
    assert all(t.lead is None for t in extract_tasks(sentence))


def test_a_numbered_item_naming_its_unit_then_a_colon_is_one_task():
    tasks = extract_tasks(
        "Trước diễn biến của bão, Ban Thường vụ Đảng ủy xã yêu cầu:\n"
        "1. Trạm Y tế xã: kiểm tra cơ số thuốc; bố trí cán bộ trực; báo cáo tình hình "
        "dịch bệnh hằng ngày.\n"
        "2. Trường Tiểu học Kim Đồng: kiểm tra mái tôn các phòng học.\n"
    )
    assert [t.lead for t in tasks] == ["Trạm Y tế xã", "Trường Tiểu học Kim Đồng"]
    assert "bố trí cán bộ trực" in tasks[0].content


def test_households_are_an_addressee():
    tasks = extract_tasks(
        "UBND xã thông báo như sau:\n\nThứ nhất, các hộ chăn nuôi cần che chắn chuồng trại, "
        "giữ ấm cho gia súc.\n\nThứ hai, Trạm Y tế xã tăng cường tuyên truyền phòng bệnh."
    )
    assert [t.lead for t in tasks] == ["các hộ chăn nuôi", "Trạm Y tế xã"]


@pytest.mark.parametrize(
    ("text", "lead"),
    [
        (
            "Bí thư Đảng ủy xã yêu cầu mỗi cán bộ, công chức, đảng viên trong hệ thống chính trị "
            "của xã nêu cao tinh thần trách nhiệm.",
            "mỗi cán bộ, công chức, đảng viên trong hệ thống chính trị của xã",
        ),
        (
            "Ban Quản lý các khu, điểm du lịch hướng dẫn du khách đến nơi an toàn.",
            "Ban Quản lý các khu, điểm du lịch",
        ),
    ],
)
def test_party_members_and_tourist_sites_are_read_whole(text, lead):
    assert [t.lead for t in extract_tasks(text)] == [lead]


def test_a_comma_after_the_cue_keeps_its_addressee():
    tasks = extract_tasks("Phó Chủ tịch tỉnh đề nghị, Hội đồng coi thi bảo quản đề thi an toàn.")
    assert [(t.lead, t.content) for t in tasks] == [("Hội đồng coi thi", "Bảo quản đề thi an toàn")]


def test_units_of_a_level_are_a_collective_addressee():
    task = only("Các sở, ngành liên quan, UBND cấp xã rà soát các điểm tổ chức lễ hội.")
    assert task.lead == "Các sở, ngành liên quan, UBND cấp xã"
    assert task.coordinating == []


def test_organising_work_after_an_order_is_a_further_task():
    tasks = extract_tasks(
        "Chủ tịch UBND tỉnh yêu cầu Sở Y tế triển khai nghiêm túc Công văn số 15 của Bộ Y tế.\n"
        "Song song đó, Sở Y tế, UBND các huyện tổ chức kiểm tra các điểm tiêm chủng."
    )
    assert [t.lead for t in tasks] == ["Sở Y tế", "Sở Y tế"]
    assert tasks[1].content.startswith("Tổ chức kiểm tra các điểm tiêm chủng")
