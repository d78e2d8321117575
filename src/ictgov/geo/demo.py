"""The geography every other demo step stands on: the whole country, or only the provinces the
demo is about (the five source reports' provinces as they are now, and those they came from)."""

from .services import load_geography

ORDER = 0
# Nghệ An, Tuyên Quang (Hà Giang), Thanh Hóa, Quảng Trị (Quảng Bình), Cà Mau (Bạc Liêu).
DEMO_PROVINCES = {"40", "08", "38", "44", "96"}


def load(stdout, *, geography: str = "national", **options):
    result = load_geography(DEMO_PROVINCES if geography == "demo" else None)
    stdout.write(f"Địa giới: thêm {result.created} đơn vị ({result.seconds:.1f} s).")
