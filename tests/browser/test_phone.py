"""On a phone (390 px wide): the menu folds behind a button, filters behind another, lists turn
into cards, and neither the inbox nor a task page scrolls sideways."""

import pytest
from playwright.sync_api import expect

from .conftest import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def phone(browser, live_url):
    context = browser.new_context(
        locale="vi-VN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(f"{live_url}/accounts/login/")
    page.fill("#id_username", "taichinh")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_url}/")
    yield page
    context.close()


def _no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide on a 390 px screen"


def test_inbox_and_task_page_fit_a_phone(phone, live_url):
    page = phone
    # The menu is folded: its entries appear once the button is pressed.
    inbox_link = page.locator("#site-menu").get_by_role("link", name="Nhiệm vụ của đơn vị")
    expect(inbox_link).to_be_hidden()
    page.get_by_test_id("menu-toggle").click()
    expect(inbox_link).to_be_visible()
    inbox_link.click()
    expect(page.locator("h1")).to_have_text("Nhiệm vụ của đơn vị")
    _no_sideways_scroll(page)
    # Extra filters wait behind their button.
    expect(page.locator("#more-filters")).to_be_hidden()
    page.get_by_role("button", name="Thêm điều kiện").click()
    expect(page.locator("#more-filters")).to_be_visible()
    # Rows are cards: each cell names its column.
    first = page.locator("#object-table tbody tr").first
    expect(first.locator("td[data-label='Thời hạn']")).to_be_visible()
    first.locator("a").first.click()
    expect(page.get_by_test_id("task-content")).to_be_visible()
    _no_sideways_scroll(page)
