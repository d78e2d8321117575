"""The command every app's daily job has: enqueue it for the background worker (`ictgov
db_worker`, the django-tasks-db backend), or run it here with `--now` and print what it did."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError


class DailyJobCommand(BaseCommand):
    job = None  # the app's task: `job.enqueue(on)`
    summary = ""  # what `--now` prints, formatted with the figures `run` returns

    def run(self, on: date | None) -> dict:
        raise NotImplementedError

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
            self.stdout.write(
                self.summary.format(**self.run(date.fromisoformat(on) if on else None))
            )
            return
        result = self.job.enqueue(on)
        self.stdout.write(
            f"Đã xếp hàng công việc hằng ngày (mã {result.id}, trạng thái {result.status}); "
            "ictgov db_worker sẽ thực hiện."
        )
