"""Reminders before a task's deadline and escalation of overdue tasks (the daily job).

The job runs in two phases through core's outbox (`core.notifications`), so that it is idempotent
and survives a crash: in one transaction every notification due today is written under a key
naming the task, the deadline, the kind (and escalation level) and the user, which is never written
twice; then each unsent e-mail is claimed, sent and marked in its own transaction.

Reminder rule: the lead unit's users are reminded once per deadline when at most N working days
remain (N = Parameter ``directives.remind_working_days``). "At most", not "exactly": a day the job
does not run, a weekend or a holiday in between can never skip the reminder.

Escalation rule: an overdue task goes to the lead unit's head and to the leader who assigned it,
at level 1 on its first overdue day, then one level higher every M working days overdue
(M = Parameter ``directives.escalate_again_working_days``). A job that did not run for a while
sends only the current level. Extending the deadline starts both counts again.
"""

import logging
from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ictgov.accounts.models import User
from ictgov.core import notifications as outbox
from ictgov.core.locks import exclusive
from ictgov.core.models import Parameter
from ictgov.core.notifications import Message
from ictgov.core.workdays import add_working_days, working_days_between
from ictgov.org.models import Position

from . import services
from .models import Task, TaskStatus

logger = logging.getLogger(__name__)

REMIND_PARAMETER = "directives.remind_working_days"
REMIND_DEFAULT = 3
ESCALATE_AGAIN_PARAMETER = "directives.escalate_again_working_days"
ESCALATE_AGAIN_DEFAULT = 5
KEY_PREFIXES = ("remind:", "escalate:")


@dataclass
class Summary:
    on: date
    occurrences: int = 0  # recurring-task occurrences generated
    reminders: int = 0  # reminder notifications created this run
    escalations: int = 0  # escalation notifications created this run
    emails_sent: int = 0
    emails_failed: int = 0  # left unsent; the next run retries them
    unrouted: int = 0  # overdue tasks with nobody to escalate to

    def as_dict(self) -> dict:
        data = asdict(self)
        data["on"] = self.on.isoformat()
        return data


def remind_working_days() -> int:
    return max(0, Parameter.get_int(REMIND_PARAMETER, REMIND_DEFAULT))


def escalate_again_working_days() -> int:
    return max(1, Parameter.get_int(ESCALATE_AGAIN_PARAMETER, ESCALATE_AGAIN_DEFAULT))


def escalation_level(due_on: date, on: date) -> int:
    """1 on the first overdue day, one more every M working days overdue."""
    overdue_days = max(0, working_days_between(due_on, on))
    return 1 + overdue_days // escalate_again_working_days()


def remind_key(task: Task, user) -> str:
    return f"remind:{task.pk}:{task.due_on.isoformat()}:{user.pk}"


def escalate_key(task: Task, level: int, user) -> str:
    return f"escalate:{task.pk}:{task.due_on.isoformat()}:{level}:{user.pk}"


# --- the daily job ----------------------------------------------------------------------------


def run_daily(on: date | None = None) -> Summary:
    """Generate recurring occurrences up to `on`, then remind, escalate and send the e-mails.

    One run at a time across every worker and server (a database lock): two workers given the
    job together would otherwise both read "no occurrence for this quarter yet" and both add it.
    The second run waits, then finds everything done.
    """
    on = on or timezone.localdate()
    with exclusive("directives-daily-job"):
        occurrences = services.generate_all_occurrences(until=on)
        summary = run_reminders(on)
    summary.occurrences = occurrences
    return summary


def run_reminders(on: date) -> Summary:
    summary = Summary(on=on)
    with translation.override(settings.LANGUAGE_CODE):
        create_notifications(on, summary)
        send_pending_emails(summary)
    logger.info("directives reminders %s", summary.as_dict())
    return summary


# --- phase 1: the notification rows -----------------------------------------------------------


@transaction.atomic
def create_notifications(on: date, summary: Summary) -> None:
    created = outbox.notify([*_reminders(on), *_escalations(on, summary)])
    summary.reminders = sum(1 for n in created if n.key.startswith("remind:"))
    summary.escalations = sum(1 for n in created if n.key.startswith("escalate:"))


