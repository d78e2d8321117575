"""Background jobs of core, on Django's tasks framework."""

from django.tasks import task

from . import notifications


@task
def send_outbox() -> dict:
    """Send the e-mails of the outbox that are still unsent (any kind of notification)."""
    result = notifications.send_pending_emails()
    return {"sent": result.sent, "failed": result.failed}
