"""The top of a document a unit issues, in the Decree 30/2020 layout: the body above the issuer
("Ủy ban nhân dân tỉnh Nghệ An"), the issuer's own name without the province that body already
names ("Sở Khoa học và Công nghệ"), and the place written before the date ("Nghệ An, ngày …").
One helper for every app that prints: certificates, receipt slips, reports, schedules."""

import re
from typing import NamedTuple

from .models import UnitKind


class Letterhead(NamedTuple):
    parent: str
    issuer: str
    place: str


def issuing_unit(unit):
    """A division does not issue in its own name: its department does."""
    while unit is not None and unit.kind == UnitKind.DIVISION and unit.parent_id:
        unit = unit.parent
    return unit


def _without_province(name: str, province) -> str:
    return re.sub(rf"\s+(tỉnh|thành phố)\s+{re.escape(province.short_name)}$", "", name, flags=re.I)


def letterhead(unit) -> Letterhead:
    unit = issuing_unit(unit)
    if unit is None:
        return Letterhead("", "", "")
    admin = unit.admin_unit
    province = admin.province if admin is not None else None
    parent, name = "", unit.name
    if unit.parent_id and unit.parent.kind == UnitKind.PEOPLES_COMMITTEE:
        parent = unit.parent.name
        if province is not None:
            name = _without_province(name, province)
    if admin is None:
        place = ""
    elif admin.level == "commune":
        place = admin.short_name
    else:
        place = province.short_name
    return Letterhead(parent, name, place)
