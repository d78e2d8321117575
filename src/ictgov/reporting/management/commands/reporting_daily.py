"""Daily job of the reporting app: reminders to the units whose report is due within three
working days (parameter `reporting.reminder_working_days`) or overdue.

By default the job is enqueued for the background worker (`ictgov db_worker`); `--now` runs it
here and prints what it did. Running it twice on the same day sends nothing twice.

Cron (when the built-in scheduler of `ictgov serve` is not used):

    45 6 * * * cd /srv/ictgov && .venv/bin/ictgov reporting_daily >> var/log/reporting.log 2>&1
"""

from ictgov.core.management.daily import DailyJobCommand
from ictgov.reporting import notify
from ictgov.reporting.tasks import daily_reporting_job


class Command(DailyJobCommand):
    help = (
        "Nhắc các đơn vị báo cáo sắp đến hạn hoặc quá hạn gửi. "
        "Mặc định đưa vào hàng đợi cho ictgov db_worker; --now chạy ngay."
    )
    job = daily_reporting_job
    summary = (
        "Ngày {on}: {reminders} lời nhắc, {emails_sent} thư đã gửi, "
        "{emails_failed} thư lỗi (gửi lại lần sau)."
    )

    def run(self, on):
        return notify.run_daily(on)
