from datetime import date

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from ictgov.core.api_helpers import Pagination
from ictgov.core.apiauth import public
from ictgov.core.filtersets import filter_schema, filtered

from . import selectors
from .filtersets import AdministrativeUnitFilterSet
from .models import AdministrativeUnit

router = Router(tags=["geo"], auth=public)


class AdminUnitRef(Schema):
    code: str
    name: str
    level: str
    valid_from: date | None
    valid_to: date | None


class AdminUnitOut(AdminUnitRef):
    short_name: str
    division_type: str
    parent: AdminUnitRef | None = None


class SuccessionOut(Schema):
    unit: AdminUnitRef
    effective_on: date
    partial: bool


class AdminUnitDetailOut(AdminUnitOut):
    children: list[AdminUnitRef]
    successors: list[SuccessionOut]
    predecessors: list[SuccessionOut]
    current_successors: list[AdminUnitRef]


@router.get("/units", response=list[AdminUnitOut], summary="Danh sách đơn vị hành chính")
@paginate(Pagination, page_size=100)
def list_units(request, filters: Query[filter_schema(AdministrativeUnitFilterSet)]):
    qs = AdministrativeUnit.objects.select_related("parent")
    return filtered(AdministrativeUnitFilterSet, request, qs)


@router.get("/units/{code}", response=AdminUnitDetailOut, summary="Một đơn vị hành chính theo mã")
def get_unit(request, code: str, on: date | None = None):
    unit = selectors.unit_by_code(code, on)
    if unit is None:
        raise HttpError(404, _("Không có đơn vị hành chính mã %(code)s.") % {"code": code})
    return _detail(unit)


def _detail(unit: AdministrativeUnit) -> dict:
    return {
        **{f: getattr(unit, f) for f in AdminUnitOut.model_fields if f != "parent"},
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
    matches: list[AdminUnitDetailOut]


@router.get("/resolve", response=ResolveOut, summary="Tìm đơn vị theo tên vào một ngày")
def resolve(request, name: str, on: date | None = None):
    """Finds a unit by name (accent-insensitive) as it was on `on`, with its current successors."""
    on = on or date.today()
    return {
        "query": name,
        "on": on,
        "matches": [_detail(u) for u in selectors.resolve(name, on)[:10]],
    }
