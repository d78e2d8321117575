import importlib

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu trình diễn: địa giới, các cơ quan trong năm báo cáo nguồn, "
        "cụm thi đua Nghệ An và một người dùng cho mỗi vai trò. Chạy lại không thay đổi gì."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--geography",
            choices=["national", "demo"],
            default="national",
            help="national: cả nước (mặc định); demo: chỉ các tỉnh của dữ liệu trình diễn.",
        )

    def handle(self, *args, **options):
        # Each app may ship a `demo` module with `load(stdout, **options)` and an ORDER (the
        # steps whose data it needs run first); core knows none of them by name.
        steps = []
        for config in apps.get_app_configs():
            if not config.name.startswith("ictgov."):
                continue
            try:
                steps.append(importlib.import_module(f"{config.name}.demo"))
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
        for step in sorted(steps, key=lambda m: getattr(m, "ORDER", 50)):
            with transaction.atomic():
                step.load(self.stdout, geography=options["geography"])
