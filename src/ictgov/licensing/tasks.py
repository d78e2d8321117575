"""Background job of the licensing app, on Django's tasks framework (django-tasks-db in
production; `ictgov licensing_daily` enqueues it, see its docstring for the cron line)."""

from datetime import date

from django.tasks import task

from . import notify


@task
def daily_licensing_job(on_iso: str | None = None) -> dict:
    """Renewal reminders and officers' notices of dossiers due soon or overdue for `on_iso`
    (default: today), then their e-mails. Safe to run more than once: nothing is sent twice."""
    on = date.fromisoformat(on_iso) if on_iso else None
    return notify.run_daily(on)
