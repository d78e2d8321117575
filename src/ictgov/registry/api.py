"""The registry API under /api/v1/registry/: facilities (filters, pagination, scope), their
GeoJSON for the map, the commune ICT criterion. Out of scope → 404."""

from datetime import date
from decimal import Decimal

from django.db.models import F
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from ictgov.core.api_helpers import Pagination
from ictgov.core.apiauth import token_or_session
from ictgov.core.filtersets import filter_schema, filtered
from ictgov.core.roles import Role
from ictgov.core.scoping import visible
from ictgov.geo.models import AdministrativeUnit, Level

from . import selectors
from .filtersets import FacilityFilterSet
from .models import Facility

router = Router(tags=["registry"], auth=token_or_session)
READERS = (Role.LEADER, Role.OFFICER, Role.LOCALITY)
GEOJSON_LIMIT = 200_000


def _reader(request):
    if not request.user.has_role(*READERS):
        raise HttpError(403, _("Bạn không được xem sổ quản lý cơ sở."))


class RegistryFacilityOut(Schema):
    id: int
    code: str | None
    kind: str
    name: str
    status: str
    commune_code: str = Field(..., alias="commune.code")
    commune_name: str = Field(..., alias="commune.name")
    old_commune_code: str | None = Field(None, alias="old_commune.code")
    address: str
    old_address: str
    latitude: Decimal | None
    longitude: Decimal | None
    operator_name: str
    operator_unit_id: int | None
    recorded_on: date
    warnings: list[dict]
    site_code: str
    technologies: str
    condition: str
    machines: int | None


@router.get("/facilities", response=list[RegistryFacilityOut], summary="Cơ sở người gọi được xem")
@paginate(Pagination, page_size=50)
def facilities(request, filters: Query[filter_schema(FacilityFilterSet)]):  # noqa: B008
    """Lọc như trang danh sách: loại, tình trạng, xã (mới hoặc cũ), đơn vị quản lý, từ khóa."""
    _reader(request)
    qs = selectors.facilities(request.user).order_by("kind", "name", "pk")
    return filtered(FacilityFilterSet, request, qs)


@router.get(
    "/facilities.geojson",
    summary="Cơ sở dạng GeoJSON cho bản đồ",
    url_name="registry_geojson",
)
def facilities_geojson(request, filters: Query[filter_schema(FacilityFilterSet)]):  # noqa: B008
    """FeatureCollection các cơ sở có tọa độ (`properties.kind`, tên, tình trạng, địa chỉ
    trang); cùng bộ lọc và phạm vi như danh sách."""
    _reader(request)
    qs = filtered(FacilityFilterSet, request, visible(Facility.objects.all(), request.user))
    return HttpResponse(
        selectors.geojson_text(qs, limit=GEOJSON_LIMIT), content_type="application/json"
    )


class RegistryIndicatorOut(Schema):
    code: str
    name: str
    verdict: str
    label: str
    reason: str
    facilities: list[dict]


class RegistryCommuneCriterionOut(Schema):
    commune_code: str
    commune_name: str
    verdict: str
    label: str
    indicators: list[RegistryIndicatorOut]


class RegistryCriterionOut(Schema):
    criterion_set: str
    legal_basis: str
    unconfirmed: bool
    on: date
    summary: dict
    communes: list[RegistryCommuneCriterionOut]


class CriterionQuery(Schema):
    commune: str | None = Field(None, description="Mã xã (5 chữ số)")
    province: str | None = Field(None, description="Mã tỉnh (2 chữ số)")


def _commune_out(result):
    return {
        "commune_code": result.commune.code,
        "commune_name": result.commune.name,
        "verdict": result.verdict,
        "label": str(result.label),
        "indicators": [
            {
                "code": r.indicator.code,
                "name": r.indicator.name,
                "verdict": r.verdict,
                "label": str(r.label),
                "reason": r.reason,
                "facilities": [
                    {"id": pk, "code": code, "name": name} for pk, code, name in r.facilities
                ],
            }
            for r in result.indicators
        ],
    }


@router.get("/criterion", response=RegistryCriterionOut, summary="Tiêu chí 8 TT&TT theo xã")
def criterion(request, query: Query[CriterionQuery]):  # noqa: B008
    """Từng chỉ tiêu: đạt / chưa đạt / chưa rõ, với các cơ sở làm căn cứ. `commune=MÃ` cho một
    xã; `province=MÃ` (mặc định: tỉnh của người gọi) cho cả tỉnh."""
    _reader(request)
    today = timezone.localdate()
    if query.commune:
        unit = (
            AdministrativeUnit.objects.filter(level=Level.COMMUNE, code=query.commune)
            .order_by(F("valid_from").desc(nulls_last=True))
            .first()
        )
        allowed = (
            unit is not None
            and unit.is_valid_on(today)
            and any(
                c.pk == unit.pk for c in selectors.visible_communes(request.user, unit.province)
            )
        )
        if not allowed:
            raise HttpError(
                404, _("Không có xã mã %(c)s trong phạm vi được xem.") % {"c": query.commune}
            )
        communes = [unit]
    else:
        province = selectors.province_for(request.user, query.province)
        if province is None:
            raise HttpError(
                404, _("Không có tỉnh mã %(c)s trong phạm vi được xem.") % {"c": query.province}
            )
        communes = selectors.visible_communes(request.user, province)
    results = selectors.evaluate(communes, today)
    criterion_set = selectors.criterion_set_on(today)
    return {
        "criterion_set": criterion_set.code if criterion_set else "",
        "legal_basis": criterion_set.legal_basis if criterion_set else "",
        "unconfirmed": bool(criterion_set and criterion_set.unconfirmed),
        "on": today,
        "summary": selectors.summary(results),
        "communes": [_commune_out(r) for r in results],
    }
