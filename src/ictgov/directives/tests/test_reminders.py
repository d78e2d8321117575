"""The daily job: reminders before the deadline, escalation of overdue tasks, e-mail outbox that
survives a crash, the tasks-framework entry point, the command, and the notification page."""

from collections import Counter
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.test import override_settings
from django.urls import path
from django.utils import timezone

from ictgov.accounts.models import User
from ictgov.core import notifications_views
from ictgov.core.models import Notification, Parameter
from ictgov.core.roles import Role
from ictgov.core.workdays import add_working_days, working_days_between
from ictgov.directives import notify, services
from ictgov.directives.models import DeadlineKind, Recurrence, Task
from ictgov.directives.services import TaskDraft
from ictgov.org.models import Person, Position, Unit
from ictgov.urls import urlpatterns as site_urlpatterns

pytestmark = pytest.mark.django_db

# Mid-March 2026 has no holiday: Mon 16, …, Fri 20, Sat 21, Sun 22, Mon 23, …
MON = date(2026, 3, 16)
STC = "Sở Tài chính tỉnh Nghệ An"
SXD = "Sở Xây dựng tỉnh Nghệ An"

# The notification page, wired here as the site will wire it (the site's URLs plus this one).
urlpatterns = [
    *site_urlpatterns,
    path("notifications/", notifications_views.notifications, name="test_notifications"),
]


class Crash(BaseException):
    """The process dying mid-run (not an error the job could catch and log)."""


class CrashingBackend(EmailBackend):
    """Delivers `limit` messages, then the process "dies"."""

    limit = 0

    def send_messages(self, messages):
        for message in messages:
            if CrashingBackend.limit <= 0:
                raise Crash
            CrashingBackend.limit -= 1
            super().send_messages([message])
        return len(messages)


class RefusingBackend(EmailBackend):
    """An SMTP server that refuses one address (an ordinary, logged error)."""

    refused = ""

    def send_messages(self, messages):
        for message in messages:
            if RefusingBackend.refused in message.to:
                raise ConnectionRefusedError("550 mailbox unavailable")
        return super().send_messages(messages)


def mailer(backend) -> dict:
    return {"default": {"BACKEND": f"{__name__}.{backend.__name__}"}}


def outbox_keys() -> Counter:
    return Counter(m.extra_headers["X-Ictgov-Notification"] for m in mail.outbox)


def assert_sent_once(*tasks) -> None:
    """Each notification of these tasks that has an address went out exactly once."""
    expected = {
        n.key for n in Notification.objects.filter(key__in=keys_for(*tasks)).exclude(email_to="")
    }
    sent = outbox_keys()
    assert {k: sent[k] for k in expected} == dict.fromkeys(expected, 1)
    prefixes = tuple(f"{kind}:{t.pk}:" for t in tasks for kind in ("remind", "escalate"))
    assert {k for k in sent if k.startswith(prefixes)} == expected


def keys_for(*tasks) -> set[str]:
    keys = set()
    for task in tasks:
        keys |= set(
            Notification.objects.filter(key__regex=rf"^(remind|escalate):{task.pk}:").values_list(
                "key", flat=True
            )
        )
    return keys


@pytest.fixture(autouse=True)
def replaying_history():
    """These scenarios replay days of 2026: acts dated in the past are part of the story."""
    from ictgov.core.acts import recording_history

    with recording_history():
        yield


@pytest.fixture
def people(users):
    """Sở Tài chính: the liaison, a second officer and its director (with an account); the
    leader's account linked to his person record, so escalations reach him."""
    stc = Unit.objects.get(name=STC)
    second = User.objects.create_user(
        "ketoan_stc", email="ketoan@stc.example", role=Role.LIAISON, unit=stc
    )
    director_user = User.objects.create_user(
        "giamdoc_stc", email="giamdoc@stc.example", role=Role.LIAISON
    )
    director = Person.objects.create(full_name="Nguyễn Văn Giám Đốc STC", user=director_user)
    Position.objects.create(person=director, unit=stc, title="Giám đốc Sở", is_head=True)
    leader = users["lanhdao"]
    try:
        leader_person = leader.person
    except ObjectDoesNotExist:
        leader_person = Person.objects.get(full_name="Lê Minh Đức")
        leader_person.user = leader
        leader_person.save()
    return {
        "stc": stc,
        "leader": leader,
        "leader_person": leader_person,
        "liaison": users["taichinh"],
        "second": second,
        "director": director_user,
    }


