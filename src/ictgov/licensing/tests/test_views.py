"""The licensing pages as their users meet them: the public catalogue with its unconfirmed
values, the lookup without personal data, online submission with bad files refused, the
officer's inbox and steps, late dossiers, the verification page and an altered PDF."""

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ictgov.core import pdf
from ictgov.core.scoping import visible
from ictgov.core.testing import read_export
from ictgov.core.workdays import add_working_days
from ictgov.licensing import services
from ictgov.licensing.models import OPEN_STATES, Dossier

from .helpers import GAME, WEBSITE, pdf_file, procedure

pytestmark = pytest.mark.django_db


def approved(submit, users):
    d = submit()
    services.act(users["chuyenvien"], d, "accept")
    services.act(users["chuyenvien"], d, "approve")
    return d, d.certificates.get()


def test_the_procedure_page_shows_what_awaits_confirmation(client):
    p = procedure(GAME)
    page = client.get(p.get_absolute_url()).content.decode()
    assert "15 ngày làm việc" in page and 'data-testid="unconfirmed-processing_days"' in page
    assert "Mẫu 51a (cá nhân) / 51b (tổ chức)" in page
    assert "Ủy ban nhân dân cấp xã nơi đặt điểm" in page
    assert "Đăng nhập để nộp trực tuyến" in page
    reissue = client.get(
        procedure(
            "Cấp lại Giấy chứng nhận đủ điều kiện hoạt động điểm cung cấp dịch vụ trò "
            "chơi điện tử công cộng"
        ).get_absolute_url()
    ).content.decode()
    assert "Không thu" in reissue and 'data-testid="unconfirmed-fee"' not in reissue


def test_the_catalogue_lists_procedures_in_force_and_searches_without_accents(client):
    page = client.get("/licensing/procedures/", {"q": "trang thong tin dien tu"}).content.decode()
    assert "thiết lập trang thông tin điện tử tổng hợp" in page
    old = client.get("/licensing/procedures/", {"q": "72/2013"}).content.decode()
    assert "0 kết quả" in old  # the old rule set is not in force


