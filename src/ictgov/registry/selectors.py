"""Reads of the registry, scoped by who asks: lists, the map's GeoJSON, the ICT criterion."""

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import F, FloatField, Q
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ictgov.core.models import valid_on_q
from ictgov.core.scoping import visible
from ictgov.geo.models import AdministrativeUnit, Level

from .models import (
    Condition,
    CriterionSet,
    Facility,
    IndicatorAssessment,
    Kind,
    PostType,
    Rule,
    Status,
)


def facilities(user):
    return visible(
        Facility.objects.select_related("commune", "province", "old_commune", "operator_unit"),
        user,
    )


# --- the map ----------------------------------------------------------------------------------


def _located(qs, limit: int | None):
    """The map's rows of `qs` (one query, values only): id, kind, name, status, latitude and
    longitude as floats, code, condition; located rows only."""
    rows = (
        qs.filter(latitude__isnull=False, longitude__isnull=False)
        .order_by()
        .annotate(lat=Cast("latitude", FloatField()), lon=Cast("longitude", FloatField()))
        .values_list("pk", "kind", "name", "status", "lat", "lon", "code", "condition")
    )
    return rows[:limit] if limit is not None else rows


def _page_prefix() -> str:
    return reverse("registry:facility_detail", args=[0]).removesuffix("0/")


def geojson(qs, limit: int | None = None) -> dict:
    """A FeatureCollection of the located rows of `qs` (one query, values only): each feature
    has `properties.kind`, name, status, code, condition, its page's address."""
    # Coordinates as floats from the database, and the rows as the driver gives them (no
    # Decimal and no converter per value on the way to JSON: a province has 40,000 points).
    rows = _located(qs, limit)
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:  # a scope or filter that can match nothing
        sql = None
    if sql is None:
        rows = []
    else:
        with connections[rows.db].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
    prefix = _page_prefix()
    features = [
        {
            "type": "Feature",
            "id": pk,
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {
                "kind": kind,
                "name": name,
                "status": status,
                "code": code or "",
                "condition": condition,
                "url": f"{prefix}{pk}/",
            },
        }
        for pk, kind, name, status, lat, lon, code, condition in rows
    ]
    return {"type": "FeatureCollection", "features": features}


# The same FeatureCollection written by PostgreSQL around the rows' query: 40,000 features are
# made where the rows are, not turned into Python objects and back into text.
_GEOJSON_PG = """
    SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(
        json_build_object(
            'type', 'Feature', 'id', r.pk,
            'geometry', json_build_object('type', 'Point', 'coordinates',
                                          json_build_array(r.lon, r.lat)),
            'properties', json_build_object(
                'kind', r.kind, 'name', r.name, 'status', r.status, 'code', coalesce(r.code, ''),
                'condition', r.condition, 'url', %s || r.pk || '/'))
    ), '[]'::json))::text
    FROM ({rows}) AS r(pk, kind, name, status, lat, lon, code, condition)
"""


def geojson_text(qs, limit: int | None = None) -> str:
    """`geojson(qs, limit)` as JSON text: on PostgreSQL written by the database in one query,
    elsewhere by Python (the same content: a test compares them)."""
    connection = connections[qs.db]
    if connection.vendor != "postgresql":
        return json.dumps(geojson(qs, limit), ensure_ascii=False, separators=(",", ":"))
    rows = _located(qs, limit)
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:
        return json.dumps({"type": "FeatureCollection", "features": []})
    with connection.cursor() as cursor:
        cursor.execute(_GEOJSON_PG.replace("{rows}", sql), [_page_prefix(), *params])
        return cursor.fetchone()[0]


# --- the ICT criterion ------------------------------------------------------------------------

MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"
VERDICT_LABELS = {
    MET: gettext_lazy("Đạt"),
    NOT_MET: gettext_lazy("Chưa đạt"),
    UNKNOWN: gettext_lazy("Chưa rõ"),
}
MOBILE_BROADBAND = ("3g", "4g", "5g")


@dataclass
class IndicatorResult:
    indicator: object
    verdict: str
    reason: str
    facilities: list = field(default_factory=list)  # (pk, code, name) that justify it
    assessment: object = None

    @property
    def label(self):
        return VERDICT_LABELS[self.verdict]


@dataclass
class CommuneResult:
    commune: AdministrativeUnit
    indicators: list[IndicatorResult]

    @property
    def verdict(self) -> str:
        verdicts = {r.verdict for r in self.indicators}
        if verdicts == {MET}:
            return MET
        if NOT_MET in verdicts:
            return NOT_MET
        return UNKNOWN

    @property
    def label(self):
        return VERDICT_LABELS[self.verdict]


