r"""`ictgov backup [--output PATH]`: the database and the uploaded files in one .tar.gz archive.

Daily from cron, keeping the archives on another machine:
    15 2 * * * cd /srv/ictgov && .venv/bin/ictgov backup --output /backup/ictgov-$(date +\%F).tar.gz
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ictgov.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và các tệp đã tải lên vào một tệp .tar.gz (kèm manifest)."
    # An operator's tool that must work even where a system check would fail; the checks
    # (URL patterns, the API's schemas) also cost a second of every run.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", "-o", type=Path, help="Tệp đích (mặc định var/backups/ictgov-<giờ>.tar.gz)."
        )

    def handle(self, *args, output=None, **options):
        if output is not None and not output.name.endswith((".tar.gz", ".tgz")):
            raise CommandError("Tên tệp sao lưu phải kết thúc bằng .tar.gz hoặc .tgz.")
        try:
            report = create_backup(output)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Đã sao lưu {report.rows} dòng trong {report.tables} bảng và {report.files} tệp "
            f"({report.file_bytes / 1e6:.1f} MB) vào {report.path} "
            f"({report.archive_bytes / 1e6:.1f} MB, {report.seconds:.1f} s)."
        )
