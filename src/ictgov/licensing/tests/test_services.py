"""Dossier lifecycle through the services: receipt code and promised date, the guarded state
machine, the clock that pauses while the applicant supplements, certificates, late dossiers."""

import re
import threading
from contextlib import nullcontext
from datetime import date, datetime, time

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from ictgov.core import pdf
from ictgov.core.errors import ServiceError
from ictgov.core.models import Notification, Parameter
from ictgov.core.statemachine import StaleState, TransitionNotAllowed
from ictgov.core.testing import in_thread, is_postgresql, race, wait_for_lock_waiter
from ictgov.licensing import services
from ictgov.licensing.models import Certificate, Dossier, DossierTransition

from .helpers import WEBSITE, application, commune, pdf_file, procedure

pytestmark = pytest.mark.django_db


def at(day: date, hour=9):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def steps(dossier):
    return list(dossier.transitions.values_list("name", "from_state", "to_state"))


def test_an_online_dossier_gets_a_receipt_code_a_promised_date_and_the_commune_as_issuer(
    submit, users
):
    d = submit(at=at(date(2026, 3, 2)))
    assert re.fullmatch(r"X16702-260302-\d{4}", d.receipt_code), d.receipt_code
    assert d.issuer.name == "Ủy ban nhân dân phường Vinh Phú"
    assert d.due_on == date(2026, 3, 23)  # 15 working days after Monday 2 March
    assert d.state == "received" and d.channel == "online"
    assert d.applicant == users["doanhnghiep"] and d.province.code == "40"
    assert steps(d) == [("submit", "", "received")]
    assert d.files.count() == 3
    assert Notification.objects.filter(user=users["doanhnghiep"], key__contains="received").exists()


def test_receipt_codes_count_per_agency_and_day(submit):
    day = at(date(2026, 3, 2))
    first, second = submit(at=day), submit(at=day)
    assert first.receipt_code.endswith("-0001") and second.receipt_code.endswith("-0002")


def test_a_missing_required_component_is_named_and_nothing_is_saved(users):
    before = Dossier.objects.count()
    app = application()
    app.files = {}
    with pytest.raises(services.LicensingError, match="Thiếu thành phần hồ sơ bắt buộc: Đơn đề"):
        services.submit(users["doanhnghiep"], app)
    assert Dossier.objects.count() == before


@pytest.mark.parametrize(
    ("name", "body", "message"),
    [
        ("virus.exe", b"MZ\x90\x00", "“virus.exe” không đúng định dạng; chỉ nhận PDF, JPG"),
        ("fake.pdf", b"<html>not a pdf</html>", "Nội dung tệp “fake.pdf” không phải tệp PDF thật"),
        ("empty.pdf", b"", "Tệp “empty.pdf” rỗng"),
    ],
)
def test_wrong_files_are_refused_with_a_clear_message(users, name, body, message):
    app = application()
    first = next(iter(app.files))
    app.files[first] = [pdf_file(name, body)]
    with pytest.raises(services.LicensingError, match=re.escape(message)):
        services.submit(users["doanhnghiep"], app)


