"""Every change to dossiers and certificates goes through these functions.

Each runs in one transaction, checks who may do it, and raises `LicensingError` (a
`ServiceError`) with a Vietnamese message on bad input, changing nothing. A dossier moves only
through `act()` (the state machine `MACHINE`: the row is locked and its state re-read, so two
officers acting at once cannot both win). Dates of acts are the server's: the `at` keyword is
for the demo and the tests, never passed by pages or the API.
"""

import contextvars
import hashlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ictgov.core import clock as clocks
from ictgov.core.attachments import attach, check_uploads
from ictgov.core.errors import ServiceError
from ictgov.core.models import Attachment, Parameter, valid_on_q
from ictgov.core.notifications import Message, notify
from ictgov.core.numbering import issue_number, next_sequence
from ictgov.core.roles import Role
from ictgov.core.statemachine import StateMachine, Transition
from ictgov.core.workdays import is_working_day
from ictgov.org.models import Unit, UnitKind

from .models import (
    OPEN_STATES,
    ApologySlip,
    ApplicantKind,
    Certificate,
    CertificateStatus,
    Channel,
    Dossier,
    DossierFile,
    DossierState,
    DossierTransition,
    IssuerLevel,
    PaymentMethod,
    Procedure,
    ProcedureAction,
    ProcedureIssuer,
)

S = DossierState
CLOCK_RULE_PARAMETER = "licensing.supplement_clock_rule"
MAX_UPLOAD_PARAMETER = "licensing.max_upload_mb"
RENEWAL_PARAMETER = "licensing.renewal_reminder_days"
FILE_TYPES = ("pdf", "jpg", "jpeg", "png", "doc", "docx")


class LicensingError(ServiceError):
    """Bad input to a licensing service: nothing was changed."""


# --- who may do what (one condition per line) -------------------------------------------------


def is_staff(user) -> bool:
    return user.is_authenticated and user.has_role(Role.LEADER, Role.OFFICER)


def can_process(user, dossier) -> bool:
    """The department's staff, or the people of the issuing unit (a commune for game points)."""
    if not user.is_authenticated:
        return False
    if is_staff(user):
        return True
    if user.role not in (Role.LOCALITY, Role.LIAISON):
        return False
    return user.unit_id is not None and user.unit_id == dossier.issuer_id


def is_applicant(user, dossier) -> bool:
    return user.is_authenticated and dossier.applicant_id == user.pk


def can_supplement(user, dossier) -> bool:
    """The applicant online; the one-stop officer for a walk-in's papers."""
    return is_applicant(user, dossier) or can_process(user, dossier)


def can_withdraw(user, dossier) -> bool:
    return is_applicant(user, dossier) or can_process(user, dossier)


def can_receive(user) -> bool:
    """Who receives walk-in dossiers at the counter."""
    if is_staff(user):
        return True
    return user.is_authenticated and user.role == Role.LOCALITY and user.unit_id is not None


def can_apply(user) -> bool:
    return user.is_authenticated and user.role == Role.APPLICANT


def _inspection_first(dossier) -> str | None:
    if dossier.procedure.site_inspection and dossier.state != S.SITE_INSPECTION:
        return _("Thủ tục này phải thẩm định thực tế trước khi phê duyệt.")
    return None


