"""core.imports: all-or-nothing Excel import with Vietnamese errors naming sheet, row, cell and
column; the template; background jobs with progress."""

import io
import os
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from ictgov.core.imports import (
    CellProblem,
    Column,
    ImportRejected,
    ImportSpec,
    column_letter,
    read_sheet,
    run_import_job,
    start_import,
)
from ictgov.core.models import CalendarOverride, ImportJob


def workbook(rows, title="Ngày nghỉ", extra_sheets=()):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(list(row))
    for name in extra_sheets:
        wb.create_sheet(name)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def no_weekday_7(value):
    if value.year < 2000:
        raise ValidationError("năm phải từ 2000.")
    return value


def check_db(rows):
    existing = set(
        CalendarOverride.objects.filter(day__in=[r.values["day"] for r in rows]).values_list(
            "day", flat=True
        )
    )
    for row in rows:
        if row.values["day"] in existing:
            row.error("day", "đã có trong hệ thống.")


SPEC = ImportSpec(
    title="Ngày nghỉ",
    columns=[
        Column("day", "Ngày", kind="date", required=True, parse=no_weekday_7),
        Column(
            "kind",
            "Loại",
            kind="choice",
            required=True,
            choices=CalendarOverride.Kind.choices,
        ),
        Column("reason", "Lý do", required=True, max_length=20),
        Column("hours", "Số giờ", kind="int", min_value=0, max_value=24),
        Column("rate", "Tỉ lệ", kind="decimal"),
        Column("paid", "Có lương", kind="bool"),
        Column(
            "tags", "Nhãn", kind="choice", multiple=True, choices=[("a", "Alpha"), ("b", "Beta")]
        ),
    ],
    unique=[("day",)],
    check_rows=check_db,
)
HEADER = ["Ngày", "Loại", "Lý do", "Số giờ", "Tỉ lệ", "Có lương", "Nhãn"]


def save(rows):
    CalendarOverride.objects.bulk_create(
        CalendarOverride(day=r.values["day"], kind=r.values["kind"], reason=r.values["reason"])
        for r in rows
    )
    return len(rows)


def test_column_letters():
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]


@pytest.mark.django_db
def test_good_file_imports_every_row_with_converted_values():
    data = workbook(
        [
            ["Danh sách ngày nghỉ"],  # a title above the header row is allowed
            HEADER,
            [date(2031, 1, 2), "Ngày nghỉ", "Tết", 8, "1,5", "Có", "alpha, Beta"],
            ["03/01/2031", "working_day", "Làm bù", "4", 2.25, "không", None],
            [None, None, None],  # empty rows are skipped
            ["2031-01-05", "ngay lam viec bu", "Bù", None, None, None, "beta"],
        ]
    )
    result = SPEC.validate(data)
    assert result.ok, result.messages()
    values = [r.values for r in result.rows]
    assert [r.number for r in result.rows] == [3, 4, 6]
    assert values[0] == {
        "day": date(2031, 1, 2),
        "kind": "day_off",
        "reason": "Tết",
        "hours": 8,
        "rate": Decimal("1.5"),
        "paid": True,
        "tags": ["a", "b"],
    }
    assert values[1]["day"] == date(2031, 1, 3) and values[1]["paid"] is False
    assert values[1]["hours"] == 4 and values[1]["rate"] == Decimal("2.25")
    assert values[2]["kind"] == "working_day" and values[2]["tags"] == ["b"]
    outcome = SPEC.import_file(data, save)
    assert outcome.rows == 3 and outcome.saved == 3
    assert CalendarOverride.objects.filter(day__year=2031).count() == 3


@pytest.mark.django_db
def test_one_bad_cell_imports_nothing_and_names_sheet_row_cell_and_column():
    data = workbook(
        [
            HEADER,
            [date(2031, 2, 2), "Ngày nghỉ", "Được", 8],
            [date(2031, 2, 3), "Ngày nghỉ", "Sai giờ", "tám"],
        ]
    )
    with pytest.raises(ImportRejected) as caught:
        SPEC.import_file(data, save)
    assert not CalendarOverride.objects.filter(day__year=2031).exists()
    (message,) = caught.value.result.messages()
    assert (
        message == 'Trang "Ngày nghỉ", dòng 3, ô D3 (cột "Số giờ"): "tám" không phải là số nguyên.'
    )
    assert caught.value.result.bad_rows == [3]


