"""Excel exports in the officials' layout; user text never becomes a formula."""

from datetime import date, datetime
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from ictgov.core.excel import sheet_title, write_workbook
from ictgov.core.testing import read_export

pytestmark = pytest.mark.django_db


def test_layout_title_as_of_numbered_rows_and_a4_landscape():
    buffer = BytesIO()
    rows = [["Sở Tài chính", date(2026, 3, 1)], ["Sở Nội vụ", None]]
    count = write_workbook(
        buffer, "Danh sách: thử/nghiệm", ["Tên", "Ngày"], rows, as_of=date(2026, 12, 1)
    )
    assert count == 2
    ws = load_workbook(BytesIO(buffer.getvalue())).active
    assert ws.title == "Danh sách- thử-nghiệm"
    assert ws["A1"].value == "Danh sách: thử/nghiệm" and ws["A1"].font.bold
    assert ws["A2"].value == "Tính đến ngày 01/12/2026"
    assert [c.value for c in ws[4]] == ["STT", "Tên", "Ngày"]
    assert [c.value for c in ws[5]][:2] == [1, "Sở Tài chính"]
    assert ws["C5"].number_format == "DD/MM/YYYY" and ws["B5"].alignment.wrap_text
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    assert ws.print_title_rows == "$4:$4" and ws.freeze_panes == "A5"
    assert ws.column_dimensions["B"].width >= len("Sở Tài chính")


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x","bấm")', "+1+2", "-3", "@SUM(A1)"])
def test_text_that_looks_like_a_formula_stays_text(text):
    buffer = BytesIO()
    write_workbook(buffer, "T", ["Nội dung"], [[text]])
    cell = load_workbook(BytesIO(buffer.getvalue())).active["B5"]
    assert cell.value == text and cell.data_type == "s"


def test_control_characters_and_aware_times_do_not_break_the_file():
    buffer = BytesIO()
    moment = timezone.make_aware(datetime(2026, 12, 1, 8, 30))
    write_workbook(buffer, "T", ["Nội dung", "Lúc"], [["a\x01b\x0bc", moment]])
    ws = load_workbook(BytesIO(buffer.getvalue())).active
    assert ws["B5"].value == "abc" and ws["C5"].value == datetime(2026, 12, 1, 8, 30)


def test_sheet_titles_excel_accepts():
    assert sheet_title("Lịch làm việc: ngày nghỉ, ngày làm bù")[:15] == "Lịch làm việc- "
    assert len(sheet_title("x" * 80)) == 31 and sheet_title("") == "Sheet1"


@pytest.mark.parametrize("role", ["quantri", "lanhdao", None])
def test_the_calendar_exports_for_every_role(client_for, role):
    response = client_for(role).get("/core/calendar/", {"export": "xlsx"})
    assert response.status_code == 200
    export = read_export(response)
    assert export.title.startswith("Lịch làm việc")
    kinds = {row[1].date(): row[2] for row in export.rows}
    assert kinds[date(2026, 1, 10)] == "Ngày làm việc bù"  # a make-up Saturday (FACTS §6)
    assert kinds[date(2026, 1, 2)] == "Ngày nghỉ"