MACHINE = StateMachine(
    field="state",
    states=DossierState,
    log_model=DossierTransition,
    log_record_field="dossier",
    transitions=[
        Transition(
            "accept",
            gettext_lazy("Chuyển thẩm định"),
            {S.RECEIVED},
            S.IN_REVIEW,
            allowed=can_process,
        ),
        Transition(
            "request_supplement",
            gettext_lazy("Yêu cầu bổ sung hồ sơ"),
            {S.RECEIVED, S.IN_REVIEW, S.SITE_INSPECTION},
            S.SUPPLEMENT_REQUESTED,
            allowed=can_process,
            note_required=True,
            note_label=gettext_lazy("nội dung cần bổ sung"),
        ),
        Transition(
            "supplement",
            gettext_lazy("Nộp bổ sung"),
            {S.SUPPLEMENT_REQUESTED},
            S.IN_REVIEW,
            allowed=can_supplement,
        ),
        Transition(
            "inspect",
            gettext_lazy("Thẩm định thực tế"),
            {S.IN_REVIEW},
            S.SITE_INSPECTION,
            allowed=can_process,
        ),
        Transition(
            "approve",
            gettext_lazy("Phê duyệt"),
            {S.IN_REVIEW, S.SITE_INSPECTION},
            S.APPROVED,
            allowed=can_process,
            check=_inspection_first,
        ),
        Transition(
            "reject",
            gettext_lazy("Từ chối"),
            {S.RECEIVED, S.IN_REVIEW, S.SITE_INSPECTION, S.SUPPLEMENT_REQUESTED},
            S.REJECTED,
            allowed=can_process,
            note_required=True,
            note_label=gettext_lazy("lý do từ chối"),
        ),
        Transition(
            "return_result",
            gettext_lazy("Trả kết quả"),
            {S.APPROVED, S.REJECTED},
            S.RETURNED,
            allowed=can_process,
        ),
        Transition(
            "withdraw",
            gettext_lazy("Rút hồ sơ"),
            set(OPEN_STATES),
            S.WITHDRAWN,
            allowed=can_withdraw,
        ),
    ],
)


# --- helpers -------------------------------------------------------------------------------------


def _now(at: datetime | None) -> datetime:
    return at or timezone.now()


def _day(at: datetime) -> date:
    return timezone.localdate(at) if timezone.is_aware(at) else at.date()


def clock_rule() -> str:
    value = Parameter.objects.filter(key=CLOCK_RULE_PARAMETER).values_list("value", flat=True)
    value = value.first()
    return value if value in clocks.Rule.values else clocks.Rule.PAUSE


def check_files(files) -> None:
    """Type (PDF, images, Word) and size (a parameter) of uploaded files; Vietnamese errors."""
    limit = Parameter.get_int(MAX_UPLOAD_PARAMETER, 10)
    try:
        check_uploads(files, max_bytes=limit * 1024 * 1024, types=FILE_TYPES)
    except ValidationError as exc:
        raise LicensingError(exc.messages, field="files") from exc


def _attach(dossier, files, user, stage, requirement=None, *, at=None) -> list[DossierFile]:
    """The files as the dossier's, received `at` the time of the act they came with (a walk-in
    dossier recorded the day after still shows its files at its receipt, not at the typing)."""
    out = []
    attachments = attach(dossier, list(files), user)
    if at is not None and attachments:
        Attachment.objects.filter(pk__in=[a.pk for a in attachments]).update(created_at=at)
    for attachment in attachments:
        out.append(
            DossierFile.objects.create(
                dossier=dossier, attachment=attachment, requirement=requirement, stage=stage
            )
        )
    return out


def _site(path: str) -> str:
    return settings.ICTGOV.get("SITE_URL", "") + path


def _notify_applicant(dossier, event: str, subject: str, body: str = "") -> None:
    if dossier.applicant_id is None:
        return
    notify(
        [
            Message(
                dossier.applicant,
                f"licensing:{dossier.pk}:{event}",
                subject,
                body,
                dossier.get_absolute_url(),
            )
        ]
    )


def _notify_handler(dossier, event: str, subject: str) -> None:
    if dossier.handler_id is None:
        return
    notify(
        [
            Message(
                dossier.handler,
                f"licensing:{dossier.pk}:{event}",
                subject,
                "",
                dossier.get_absolute_url(),
            )
        ]
    )


# --- receiving a dossier -------------------------------------------------------------------------


@dataclass
class Application:
    """What an applicant (online) or a one-stop officer (walk-in) fills in."""

    procedure: Procedure
    applicant_kind: str
    applicant_name: str
    applicant_id_number: str = ""
    applicant_address: str = ""
    applicant_phone: str = ""
    applicant_email: str = ""
    facility_name: str = ""
    facility_address: str = ""
    facility_ref: str = ""
    facility: object = None  # registry.Facility the dossier is about (picked by an officer)
    locality: object = None  # geo.AdministrativeUnit: the commune where the facility is
    certificate: Certificate | None = None  # for an amendment, renewal or re-issue
    details: str = ""
    # requirement id → files; files not tied to a requirement under None
    files: dict = field(default_factory=dict)