def make_task(people, content, due_on, *, lead=None, assigned_by="leader", assigned_on=None):
    return services.create_task(
        people["leader"],
        TaskDraft(content=content, lead_unit=lead or people["stc"], due_on=due_on),
        assigned_by=people["leader_person"] if assigned_by == "leader" else None,
        assigned_on=assigned_on or date(2026, 1, 5),
    )


def users_notified(task, kind="remind") -> set[str]:
    return set(
        Notification.objects.filter(key__startswith=f"{kind}:{task.pk}:").values_list(
            "user__username", flat=True
        )
    )


# --- reminders ---------------------------------------------------------------------------------


def test_lead_unit_users_are_reminded_n_working_days_before_once(people):
    due = add_working_days(MON, 3)  # Thu 19/03
    soon = make_task(people, "Nhắc hạn: báo cáo quyết toán", due)
    later = make_task(people, "Chưa đến lúc nhắc", add_working_days(MON, 4))
    done = make_task(people, "Đã xong, không nhắc", due)
    services.complete_task(people["leader"], done, result="Xong", on=date(2026, 3, 2))

    summary = notify.run_reminders(MON)

    assert users_notified(soon) == {"taichinh", "ketoan_stc"}
    assert users_notified(later) == set() and users_notified(done) == set()
    note = Notification.objects.get(user=people["liaison"], key__startswith=f"remind:{soon.pk}:")
    assert note.key == f"remind:{soon.pk}:{due.isoformat()}:{people['liaison'].pk}"
    assert "19/03/2026" in note.subject and "3 ngày làm việc" in note.subject
    assert note.url == soon.get_absolute_url() and note.emailed_at is not None
    assert summary.reminders >= 2
    sent = [m for m in mail.outbox if m.extra_headers["X-Ictgov-Notification"] in keys_for(soon)]
    assert sorted(m.to[0] for m in sent) == ["ketoan@stc.example", "taichinh@demo.ictgov.local"]
    assert soon.get_absolute_url() in sent[0].body

    # The same day again: nothing new, nothing sent twice.
    before = len(mail.outbox)
    again = notify.run_reminders(MON)
    assert again.reminders == 0 and again.escalations == 0 and again.emails_sent == 0
    assert len(mail.outbox) == before
    assert Notification.objects.filter(key__startswith=f"remind:{soon.pk}:").count() == 2


def test_a_weekend_or_a_missed_day_never_skips_the_reminder(people):
    due = date(2026, 3, 25)  # Wednesday
    task = make_task(people, "Hạn thứ Tư", due)
    thursday, monday, tuesday = date(2026, 3, 19), date(2026, 3, 23), date(2026, 3, 24)
    assert working_days_between(thursday, due) == 4
    notify.run_reminders(thursday)
    assert users_notified(task) == set()
    # Friday (exactly 3 working days before) the job did not run; on Monday 2 remain.
    assert working_days_between(monday, due) == 2
    notify.run_reminders(monday)
    assert users_notified(task) == {"taichinh", "ketoan_stc"}
    notify.run_reminders(tuesday)
    assert Notification.objects.filter(key__startswith=f"remind:{task.pk}:").count() == 2
    assert_sent_once(task)


def test_reminder_days_are_a_parameter_and_an_extension_reminds_again(people):
    Parameter.objects.filter(key=notify.REMIND_PARAMETER).update(value="1")
    due = add_working_days(MON, 2)
    task = make_task(people, "Nhắc trước 1 ngày", due)
    notify.run_reminders(MON)
    assert users_notified(task) == set()  # 2 working days left, reminded only at 1
    notify.run_reminders(add_working_days(MON, 1))
    assert len(users_notified(task)) == 2
    # A new deadline is a new reminder.
    new_due = add_working_days(MON, 6)
    services.request_extension(
        people["leader"],
        task,
        new_due_on=new_due,
        reason="Chờ số liệu",
        on=add_working_days(MON, 1),
    )
    notify.run_reminders(add_working_days(MON, 5))
    keys = keys_for(task)
    assert len(keys) == 4
    assert sum(new_due.isoformat() in k for k in keys) == 2


# --- escalation --------------------------------------------------------------------------------


