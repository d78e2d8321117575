"""Two officers acting on one task at the same moment, through real concurrent requests: one
wins, the other is told why, and the history records only what stood. Needs a database where two
connections run at once (PostgreSQL, as in production and CI)."""

import os
import threading
from datetime import date, timedelta

import pytest
from django.db import connection, connections
from django.test import Client

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
        reason="needs concurrent connections (PostgreSQL); .ci/run runs it",
    ),
    pytest.mark.xdist_group("concurrency"),
]
ROUNDS = 5


@pytest.fixture
def people(django_db_setup, django_db_blocker):
    """The demo users, read outside any test transaction (no `db` fixture here: the rows these
    tests write must be committed for the other connections to see them)."""
    from ictgov.accounts.models import User

    with django_db_blocker.unblock():
        return {u.username: u for u in User.objects.select_related("unit")}


@pytest.fixture
def committed(django_db_blocker, people):
    """Rows written for real (other connections must see them), removed afterwards."""
    from ictgov.core.models import Notification
    from ictgov.directives.models import DeadlineExtension, Meeting, Task

    with django_db_blocker.unblock():
        from ictgov.directives import services
        from ictgov.org.models import Unit

        leader = people["lanhdao"]
        meeting = services.create_meeting(
            leader,
            kind="khac",
            title="Kiểm tra tranh chấp",
            held_on=date.today(),
            host_unit=Unit.objects.get(name="Sở Khoa học và Công nghệ tỉnh Nghệ An"),
        )
        finance = Unit.objects.get(name="Sở Tài chính tỉnh Nghệ An")

        def new_task(i):
            return services.create_task(
                leader,
                services.TaskDraft(
                    content=f"Tranh chấp {i}", lead_unit=finance, due_on=date.today() + timedelta(5)
                ),
                meeting=meeting,
            )

        yield new_task
        tasks = Task.objects.filter(meeting=meeting)
        ids = list(tasks.values_list("pk", flat=True))
        DeadlineExtension.history.filter(task_id__in=ids).delete()
        DeadlineExtension.objects.filter(task_id__in=ids)._raw_delete(connection.alias)
        Task.coordinating_units.through.objects.filter(task_id__in=ids).delete()
        Task.history.filter(id__in=ids).delete()
        tasks._raw_delete(connection.alias)
        Meeting.history.filter(id=meeting.pk).delete()
        Meeting.objects.filter(pk=meeting.pk)._raw_delete(connection.alias)
        Notification.objects.filter(url__in=[f"/directives/tasks/{i}/" for i in ids]).delete()


def _at_once(*calls):
    """Run the calls in threads released together; their responses, in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            results[i] = call()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


def _client(user):
    client = Client()
    client.force_login(user)
    return client


API = "/api/v1/directives/tasks"


def test_complete_and_cancel_at_once_one_wins(committed, people, django_db_blocker):
    from ictgov.directives.models import Task

    with django_db_blocker.unblock():
        finance, leader = _client(people["taichinh"]), _client(people["lanhdao"])
        for i in range(ROUNDS):
            task = committed(i)
            done, cancelled = _at_once(
                lambda t=task: finance.post(
                    f"{API}/{t.pk}/complete", {"result": "Xong"}, content_type="application/json"
                ),
                lambda t=task: leader.post(
                    f"{API}/{t.pk}/cancel", {"reason": "Thôi"}, content_type="application/json"
                ),
            )
            codes = sorted([done.status_code, cancelled.status_code])
            assert codes == [200, 422], codes
            loser = done if done.status_code == 422 else cancelled
            assert "Nhiệm vụ đã" in loser.json()["detail"]
            task = Task.objects.get(pk=task.pk)
            assert bool(task.completed_on) != bool(task.cancelled_on)
            reasons = [h.history_change_reason or "" for h in task.history.all()]
            assert sum(r.startswith(("Hoàn thành", "Hủy")) for r in reasons) == 1, reasons


def test_two_approvals_from_the_same_old_deadline_one_stands(committed, people, django_db_blocker):
    from ictgov.directives import services
    from ictgov.directives.models import DeadlineExtension, Task

    with django_db_blocker.unblock():
        one, two = _client(people["lanhdao"]), _client(people["chuyenvien"])
        for i in range(ROUNDS):
            task = committed(100 + i)
            old = task.due_on
            first = services.request_extension(
                people["taichinh"], task, new_due_on=old + timedelta(10), reason="Chờ Bộ"
            )
            second = services.request_extension(
                people["taichinh"], task, new_due_on=old + timedelta(20), reason="Chờ thêm"
            )
            a, b = _at_once(
                lambda e=first: one.post(f"/directives/extensions/{e.pk}/approve/"),
                lambda e=second: two.post(f"/directives/extensions/{e.pk}/approve/"),
            )
            assert a.status_code == b.status_code == 302
            states = sorted(
                DeadlineExtension.objects.filter(task=task).values_list("state", flat=True)
            )
            assert states == ["approved", "pending"], states
            approved = DeadlineExtension.objects.get(task=task, state="approved")
            task = Task.objects.get(pk=task.pk)
            assert task.due_on == approved.new_due_on
            extended = [
                h
                for h in task.history.all()
                if (h.history_change_reason or "").startswith("Gia hạn")
            ]
            assert len(extended) == 1


@pytest.mark.django_db
def test_locked_sees_what_another_request_wrote():
    """The service re-reads the row under the lock: it acts on the state as it is now. (This
    test also makes the module set up the test database when it runs alone.)"""
    from django.db import transaction

    from ictgov.core.concurrency import locked
    from ictgov.org.models import Unit

    unit = Unit.objects.get(name="Sở Tài chính tỉnh Nghệ An")
    Unit.objects.filter(pk=unit.pk).update(phone="0238 3844 000")
    with transaction.atomic():
        assert locked(unit) is unit and unit.phone == "0238 3844 000"