def issuer_period(procedure: Procedure, on: date) -> ProcedureIssuer | None:
    for row in procedure.issuers.all():
        if row.is_valid_on(on):
            return row
    return None


def resolve_issuer(procedure: Procedure, on: date, locality) -> tuple[Unit, str, ProcedureIssuer]:
    """The unit that decides a dossier of `procedure` received on `on` (data, by period)."""
    row = issuer_period(procedure, on)
    if row is None:
        raise LicensingError(
            _("Chưa xác định cơ quan giải quyết thủ tục “%(p)s” tại thời điểm này.")
            % {"p": procedure.name}
        )
    if row.level in (IssuerLevel.COMMUNE, IssuerLevel.DISTRICT):
        if locality is None:
            raise LicensingError(
                _("Cần chọn xã/phường nơi đặt cơ sở: chính quyền cấp xã giải quyết thủ tục này."),
                field="locality",
            )
        place = locality
        if row.level == IssuerLevel.DISTRICT and locality.level == "commune":
            place = locality.parent
        unit = (
            Unit.objects.filter(admin_unit=place, kind=UnitKind.PEOPLES_COMMITTEE)
            .filter(valid_on_q(on))
            .first()
        )
        if unit is None:
            raise LicensingError(
                _("Chưa có Ủy ban nhân dân %(c)s trong danh mục cơ quan; hãy liên hệ quản trị.")
                % {"c": place.name},
                field="locality",
            )
        return unit, row.symbol or "UBND", row
    if row.unit_id is None:
        raise LicensingError(
            _("Chưa cấu hình cơ quan cụ thể (%(a)s) cho thủ tục “%(p)s”; hãy liên hệ quản trị.")
            % {"a": row.authority, "p": procedure.name}
        )
    return row.unit, row.symbol, row


def _province_of(unit: Unit):
    admin = unit.admin_unit
    return admin.province if admin is not None else None


def agency_code(unit: Unit, symbol: str) -> str:
    """The agency part of a receipt code: H40.SVHTTDL for a provincial agency of Nghệ An,
    X16702 for a commune's People's Committee (5-digit commune code)."""
    admin = unit.admin_unit
    if admin is not None and admin.level == "commune":
        return f"X{admin.code}"
    province = admin.province.code if admin is not None else "00"
    return f"H{province}.{symbol or unit.pk}".upper()


def new_receipt_code(unit: Unit, symbol: str, on: date) -> str:
    """<agency>-<yymmdd>-<NNNN>: the agency's running number for the day of receipt."""
    n = next_sequence("receipt", f"org.unit:{unit.pk}:{on:%Y%m%d}", on.year)
    return f"{agency_code(unit, symbol)}-{on:%y%m%d}-{n:04d}"


_TEXT_FIELDS = (
    "applicant_name",
    "applicant_id_number",
    "applicant_address",
    "applicant_phone",
    "applicant_email",
    "facility_name",
    "facility_address",
    "facility_ref",
)


def _check_application(app: Application, on: date) -> None:
    errors = []
    procedure = app.procedure
    if not procedure.is_valid_on(on):
        errors.append(_("Thủ tục này không còn áp dụng; hãy chọn thủ tục đang có hiệu lực."))
    if not app.applicant_name.strip():
        errors.append(_("Cần nhập tên tổ chức, cá nhân đề nghị."))
    if app.applicant_kind not in ApplicantKind.values:
        errors.append(_("Cần chọn loại người nộp (tổ chức hoặc cá nhân)."))
    for name in _TEXT_FIELDS:  # the page's form checks these; the API sends them as they are
        field = Dossier._meta.get_field(name)
        if len((getattr(app, name) or "").strip()) > field.max_length:
            errors.append(
                _("%(label)s: dài quá %(n)d ký tự.")
                % {"label": capfirst(field.verbose_name), "n": field.max_length}
            )
    if app.applicant_email.strip():
        try:
            validate_email(app.applicant_email.strip())
        except ValidationError:
            errors.append(_("Thư điện tử không hợp lệ."))
    if procedure.action != ProcedureAction.NEW and app.certificate is None:
        errors.append(_("Cần chọn giấy chứng nhận, giấy phép cần sửa đổi, gia hạn hoặc cấp lại."))
    if app.certificate is not None and app.certificate.status == CertificateStatus.REVOKED:
        errors.append(_("Giấy này đã bị thu hồi; không thể sửa đổi, gia hạn hay cấp lại."))
    submitted = {key for key, files in app.files.items() if files}
    for requirement in procedure.requirements.all():
        if requirement.required and requirement.pk not in submitted:
            errors.append(
                _("Thiếu thành phần hồ sơ bắt buộc: %(name)s.") % {"name": requirement.name}
            )
    if errors:
        raise LicensingError(errors)
    for files in app.files.values():
        check_files(files)


