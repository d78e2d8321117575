"""A leader turns a conclusion into tasks (a double click assigns them once; proposing again
offers only what is new); the finance department is notified, finds the task in its to-do inbox,
reports on it and completes it; the leader's dashboard counts it done."""

import json
import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .helpers import pick

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

SOURCE_004 = Path(__file__).resolve().parents[1] / "data" / "conclusions" / "source_004.json"
FINANCE = "Sở Tài chính tỉnh Nghệ An"
APPRAISAL = "Thẩm định và cho ý kiến bằng văn bản"


def conclusion_paragraph() -> str:
    text = json.loads(SOURCE_004.read_text(encoding="utf-8"))["text"]
    return next(p for p in text.splitlines() if p.startswith("Kết luận buổi làm việc"))


def finance_done(page, live_url) -> int:
    """Tasks led by the finance department counted done on the dashboard today."""
    page.goto(f"{live_url}/directives/dashboard/")
    row = page.get_by_test_id("by-unit").locator("tbody tr", has_text=FINANCE)
    return int(row.locator("td").nth(1).inner_text()) if row.count() else 0


def sign_out(page):
    page.get_by_role("button", name="Đăng xuất").click()


def test_leader_drafts_tasks_from_a_conclusion_and_finance_completes_its_task(
    login, page, live_url
):
    today = f"{date.today():%d/%m/%Y}"

    # The leader records the working session and pastes its conclusion.
    login("lanhdao")
    done_before = finance_done(page, live_url)
    page.goto(f"{live_url}/directives/meetings/")
    page.get_by_test_id("new-meeting").click()
    page.select_option("#id_kind", "lam_viec")
    page.fill("#id_title", "Làm việc với các sở về tổ chức, kinh phí ngành TT&TT")
    page.fill("#id_held_on", today)
    page.fill("#id_place", "Trụ sở UBND tỉnh")
    pick(page, page.locator("#id_participating_units"), "tai chinh nghe an", FINANCE)
    page.get_by_role("button", name="Lưu cuộc họp").click()
    expect(page.locator("h1")).to_contain_text("Làm việc với các sở")

    page.fill("#id_number", "88/TB-UBND")
    page.fill("#id_issued_on", today)
    page.fill("#id_signer", "Lê Minh Đức")
    page.fill("#id_text", conclusion_paragraph())
    page.get_by_role("button", name="Lưu và đề xuất nhiệm vụ từ văn bản").click()

    # The proposals: every row editable; a name the registry no longer has must be picked.
    rows = page.get_by_test_id("draft-row")
    expect(rows.first).to_be_visible()
    expect(page.get_by_test_id("draft-form")).to_contain_text("Văn phòng UBND tỉnh")
    unmatched = page.get_by_test_id("unmatched-lead")
    expect(unmatched.first).to_contain_text("chưa xác định được đơn vị: Sở Kế hoạch và Đầu tư")
    for i in range(rows.count()):
        row = rows.nth(i)
        if row.get_by_test_id("unmatched-lead").count():
            # Planning and investment merged into finance in 2025.
            pick(page, row.locator("select[name$='-lead_unit']"), "so tai chinh nghe", FINANCE)
    appraisal = rows.filter(has_text=APPRAISAL)
    expect(appraisal.locator("select[name$='-lead_unit'] option:checked")).to_have_text(FINANCE)
    # A double click on the confirmation assigns the tasks once.
    page.get_by_test_id("confirm-tasks").dblclick()

    expect(page.locator(".alert-success")).to_contain_text("Đã giao")
    expect(page.get_by_test_id("meeting-tasks")).to_contain_text(APPRAISAL)
    assigned = page.get_by_test_id("meeting-tasks").get_by_text(APPRAISAL)
    expect(assigned).to_have_count(1)
    # Proposing again from the same text offers only what is new: the assigned ones are listed.
    page.get_by_role("link", name="Đề xuất nhiệm vụ từ văn bản").first.click()
    expect(page.get_by_test_id("already-assigned")).to_contain_text(APPRAISAL)
    expect(page.get_by_test_id("draft-row").filter(has_text=APPRAISAL)).to_have_count(0)
    sign_out(page)

    # The finance department is told (the header counts it), finds the task in its inbox —
    # open tasks, overdue first in red — reports, then completes it.
    login("taichinh")
    expect(page.get_by_test_id("unread-count")).to_be_visible()
    page.get_by_test_id("notifications").click()
    expect(page.locator("main")).to_contain_text(APPRAISAL)
    page.get_by_role("link", name="Nhiệm vụ của đơn vị").first.click()
    expect(page.get_by_test_id("inbox-tabs")).to_be_visible()
    first_row = page.locator("#object-table tbody tr").first
    expect(first_row).to_have_class(re.compile("row-overdue"))  # the demo's overdue come first
    page.fill("input[name=q]", "thẩm định")
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_url(re.compile(r"[?&]q="))
    page.wait_for_load_state("networkidle")  # the search-as-you-type swap is over
    expect(page.locator("#object-table")).to_contain_text(APPRAISAL)
    page.locator("#object-table").get_by_role("link", name=re.compile(APPRAISAL)).click()
    expect(page.get_by_test_id("lead-unit")).to_have_text(FINANCE)

    page.fill("#id_report-text", "Đã nhận hồ sơ kế hoạch, đang lấy ý kiến các phòng.")
    page.fill("#id_report-percent", "50")
    page.get_by_role("button", name="Gửi báo cáo").dblclick()
    expect(page.get_by_test_id("timeline")).to_contain_text("Báo cáo tiến độ 50%")
    expect(page.get_by_test_id("timeline").get_by_text("Báo cáo tiến độ 50%")).to_have_count(1)

    page.fill("#id_complete-result", "Đã có Văn bản số 1234/STC-ĐT thẩm định kế hoạch.")
    page.get_by_role("button", name="Xác nhận hoàn thành").click()
    expect(page.get_by_test_id("status")).to_have_text("Hoàn thành đúng hạn")
    expect(page.get_by_test_id("result")).to_contain_text("1234/STC-ĐT")
    sign_out(page)

    # The leader's dashboard counts it done, under the finance department.
    login("lanhdao")
    page.goto(f"{live_url}/directives/dashboard/")
    assert finance_done(page, live_url) == done_before + 1
    expect(page.get_by_test_id("count-done")).not_to_have_text("0")
