"""The reporting API under /api/v1/reporting/: forms; submissions (create, read, values,
submit / approve / return / lock); values in bulk (one JSON document of (indicator, period,
unit, disaggregation, value) rows, validated as a whole: one bad row writes nothing and each
error names its row); live totals by (indicator, period, level).

Reads go through `visible()`; writes through `services`. Errors in Vietnamese: bad input 422,
not allowed 403, unknown or not visible 404.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.renderers import JSONRenderer

from ictgov.core.api_helpers import Pagination
from ictgov.core.apiauth import token_or_session
from ictgov.core.errors import ServiceError
from ictgov.core.filtersets import filter_schema, filtered
from ictgov.core.idempotency import idempotent
from ictgov.core.scoping import visible

from . import selectors, services
from .filtersets import SubmissionFilterSet
from .models import EntryChannel, ReportForm, Submission

router = Router(tags=["reporting"], auth=token_or_session)
_JSON = JSONRenderer()


def _run(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except services.BulkRejected as exc:
        raise HttpError(
            422, _("Tài liệu bị từ chối, không số liệu nào được ghi: ") + "; ".join(exc.messages)
        ) from exc
    except ServiceError as exc:
        raise HttpError(422, " ".join(exc.messages)) from exc
    except PermissionDenied as exc:
        raise HttpError(403, str(exc) or _("Bạn không có quyền thực hiện thao tác này.")) from exc


def _form(user, form_id: int) -> ReportForm:
    form = visible(ReportForm.objects.all(), user).filter(pk=form_id).first()
    if form is None:
        raise HttpError(404, _("Không tìm thấy biểu mẫu số %(pk)d.") % {"pk": form_id})
    return form


def _submission(user, pk: int) -> Submission:
    sub = visible(Submission.objects.select_related("form", "unit"), user).filter(pk=pk).first()
    if sub is None:
        raise HttpError(404, _("Không tìm thấy báo cáo số %(pk)d.") % {"pk": pk})
    return sub


class ReportingItemOut(Schema):
    indicator_id: int
    code: str
    name: str
    unit_of_measure: str
    value_type: str
    aggregation: str
    options: list[str] = Field(description="Mã các giá trị phân tổ (rỗng: không phân tổ)")
    section: str
    required: bool


class ReportingFormOut(Schema):
    id: int
    code: str
    name: str
    period_kind: str
    reporting_level: str
    due_day: int
    due_months_after: int
    approval_level: str
    valid_from: date | None
    valid_to: date | None
    items: list[ReportingItemOut]

    @staticmethod
    def resolve_items(obj) -> list:
        return [
            {
                "indicator_id": i.indicator_id,
                "code": i.indicator.code,
                "name": i.indicator.name,
                "unit_of_measure": i.indicator.unit_of_measure,
                "value_type": i.indicator.value_type,
                "aggregation": i.indicator.aggregation,
                "options": [o.code for o in i.indicator.category.options.all()]
                if i.indicator.category_id
                else [],
                "section": i.section.title if i.section_id else "",
                "required": i.required,
            }
            for i in obj.items.all()
        ]


def _forms_qs(user):
    return visible(ReportForm.objects.all(), user).prefetch_related(
        "items__indicator__category__options", "items__section"
    )


@router.get("/forms", response=list[ReportingFormOut], summary="Biểu mẫu báo cáo")
@paginate(Pagination)
def forms(request):
    return _forms_qs(request.auth).order_by("code")


@router.get("/forms/{form_id}", response=ReportingFormOut, summary="Một biểu mẫu")
def form(request, form_id: int):
    obj = _forms_qs(request.auth).filter(pk=form_id).first()
    if obj is None:
        raise HttpError(404, _("Không tìm thấy biểu mẫu số %(pk)d.") % {"pk": form_id})
    return obj


class ReportingValueOut(Schema):
    indicator: str
    disaggregation: str
    value: Decimal | None
    text: str


class ReportingSubmissionOut(Schema):
    id: int
    form_id: int
    form: str
    period: str
    period_label: str
    unit_id: int
    unit: str
    state: str
    state_label: str
    due_on: date
    submitted_on: date | None
    approved_on: date | None
    days_late: int
    return_reason: str
    warnings: list[str]

    @staticmethod
    def resolve_form(obj) -> str:
        return obj["form"] if isinstance(obj, dict) else obj.form.code

    @staticmethod
    def resolve_period(obj) -> str:
        from ictgov.core.periods import period_of

        if isinstance(obj, dict):
            return obj["period"]
        return period_of(obj.period_start, obj.form.period_kind).code

        return period_of(obj.period_start, obj.form.period_kind).code

    @staticmethod
    def resolve_unit(obj) -> str:
        return obj["unit"] if isinstance(obj, dict) else obj.unit.name

    @staticmethod
    def resolve_state_label(obj) -> str:
        return obj["state_label"] if isinstance(obj, dict) else obj.get_state_display()

    @staticmethod
    def resolve_days_late(obj) -> int:
        return obj["days_late"] if isinstance(obj, dict) else services.days_late(obj)


class ReportingSubmissionDetailOut(ReportingSubmissionOut):
    values: list[ReportingValueOut]

    @staticmethod
    def resolve_values(obj) -> list:
        if isinstance(obj, dict):
            return obj["values"]
        return [
            {"indicator": code, "disaggregation": opt, "value": number, "text": text}
            for code, opt, number, text in obj.values.order_by(
                "indicator__code", "option"
            ).values_list("indicator__code", "option", "number", "text")
        ]


@router.get(
    "/submissions", response=list[ReportingSubmissionOut], summary="Báo cáo (lọc như trang)"
)
@paginate(Pagination)
def submissions(request, filters: Query[filter_schema(SubmissionFilterSet)]):  # type: ignore[valid-type]
    qs = visible(Submission.objects.select_related("form", "unit"), request.auth).order_by(
        "-period_start", "pk"
    )
    return filtered(SubmissionFilterSet, request, qs)


class ReportingSubmissionIn(Schema):
    form_id: int
    period: str = Field(description="2026-10, 2026-Q3, 2026-H1, 2026")
    unit_id: int | None = Field(None, description="Mặc định: đơn vị của người dùng")


@router.post(
    "/submissions", response={201: ReportingSubmissionDetailOut}, summary="Mở báo cáo (nháp)"
)
def create_submission(request, payload: ReportingSubmissionIn):
    from ictgov.org.models import Unit

    user = request.auth
    form_obj = _form(user, payload.form_id)
    unit = Unit.objects.filter(pk=payload.unit_id).first() if payload.unit_id else user.unit
    if unit is None:
        raise HttpError(422, _("Chưa xác định đơn vị báo cáo."))
    period = _run(services.period_from_code, form_obj.period_kind, payload.period)

    def work():
        sub = _run(services.open_submission, user, form_obj, period, unit, channel=EntryChannel.API)
        return 201, _detail(sub)

    return idempotent(request, work)


def _detail(sub) -> dict:
    return ReportingSubmissionDetailOut.from_orm(sub).model_dump(mode="json")


@router.get(
    "/submissions/{submission_id}", response=ReportingSubmissionDetailOut, summary="Một báo cáo"
)
def submission(request, submission_id: int):
    return _submission(request.auth, submission_id)


class ReportingValuesIn(Schema):
    values: dict[str, str | int | float | bool | None] = Field(
        description="Mã chỉ tiêu (hoặc MÃ.phân_tổ) → giá trị; chuỗi rỗng để xóa"
    )


@router.put(
    "/submissions/{submission_id}/values",
    response=ReportingSubmissionDetailOut,
    summary="Ghi số liệu của một báo cáo (kiểm tra toàn bộ)",
)
def put_values(request, submission_id: int, payload: ReportingValuesIn):
    sub = _submission(request.auth, submission_id)
    try:
        return services.save_values(
            request.auth, sub, payload.values, channel=EntryChannel.API, partial=True
        )
    except services.ValuesRejected as exc:
        raise HttpError(422, "; ".join(exc.messages)) from exc
    except ServiceError as exc:
        raise HttpError(422, " ".join(exc.messages)) from exc
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from exc


class ReportingStepIn(Schema):
    note: str = ""
    expected_state: str | None = None


@router.post(
    "/submissions/{submission_id}/transitions/{name}",
    response=ReportingSubmissionDetailOut,
    summary=(
        "Gửi (submit), duyệt (approve), trả lại (return, cần note), khóa (lock), "
        "hủy báo cáo nháp mở nhầm (withdraw, cần note)"
    ),
)
def transition(request, submission_id: int, name: str, payload: ReportingStepIn):
    sub = _submission(request.auth, submission_id)
    if name not in services.MACHINE:
        raise HttpError(404, _("Không có thao tác “%(n)s”.") % {"n": name})

    def work():
        done = _run(
            services.act,
            request.auth,
            sub,
            name,
            note=payload.note,
            expected_state=payload.expected_state,
        )
        return 200, _detail(done)

    return idempotent(request, work)


class ReportingBulkRowIn(Schema):
    indicator: str
    period: str
    unit: int
    disaggregation: str = ""
    value: str | int | float | bool | None


class ReportingBulkIn(Schema):
    form: str = Field(description="Mã biểu (BC-XA…)")
    rows: list[ReportingBulkRowIn]


class ReportingBulkOut(Schema):
    rows: int
    submissions: list[int]


@router.post(
    "/values",
    response=ReportingBulkOut,
    summary="Số liệu hàng loạt: một tài liệu, kiểm tra toàn bộ, sai một dòng không ghi gì",
)
def bulk_values(request, payload: ReportingBulkIn):
    form_obj = visible(ReportForm.objects.all(), request.auth).filter(code=payload.form).first()
    if form_obj is None:
        raise HttpError(422, _("Không có biểu mẫu “%(c)s”.") % {"c": payload.form})
    rows = [
        services.BulkRow(r.indicator, r.period, r.unit, r.value, r.disaggregation)
        for r in payload.rows
    ]

    def work():
        saved = _run(services.import_values, request.auth, form_obj, rows)
        return 200, {"rows": len(rows), "submissions": [sub.pk for sub in saved]}

    return idempotent(request, work)


class ReportingTotalOut(Schema):
    area_id: int | None
    unit_id: int | None = None
    area: str
    period: str
    value: Decimal | None


class ReportingTotalsOut(Schema):
    indicator: str
    level: str
    geography: str
    as_of: str
    totals: list[ReportingTotalOut]


def _totals_response(request, payload: dict) -> HttpResponse:
    """The totals rendered as built (to `ReportingTotalsOut`, which the tests check): one
    request's rows are not validated one by one again."""
    return HttpResponse(
        _JSON.render(request, payload, response_status=200),
        content_type=f"{_JSON.media_type}; charset=utf-8",
    )


