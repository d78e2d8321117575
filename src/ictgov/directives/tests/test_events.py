"""The people concerned are told what happens to a task: in the app and by e-mail through the
outbox, once per occasion."""

from datetime import date, timedelta

import pytest
from django.core import mail

from ictgov.core import notifications as outbox
from ictgov.core.models import Notification
from ictgov.directives import events, services
from ictgov.directives.services import TaskDraft
from ictgov.org.models import Person, Unit

pytestmark = pytest.mark.django_db
TODAY = date.today()


@pytest.fixture
def task(users):
    users["taichinh"].email = "taichinh@example.vn"
    users["taichinh"].save()
    meeting = services.create_meeting(
        users["lanhdao"],
        kind="giao_ban",
        title="Giao ban thông báo",
        held_on=TODAY,
        host_unit=Unit.objects.get(name="Sở Khoa học và Công nghệ tỉnh Nghệ An"),
    )
    return services.create_task(
        users["chuyenvien"],
        TaskDraft(
            content="Thẩm định dự toán (thông báo)",
            lead_unit=Unit.objects.get(name="Sở Tài chính tỉnh Nghệ An"),
            coordinating_units=[Unit.objects.get(name="Ủy ban nhân dân phường Vinh Phú")],
            due_on=TODAY + timedelta(days=20),
        ),
        meeting=meeting,
        assigned_by=Person.objects.get(full_name="Lê Minh Đức"),
    )


def _told(user, kind):
    return Notification.objects.filter(user=user, key__startswith=f"task:{kind}:").count()


def test_an_assignment_is_told_to_the_lead_and_coordinating_units_not_the_actor(users, task):
    assert _told(users["taichinh"], "assigned") == 1
    assert _told(users["canboxa"], "assigned") == 1  # the ward coordinates
    assert _told(users["lanhdao"], "assigned") == 1  # the assigning leader
    assert _told(users["chuyenvien"], "assigned") == 0  # who recorded it knows
    assert _told(users["doanhnghiep"], "assigned") == 0
    note = Notification.objects.get(user=users["taichinh"], key__startswith="task:assigned:")
    assert "Thẩm định dự toán" in note.subject and note.url == task.get_absolute_url()
    assert note.email_to == "taichinh@example.vn"
    sent = outbox.send_pending_emails(prefixes=["task:"])
    assert sent.sent >= 1 and any(m.to == ["taichinh@example.vn"] for m in mail.outbox)


def test_progress_completion_and_extension_reach_the_assigning_side(users, task):
    services.report_progress(users["taichinh"], task, text="Đang thẩm định", percent=40)
    assert _told(users["lanhdao"], "progress") == 1 and _told(users["chuyenvien"], "progress") == 1
    assert _told(users["taichinh"], "progress") == 0
    services.request_extension(
        users["taichinh"], task, new_due_on=TODAY + timedelta(days=40), reason="Chờ Bộ"
    )
    assert _told(users["lanhdao"], "extension_requested") == 1
    ext = task.extensions.get()
    services.decide_extension(users["lanhdao"], ext, approve=False)
    assert _told(users["taichinh"], "extension_rejected") == 1
    services.complete_task(users["taichinh"], task, result="Văn bản 12/STC")
    assert _told(users["lanhdao"], "completed") == 1 and _told(users["canboxa"], "completed") == 1


def test_the_same_occasion_is_told_once(users, task):
    before = Notification.objects.count()
    again = events.announce("assigned", task, users["chuyenvien"])  # a retried job
    assert again == 0 and Notification.objects.count() == before


def test_the_header_shows_the_unread_count(client_for, task):
    page = client_for("taichinh").get("/").content.decode()
    assert 'data-testid="unread-count">' in page