@transaction.atomic
def submit(user, app: Application, *, channel: str = Channel.ONLINE, at=None) -> Dossier:
    """A dossier received: online by the applicant, or at the counter (walk-in, post) by a
    one-stop officer. The clock starts; the receipt code and the promised date are given."""
    at = _now(at)
    on = _day(at)
    if channel == Channel.ONLINE:
        if not can_apply(user):
            raise PermissionDenied(_("Chỉ tài khoản tổ chức, công dân được nộp hồ sơ trực tuyến."))
        if not app.procedure.accepts_online:
            raise LicensingError(_("Thủ tục này chưa nhận hồ sơ trực tuyến."))
    elif not can_receive(user):
        raise PermissionDenied(_("Chỉ cán bộ một cửa được tiếp nhận hồ sơ trực tiếp."))
    if channel not in Channel.values:
        raise LicensingError(_("Hình thức nộp không hợp lệ."))
    _check_application(app, on)
    if app.facility is not None:
        _check_facility(user, app.facility)
        app.facility_name = app.facility_name.strip() or app.facility.name
        app.facility_address = app.facility_address.strip() or app.facility.address
        app.locality = app.locality or app.facility.commune
    unit, symbol, _row = resolve_issuer(app.procedure, on, app.locality)
    if channel != Channel.ONLINE and not is_staff(user) and user.unit_id != unit.pk:
        # A commune's desk: a dossier another body decides would leave its hands unseen (no
        # page, no receipt slip to hand over).
        raise LicensingError(
            _(
                "Hồ sơ này do %(unit)s giải quyết; hãy hướng dẫn người nộp đến bộ phận một cửa "
                "của đơn vị đó hoặc nộp trực tuyến."
            )
            % {"unit": unit.name}
        )
    procedure = app.procedure
    clock = clocks.start(budget_days=procedure.processing_days, on=on, user=user)
    dossier = Dossier(
        receipt_code=new_receipt_code(unit, symbol, on),
        procedure=procedure,
        issuer=unit,
        issuer_symbol=symbol,
        province=_province_of(unit),
        locality=app.locality,
        state=S.RECEIVED,
        channel=channel,
        applicant=user if channel == Channel.ONLINE else None,
        applicant_kind=app.applicant_kind,
        applicant_name=app.applicant_name.strip(),
        applicant_id_number=app.applicant_id_number.strip(),
        applicant_address=app.applicant_address.strip(),
        applicant_phone=app.applicant_phone.strip(),
        applicant_email=app.applicant_email.strip(),
        facility_name=app.facility_name.strip(),
        facility_address=app.facility_address.strip(),
        facility_ref=app.facility_ref.strip(),
        facility=app.facility,
        certificate=app.certificate,
        details=app.details.strip(),
        received_at=at,
        received_by=None if channel == Channel.ONLINE else user,
        clock=clock,
        due_on=clock.due_on,
        fee_due=procedure.fee,
    )
    dossier._history_user = user
    dossier.save()
    by_id = {r.pk: r for r in procedure.requirements.all()}
    for key, files in app.files.items():
        _attach(dossier, files, user, DossierFile.Stage.SUBMITTED, by_id.get(key), at=at)
    DossierTransition.objects.create(
        dossier=dossier,
        name="submit",
        from_state="",
        to_state=S.RECEIVED,
        actor=user,
        at=at,
        acted_on=on,
        due_on=dossier.due_on,
        working_days=0,
        province=dossier.province,
        note=Channel(channel).label,
    )
    _notify_applicant(
        dossier,
        "received",
        _("Đã tiếp nhận hồ sơ %(code)s, hẹn trả kết quả ngày %(due)s")
        % {"code": dossier.receipt_code, "due": f"{dossier.due_on:%d/%m/%Y}"},
        _("Thủ tục: %(p)s.") % {"p": procedure.name},
    )
    return dossier