def criterion_set_on(on: date) -> CriterionSet | None:
    return CriterionSet.objects.filter(valid_on_q(on)).prefetch_related("indicators").first()


def _facts(commune_ids: list[int]) -> dict[int, dict]:
    """Per commune: the facilities that count for each rule (in one query)."""
    facts: dict[int, dict] = defaultdict(lambda: defaultdict(list))
    rows = (
        Facility.objects.filter(commune_id__in=commune_ids)
        .exclude(status=Status.CLOSED)
        .order_by("commune_id", "kind", "name")
        .values_list(
            "commune_id",
            "pk",
            "code",
            "name",
            "kind",
            "status",
            "post_type",
            "technologies",
            "condition",
            "loudspeaker_clusters",
            "villages_covered",
            "villages_total",
            "has_internet",
        )
    )
    for (
        commune_id,
        pk,
        code,
        name,
        kind,
        status,
        post_type,
        techs,
        condition,
        clusters,
        covered,
        total,
        internet,
    ) in rows:
        ref = (pk, code, name)
        bucket = facts[commune_id]
        bucket["any"].append(ref)
        active = status == Status.ACTIVE
        if kind == Kind.POST:
            bucket["post_any"].append(ref)
            if active and post_type in (
                PostType.POST_OFFICE,
                PostType.CULTURE_POINT,
                PostType.SERVICE_POINT,
            ):
                bucket[Rule.POST_POINT].append(ref)
            if active and internet:
                bucket[Rule.TELECOM_INTERNET].append(ref)
        elif kind == Kind.BTS:
            bucket["telecom_any"].append(ref)
            if active and any(t in (techs or "").split(",") for t in MOBILE_BROADBAND):
                bucket[Rule.TELECOM_INTERNET].append(ref)
        elif kind in (Kind.PUBLIC_ACCESS, Kind.INTERNET_AGENT):
            bucket["telecom_any"].append(ref)
            if active:
                bucket[Rule.TELECOM_INTERNET].append(ref)
        elif kind == Kind.RADIO:
            bucket["radio_any"].append(ref)
            reaches = clusters and (total is None or covered is None or covered >= total)
            if active and condition != Condition.BROKEN and reaches:
                bucket[Rule.RADIO_LOUDSPEAKERS].append(ref)
            else:
                bucket["radio_failing"].append(ref)
    return facts


def _latest_assessments(commune_ids, indicator_ids) -> dict[tuple[int, int], IndicatorAssessment]:
    out = {}
    for a in IndicatorAssessment.objects.filter(
        commune_id__in=commune_ids, indicator_id__in=indicator_ids
    ).order_by("assessed_on", "pk"):
        out[(a.commune_id, a.indicator_id)] = a  # the latest wins
    return out


def evaluate(communes: list[AdministrativeUnit], on: date | None = None) -> list[CommuneResult]:
    """Each commune's indicators: met / not met / unknown, with the facilities behind each.

    A commune with nothing in the registry yet is unknown on every registry indicator (its
    registry is not filled in); with data, a missing kind of facility is "not met"."""
    on = on or timezone.localdate()
    criterion_set = criterion_set_on(on)
    if criterion_set is None:
        return []
    indicators = list(criterion_set.indicators.all())
    ids = [c.pk for c in communes]
    facts = _facts(ids)
    assessments = _latest_assessments(ids, [i.pk for i in indicators])
    out = []
    for commune in communes:
        bucket = facts.get(commune.pk, {})
        results = []
        for indicator in indicators:
            results.append(_judge(indicator, bucket, assessments.get((commune.pk, indicator.pk))))
        out.append(CommuneResult(commune, results))
    return out


def _judge(indicator, bucket, assessment) -> IndicatorResult:
    rule = indicator.rule
    if rule == Rule.MANUAL:
        if assessment is None:
            return IndicatorResult(indicator, UNKNOWN, _("Chưa có đánh giá của cán bộ."))
        return IndicatorResult(
            indicator,
            MET if assessment.met else NOT_MET,
            _("Đánh giá ngày %(d)s: %(e)s")
            % {"d": f"{assessment.assessed_on:%d/%m/%Y}", "e": assessment.evidence},
            assessment=assessment,
        )
    found = bucket.get(rule, [])
    if found:
        return IndicatorResult(
            indicator, MET, _("Có %(n)d cơ sở đáp ứng.") % {"n": len(found)}, found
        )
    if not bucket.get("any"):
        return IndicatorResult(indicator, UNKNOWN, _("Sổ quản lý chưa có cơ sở nào của xã."))
    if rule == Rule.RADIO_LOUDSPEAKERS and bucket.get("radio_failing"):
        return IndicatorResult(
            indicator,
            NOT_MET,
            _("Đài truyền thanh hư hỏng, tạm ngừng hoặc loa chưa đến đủ các thôn."),
            bucket["radio_failing"],
        )
    reasons = {
        Rule.POST_POINT: _("Không có bưu cục hay điểm BĐVHX đang hoạt động."),
        Rule.TELECOM_INTERNET: _("Không có trạm BTS 3G/4G/5G hay điểm Internet đang hoạt động."),
        Rule.RADIO_LOUDSPEAKERS: _("Không có đài truyền thanh."),
    }
    return IndicatorResult(indicator, NOT_MET, reasons[rule])


