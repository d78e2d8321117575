"""Background jobs of core, on Django's tasks framework."""

from django.tasks import task

from . import notifications


@task
def send_outbox() -> dict:
    """Send the e-mails of the outbox that are still unsent (any kind of notification)."""
    result = notifications.send_pending_emails()
    return {"sent": result.sent, "failed": result.failed}


@task
def run_import(job_id: int) -> str:
    """An Excel import too large to run inside the request (core.imports.start_import)."""
    from .imports import run_import_job

    return run_import_job(job_id)


@task
def daily_core_job() -> dict:
    """Forget the idempotency keys (API and form tokens) older than
    ICTGOV["IDEMPOTENCY_KEEP_DAYS"]: a resend comes within minutes, not weeks."""
    from .idempotency import purge_old_keys

    return {"forgotten": purge_old_keys()}
