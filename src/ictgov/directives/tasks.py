"""Background jobs of the directives app, on Django's tasks framework.

In production the `django-tasks-db` backend queues them in the database and `ictgov db_worker`
runs them; `ictgov send_reminders` enqueues the daily job (see its docstring for the cron line).
"""

from datetime import date

from django.tasks import task

from . import notify


@task
def daily_directives_job(on_iso: str | None = None) -> dict:
    """Recurring occurrences, reminders, escalations and their e-mails for `on_iso` (default:
    the day the worker runs it). Safe to run more than once: nothing is sent twice."""
    on = date.fromisoformat(on_iso) if on_iso else None
    return notify.run_daily(on).as_dict()
