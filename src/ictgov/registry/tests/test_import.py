"""Facilities from Excel: the template per type, all or nothing with each bad row named in
Vietnamese, old commune codes placed in today's communes, a large file in the background."""

from datetime import date

import pytest

from ictgov.core.imports import read_sheet
from ictgov.core.models import ImportJob
from ictgov.core.text import fold_words
from ictgov.registry import imports
from ictgov.registry.models import Facility, Kind

from .helpers import HA_HUY_TAP, VINH_PHU, workbook

pytestmark = pytest.mark.django_db


def _sheet(rows):
    header = [
        "Tên cơ sở",
        "Mã xã",
        "Ngày của thông tin",
        "Vĩ độ",
        "Kinh độ",
        "Cấp đài",
        "Số cụm loa",
        "Tình trạng kỹ thuật",
    ]
    return workbook([header, *rows], title="Đài truyền thanh")


def test_every_type_has_a_template_that_reads_back(client_for):
    client = client_for("chuyenvien")
    for kind in Kind.values:
        response = client.get(f"/registry/import/template/{kind}/")
        assert response.status_code == 200
        _name, rows = read_sheet(response.content)
        assert rows[0][:2] == ["Tên cơ sở", "Mã xã"]
        assert [str(c.header) for c in imports.columns(kind)] == rows[0]


def test_one_bad_row_imports_nothing_then_the_fixed_file_imports(client_for):
    client = client_for("chuyenvien")
    good = ["Đài Nhập 1", VINH_PHU, None, 18.68, 105.68, "Đài cấp xã", 5, "Hoạt động tốt"]
    old = ["Đài Nhập 2", HA_HUY_TAP, date(2024, 1, 2), 18.66, 105.67, "commune", 2, "Hư hỏng"]
    bad = ["Đài Nhập 3", VINH_PHU, None, 48.2, 105.68, "Đài cấp xã", "năm", None]
    response = client.post(
        "/registry/import/", {"kind": "radio", "file": _upload(_sheet([good, old, bad]))}
    )
    job = ImportJob.objects.latest("pk")
    assert response["Location"] == f"/core/imports/{job.pk}/"
    assert job.status == "rejected"
    assert job.errors == [
        'Trang "Đài truyền thanh", dòng 4, ô D4 (cột "Vĩ độ"): "48.2" lớn hơn giá trị tối đa 23.5.',
        'Trang "Đài truyền thanh", dòng 4, ô G4 (cột "Số cụm loa"): "năm" không phải là số nguyên.',
    ]
    assert not Facility.objects.filter(name__startswith="Đài Nhập").exists()
    page = client.get(response["Location"]).content.decode()
    assert "không dòng nào được nhập" in page and "dòng 4, ô D4" in page

    bad[3], bad[6] = 18.7, 5
    client.post("/registry/import/", {"kind": "radio", "file": _upload(_sheet([good, old, bad]))})
    job = ImportJob.objects.latest("pk")
    assert job.status == "done" and job.rows == 3
    imported = {f.name: f for f in Facility.objects.filter(name__startswith="Đài Nhập")}
    assert imported["Đài Nhập 2"].old_commune.code == HA_HUY_TAP
    assert imported["Đài Nhập 2"].commune.code == VINH_PHU
    assert imported["Đài Nhập 2"].condition == "broken"
    assert imported["Đài Nhập 1"].code.startswith("TT-")
    assert imported["Đài Nhập 1"].history.count() == 1
    # The same file again: every row is already in the registry.
    client.post("/registry/import/", {"kind": "radio", "file": _upload(_sheet([good]))})
    job = ImportJob.objects.latest("pk")
    assert job.status == "rejected" and "đã có cơ sở cùng tên" in job.errors[0]


def test_codes_checked_at_the_record_date_and_duplicates_in_the_file():
    rows = [
        ["Đài A", HA_HUY_TAP, None, None, None, None, None, None],  # gone today
        ["Đài B", "00000", date(2024, 1, 1), None, None, None, None, None],
        ["Đài C", VINH_PHU, None, 18.6, None, None, None, None],
        ["Đài D", VINH_PHU, None, None, None, None, None, None],
        ["đài d", VINH_PHU, None, None, None, None, None, None],
    ]
    result = imports.spec("radio").validate(_sheet(rows))
    text = "\n".join(result.messages())
    assert 'ô B2 (cột "Mã xã"): Mã xã 16666 không phải là xã/phường nào vào ngày' in text
    assert 'ô B3 (cột "Mã xã"): Mã xã 00000' in text
    assert 'ô E4 (cột "Kinh độ"): nhập cả vĩ độ và kinh độ' in text
    assert 'ô B6 (cột "Mã xã"): trùng Mã xã, Tên cơ sở với dòng 5 trong cùng tệp.' in text


