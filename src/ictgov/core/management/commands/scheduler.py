"""Enqueue the daily jobs once a day at ICTGOV_DAILY_AT (local time), for `ictgov db_worker`.

Started by `ictgov serve`; the alternative is a cron line (see README). A scheduler that starts
after today's time enqueues today's run at once (a restarted server does not skip a day). Two
schedulers (two app servers) may both enqueue: the jobs are safe to run twice and never send
anything twice.
"""

import logging
import signal
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def todays_run(now: datetime, at: str) -> datetime:
    hour, minute = (int(part) for part in at.split(":"))
    return now.replace(hour=hour, minute=minute, second=0, microsecond=0)


def next_run(now: datetime, at: str) -> datetime:
    run = todays_run(now, at)
    return run if run > now else run + timedelta(days=1)


def enqueue_daily_jobs(stdout=None) -> list:
    close_old_connections()  # the connection may have idled for a day
    results = []
    for path in settings.ICTGOV["DAILY_JOBS"]:
        result = import_string(path).enqueue()
        results.append(result)
        if stdout is not None:
            stdout.write(f"{timezone.localtime():%Y-%m-%d %H:%M} đã xếp hàng {path} ({result.id})")
    return results


class Command(BaseCommand):
    help = "Xếp hàng các công việc hằng ngày vào giờ ICTGOV_DAILY_AT (chạy thường trực)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Xếp hàng ngay một lần rồi thoát.")

    def handle(self, *args, once=False, **options):
        if once:
            enqueue_daily_jobs(self.stdout)
            return
        stopping = []
        signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        at = settings.ICTGOV["DAILY_AT"]
        try:
            todays_run(timezone.localtime(), at)
        except ValueError as exc:
            raise CommandError(f"ICTGOV_DAILY_AT={at!r} không hợp lệ: cần dạng HH:MM.") from exc
        now = timezone.localtime()
        # Started after today's time: today's run now (a restarted server does not skip a day).
        due = todays_run(now, at) if now >= todays_run(now, at) else next_run(now, at)
        while not stopping:
            now = timezone.localtime()
            if now >= due:
                try:
                    enqueue_daily_jobs(self.stdout)
                except Exception:  # the database away for a moment: try again in a minute
                    logger.exception("Không xếp hàng được công việc hằng ngày; thử lại sau 1 phút.")
                    due = now + timedelta(minutes=1)
                    continue
                due = next_run(now, at)
                self.stdout.write(f"Lần chạy tới: {due:%Y-%m-%d %H:%M}")
            time.sleep(1)
