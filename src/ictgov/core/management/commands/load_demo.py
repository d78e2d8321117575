import importlib

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu trình diễn: địa giới, các cơ quan trong năm báo cáo nguồn, "
        "cụm thi đua Nghệ An và một người dùng cho mỗi vai trò. Chạy lại không thay đổi gì."
    )

    def handle(self, *args, **options):
        from ictgov.geo.services import load_geography

        result = load_geography()
        self.stdout.write(f"Địa giới: thêm {result.created} đơn vị ({result.seconds:.1f} s).")
        # Each app may ship a `demo` module with `load(stdout)` and an ORDER (data it needs first).
        modules = []
        for config in apps.get_app_configs():
            if not config.name.startswith("ictgov."):
                continue
            try:
                modules.append(importlib.import_module(f"{config.name}.demo"))
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
        for module in sorted(modules, key=lambda m: getattr(m, "ORDER", 50)):
            with transaction.atomic():
                module.load(self.stdout)
