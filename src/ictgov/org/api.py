from datetime import date

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from ictgov.core.api_helpers import Pagination
from ictgov.core.apiauth import token_or_session
from ictgov.core.filtersets import filter_schema, filtered
from ictgov.core.scoping import visible

from .filtersets import UnitFilterSet
from .models import Unit
from .selectors import match_units

router = Router(tags=["org"], auth=token_or_session)


class OrgUnitOut(Schema):
    id: int
    name: str
    abbreviation: str
    kind: str
    parent_id: int | None
    admin_unit_code: str | None = Field(None, alias="admin_unit.code")
    valid_from: date | None
    valid_to: date | None


@router.get("/units", response=list[OrgUnitOut], summary="Cơ quan, đơn vị (theo phạm vi người gọi)")
@paginate(Pagination, page_size=100)
def list_units(request, filters: Query[filter_schema(UnitFilterSet)]):
    qs = visible(Unit.objects.select_related("admin_unit"), request.auth)
    return filtered(UnitFilterSet, request, qs)


@router.get("/units/{unit_id}", response=OrgUnitOut, summary="Một cơ quan, đơn vị")
def get_unit(request, unit_id: int):
    return get_object_or_404(
        visible(Unit.objects.select_related("admin_unit"), request.auth), pk=unit_id
    )


class MatchOut(Schema):
    unit: OrgUnitOut
    score: float


@router.get("/match", response=list[MatchOut], summary="Nhận diện tên đơn vị viết trong văn bản")
def match(request, name: str, on: date | None = None):
    visible_ids = set(visible(Unit.objects.all(), request.auth).values_list("pk", flat=True))
    return [
        {"unit": m.unit, "score": round(m.score, 1)}
        for m in match_units(name, on=on, limit=10)
        if m.unit.pk in visible_ids
    ]
