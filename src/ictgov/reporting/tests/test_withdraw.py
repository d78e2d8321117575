"""A report opened by mistake (wrong period, wrong unit) is cancelled while still a draft: by
those who fill it, with a reason, kept with its history, never counted; the right one can then
be opened. Nothing else can be cancelled: not a report already sent, not one whose period the
province compilation has locked."""

import pytest
from django.core.exceptions import PermissionDenied

from ictgov.core.errors import ServiceError
from ictgov.reporting import services
from ictgov.reporting.models import ReportForm, Submission, SubmissionState

pytestmark = pytest.mark.django_db
REASON = "Mở nhầm kỳ quý IV, cần lập báo cáo quý III"


def _open(users, code):
    form = ReportForm.objects.get(code="BC-XA")
    period = services.period_from_code(form.period_kind, code)
    return services.open_submission(users["canboxa"], form, period, users["canboxa"].unit)


def test_a_draft_opened_by_mistake_is_cancelled_with_its_reason_and_opened_anew(users):
    wrong = _open(users, "2026-Q4")
    services.save_values(users["canboxa"], wrong, {"CUM_LOA": "12"}, partial=True)
    with pytest.raises(ServiceError) as exc:  # no reason, nothing happens
        services.act(users["canboxa"], wrong, "withdraw")
    assert "lý do hủy" in str(exc.value)
    assert Submission.objects.get(pk=wrong.pk).state == SubmissionState.DRAFT

    done = services.act(users["canboxa"], wrong, "withdraw", note=REASON)
    assert done.state == SubmissionState.WITHDRAWN
    step = done.log.get()
    assert (step.name, step.actor, step.note) == ("withdraw", users["canboxa"], REASON)
    latest = done.history.order_by("-history_date").first()
    assert latest.history_user == users["canboxa"] and REASON in latest.history_change_reason
    assert not done.values.filter(counted=True).exists()
    # Nothing more is typed into it, and the same period opens as a new draft.
    with pytest.raises(ServiceError):
        services.save_values(users["canboxa"], done, {"CUM_LOA": "3"}, partial=True)
    again = _open(users, "2026-Q4")
    assert again.pk != wrong.pk and again.state == SubmissionState.DRAFT


def test_only_its_unit_cancels_and_only_a_draft(users):
    draft = _open(users, "2026-Q4")
    for who in ("chuyenvien", "lanhdao", "taichinh"):  # the approvers have nothing to cancel
        with pytest.raises(PermissionDenied):
            services.act(users[who], draft, "withdraw", note=REASON)
    services.save_values(users["canboxa"], draft, {"CUM_LOA": "12"}, partial=True)
    sent = _open(users, "2026-Q3")
    from ictgov.reporting.tests.test_reporting import GOOD

    services.save_values(users["canboxa"], sent, GOOD)
    services.act(users["canboxa"], sent, "submit")
    with pytest.raises(ServiceError) as exc:
        services.act(users["canboxa"], sent, "withdraw", note=REASON)
    assert "Đã gửi, chờ duyệt" in str(exc.value)
    assert Submission.objects.get(pk=sent.pk).state == SubmissionState.SUBMITTED


def test_a_draft_in_a_period_the_compilation_locked_stays(users):
    draft = _open(users, "2026-Q3")
    form = draft.form
    period = services.period_from_code(form.period_kind, "2026-Q3")
    compiled = services.compile_province(users["chuyenvien"], form, period)
    services.act(users["chuyenvien"], compiled, "submit")
    services.act(users["lanhdao"], compiled, "approve")
    with pytest.raises(ServiceError) as exc:
        services.act(users["canboxa"], draft, "withdraw", note=REASON)
    assert "đã khóa" in str(exc.value)
    assert Submission.objects.get(pk=draft.pk).state == SubmissionState.DRAFT


def test_the_page_and_the_api(client_for, users):
    from ictgov.accounts.models import ApiToken

    draft = _open(users, "2026-Q4")
    c = client_for("canboxa")
    detail = c.get(draft.get_absolute_url()).content.decode()
    assert 'data-testid="step-withdraw"' in detail
    page = c.get(f"/reporting/submissions/{draft.pk}/act/withdraw/")
    assert page.status_code == 200 and 'data-testid="withdraw-note"' in page.content.decode()
    empty = c.post(f"/reporting/submissions/{draft.pk}/act/withdraw/", {"note": ""})
    assert empty.status_code == 400 and "Cần nêu lý do hủy" in empty.content.decode()
    done = c.post(f"/reporting/submissions/{draft.pk}/act/withdraw/", {"note": REASON})
    assert done.status_code == 302 and done["Location"] == "/reporting/submissions/"
    listed = c.get("/reporting/submissions/?year=2026").content.decode()
    assert f"/reporting/submissions/{draft.pk}/" not in listed
    asked = c.get("/reporting/submissions/?state=withdrawn").content.decode()
    assert f"/reporting/submissions/{draft.pk}/" in asked and "Đã hủy (mở nhầm)" in asked

    other = _open(users, "2026-Q4")
    _t, key = ApiToken.issue(users["canboxa"])
    h = {"Authorization": f"Bearer {key}"}
    url = f"/api/v1/reporting/submissions/{other.pk}/transitions/withdraw"
    no_reason = c.post(url, {}, content_type="application/json", headers=h)
    assert no_reason.status_code == 422 and "lý do hủy" in no_reason.json()["detail"]
    ok = c.post(url, {"note": REASON}, content_type="application/json", headers=h)
    assert ok.status_code == 200 and ok.json()["state"] == "withdrawn"
    listed = c.get("/api/v1/reporting/submissions?year=2026&page_size=100", headers=h).json()
    assert other.pk not in {s["id"] for s in listed["items"]}
