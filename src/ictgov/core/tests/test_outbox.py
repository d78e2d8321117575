"""What the daily jobs keep tidy: one queued outbox run per burst of notifications, and old
idempotency keys forgotten."""

import pytest
from django_tasks_db.models import DBTaskResult

from ictgov.core.notifications import Message, notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(settings, users, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    users["taichinh"].email = "taichinh@example.vn"
    users["taichinh"].save()

    def send(key):
        with django_capture_on_commit_callbacks(execute=True):
            notify([Message(users["taichinh"], key, f"Thông báo {key}")])
        return DBTaskResult.objects.filter(task_path="ictgov.core.tasks.send_outbox")

    DBTaskResult.objects.all().delete()
    return send


def test_a_burst_of_notifications_queues_one_sending_run(queued):
    for i in range(5):
        runs = queued(f"kiem-tra:{i}")
    assert runs.count() == 1


def test_a_run_that_has_started_does_not_stop_the_next_one_being_queued(queued):
    queued("kiem-tra:a").update(status="RUNNING")
    assert queued("kiem-tra:b").count() == 2  # the running one may have read the outbox already


def test_the_daily_job_forgets_old_idempotency_keys(users):
    from datetime import timedelta

    from django.utils import timezone

    from ictgov.core.idempotency import purge_old_keys
    from ictgov.core.models import IdempotencyKey

    old = IdempotencyKey.objects.create(user=users["lanhdao"], key="form:cu", fingerprint="x")
    new = IdempotencyKey.objects.create(user=users["lanhdao"], key="form:moi", fingerprint="x")
    IdempotencyKey.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(31))
    assert purge_old_keys() == 1
    assert list(IdempotencyKey.objects.filter(pk__in=[old.pk, new.pk])) == [new]