@pytest.mark.django_db
def test_every_problem_is_listed():
    CalendarOverride.objects.create(day=date(2032, 5, 5), kind="day_off", reason="Có sẵn")
    data = workbook(
        [
            HEADER,
            [None, "Nghỉ lễ", "x" * 21, 25, "abc", "có lẽ", "gamma"],
            [date(1999, 1, 1), "Ngày nghỉ", "Cũ"],
            [date(2032, 5, 5), "Ngày nghỉ", "Trùng CSDL"],
            ["31/02/2032", "Ngày nghỉ", "Ngày sai"],
            [date(2032, 6, 1), "Ngày nghỉ", "A"],
            [date(2032, 6, 1), "Ngày nghỉ", "B"],
        ]
    )
    result = SPEC.validate(data)
    text = "\n".join(result.messages())
    assert 'dòng 2, ô A2 (cột "Ngày"): bắt buộc nhập.' in text
    assert 'ô B2 (cột "Loại"): "Nghỉ lễ" không thuộc danh sách cho phép' in text
    assert 'ô C2 (cột "Lý do"): dài 21 ký tự, tối đa 20.' in text
    assert 'ô D2 (cột "Số giờ"): "25" lớn hơn giá trị tối đa 24.' in text
    assert 'ô E2 (cột "Tỉ lệ"): "abc" không phải là số.' in text
    assert 'ô F2 (cột "Có lương"): "có lẽ" không hợp lệ' in text
    assert 'ô G2 (cột "Nhãn"): "gamma" không thuộc danh sách cho phép (Alpha, Beta).' in text
    assert 'ô A3 (cột "Ngày"): năm phải từ 2000.' in text
    assert 'ô A4 (cột "Ngày"): đã có trong hệ thống.' in text
    assert 'ô A5 (cột "Ngày"): "31/02/2032" không phải là ngày (nhập dạng dd/mm/yyyy).' in text
    assert 'ô A7 (cột "Ngày"): trùng Ngày với dòng 6 trong cùng tệp.' in text
    assert result.bad_rows == [2, 3, 4, 5, 7]


@pytest.mark.django_db
def test_problems_found_while_saving_undo_everything():
    data = workbook(
        [HEADER, [date(2033, 1, 1), "Ngày nghỉ", "A"], [date(2033, 1, 2), "Ngày nghỉ", "B"]]
    )

    def save_then_complain(rows):
        save(rows)
        rows[1].error("reason", "không được phép.")

    with pytest.raises(ImportRejected) as caught:
        SPEC.import_file(data, save_then_complain)
    assert not CalendarOverride.objects.filter(day__year=2033).exists()
    assert caught.value.result.messages() == [
        'Trang "Ngày nghỉ", dòng 3, ô C3 (cột "Lý do"): không được phép.'
    ]


def test_missing_required_column_and_unreadable_file():
    result = SPEC.validate(workbook([["Ngày", "Lý do"], [date(2031, 1, 1), "x"]]))
    assert result.messages() == [
        'Trang "Ngày nghỉ", dòng 1 (cột "Loại"): thiếu cột bắt buộc trong dòng tiêu đề.'
    ]
    result = SPEC.validate(b"not a workbook")
    assert result.messages() == [
        'Trang "Ngày nghỉ": Không đọc được tệp: tệp phải là bảng tính Excel '
        "(.xlsx, .xls) hoặc .ods."
    ]
    result = SPEC.validate(workbook([HEADER]))
    assert "không có dòng dữ liệu" in result.messages()[0]


@pytest.mark.django_db
def test_sheet_is_found_by_name_and_openpyxl_reads_the_same():
    data = workbook([["x"]], title="Khác", extra_sheets=["ngay nghi"])
    name, rows = read_sheet(data, "Ngày nghỉ")
    assert name == "ngay nghi"
    data = workbook([HEADER, [date(2031, 1, 2), "Ngày nghỉ", "Tết", 8]])
    for engine in ("calamine", "openpyxl"):
        result = SPEC.validate(data, engine=engine)
        assert result.ok and result.rows[0].values["day"] == date(2031, 1, 2)
        assert result.rows[0].values["hours"] == 8