def communes_of(province: AdministrativeUnit, on: date | None = None) -> list[AdministrativeUnit]:
    on = on or timezone.localdate()
    return list(
        AdministrativeUnit.objects.filter(valid_on_q(on), level=Level.COMMUNE)
        .filter(Q(parent=province) | Q(parent__parent=province))
        .order_by("code")
    )


def visible_communes(user, province: AdministrativeUnit, on: date | None = None):
    """The province's current communes the user may see (a commune officer: their own)."""
    communes = communes_of(province, on)
    allowed = set(
        visible(
            AdministrativeUnit.objects.filter(pk__in=[c.pk for c in communes]), user
        ).values_list("pk", flat=True)
    )
    if getattr(user, "role", None) == "locality" and user.locality_id:
        allowed &= {user.locality_id}
    return [c for c in communes if c.pk in allowed]


def home_province(user) -> AdministrativeUnit | None:
    from ictgov.core.scoping import home_areas

    if not user.is_authenticated:
        return None
    areas = home_areas(user)
    today = timezone.localdate()
    current = [a for a in areas if a.is_valid_on(today)]
    return (current or areas or [None])[0]


def criterion_points(results: list[CommuneResult]) -> list[dict]:
    """The criterion on a map, one point per commune: geo keeps no commune shapes (nor
    centres), so a commune stands where its located facilities are on average; a commune
    with none is not on the map (it stays in the table). One query for the province."""
    from django.db.models import Avg

    ids = [r.commune.pk for r in results]
    centres = {
        commune_id: (lat, lon)
        for commune_id, lat, lon in Facility.objects.filter(
            commune_id__in=ids, latitude__isnull=False, longitude__isnull=False
        )
        .values("commune_id")
        .annotate(lat=Avg("latitude"), lon=Avg("longitude"))
        .values_list("commune_id", "lat", "lon")
        .order_by()
    }
    points = []
    for r in results:
        if r.commune.pk not in centres:
            continue
        lat, lon = centres[r.commune.pk]
        points.append(
            {
                "code": r.commune.code,
                "name": r.commune.name,
                "lat": round(float(lat), 6),
                "lon": round(float(lon), 6),
                "verdict": r.verdict,
                "label": str(r.label),
                "url": reverse("registry:criterion_commune", args=[r.commune.pk]),
            }
        )
    return points


def summary(results: list[CommuneResult]) -> dict:
    counts = {MET: 0, NOT_MET: 0, UNKNOWN: 0}
    for r in results:
        counts[r.verdict] += 1
    total = len(results)
    return {
        "total": total,
        "counts": counts,
        "met_share": round(100 * counts[MET] / total, 1) if total else 0,
    }


def province_for(user, code: str | None) -> AdministrativeUnit | None:
    """The province asked for (by code), when the user may see it: an administrator any; others
    their own. No code: the user's own province."""
    home = home_province(user)
    if not code:
        return home
    province = (
        AdministrativeUnit.objects.filter(level=Level.PROVINCE, code=code)
        .order_by(F("valid_from").desc(nulls_last=True))
        .first()
    )
    if province is None:
        return None
    if user.is_superuser or user.role == "admin" or province == home:
        return province
    return None


def licensing_of(facility: Facility, user) -> dict:
    """The one-stop dossiers about a facility and the certificates issued for it (its own
    licence among them), as far as `user` may see them."""
    from ictgov.licensing.models import Certificate, Dossier

    dossiers = visible(Dossier.objects.filter(facility=facility), user).select_related("procedure")
    linked = Q(facility=facility)
    if facility.certificate_id:
        linked |= Q(pk=facility.certificate_id)
    certificates = visible(Certificate.objects.filter(linked), user).select_related("procedure")
    return {
        "dossiers": list(dossiers.order_by("-received_at", "-pk")),
        "certificates": list(certificates.order_by("-issued_on", "-pk")),
    }
