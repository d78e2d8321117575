"""The licensing API under /api/v1/licensing/: the public catalogue and lookup; an applicant's
submissions and supplements (multipart, with an `Idempotency-Key` so a retried request creates
nothing twice); the officer's steps on a dossier.

Reads go through `visible()`, writes through `services` (which check who may). Errors in
Vietnamese: bad input 422, not allowed 403, unknown or not visible 404.
"""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Form, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from ictgov.core import clock as clocks
from ictgov.core.api_helpers import Pagination
from ictgov.core.apiauth import public, token_or_session
from ictgov.core.errors import ServiceError
from ictgov.core.filtersets import filter_schema, filtered
from ictgov.core.idempotency import idempotent
from ictgov.core.models import valid_on_q
from ictgov.core.scoping import visible
from ictgov.geo.models import AdministrativeUnit

from . import selectors, services
from .filtersets import DossierFilterSet, ProcedureFilterSet
from .models import Certificate, Dossier, DossierState, Procedure

router = Router(tags=["licensing"], auth=token_or_session)


def _run(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except ServiceError as exc:
        raise HttpError(422, " ".join(exc.messages)) from exc
    except PermissionDenied as exc:
        raise HttpError(403, str(exc) or _("Bạn không có quyền thực hiện thao tác này.")) from exc


def _dossier(user, pk: int) -> Dossier:
    obj = visible(Dossier.objects.select_related("procedure", "issuer", "clock"), user)
    obj = obj.filter(pk=pk).first()
    if obj is None:
        raise HttpError(404, _("Không tìm thấy hồ sơ số %(pk)d.") % {"pk": pk})
    return obj


# --- schemas ---------------------------------------------------------------------------------


class LicensingRequirementOut(Schema):
    id: int
    name: str
    form_name: str
    required: bool
    unconfirmed: bool


class LicensingProcedureOut(Schema):
    id: int
    national_code: str
    name: str
    field: str
    action: str
    legal_basis: str
    processing_days: int
    fee: int | None
    result_kind: str
    result_title: str
    validity_months: int | None
    online_level: str
    site_inspection: bool
    valid_from: date | None
    valid_to: date | None
    unconfirmed: list[str] = Field(description="Các trường chưa có văn bản gốc xác nhận")
    unconfirmed_note: str
    requirements: list[LicensingRequirementOut]

    @staticmethod
    def resolve_requirements(obj) -> list:
        return list(obj.requirements.all())


class LicensingLookupOut(Schema):
    """What anyone may read of a dossier: nothing personal."""

    receipt_code: str
    procedure: str
    issuer: str
    received_on: date
    due_on: date
    state: str
    state_label: str
    paused: bool
    remaining_working_days: int | None = Field(
        description="Số ngày làm việc còn lại đến hẹn trả (âm: quá hạn); null khi đã giải quyết"
    )
    remaining: str = Field(description="“còn 3 ngày làm việc”…")
    returned_on: date | None


class LicensingDossierOut(Schema):
    id: int
    receipt_code: str
    procedure_id: int
    procedure: str
    issuer: str
    state: str
    state_label: str
    timeliness: str
    channel: str
    applicant_name: str
    facility_name: str
    facility_ref: str
    facility_id: int | None = Field(
        description="Cơ sở trong sổ quản lý mà hồ sơ gắn với (cán bộ gắn trên trang hồ sơ)"
    )
    received_at: datetime
    due_on: date
    decided_on: date | None
    returned_at: datetime | None
    certificate_numbers: list[str]

    # Resolvers read a dossier, or pass through an answer replayed for an Idempotency-Key.
    @staticmethod
    def resolve_procedure(obj) -> str:
        return obj["procedure"] if isinstance(obj, dict) else obj.procedure.name

    @staticmethod
    def resolve_issuer(obj) -> str:
        return obj["issuer"] if isinstance(obj, dict) else obj.issuer.name

    @staticmethod
    def resolve_state_label(obj) -> str:
        return obj["state_label"] if isinstance(obj, dict) else str(DossierState(obj.state).label)

    @staticmethod
    def resolve_certificate_numbers(obj) -> list[str]:
        if isinstance(obj, dict):
            return obj["certificate_numbers"]
        return [c.number for c in obj.certificates.all()]


class LicensingSubmitIn(Schema):
    procedure_id: int
    applicant_kind: str = Field(description="organisation | individual")
    applicant_name: str
    applicant_id_number: str = ""
    applicant_address: str = ""
    applicant_phone: str = ""
    applicant_email: str = ""
    facility_name: str = ""
    facility_address: str = ""
    facility_ref: str = ""
    locality_code: str = Field("", description="Mã xã/phường (5 chữ số) nơi đặt cơ sở")
    certificate_id: int | None = None
    details: str = ""


class LicensingSupplementIn(Schema):
    note: str = ""


class LicensingStepIn(Schema):
    note: str = ""
    expected_state: str | None = Field(None, description="Bước hồ sơ người dùng đã thấy")
    electronic: bool | None = None


class LicensingError(Schema):
    detail: str


def _dossier_out(d: Dossier) -> dict:
    return LicensingDossierOut.from_orm(d).model_dump(mode="json")


# --- public ------------------------------------------------------------------------------------


@router.get(
    "/procedures",
    response=list[LicensingProcedureOut],
    auth=public,
    summary="Danh mục thủ tục hành chính",
)
@paginate(Pagination, page_size=50)
def procedures(request, filters: Query[filter_schema(ProcedureFilterSet)]):  # noqa: B008
    """Thủ tục đang áp dụng (mặc định) với căn cứ, thời hạn, phí, thành phần hồ sơ."""
    qs = Procedure.objects.prefetch_related("requirements").order_by("field", "name", "pk")
    return filtered(ProcedureFilterSet, request, qs)


@router.get(
    "/procedures/{procedure_id}",
    response={200: LicensingProcedureOut, 404: LicensingError},
    auth=public,
    summary="Một thủ tục",
)
def procedure(request, procedure_id: int):
    obj = Procedure.objects.prefetch_related("requirements").filter(pk=procedure_id).first()
    if obj is None:
        raise HttpError(404, _("Không có thủ tục số %(pk)d.") % {"pk": procedure_id})
    return obj


@router.get(
    "/lookup/{receipt_code}",
    response={200: LicensingLookupOut, 404: LicensingError},
    auth=public,
    summary="Tra cứu hồ sơ theo mã",
)
def lookup(request, receipt_code: str):
    """Bước xử lý, hẹn trả và thời gian còn lại của hồ sơ; không có thông tin cá nhân."""
    code = selectors.normalise_code(receipt_code)
    if len(code) > 60 or "\x00" in code:  # as the lookup page's form: said, not echoed
        raise HttpError(422, _("Mã hồ sơ không hợp lệ: tối đa 60 ký tự, không có ký tự rỗng."))
    d = selectors.lookup(code)
    if d is None:
        raise HttpError(404, _("Không tìm thấy hồ sơ có mã “%(code)s”.") % {"code": code})
    paused = d.state == DossierState.SUPPLEMENT_REQUESTED
    return {
        "receipt_code": d.receipt_code,
        "procedure": d.procedure.name,
        "issuer": d.issuer.name,
        "received_on": timezone.localdate(d.received_at),
        "due_on": d.due_on,
        "state": d.state,
        "state_label": str(DossierState(d.state).label),
        "paused": paused,
        "remaining_working_days": clocks.remaining_working_days(d.due_on) if d.is_open else None,
        "remaining": clocks.remaining_text(d.due_on, paused=paused) if d.is_open else "",
        "returned_on": timezone.localdate(d.returned_at) if d.returned_at else None,
    }


# --- dossiers ------------------------------------------------------------------------------------


def _dossiers(user):
    return (
        visible(Dossier.objects.all(), user)
        .select_related("procedure", "issuer")
        .prefetch_related("certificates")
        .with_timeliness(timezone.localdate())
    )


@router.get("/dossiers", response=list[LicensingDossierOut], summary="Hồ sơ người gọi được xem")
@paginate(Pagination, page_size=50)
def dossiers(request, filters: Query[filter_schema(DossierFilterSet)]):  # noqa: B008
    """Mặc định: hồ sơ đang giải quyết, theo hẹn trả; `state=all` để xem tất cả."""
    return filtered(DossierFilterSet, request, _dossiers(request.user))


@router.get(
    "/dossiers/{dossier_id}",
    response={200: LicensingDossierOut, 404: LicensingError},
    summary="Một hồ sơ",
)
def dossier(request, dossier_id: int):
    obj = _dossiers(request.user).filter(pk=dossier_id).first()
    if obj is None:
        raise HttpError(404, _("Không tìm thấy hồ sơ số %(pk)d.") % {"pk": dossier_id})
    return obj


def _files(request, procedure) -> dict:
    """Files sent as req_<requirement id> (one field per dossier component) or `files`."""
    by_key = {None: request.FILES.getlist("files")}
    for r in procedure.requirements.all():
        by_key[r.pk] = request.FILES.getlist(f"req_{r.pk}")
    return by_key


@router.post(
    "/dossiers",
    response={201: LicensingDossierOut, 403: LicensingError, 422: LicensingError},
    summary="Nộp hồ sơ trực tuyến",
)
def submit(request, data: Form[LicensingSubmitIn]):
    """Multipart: các trường của hồ sơ và tệp của từng thành phần (`req_<mã thành phần>`).
    Gửi kèm tiêu đề `Idempotency-Key`: gửi lại cùng yêu cầu không tạo thêm hồ sơ."""

    def work():
        proc = Procedure.objects.filter(pk=data.procedure_id).first()
        if proc is None:
            raise HttpError(422, _("Không có thủ tục số %(pk)d.") % {"pk": data.procedure_id})
        locality = None
        if data.locality_code:
            locality = (
                AdministrativeUnit.objects.filter(level="commune", code=data.locality_code)
                .filter(valid_on_q(timezone.localdate()))
                .first()
            )
            if locality is None:
                raise HttpError(422, _("Không có xã/phường mã %s.") % data.locality_code)
        certificate = None
        if data.certificate_id is not None:
            certificate = (
                visible(Certificate.objects.all(), request.user)
                .filter(pk=data.certificate_id)
                .first()
            )
            if certificate is None:
                raise HttpError(422, _("Không có giấy số %d.") % data.certificate_id)
        app = services.Application(
            procedure=proc,
            applicant_kind=data.applicant_kind,
            applicant_name=data.applicant_name,
            applicant_id_number=data.applicant_id_number,
            applicant_address=data.applicant_address,
            applicant_phone=data.applicant_phone,
            applicant_email=data.applicant_email,
            facility_name=data.facility_name,
            facility_address=data.facility_address,
            facility_ref=data.facility_ref,
            locality=locality,
            certificate=certificate,
            details=data.details,
            files=_files(request, proc),
        )
        d = _run(services.submit, request.user, app)
        return 201, _dossier_out(_dossiers(request.user).get(pk=d.pk))

    return idempotent(request, work)


@router.post(
    "/dossiers/{dossier_id}/supplement",
    response={
        200: LicensingDossierOut,
        403: LicensingError,
        404: LicensingError,
        422: LicensingError,
    },
    summary="Nộp bổ sung hồ sơ",
)
def supplement(request, dossier_id: int, data: Form[LicensingSupplementIn]):
    """Multipart: `note` và các tệp `files`. Hỗ trợ `Idempotency-Key`."""

    def work():
        d = _dossier(request.user, dossier_id)
        _run(
            services.act,
            request.user,
            d,
            "supplement",
            note=data.note,
            files=request.FILES.getlist("files"),
        )
        return 200, _dossier_out(_dossiers(request.user).get(pk=d.pk))

    return idempotent(request, work)


@router.post(
    "/dossiers/{dossier_id}/transitions/{name}",
    response={
        200: LicensingDossierOut,
        403: LicensingError,
        404: LicensingError,
        422: LicensingError,
    },
    summary="Chuyển bước xử lý hồ sơ",
)
def transition(request, dossier_id: int, name: str, data: LicensingStepIn):
    """Các bước: accept, request_supplement, inspect, approve, reject, return_result, withdraw
    (và supplement). Bước không hợp lệ ở trạng thái hiện tại: 422; không có quyền: 403."""

    def work():
        d = _dossier(request.user, dossier_id)
        if name not in services.MACHINE:
            raise HttpError(404, _("Không có bước “%(name)s”.") % {"name": name})
        _run(
            services.act,
            request.user,
            d,
            name,
            note=data.note,
            expected_state=data.expected_state,
            electronic=data.electronic,
        )
        return 200, _dossier_out(_dossiers(request.user).get(pk=d.pk))

    return idempotent(request, work)