def test_row_limit():
    spec = ImportSpec(title="X", columns=[Column("a", "A", required=True)], max_rows=2)
    result = spec.validate(workbook([["A"], [1], [2], [3]], title="X"))
    assert result.messages() == ['Trang "X": Tệp có 3 dòng, vượt quá giới hạn 2 dòng một lần nhập.']


def test_template_has_the_header_row_and_reads_back():
    buffer = io.BytesIO()
    SPEC.write_template(buffer)
    name, rows = read_sheet(buffer.getvalue())
    assert name == "Ngày nghỉ" and rows[0] == HEADER
    _name, help_rows = read_sheet(buffer.getvalue(), "Hướng dẫn")
    assert help_rows[1][:2] == ["A", "Ngày *"]
    assert "ngày dd/mm/yyyy" in help_rows[1][2]
    response = SPEC.template_response("mau")
    assert response["Content-Disposition"] == 'attachment; filename="mau.xlsx"'
    # An empty template says it has no rows rather than failing.
    assert "không có dòng dữ liệu" in SPEC.validate(buffer.getvalue()).messages()[0]


def prepare(params, user):
    """The handler of the job tests (a dotted path, as an app would give)."""
    return SPEC, save


HANDLER = "ictgov.core.tests.test_imports.prepare"


@pytest.mark.django_db
def test_job_runs_inline_and_records_the_rows(users):
    data = workbook([HEADER, [date(2034, 1, 1), "Ngày nghỉ", "A"]])
    job = start_import(HANDLER, data, user=users["chuyenvien"], title="Ngày nghỉ", next_url="/x/")
    assert job.status == ImportJob.Status.DONE and job.rows == 1 and job.percent == 100
    assert CalendarOverride.objects.filter(day=date(2034, 1, 1)).exists()


@pytest.mark.django_db
def test_job_in_background_records_progress_and_errors(
    users, client_for, django_capture_on_commit_callbacks
):
    data = workbook([HEADER, [date(2035, 1, 1), "Ngày nghỉ", "A"], [date(2035, 1, 1), "?", "B"]])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = start_import(
            HANDLER, data, user=users["chuyenvien"], title="Ngày nghỉ", background=True
        )
    assert len(callbacks) == 1  # the task is queued after the commit
    assert job.status == ImportJob.Status.QUEUED
    page = client_for("chuyenvien").get(f"/core/imports/{job.pk}/")
    assert page.status_code == 200 and b'hx-trigger="every 1s"' in page.content
    assert run_import_job(job.pk) == ImportJob.Status.REJECTED
    job.refresh_from_db()
    assert job.error_count == 2
    assert not CalendarOverride.objects.filter(day__year=2035).exists()
    page = client_for("chuyenvien").get(f"/core/imports/{job.pk}/", headers={"HX-Request": "true"})
    assert "không dòng nào được nhập" in page.content.decode()
    assert "dòng 3, ô A3" in page.content.decode()
    assert client_for("canboxa").get(f"/core/imports/{job.pk}/").status_code == 404


# One column of each kind (and a required one), for the column-by-column conversions.
every_kind_of_column = pytest.mark.parametrize(
    "column",
    [
        Column("t", "Tên", max_length=5, default=""),
        Column("r", "Bắt buộc", required=True),
        Column("d", "Số", kind="decimal", min_value=Decimal(0), max_value=Decimal(10)),
        Column("f", "Thực", kind="float"),
        Column("i", "Nguyên", kind="int", min_value=0),
        Column("b", "Có/không", kind="bool", default=False),
        Column("c", "Chọn", kind="choice", choices=[("a", "Đang hoạt động"), ("b", "Tạm ngừng")]),
        Column("m", "Nhiều", kind="choice", multiple=True, choices=[("x", "4G"), ("y", "5G")]),
        Column("p", "Đổi", parse=lambda v: v.upper()),
        Column("n", "Ngày", kind="date"),
    ],
    ids=lambda c: c.kind + ("-required" if c.required else ""),
)


