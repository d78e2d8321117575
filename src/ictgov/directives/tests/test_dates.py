"""Dates that make sense and no back-dating: acts are dated today unless a division officer
records a past act within the window; documents and meetings have plausible dates; numbers are
checked and never used twice in a year; a report is filed in the caller's own unit's name."""

from datetime import date, timedelta

import pytest

from ictgov.core.models import Parameter
from ictgov.directives import services
from ictgov.directives.models import Conclusion, Task
from ictgov.directives.services import DirectiveError, TaskDraft
from ictgov.org.models import Unit

pytestmark = pytest.mark.django_db
API = "/api/v1/directives"
TODAY = date.today()


@pytest.fixture
def meeting(users):
    return services.create_meeting(
        users["lanhdao"],
        kind="giao_ban",
        title="Giao ban kiểm tra ngày tháng",
        held_on=TODAY - timedelta(days=40),
        host_unit=Unit.objects.get(name="Sở Khoa học và Công nghệ tỉnh Nghệ An"),
    )


@pytest.fixture
def task(users, meeting):
    return services.create_task(
        users["lanhdao"],
        TaskDraft(
            content="Thẩm định kế hoạch (ngày tháng)",
            lead_unit=Unit.objects.get(name="Sở Tài chính tỉnh Nghệ An"),
            due_on=TODAY - timedelta(days=10),
        ),
        meeting=meeting,
        assigned_on=TODAY - timedelta(days=40),
    )


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_a_liaison_cannot_complete_an_overdue_task_on_an_earlier_day(client_for, task):
    liaison = client_for("taichinh")
    earlier = (TODAY - timedelta(days=20)).isoformat()
    response = _post(liaison, f"{API}/tasks/{task.pk}/complete", {"result": "Xong", "on": earlier})
    assert response.status_code == 422
    assert "cán bộ chuyên môn" in response.json()["detail"]
    for bad in ("2099-01-01", "2001-01-01"):
        assert (
            _post(
                liaison, f"{API}/tasks/{task.pk}/complete", {"result": "x", "on": bad}
            ).status_code
            == 422
        )
    task.refresh_from_db()
    assert task.completed_on is None and task.history.count() == 1
    # Without a date the act is today's: done late, as it is.
    response = _post(liaison, f"{API}/tasks/{task.pk}/complete", {"result": "Xong"})
    assert response.status_code == 200 and response.json()["status"] == "done_late"


def test_an_officer_may_record_a_past_act_within_the_window_and_it_says_so(client_for, task):
    officer = client_for("chuyenvien")
    earlier = TODAY - timedelta(days=12)
    response = _post(
        officer, f"{API}/tasks/{task.pk}/complete", {"result": "Xong", "on": earlier.isoformat()}
    )
    assert response.status_code == 200, response.json()
    task.refresh_from_db()
    assert task.completed_on == earlier
    reason = task.history.first().history_change_reason
    assert f"ghi lùi ngày {earlier:%d/%m/%Y}, người ghi: Nguyễn Thị Lan" in reason


def test_the_window_is_a_parameter(users, task):
    Parameter.objects.update_or_create(
        key="core.backdate_max_days", defaults={"value": "5", "description": "x"}
    )
    with pytest.raises(DirectiveError, match="trong vòng 5 ngày"):
        services.complete_task(users["chuyenvien"], task, result="x", on=TODAY - timedelta(days=6))
    services.complete_task(users["chuyenvien"], task, result="x", on=TODAY - timedelta(days=5))


def test_a_report_is_filed_in_the_callers_own_unit(client_for, task):
    liaison = client_for("taichinh")
    other = Unit.objects.get(name="Sở Nội vụ tỉnh Nghệ An")
    response = _post(
        liaison,
        f"{API}/tasks/{task.pk}/progress",
        {"text": "x", "percent": 10, "unit_id": other.pk},
    )
    assert response.status_code == 422
    assert "đơn vị của mình" in response.json()["detail"]
    assert not task.progress_reports.exists()
    ok = _post(liaison, f"{API}/tasks/{task.pk}/progress", {"text": "Đang làm", "percent": 10})
    assert ok.status_code == 201 and ok.json()["unit"]["name"] == "Sở Tài chính tỉnh Nghệ An"


@pytest.mark.parametrize(
    "held_on, message",
    [
        (date(1900, 1, 1), "02/09/1945"),
        (TODAY + timedelta(days=400), "không được sau ngày"),
    ],
)
def test_meeting_dates_outside_1945_to_a_year_ahead_are_refused(users, held_on, message):
    with pytest.raises(DirectiveError, match=message):
        services.create_meeting(
            users["lanhdao"],
            kind="khac",
            title="Ngày lạ",
            held_on=held_on,
            host_unit=Unit.objects.get(name="Sở Khoa học và Công nghệ tỉnh Nghệ An"),
        )


def test_a_meeting_planned_ahead_is_fine_but_its_conclusion_cannot_be_issued_tomorrow(users):
    leader = users["lanhdao"]
    host = Unit.objects.get(name="Sở Khoa học và Công nghệ tỉnh Nghệ An")
    planned = services.create_meeting(
        leader,
        kind="hoi_nghi",
        title="Hội nghị sắp tới",
        held_on=TODAY + timedelta(days=30),
        host_unit=host,
    )
    with pytest.raises(DirectiveError, match="không được sau hôm nay"):
        services.create_conclusion(leader, planned, issued_on=TODAY + timedelta(days=31), text="x")


def test_a_conclusion_before_its_meeting_is_refused(users, meeting):
    with pytest.raises(DirectiveError, match="trước ngày họp"):
        services.create_conclusion(
            users["lanhdao"], meeting, issued_on=meeting.held_on - timedelta(days=1), text="x"
        )


@pytest.mark.parametrize(
    "number, message",
    [
        ("12345678901234567890/TB-UBND", "dài quá 6 chữ số"),
        ("125 / tb - ubnd", "khoảng trắng"),
        ("125/tb-ubnd", "viết hoa"),
    ],
)
def test_document_numbers_are_checked(users, meeting, number, message):
    with pytest.raises(DirectiveError, match=message):
        services.create_conclusion(
            users["lanhdao"], meeting, number=number, issued_on=meeting.held_on, text="x"
        )
    assert not Conclusion.objects.filter(meeting=meeting).exists()


def test_a_number_is_used_once_per_year(users, meeting):
    leader = users["lanhdao"]
    services.create_conclusion(
        leader, meeting, number="125/TB-SKHCN", issued_on=meeting.held_on, text="x"
    )
    with pytest.raises(DirectiveError, match="đã được dùng"):
        services.create_conclusion(
            leader, meeting, number="125/TB-SKHCN", issued_on=meeting.held_on, text="y"
        )
    assert Conclusion.objects.filter(number="125/TB-SKHCN").count() == 1


def test_history_never_records_an_act_that_did_not_stand(users, task):
    before = task.history.count()
    with pytest.raises(DirectiveError):
        services.complete_task(users["taichinh"], task, result="x", on=TODAY + timedelta(days=1))
    assert Task.objects.get(pk=task.pk).history.count() == before
