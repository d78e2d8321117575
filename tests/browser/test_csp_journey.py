import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_language_switcher_and_api_docs_work_under_the_policy(page, live_url):
    page.goto(f"{live_url}/")
    page.select_option("select[name=language]", "en")
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    page.select_option("select[name=language]", "vi")
    expect(page.get_by_role("link", name="Đăng nhập")).to_be_visible()

    # Swagger UI is served by the app and draws the API from its scripts, none inline.
    page.goto(f"{live_url}/api/v1/docs")
    expect(page.locator("#swagger-ui")).to_contain_text("/api/v1/geo/units", timeout=30_000)
