"""Behaviour of the rule-based conclusion-task extractor (no database)."""

from __future__ import annotations

import glob
import importlib.util
import os
from datetime import date
from pathlib import Path

import pytest

from ictgov.core.text import fold
from ictgov.directives.extraction import (
    ProposedTask,
    extract_tasks,
    normalise_unit_name,
    parse_deadline,
)

REPO = Path(__file__).resolve().parents[4]
SOURCE_004 = REPO.parent / "shared" / "sources" / "004_ffd8bc506afb7ea3.txt"
DEV_SET = REPO / "tests" / "data" / "conclusions"
HOST = "Sở Thông tin và Truyền thông"

# The conclusion paragraph of source report 004 (Bạc Liêu, 20/4/2009), as published.
REPORT_004 = (
    "Kết luận buổi làm việc, Phó Chủ tịch UBND tỉnh Vũ Văn Hoạ cho rằng, trước mắt, Sở tổ "
    "chức lại bộ máy theo hướng tin gọn để hoạt động có hiệu quả. Cần đánh giá lại quá trình "
    "hoạt động cũng như đề xuất điều chỉnh nhân sự của Ban Giám đốc. Về biên chế, giao cho Sở "
    "Nội vụ tiếp tục theo dõi, làm việc với Bộ Nội vụ để sớm bổ sung biên chế cho sở. Ngoài "
    "ra, Sở phải phối hợp với các sở, ngành có liên quan, tìm kiếm, bổ sung 1 cán bộ biết "
    "tiếng Khmer để tham mưu giúp việc trong lĩnh vực báo chí, xuất bản, phát thanh - truyền "
    "hình bằng tiếng Khmer. Về sử dụng kinh phí ứng dụng CNTT của Trung ương hỗ trợ theo "
    "Quyết định 43/2008/QĐ-TTG của Thủ tướng Chính phủ, Sở cần phối hợp tích cực với các cơ "
    "quan có liên quan để sớm triển khai thực hiện. Về kinh phí đối ứng của tỉnh để thực hiện "
    "Đề án 191 giao cho Sở Tài chính, Sở Kế hoạch và Đầu tư nghiên cứu, sớm trình UBND tỉnh "
    "phê duyệt để thực hiện đúng lộ trình. Về Kế hoach ứng dụng CNTT trong hoạt động của cơ "
    "quan nhà nước giai đoạn 2009 - 2010 giao cho Sở Tài chính chủ trì phối hợp với Sở Kế "
    "hoạch và Đầu tư thẩm định và cho ý kiến bằng văn bản để Sở TT&TT tổng hợp trình UBND "
    "tỉnh phê duyệt. Sở Kế hoạch và Đầu tư sớm có ý kiến về vốn xây dựng Trụ sở làm việc và "
    "kinh phí lập Quy hoạch phát triển Bưu chính viễn thông và CNTT giai đoạn 2008 - 2020 của "
    "tỉnh. Cuối cùng, đề nghị Văn phòng UBND tỉnh sớm hoàn tất việc xử lý các vấn đề có liên "
    "quan đến Đề án 112 và chuyển giao cho Trung tâm CNTT và Truyền thông trực thuộc Sở TT&TT "
    "quản lý./."
)

REGISTRY = {
    "so thong tin va truyen thong": (1, HOST),
    "so noi vu": (2, "Sở Nội vụ"),
    "so tai chinh": (3, "Sở Tài chính"),
    "so ke hoach va dau tu": (4, "Sở Kế hoạch và Đầu tư"),
    "van phong ubnd tinh": (5, "Văn phòng UBND tỉnh"),
}


@pytest.fixture(autouse=True)
def fresh_calendar_cache():
    """Override the project-wide fixture: these tests need neither Django nor the calendar."""
    yield


def matcher(name: str) -> tuple[int, str] | None:
    return REGISTRY.get(fold(name))


def report_004() -> str:
    if SOURCE_004.exists():
        return SOURCE_004.read_text(encoding="utf-8")
    return REPORT_004


@pytest.fixture(scope="module")
def tasks_004() -> list[ProposedTask]:
    return extract_tasks(
        report_004(), reference_date=date(2009, 4, 20), host=HOST, unit_matcher=matcher
    )


