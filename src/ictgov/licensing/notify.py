"""The licensing app's daily notices: holders whose certificate expires within the reminder
period (30 days by default), and each handling officer's dossiers that are due soon or overdue.
Every notice has a unique key, so a job run twice (or by two workers) sends nothing twice."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ictgov.core.notifications import Message, notify, send_pending_emails

from . import services
from .models import Dossier, Timeliness


def dossier_notices(on: date) -> int:
    """One notice per handler and dossier when it becomes due soon, and when it is overdue."""
    messages = []
    for mark, subject in (
        (Timeliness.DUE_SOON, _("Hồ sơ %(code)s sắp đến hạn trả kết quả (%(due)s)")),
        (Timeliness.OVERDUE, _("Hồ sơ %(code)s đã quá hạn trả kết quả (%(due)s)")),
    ):
        qs = (
            Dossier.objects.marked(mark, on).filter(handler__isnull=False).select_related("handler")
        )
        for d in qs:
            messages.append(
                Message(
                    d.handler,
                    f"licensing:{d.pk}:{mark}:{d.due_on:%Y%m%d}",
                    subject % {"code": d.receipt_code, "due": f"{d.due_on:%d/%m/%Y}"},
                    _("Nếu hồ sơ sẽ trễ hẹn, hãy lập phiếu xin lỗi và hẹn lại ngày trả kết quả."),
                    d.get_absolute_url(),
                )
            )
    with transaction.atomic():
        return len(notify(messages))


def run_daily(on: date | None = None) -> dict:
    on = on or timezone.localdate()
    reminders = services.send_renewal_reminders(on)
    notices = dossier_notices(on)
    sent = send_pending_emails(("licensing:",))
    return {
        "on": on.isoformat(),
        "renewal_reminders": reminders,
        "dossier_notices": notices,
        "emails_sent": sent.sent,
        "emails_failed": sent.failed,
    }