@router.get("/totals", response=ReportingTotalsOut, summary="Tổng hợp trực tiếp số liệu đã duyệt")
def totals(
    request,
    indicator: str,
    period: str = Query(..., description="Kỳ đầu (2026-Q3); có thể kèm ..kỳ cuối"),
    level: str = Query(
        "province", description="province | national | unit (từng đơn vị báo cáo trong tỉnh)"
    ),
    geography: str = Query("period", description="period | current"),
    disaggregation: str | None = None,
):
    from ictgov.geo.models import AdministrativeUnit

    if level not in ("province", "national", "unit") or geography not in ("period", "current"):
        raise HttpError(
            422, _("level chỉ nhận province/national/unit; geography chỉ nhận period/current.")
        )
    user = request.auth
    everywhere = user.is_superuser or user.role == "admin"
    # The indicator and the user's province in one query (session, user, this, the sums).
    ind, province = selectors.totals_lookup(indicator, None if everywhere else user.unit_id)
    if ind is None:
        raise HttpError(422, _("Không có chỉ tiêu “%(c)s”.") % {"c": indicator})
    kind = ind.kind or "quarter"
    first_code, _sep, last_code = period.partition("..")
    first = _run(services.period_from_code, kind, first_code)
    last = _run(services.period_from_code, kind, last_code) if last_code else first
    from ictgov.core.periods import period_of

    from .views import home_province

    if not everywhere and (province is None or not province.is_current):
        province = home_province(user)  # none (no place): the national figures

    if level == "unit":
        province = province or home_province(user)
        if province is None:
            raise HttpError(
                422, _("Chưa xác định tỉnh của người dùng: dùng level=province hoặc national.")
            )
        rows = selectors.unit_series(
            ind,
            first=first.start,
            last=last.start,
            kind=kind,
            province=province,
            option=disaggregation,
            user=user,
        )
        return _totals_response(
            request,
            {
                "indicator": ind.code,
                "level": level,
                "geography": "period",
                "as_of": timezone.localtime().isoformat(timespec="seconds"),
                "totals": [
                    {
                        "area_id": r["area_id"],
                        "unit_id": r["unit_id"],
                        "area": r["name"],
                        "period": period_of(r["period_start"], kind).code,
                        "value": r["value"],
                    }
                    for r in rows
                ],
            },
        )
    by_province = selectors.province_series(
        ind,
        first=first.start,
        last=last.start,
        kind=kind,
        province=province,
        geography=geography,
        option=disaggregation,
    )
    from ictgov.core.periods import period_of

    out = []
    if level == "national":
        merged: dict = {}
        for values in by_province.values():
            for start, v in values.items():
                merged.setdefault(start, []).append({"v": v, "n": 1})
        for start, parts in sorted(merged.items()):
            out.append(
                {
                    "area_id": None,
                    "unit_id": None,
                    "area": "Toàn quốc" if province is None else province.name,
                    "period": period_of(start, kind).code,
                    "value": selectors._combine(ind, parts),
                }
            )
    else:
        # The user's province and those it was formed from are named already (read with their
        # ids); only an administrator's national answer needs the names read.
        names = selectors.province_areas(province) if province is not None else {}
        unknown = [pid for pid in by_province if pid not in names]
        if unknown:
            names = {**names, **AdministrativeUnit.objects.in_bulk(unknown)}
        for pid, values in sorted(by_province.items()):
            for start, v in sorted(values.items()):
                out.append(
                    {
                        "area_id": pid,
                        "unit_id": None,
                        "area": str(names.get(pid, "")),
                        "period": period_of(start, kind).code,
                        "value": v,
                    }
                )
    return _totals_response(
        request,
        {
            "indicator": ind.code,
            "level": level,
            "geography": geography,
            "as_of": timezone.localtime().isoformat(timespec="seconds"),
            "totals": out,
        },
    )