def test_overdue_tasks_escalate_to_head_and_assigning_leader_by_level(people):
    due = date(2026, 3, 6)  # Friday
    task = make_task(people, "Quá hạn: trình phương án", due)
    orphan = make_task(
        people,
        "Quá hạn, không có người nhận",
        due,
        lead=Unit.objects.get(name=SXD),
        assigned_by=None,
    )
    summary = notify.run_reminders(date(2026, 3, 9))
    assert users_notified(task, "escalate") == {"giamdoc_stc", "lanhdao"}
    assert users_notified(task, "remind") == set()  # the lead unit's staff are not escalated to
    note = Notification.objects.get(key__startswith=f"escalate:{task.pk}:", user=people["leader"])
    assert note.key == f"escalate:{task.pk}:2026-03-06:1:{people['leader'].pk}"
    assert "lần 1" in note.subject and "06/03/2026" in note.body
    assert users_notified(orphan, "escalate") == set()
    assert summary.unrouted >= 1

    # Next days at the same level: nothing new.
    notify.run_reminders(date(2026, 3, 10))
    notify.run_reminders(date(2026, 3, 12))
    assert len(keys_for(task)) == 2
    # After M = 5 working days overdue: level 2, once.
    assert notify.escalation_level(due, date(2026, 3, 13)) == 2
    notify.run_reminders(date(2026, 3, 13))
    notify.run_reminders(date(2026, 3, 16))
    keys = keys_for(task)
    assert len(keys) == 4 and sum(":2026-03-06:2:" in k for k in keys) == 2
    assert_sent_once(task, orphan)

    # Done at last: no more escalation.
    services.complete_task(people["liaison"], task, result="Đã trình", on=date(2026, 3, 17))
    notify.run_reminders(date(2026, 3, 30))
    assert len(keys_for(task)) == 4


def test_a_long_pause_sends_only_the_current_level(people):
    task = make_task(people, "Quá hạn lâu", date(2026, 2, 2))
    on = date(2026, 3, 16)
    level = notify.escalation_level(task.due_on, on)
    assert level >= 3
    notify.run_reminders(on)
    assert {k.split(":")[3] for k in keys_for(task)} == {str(level)}


# --- crash safety ------------------------------------------------------------------------------


def test_a_run_that_dies_midway_resumes_without_loss_or_duplicates(people):
    tasks = [make_task(people, f"Nhắc hạn {i}", add_working_days(MON, i % 3)) for i in range(4)]
    tasks += [make_task(people, f"Quá hạn {i}", date(2026, 3, 2 + i)) for i in range(3)]

    CrashingBackend.limit = 5
    with override_settings(MAILERS=mailer(CrashingBackend)), pytest.raises(Crash):
        notify.run_reminders(MON)
    # Phase 1 was committed whole: every notification exists, five e-mails went out.
    expected = keys_for(*tasks)
    assert len(expected) == 4 * 2 + 3 * 2
    assert len(mail.outbox) == 5
    sent_first = set(outbox_keys())
    assert Notification.objects.filter(key__in=sent_first, emailed_at__isnull=False).count() == 5

    summary = notify.run_reminders(MON)
    assert summary.reminders == 0 and summary.escalations == 0  # no duplicate rows
    assert all(n == 1 for n in outbox_keys().values()), "an e-mail went out twice"
    assert_sent_once(*tasks)
    pending = Notification.objects.filter(key__in=expected, emailed_at__isnull=True)
    assert not pending.exists()
    assert keys_for(*tasks) == expected
    # A third run sends nothing.
    before = len(mail.outbox)
    notify.run_reminders(MON)
    assert len(mail.outbox) == before


def test_a_refused_address_is_logged_and_retried_while_others_go_out(people):
    task = make_task(people, "Một địa chỉ bị từ chối", add_working_days(MON, 1))
    RefusingBackend.refused = "ketoan@stc.example"
    with override_settings(MAILERS=mailer(RefusingBackend)):
        summary = notify.run_reminders(MON)
    assert summary.emails_failed >= 1
    assert [m.to for m in mail.outbox if "ketoan@stc.example" in m.to] == []
    unsent = Notification.objects.get(
        key__startswith=f"remind:{task.pk}:", user__username="ketoan_stc"
    )
    assert unsent.emailed_at is None
    notify.run_reminders(MON)
    assert outbox_keys()[unsent.key] == 1


def test_a_row_claimed_by_another_worker_is_not_sent_again(people):
    task = make_task(people, "Đã có tiến trình khác gửi", add_working_days(MON, 1))
    notify.create_notifications(MON, notify.Summary(on=MON))
    claimed = Notification.objects.filter(key__startswith=f"remind:{task.pk}:").first()
    Notification.objects.filter(pk=claimed.pk).update(emailed_at=timezone.now())
    notify.send_pending_emails()
    assert claimed.key not in outbox_keys()
    from ictgov.core import notifications

    assert notifications._send_one(claimed.pk) is False