def _find(tasks: list[ProposedTask], lead: str, *words: str) -> ProposedTask:
    for task in tasks:
        if fold(task.lead) == fold(lead) and all(fold(w) in fold(task.evidence) for w in words):
            return task
    leads = [(t.lead, t.evidence[:60]) for t in tasks]
    raise AssertionError(f"no task for {lead} with {words}: {leads}")


def test_source_004_interior_ministry_staffing_soon(tasks_004):
    task = _find(tasks_004, "Sở Nội vụ", "biên chế")
    assert task.deadline_text == "sớm"
    assert task.deadline is None
    assert task.directive_verb == "giao"
    assert task.lead_unit_id == 2
    assert "bổ sung biên chế" in task.content
    assert not task.content.lower().startswith(("giao", "sở nội vụ"))


def test_source_004_project_191_funding_finance_with_planning(tasks_004):
    task = _find(tasks_004, "Sở Tài chính", "Đề án 191")
    assert task.coordinating == ["Sở Kế hoạch và Đầu tư"]
    assert task.coordinating_unit_ids == [4]
    assert task.deadline_text == "sớm"


def test_source_004_it_plan_appraisal_led_by_finance(tasks_004):
    task = _find(tasks_004, "Sở Tài chính", "thẩm định")
    assert task.lead_unit_id == 3
    assert task.coordinating == ["Sở Kế hoạch và Đầu tư"]
    assert task.content.startswith("Thẩm định")


def test_source_004_headquarters_capital_and_project_112(tasks_004):
    capital = _find(tasks_004, "Sở Kế hoạch và Đầu tư", "Trụ sở")
    assert capital.deadline_text == "sớm"
    assert capital.lead_unit_id == 4
    office = _find(tasks_004, "Văn phòng UBND tỉnh", "Đề án 112")
    assert office.directive_verb == "đề nghị"
    assert office.lead_unit_id == 5


def test_source_004_host_tasks(tasks_004):
    reorganise = _find(tasks_004, HOST, "tổ chức lại bộ máy")
    assert reorganise.lead_unit_id == 1
    khmer = _find(tasks_004, HOST, "Khmer")
    assert khmer.coordinating == ["các sở, ngành có liên quan"]
    assert khmer.coordinating_unit_ids == [None]


def test_source_004_background_is_not_a_task(tasks_004):
    for task in tasks_004:
        assert "đã tham mưu" not in task.evidence
        assert "Tham dự buổi làm việc" not in task.evidence


def test_evidence_is_always_an_exact_substring(tasks_004):
    text = report_004()
    assert tasks_004
    for task in tasks_004:
        assert task.evidence and task.evidence in text


def test_evidence_substring_for_decomposed_unicode():
    import unicodedata

    raw = "Giao Sở Tài chính chủ trì thẩm định dự toán trước ngày 30/6/2025."
    text = unicodedata.normalize("NFD", raw)
    [task] = extract_tasks(text)
    assert task.evidence in text
    assert task.deadline == date(2025, 6, 30)


@pytest.mark.parametrize(
    ("phrase", "reference", "due", "text"),
    [
        ("Báo cáo trước ngày 30/6/2025.", None, date(2025, 6, 30), "trước ngày 30/6/2025"),
        ("Hoàn thành trước 15/7.", date(2025, 3, 1), date(2025, 7, 15), "trước 15/7"),
        ("Tổ chức thực hiện trong quý III/2025.", None, date(2025, 9, 30), "trong quý III/2025"),
        ("Gửi kết quả chậm nhất ngày 15 tháng 3 năm 2026.", None, date(2026, 3, 15), None),
        ("Hoàn thành trong tháng 10/2025.", None, date(2025, 10, 31), "trong tháng 10/2025"),
        ("Triển khai xong trong năm 2025.", None, date(2025, 12, 31), None),
        ("Sớm trình UBND tỉnh phê duyệt.", None, None, "Sớm"),
    ],
)
def test_deadlines(phrase, reference, due, text):
    got_due, got_text, _ = parse_deadline(phrase, reference)
    assert got_due == due
    if text is not None:
        assert got_text == text