def _cell_by_cell(column, cells):
    """What `convert` gives cell by cell: the values (None where a problem) and the problems."""
    values, problems = [], []
    for i, cell in enumerate(cells):
        try:
            values.append(column.convert(cell))
        except CellProblem as exc:
            values.append(None)
            problems.append((i, str(exc)))
    return values, problems


@every_kind_of_column
def test_a_column_converts_its_cells_as_each_cell_alone(column):
    """convert_many (the import's column-by-column pass) gives each cell's value or problem
    exactly as `convert` does."""
    cells = [None, "", "  ", " abc ", "abcdefgh", 3, 3.0, 3.5, -1, 11, True, False, "Có", "không",
             "đang hoạt động", "TẠM NGỪNG", "khác", "4g, 5G", "5g;x", "3,5", "1.200", "x",
             date(2026, 1, 2), "02/01/2026"]  # fmt: skip
    values, problems = column.convert_many(cells)
    expected_values, expected_problems = _cell_by_cell(column, cells)
    assert values == expected_values
    assert [type(v) for v in values] == [type(v) for v in expected_values]
    assert problems == expected_problems


# Columns of one sort of cell, which convert_many converts as a whole column at once.
HOMOGENEOUS = [
    [None, None, None],
    [" abc", "de ", "fgh"],
    ["abcdefgh", "ab"],
    ["abc", "", "de"],
    ["Đang hoạt động", "tạm ngừng", "Đang hoạt động"],
    ["Đang hoạt động", "khác"],
    ["Có", "không", "CÓ", "x", "Có"],
    ["Có", "có thể"],
    [1.5, 2, 3.25],
    [1.5, 11.0],
    [-1.0, 2.0],
    ["4G, 5G", "4g", "4G, 5G"],
]


@every_kind_of_column
def test_a_whole_column_converts_as_each_cell_alone(column):
    """The same, for columns whose cells are all of one sort (the whole-column path), and a
    multiple choice gives each row its own list."""
    for cells in HOMOGENEOUS:
        values, problems = column.convert_many(cells)
        expected_values, expected_problems = _cell_by_cell(column, cells)
        assert values == expected_values, cells
        assert [type(v) for v in values] == [type(v) for v in expected_values], cells
        assert problems == expected_problems, cells
        lists = [v for v in values if isinstance(v, list) and v]
        assert len({id(v) for v in lists}) == len(lists)


def test_copy_text_format_escapes_what_copy_reads_specially():
    """The COPY text of a column: NULL as \\N, booleans t/f, dates ISO, and a backslash, tab,
    line feed or carriage return in text escaped (else a cell would split the row)."""
    from datetime import date
    from decimal import Decimal

    from ictgov.core.bulkcopy import copy_texts

    assert copy_texts(["a", None, "b"]) == ["a", "\\N", "b"]
    assert copy_texts(["x\ty", "1\\2", "l1\nl2\r"]) == ["x\\ty", "1\\\\2", "l1\\nl2\\r"]
    assert copy_texts([True, False, None]) == ["t", "f", "\\N"]
    assert copy_texts([Decimal("18.679585"), 3, None]) == ["18.679585", "3", "\\N"]
    assert copy_texts([date(2025, 7, 1)]) == ["2025-07-01"]
    assert copy_texts([None, None]) == ["\\N", "\\N"]


def test_a_column_folded_at_once_folds_each_cell_as_fold_does():
    from ictgov.core.text import fold, fold_many

    cells = ["Trạm  Nghi Phú ", "ĐÀI\tTRUYỀN THANH", "", "abc", "Ωmega 𝔸", "x\x00y", "İstanbul"]
    assert fold_many(cells) == [fold(c) for c in cells]  # 𝔸 and NUL take the slow way
    assert fold_many(cells[:4]) == [fold(c) for c in cells[:4]]
    assert fold_many([]) == []


def test_words_of_a_column_folded_at_once_are_those_fold_words_gives():
    from ictgov.core.text import fold, fold_words, fold_words_many

    cells = ["Trạm (Nghi Phú) 1", "TT&TT, số 7/2", "", "  -- ", "VNPT-NA_01", "一 trạm", "a\tb"]
    folded = [fold(c) for c in cells]
    assert fold_words_many(folded) == [fold_words(c) for c in cells]  # 一: the slow way
    assert fold_words_many(folded[:5]) == [fold_words(c) for c in cells[:5]]
    assert fold_words_many([]) == []


