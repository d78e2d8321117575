"""Daily job of the reporting app: reminders to the units whose report is due within three
working days (parameter `reporting.reminder_working_days`) or overdue.

By default the job is enqueued for the background worker (`ictgov db_worker`); `--now` runs it
here and prints what it did. Running it twice on the same day sends nothing twice.

Cron (when the built-in scheduler of `ictgov serve` is not used):

    45 6 * * * cd /srv/ictgov && .venv/bin/ictgov reporting_daily >> var/log/reporting.log 2>&1
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from ictgov.reporting import notify
from ictgov.reporting.tasks import daily_reporting_job


class Command(BaseCommand):
    help = (
        "Nhắc các đơn vị báo cáo sắp đến hạn hoặc quá hạn gửi. "
        "Mặc định đưa vào hàng đợi cho ictgov db_worker; --now chạy ngay."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", dest="on", help="Ngày tính (YYYY-MM-DD); mặc định hôm nay.")
        parser.add_argument("--now", action="store_true", help="Chạy ngay, không xếp hàng.")

    def handle(self, *args, on=None, now=False, **options):
        if on:
            try:
                date.fromisoformat(on)
            except ValueError as exc:
                raise CommandError(f"Ngày không hợp lệ: {on} (cần dạng YYYY-MM-DD).") from exc
        if now:
            r = notify.run_daily(date.fromisoformat(on) if on else None)
            self.stdout.write(
                "Ngày {on}: {reminders} lời nhắc, {emails_sent} thư đã gửi, "
                "{emails_failed} thư lỗi (gửi lại lần sau).".format(**r)
            )
            return
        result = daily_reporting_job.enqueue(on)
        self.stdout.write(
            f"Đã xếp hàng công việc hằng ngày (mã {result.id}, trạng thái {result.status}); "
            "ictgov db_worker sẽ thực hiện."
        )
