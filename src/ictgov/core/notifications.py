"""In-app notifications and their e-mails, through an outbox: at least once, never twice for
the same event.

1. A notification is a `Notification` row whose unique `key` names the event and the user
   (e.g. ``remind:<task>:<deadline>:<user>``). `notify()` writes only the keys that are new,
   inside the caller's transaction: a job run twice, or two workers at once, add nothing twice.
2. `send_pending_emails()` claims each row with an unsent e-mail (`email_to` set, `emailed_at`
   empty), sends it and marks it, each in its own transaction. A run that dies midway leaves the
   unsent rows unsent; the next run sends them. Two workers never send the same row: the claim
   is a conditional update (`emailed_at IS NULL`) that only one transaction can win.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Notification

logger = logging.getLogger(__name__)
_CHUNK = 500


@dataclass
class Message:
    """One notification to one user, before it is written."""

    user: object
    key: str
    subject: str
    body: str = ""
    url: str = ""

    def row(self) -> Notification:
        return Notification(
            user=self.user,
            key=self.key[:200],
            subject=self.subject[:255],
            body=self.body,
            url=self.url,
            email_to=getattr(self.user, "email", "") or "",
        )


def notify(messages) -> list[Notification]:
    """Write the messages whose key is new (call inside the caller's transaction); returns the
    rows written. Inactive users get nothing."""
    rows = [m.row() for m in messages if getattr(m.user, "is_active", True)]
    new = []
    for i in range(0, len(rows), _CHUNK):
        chunk = {n.key: n for n in rows[i : i + _CHUNK]}
        existing = set(
            Notification.objects.filter(key__in=list(chunk)).values_list("key", flat=True)
        )
        new.extend(n for key, n in chunk.items() if key not in existing)
    # A concurrent writer of the same key is skipped by the unique index, not duplicated.
    Notification.objects.bulk_create(new, batch_size=_CHUNK, ignore_conflicts=True)
    if any(n.email_to for n in new):
        transaction.on_commit(_enqueue_sending)
    return new


def _enqueue_sending() -> None:
    """Ask a worker to send the new e-mails soon (the daily job sends any left over).

    A burst of notifications (a bulk import, the demo) asks once: while a sending run is still
    waiting in the database queue, it will find these e-mails too when it starts."""
    from .tasks import send_outbox

    try:
        if _sending_waits(send_outbox):
            return
        send_outbox.enqueue()
    except Exception:  # no task backend reachable: the daily job will send them
        logger.warning("Không xếp được việc gửi thư; thư sẽ gửi ở lần chạy hằng ngày.")


def _sending_waits(task) -> bool:
    """Whether a run of `task` is queued in the database backend and has not started yet."""
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(task.get_backend(), DatabaseBackend):
        return False
    return DBTaskResult.objects.ready().filter(task_path=task.module_path).exists()


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def _pending(prefixes):
    qs = Notification.objects.filter(emailed_at__isnull=True).exclude(email_to="")
    if prefixes:
        q = Q()
        for prefix in prefixes:
            q |= Q(key__startswith=prefix)
        qs = qs.filter(q)
    return qs


@dataclass
class Sent:
    sent: int = 0
    failed: int = 0  # left unsent; the next run retries them


def send_pending_emails(prefixes=()) -> Sent:
    """Send every unsent e-mail of the outbox (of keys starting with `prefixes`, or all)."""
    result = Sent()
    for pk in list(_pending(prefixes).order_by("pk").values_list("pk", flat=True)):
        try:
            if _send_one(pk):
                result.sent += 1
        except Exception:
            # Left unsent (its transaction rolled back): the next run tries again.
            logger.exception("Gửi thư thông báo %s không thành công", pk)
            result.failed += 1
    return result


@transaction.atomic
def _send_one(pk: int) -> bool:
    unsent = Notification.objects.filter(pk=pk, emailed_at__isnull=True)
    # PostgreSQL: another worker holding the row makes us skip it instead of waiting.
    notification = unsent.select_for_update(skip_locked=True).first()
    if notification is None:
        return False
    # The claim: only one transaction can turn emailed_at from empty to set (SQLite included).
    if not unsent.update(emailed_at=timezone.now()):
        return False
    site = getattr(settings, "ICTGOV", {}).get("SITE_URL", "")
    body = notification.body
    if notification.url:
        body += "\n\n" + _("Xem chi tiết: %(url)s") % {"url": site + notification.url}
    # An exception here rolls the claim back, so the e-mail stays in the outbox.
    EmailMessage(
        notification.subject,
        body,
        to=[notification.email_to],
        headers={"X-Ictgov-Notification": notification.key},
    ).send()
    return True
