"""Daily job of the directives app: recurring occurrences, deadline reminders, escalations.

By default the job is enqueued for the background worker (`ictgov db_worker`, the
`django-tasks-db` backend); `--now` runs it in this process and prints what it did. Running it
twice on the same day sends nothing twice.

Cron (every day at 06:30, the worker running as a service):

    30 6 * * * cd /srv/ictgov && .venv/bin/ictgov send_reminders >> var/log/reminders.log 2>&1
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from ictgov.directives import notify
from ictgov.directives.tasks import daily_directives_job


class Command(BaseCommand):
    help = (
        "Nhắc hạn, cảnh báo nhiệm vụ quá hạn và sinh các kỳ của nhiệm vụ định kỳ. "
        "Mặc định đưa vào hàng đợi cho ictgov db_worker; --now chạy ngay."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", dest="on", help="Ngày tính (YYYY-MM-DD); mặc định là hôm nay."
        )
        parser.add_argument(
            "--now", action="store_true", help="Chạy ngay trong tiến trình này, không xếp hàng."
        )

    def handle(self, *args, on=None, now=False, **options):
        if on:
            try:
                date.fromisoformat(on)
            except ValueError as exc:
                raise CommandError(f"Ngày không hợp lệ: {on} (cần dạng YYYY-MM-DD).") from exc
        if now:
            summary = notify.run_daily(date.fromisoformat(on) if on else None)
            self.stdout.write(
                "Ngày {on}: {occurrences} kỳ định kỳ mới, {reminders} nhắc hạn, "
                "{escalations} cảnh báo quá hạn, {emails_sent} thư đã gửi, "
                "{emails_failed} thư lỗi (gửi lại lần sau), "
                "{unrouted} nhiệm vụ quá hạn không có người nhận cảnh báo.".format(
                    **summary.as_dict()
                )
            )
            return
        result = daily_directives_job.enqueue(on)
        self.stdout.write(
            f"Đã xếp hàng công việc hằng ngày (mã {result.id}, trạng thái {result.status}); "
            "ictgov db_worker sẽ thực hiện."
        )