def test_deadline_in_a_task():
    [task] = extract_tasks(
        "Giao Sở Y tế chủ trì, phối hợp với Sở Tài chính rà soát, báo cáo UBND tỉnh trước 15/7.",
        reference_date=date(2025, 3, 1),
    )
    assert task.lead == "Sở Y tế"
    assert task.coordinating == ["Sở Tài chính"]
    assert task.deadline == date(2025, 7, 15)
    assert task.deadline_text == "trước 15/7"


@pytest.mark.parametrize(
    ("sentence", "phrase"),
    [
        ("Yêu cầu Sở Xây dựng khẩn trương rà soát hồ sơ dự án.", "khẩn trương"),
        ("Đề nghị Sở Y tế triển khai ngay các biện pháp phòng dịch.", "ngay"),
        ("Đề nghị Sở Y tế ngay lập tức kiểm tra các cơ sở.", "ngay lập tức"),
        ("Giao Sở Nội vụ sớm bổ sung biên chế.", "sớm"),
        ("Yêu cầu UBND các huyện báo cáo kết quả càng sớm càng tốt.", "càng sớm càng tốt"),
        ("Giao Sở Tài chính trình phương án trong thời gian sớm nhất.", "trong thời gian sớm nhất"),
        (
            "Yêu cầu Sở Công Thương triển khai ngay trong tuần này việc kiểm tra thị trường.",
            "ngay trong tuần này",
        ),
    ],
)
def test_as_soon_as_possible_is_a_verbatim_deadline(sentence, phrase):
    """ASAP phrases come back verbatim with no date: the application dates them."""
    [task] = extract_tasks(sentence)
    assert task.deadline is None
    assert task.deadline_text == phrase


def test_a_date_beats_as_soon_as_possible():
    [task] = extract_tasks("Yêu cầu Sở Xây dựng khẩn trương rà soát, báo cáo trước ngày 30/6/2025.")
    assert task.deadline == date(2025, 6, 30)
    assert task.deadline_text == "trước ngày 30/6/2025"


def test_first_as_soon_as_possible_phrase_wins():
    [task] = extract_tasks(
        "Yêu cầu Bộ Kế hoạch và Đầu tư khẩn trương chủ trì thực hiện ngay việc "
        "tổng hợp phương án điều chuyển vốn."
    )
    assert task.deadline_text == "khẩn trương"


@pytest.mark.parametrize(
    "sentence",
    [
        "Đề nghị Sở Y tế thường xuyên kiểm tra, kịp thời xử lý vi phạm.",
        "Yêu cầu Sở Thông tin và Truyền thông triển khai hiệu quả, đúng lộ trình Đề án số hóa.",
        "Đề nghị các cơ quan báo chí nộp lưu chiểu đúng thời hạn.",
        "Giao Sở Lao động - Thương binh và Xã hội kiểm tra, báo cáo kịp thời cho UBND tỉnh.",
        "Yêu cầu Sở Nội vụ báo cáo số liệu ngày 15 của tháng trước.",  # "ngày", not "ngay"
    ],
)
def test_manner_adverbs_are_not_deadlines(sentence):
    [task] = extract_tasks(sentence)
    assert task.deadline is None
    assert task.deadline_text is None


def test_data_cut_off_date_is_not_a_deadline():
    [task] = extract_tasks(
        "Yêu cầu Bộ Kế hoạch và Đầu tư đề xuất điều chuyển kế hoạch vốn năm 2022 của các bộ "
        "đến ngày 31/3/2022 chưa phân bổ hết."
    )
    assert task.deadline is None
    due, _, _ = parse_deadline(
        "tổng hợp số liệu tính đến ngày 31/5/2025, báo cáo trước ngày 10/6/2025"
    )
    assert due == date(2025, 6, 10)


def test_recurring_due_day_is_kept_verbatim():
    [task] = extract_tasks("Giao Sở Nội vụ tổng hợp, báo cáo UBND tỉnh trước ngày 20 hàng tháng.")
    assert task.deadline is None
    assert task.deadline_text == "trước ngày 20 hàng tháng"
    assert task.recurrence == "monthly"


