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
