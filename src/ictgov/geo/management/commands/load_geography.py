from django.core.management.base import BaseCommand

from ictgov.geo.services import load_geography


class Command(BaseCommand):
    help = "Nạp đơn vị hành chính (34 tỉnh/3.321 xã hiện hành và 63/696/10.051 trước 2025)."

    def handle(self, *args, **options):
        result = load_geography()
        self.stdout.write(
            f"Địa giới: thêm {result.created}, cập nhật {result.updated}, "
            f"liên kết kế thừa mới {result.links_created} trong {result.seconds:.2f} s"
        )