def test_a_large_file_runs_in_the_background(users, settings, django_capture_on_commit_callbacks):
    from ictgov.core.imports import run_import_job, start_import

    settings.ICTGOV = {**settings.ICTGOV, "IMPORT_INLINE_BYTES": 10}
    data = _sheet([["Đài Nền", VINH_PHU, None, None, None, None, None, None]])
    with django_capture_on_commit_callbacks(execute=False):
        job = start_import(
            "ictgov.registry.imports.prepare",
            data,
            user=users["chuyenvien"],
            title="Đài",
            params={"kind": "radio"},
        )
    assert job.status == "queued"
    assert run_import_job(job.pk) == "done"
    assert Facility.objects.filter(name="Đài Nền").exists()


def _upload(data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("dai.xlsx", data)


def test_an_imported_row_is_searchable_as_one_entered_by_hand(client_for):
    """The import builds each row's search text from its parts (a commune's words once per
    file); it is the text the facility would compute for itself."""
    old = ["Đài Tìm Kiếm", HA_HUY_TAP, date(2024, 1, 2), 18.66, 105.67, "commune", 2, "Hư hỏng"]
    client_for("chuyenvien").post(
        "/registry/import/", {"kind": "radio", "file": _upload(_sheet([old]))}
    )
    f = Facility.objects.get(name="Đài Tìm Kiếm")
    stored = f.search_name
    f.refresh_search()
    assert stored == f.search_name
    assert "ha huy tap" in stored and "vinh phu" in stored and fold_words(f.code) in stored
    assert f.address.endswith("Phường Vinh Phú, Tỉnh Nghệ An")
    assert "Hà Huy Tập" in f.old_address


def test_an_imported_row_is_the_row_the_form_makes(users):
    """The import derives each field column by column (addresses, the search text, a game
    point's warnings under the rule of its date): the same row as the form's, field for field;
    notes with a line break, a tab and a backslash are kept as typed."""
    from decimal import Decimal

    from ictgov.registry import services

    from .helpers import BEFORE, commune

    notes = "Dòng một\nDòng hai\tcột \\ cuối"
    entry = {
        "street": "Số 7 Lê Lợi",
        "latitude": Decimal("18.66"),
        "longitude": Decimal("105.67"),
        "operator_name": "Hộ kinh doanh Lê Văn A",
        "floor_area_m2": Decimal("25.0"),
        "machines": 12,
        "nearest_school": "Trường THCS Hà Huy Tập",
        "school_distance_m": 150,
        "notes": notes,
    }
    by_hand = services.create_facility(
        users["chuyenvien"],
        Kind.GAME_POINT,
        {"name": "Điểm trò chơi Tay", **entry},
        commune=commune(HA_HUY_TAP, BEFORE),
        recorded_on=BEFORE,
    )
    spec = imports.spec(Kind.GAME_POINT)
    headers = {c.key: str(c.header) for c in spec.columns}
    row = {"name": "Điểm trò chơi Tệp", "commune_code": HA_HUY_TAP, "recorded_on": BEFORE}
    row.update({k: float(v) if isinstance(v, Decimal) else v for k, v in entry.items()})
    sheet = workbook([[headers[k] for k in row], list(row.values())], title=spec.sheet_name)
    _spec, save = imports.prepare({"kind": Kind.GAME_POINT}, users["chuyenvien"])
    assert spec.import_file(sheet, save).rows == 1
    from_file = Facility.objects.get(name="Điểm trò chơi Tệp")

    assert from_file.notes == notes
    assert from_file.warnings and from_file.warnings == by_hand.warnings  # 150 m, 25 m² (72/2013)
    assert from_file.search_name == by_hand.search_name.replace(
        fold_words(by_hand.code), fold_words(from_file.code)
    ).replace("tay", "tep")
    skip = {"id", "code", "name", "search_name", "created_at", "updated_at"}
    fields = [f.attname for f in Facility._meta.concrete_fields if f.attname not in skip]
    assert {f: getattr(from_file, f) for f in fields} == {f: getattr(by_hand, f) for f in fields}
    assert from_file.history.get().history_type == "+"
