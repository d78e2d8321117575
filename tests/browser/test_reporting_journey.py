"""Phường Vinh Phú's officer fills the commune ICT report for the third quarter (late): one value
breaks a rule and the report is refused with the rule's message; corrected, it is sent. The
department's officer approves it: the province total on the dashboard includes the value at
once (no batch in between) and the ward's emulation ranking changes."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

VALUES = {
    "BDVHX": "1",
    "INTERNET_CC": "2",
    "DAI_TT": "1",
    "DAI_TT_HD": "3",  # breaks "working ≤ all"
    "CUM_LOA": "18",
    "VB_DIEN_TU": "99,5",
    "HS_TTHC": "4.321",
    "HS_DVC_TT": "3.900",
}
DASHBOARD = "/reporting/?form=BC-XA&period=2026-Q3"


def sign_out(page):
    page.get_by_role("button", name="Đăng xuất").click()


def number(text: str) -> Decimal:
    return Decimal(text.strip().replace(".", "").replace(",", ".") or "0")


def province_total(page, live_url, header: str) -> Decimal:
    page.goto(f"{live_url}{DASHBOARD}")
    headers = page.locator("[data-testid=province-table] thead th").all_inner_texts()
    column = next(i for i, h in enumerate(headers) if h.startswith(header))
    cells = page.get_by_test_id("total-row").locator("th, td")
    return number(cells.nth(column).inner_text())


def ward_points(page, live_url) -> Decimal:
    page.goto(f"{live_url}/reporting/emulation/")
    page.get_by_role("link", name=re.compile("Cụm thi đua các phường")).first.click()
    row = page.get_by_test_id("rank-row").filter(has_text="Phường Vinh Phú")
    return number(row.get_by_test_id("total").inner_text())


def test_commune_report_to_province_total_and_ranking(login, page, live_url):
    login("chuyenvien")
    total_before = province_total(page, live_url, "Hồ sơ thủ tục hành chính tiếp nhận")
    points_before = ward_points(page, live_url)
    sign_out(page)

    # The ward's officer opens the third-quarter report and fills the grid by keyboard.
    login("canboxa")
    page.goto(f"{live_url}/reporting/submissions/")
    page.get_by_test_id("new-submission").click()
    page.select_option("#id_form", label="BC-XA – Báo cáo thông tin và truyền thông cấp xã")
    page.fill("#id_period", "2026-Q3")
    page.get_by_test_id("open-submission").click()
    expect(page.get_by_test_id("period")).to_contain_text("Quý III/2026")
    for key, value in VALUES.items():
        cell = page.locator(f"[id='cell-{key}']")
        cell.fill(value)
        cell.press("Enter")  # moves to the next cell, never submits
    page.get_by_test_id("save-submit").click()
    expect(page.get_by_test_id("rule-errors")).to_contain_text(
        "Số đài truyền thanh đang hoạt động không được lớn hơn tổng số đài truyền thanh"
    )
    expect(page.get_by_test_id("state")).to_contain_text("Đang nhập")
    page.locator("[id='cell-DAI_TT_HD']").fill("1")
    page.get_by_test_id("save-submit").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã gửi báo cáo")
    expect(page.get_by_test_id("state")).to_contain_text("Đã gửi, chờ duyệt")
    expect(page.get_by_test_id("state")).to_contain_text("trễ")
    url = page.url
    sign_out(page)

    # The department's officer approves it.
    login("chuyenvien")
    page.goto(url)
    page.get_by_test_id("step-approve").click()
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("state")).to_contain_text("Đã duyệt")

    # At once: the province total includes the ward's figure, the ranking moved.
    total_after = province_total(page, live_url, "Hồ sơ thủ tục hành chính tiếp nhận")
    assert total_after == total_before + 4321
    expect(page.get_by_test_id("as-of")).to_contain_text("Số liệu tính đến")
    assert ward_points(page, live_url) != points_before