def _check_facility(user, facility) -> None:
    """A facility is linked only by someone who may see it in the registry."""
    from ictgov.core.scoping import visible
    from ictgov.registry.models import Facility

    if not visible(Facility.objects.filter(pk=facility.pk), user).exists():
        raise LicensingError(
            _("Cơ sở %(f)s không thuộc phạm vi sổ quản lý của bạn.") % {"f": facility.name},
            field="facility",
        )


@transaction.atomic
def link_facility(user, dossier: Dossier, facility) -> Dossier:
    """Link a dossier (and the certificates issued on it) to a facility of the registry, or
    unlink it (`facility` None). The facility's own certificate becomes the dossier's valid
    one when it has none yet."""
    locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if not can_process(user, locked):
        raise PermissionDenied(_("Bạn không xử lý hồ sơ này."))
    if facility is not None:
        _check_facility(user, facility)
    locked.facility = facility
    locked._history_user = user
    locked._change_reason = (
        _("Gắn với cơ sở %s") % (facility.code or facility.name)
        if facility is not None
        else _("Bỏ gắn cơ sở")
    )
    locked.save()
    for cert in locked.certificates.select_for_update().order_by("pk"):
        cert.facility = facility
        cert._history_user = user
        cert._change_reason = locked._change_reason
        cert.save()
        if facility is not None and cert.status == CertificateStatus.VALID:
            _certificate_to_registry(user, cert)
    return locked


def _certificate_to_registry(user, cert: Certificate) -> None:
    from ictgov.registry.services import certificate_issued

    certificate_issued(user, cert)


# --- moving a dossier ----------------------------------------------------------------------------


def act(
    user,
    dossier: Dossier,
    name: str,
    *,
    note: str = "",
    expected_state: str | None = None,
    files=(),
    electronic: bool | None = None,
    at=None,
) -> Dossier:
    """Take the step `name` on the dossier; see MACHINE for the steps and who may take them."""
    at = _now(at)
    on = _day(at)
    if files:
        check_files(files)
    steps = {
        "accept": _accept,
        "request_supplement": _request_supplement,
        "supplement": _supplement,
        "approve": _approve,
        "reject": _decide,
        "return_result": _return_result,
        "withdraw": _withdraw,
    }
    effect = steps.get(name)

    def apply(locked):
        if effect is not None:
            effect(user, locked, note=note, files=files, electronic=electronic, at=at, on=on)
        return {
            "acted_on": on,
            "due_on": locked.due_on,
            "working_days": clocks.used_working_days(locked.clock, on),
            "province": locked.province,
        }

    with transaction.atomic():
        result = MACHINE.perform(
            user, dossier, name, note=note, expected_state=expected_state, apply=apply, at=at
        )
        _after(user, result, name, note)
    return result


def _accept(user, d, **kw):
    if d.handler_id is None and can_process(user, d):
        d.handler = user


def _request_supplement(user, d, *, note, on, **kw):
    clocks.pause(d.clock, on=on, reason=note, user=user)
    if d.handler_id is None:
        d.handler = user


def _supplement(user, d, *, files, on, note, at=None, **kw):
    if not files and not note.strip():
        raise LicensingError(_("Cần gửi tệp bổ sung hoặc nêu nội dung bổ sung."), field="files")
    d.due_on = clocks.resume(
        d.clock, on=on, rule=clock_rule(), reason=_("Đã nhận hồ sơ bổ sung"), user=user
    )
    _attach(d, files, user, DossierFile.Stage.SUPPLEMENT, at=at)


def _decide(user, d, *, note, on, **kw):
    clocks.stop(d.clock, on=on)
    d.decided_on = on
    d.decision_note = note.strip()
    if d.handler_id is None:
        d.handler = user


def _approve(user, d, *, note, on, at, **kw):
    _decide(user, d, note=note, on=on)
    if d.procedure.issues_document:
        issue_certificate(user, d, on=on, at=at)


