"""Facilities from Excel: the template per type, all or nothing with each bad row named in
Vietnamese, old commune codes placed in today's communes, a large file in the background."""

from datetime import date

import pytest

from ictgov.core.imports import ImportRejected, read_sheet
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


def _bts_sheet(rows):
    spec = imports.spec(Kind.BTS)
    keys = ["name", "commune_code", "latitude", "longitude", "site_code", "technologies"]
    headers = {c.key: str(c.header) for c in spec.columns}
    return workbook([[headers[k] for k in keys], *rows], title=spec.sheet_name)


def test_a_large_file_with_its_bad_row_last_writes_nothing_then_imports_whole(users, monkeypatch):
    """A file checked and written chunk by chunk (here 500 rows a chunk): a bad row after
    2,399 good ones, and a site code already in the registry, make the import write nothing
    (on PostgreSQL the chunks before were sent to the server, then undone) and name both
    rows; fixed, the whole file imports, each facility with its history record (the
    registry is looked up for the whole file before its first chunk is written, so the
    file's own rows never count as already there)."""
    monkeypatch.setattr(imports, "CHUNK_ROWS", 500)
    user = users["chuyenvien"]
    _spec, save = imports.prepare({"kind": Kind.BTS}, user)
    _spec.import_file(_bts_sheet([["Trạm Có Sẵn", VINH_PHU, 18.6, 105.6, "CS-1", "4G"]]), save)
    before = (Facility.objects.count(), Facility.history.count())
    rows = [[f"Trạm Lớn {i}", VINH_PHU, 18.6, 105.6, f"LON-{i:05d}", "4G, 5G"] for i in range(2400)]
    rows[1700][4] = "cs-1"  # already in the registry (the case does not matter)
    rows[2399][2] = 48.2  # outside Vietnam, the last row
    spec, save = imports.prepare({"kind": Kind.BTS}, user)
    with pytest.raises(ImportRejected) as rejected:
        spec.import_file(_bts_sheet(rows), save)
    assert (Facility.objects.count(), Facility.history.count()) == before
    assert [m.split(": ", 1)[0] for m in rejected.value.result.messages()] == [
        f'Trang "{spec.sheet_name}", dòng 1702, ô E1702 (cột "Mã trạm")',
        f'Trang "{spec.sheet_name}", dòng 2401, ô C2401 (cột "Vĩ độ")',
    ]

    rows[1700][4], rows[2399][2] = "LON-01700", 18.7
    spec, save = imports.prepare({"kind": Kind.BTS}, user)
    assert spec.import_file(_bts_sheet(rows), save).rows == 2400
    imported = Facility.objects.filter(site_code__startswith="LON-")
    assert imported.count() == 2400
    assert Facility.history.filter(site_code__startswith="LON-", history_type="+").count() == 2400
    assert {f.history_user_id for f in Facility.history.filter(site_code__startswith="LON-")} == {
        user.pk
    }
    assert len({f.code for f in imported}) == 2400


def test_each_template_s_sheet_is_named_in_whole_words(client_for):
    # Excel allows 31 characters: the long type names were cut ("Điểm cung cấp dịch vụ trò
    # chơi "), and the import's errors quoted the cut name.
    client = client_for("chuyenvien")
    names = {}
    for kind in Kind.values:
        name, _rows = read_sheet(client.get(f"/registry/import/template/{kind}/").content)
        names[kind] = name
    assert names == {
        "bts": "Trạm thu phát sóng (BTS)",
        "post": "Bưu cục, điểm BĐVHX",
        "radio": "Đài truyền thanh",
        "internet_agent": "Đại lý Internet",
        "game_point": "Điểm trò chơi điện tử công cộng",
        "public_access": "Điểm truy nhập Internet",
    }


def test_a_row_in_another_province_is_refused_and_nothing_imported(client_for):
    from ictgov.geo.models import AdministrativeUnit

    from .helpers import commune

    nghe_an = commune(VINH_PHU).province
    elsewhere = next(
        u
        for u in AdministrativeUnit.objects.filter(level="commune", valid_from__isnull=False)
        if u.is_current and u.province.pk != nghe_an.pk
    )
    rows = [
        ["Đài Tỉnh Nhà", VINH_PHU, None, None, None, None, None, None],
        ["Đài Tỉnh Khác", elsewhere.code, None, None, None, None, None, None],
    ]
    client = client_for("chuyenvien")
    client.post("/registry/import/", {"kind": "radio", "file": _upload(_sheet(rows))})
    job = ImportJob.objects.latest("pk")
    assert job.status == "rejected"
    assert job.errors == [
        f'Trang "Đài truyền thanh", dòng 3, ô B3 (cột "Mã xã"): {elsewhere.name} '
        f"({elsewhere.province.name}) ngoài phạm vi quản lý của bạn."
    ]
    assert not Facility.objects.filter(name__startswith="Đài Tỉnh").exists()
