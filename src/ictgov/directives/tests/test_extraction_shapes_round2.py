"""More shapes of real directive text (issue 12, second round), one test each.

Written after errors read on the tuning part of the development set only; the texts
are composed for the tests, not copied from the held-out documents.
"""

from __future__ import annotations

from datetime import date

from ictgov.directives.extraction import extract_tasks, normalise_unit_name

from .shapes import fresh_calendar_cache, same  # noqa: F401 - the fixture


def test_hard_wrapped_lines_are_read_as_one_sentence():
    text = (
        "Để hoàn thành kế hoạch năm, Chủ tịch UBND tỉnh yêu cầu các sở, ban, ngành và UBND\n"
        "các xã cần tập trung thực hiện tốt các giải pháp đã đề ra, báo cáo kết quả\n"
        "trước ngày 20/12/2026."
    )
    tasks = extract_tasks(text)
    assert len(tasks) == 1
    assert same(tasks[0].lead, "các sở, ban, ngành và UBND các xã")
    assert tasks[0].deadline == date(2026, 12, 20)


def test_list_items_are_not_joined_to_the_line_before():
    text = (
        "UBND tỉnh yêu cầu Sở Khoa học và Công nghệ:\n"
        "a) rà soát các hệ thống thông tin;\n"
        "b) báo cáo UBND tỉnh trước ngày 10/01/2027."
    )
    tasks = extract_tasks(text)
    assert len(tasks) == 2


def test_every_collective_addressee_keeps_its_quantifier():
    text = "Tất cả các bộ, ngành, địa phương phải hoàn thiện cơ sở dữ liệu trong quý IV/2026."
    tasks = extract_tasks(text)
    assert len(tasks) == 1
    assert tasks[0].lead == "Tất cả các bộ, ngành, địa phương"
    assert tasks[0].deadline == date(2026, 12, 31)


def test_two_titles_before_one_collective_addressee():
    text = (
        "Chủ tịch UBND thành phố yêu cầu giám đốc, thủ trưởng các sở, ban, ngành thành phố, "
        "chủ tịch UBND các phường, xã tập trung theo dõi, nắm chắc tình hình mưa lũ."
    )
    tasks = extract_tasks(text)
    assert len(tasks) == 1
    assert same(tasks[0].lead, "các sở, ban, ngành thành phố, UBND các phường, xã")
    assert tasks[0].content.startswith("Tập trung theo dõi")


def test_leadership_of_ministries_names_the_ministries():
    assert normalise_unit_name("lãnh đạo các bộ, ngành") == normalise_unit_name("các bộ, ngành")
    assert normalise_unit_name("lãnh đạo Sở") != normalise_unit_name("Sở")


def test_management_board_named_in_lower_case_words():
    tasks = extract_tasks("UBND tỉnh giao Ban Quản lý cảng cá xây dựng lại phương án phòng dịch.")
    assert len(tasks) == 1
    assert tasks[0].lead == "Ban Quản lý cảng cá"
    assert tasks[0].content.startswith("Xây dựng lại phương án")


def test_department_field_typed_in_lower_case():
    tasks = extract_tasks(
        "UBND tỉnh yêu cầu Sở văn hóa, Thể thao và Du lịch chủ trì kiểm tra việc tổ chức lễ hội."
    )
    assert len(tasks) == 1
    assert same(tasks[0].lead, "Sở Văn hóa, Thể thao và Du lịch")
    assert not tasks[0].content.lower().startswith("văn hóa")


def test_hamlets_and_neighbourhoods_are_one_collective_addressee():
    tasks = extract_tasks(
        "Chủ tịch UBND xã đề nghị các cơ quan, đơn vị và thôn, xóm tập trung thực hiện "
        "công tác tuyển chọn và gọi công dân nhập ngũ."
    )
    assert len(tasks) == 1
    assert tasks[0].lead == "các cơ quan, đơn vị và thôn, xóm"


def test_passive_request_names_its_addressee():
    tasks = extract_tasks(
        "Các cơ quan, đơn vị được yêu cầu chủ động xử lý tình huống phát sinh và bắt tay ngay "
        "vào công việc sau kỳ nghỉ Tết."
    )
    assert len(tasks) == 1
    assert tasks[0].lead == "Các cơ quan, đơn vị"
    assert tasks[0].deadline_text == "ngay"


def test_topic_followed_by_a_modal_is_the_addressee():
    tasks = extract_tasks(
        "UBND tỉnh yêu cầu Sở Tài chính thẩm định phương án. Đối với UBND các huyện, thành, "
        "thị cần xây dựng kế hoạch triển khai cơ chế hỗ trợ sản xuất."
    )
    assert [t.lead for t in tasks] == ["Sở Tài chính", "UBND các huyện, thành, thị"]
    assert tasks[1].content.startswith("Xây dựng kế hoạch")


