"""Daily job of the directives app: recurring occurrences, deadline reminders, escalations.

By default the job is enqueued for the background worker (`ictgov db_worker`, the
`django-tasks-db` backend); `--now` runs it in this process and prints what it did. Running it
twice on the same day sends nothing twice.

Cron (every day at 06:30, the worker running as a service):

    30 6 * * * cd /srv/ictgov && .venv/bin/ictgov send_reminders >> var/log/reminders.log 2>&1
"""

from ictgov.core.management.daily import DailyJobCommand
from ictgov.directives import notify
from ictgov.directives.tasks import daily_directives_job


class Command(DailyJobCommand):
    help = (
        "Nhắc hạn, cảnh báo nhiệm vụ quá hạn và sinh các kỳ của nhiệm vụ định kỳ. "
        "Mặc định đưa vào hàng đợi cho ictgov db_worker; --now chạy ngay."
    )
    job = daily_directives_job
    summary = (
        "Ngày {on}: {occurrences} kỳ định kỳ mới, {reminders} nhắc hạn, "
        "{escalations} cảnh báo quá hạn, {emails_sent} thư đã gửi, "
        "{emails_failed} thư lỗi (gửi lại lần sau), "
        "{unrouted} nhiệm vụ quá hạn không có người nhận cảnh báo."
    )

    def run(self, on):
        return notify.run_daily(on).as_dict()