def _open_tasks():
    return Task.objects.countable().select_related("lead_unit", "assigned_by__user")


def _reminders(on: date):
    n = remind_working_days()
    # The last day with at most n working days left: the day before the (n+1)-th working day.
    last = add_working_days(on, n + 1) - timedelta(days=1)
    tasks = list(
        _open_tasks()
        .in_status(TaskStatus.IN_PROGRESS, on)
        .filter(assigned_on__lte=on, due_on__gte=on, due_on__lte=last)
        .order_by("due_on", "pk")
    )
    users = _unit_users({t.lead_unit_id for t in tasks})
    for task in tasks:
        left = working_days_between(on, task.due_on)
        for user in users.get(task.lead_unit_id, ()):
            yield _notification(
                user,
                remind_key(task, user),
                _("Nhắc hạn nhiệm vụ: còn %(n)d ngày làm việc (hạn %(due)s)")
                % {"n": left, "due": f"{task.due_on:%d/%m/%Y}"},
                _(
                    "Nhiệm vụ “%(content)s” do %(unit)s chủ trì đến hạn ngày %(due)s, "
                    "còn %(n)d ngày làm việc. Đề nghị đơn vị hoàn thành hoặc báo cáo tiến độ."
                )
                % {
                    "content": task.content,
                    "unit": task.lead_unit.name,
                    "due": f"{task.due_on:%d/%m/%Y}",
                    "n": left,
                },
                task,
            )


def _escalations(on: date, summary: Summary):
    tasks = list(_open_tasks().in_status(TaskStatus.OVERDUE, on).order_by("due_on", "pk"))
    heads = _unit_heads({t.lead_unit_id for t in tasks}, on)
    for task in tasks:
        level = escalation_level(task.due_on, on)
        recipients = {u.pk: u for u in heads.get(task.lead_unit_id, ())}
        leader = task.assigned_by.user if task.assigned_by else None
        if leader is not None and leader.is_active:
            recipients.setdefault(leader.pk, leader)
        if not recipients:
            summary.unrouted += 1
            continue
        overdue_days = max(0, working_days_between(task.due_on, on))
        for user in recipients.values():
            yield _notification(
                user,
                escalate_key(task, level, user),
                _("Nhiệm vụ quá hạn (cảnh báo lần %(level)d): %(unit)s")
                % {"level": level, "unit": task.lead_unit.name},
                _(
                    "Nhiệm vụ “%(content)s” do %(unit)s chủ trì đã quá hạn từ ngày %(due)s "
                    "(%(n)d ngày làm việc) mà chưa hoàn thành."
                )
                % {
                    "content": task.content,
                    "unit": task.lead_unit.name,
                    "due": f"{task.due_on:%d/%m/%Y}",
                    "n": overdue_days,
                },
                task,
            )


def _unit_users(unit_ids) -> dict[int, list]:
    out = defaultdict(list)
    for user in User.objects.filter(unit_id__in=unit_ids, is_active=True).order_by("pk"):
        out[user.unit_id].append(user)
    return out


def _unit_heads(unit_ids, on: date) -> dict[int, list]:
    """The users of the people heading each unit on `on`."""
    out = defaultdict(list)
    positions = (
        Position.objects.valid_on(on)
        .filter(unit_id__in=unit_ids, is_head=True, person__user__is_active=True)
        .select_related("person__user")
        .order_by("pk")
    )
    for position in positions:
        out[position.unit_id].append(position.person.user)
    return out


def _notification(user, key: str, subject: str, body: str, task: Task) -> Message:
    return Message(user, key, subject, body, task.get_absolute_url())


# --- phase 2: the e-mails ---------------------------------------------------------------------


def send_pending_emails(summary: Summary | None = None, *, prefixes=KEY_PREFIXES) -> int:
    """Send the unsent e-mails of this job's notifications; returns how many were sent."""
    result = outbox.send_pending_emails(prefixes)
    if summary is not None:
        summary.emails_sent += result.sent
        summary.emails_failed += result.failed
    return result.sent