def test_inner_headline_restating_the_directive_is_not_a_task():
    text = (
        "Tin chỉ đạo điều hành\n\n"
        "Thủ tướng yêu cầu Bộ Nội vụ báo cáo việc bổ nhiệm phó giám đốc sở\n\n"
        "Thủ tướng yêu cầu Bộ Nội vụ kiểm tra việc bổ nhiệm Phó Giám đốc Sở Nông nghiệp, "
        "báo cáo Thủ tướng."
    )
    tasks = extract_tasks(text)
    assert len(tasks) == 1
    assert tasks[0].content.startswith("Kiểm tra việc bổ nhiệm")


def test_a_letter_sent_to_units_that_must_act_is_a_directive():
    tasks = extract_tasks(
        "UBND tỉnh vừa ban hành văn bản gửi Bộ Chỉ huy Bộ đội Biên phòng tỉnh, Công an tỉnh, "
        "UBND các xã ven biển chủ động, khẩn trương thực hiện đợt cao điểm ngăn chặn tàu cá "
        "vi phạm vùng biển nước ngoài."
    )
    assert len(tasks) == 1
    assert tasks[0].lead == "Bộ Chỉ huy Bộ đội Biên phòng tỉnh"
    assert tasks[0].deadline_text == "khẩn trương"


def test_the_lead_of_a_news_report_restating_the_dispatch_is_dropped():
    text = (
        "Chủ tịch UBND thành phố vừa ký ban hành Công điện số 14/CĐ-UBND yêu cầu các sở, ban, "
        "ngành thành phố và UBND các phường, xã chủ động ứng phó với siêu bão.\n\n"
        "Chủ tịch yêu cầu các sở, ban, ngành thành phố, UBND các phường, xã tập trung theo dõi, "
        "nắm chắc tình hình, triển khai các biện pháp ứng phó thiên tai."
    )
    tasks = extract_tasks(text)
    assert len(tasks) == 1
    assert tasks[0].content.startswith("Tập trung theo dõi")


def test_a_lead_with_no_detail_after_it_stays_a_task():
    tasks = extract_tasks(
        "Chủ tịch UBND tỉnh đã ban hành Công điện khẩn số 21/CĐ-UBND yêu cầu các ban, sở, "
        "ngành, địa phương sẵn sàng triển khai ngay các biện pháp ứng phó ở mức cao nhất."
    )
    assert len(tasks) == 1


def test_numbered_items_run_into_one_paragraph():
    text = (
        "Chủ tịch UBND tỉnh có ý kiến như sau: 1. Tạm dừng công tác lập quy hoạch hạ tầng "
        "viễn thông thụ động. 2. Sở Xây dựng, Sở Khoa học và Công nghệ, cơ quan, đơn vị liên "
        "quan và các địa phương cấp phép xây dựng công trình theo quy định. Triển khai kế "
        "hoạch phát triển hạ tầng viễn thông năm 2026."
    )
    tasks = extract_tasks(text)
    # Item 1 has no addressee of its own: a task with lead null (guideline 15; "Tạm dừng"
    # opens a job since round 6).
    assert [t.lead for t in tasks] == [None, "Sở Xây dựng", "Sở Xây dựng"]
    assert tasks[0].content.startswith("Tạm dừng công tác")
    assert "cơ quan, đơn vị liên quan" in tasks[1].coordinating
    assert tasks[2].content.startswith("Triển khai kế hoạch")


def test_the_speaker_of_an_opinion_heading_is_not_the_addressee():
    text = (
        "UBND tỉnh có ý kiến như sau:\n1. Tạm dừng việc lập quy hoạch.\n"
        "2. Giao Sở Xây dựng rà soát."
    )
    tasks = extract_tasks(text)
    # Item 1 is an order without addressee: lead null, never the speaker (guideline 15).
    assert [t.lead for t in tasks] == [None, "Sở Xây dựng"]


def test_mandate_phrase_between_addressees_and_verb():
    tasks = extract_tasks(
        "UBND tỉnh yêu cầu các sở tăng cường kiểm tra. Sở Văn hóa, Thể thao và Du lịch, UBND "
        "các xã theo chức năng, thẩm quyền hướng dẫn các di tích bảo đảm phòng, chống dịch."
    )
    assert len(tasks) == 2
    assert same(tasks[1].lead, "Sở Văn hóa, Thể thao và Du lịch")
    assert tasks[1].content.startswith("Hướng dẫn các di tích")


