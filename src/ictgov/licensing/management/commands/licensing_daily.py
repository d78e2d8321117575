"""Daily job of the licensing app: renewal reminders 30 days before a certificate expires, and
notices to officers of dossiers due soon or overdue.

By default the job is enqueued for the background worker (`ictgov db_worker`, the
`django-tasks-db` backend); `--now` runs it here and prints what it did. Running it twice on
the same day sends nothing twice.

Cron (every day at 06:40, the worker running as a service):

    40 6 * * * cd /srv/ictgov && .venv/bin/ictgov licensing_daily >> var/log/licensing.log 2>&1
"""

from ictgov.core.management.daily import DailyJobCommand
from ictgov.licensing import notify
from ictgov.licensing.tasks import daily_licensing_job


class Command(DailyJobCommand):
    help = (
        "Nhắc gia hạn giấy chứng nhận sắp hết hiệu lực và báo hồ sơ sắp đến hạn, quá hạn. "
        "Mặc định đưa vào hàng đợi cho ictgov db_worker; --now chạy ngay."
    )
    job = daily_licensing_job
    summary = (
        "Ngày {on}: {renewal_reminders} nhắc gia hạn, {dossier_notices} thông báo hồ sơ "
        "sắp đến hạn/quá hạn, {emails_sent} thư đã gửi, {emails_failed} thư lỗi "
        "(gửi lại lần sau)."
    )

    def run(self, on):
        return notify.run_daily(on)