@pytest.mark.django_db
def test_rows_inserted_in_bulk_come_back_as_given_with_one_history_record_each(users):
    """core.bulkcopy (COPY on PostgreSQL, bulk_create elsewhere): every value as given (text
    with a tab, a line break and a backslash, a date), the timestamps set, one "created"
    history record per row with the reason and the user."""
    from ictgov.core.bulkcopy import insert_with_history
    from ictgov.core.models import CalendarOverride

    reason = "Nghỉ bù\tdòng 1\ndòng 2 \\ hết"
    days = [date(2031, 1, d) for d in (2, 3, 6)]
    made = insert_with_history(
        [CalendarOverride(day=d, kind="day_off", reason=reason) for d in days],
        CalendarOverride,
        change_reason="Nhập từ Excel",
        user=users["chuyenvien"],
    )
    assert all(o.pk for o in made)
    stored = CalendarOverride.objects.filter(day__in=days).order_by("day")
    assert [(o.day, o.kind, o.reason, o.source) for o in stored] == [
        (d, "day_off", reason, "") for d in days
    ]
    assert all(o.created_at and o.updated_at for o in stored)
    history = CalendarOverride.history.filter(day__in=days)
    assert history.count() == 3
    assert {(h.history_type, h.history_change_reason, h.history_user_id) for h in history} == {
        ("+", "Nhập từ Excel", users["chuyenvien"].pk)
    }


def _chunked(**kwargs):
    """SPEC checked 500 rows at a time. Its check against the database (check_rows) is left
    out: a chunk's check would see the chunks before it, written (such a check belongs in
    look_ahead, which sees the whole file before anything is written; see the registry's)."""
    from dataclasses import replace

    return replace(SPEC, chunk_rows=500, check_rows=None, **kwargs)


def _days(n, start=date(2040, 1, 1)):
    from datetime import timedelta

    return [
        [start + timedelta(days=i), "day_off", f"Nghỉ {i}", None, None, None, None]
        for i in range(n)
    ]


@pytest.mark.django_db
def test_a_file_checked_in_chunks_is_written_as_it_is_checked():
    """With chunk_rows, save is given each chunk once it is checked, before the next one is:
    the rows checked so far when a chunk arrives are that chunk's and those before it (the
    first chunk a fifth of the others)."""
    seen = []

    def save(rows):
        total = 0
        for part in rows:
            seen.append((len(part), len(rows.result.rows)))
            CalendarOverride.objects.bulk_create(
                CalendarOverride(day=r.values["day"], kind="day_off", reason=r.values["reason"])
                for r in part
            )
            total += len(part)
        return total

    outcome = _chunked().import_file(workbook([HEADER, *_days(1300)]), save)
    assert outcome.rows == 1300 and outcome.saved == 1300
    assert seen == [(100, 100), (500, 600), (500, 1100), (200, 1300)]
    assert CalendarOverride.objects.filter(day__year__gte=2040).count() == 1300


@pytest.mark.django_db
def test_a_bad_row_after_thousands_of_good_ones_writes_nothing_and_every_bad_row_is_named():
    """The chunks before the first bad row are written (inside the transaction); the rest of
    the file is still checked, then ImportRejected names every bad row (a wrong cell, and a
    duplicate of a row in an earlier chunk) and the transaction undoes every chunk."""
    rows = _days(3000)
    rows[1234][0] = rows[7][0]  # the same day as row 9, three chunks later
    rows[2999][3] = 99  # hours over 24, in the last row
    given = []

    def save(chunks):
        for part in chunks:
            given.append(len(part))
            CalendarOverride.objects.bulk_create(
                CalendarOverride(day=r.values["day"], kind="day_off", reason=r.values["reason"])
                for r in part
            )

    with pytest.raises(ImportRejected) as rejected:
        _chunked().import_file(workbook([HEADER, *rows]), save)
    assert sum(given) == 1100  # written up to the chunk with the duplicate, then undone
    assert rejected.value.result.messages() == [
        'Trang "Ngày nghỉ", dòng 1236, ô A1236 (cột "Ngày"): trùng Ngày với dòng 9 trong cùng tệp.',
        'Trang "Ngày nghỉ", dòng 3001, ô D3001 (cột "Số giờ"): "99" lớn hơn giá trị tối đa 24.',
    ]
    assert not CalendarOverride.objects.filter(day__year__gte=2040).exists()
    # The same checks, the same answer, without writing: validate() reads the file at once.
    assert _chunked().validate(workbook([HEADER, *rows])).messages() == (
        rejected.value.result.messages()
    )


