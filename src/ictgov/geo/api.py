from datetime import date

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate

from ictgov.core.apiauth import public

from . import selectors
from .models import AdministrativeUnit, Level

router = Router(tags=["geo"], auth=public)


class UnitRef(Schema):
    code: str
    name: str
    level: str
    valid_from: date | None
    valid_to: date | None


class UnitOut(UnitRef):
    short_name: str
    division_type: str
    parent: UnitRef | None = None


class SuccessionOut(Schema):
    unit: UnitRef
    effective_on: date
    partial: bool


class UnitDetailOut(UnitOut):
    children: list[UnitRef]
    successors: list[SuccessionOut]
    predecessors: list[SuccessionOut]
    current_successors: list[UnitRef]


class UnitFilters(Schema):
    level: Level | None = None
    on: date | None = Field(None, description="Chỉ đơn vị còn hiệu lực vào ngày này (YYYY-MM-DD)")
    q: str = Field("", description="Tìm theo tên, không cần dấu")
    parent: str | None = Field(None, description="Mã đơn vị cấp trên")


@router.get("/units", response=list[UnitOut], summary="Danh sách đơn vị hành chính")
@paginate(PageNumberPagination, page_size=100)
def list_units(request, filters: Query[UnitFilters]):
    parent = None
    if filters.parent:
        parent = selectors.unit_by_code(filters.parent, filters.on)
        if parent is None:
            return AdministrativeUnit.objects.none()
    return selectors.units(level=filters.level, on=filters.on, q=filters.q, parent=parent)


@router.get("/units/{code}", response=UnitDetailOut, summary="Một đơn vị hành chính theo mã")
def get_unit(request, code: str, on: date | None = None):
    unit = selectors.unit_by_code(code, on)
    if unit is None:
        raise HttpError(404, _("Không có đơn vị hành chính mã %(code)s.") % {"code": code})
    return _detail(unit)


def _detail(unit: AdministrativeUnit) -> dict:
    return {
        **{f: getattr(unit, f) for f in UnitOut.model_fields if f != "parent"},
        "parent": unit.parent,
        "children": list(unit.children.order_by("code")),
        "successors": [
            {"unit": link.successor, "effective_on": link.effective_on, "partial": link.partial}
            for link in unit.successor_links.select_related("successor").order_by("successor__code")
        ],
        "predecessors": [
            {"unit": link.predecessor, "effective_on": link.effective_on, "partial": link.partial}
            for link in unit.predecessor_links.select_related("predecessor").order_by(
                "predecessor__code"
            )
        ],
        "current_successors": unit.current_successors(),
    }


class ResolveOut(Schema):
    query: str
    on: date
    matches: list[UnitDetailOut]


@router.get("/resolve", response=ResolveOut, summary="Tìm đơn vị theo tên vào một ngày")
def resolve(request, name: str, on: date | None = None):
    """Finds a unit by name (accent-insensitive) as it was on `on`, with its current successors."""
    on = on or date.today()
    return {
        "query": name,
        "on": on,
        "matches": [_detail(u) for u in selectors.resolve(name, on)[:10]],
    }
