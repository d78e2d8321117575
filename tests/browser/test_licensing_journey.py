"""An applicant applies online for a game-service-point certificate; the officer asks for a
supplement (the clock pauses; when the applicant answers a week later the promised date moves);
the officer approves and returns the result; the certificate PDF holds the number and the
applicant's name with diacritics and its signature validates; the public lookup shows the
result returned; the verification page the QR code points at says valid."""

import re
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import LIVE
from .helpers import pick

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

GAME = "Cấp Giấy chứng nhận đủ điều kiện hoạt động điểm cung cấp dịch vụ trò chơi điện tử công cộng"
APPLICANT = "Công ty TNHH Dịch vụ Trò chơi Ánh Dương Nghệ An"
FACILITY = "Điểm trò chơi Ánh Dương"


def sign_out(page):
    page.get_by_role("button", name="Đăng xuất").click()


def a_pdf(tmp_path: Path, name: str) -> str:
    path = tmp_path / name
    path.write_bytes(b"%PDF-1.4\n% ban scan don de nghi\n")
    return str(path)


def due_date(page) -> datetime:
    return datetime.strptime(page.get_by_test_id("due-on").inner_text().strip(), "%d/%m/%Y")


def on_the_live_server(code: str) -> None:
    done = subprocess.run(
        [*LIVE["ictgov"], "shell", "-c", code], env=LIVE["env"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def test_applicant_to_signed_certificate(login, page, live_url, browser, tmp_path):
    # The applicant finds the procedure and applies online with the dossier's files.
    login("doanhnghiep")
    page.goto(f"{live_url}/licensing/procedures/?q=tro+choi+dien+tu")
    page.get_by_role("link", name=GAME, exact=True).click()
    expect(page.get_by_test_id("unconfirmed-note")).to_contain_text("chưa có văn bản gốc")
    page.get_by_test_id("apply").click()
    page.fill("#id_applicant_name", APPLICANT)
    page.fill("#id_applicant_address", "Số 5 đường Lê Lợi, phường Vinh Phú, tỉnh Nghệ An")
    page.fill("#id_facility_name", FACILITY)
    page.fill("#id_facility_address", "Số 12 đường Nguyễn Du, phường Vinh Phú")
    pick(page, page.locator("#id_locality"), "vinh phu", "Phường Vinh Phú")
    inputs = page.locator("input[type=file][name^=req_]")
    for i in range(inputs.count()):
        inputs.nth(i).set_input_files(a_pdf(tmp_path, f"thanh-phan-{i + 1}.pdf"))
    page.get_by_role("button", name="Nộp hồ sơ").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã tiếp nhận hồ sơ")
    code = page.get_by_test_id("receipt-code").inner_text().strip()
    assert re.fullmatch(r"X16702-\d{6}-\d{4}", code), code
    expect(page.get_by_test_id("remaining")).to_contain_text("còn 15 ngày làm việc")
    sign_out(page)

    # The officer finds it in the inbox and asks for a supplement: the clock pauses.
    login("chuyenvien")
    page.goto(f"{live_url}/licensing/?q={code}")
    page.get_by_role("link", name=code).click()
    form = page.get_by_test_id("step-request_supplement")
    form.locator("textarea[name=note]").fill("Bổ sung tài liệu về phòng cháy, chữa cháy của điểm.")
    form.get_by_role("button", name="Yêu cầu bổ sung hồ sơ").click()
    expect(page.get_by_test_id("state")).to_have_text("Chờ bổ sung")
    expect(page.get_by_test_id("clock-paused")).to_be_visible()
    expect(page.get_by_test_id("remaining")).to_contain_text("tạm dừng")
    sign_out(page)

    # A week passes before the applicant answers (the dossier's dates are moved back a week).
    on_the_live_server(
        f"from ictgov.licensing.tests.helpers import backdate; backdate({code!r}, 7)"
    )
    login("doanhnghiep")
    page.goto(f"{live_url}/licensing/my/")
    page.get_by_role("link", name=code).click()
    promised = due_date(page)  # as it stood before the week of waiting, moved back with it
    form = page.get_by_test_id("step-supplement")
    form.locator("textarea[name=note]").fill("Gửi bổ sung biên bản kiểm tra phòng cháy.")
    form.locator("input[type=file]").set_input_files(a_pdf(tmp_path, "pccc.pdf"))
    form.get_by_role("button", name="Nộp bổ sung").click()
    expect(page.get_by_test_id("state")).to_have_text("Đang thẩm định")
    moved = due_date(page)
    assert moved > promised, (promised, moved)  # the week of waiting is not counted
    expect(page.get_by_test_id("timeline")).to_contain_text(
        f"Hẹn trả kết quả: {promised:%d/%m/%Y} → {moved:%d/%m/%Y}"
    )
    sign_out(page)

    # The officer approves and returns the result.
    login("chuyenvien")
    page.goto(f"{live_url}/licensing/?q={code}")
    page.get_by_role("link", name=code).click()
    page.get_by_test_id("step-approve").get_by_role("button", name="Phê duyệt").click()
    expect(page.get_by_test_id("state")).to_have_text("Đã phê duyệt")
    page.get_by_test_id("step-return_result").get_by_role("button", name="Trả kết quả").click()
    expect(page.get_by_test_id("state")).to_have_text("Đã trả kết quả")
    sign_out(page)

    # The applicant downloads the certificate: number and name with diacritics, signed.
    login("doanhnghiep")
    page.goto(f"{live_url}/licensing/my/?state=all")
    page.get_by_role("link", name=code).click()
    with page.expect_download() as download:
        page.get_by_test_id("certificate-download").first.click()
    data = Path(download.value.path()).read_bytes()

    from django.test.utils import override_settings

    from ictgov.core import pdf

    text = " ".join(pdf.extract_text(data).split())
    number = re.search(r"Số: (\d+/GCN-UBND)", text)
    assert number, text[:500]
    assert APPLICANT in text and FACILITY in text
    assert "ỦY BAN NHÂN DÂN PHƯỜNG VINH PHÚ" in text
    signing = {"DEMO_DIR": str(LIVE["var"] / "signing")}  # the live server's key
    with override_settings(ICTGOV={"SIGNING": signing, "SITE_URL": live_url}):
        check = pdf.check_signature(data)
        assert check.status == pdf.Verdict.VALID, check
    # The address printed under the QR code (wrapped by the layout: joined again).
    # The wrap falls wherever the port number puts it: read the address with no spaces at all.
    verify_code = re.search(r"/licensing/verify/([\w-]+)/", "".join(text.split()))[1]
    verify_path = f"/licensing/verify/{verify_code}/"
    sign_out(page)

    # Anyone: the lookup shows the result returned, with nothing personal.
    visitor = browser.new_context(locale="vi-VN").new_page()
    visitor.goto(f"{live_url}/licensing/lookup/?code={code}")
    expect(visitor.get_by_test_id("lookup-step")).to_contain_text("Đã trả kết quả")
    expect(visitor.get_by_test_id("lookup-result")).not_to_contain_text(APPLICANT)

    # The page the QR code points at says valid, and so does the file checked there.
    visitor.goto(f"{live_url}{verify_path}")
    expect(visitor.get_by_test_id("verdict")).to_contain_text("Hợp lệ")
    expect(visitor.get_by_test_id("verify-number")).to_have_text(number.group(1))
    upload = tmp_path / "gcn.pdf"
    upload.write_bytes(data)
    visitor.locator("input[type=file][name=file]").set_input_files(str(upload))
    visitor.get_by_test_id("verify-upload").get_by_role(
        "button", name="Kiểm tra", exact=True
    ).click()
    expect(visitor.get_by_test_id("verdict")).to_have_attribute("data-verdict", "valid")
    visitor.context.close()


def test_withdrawing_asks_first_and_cancel_keeps_the_dossier(login, page, live_url):
    """The applicant's "Rút hồ sơ" asks before it is sent: "Cancel" sends nothing and the
    button still works; "OK" withdraws."""
    login("doanhnghiep")
    page.goto(f"{live_url}/licensing/my/?state=received")
    page.locator("a[href^='/licensing/dossiers/']").first.click()
    code = page.get_by_test_id("receipt-code").inner_text().strip()
    state = page.get_by_test_id("state").inner_text()
    button = page.get_by_test_id("step-withdraw").get_by_role("button", name="Rút hồ sơ")
    questions = []

    def answer(dialog, accept):
        questions.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda d: answer(d, False))
    button.click()
    page.wait_for_timeout(300)  # nothing is sent: the page stays as it was
    assert questions and questions[0].startswith(f"Rút hồ sơ {code}?")
    expect(page.get_by_test_id("state")).to_have_text(state)
    page.once("dialog", lambda d: answer(d, True))
    button.click()
    expect(page.get_by_test_id("state")).to_have_text("Đã rút hồ sơ")
    assert len(questions) == 2
