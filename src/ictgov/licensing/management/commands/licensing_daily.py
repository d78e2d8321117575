"""Daily job of the licensing app: renewal reminders 30 days before a certificate expires, and
notices to officers of dossiers due soon or overdue.

By default the job is enqueued for the background worker (`ictgov db_worker`, the
`django-tasks-db` backend); `--now` runs it here and prints what it did. Running it twice on
the same day sends nothing twice.

Cron (every day at 06:40, the worker running as a service):

    40 6 * * * cd /srv/ictgov && .venv/bin/ictgov licensing_daily >> var/log/licensing.log 2>&1
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from ictgov.licensing import notify
from ictgov.licensing.tasks import daily_licensing_job


class Command(BaseCommand):
    help = (
        "Nhắc gia hạn giấy chứng nhận sắp hết hiệu lực và báo hồ sơ sắp đến hạn, quá hạn. "
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
                "Ngày {on}: {renewal_reminders} nhắc gia hạn, {dossier_notices} thông báo hồ sơ "
                "sắp đến hạn/quá hạn, {emails_sent} thư đã gửi, {emails_failed} thư lỗi "
                "(gửi lại lần sau).".format(**r)
            )
            return
        result = daily_licensing_job.enqueue(on)
        self.stdout.write(
            f"Đã xếp hàng công việc hằng ngày (mã {result.id}, trạng thái {result.status}); "
            "ictgov db_worker sẽ thực hiện."
        )