@pytest.mark.django_db
def test_checks_of_the_whole_file_run_once_after_every_chunk():
    calls = []

    def check_file(rows):
        calls.append(len(rows))
        rows[-1].error("reason", "không khớp với tổng của tệp.")

    def save(chunks):
        for part in chunks:
            CalendarOverride.objects.bulk_create(
                CalendarOverride(day=r.values["day"], kind="day_off", reason=r.values["reason"])
                for r in part
            )

    with pytest.raises(ImportRejected) as rejected:
        _chunked(check_file=check_file).import_file(workbook([HEADER, *_days(1200)]), save)
    assert calls == [1200]
    assert rejected.value.result.bad_rows == [1201]
    assert not CalendarOverride.objects.filter(day__year__gte=2040).exists()


@pytest.mark.django_db
def test_a_save_that_leaves_chunks_unread_is_an_error_not_a_partial_import():
    def save(chunks):
        for part in chunks:
            CalendarOverride.objects.bulk_create(
                CalendarOverride(day=r.values["day"], kind="day_off", reason=r.values["reason"])
                for r in part
            )
            break  # a bug: the rest of the file is never read

    with pytest.raises(RuntimeError):
        _chunked().import_file(workbook([HEADER, *_days(1200)]), save)
    assert not CalendarOverride.objects.filter(day__year__gte=2040).exists()


@pytest.mark.django_db
def test_a_key_that_names_nothing_fails_the_bulk_write_and_leaves_nothing(users):
    """core.bulkcopy on PostgreSQL: each chunk's deferred foreign keys are checked by the
    server as it is written (not at the commit); a key naming nothing (here the history's
    user) is Django's IntegrityError from copy_with_history, and the transaction around it
    keeps nothing. The chunks with good keys are checked the same way."""
    from types import SimpleNamespace

    from django.db import IntegrityError, connection, transaction

    from ictgov.core.bulkcopy import copy_with_history, reserve_ids

    if connection.vendor != "postgresql":
        pytest.skip("COPY and SET CONSTRAINTS: PostgreSQL only")
    days = [date(2050, 1, d) for d in range(1, 6)]

    def columns():
        return {
            "id": reserve_ids(CalendarOverride, len(days)),
            "day": days,
            "reason": [f"Nghỉ {d:%d}" for d in days],
        }

    constants = {"kind": "day_off", "source": ""}
    with pytest.raises(IntegrityError), transaction.atomic():
        copy_with_history(
            CalendarOverride, columns(), constants, chunk=2, user=SimpleNamespace(pk=987654321)
        )
    assert not CalendarOverride.objects.filter(day__in=days).exists()
    assert not CalendarOverride.history.filter(day__in=days).exists()

    with transaction.atomic():
        copy_with_history(CalendarOverride, columns(), constants, chunk=2, user=users["chuyenvien"])
        with connection.cursor() as cursor:  # nothing left for the commit to check
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    assert CalendarOverride.objects.filter(day__in=days).count() == 5
    assert (
        CalendarOverride.history.filter(day__in=days, history_user=users["chuyenvien"]).count() == 5
    )


@pytest.mark.django_db
def test_look_ahead_sees_the_whole_file_converted_before_any_chunk_is_saved():
    events = []

    def look_ahead(values):
        days, hours = values("day"), values("hours")
        events.append(("look", len(days), days[0], hours[5], values("missing")))

    def save(chunks):
        for part in chunks:
            events.append(("save", len(part)))

    rows = _days(700)
    rows[5][3] = "nhiều"  # does not convert: None here, an error in its chunk
    with pytest.raises(ImportRejected):
        _chunked(look_ahead=look_ahead).import_file(workbook([HEADER, *rows]), save)
    assert events == [("look", 700, date(2040, 1, 1), None, None)]
    rows[5][3] = 4
    _chunked(look_ahead=look_ahead).import_file(workbook([HEADER, *rows]), save)
    assert events[1:] == [
        ("look", 700, date(2040, 1, 1), 4, None),
        ("save", 100),
        ("save", 500),
        ("save", 100),
    ]