def test_an_oversized_file_is_refused(users):
    Parameter.objects.filter(key="licensing.max_upload_mb").update(value="1")
    app = application()
    first = next(iter(app.files))
    app.files[first] = [pdf_file("big.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1))]
    with pytest.raises(services.LicensingError, match="“big.pdf” lớn hơn 1 MB"):
        services.submit(users["doanhnghiep"], app)


def test_only_applicant_accounts_submit_online_and_only_officers_at_the_counter(users):
    with pytest.raises(PermissionDenied):
        services.submit(users["chuyenvien"], application())
    with pytest.raises(PermissionDenied):
        services.submit(users["doanhnghiep"], application(), channel="in_person")
    walk_in = services.submit(users["chuyenvien"], application(), channel="in_person")
    assert walk_in.applicant is None and walk_in.received_by == users["chuyenvien"]


def test_a_commune_counter_receives_what_its_own_committee_decides(users):
    commune_officer = users["canboxa"]  # phường Vinh Phú's People's Committee
    mine = services.submit(commune_officer, application(), channel="in_person")
    assert mine.issuer_id == commune_officer.unit_id
    # A point in phường Cửa Lò: Cửa Lò's committee decides; received here, the officer could
    # neither open it nor print its receipt slip.
    before = Dossier.objects.count()
    with pytest.raises(services.LicensingError, match="Ủy ban nhân dân phường Cửa Lò"):
        services.submit(
            commune_officer, application(locality=commune("16732")), channel="in_person"
        )
    with pytest.raises(services.LicensingError, match="Sở Văn hóa"):
        services.submit(
            commune_officer,
            application(procedure(WEBSITE), locality=None, files=_all_files(WEBSITE)),
            channel="in_person",
        )
    assert Dossier.objects.count() == before


def _all_files(name):
    p = procedure(name)
    return {r.pk: [pdf_file()] for r in p.requirements.filter(required=True)}


def test_the_supplement_pauses_the_clock_and_moves_the_promised_date(submit, users):
    officer, applicant = users["chuyenvien"], users["doanhnghiep"]
    d = submit(at=at(date(2026, 3, 2)))
    services.act(officer, d, "accept", at=at(date(2026, 3, 3)))
    services.act(
        officer,
        d,
        "request_supplement",
        note="Bổ sung giấy phép kinh doanh",
        at=at(date(2026, 3, 5)),
    )
    assert d.state == "supplement_requested" and d.clock.paused
    assert d.timeliness_on(date(2026, 4, 30)) == "paused"  # never overdue while it waits
    services.act(applicant, d, "supplement", files=[pdf_file("bs.pdf")], at=at(date(2026, 3, 12)))
    d.refresh_from_db()
    # Paused 5 working days (6, 9, 10, 11, 12 March): 23/03 → 30/03.
    assert d.due_on == date(2026, 3, 30) and d.state == "in_review"
    moves = list(d.clock.moves.values_list("kind", "old_due_on", "new_due_on"))
    assert moves == [
        ("start", None, date(2026, 3, 23)),
        ("resume", date(2026, 3, 23), date(2026, 3, 30)),
    ]
    assert d.files.filter(stage="supplement").count() == 1
    # The timeline shows each file at the act it came with, not when the record was typed.
    from ictgov.licensing.views import timeline

    steps = [(e["kind"], e["at"].date()) for e in timeline(d) if e["kind"] != "deadline"]
    submitted = d.files.filter(stage="submitted").count()
    assert submitted and steps == [
        ("submit", date(2026, 3, 2)),
        *[("file", date(2026, 3, 2))] * submitted,
        ("accept", date(2026, 3, 3)),
        ("request_supplement", date(2026, 3, 5)),
        ("supplement", date(2026, 3, 12)),
        ("file", date(2026, 3, 12)),
    ]


def test_the_restart_rule_is_data(submit, users):
    Parameter.objects.filter(key="licensing.supplement_clock_rule").update(value="restart")
    d = submit(at=at(date(2026, 3, 2)))
    services.act(users["chuyenvien"], d, "request_supplement", note="x", at=at(date(2026, 3, 5)))
    services.act(users["doanhnghiep"], d, "supplement", note="Đã bổ sung", at=at(date(2026, 3, 12)))
    d.refresh_from_db()
    assert d.due_on == date(2026, 4, 2)  # 15 working days from 12 March


def test_a_step_not_allowed_in_the_current_state_is_refused_and_changes_nothing(submit, users):
    d = submit()
    with pytest.raises(TransitionNotAllowed, match="Không thể “Trả kết quả” khi hồ sơ đang ở bước"):
        services.act(users["chuyenvien"], d, "return_result")
    with pytest.raises(PermissionDenied):
        services.act(users["doanhnghiep"], d, "accept")
    with pytest.raises(PermissionDenied):
        services.act(users["taichinh"], d, "accept")  # not the issuing unit
    d.refresh_from_db()
    assert d.state == "received" and steps(d) == [("submit", "", "received")]


def test_a_rejection_needs_a_reason(submit, users):
    d = submit()
    with pytest.raises(ServiceError, match="Cần nêu lý do từ chối"):
        services.act(users["chuyenvien"], d, "reject", note="  ")
    services.act(users["chuyenvien"], d, "reject", note="Không có biển hiệu")
    assert d.state == "rejected" and d.decision_note == "Không có biển hiệu"


def test_the_commune_officer_processes_the_dossiers_of_the_commune(submit, users):
    d = submit()
    services.act(users["canboxa"], d, "accept")
    assert d.handler == users["canboxa"]


def test_approval_issues_a_numbered_signed_certificate(submit, users):
    officer = users["chuyenvien"]
    d = submit(at=at(date(2026, 3, 2)))
    services.act(officer, d, "accept", at=at(date(2026, 3, 3)))
    services.act(officer, d, "approve", at=at(date(2026, 3, 10)))
    cert = d.certificates.get()
    assert re.fullmatch(r"\d{2,}/GCN-UBND", cert.number)
    assert (cert.valid_from, cert.valid_to) == (date(2026, 3, 10), date(2029, 3, 9))
    assert cert.holder == users["doanhnghiep"]
    data = cert.pdf.read()
    assert pdf.check_signature(data).status == pdf.Verdict.VALID
    text = " ".join(pdf.extract_text(data).split())
    assert f"Số: {cert.number}" in text and "Công ty TNHH Dịch vụ Game Vinh" in text
    assert (
        "ỦY BAN NHÂN DÂN PHƯỜNG VINH PHÚ" in text and "Vinh Phú, ngày 10 tháng 3 năm 2026" in text
    )
    log = d.transitions.get(name="approve")
    assert (log.acted_on, log.due_on, log.working_days) == (date(2026, 3, 10), d.due_on, 6)


def test_certificate_numbers_are_consecutive_per_issuer_and_year(submit, users):
    numbers = []
    for _ in range(2):
        d = submit()
        services.act(users["chuyenvien"], d, "accept")
        with services.pdfs_deferred():
            services.act(users["chuyenvien"], d, "approve")
        numbers.append(int(d.certificates.get().number.split("/")[0]))
    assert numbers[1] == numbers[0] + 1


def test_a_procedure_with_a_site_check_approves_only_after_it(users):
    old = procedure(
        "Cấp Giấy chứng nhận đủ điều kiện hoạt động điểm cung cấp dịch vụ trò chơi "
        "điện tử công cộng (theo Nghị định 72/2013/NĐ-CP)"
    )
    d = services.submit(
        users["chuyenvien"], application(old), channel="in_person", at=at(date(2024, 3, 4))
    )
    services.act(users["chuyenvien"], d, "accept", at=at(date(2024, 3, 5)))
    with pytest.raises(TransitionNotAllowed, match="phải thẩm định thực tế"):
        services.act(users["chuyenvien"], d, "approve", at=at(date(2024, 3, 6)))
    services.act(users["chuyenvien"], d, "inspect", at=at(date(2024, 3, 6)))
    with services.pdfs_deferred():
        services.act(users["chuyenvien"], d, "approve", at=at(date(2024, 3, 7)))
    assert d.certificates.get().number.endswith("/GCN-STTTT")


def test_result_returned_online_counts_as_electronic_and_the_applicant_rates(submit, users):
    d = submit()
    services.act(users["chuyenvien"], d, "accept")
    services.act(users["chuyenvien"], d, "reject", note="Thiếu biển hiệu")
    services.act(users["chuyenvien"], d, "return_result")
    assert d.electronic_result and d.returned_at is not None
    with pytest.raises(PermissionDenied):
        services.rate(users["chuyenvien"], d, rating=5)
    services.rate(users["doanhnghiep"], d, rating=4, comment="Nhanh")
    with pytest.raises(services.LicensingError, match="đã đánh giá"):
        services.rate(users["doanhnghiep"], d, rating=5)


def test_withdrawal_by_the_applicant_stops_the_clock(submit, users):
    d = submit()
    services.act(users["doanhnghiep"], d, "withdraw", note="Chưa thuê được mặt bằng")
    assert d.state == "withdrawn" and d.clock.stopped_on is not None
    with pytest.raises(TransitionNotAllowed):
        services.act(users["doanhnghiep"], d, "withdraw")


def test_the_apology_slip_moves_the_date_and_tells_the_applicant(submit, users):
    d = submit(at=at(date(2026, 3, 2)))
    with pytest.raises(ServiceError, match="sau ngày hẹn hiện tại"):
        services.apologize(
            users["chuyenvien"],
            d,
            new_due_on=date(2026, 3, 20),
            reason="x",
            at=at(date(2026, 3, 16)),
        )
    slip = services.apologize(
        users["chuyenvien"],
        d,
        new_due_on=date(2026, 3, 27),
        reason="Chờ ý kiến công an",
        at=at(date(2026, 3, 20)),
    )
    d.refresh_from_db()
    assert d.due_on == date(2026, 3, 27) and slip.old_due_on == date(2026, 3, 23)
    assert d.clock.moves.last().kind == "extend"
    note = Notification.objects.get(key=f"licensing:{d.pk}:apology:{slip.pk}")
    assert "27/03/2026" in note.subject
    with pytest.raises(PermissionDenied):
        services.apologize(users["doanhnghiep"], d, new_due_on=date(2026, 4, 1), reason="x")


def test_the_new_date_of_an_apology_is_a_working_day_still_to_come(submit, users):
    d = submit(at=at(date(2026, 3, 2)))  # promised for Monday 23/03/2026
    officer = users["chuyenvien"]
    late = at(date(2026, 3, 26))  # the dossier is three days overdue
    # A date after the old promise but already gone: the slip would promise the past.
    with pytest.raises(ServiceError, match="đã qua"):
        services.apologize(officer, d, new_due_on=date(2026, 3, 25), reason="x", at=late)
    # Saturday 28/03/2026: the one-stop desk is closed.
    with pytest.raises(ServiceError, match="không phải ngày làm việc"):
        services.apologize(officer, d, new_due_on=date(2026, 3, 28), reason="x", at=late)
    d.refresh_from_db()
    assert d.due_on == date(2026, 3, 23) and not d.apologies.exists()
    slip = services.apologize(officer, d, new_due_on=date(2026, 3, 30), reason="x", at=late)
    assert slip.new_due_on == date(2026, 3, 30)


def test_a_payment_of_nothing_is_no_payment(submit, users):
    d = submit()
    with pytest.raises(services.LicensingError, match="lớn hơn 0"):
        services.record_payment(
            users["chuyenvien"], d, method="cash", amount=0, receipt_number="BL-00"
        )
    d.refresh_from_db()
    assert d.paid_on is None and d.fee_paid is None and d.fee_receipt_number == ""


def test_payment_is_recorded_once(submit, users):
    d = submit()
    services.record_payment(
        users["chuyenvien"], d, method="online", amount=500000, receipt_number="BL-01"
    )
    d.refresh_from_db()
    assert (d.paid_via, d.fee_paid, d.fee_receipt_number) == ("online", 500000, "BL-01")
    with pytest.raises(services.LicensingError, match="đã ghi nhận nộp phí"):
        services.record_payment(
            users["chuyenvien"], d, method="cash", amount=1, receipt_number="BL-02"
        )


def _certified(submit, users, *, pdf=False, **submitted):
    """A dossier submitted, accepted and approved, and its certificate (its PDF made only
    with `pdf`)."""
    d = submit(**submitted)
    services.act(users["chuyenvien"], d, "accept")
    with nullcontext() if pdf else services.pdfs_deferred():
        services.act(users["chuyenvien"], d, "approve")
    return d, d.certificates.get()


def test_revocation_needs_a_reason_and_is_kept(submit, users):
    _d, cert = _certified(submit, users)
    with pytest.raises(services.LicensingError, match="lý do thu hồi"):
        services.revoke_certificate(users["chuyenvien"], cert, reason="")
    with pytest.raises(PermissionDenied):
        services.revoke_certificate(users["doanhnghiep"], cert, reason="x")
    services.revoke_certificate(users["chuyenvien"], cert, reason="Gian lận hồ sơ")
    cert.refresh_from_db()
    assert cert.status == "revoked" and cert.state_on() == "revoked"
    assert Certificate.objects.filter(pk=cert.pk).exists()


def test_a_reissue_keeps_the_expiry_and_supersedes_the_old_certificate(submit, users):
    _d, old = _certified(submit, users)
    reissue = procedure(
        "Cấp lại Giấy chứng nhận đủ điều kiện hoạt động điểm cung cấp dịch vụ trò chơi điện tử "
        "công cộng"
    )
    _d2, new = _certified(
        submit,
        users,
        procedure=reissue,
        certificate=old,
        files={r.pk: [pdf_file()] for r in reissue.requirements.all()},
    )
    old.refresh_from_db()
    assert new.replaces == old and new.valid_to == old.valid_to and new.kind == "reissue"
    assert old.status == "superseded"


def test_a_renewal_keeps_the_point_it_is_for(submit, users):
    _d, old = _certified(submit, users)
    renewal = procedure(
        "Gia hạn Giấy chứng nhận đủ điều kiện hoạt động điểm cung cấp dịch vụ trò chơi điện tử "
        "công cộng"
    )
    # The applicant names the certificate to renew and leaves the point's fields empty.
    _d2, new = _certified(
        submit,
        users,
        pdf=True,
        procedure=renewal,
        certificate=old,
        applicant_address="",
        facility_name="",
        facility_address="",
        files={r.pk: [pdf_file()] for r in renewal.requirements.all()},
    )
    assert (new.facility_name, new.facility_address, new.holder_address) == (
        "Điểm game Ánh Dương",
        "Số 12 Nguyễn Du, phường Vinh Phú",
        "Số 5 Lê Lợi, phường Vinh Phú",
    )
    text = " ".join(pdf.extract_text(new.pdf.read()).split())
    assert "Điểm game Ánh Dương" in text and "Số 12 Nguyễn Du" in text


def test_renewal_reminders_are_sent_once(users, submit):
    game = submit(at=at(date(2026, 3, 2)))
    services.act(users["chuyenvien"], game, "accept", at=at(date(2026, 3, 3)))
    with services.pdfs_deferred():
        services.act(users["chuyenvien"], game, "approve", at=at(date(2026, 3, 10)))
    cert = game.certificates.get()
    assert services.send_renewal_reminders(date(2029, 2, 1)) == 0  # 36 days before: not yet
    assert services.send_renewal_reminders(date(2029, 2, 10)) >= 1  # expires 09/03/2029
    assert services.send_renewal_reminders(date(2029, 2, 11)) == 0  # never twice
    assert (
        Notification.objects.filter(
            user=users["doanhnghiep"], key__startswith=f"licensing:certificate:{cert.pk}:renew"
        ).count()
        == 1
    )


def test_two_officers_deciding_at_once_on_postgresql(users):
    if not is_postgresql():
        pytest.skip("Real concurrency needs PostgreSQL's row locks (SQLite serialises writes).")
    officer, leader = users["chuyenvien"], users["lanhdao"]

    def make():
        d = services.submit(users["doanhnghiep"], application())
        services.act(officer, d, "accept")
        return d.pk

    pk = in_thread(make)
    a_locked = threading.Event()

    def approve():
        d = Dossier.objects.get(pk=pk)

        def hold(locked):
            a_locked.set()
            wait_for_lock_waiter()

        with services.pdfs_deferred():
            services.MACHINE.perform(
                officer,
                d,
                "approve",
                apply=lambda x: {
                    **(hold(x) or {}),
                    "acted_on": timezone.localdate(),
                    "province": x.province,
                },
            )
        return "approved"

    def reject():
        d = Dossier.objects.get(pk=pk)
        a_locked.wait(10)
        services.act(leader, d, "reject", note="Không đạt")
        return "rejected"

    try:
        first, second = race(approve, reject)
        assert first == "approved"
        assert isinstance(second, StaleState) and "đã được người khác xử lý" in str(second)
        names = in_thread(
            lambda: list(
                DossierTransition.objects.filter(dossier_id=pk).values_list("name", flat=True)
            )
        )
        assert names == ["submit", "accept", "approve"]
    finally:
        in_thread(lambda: purge(pk))


def purge(pk):
    """Remove a committed test dossier and what hangs on it (raw SQL: records of legal weight
    refuse deletion through the ORM)."""
    from django.db import connection

    with connection.cursor() as c:
        c.execute("SELECT clock_id FROM licensing_dossier WHERE id = %s", [pk])
        (clock,) = c.fetchone()
        c.execute("SELECT attachment_id FROM licensing_dossierfile WHERE dossier_id = %s", [pk])
        files = [r[0] for r in c.fetchall()]
        for sql, args in [
            ("DELETE FROM licensing_dossiertransition WHERE dossier_id = %s", [pk]),
            ("DELETE FROM licensing_dossierfile WHERE dossier_id = %s", [pk]),
            ("DELETE FROM licensing_historicalcertificate WHERE dossier_id = %s", [pk]),
            ("DELETE FROM licensing_certificate WHERE dossier_id = %s", [pk]),
            ("DELETE FROM licensing_historicaldossier WHERE id = %s", [pk]),
            ("DELETE FROM core_notification WHERE key LIKE %s", [f"licensing:{pk}:%"]),
            ("DELETE FROM licensing_dossier WHERE id = %s", [pk]),
            ("DELETE FROM core_deadlinemove WHERE clock_id = %s", [clock]),
            ("DELETE FROM core_clocksegment WHERE clock_id = %s", [clock]),
            ("DELETE FROM core_clock WHERE id = %s", [clock]),
        ]:
            c.execute(sql, args)
        for attachment in files:
            c.execute("DELETE FROM core_historicalattachment WHERE id = %s", [attachment])
            c.execute("DELETE FROM core_attachment WHERE id = %s", [attachment])


def test_the_marks_exclude_each_other_so_counts_add_up(submit, users):
    from ictgov.licensing.models import DOSSIER_TIMELINESS, Timeliness
    from ictgov.licensing.selectors import mark_counts

    d = submit(at=at(date(2026, 3, 2)))
    on = date(2026, 3, 25)  # two days after the promised date
    assert d.timeliness_on(on) == Timeliness.OVERDUE
    counts = mark_counts(Dossier.objects.filter(pk=d.pk), on)
    assert counts == {"overdue": 1, "due_soon": 0, "on_time": 0, "paused": 0}
    matching = [
        m
        for m in Timeliness
        if Dossier.objects.filter(pk=d.pk).filter(DOSSIER_TIMELINESS.q(m, on)).exists()
    ]
    assert matching == [Timeliness.OVERDUE]