def _return_result(user, d, *, electronic, at, **kw):
    d.returned_at = at
    d.electronic_result = d.channel == Channel.ONLINE if electronic is None else bool(electronic)


def _withdraw(user, d, *, on, **kw):
    clocks.stop(d.clock, on=on)


def _after(user, d: Dossier, name: str, note: str) -> None:
    """Who hears about a step (in the step's transaction: nothing is sent for a refused one)."""
    code = d.receipt_code
    n = d.transitions.count()
    if name == "request_supplement":
        _notify_applicant(
            d, f"supplement:{n}", _("Hồ sơ %(code)s cần bổ sung") % {"code": code}, note
        )
    elif name == "supplement":
        _notify_handler(
            d, f"supplemented:{n}", _("Hồ sơ %(code)s đã được bổ sung") % {"code": code}
        )
    elif name in ("approve", "reject"):
        subject = (
            _("Hồ sơ %(code)s đã được phê duyệt")
            if name == "approve"
            else _("Hồ sơ %(code)s không được chấp thuận")
        )
        _notify_applicant(d, f"{name}:{n}", subject % {"code": code}, note)
    elif name == "return_result":
        _notify_applicant(d, f"returned:{n}", _("Đã trả kết quả hồ sơ %(code)s") % {"code": code})


# --- late dossiers -------------------------------------------------------------------------------


@transaction.atomic
def apologize(user, dossier: Dossier, *, new_due_on: date, reason: str, at=None) -> ApologySlip:
    """The apology-and-new-date slip for a dossier that will be late; the applicant is told."""
    at = _now(at)
    locked = Dossier.objects.select_for_update().select_related("clock").get(pk=dossier.pk)
    if not can_process(user, locked):
        raise PermissionDenied(_("Bạn không có quyền hẹn lại ngày trả kết quả hồ sơ này."))
    if locked.state not in OPEN_STATES:
        raise LicensingError(_("Hồ sơ đã giải quyết xong; không cần hẹn lại."))
    # The slip promises the applicant a day to come back: not one gone, not one the desk is shut.
    if new_due_on < _day(at):
        raise LicensingError(
            _("Ngày hẹn mới %(d)s đã qua; hãy chọn từ hôm nay trở đi.")
            % {"d": f"{new_due_on:%d/%m/%Y}"},
            field="new_due_on",
        )
    if not is_working_day(new_due_on):
        raise LicensingError(
            _("Ngày %(d)s không phải ngày làm việc; hãy hẹn vào một ngày làm việc.")
            % {"d": f"{new_due_on:%d/%m/%Y}"},
            field="new_due_on",
        )
    old = locked.due_on
    locked.due_on = clocks.extend(locked.clock, new_due_on=new_due_on, reason=reason, user=user)
    locked._history_user = user
    locked._change_reason = _("Hẹn lại ngày trả kết quả: %s") % reason.strip()
    locked.save()
    slip = ApologySlip(
        dossier=locked,
        old_due_on=old,
        new_due_on=new_due_on,
        reason=reason.strip(),
        issued_by=user,
        issued_on=_day(at),
    )
    slip._history_user = user
    slip.save()
    _notify_applicant(
        locked,
        f"apology:{slip.pk}",
        _("Xin lỗi: hồ sơ %(code)s được hẹn lại ngày trả kết quả %(due)s")
        % {"code": locked.receipt_code, "due": f"{new_due_on:%d/%m/%Y}"},
        reason.strip(),
    )
    dossier.due_on = locked.due_on
    return slip


# --- fees and rating -----------------------------------------------------------------------------


@transaction.atomic
def record_payment(
    user, dossier: Dossier, *, method: str, amount: int, receipt_number: str, at=None
) -> Dossier:
    locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if not can_process(user, locked):
        raise PermissionDenied(_("Bạn không có quyền ghi nhận nộp phí cho hồ sơ này."))
    if locked.paid_on is not None:
        raise LicensingError(
            _("Hồ sơ đã ghi nhận nộp phí (biên lai %s).") % locked.fee_receipt_number
        )
    if method not in PaymentMethod.values:
        raise LicensingError(_("Cần chọn hình thức nộp phí."), field="method")
    if amount is None or amount < 1:
        raise LicensingError(
            _("Số tiền phải lớn hơn 0 đồng; thủ tục không thu phí thì không cần ghi nhận."),
            field="amount",
        )
    if not receipt_number.strip():
        raise LicensingError(_("Cần nhập số biên lai."), field="receipt_number")
    locked.paid_via = method
    locked.fee_paid = amount
    locked.fee_receipt_number = receipt_number.strip()
    locked.paid_on = _day(_now(at))
    locked._history_user = user
    locked._change_reason = _("Ghi nhận nộp phí")
    locked.save()
    return locked


