from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_commune_officer_searches_units_and_agencies_and_is_kept_out_of_admin_pages(
    login, page, live_url
):
    login("canboxa")
    expect(page.get_by_test_id("current-user")).to_contain_text("Cán bộ địa phương")

    page.get_by_role("link", name="Đơn vị hành chính").first.click()
    page.fill("input[name=q]", "nghe an")
    page.get_by_role("button", name="Lọc").click()
    expect(page.locator("#object-table")).to_contain_text("Nghệ An")
    expect(page.locator("#object-table")).not_to_contain_text("Nánh Nghê")

    page.get_by_role("link", name="Cơ quan, đơn vị").first.click()
    page.fill("input[name=q]", "so noi vu")
    page.get_by_role("button", name="Lọc").click()
    expect(page.locator("#object-table")).to_contain_text("Sở Nội vụ")

    response = page.goto(f"{live_url}/accounts/users/")
    assert response.status == 403
    expect(page.get_by_test_id("forbidden")).to_contain_text("Không được phép truy cập")


def test_typing_in_the_search_box_filters_without_a_reload(login, page, live_url):
    login("lanhdao")
    page.goto(f"{live_url}/org/units/")
    page.fill("input[name=q]", "so tai chinh")
    expect(page.locator("#object-table")).to_contain_text("Sở Tài chính tỉnh Nghệ An")
    expect(page.locator("#object-table")).not_to_contain_text("Sở Nội vụ tỉnh Nghệ An")
    # The search is in the address, so the filtered list can be bookmarked or shared.
    assert parse_qs(urlparse(page.url).query)["q"] == ["so tai chinh"]