def test_recurrence_inside_parentheses_is_an_aside():
    [task] = extract_tasks(
        "UBND tỉnh yêu cầu Ban Dân tộc xây dựng kế hoạch (dự toán kinh phí hàng năm) và tổ "
        "chức triển khai Đề án."
    )
    assert task.recurrence is None
    assert task.deadline_text is None


def test_horizon_of_a_strategy_is_not_a_deadline():
    due, _, _ = parse_deadline("thực hiện Chiến lược đến năm 2025, định hướng đến năm 2030")
    assert due is None


@pytest.mark.parametrize(
    ("phrase", "recurrence"),
    [
        ("Phòng Văn hóa và Thông tin cần tổ chức giao ban hàng quý.", "quarterly"),
        ("Các đơn vị cần báo cáo định kỳ hằng tháng về Sở.", "monthly"),
        ("UBND các huyện phải tổng hợp kết quả hằng năm.", "yearly"),
    ],
)
def test_recurrence(phrase, recurrence):
    [task] = extract_tasks(phrase)
    assert task.recurrence == recurrence
    assert task.deadline is None
    assert task.deadline_text and fold(task.deadline_text).startswith(("hang", "dinh ky"))


def test_praise_and_past_results_yield_no_task():
    text = (
        "Phó Chủ tịch UBND tỉnh ghi nhận, biểu dương những kết quả mà Sở Thông tin và Truyền "
        "thông đã đạt được trong năm 2024. Sở đã tham mưu UBND tỉnh ban hành nhiều văn bản "
        "quan trọng. Các cơ quan báo chí đã thực hiện tốt nhiệm vụ tuyên truyền."
    )
    assert extract_tasks(text, host=HOST) == []


def test_numbered_conclusion_with_unit_headings():
    text = (
        "Chủ tịch UBND tỉnh kết luận như sau:\n"
        "1. Sở Tài chính:\n"
        "- Chủ trì, phối hợp với Sở Kế hoạch và Đầu tư cân đối nguồn vốn;\n"
        "- Tham mưu UBND tỉnh bố trí kinh phí trước ngày 30/9/2025.\n"
        "2. Giao UBND các huyện, thị xã, thành phố rà soát các điểm BTS hàng quý.\n"
        "Văn phòng UBND tỉnh thông báo để các cơ quan, đơn vị biết, thực hiện./.\n"
    )
    tasks = extract_tasks(text, reference_date=date(2025, 6, 1))
    assert [t.lead for t in tasks] == [
        "Sở Tài chính",
        "Sở Tài chính",
        "UBND các huyện, thị xã, thành phố",
    ]
    assert tasks[0].coordinating == ["Sở Kế hoạch và Đầu tư"]
    assert tasks[1].deadline == date(2025, 9, 30)
    assert tasks[2].recurrence == "quarterly"


def test_to_dict_is_json_friendly():
    [task] = extract_tasks("Giao Sở Nội vụ hoàn thành trước ngày 30/6/2025.")
    data = task.to_dict()
    assert data["deadline"] == "2025-06-30"
    assert data["lead"] == "Sở Nội vụ"
    assert set(data) >= {"content", "lead_unit_id", "coordinating_unit_ids", "evidence"}


def test_name_normalisation():
    assert normalise_unit_name("Ủy ban nhân dân tỉnh") == normalise_unit_name("UBND tỉnh")
    assert normalise_unit_name("Sở TT&TT") == normalise_unit_name("Sở Thông tin và Truyền thông")
    assert normalise_unit_name("Sở KH&ĐT") == normalise_unit_name("Sở Kế hoạch và Đầu tư")