@transaction.atomic
def rate(user, dossier: Dossier, *, rating: int, comment: str = "", at=None) -> Dossier:
    """The applicant's satisfaction with the service, once the result is returned (QĐ 766)."""
    locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if not is_applicant(user, locked):
        raise PermissionDenied(_("Chỉ người nộp hồ sơ được đánh giá."))
    if locked.state != S.RETURNED:
        raise LicensingError(_("Chỉ đánh giá được khi đã nhận kết quả."))
    if locked.rating is not None:
        raise LicensingError(_("Bạn đã đánh giá hồ sơ này."))
    if rating not in range(1, 6):
        raise LicensingError(_("Mức đánh giá từ 1 đến 5."), field="rating")
    locked.rating = rating
    locked.rating_comment = comment.strip()
    locked.rated_at = _now(at)
    locked._history_user = user
    locked.save()
    return locked


# --- certificates --------------------------------------------------------------------------------


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)


def _validity(procedure: Procedure, dossier: Dossier, on: date) -> tuple[date, date | None]:
    old = dossier.certificate
    if procedure.action in (ProcedureAction.AMEND, ProcedureAction.REISSUE) and old is not None:
        return on, old.valid_to  # keeps the remaining validity
    if procedure.action == ProcedureAction.RENEW and old is not None and old.valid_to:
        return on, _add_months(old.valid_to, procedure.validity_months or 0)
    if procedure.validity_months:
        return on, _add_months(on, procedure.validity_months) - timedelta(days=1)
    return on, None


def issue_certificate(user, dossier: Dossier, *, on: date, at=None) -> Certificate:
    """Number from the issuer's series, PDF in the official layout with a QR code to the
    public verification page, signed (PAdES). Runs inside the approval's transaction."""
    procedure = dossier.procedure
    valid_from, valid_to = _validity(procedure, dossier, on)
    number = issue_number(
        procedure.result_symbol,
        issuer_key=f"org.unit:{dossier.issuer_id}",
        year=on.year,
        symbol=dossier.issuer_symbol or "UBND",
    )
    old = dossier.certificate

    def kept(value: str, name: str) -> str:
        """What the dossier says, else (an amendment, renewal or re-issue left it empty) what
        the certificate it follows says: the point or site is still the one certified."""
        return value or (getattr(old, name) if old is not None else "")

    cert = Certificate(
        dossier=dossier,
        procedure=procedure,
        issuer=dossier.issuer,
        holder=dossier.applicant or (old.holder if old is not None else None),
        holder_name=dossier.applicant_name,
        holder_address=kept(dossier.applicant_address, "holder_address"),
        facility_name=kept(dossier.facility_name, "facility_name"),
        facility_address=kept(dossier.facility_address, "facility_address"),
        facility_id=dossier.facility_id or (old.facility_id if old is not None else None),
        number=str(number),
        year=on.year,
        issued_on=on,
        valid_from=valid_from,
        valid_to=valid_to,
        kind=procedure.action,
        replaces=old if procedure.action != ProcedureAction.NEW else None,
    )
    cert._history_user = user
    cert.save()
    if cert.replaces is not None:
        previous = Certificate.objects.select_for_update().get(pk=cert.replaces_id)
        if previous.status == CertificateStatus.VALID:
            previous.status = CertificateStatus.SUPERSEDED
            previous._history_user = user
            previous._change_reason = _("Thay thế bởi %s") % cert.number
            previous.save()
    if cert.facility_id is not None:
        _certificate_to_registry(user, cert)
    if not _defer_pdf.get():
        store_certificate_pdf(cert)
    return cert


_defer_pdf = contextvars.ContextVar("licensing_defer_pdf", default=False)


