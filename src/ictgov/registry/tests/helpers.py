"""Shared pieces of the registry tests."""

import io
from datetime import date

from ictgov.geo.models import AdministrativeUnit

VINH_PHU = "16702"  # phường Vinh Phú (Nghệ An) since 01/07/2025; the same code was Nghi Phú's
HA_HUY_TAP = "16666"  # phường Hà Huy Tập (old Vinh city), now part of Vinh Phú
CUA_LO = "16732"
BEFORE = date(2024, 5, 1)


def commune(code: str, on: date | None = None) -> AdministrativeUnit:
    qs = AdministrativeUnit.objects.filter(level="commune", code=code)
    units = [u for u in qs if u.is_valid_on(on or date.today())]
    return units[0]


def workbook(rows, title="Sheet") -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