def _load_bench():
    path = REPO / "bench" / "extraction_bench.py"
    spec = importlib.util.spec_from_file_location("extraction_bench", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_dev_set_f1():
    files = glob.glob(os.path.join(DEV_SET, "*.json"))
    if len(files) < 10:
        pytest.skip(f"dev set has {len(files)} documents (< 10)")
    bench = _load_bench()
    # The tuning part only: the source-disjoint test part is measured, never tuned on.
    result = bench.evaluate(bench.split_of(bench.load_documents(str(DEV_SET)), "tune"))
    assert result["f1"] >= 0.80, result


def test_error_categories_count_kinds_without_text():
    bench = _load_bench()
    text = "Chủ tịch UBND tỉnh yêu cầu các phòng GD&ĐT các quận, huyện rà soát đội ngũ giáo viên."
    doc = {
        "text": text,
        "date": None,
        "host": None,
        "tasks": [
            {
                "evidence": text,
                "lead": "các phòng GD&ĐT các quận, huyện, thị xã",
                "deadline": None,
                "deadline_text": None,
            }
        ],
    }
    counts = bench.error_categories([doc, {**doc, "tasks": []}])
    assert counts == {
        "lead: too short (inside the gold lead)": 1,
        "spurious: in a document without tasks": 1,
    }


SOURCE_003_CONCLUSION = (
    "Đồng chí Thứ trưởng yêu cầu Sở phải tập trung nghiên cứu giải pháp để duy trì, phát huy "
    "hiệu quả các Điểm Bưu điện văn hóa xã gắn với tiêu chí xây dựng nông thôn mới; triển khai "
    "hiệu quả, đúng lộ trình Đề án số hóa truyền hình; không ngừng tự trau dồi, học hỏi nâng cao "
    "kiến thức chuyên môn, nghiệp vụ."
)


def test_semicolon_items_of_a_directive_are_separate_tasks():
    tasks = extract_tasks(SOURCE_003_CONCLUSION, host=HOST)
    assert [t.lead for t in tasks] == [HOST] * 3
    assert tasks[1].evidence == "triển khai hiệu quả, đúng lộ trình Đề án số hóa truyền hình"
    assert tasks[1].deadline_text is None  # "đúng lộ trình" is a manner, not a deadline
    assert tasks[2].content.startswith("Không ngừng tự trau dồi")
    for t in tasks:
        assert t.evidence in SOURCE_003_CONCLUSION


def test_semicolon_item_with_its_own_directive_verb_is_separate():
    tasks = extract_tasks(
        "Yêu cầu Sở Y tế chủ trì kiểm tra an toàn thực phẩm; đề nghị Sở Công Thương phối hợp "
        "kiểm soát thị trường."
    )
    assert [t.lead for t in tasks] == ["Sở Y tế", "Sở Công Thương"]


@pytest.mark.parametrize(
    "text",
    [
        # The deadline closes the job before it.
        "Giao Sở Tài nguyên và Môi trường nghiên cứu, đề xuất UBND tỉnh xem xét theo quy "
        "định; hoàn thành trước ngày 10/12/2023.",
        # Items that are objects of the same verb, not jobs.
        "Đề nghị các cơ quan báo chí tiếp tục tuyên truyền về kết quả Hội nghị Trung ương; kết "
        "quả Kỳ họp thứ 4 Quốc hội; hoạt động tiếp xúc cử tri.",
    ],
)
def test_semicolon_continuations_stay_one_task(text):
    [task] = extract_tasks(text, reference_date=date(2023, 11, 23))
    assert task.evidence.rstrip(".").endswith(text.rstrip(".")[-20:])


def test_semicolon_jobs_after_lead_and_partners_are_tasks_of_the_lead():
    """Guideline 14 (tests/data/conclusions/README.md): after "giao X chủ trì, phối hợp
    với Y …", each ";" item opening with an action is a further task of X."""
    tasks = extract_tasks(
        "Giao Sở Thông tin và Truyền thông chủ trì, phối hợp với các sở xây dựng kế hoạch "
        "triển khai cụ thể; hướng dẫn, chỉ đạo các đơn vị tổ chức các hoạt động hưởng ứng."
    )
    assert [t.lead for t in tasks] == ["Sở Thông tin và Truyền thông"] * 2
    assert tasks[1].content.startswith("Hướng dẫn, chỉ đạo các đơn vị")


def test_purpose_clause_names_a_second_actor():
    text = (
        "Về Kế hoạch ứng dụng CNTT giao cho Sở Tài chính chủ trì phối hợp với Sở Kế hoạch và Đầu "
        "tư thẩm định và cho ý kiến bằng văn bản để Sở TT&TT tổng hợp trình UBND tỉnh phê duyệt."
    )
    first, second = extract_tasks(text, host=HOST)
    assert first.lead == "Sở Tài chính"
    assert first.coordinating == ["Sở Kế hoạch và Đầu tư"]
    assert first.evidence.endswith("bằng văn bản")
    assert normalise_unit_name(second.lead) == normalise_unit_name(HOST)
    assert second.evidence == "để Sở TT&TT tổng hợp trình UBND tỉnh phê duyệt."
    assert second.content == "Tổng hợp trình UBND tỉnh phê duyệt"


def test_purpose_clause_for_a_superior_or_the_same_unit_is_no_task():
    assert len(extract_tasks("Đề nghị Sở sớm xây dựng đề án cụ thể để Bộ xem xét.", host=HOST)) == 1
    assert len(extract_tasks("Giao Sở Tài chính rà soát để UBND tỉnh xem xét, quyết định.")) == 1


def test_unit_list_after_a_colon():
    [task] = extract_tasks(
        "UBND tỉnh giao Sở Tài chính chủ trì, phối hợp với Sở Xây dựng và UBND các huyện: Đạ "
        "Huoai, Đạ Tẻh và Cát Tiên nghiên cứu và báo cáo đề xuất phương án sắp xếp tài sản công."
    )
    assert task.lead == "Sở Tài chính"
    assert task.coordinating == ["Sở Xây dựng", "UBND các huyện: Đạ Huoai, Đạ Tẻh và Cát Tiên"]
    assert task.content.startswith("Nghiên cứu và báo cáo")


def test_colon_heading_still_opens_a_list():
    [task] = extract_tasks("Yêu cầu các đơn vị: Rà soát, báo cáo trước ngày 5/6/2025.")
    assert task.lead == "các đơn vị"
    assert task.deadline == date(2025, 6, 5)


def test_plural_subject_of_a_directive_text():
    text = (
        "Lãnh đạo thành phố yêu cầu các cơ quan liên quan xây dựng kế hoạch gặp gỡ báo chí.\n\n"
        "Các sở ngành đề xuất ban hành quy chế hoạt động của đài truyền thanh xã."
    )
    tasks = extract_tasks(text)
    assert [t.lead for t in tasks] == ["các cơ quan liên quan", "Các sở ngành"]


def test_quoted_speech():
    text = (
        "Chủ tịch UBND tỉnh nhấn mạnh: “Các sở, ngành phải khẩn trương rà soát hồ sơ tồn đọng. "
        "Sở Tài chính cần sớm trình phương án phân bổ vốn”."
    )
    first, second = extract_tasks(text)
    assert (first.lead, first.deadline_text) == ("Các sở, ngành", "khẩn trương")
    assert first.evidence == "Các sở, ngành phải khẩn trương rà soát hồ sơ tồn đọng."
    assert (second.lead, second.deadline_text) == ("Sở Tài chính", "sớm")
    assert second.evidence == "Sở Tài chính cần sớm trình phương án phân bổ vốn"
    assert second.content == "Trình phương án phân bổ vốn"


def test_bench_run_returns_printable_lines():
    files = glob.glob(os.path.join(DEV_SET, "*.json"))
    if not files:
        pytest.skip("no dev set")
    bench = _load_bench()
    bench.throughput = lambda docs, min_seconds=2.0: 1.0  # keep the test fast
    lines = bench.run()
    assert all(isinstance(line, str) for line in lines)
    dev = [line for line in lines if line.startswith("dev set, whole")]
    parts = [line for line in lines if line.startswith("dev set, ") and "part" in line]
    held = [line for line in lines if line.startswith("held-out")]
    assert len(dev) == 1 and "extraction: F1=" in dev[0]
    assert f"({len(files)} docs" in dev[0]
    assert len(parts) == 2 and all("extraction: F1=" in line for line in parts)
    assert len(held) == 1
    assert any(line.startswith("source_004.json") for line in lines)


# --- Formal-notice language: due dates in a sentence of their own, accent-aware heads ---


@pytest.mark.parametrize(
    "closing",
    [
        "Thời gian hoàn thành: trước ngày 15/7/2024.",
        "Thời hạn: trước ngày 15/7/2024.",
        "Trình UBND tỉnh trước ngày 15/7/2024 để xem xét.",
        "Báo cáo UBND tỉnh trước ngày 15/7/2024.",
        "Chậm nhất ngày 15/7/2024.",
    ],
)
def test_due_date_in_the_next_sentence_belongs_to_the_task_before(closing):
    text = (
        "Giao Sở Xây dựng chủ trì, phối hợp với Sở Tài chính rà soát đơn giá nhà ở "
        "xã hội trên địa bàn. " + closing
    )
    tasks = extract_tasks(text, reference_date=date(2024, 6, 1))
    assert len(tasks) == 1
    task = tasks[0]
    assert task.lead == "Sở Xây dựng"
    assert task.deadline == date(2024, 7, 15)
    assert task.evidence in text and closing.split(" ")[0] in task.evidence


def test_due_sentence_with_a_report_noun_as_subject_is_not_a_new_task():
    text = (
        "UBND các huyện rà soát danh mục trường học cần sửa chữa. "
        "Số liệu phải được gửi về Sở Giáo dục và Đào tạo trước ngày 20/9/2024."
    )
    tasks = extract_tasks(text, reference_date=date(2024, 9, 1))
    assert [t.lead for t in tasks] == ["UBND các huyện"]
    assert tasks[0].deadline == date(2024, 9, 20)


def test_a_concrete_date_in_the_next_sentence_beats_an_asap_word():
    text = (
        "Đề nghị Sở Y tế khẩn trương kiểm tra các cơ sở dược. "
        "Báo cáo UBND tỉnh trước ngày 5/3/2024."
    )
    [task] = extract_tasks(text, reference_date=date(2024, 2, 20))
    assert task.deadline == date(2024, 3, 5)


def test_due_sentence_does_not_override_a_date_already_given():
    text = (
        "Giao Sở Nội vụ hoàn thiện đề án trước ngày 10/4/2024. "
        "Báo cáo UBND tỉnh kết quả thực hiện trước ngày 30/4/2024."
    )
    tasks = extract_tasks(text, reference_date=date(2024, 3, 1))
    assert tasks[0].deadline == date(2024, 4, 10)


def test_words_that_fold_like_unit_heads_are_not_units():
    # "Số liệu" folds like "Sở", the district "Triệu Phong" like "Phòng".
    [task] = extract_tasks(
        "Giao UBND huyện Triệu Phong chủ trì, phối hợp với Sở Tài nguyên và Môi trường "
        "kiểm tra hiện trạng bãi bồi; hoàn thành trước ngày 20/5/2024.",
        reference_date=date(2024, 4, 25),
    )
    assert task.lead == "UBND huyện Triệu Phong"
    assert task.coordinating == ["Sở Tài nguyên và Môi trường"]
    tasks = extract_tasks("Số liệu phải được cập nhật đầy đủ vào phần mềm.")
    assert all(t.lead != "Số" for t in tasks)


def test_unaccented_so_still_names_a_department():
    [task] = extract_tasks("Giao So Tai chinh chu tri tham dinh du toan.")
    assert task.lead and fold(task.lead).startswith("so tai chinh")


def test_formal_numbered_notice():
    """A notice in the usual official shape (written for this test): numbered items, a unit as
    an item's heading with lettered sub-items, "Đề nghị X:" with dashes, and praise to skip."""
    text = (Path(__file__).parent / "data" / "formal_notice.txt").read_text(encoding="utf-8")
    tasks = extract_tasks(text, reference_date=date(2025, 6, 10))
    assert [(t.lead, t.deadline) for t in tasks] == [
        ("Sở Khoa học và Công nghệ", date(2025, 6, 30)),
        ("Sở Tài chính", date(2025, 7, 31)),
        ("Sở Tài chính", None),
        ("UBND các xã, phường", None),
        ("UBND các xã, phường", date(2025, 9, 30)),
        ("Văn phòng UBND tỉnh", None),
    ]
    assert tasks[0].coordinating[0] == "Sở Tài chính"
    assert tasks[1].content.startswith("Cân đối")  # not the modal "cần"
    assert tasks[5].recurrence == "monthly"
    assert not any("Đánh giá cao" in t.evidence for t in tasks)
    assert all(t.evidence in text for t in tasks)
