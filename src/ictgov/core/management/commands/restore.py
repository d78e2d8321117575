"""`ictgov restore PATH [--force]`: bring a backup back into an empty installation.

The archive is checked (manifest, checksums, versions) before anything is touched; an
installation that has accounts or files is refused unless --force (which replaces it all).
Afterwards row counts and files are compared with the manifest.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ictgov.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Khôi phục cơ sở dữ liệu và tệp từ một bản sao lưu của ictgov backup."
    # An operator's tool that must work even where a system check would fail; the checks
    # (URL patterns, the API's schemas) also cost a second of every run.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="Tệp .tar.gz do ictgov backup tạo ra.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Thay thế cả khi hệ thống đang có dữ liệu (mất toàn bộ dữ liệu hiện có).",
        )

    def handle(self, *args, archive, force=False, **options):
        if not archive.is_file():
            raise CommandError(f"Không có tệp {archive}.")
        try:
            report = restore_backup(archive, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Đã khôi phục {report.rows} dòng trong {report.tables} bảng và {report.files} tệp "
            f"({report.file_bytes / 1e6:.1f} MB) từ {report.path} trong {report.seconds:.1f} s; "
            "số dòng và tệp khớp manifest."
        )
        for note in report.notes:
            self.stdout.write(note)
