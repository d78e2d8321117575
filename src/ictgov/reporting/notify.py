"""The reporting app's daily reminders: each unit that must report hears, in the app and by
e-mail, when a report is due within `reporting.reminder_working_days` working days (a
parameter, 3 by default) and once when it is overdue. Every reminder has a unique key, so a job
run twice (or by two workers) sends nothing twice."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ictgov.core.notifications import Message, notify, send_pending_emails

from . import services
from .models import RECEIVED_STATES, Submission


def reminders(on: date) -> int:
    from ictgov.accounts.models import User

    messages = []
    for item in services.due_periods(on, services.reminder_horizon(on)):
        form, p, due, overdue = item.form, item.period, item.due_on, item.overdue
        sent = set(
            Submission.objects.filter(
                form=form, period_start=p.start, state__in=RECEIVED_STATES
            ).values_list("unit_id", flat=True)
        )
        units = services.expected_units(form, p).exclude(pk__in=sent)
        users = User.objects.filter(unit__in=units, is_active=True).select_related("unit")
        for user in users:
            kind = "overdue" if overdue else "due"
            subject = (
                _("Quá hạn gửi báo cáo %(f)s %(p)s (hạn %(d)s)")
                if overdue
                else _("Sắp đến hạn gửi báo cáo %(f)s %(p)s (hạn %(d)s)")
            ) % {"f": form.code, "p": p.label, "d": f"{due:%d/%m/%Y}"}
            messages.append(
                Message(
                    user,
                    f"reporting:remind:{form.pk}:{p.code}:{user.unit_id}:{kind}:{user.pk}",
                    subject,
                    _("%(name)s của %(unit)s.") % {"name": form.name, "unit": user.unit},
                    f"/reporting/submissions/new/?form={form.pk}&period={p.code}",
                )
            )
    with transaction.atomic():
        return len(notify(messages))


def run_daily(on: date | None = None) -> dict:
    on = on or timezone.localdate()
    count = reminders(on)
    sent = send_pending_emails(("reporting:",))
    return {
        "on": on.isoformat(),
        "reminders": count,
        "emails_sent": sent.sent,
        "emails_failed": sent.failed,
    }