def test_a_department_that_directs_without_naming_units_keeps_the_task():
    tasks = extract_tasks(
        "Sở Văn hóa, Thể thao và Du lịch, UBND các xã theo chức năng, thẩm quyền chỉ đạo, "
        "hướng dẫn các di tích hoạt động bình thường, bảo đảm phòng, chống dịch."
    )
    assert len(tasks) == 1
    assert same(tasks[0].lead, "Sở Văn hóa, Thể thao và Du lịch")
    assert tasks[0].content.startswith("Chỉ đạo, hướng dẫn")


def test_the_superior_who_directs_is_not_the_lead():
    tasks = extract_tasks("Chủ tịch UBND tỉnh chỉ đạo khẩn trương hoàn thành các thủ tục.")
    assert all(t.lead != "UBND tỉnh" for t in tasks)


def test_a_group_qualified_by_its_parent_body():
    tasks = extract_tasks(
        "UBND tỉnh đề nghị các cơ quan chuyên môn của UBND tỉnh có giải pháp thu hút đầu tư."
    )
    assert tasks[0].lead == "các cơ quan chuyên môn của UBND tỉnh"


def test_deadline_with_a_time_of_day():
    tasks = extract_tasks(
        "Giao các sở, ngành giải trình các nội dung thẩm tra. Báo cáo gửi về Văn phòng UBND "
        "tỉnh trước 14 giờ, ngày 05/12/2026.",
        reference_date=date(2026, 12, 4),
    )
    assert len(tasks) == 1
    assert tasks[0].deadline == date(2026, 12, 5)
    assert tasks[0].deadline_text == "trước 14 giờ, ngày 05/12/2026"


def test_every_ten_days_is_a_recurring_phrase_not_a_date():
    tasks = extract_tasks(
        "Giao Văn phòng UBND tỉnh đăng thông cáo báo chí trên Cổng thông tin điện tử tỉnh "
        "mười ngày một lần."
    )
    assert tasks[0].deadline is None
    assert tasks[0].deadline_text == "mười ngày một lần"


def test_member_agencies_of_a_command_board_and_a_place_range_to_the_north():
    tasks = extract_tasks(
        "Chủ tịch UBND tỉnh yêu cầu các sở, ban, ngành, cơ quan thành viên Ban Chỉ huy Phòng "
        "thủ dân sự tỉnh, Chủ tịch UBND các xã, phường theo chức năng, nhiệm vụ chỉ đạo triển "
        "khai ứng phó với rét đậm. Thủ tướng yêu cầu Chủ tịch UBND các tỉnh từ Thừa Thiên Huế "
        "trở ra tiếp tục triển khai công tác phòng, chống rét."
    )
    assert same(
        tasks[0].lead,
        "các sở, ban, ngành, cơ quan thành viên Ban Chỉ huy Phòng thủ dân sự tỉnh, "
        "UBND các xã, phường",
    )
    assert same(tasks[1].lead, "UBND các tỉnh từ Thừa Thiên Huế trở ra")


def test_an_apposition_after_the_department_is_skipped():
    tasks = extract_tasks(
        "Phó Chủ tịch UBND TP giao Sở Nông nghiệp & Phát triển nông thôn - Cơ quan Thường trực "
        "phòng, chống thiên tai của Ban Chỉ huy TP chủ trì phối hợp với các cơ quan liên quan "
        "khẩn trương triển khai thực hiện Công điện."
    )
    assert len(tasks) == 1
    assert same(tasks[0].lead, "Sở Nông nghiệp và Phát triển nông thôn")
    assert tasks[0].content.startswith("Khẩn trương triển khai")
    assert normalise_unit_name("Sở Nông nghiệp&Phát triển nông thôn") == normalise_unit_name(
        "Sở NN&PTNT"
    )


def test_a_question_put_in_the_meeting_is_no_task():
    tasks = extract_tasks(
        "Đại biểu đề nghị Giám đốc Sở Khoa học và Công nghệ cho biết nguyên nhân chậm khắc "
        "phục và lộ trình bảo đảm chuyển đổi số ở cấp xã."
    )
    assert tasks == []


def test_provisions_of_a_law_told_as_duties_are_no_tasks():
    text = (
        "Chủ tịch UBND cấp xã có trách nhiệm:\n"
        "- Tổ chức thi hành Hiến pháp, pháp luật trên địa bàn (Điều 23 khoản 2).\n"
        "- Lãnh đạo cải cách hành chính, chuyển đổi số tại xã (Điều 23 khoản 3)."
    )
    assert extract_tasks(text) == []