# --- the daily job on the tasks framework, and the command -------------------------------------


@override_settings(
    TASKS={"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
)
def test_daily_job_runs_on_the_tasks_framework(people):
    from ictgov.directives.tasks import daily_directives_job

    task = make_task(people, "Chạy qua hàng đợi", add_working_days(MON, 2))
    result = daily_directives_job.enqueue(MON.isoformat())
    assert result.status == TaskResultStatus.SUCCESSFUL, result.errors
    assert result.return_value["on"] == MON.isoformat()
    assert result.return_value["reminders"] >= 2
    assert users_notified(task) == {"taichinh", "ketoan_stc"}
    assert set(outbox_keys()) >= keys_for(task)


def test_daily_job_generates_recurring_occurrences(people):
    series = services.create_task(
        people["leader"],
        TaskDraft(
            content="Báo cáo định kỳ hằng tháng về chuyển đổi số",
            lead_unit=people["stc"],
            deadline_kind=DeadlineKind.RECURRING,
            recurrence=Recurrence.MONTHLY,
        ),
        assigned_on=date.today(),
    )
    before = series.occurrences.count()
    later = date.today() + timedelta(days=70)
    expected, start = set(), date.today().replace(day=1)
    while start <= later:
        expected.add(start)
        start = (start + timedelta(days=32)).replace(day=1)

    summary = notify.run_daily(later)
    periods = list(Task.objects.filter(series=series).values_list("period_start", flat=True))
    assert sorted(periods) == sorted(expected)
    assert summary.occurrences >= len(expected) - before > 0
    notify.run_daily(later)
    assert series.occurrences.count() == len(expected)


def test_command_enqueues_for_the_db_worker_which_runs_it(people, monkeypatch):
    from django_tasks_db.management.commands import db_worker
    from django_tasks_db.models import DBTaskResult

    # The worker closes stale connections between jobs; inside the test's transaction on
    # PostgreSQL that would close the test's own connection.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    out = StringIO()
    call_command("send_reminders", "--date", "2026-03-16", stdout=out)
    job = DBTaskResult.objects.get(task_path="ictgov.directives.tasks.daily_directives_job")
    assert job.args_kwargs == {"args": ["2026-03-16"], "kwargs": {}}
    assert "db_worker" in out.getvalue()
    assert not mail.outbox  # nothing ran yet

    task = make_task(people, "Chạy bởi db_worker", add_working_days(MON, 1))
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO())
    job.refresh_from_db()
    assert job.status == TaskResultStatus.SUCCESSFUL
    assert users_notified(task) == {"taichinh", "ketoan_stc"}
    assert_sent_once(task)


def test_command_now_runs_inline(people):
    task = make_task(people, "Chạy ngay", add_working_days(MON, 1))
    out = StringIO()
    call_command("send_reminders", "--now", "--date", MON.isoformat(), stdout=out)
    assert "nhắc hạn" in out.getvalue()
    assert users_notified(task) == {"taichinh", "ketoan_stc"}
    with pytest.raises(Exception, match="YYYY-MM-DD"):
        call_command("send_reminders", "--date", "16/03/2026")


# --- the notification page ---------------------------------------------------------------------


@pytest.mark.urls(__name__)
def test_notification_page_lists_own_notifications_and_marks_read(people, client_for):
    task = make_task(people, "Trang thông báo", add_working_days(MON, 1))
    notify.run_reminders(MON)
    mine = Notification.objects.get(key__startswith=f"remind:{task.pk}:", user=people["liaison"])
    theirs = Notification.objects.get(key__startswith=f"remind:{task.pk}:", user=people["second"])

    assert client_for(None).get("/notifications/").status_code == 302
    c = client_for("taichinh")
    page = c.get("/notifications/")
    assert page.status_code == 200
    assert mine.subject in page.content.decode()
    assert f'value="{theirs.pk}"' not in page.content.decode()

    # Another user's notification cannot be touched.
    assert c.post("/notifications/", {"notification": theirs.pk}).status_code == 404
    response = c.post("/notifications/", {"notification": mine.pk, "open": "1"})
    assert response.status_code == 302 and response["Location"] == task.get_absolute_url()
    mine.refresh_from_db()
    assert mine.read_at is not None
    theirs.refresh_from_db()
    assert theirs.read_at is None

    unread = c.get("/notifications/", {"unread": "1"}).content.decode()
    assert f'value="{mine.pk}"' not in unread
    c.post("/notifications/", {"all": "1"})
    assert not people["liaison"].notifications.filter(read_at__isnull=True).exists()
