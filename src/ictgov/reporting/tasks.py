"""Background job of the reporting app, on Django's tasks framework (django-tasks-db in
production; `ictgov reporting_daily` enqueues it, the scheduler does so every day)."""

from datetime import date

from django.tasks import task

from . import notify


@task
def daily_reporting_job(on_iso: str | None = None) -> dict:
    """Reminders of reports due soon and overdue for `on_iso` (default: today), then their
    e-mails. Safe to run more than once: nothing is sent twice."""
    on = date.fromisoformat(on_iso) if on_iso else None
    return notify.run_daily(on)
