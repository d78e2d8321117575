"""The outbox asks a worker to send new e-mails once per burst, not once per notification."""

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