@contextmanager
def pdfs_deferred():
    """Certificates issued inside are signed when first downloaded (the demo's bulk load)."""
    token = _defer_pdf.set(True)
    try:
        yield
    finally:
        _defer_pdf.reset(token)


def ensure_certificate_pdf(cert: Certificate) -> Certificate:
    """The signed PDF of a certificate issued with `pdfs_deferred`, made once."""
    if cert.pdf:
        return cert
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=cert.pk)
        if not locked.pdf:
            store_certificate_pdf(locked)
    cert.refresh_from_db()
    return cert


def store_certificate_pdf(cert: Certificate) -> None:
    from .documents import certificate_pdf

    data = certificate_pdf(cert)
    cert.pdf_sha256 = hashlib.sha256(data).hexdigest()
    safe = cert.number.replace("/", "-")
    cert.pdf.save(f"{safe}-{cert.public_code[:8]}.pdf", ContentFile(data), save=False)
    cert.save(update_fields=["pdf", "pdf_sha256"])


@transaction.atomic
def revoke_certificate(user, cert: Certificate, *, reason: str, at=None) -> Certificate:
    locked = Certificate.objects.select_for_update().get(pk=cert.pk)
    if not (is_staff(user) or (user.unit_id and user.unit_id == locked.issuer_id)):
        raise PermissionDenied(_("Bạn không có quyền thu hồi giấy này."))
    if locked.status == CertificateStatus.REVOKED:
        raise LicensingError(_("Giấy này đã bị thu hồi."))
    if not reason.strip():
        raise LicensingError(_("Cần nêu lý do thu hồi."), field="reason")
    locked.status = CertificateStatus.REVOKED
    locked.revoked_on = _day(_now(at))
    locked.revoke_reason = reason.strip()
    locked._history_user = user
    locked._change_reason = _("Thu hồi: %s") % reason.strip()
    locked.save()
    if locked.holder_id:
        notify(
            [
                Message(
                    locked.holder,
                    f"licensing:certificate:{locked.pk}:revoked",
                    _("Giấy %(n)s đã bị thu hồi") % {"n": locked.number},
                    reason.strip(),
                    locked.get_absolute_url(),
                )
            ]
        )
    cert.status, cert.revoked_on, cert.revoke_reason = (
        locked.status,
        locked.revoked_on,
        locked.revoke_reason,
    )
    return locked


def send_renewal_reminders(on: date) -> int:
    """A notice to each holder whose valid certificate expires within the reminder period
    (30 days by default); once per certificate and expiry date, however often it runs."""
    days = Parameter.get_int(RENEWAL_PARAMETER, 30)
    due = Certificate.objects.filter(
        status=CertificateStatus.VALID,
        valid_to__isnull=False,
        valid_to__gte=on,
        valid_to__lte=on + timedelta(days=days),
        holder__isnull=False,
    ).select_related("holder")
    messages = [
        Message(
            cert.holder,
            f"licensing:certificate:{cert.pk}:renew:{cert.valid_to:%Y%m%d}",
            _("Giấy %(n)s hết hiệu lực ngày %(d)s: hãy làm thủ tục gia hạn hoặc cấp mới")
            % {"n": cert.number, "d": f"{cert.valid_to:%d/%m/%Y}"},
            _("Cơ sở: %(f)s. Hồ sơ nộp trực tuyến tại trang thủ tục hành chính.")
            % {"f": cert.facility_name or cert.holder_name},
            cert.get_absolute_url(),
        )
        for cert in due
    ]
    with transaction.atomic():
        written = notify(messages)
    return len(written)


@transaction.atomic
def register_applicant(*, username: str, password: str, full_name: str, email: str, phone: str):
    """A business or citizen account (role applicant)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.password_validation import validate_password

    User = get_user_model()
    if User.objects.filter(username__iexact=username).exists():
        raise LicensingError(_("Tên đăng nhập đã có người dùng."), field="username")
    user = User(
        username=username,
        first_name=full_name.strip(),
        email=email,
        phone=phone,
        role=Role.APPLICANT,
    )
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise LicensingError(exc.messages, field="password1") from exc
    user.set_password(password)
    user.save()
    return user


def render_body(template: str, context: dict) -> str:
    return render_to_string(template, context)