def test_online_submission_from_the_page(client_for, users):
    client = client_for("doanhnghiep")
    p = procedure(GAME)
    data = {
        "applicant_kind": "organisation",
        "applicant_name": "Công ty TNHH Ánh Dương",
        "facility_name": "Điểm game Ánh Dương",
        "locality": services_commune().pk,
    }
    for r in p.requirements.filter(required=True):
        data[f"req_{r.pk}"] = pdf_file(f"tp{r.position}.pdf")
    response = client.post(f"/licensing/procedures/{p.pk}/apply/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    d = Dossier.objects.get(applicant_name="Công ty TNHH Ánh Dương")
    assert response["Location"] == d.get_absolute_url()
    page = client.get(d.get_absolute_url()).content.decode()
    assert d.receipt_code in page and "còn 15 ngày làm việc" in page


def test_an_application_sent_twice_from_its_page_makes_one_dossier(client_for):
    client = client_for("doanhnghiep")
    p = procedure(GAME)

    def send():
        data = {
            "applicant_kind": "organisation",
            "applicant_name": "Công ty TNHH Gửi Hai Lần",
            "locality": services_commune().pk,
            "_once": "trang-nop-ho-so-1",  # the page's token (added by the page's script)
        }
        for r in p.requirements.filter(required=True):
            data[f"req_{r.pk}"] = pdf_file(f"tp{r.position}.pdf")
        return client.post(f"/licensing/procedures/{p.pk}/apply/", data)

    first, again = send(), send()
    d = Dossier.objects.get(applicant_name="Công ty TNHH Gửi Hai Lần")
    assert first.status_code == again.status_code == 302
    assert again["Location"] == first["Location"] == d.get_absolute_url()
    page = client.get(again["Location"]).content.decode()
    assert "Biểu mẫu này đã được gửi; lần gửi lại không ghi thêm gì." in page


def services_commune():
    from .helpers import commune

    return commune()


def test_a_wrong_file_type_is_shown_on_the_form_and_nothing_is_saved(client_for):
    client = client_for("doanhnghiep")
    p = procedure(GAME)
    data = {
        "applicant_kind": "individual",
        "applicant_name": "Hộ kinh doanh Lê Văn Tèo",
        "locality": services_commune().pk,
    }
    for r in p.requirements.filter(required=True):
        data[f"req_{r.pk}"] = pdf_file(f"tp{r.position}.pdf")
    first = p.requirements.filter(required=True).first()
    data[f"req_{first.pk}"] = SimpleUploadedFile("anh.gif", b"GIF89a...", content_type="image/gif")
    before = Dossier.objects.count()
    response = client.post(f"/licensing/procedures/{p.pk}/apply/", data)
    assert response.status_code == 400
    assert "“anh.gif” không đúng định dạng; chỉ nhận PDF" in response.content.decode()
    assert Dossier.objects.count() == before


def test_the_public_lookup_shows_no_personal_data(client, submit):
    d = submit()
    page = client.get("/licensing/lookup/", {"code": d.receipt_code.lower()}).content.decode()
    assert "Đã tiếp nhận" in page and "còn 15 ngày làm việc" in page
    assert d.applicant_name not in page and d.facility_address not in page
    missing = client.get("/licensing/lookup/", {"code": "X00000-000000-0000"})
    assert missing.status_code == 404 and "Không tìm thấy hồ sơ" in missing.content.decode()


def test_the_inbox_marks_and_filters(client_for, submit, users):
    d = submit()
    client = client_for("chuyenvien")
    page = client.get("/licensing/").content.decode()
    assert d.receipt_code in page and 'data-testid="marks"' in page
    overdue = client.get("/licensing/", {"mark": "overdue"}).content.decode()
    assert d.receipt_code not in overdue
    bad = client.get("/licensing/", {"state": "flying"})
    assert bad.status_code == 422
    export = read_export(client.get("/licensing/?export=xlsx"))
    assert any(d.receipt_code in row for row in export.rows)


def test_the_inbox_rows_by_promised_date_with_their_marks(client_for, submit, users):
    """The rows come by promised date (the model's ordering, kept when the page's rows are read
    by their ids) and each carries the mark its dates give, with its link and handler."""
    from datetime import timedelta

    from django.utils import timezone

    today = timezone.localdate()
    later, soon, late = submit(), submit(), submit()  # received in the other order
    Dossier.objects.filter(pk=late.pk).update(due_on=today - timedelta(days=3))
    Dossier.objects.filter(pk=later.pk).update(due_on=today + timedelta(days=60))
    Dossier.objects.filter(pk=soon.pk).update(due_on=today)
    response = client_for("chuyenvien").get("/licensing/")
    page = response.content.decode()
    codes = re.findall(r'data-code="([^"]+)"', page)
    mine = [c for c in codes if c in {late.receipt_code, soon.receipt_code, later.receipt_code}]
    assert mine == [late.receipt_code, soon.receipt_code, later.receipt_code]
    marks = {d.receipt_code: d.timeliness for d, _rest, _css in response.context["dossiers"]}
    assert [marks[c] for c in mine] == ["overdue", "due_soon", "on_time"]
    for d in (late, soon, later):
        d.refresh_from_db()
        assert marks[d.receipt_code] == d.timeliness_on(today)
        assert f'<a href="{d.get_absolute_url()}">{d.receipt_code}</a>' in page
    assert "quá hạn" in page and "hôm nay là hạn trả kết quả" in page


def test_the_inbox_rows_write_each_value_as_a_table_cell_does(client_for, submit, users):
    """The inbox writes its rows itself: every cell holds what the generic table's `cell`
    filter and Django's escaping give (local date and time, dd/mm/yyyy, the state's label, the
    handler), markup in a name shown as text."""
    from django.utils.html import escape

    from ictgov.core.templatetags.ictgov import cell

    d = submit()
    Dossier.objects.filter(pk=d.pk).update(applicant_name='Hộ <b>"Hòa" & Bình\'s</b>')
    services.act(users["chuyenvien"], d, "accept")
    response = client_for("chuyenvien").get("/licensing/")
    page = response.content.decode()
    row = re.search(rf'<tr data-testid="dossier-row" data-code="{d.receipt_code}">(.*?)</tr>', page)
    cells = re.findall(r'<td data-label="[^"]*">(.*?)</td>', row.group(1))
    d = next(x for x, _rest, _css in response.context["dossiers"] if x.pk == d.pk)
    assert cells[0] == f'<a href="{d.get_absolute_url()}">{d.receipt_code}</a>'
    assert (
        cells[2]
        == escape(cell(d.applicant_name))
        == ("Hộ &lt;b&gt;&quot;Hòa&quot; &amp; Bình&#x27;s&lt;/b&gt;")
    )
    assert cells[3] == cell(d.received_at) and cells[4] == cell(d.due_on)
    assert cells[5] == escape(d.get_state_display())
    assert cells[7] == escape(str(users["chuyenvien"]))


def test_the_inbox_counts_what_it_lists_with_and_without_filters(client_for, submit, users):
    waiting, reviewed, withdrawn = submit(), submit(), submit()
    services.act(users["chuyenvien"], reviewed, "accept")
    services.act(users["doanhnghiep"], withdrawn, "withdraw", note="Không tiếp tục")
    client = client_for("chuyenvien")
    readable = visible(Dossier.objects.all(), users["chuyenvien"])

    def listed(params=None):
        response = client.get("/licensing/", params or {})
        codes = set(re.findall(r'data-code="([^"]+)"', response.content.decode()))
        marks = sum(m["count"] for m in response.context["marks"])
        return response.context["paginator"].count, codes, marks

    # No filter: the open dossiers, counted with the marks (which add up to them).
    count, codes, marks = listed()
    assert count == marks == readable.filter(state__in=OPEN_STATES).count()
    assert {waiting.receipt_code, reviewed.receipt_code} <= codes
    assert withdrawn.receipt_code not in codes
    # Filters that widen or narrow the list count their own rows, not the marks.
    count, codes, marks = listed({"state": "all"})
    assert count == readable.count() > marks
    count, codes, _marks = listed({"state": "in_review"})
    assert count == readable.filter(state="in_review").count() >= 1
    assert reviewed.receipt_code in codes and waiting.receipt_code not in codes
    assert listed({"q": "khong-co-ho-so-nay"})[:2] == (0, set())


def test_an_officer_step_from_the_page_and_the_loser_told(client_for, submit, users):
    d = submit()
    officer = client_for("chuyenvien")
    url = f"/licensing/dossiers/{d.pk}/act/accept/"
    assert officer.post(url, {"expected_state": "received"}).status_code == 302
    # A second officer with the page still showing "received":
    late = client_for("lanhdao").post(
        f"/licensing/dossiers/{d.pk}/act/reject/",
        {"expected_state": "received", "note": "Thiếu"},
    )
    assert late.status_code == 400
    assert "Hồ sơ đã được người khác xử lý" in late.content.decode()
    d.refresh_from_db()
    assert d.state == "in_review"
    # A step that does not start from this state is not offered (403).
    assert officer.get(f"/licensing/dossiers/{d.pk}/act/return_result/").status_code == 403
    assert officer.get(f"/licensing/dossiers/{d.pk}/act/fly/").status_code == 404


def test_the_apology_slip(client_for, submit):
    d = submit()
    officer = client_for("chuyenvien")
    new = d.due_on.replace(day=min(d.due_on.day, 25))
    response = officer.post(
        f"/licensing/dossiers/{d.pk}/apology/",
        {"new_due_on": "31/12/2099", "reason": "Chờ ý kiến phối hợp"},
    )
    assert response.status_code == 302, new
    slip = d.apologies.get()
    body = officer.get(f"/licensing/apologies/{slip.pk}/").content
    text = " ".join(pdf.extract_text(body).split())
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in text
    assert "31/12/2099" in text and d.receipt_code in text


def test_the_receipt_slip_prints_the_code_and_the_promised_date(client_for, submit):
    d = submit()
    body = client_for("chuyenvien").get(f"/licensing/dossiers/{d.pk}/receipt/").content
    text = " ".join(pdf.extract_text(body).split())
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert d.receipt_code in text and f"{d.due_on:%d/%m/%Y}" in text


def test_verification_valid_revoked_and_an_altered_upload(client, client_for, submit, users):
    d, cert = approved(submit, users)
    page = client.get(cert.verification_path())
    assert 'data-verdict="valid"' in page.content.decode()
    assert d.applicant_name in page.content.decode()
    data = client_for("doanhnghiep").get(f"/licensing/certificates/{cert.pk}/pdf/")
    original = b"".join(data.streaming_content)
    ok = client.post(cert.verification_path(), {"file": pdf_file("gcn.pdf", original)})
    assert 'data-verdict="valid"' in ok.content.decode()
    i = original.find(b"stream") + 500
    altered = original[:i] + bytes([original[i] ^ 1]) + original[i + 1 :]
    bad = client.post(cert.verification_path(), {"file": pdf_file("gcn.pdf", altered)})
    assert 'data-verdict="altered"' in bad.content.decode()
    assert "Đã bị sửa đổi sau khi ký" in bad.content.decode()
    services.revoke_certificate(users["chuyenvien"], cert, reason="Gian lận")
    revoked = client.get(cert.verification_path()).content.decode()
    assert 'data-verdict="revoked"' in revoked and "Gian lận" in revoked


def test_an_expired_certificate_says_so(client, submit, users):
    d, cert = approved(submit, users)
    type(cert).objects.filter(pk=cert.pk).update(valid_to=date(2020, 1, 1))
    page = client.get(cert.verification_path()).content.decode()
    assert 'data-verdict="expired"' in page


def test_the_applicants_list_says_it_holds_every_step_until_one_is_chosen(client_for, users):
    """The picker's shown choice is what the list holds: every dossier at first ("Mọi bước"),
    only those in progress once "Đang giải quyết" is chosen."""
    import re

    from ictgov.licensing.models import OPEN_STATES, Dossier

    client = client_for("doanhnghiep")

    def shown(url):
        page = client.get(url).content.decode()
        select = re.search(r'<select name="state".*?</select>', page, re.S).group(0)
        options = re.findall(r'<option value="([^"]*)"( selected)?>', select)
        chosen = [v for v, sel in options if sel] or [options[0][0]]  # the browser shows these
        count = int(re.search(r"(\d+) kết quả", page).group(1))
        return chosen[0], count

    mine = Dossier.objects.filter(applicant=users["doanhnghiep"])
    assert mine.exclude(state__in=OPEN_STATES).exists()  # the demo has finished ones too
    assert shown("/licensing/my/") == ("all", mine.count())
    assert shown("/licensing/my/?state=open") == (
        "open",
        mine.filter(state__in=OPEN_STATES).count(),
    )


def test_the_applicant_follows_rates_and_registers(client, client_for, submit, users):
    d = submit()
    mine = client_for("doanhnghiep").get("/licensing/my/").content.decode()
    assert d.receipt_code in mine
    services.act(users["chuyenvien"], d, "reject", note="Thiếu biển hiệu")
    services.act(users["chuyenvien"], d, "return_result")
    rated = client_for("doanhnghiep").post(f"/licensing/dossiers/{d.pk}/rate/", {"rating": 5})
    assert rated.status_code == 302
    d.refresh_from_db()
    assert d.rating == 5
    response = client.post(
        "/licensing/register/",
        {
            "username": "cty_moi",
            "full_name": "Công ty Mới",
            "email": "moi@example.vn",
            "password1": "Mat-khau-dai-2026",
            "password2": "Mat-khau-dai-2026",
        },
    )
    assert response.status_code == 302
    from ictgov.accounts.models import User

    assert User.objects.get(username="cty_moi").role == "applicant"


def test_figures_count_decisions_and_export(client_for, submit, users):
    d, cert = approved(submit, users)
    client = client_for("lanhdao")
    year = d.decided_on.year
    page = client.get("/licensing/figures/", {"year": year}).content.decode()
    assert re.search(r'data-testid="decided">\s*\d+', page)
    # On a phone each row is a card with every figure labelled (not 9 squeezed columns).
    table = re.search(
        r'<table class="([^"]*)" data-testid="by-procedure">(.*?)</table>', page, re.S
    )
    assert "stack-on-phone" in table.group(1)
    assert '<td data-label="Hài lòng %">' in table.group(2)
    export = read_export(client.get(f"/licensing/figures/?year={year}&export=xlsx"))
    assert export.headers[1:4] == ["Tháng", "Thủ tục", "Cơ quan giải quyết"]
    assert any("Ủy ban nhân dân phường Vinh Phú" in str(row) for row in export.rows)
    assert client.get("/licensing/figures/", {"year": "abc"}).status_code == 422


def test_workload_per_officer(client_for, submit, users):
    d = submit()
    services.act(users["chuyenvien"], d, "accept")
    page = client_for("lanhdao").get("/licensing/workload/").content.decode()
    assert "Nguyễn Thị Lan" in page


def test_figures_offer_the_readers_provinces_to_pick(client_for):
    page = client_for("lanhdao").get("/licensing/figures/").content.decode()
    # A picker, not a code to type: the leader's own province, chosen by default.
    assert re.search(r'<option value="40" selected>Nghệ An</option>', page)
    assert 'value="38"' not in page  # Thanh Hóa is not the Nghệ An leader's to read
    refused = client_for("lanhdao").get("/licensing/figures/", {"province": "38"})
    assert refused.status_code == 422
    assert "Hãy chọn một giá trị trong danh sách" in refused.content.decode()
    everywhere = client_for("quantri").get("/licensing/figures/").content.decode()
    assert 'value="38"' in everywhere


def test_a_department_reads_its_own_provinces_dossiers_only(client_for, users):
    from ictgov.geo.models import AdministrativeUnit

    dossier = Dossier.objects.filter(state__in=OPEN_STATES).order_by("pk").first()
    elsewhere = AdministrativeUnit.objects.filter(level="province", code="38").first()
    assert dossier.issuer_id != users["chuyenvien"].unit_id
    Dossier.objects.filter(pk=dossier.pk).update(province=elsewhere)
    officer = client_for("chuyenvien")
    assert officer.get(dossier.get_absolute_url()).status_code == 404
    assert dossier.receipt_code not in officer.get("/licensing/").content.decode()
    api = officer.get(f"/api/v1/licensing/dossiers/{dossier.pk}")
    assert api.status_code == 404
    # The administrator reads every province's.
    assert client_for("quantri").get(dossier.get_absolute_url()).status_code == 200


def test_two_officers_take_the_same_step_and_the_loser_is_told_why(client_for, submit):
    d = submit()
    url = f"/licensing/dossiers/{d.pk}/act/accept/"
    assert client_for("chuyenvien").post(url, {"expected_state": "received"}).status_code == 302
    # The leader's page still shows "received" and its button "Chuyển thẩm định": not a
    # "no permission" page, but what happened.
    late = client_for("lanhdao").post(url, {"expected_state": "received"})
    assert late.status_code == 400
    page = late.content.decode()
    assert "Hồ sơ đã được người khác xử lý" in page and "Đang thẩm định" in page
    d.refresh_from_db()
    assert d.state == "in_review" and d.transitions.filter(name="accept").count() == 1
    # Someone who may never take the step is still refused.
    refused = client_for("doanhnghiep").post(url, {"expected_state": "in_review"})
    assert refused.status_code == 403


def test_the_rating_offers_round_choices_not_text_boxes(client_for, submit, users):
    d = submit()
    services.act(users["chuyenvien"], d, "reject", note="Thiếu biển hiệu")
    services.act(users["chuyenvien"], d, "return_result")
    page = client_for("doanhnghiep").get(f"/licensing/dossiers/{d.pk}/rate/").content.decode()
    radios = re.findall(r'<input type="radio"[^>]*>', page)
    assert len(radios) == 5
    # A "form-control" class draws each choice as an empty text box, the list inside another.
    assert not any("form-control" in r for r in radios)
    assert '<div id="id_rating" class="form-control">' not in page


def test_the_application_form_speaks_vietnamese_where_nothing_is_chosen(client_for):
    page = client_for("doanhnghiep").get(procedure(GAME).get_absolute_url() + "apply/")
    text = page.content.decode()
    assert "Select an option" not in text
    assert "— Chọn —" in text  # the commune picker before a commune is chosen


def test_the_payment_form_does_not_offer_zero_dong_as_the_fee(client_for, submit):
    d = submit()  # the game-point fee is not known yet: nothing typed in for the officer
    assert d.fee_due is None
    officer = client_for("chuyenvien")
    page = officer.get(f"/licensing/dossiers/{d.pk}/").content.decode()
    amount = re.search(r'<input[^>]*name="amount"[^>]*>', page).group(0)
    assert 'value="0"' not in amount
    sent = officer.post(
        f"/licensing/dossiers/{d.pk}/payment/",
        {"method": "cash", "amount": "0", "receipt_number": "BL-00"},
    )
    assert sent.status_code == 400
    d.refresh_from_db()
    assert d.paid_on is None
    # A procedure that charges nothing asks for no payment.
    Dossier.objects.filter(pk=d.pk).update(fee_due=0)
    page = officer.get(f"/licensing/dossiers/{d.pk}/").content.decode()
    assert 'data-testid="payment-form"' not in page


def test_the_change_history_names_steps_and_people_not_codes(client_for, submit, users):
    d = submit()
    services.act(users["chuyenvien"], d, "accept")
    page = client_for("chuyenvien").get(f"/licensing/dossiers/{d.pk}/").content.decode()
    history = page[page.index('data-testid="history"') :]
    assert "received" not in history and "in_review" not in history
    assert "Đã tiếp nhận</del> → Đang thẩm định" in history
    handler = users["chuyenvien"].get_full_name()
    assert f"Người xử lý: <del></del> → {handler}" in history


def test_a_file_that_is_no_pdf_is_not_called_an_altered_certificate(client, submit, users):
    d, cert = approved(submit, users)
    photo = SimpleUploadedFile("gcn.jpg", b"\xff\xd8\xff\xe0 anh chup giay", "image/jpeg")
    answer = client.post(cert.verification_path(), {"file": photo})
    page = answer.content.decode()
    assert answer.status_code == 400
    assert "không phải tệp PDF" in page
    assert 'data-verdict="altered"' not in page and "Đã bị sửa đổi sau khi ký" not in page
    assert "Illegal" not in page  # no library's English
    # A PDF that cannot be read is still called altered, in Vietnamese.
    broken = client.post(cert.verification_path(), {"file": pdf_file("gcn.pdf", b"%PDF-1.7\n")})
    assert 'data-verdict="altered"' in broken.content.decode()
    assert "Tệp không đọc được như PDF." in broken.content.decode()


def test_the_dossier_page_says_when_its_certificate_is_revoked(client_for, submit, users):
    d, cert = approved(submit, users)
    services.act(users["chuyenvien"], d, "return_result")
    applicant = client_for("doanhnghiep")
    page = applicant.get(f"/licensing/dossiers/{d.pk}/").content.decode()
    result = page[page.index('data-testid="certificates"') :]
    assert 'data-state="valid"' in result and "Hợp lệ" in result
    services.revoke_certificate(users["chuyenvien"], cert, reason="Vi phạm giờ hoạt động")
    page = applicant.get(f"/licensing/dossiers/{d.pk}/").content.decode()
    result = page[page.index('data-testid="certificates"') :]
    assert 'data-state="revoked"' in result and "Đã bị thu hồi" in result


def test_the_lookup_reads_a_code_as_people_copy_or_type_it(client, submit):
    d = submit()
    head, day, n = d.receipt_code.split("-")
    for typed in (
        f" {d.receipt_code.lower()} ",
        f"{head} - {day} - {n}",  # spaces, as read out over the phone
        f"{head}–{day}–{n}",  # en dashes, as a word processor writes them
        f"{d.receipt_code}\u200b",  # a zero-width space copied from a chat message
        f"{head}-{day}-\n{n}",  # broken over two lines, copied from the PDF slip
    ):
        page = client.get("/licensing/lookup/", {"code": typed})
        assert page.status_code == 200, typed
        assert 'data-testid="lookup-result"' in page.content.decode()


def test_a_lookup_refused_by_the_form_says_only_why(client):
    page = client.get("/licensing/lookup/", {"code": "A" * 100})
    text = page.content.decode()
    assert page.status_code == 400
    assert "Tối đa 60 ký tự" in text and 'data-testid="lookup-not-found"' not in text


def test_the_figures_workbook_names_its_sheet_in_whole_words(client_for):
    from io import BytesIO

    from openpyxl import load_workbook

    response = client_for("lanhdao").get(
        f"/licensing/figures/?year={date.today().year}&export=xlsx"
    )
    content = b"".join(response.streaming_content) if response.streaming else response.content
    # Excel allows 31 characters: "Chỉ số chất lượng giải quyết th" ended in half a word.
    assert load_workbook(BytesIO(content)).active.title == "Chỉ số chất lượng giải quyết"


def test_an_inbox_row_says_paused_once(client_for, submit, users):
    d = submit()
    services.act(users["chuyenvien"], d, "accept")
    services.act(users["chuyenvien"], d, "request_supplement", note="Thiếu biển hiệu")
    page = client_for("chuyenvien").get("/licensing/", {"state": "supplement_requested"})
    row = re.search(
        rf'<tr data-testid="dossier-row" data-code="{d.receipt_code}">.*?</tr>',
        page.content.decode(),
        re.S,
    ).group(0)
    # The mark "Tạm dừng (chờ bổ sung)" was followed by "tạm dừng (chờ bổ sung hồ sơ)".
    assert row.lower().count("tạm dừng") == 1


def test_a_reprinted_receipt_slip_holds_the_date_promised_at_the_counter(client_for, submit, users):
    d = submit()
    first = d.due_on
    later = add_working_days(first, 5)
    services.apologize(users["chuyenvien"], d, new_due_on=later, reason="Chờ ý kiến phối hợp")
    body = client_for("chuyenvien").get(f"/licensing/dossiers/{d.pk}/receipt/").content
    text = " ".join(pdf.extract_text(body).split())
    # Received on day 0 with 15 working days: the slip promised `first`; the new date is the
    # apology slip's to say.
    assert f"ngày {first:%d/%m/%Y} (15 ngày làm việc)" in text
    assert f"{later:%d/%m/%Y}" not in text


def test_an_issuers_period_reads_without_a_stray_space(client):
    page = client.get(procedure(WEBSITE).get_absolute_url()).content.decode()
    # The Department until 28/02/2025: "(đến 28/02/2025)", not "( đến 28/02/2025)".
    assert "(đến " in page and "( đến" not in page


def test_steps_that_cannot_be_taken_back_ask_first(client_for, submit, users):
    """Withdrawing, rejecting and revoking ask before they are sent (data-confirm, read by
    core/ictgov.js); the other steps do not."""
    d = submit()
    page = client_for("doanhnghiep").get(f"/licensing/dossiers/{d.pk}/").content.decode()
    withdraw = re.search(r'data-testid="step-withdraw".*?<button([^>]*)>', page, re.S)[1]
    assert f'data-confirm="Rút hồ sơ {d.receipt_code}?' in withdraw
    services.act(users["chuyenvien"], d, "accept")
    page = client_for("chuyenvien").get(f"/licensing/dossiers/{d.pk}/").content.decode()
    reject = re.search(r'data-testid="step-reject".*?<button([^>]*)>', page, re.S)[1]
    approve = re.search(r'data-testid="step-approve".*?<button([^>]*)>', page, re.S)[1]
    assert f'data-confirm="Từ chối hồ sơ {d.receipt_code}?' in reject
    assert "data-confirm" not in approve
    services.act(users["chuyenvien"], d, "approve")
    cert = d.certificates.get()
    page = client_for("chuyenvien").get(cert.get_absolute_url()).content.decode()
    revoke = re.search(r'data-testid="revoke-form".*?<button([^>]*)>', page, re.S)[1]
    assert f'data-confirm="Thu hồi giấy số {cert.number}?' in revoke


def test_a_certificate_with_no_end_date_says_so(client, client_for, submit, users):
    d, cert = approved(submit, users)
    type(cert).objects.filter(pk=cert.pk).update(valid_to=None)
    page = client_for("chuyenvien").get(cert.get_absolute_url()).content.decode()
    assert f"từ {cert.valid_from:%d/%m/%Y}, không ghi thời hạn" in page and "– —" not in page
    public = client.get(cert.verification_path()).content.decode()
    assert "không ghi thời hạn" in public