def _save_days(chunks):
    total = 0
    for part in chunks:
        CalendarOverride.objects.bulk_create(
            CalendarOverride(day=r.values["day"], kind="day_off", reason=r.values["reason"])
            for r in part
        )
        total += len(part)
    return total


@pytest.mark.django_db
def test_a_file_checked_in_chunks_reports_its_progress_chunk_by_chunk():
    """The progress bar of a large file moves as its chunks are checked and written, not only
    at the read and the end."""
    told = []
    _chunked().import_file(
        workbook([HEADER, *_days(1300)]), _save_days, progress=lambda *a: told.append(a)
    )
    assert told == [
        ("validate", 0, 1300),
        ("validate", 100, 1300),
        ("validate", 600, 1300),
        ("validate", 1100, 1300),
        ("validate", 1300, 1300),
        ("save", 1300, 1300),
    ]


def prepare_chunked(params, user):
    """The handler of the progress-from-inside-the-transaction test: SPEC in chunks of 500,
    and a save that, after each chunk, reads the job's progress through a connection of its
    own (as the job's page does, while the import's transaction is open)."""

    def save(chunks):
        from django.db import connection

        other = connection.copy()
        try:
            total = 0
            for part in chunks:
                total += _save_days([part])
                with other.cursor() as cursor:
                    cursor.execute(
                        "SELECT phase, done FROM core_importjob WHERE id = %s", [params["job"]]
                    )
                    OBSERVED.append(cursor.fetchone())
            return total
        finally:
            other.close()

    return _chunked(), save


OBSERVED: list = []


on_postgres = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="needs a second connection writing while the import's transaction is open",
)


@pytest.fixture
def committed_job(django_db_setup, django_db_blocker):
    """A background job of 1,300 rows for `prepare_chunked`, committed (no test transaction:
    the other connection must see its row); what it wrote is removed at the end."""
    from ictgov.accounts.models import User

    with django_db_blocker.unblock():
        job = ImportJob.objects.create(
            handler="ictgov.core.tests.test_imports.prepare_chunked",
            params={},
            title="Ngày nghỉ",
            created_by=User.objects.get(username="chuyenvien"),
            file=ContentFile(workbook([HEADER, *_days(1300)]), name="ngay-nghi.xlsx"),
        )
        ImportJob.objects.filter(pk=job.pk).update(params={"job": job.pk})
        OBSERVED.clear()
        try:
            yield job
        finally:
            days = CalendarOverride.objects.filter(day__year__gte=2040)
            CalendarOverride.history.filter(day__year__gte=2040).delete()
            days._raw_delete(days.db)  # a record of legal weight: no delete() outside a test
            job.file.delete(save=False)
            job.delete()


@on_postgres
@pytest.mark.xdist_group("concurrency")
def test_a_background_jobs_progress_is_seen_while_its_rows_are_still_being_written(
    committed_job,
):
    """PostgreSQL: the job's page (another connection) sees the progress of a chunked import
    before its transaction commits; the rows themselves appear only at the end."""
    assert run_import_job(committed_job.pk) == ImportJob.Status.DONE
    assert OBSERVED[:2] == [("validate", 100), ("validate", 600)]
    committed_job.refresh_from_db()
    assert committed_job.rows == 1300 and committed_job.percent == 100


@on_postgres
@pytest.mark.xdist_group("concurrency")
def test_a_job_run_inside_its_callers_transaction_does_not_wait_on_its_own_row(committed_job):
    """PostgreSQL: when the caller's transaction holds the job's row (it set the job running),
    the progress is written with the import, not through a second connection that would wait
    for that row forever; the import finishes."""
    from django.db import transaction

    with transaction.atomic():
        assert run_import_job(committed_job.pk) == ImportJob.Status.DONE
        # The other connection sees the job as it was before the caller's transaction.
        assert OBSERVED[:2] == [("", 0), ("", 0)]
    committed_job.refresh_from_db()
    assert committed_job.rows == 1300 and committed_job.percent == 100
