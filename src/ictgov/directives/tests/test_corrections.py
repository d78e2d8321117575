"""Correct and edit, with history: who recorded a meeting, conclusion or task (or a leader)
corrects it with a reason; a lead unit never changes its own deadline (that is an extension);
a task created by mistake is withdrawn if nobody acted on it yet, otherwise cancelled."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from ictgov.directives import selectors, services
from ictgov.directives.models import Task
from ictgov.directives.services import DirectiveError, TaskDraft
from ictgov.org.models import Unit

pytestmark = pytest.mark.django_db
TODAY = date.today()
API = "/api/v1/directives"


@pytest.fixture
def task(users):
    meeting = services.create_meeting(
        users["chuyenvien"],
        kind="lam_viec",
        title="Làm việc về sửa chữa",
        held_on=TODAY - timedelta(days=3),
        host_unit=Unit.objects.get(name="Sở Khoa học và Công nghệ tỉnh Nghệ An"),
    )
    return services.create_task(
        users["chuyenvien"],
        TaskDraft(
            content="Tổng hợp ý kiến (sửa)",
            lead_unit=Unit.objects.get(name="Sở Tài chính tỉnh Nghệ An"),
            due_on=TODAY + timedelta(days=10),
        ),
        meeting=meeting,
    )


def test_the_recorder_corrects_a_deadline_with_a_reason_kept_in_the_history(client_for, task):
    response = client_for("chuyenvien").post(
        reverse("directives:task_edit", args=[task.pk]),
        {
            "content": task.content,
            "lead_unit": task.lead_unit_id,
            "due_on": f"{TODAY + timedelta(days=20):%d/%m/%Y}",
            "reason": "Gõ nhầm thời hạn",
        },
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.due_on == TODAY + timedelta(days=20)
    assert task.history.first().history_change_reason == "Sửa: Gõ nhầm thời hạn"


def test_the_lead_unit_may_not_change_its_own_deadline(client_for, task):
    url = reverse("directives:task_edit", args=[task.pk])
    assert client_for("taichinh").get(url).status_code == 403
    page = client_for("taichinh").get(task.get_absolute_url())
    assert "extend" in [a["name"] for a in page.context["actions"]]  # it asks for more time


def test_another_officer_may_not_correct_but_a_leader_may(users, task):
    other = users["chuyenvien"]
    assert services.can_correct(users["lanhdao"], task)
    assert services.can_correct(other, task)  # the recorder
    task.created_by = users["quantri"]
    assert not services.can_correct(other, task)


def test_a_reason_is_required_and_nothing_changes_without_one(users, task):
    before = task.history.count()
    with pytest.raises(DirectiveError, match="lý do"):
        services.correct_task(users["lanhdao"], task, reason=" ", content="Khác")
    assert Task.objects.get(pk=task.pk).content == "Tổng hợp ý kiến (sửa)"
    assert task.history.count() == before


def test_a_mistaken_task_is_withdrawn_only_before_anyone_acts(users, task):
    services.withdraw_task(users["lanhdao"], task, reason="Giao nhầm đơn vị")
    task.refresh_from_db()
    assert task.withdrawn_on == TODAY and not task.is_open
    assert task not in selectors.unit_inbox(users["taichinh"])
    assert task.history.first().history_change_reason == "Thu hồi: Giao nhầm đơn vị"
    again = services.create_task(
        users["lanhdao"],
        TaskDraft(content="Việc đã có người làm", lead_unit=task.lead_unit, due_on=task.due_on),
    )
    services.report_progress(users["taichinh"], again, text="Đã bắt đầu", percent=5)
    with pytest.raises(DirectiveError, match="hãy hủy"):
        services.withdraw_task(users["lanhdao"], again, reason="Nhầm")


def test_corrections_through_the_api(client_for, task):
    c = client_for("lanhdao")
    response = c.patch(
        f"{API}/tasks/{task.pk}",
        {"reason": "Làm rõ", "content": "Tổng hợp ý kiến các sở (sửa)"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["content"].endswith("(sửa)")
    refused = c.patch(f"{API}/tasks/{task.pk}", {"content": "x"}, content_type="application/json")
    assert refused.status_code == 422  # no reason
    meeting = c.patch(
        f"{API}/meetings/{task.meeting_id}",
        {"reason": "Đổi địa điểm", "place": "Phòng họp số 2"},
        content_type="application/json",
    )
    assert meeting.status_code == 200 and meeting.json()["place"] == "Phòng họp số 2"


@pytest.fixture
def confirmation_needed():
    from ictgov.core.models import Parameter

    Parameter.objects.update_or_create(
        key="directives.completion_needs_confirmation",
        defaults={"value": "1", "description": "x"},
    )


@pytest.mark.usefixtures("confirmation_needed")
def test_a_reported_completion_counts_once_confirmed_from_the_reported_day(client_for, users, task):
    from ictgov.core.acts import recording_history

    Task.objects.filter(pk=task.pk).update(assigned_on=TODAY - timedelta(days=3))
    task.refresh_from_db()
    with recording_history():
        services.complete_task(
            users["taichinh"], task, result="Văn bản 5/STC", on=TODAY - timedelta(days=1)
        )
    task.refresh_from_db()
    assert task.completed_on is None and task.done_reported_on == TODAY - timedelta(days=1)
    page = client_for("taichinh").get(task.get_absolute_url())
    assert 'data-testid="awaiting-confirmation"' in page.content.decode()
    assert "complete" not in [a["name"] for a in page.context["actions"]]
    leader = client_for("lanhdao")
    assert {"confirm", "return"} <= {
        a["name"] for a in leader.get(task.get_absolute_url()).context["actions"]
    }
    response = leader.post(
        reverse("directives:task_return", args=[task.pk]), {"reason": "Thiếu văn bản"}
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.done_reported_on is None and task.is_open
    services.complete_task(users["taichinh"], task, result="Văn bản 6/STC")
    leader.post(reverse("directives:task_confirm", args=[task.pk]), {})
    task.refresh_from_db()
    assert task.completed_on == TODAY and task.status_on(TODAY) == "done_on_time"
    kinds = [e.kind for e in leader.get(task.get_absolute_url()).context["timeline"]]
    assert kinds.count("done_reported") == 2 and "done_returned" in kinds and "completed" in kinds


def test_without_the_parameter_the_lead_unit_completes_directly(users, task):
    services.complete_task(users["taichinh"], task, result="Xong")
    task.refresh_from_db()
    assert task.completed_on == TODAY and task.done_reported_on is None


def test_a_null_for_a_required_field_is_refused_in_vietnamese_and_changes_nothing(
    client_for, users, task
):
    conclusion = services.create_conclusion(
        users["chuyenvien"], task.meeting, issued_on=TODAY, signer="Giám đốc", text="Giao STC."
    )
    c = client_for("lanhdao")
    before = (task.meeting.title, task.meeting.place, task.content, conclusion.signer)
    for path, body in [
        (f"/meetings/{task.meeting_id}", {"reason": "Sửa", "title": None}),
        (f"/meetings/{task.meeting_id}", {"reason": "Sửa", "place": None}),
        (f"/tasks/{task.pk}", {"reason": "Sửa", "content": None}),
        (f"/conclusions/{conclusion.pk}", {"reason": "Sửa", "signer": None}),
    ]:
        response = c.patch(f"{API}{path}", body, content_type="application/json")
        assert response.status_code == 422, (path, body)
        assert "không nhận giá trị null" in response.json()["detail"]
    task.refresh_from_db()
    task.meeting.refresh_from_db()
    conclusion.refresh_from_db()
    after = (task.meeting.title, task.meeting.place, task.content, conclusion.signer)
    assert after == before
    # A date that may be left empty still clears.
    cleared = c.patch(
        f"{API}/meetings/{task.meeting_id}",
        {"reason": "Họp một ngày", "held_until": None},
        content_type="application/json",
    )
    assert cleared.status_code == 200
