"""An officer imports post points from the Excel template: a file with one bad row is refused
whole, the error names the row and cell and nothing is imported; the fixed file imports, the
facilities appear in the list and on the map (plain background: no tile server), and the
commune's ICT criterion 8.1 turns from "not met" to "met"."""

import subprocess
from datetime import date

import pytest
from playwright.sync_api import expect

from .conftest import LIVE

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

CUA_LO = "16732"


def on_the_live_server(code: str) -> str:
    done = subprocess.run(
        [*LIVE["ictgov"], "shell", "--no-imports", "-c", code],
        env=LIVE["env"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def _workbook(path, latitude):
    from openpyxl import Workbook

    from ictgov.registry.imports import columns

    headers = [str(c.header) for c in columns("post")]
    wb = Workbook()
    ws = wb.active
    ws.title = "Bưu cục, điểm BĐVHX"
    ws.append(headers)
    rows = [
        {"Tên cơ sở": "Điểm BĐVHX Omega Cửa Lò", "Vĩ độ": 18.81, "Kinh độ": 105.72},
        {"Tên cơ sở": "Bưu cục Omega Cửa Lò", "Vĩ độ": latitude, "Kinh độ": 105.71},
    ]
    for row in rows:
        values = {
            "Mã xã": CUA_LO,
            "Ngày của thông tin": date.today(),
            "Loại điểm bưu chính": "Điểm Bưu điện - Văn hóa xã",
            "Tình trạng": "Đang hoạt động",
            **row,
        }
        ws.append([values.get(h) for h in headers])
    wb.save(path)
    return str(path)


def test_import_with_a_bad_row_then_fixed(login, page, live_url, tmp_path):
    # Cửa Lò's postal points are closed: indicator 8.1 is not met.
    on_the_live_server(
        "from ictgov.registry.models import Facility;"
        f"Facility.objects.filter(commune__code='{CUA_LO}', kind='post').update(status='closed')"
    )
    commune_pk = on_the_live_server(
        "from ictgov.geo.models import AdministrativeUnit as U;"
        f"print(U.objects.get(level='commune', code='{CUA_LO}', valid_from__isnull=False).pk)"
    )
    login("chuyenvien")
    page.goto(f"{live_url}/registry/criterion/communes/{commune_pk}/")
    expect(page.locator("[data-indicator='8.1']")).to_have_attribute("data-verdict", "not_met")

    # A file with a latitude outside Vietnam in its third row: nothing is imported.
    page.goto(f"{live_url}/registry/import/")
    page.select_option("#id_kind", "post")
    page.set_input_files("#id_file", _workbook(tmp_path / "sai.xlsx", 38.5))
    page.get_by_role("button", name="Nhập").click()
    errors = page.get_by_test_id("import-errors")
    expect(errors).to_contain_text("không dòng nào được nhập")
    expect(page.get_by_test_id("import-error")).to_have_text(
        'Trang "Bưu cục, điểm BĐVHX", dòng 3, ô F3 (cột "Vĩ độ"): '
        '"38.5" lớn hơn giá trị tối đa 23.5.'
    )
    page.goto(f"{live_url}/registry/?q=omega")
    expect(page.get_by_text("Điểm BĐVHX Omega Cửa Lò")).to_have_count(0)

    # Fixed, it imports: both rows are in the list and on the map.
    page.goto(f"{live_url}/registry/import/")
    page.select_option("#id_kind", "post")
    page.set_input_files("#id_file", _workbook(tmp_path / "dung.xlsx", 18.8))
    page.get_by_role("button", name="Nhập").click()
    expect(page.get_by_test_id("import-done")).to_contain_text("Đã nhập 2 dòng")
    page.get_by_role("link", name="Xem danh sách").click()
    page.goto(f"{live_url}/registry/?q=omega")
    expect(page.get_by_role("link", name="Điểm BĐVHX Omega Cửa Lò")).to_be_visible()
    expect(page.get_by_role("link", name="Bưu cục Omega Cửa Lò")).to_be_visible()
    page.get_by_test_id("open-map").click()
    expect(page.get_by_test_id("map-count")).to_have_text("2 cơ sở trên bản đồ")
    expect(page.get_by_test_id("map-notice")).to_contain_text("Nền bản đồ không khả dụng")
    expect(page.locator(".registry-marker, .marker-cluster").first).to_be_visible()

    # The commune's criterion: 8.1 met, justified by the imported points.
    page.goto(f"{live_url}/registry/criterion/communes/{commune_pk}/")
    row = page.locator("[data-indicator='8.1']")
    expect(row).to_have_attribute("data-verdict", "met")
    expect(row).to_contain_text("Omega Cửa Lò")
