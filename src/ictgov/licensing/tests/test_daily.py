"""The daily job: renewal reminders and notices of late dossiers, e-mailed once."""

from datetime import date, datetime, time
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from ictgov.licensing import notify, services

pytestmark = pytest.mark.django_db


def test_overdue_dossiers_are_announced_to_their_officer_once(submit, users):
    d = submit(at=timezone.make_aware(datetime.combine(date(2026, 3, 2), time(9))))
    services.act(users["chuyenvien"], d, "accept")
    first = notify.run_daily(date(2026, 3, 25))
    assert first["dossier_notices"] >= 1
    assert any(d.receipt_code in m.subject and "quá hạn" in m.subject for m in mail.outbox)
    sent = len(mail.outbox)
    again = notify.run_daily(date(2026, 3, 25))
    assert again["dossier_notices"] == 0 and len(mail.outbox) == sent


def test_the_command_runs_now_and_says_what_it_did():
    out = StringIO()
    call_command("licensing_daily", "--now", "--date", "2026-03-25", stdout=out)
    assert "nhắc gia hạn" in out.getvalue()
    with pytest.raises(Exception, match="Ngày không hợp lệ"):
        call_command("licensing_daily", "--now", "--date", "25/03/2026")
