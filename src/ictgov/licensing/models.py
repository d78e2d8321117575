"""One-stop administrative procedures: the catalogue, dossiers with their state machine and
processing clock, certificates, and the transition log the service-quality figures read.

A dossier's timeliness (on time, due soon, overdue, paused, done on time / late) is never
stored: it is derived from its dates as of any day (`DOSSIER_TIMELINESS`), like a task's status.
"""

import secrets
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ictgov.core.models import LegalQuerySet, LegalRecord, TransitionLogBase, ValidityPeriod
from ictgov.core.scoping import Scope
from ictgov.core.status import DerivedStatus
from ictgov.core.text import fold_words

# --- the catalogue --------------------------------------------------------------------------


class ProcedureField(models.TextChoices):
    GAMES = "games", _("Trò chơi điện tử công cộng")
    ELECTRONIC_INFORMATION = "electronic_information", _("Thông tin điện tử")
    PUBLISHING = "publishing", _("Xuất bản, in và phát hành")
    TELECOM = "telecom", _("Viễn thông, hạ tầng kỹ thuật")
    OTHER = "other", _("Khác")


class ProcedureAction(models.TextChoices):
    NEW = "new", _("Cấp mới")
    AMEND = "amend", _("Sửa đổi, bổ sung")
    RENEW = "renew", _("Gia hạn")
    REISSUE = "reissue", _("Cấp lại")


class ResultKind(models.TextChoices):
    CERTIFICATE = "certificate", _("Giấy chứng nhận")
    LICENCE = "licence", _("Giấy phép")
    ACCEPTANCE = "acceptance", _("Văn bản chấp thuận")


class OnlineLevel(models.TextChoices):
    FULL = "full", _("Toàn trình (nộp và nhận kết quả trực tuyến)")
    PARTIAL = "partial", _("Một phần (nộp trực tuyến, nhận kết quả trực tiếp)")
    NONE = "none", _("Không trực tuyến")


class Procedure(ValidityPeriod, LegalRecord):
    """A procedure as a rule set in force for a period (valid_from/valid_to): the same
    certificate under Decree 72/2013 and under Decree 147/2024 are two rows."""

    national_code = models.CharField(
        _("mã thủ tục quốc gia"), max_length=30, blank=True, help_text=_("Ví dụ: 1.003868")
    )
    name = models.CharField(_("tên thủ tục"), max_length=500)
    field = models.CharField(_("lĩnh vực"), max_length=30, choices=ProcedureField.choices)
    action = models.CharField(
        _("loại thủ tục"), max_length=10, choices=ProcedureAction.choices, default="new"
    )
    legal_basis = models.TextField(_("căn cứ pháp lý"))
    processing_days = models.PositiveIntegerField(_("thời hạn giải quyết (ngày làm việc)"))
    fee = models.PositiveIntegerField(
        _("phí, lệ phí (đồng)"), null=True, blank=True, help_text=_("Để trống: chưa xác định.")
    )
    fee_note = models.CharField(_("ghi chú về phí"), max_length=500, blank=True)
    result_kind = models.CharField(_("kết quả"), max_length=20, choices=ResultKind.choices)
    result_title = models.CharField(
        _("tên văn bản kết quả"), max_length=200, help_text=_("Ví dụ: Giấy chứng nhận")
    )
    result_summary = models.CharField(_("trích yếu kết quả"), max_length=500, blank=True)
    result_symbol = models.CharField(
        _("ký hiệu loại văn bản"), max_length=20, help_text=_("GCN, GP… (số 12/GCN-SVHTTDL)")
    )
    validity_months = models.PositiveIntegerField(
        _("thời hạn hiệu lực (tháng)"), null=True, blank=True
    )
    online_level = models.CharField(
        _("mức trực tuyến"), max_length=10, choices=OnlineLevel.choices, default="partial"
    )
    site_inspection = models.BooleanField(_("có thẩm định thực tế"), default=False)
    unconfirmed = models.JSONField(
        _("giá trị chưa xác nhận"),
        default=list,
        blank=True,
        help_text=_("Tên các trường chưa có văn bản gốc xác nhận (hiển thị lưu ý trên trang)."),
    )
    unconfirmed_note = models.TextField(_("lưu ý chưa xác nhận"), blank=True)
    search_name = models.TextField(editable=False, db_default="")

    scope = Scope(public=Q(pk__isnull=False))  # the catalogue is public

    class Meta:
        ordering = ["field", "name", "-valid_from"]
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_name = fold_words(f"{self.national_code} {self.name}")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("licensing:procedure_detail", args=[self.pk])

    def is_unconfirmed(self, field_name: str) -> bool:
        return field_name in (self.unconfirmed or [])

    @property
    def accepts_online(self) -> bool:
        return self.online_level != OnlineLevel.NONE

    @property
    def issues_document(self) -> bool:
        return self.result_kind in (ResultKind.CERTIFICATE, ResultKind.LICENCE)


class Requirement(LegalRecord):
    """A component of the dossier (thành phần hồ sơ), with its blank form when there is one."""

    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="requirements")
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    name = models.CharField(_("thành phần hồ sơ"), max_length=500)
    form_name = models.CharField(_("mẫu"), max_length=100, blank=True)
    form_file = models.FileField(_("tệp mẫu"), upload_to="licensing/forms/", blank=True, null=True)
    required = models.BooleanField(_("bắt buộc"), default=True)
    unconfirmed = models.BooleanField(_("chưa xác nhận"), default=False)

    scope = Scope(public=Q(pk__isnull=False))

    class Meta:
        ordering = ["procedure", "position", "pk"]
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")

    def __str__(self) -> str:
        return self.name


class IssuerLevel(models.TextChoices):
    UNIT = "unit", _("Cơ quan xác định")
    DISTRICT = "district", _("UBND cấp huyện nơi đặt cơ sở (đến 30/6/2025)")
    COMMUNE = "commune", _("UBND cấp xã nơi đặt cơ sở")


class ProcedureIssuer(ValidityPeriod, LegalRecord):
    """Who issues the result of a procedure during a period: an agency (`unit`), or the
    People's Committee of the commune where the facility is. Who issues is data: the 2025
    reorganisation is rows, not code."""

    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="issuers")
    authority = models.CharField(
        _("thẩm quyền"), max_length=255, help_text=_("Ví dụ: Sở Văn hóa, Thể thao và Du lịch")
    )
    level = models.CharField(_("cấp"), max_length=10, choices=IssuerLevel.choices, default="unit")
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("cơ quan cấp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Cơ quan cụ thể của tỉnh; để trống với cấp xã (xác định theo địa bàn)."),
    )
    symbol = models.CharField(
        _("ký hiệu cơ quan"), max_length=40, blank=True, help_text=_("SVHTTDL, SKHCN, UBND…")
    )
    signer_authority = models.CharField(_("thẩm quyền ký"), max_length=100, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=100, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=150, blank=True)

    class Meta:
        ordering = ["procedure", "valid_from"]
        verbose_name = _("cơ quan cấp theo thời kỳ")
        verbose_name_plural = _("cơ quan cấp theo thời kỳ")

    def __str__(self) -> str:
        return f"{self.authority} ({self.valid_from or '…'} – {self.valid_to or '…'})"


# --- dossiers -------------------------------------------------------------------------------


class DossierState(models.TextChoices):
    RECEIVED = "received", _("Đã tiếp nhận")
    IN_REVIEW = "in_review", _("Đang thẩm định")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Chờ bổ sung")
    SITE_INSPECTION = "site_inspection", _("Thẩm định thực tế")
    APPROVED = "approved", _("Đã phê duyệt")
    REJECTED = "rejected", _("Từ chối")
    RETURNED = "returned", _("Đã trả kết quả")
    WITHDRAWN = "withdrawn", _("Đã rút hồ sơ")


# States in which the authority's clock runs; and those where nothing is left to do.
RUNNING_STATES = (
    DossierState.RECEIVED,
    DossierState.IN_REVIEW,
    DossierState.SITE_INSPECTION,
)
OPEN_STATES = (*RUNNING_STATES, DossierState.SUPPLEMENT_REQUESTED)
DECIDED_STATES = (DossierState.APPROVED, DossierState.REJECTED)


class Channel(models.TextChoices):
    ONLINE = "online", _("Trực tuyến")
    IN_PERSON = "in_person", _("Trực tiếp")
    POST = "post", _("Bưu chính")


class ApplicantKind(models.TextChoices):
    ORGANISATION = "organisation", _("Tổ chức, doanh nghiệp")
    INDIVIDUAL = "individual", _("Cá nhân, hộ kinh doanh")


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("Tiền mặt")
    TRANSFER = "transfer", _("Chuyển khoản")
    ONLINE = "online", _("Trực tuyến (Cổng Dịch vụ công quốc gia)")


class Timeliness(models.TextChoices):
    ON_TIME = "on_time", _("Trong hạn")
    DUE_SOON = "due_soon", _("Sắp đến hạn")
    OVERDUE = "overdue", _("Quá hạn")
    PAUSED = "paused", _("Tạm dừng (chờ bổ sung)")
    DONE_EARLY = "done_early", _("Giải quyết trước hạn")
    DONE_ON_TIME = "done_on_time", _("Giải quyết đúng hạn")
    DONE_LATE = "done_late", _("Giải quyết quá hạn")
    WITHDRAWN = "withdrawn", _("Đã rút")


DUE_SOON_PARAMETER = "licensing.due_soon_working_days"
DUE_SOON_DEFAULT = 2


def _timeliness_rules(on: date) -> dict[str, Q]:
    """A dossier's mark as of `on`; the one place the rule is written. The rules exclude each
    other (counts add up). `soon` is the last day counted as "due soon" (a number of working
    days ahead)."""
    from ictgov.core.models import Parameter
    from ictgov.core.workdays import add_working_days

    soon = add_working_days(on, Parameter.get_int(DUE_SOON_PARAMETER, DUE_SOON_DEFAULT))
    running = Q(state__in=RUNNING_STATES)
    decided = Q(decided_on__isnull=False)
    return {
        Timeliness.WITHDRAWN: Q(state=DossierState.WITHDRAWN),
        Timeliness.PAUSED: Q(state=DossierState.SUPPLEMENT_REQUESTED),
        Timeliness.OVERDUE: running & Q(due_on__lt=on),
        Timeliness.DUE_SOON: running & Q(due_on__gte=on, due_on__lte=soon),
        Timeliness.ON_TIME: running & Q(due_on__gt=soon),
        Timeliness.DONE_EARLY: decided & Q(decided_on__lt=models.F("due_on")),
        Timeliness.DONE_ON_TIME: decided & Q(decided_on=models.F("due_on")),
        Timeliness.DONE_LATE: decided & Q(decided_on__gt=models.F("due_on")),
    }


DOSSIER_TIMELINESS = DerivedStatus(_timeliness_rules, Timeliness.choices)


class DossierQuerySet(LegalQuerySet):
    def with_timeliness(self, on: date, rules=None):
        return self.annotate(timeliness_as_of=DOSSIER_TIMELINESS.case(on, rules))

    def marked(self, mark: str, on: date):
        return self.filter(DOSSIER_TIMELINESS.q(mark, on))

    def open(self):
        return self.filter(state__in=OPEN_STATES)


def new_public_code() -> str:
    return secrets.token_urlsafe(12)


class Dossier(LegalRecord):
    receipt_code = models.CharField(_("mã hồ sơ"), max_length=60, unique=True)
    procedure = models.ForeignKey(
        Procedure, verbose_name=_("thủ tục"), on_delete=models.PROTECT, related_name="dossiers"
    )
    issuer = models.ForeignKey(
        "org.Unit",
        verbose_name=_("cơ quan giải quyết"),
        on_delete=models.PROTECT,
        related_name="licensing_dossiers",
    )
    issuer_symbol = models.CharField(_("ký hiệu cơ quan"), max_length=40, blank=True)
    # Where the issuing agency is, kept on the row so counts per province need no joins.
    province = models.ForeignKey(
        "geo.AdministrativeUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    locality = models.ForeignKey(
        "geo.AdministrativeUnit",
        verbose_name=_("xã/phường nơi đặt cơ sở"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    state = models.CharField(
        _("bước xử lý"), max_length=30, choices=DossierState.choices, default="received"
    )
    channel = models.CharField(_("hình thức nộp"), max_length=10, choices=Channel.choices)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản người nộp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="licensing_dossiers",
    )
    applicant_kind = models.CharField(
        _("loại người nộp"), max_length=15, choices=ApplicantKind.choices
    )
    applicant_name = models.CharField(_("tên tổ chức, cá nhân"), max_length=255)
    applicant_id_number = models.CharField(
        _("mã số doanh nghiệp / số định danh"), max_length=30, blank=True
    )
    applicant_address = models.CharField(_("địa chỉ"), max_length=500, blank=True)
    applicant_phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    applicant_email = models.EmailField(_("thư điện tử"), blank=True)
    facility_name = models.CharField(_("tên cơ sở"), max_length=255, blank=True)
    facility_address = models.CharField(_("địa chỉ cơ sở"), max_length=500, blank=True)
    # An identifier the applicant may write (and the demo's key); the link is `facility`.
    facility_ref = models.CharField(
        _("mã cơ sở trong sổ quản lý"), max_length=60, blank=True, db_index=True
    )
    # The facility of the registry the dossier is about (picked by an officer from the
    # facilities they may see; an applicant cannot see the registry).
    facility = models.ForeignKey(
        "registry.Facility",
        verbose_name=_("cơ sở trong sổ quản lý"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="licensing_dossiers",
    )
    certificate = models.ForeignKey(
        "Certificate",
        verbose_name=_("giấy tờ liên quan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_up_dossiers",
        help_text=_("Giấy chứng nhận, giấy phép được sửa đổi, gia hạn hoặc cấp lại."),
    )
    details = models.TextField(_("nội dung đề nghị"), blank=True)
    received_at = models.DateTimeField(_("tiếp nhận lúc"))
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tiếp nhận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xử lý"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="licensing_handled",
    )
    clock = models.OneToOneField(
        "core.Clock", on_delete=models.PROTECT, related_name="licensing_dossier", editable=False
    )
    due_on = models.DateField(_("hẹn trả kết quả"))
    decided_on = models.DateField(_("ngày giải quyết"), null=True, blank=True)
    decision_note = models.TextField(_("ý kiến giải quyết"), blank=True)
    returned_at = models.DateTimeField(_("trả kết quả lúc"), null=True, blank=True)
    electronic_result = models.BooleanField(_("trả kết quả điện tử"), default=False)
    fee_due = models.PositiveIntegerField(_("phí, lệ phí phải nộp (đồng)"), null=True, blank=True)
    fee_paid = models.PositiveIntegerField(_("đã nộp (đồng)"), null=True, blank=True)
    paid_via = models.CharField(
        _("hình thức nộp phí"), max_length=10, choices=PaymentMethod.choices, blank=True
    )
    paid_on = models.DateField(_("ngày nộp phí"), null=True, blank=True)
    fee_receipt_number = models.CharField(_("số biên lai"), max_length=60, blank=True)
    rating = models.PositiveSmallIntegerField(_("mức hài lòng (1–5)"), null=True, blank=True)
    rating_comment = models.TextField(_("góp ý"), blank=True)
    rated_at = models.DateTimeField(_("đánh giá lúc"), null=True, blank=True)
    search_name = models.TextField(editable=False, db_default="")

    objects = DossierQuerySet.as_manager()
    # The applicant sees their own; the issuing unit's people (a commune's officers for game
    # points) see theirs; the department's staff see their own province's (and those of the
    # provinces merged into it, and of no province).
    scope = Scope(owner="applicant", unit=("issuer",), province="province")

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["province", "state", "due_on"], name="dossier_province_state_due"),
            # The inbox: open dossiers by promised date (a small part of the table).
            models.Index(
                fields=["due_on", "id", "state"],
                name="dossier_open_due",
                condition=Q(
                    state__in=["received", "in_review", "site_inspection", "supplement_requested"]
                ),
            ),
            # A unit's open dossiers (the staff scope's "issued by my unit"): its few open ones,
            # not every dossier it ever received.
            models.Index(
                fields=["issuer", "due_on"],
                name="dossier_open_issuer",
                condition=Q(
                    state__in=["received", "in_review", "site_inspection", "supplement_requested"]
                ),
            ),
            models.Index(fields=["handler", "state"], name="dossier_handler_state"),
            models.Index(fields=["applicant", "received_at"], name="dossier_applicant"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="dossier_rating_1_5",
            ),
        ]
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")

    def __str__(self) -> str:
        return self.receipt_code

    def save(self, *args, **kwargs):
        self.search_name = " ".join(
            [
                fold_words(self.receipt_code),
                fold_words(self.applicant_name),
                fold_words(self.facility_name),
            ]
        )
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("licensing:dossier_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def timeliness_on(self, on: date | None = None) -> str:
        from django.utils import timezone

        return DOSSIER_TIMELINESS.of(self, on or timezone.localdate())

    @property
    def timeliness(self) -> str:
        return self.__dict__.get("timeliness_as_of") or self.timeliness_on()

    def get_timeliness_display(self) -> str:
        return Timeliness(self.timeliness).label


class DossierTransition(TransitionLogBase):
    """The dossier's transition log, with what the service-quality figures (QĐ 766) need
    of the moment: the promised date then and the working days the clock had run."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="transitions")
    acted_on = models.DateField(_("ngày"))
    due_on = models.DateField(_("hẹn trả lúc đó"), null=True, blank=True)
    working_days = models.PositiveIntegerField(_("số ngày làm việc đã xử lý"), null=True)
    # The issuing agency's province, so a year of one province's figures reads its own rows.
    province = models.ForeignKey(
        "geo.AdministrativeUnit", null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta(TransitionLogBase.Meta):
        indexes = [
            models.Index(
                fields=["province", "acted_on"],
                name="dossier_decisions",
                condition=Q(to_state__in=["approved", "rejected"]),
            ),
        ]
        verbose_name = _("bước xử lý hồ sơ")
        verbose_name_plural = _("bước xử lý hồ sơ")

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.name}"


class DossierFile(models.Model):
    """A file of the dossier (submitted, supplemented, or the result), kept as a core
    attachment so it is served only to those who may read the dossier."""

    class Stage(models.TextChoices):
        SUBMITTED = "submitted", _("Nộp lần đầu")
        SUPPLEMENT = "supplement", _("Bổ sung")
        INTERNAL = "internal", _("Nội bộ (biên bản, tờ trình)")

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="files")
    attachment = models.OneToOneField("core.Attachment", on_delete=models.PROTECT, related_name="+")
    requirement = models.ForeignKey(
        Requirement, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    stage = models.CharField(max_length=12, choices=Stage.choices)

    class Meta:
        ordering = ["dossier", "pk"]
        verbose_name = _("tệp của hồ sơ")
        verbose_name_plural = _("tệp của hồ sơ")

    def __str__(self) -> str:
        return str(self.attachment)


class ApologySlip(LegalRecord):
    """Phiếu xin lỗi và hẹn lại ngày trả kết quả: a dossier that will be late gets a new date."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="apologies")
    old_due_on = models.DateField(_("hẹn cũ"))
    new_due_on = models.DateField(_("hẹn mới"))
    reason = models.TextField(_("lý do"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_on = models.DateField(_("ngày lập"))

    scope = Scope(
        owner="dossier__applicant", unit=("dossier__issuer",), province="dossier__province"
    )

    class Meta:
        ordering = ["dossier", "pk"]
        verbose_name = _("phiếu xin lỗi và hẹn lại")
        verbose_name_plural = _("phiếu xin lỗi và hẹn lại")

    def __str__(self) -> str:
        return f"{self.dossier}: {self.old_due_on} → {self.new_due_on}"


# --- certificates and licences --------------------------------------------------------------


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Còn hiệu lực")
    SUPERSEDED = "superseded", _("Đã được thay thế")
    REVOKED = "revoked", _("Đã thu hồi")


def certificate_path(instance, filename: str) -> str:
    return f"licensing/certificates/{instance.year}/{filename}"


class Certificate(ValidityPeriod, LegalRecord):
    """A certificate or licence issued on an approved dossier; its number comes from the
    issuer's series. `valid_to` is its expiry; revocation and replacement keep the row."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("hồ sơ")
    )
    procedure = models.ForeignKey(
        Procedure, on_delete=models.PROTECT, related_name="+", verbose_name=_("thủ tục")
    )
    issuer = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan cấp")
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="licensing_certificates",
    )
    holder_name = models.CharField(_("tổ chức, cá nhân được cấp"), max_length=255)
    holder_address = models.CharField(_("địa chỉ"), max_length=500, blank=True)
    facility_name = models.CharField(_("tên cơ sở"), max_length=255, blank=True)
    facility_address = models.CharField(_("địa chỉ cơ sở"), max_length=500, blank=True)
    # The registry's facility, from the dossier (or the certificate it replaces).
    facility = models.ForeignKey(
        "registry.Facility",
        verbose_name=_("cơ sở trong sổ quản lý"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="licensing_certificates",
    )
    number = models.CharField(_("số"), max_length=60)
    year = models.PositiveSmallIntegerField(_("năm cấp"))
    issued_on = models.DateField(_("ngày cấp"))
    kind = models.CharField(
        _("loại cấp"), max_length=10, choices=ProcedureAction.choices, default="new"
    )
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("thay thế giấy"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    status = models.CharField(
        _("tình trạng"), max_length=12, choices=CertificateStatus.choices, default="valid"
    )
    revoked_on = models.DateField(_("ngày thu hồi"), null=True, blank=True)
    revoke_reason = models.TextField(_("lý do thu hồi"), blank=True)
    pdf = models.FileField(_("tệp PDF đã ký"), upload_to=certificate_path, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    public_code = models.CharField(
        max_length=32, unique=True, default=new_public_code, editable=False
    )
    renewal_reminded_for = models.DateField(null=True, blank=True, editable=False)
    search_name = models.TextField(editable=False, db_default="")

    scope = Scope(owner="holder", unit=("issuer",), locality="issuer__admin_unit")

    class Meta:
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "year", "number"], name="certificate_number_once"
            ),
        ]
        indexes = [models.Index(fields=["status", "valid_to"], name="certificate_expiry")]
        verbose_name = _("giấy chứng nhận, giấy phép")
        verbose_name_plural = _("giấy chứng nhận, giấy phép")

    def __str__(self) -> str:
        return f"{self.number} · {self.holder_name}"

    def save(self, *args, **kwargs):
        self.search_name = " ".join([fold_words(self.number), fold_words(self.holder_name)])
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("licensing:certificate_detail", args=[self.pk])

    def verification_path(self) -> str:
        return reverse("licensing:verify", args=[self.public_code])

    def is_expired(self, on: date | None = None) -> bool:
        from django.utils import timezone

        on = on or timezone.localdate()
        return self.valid_to is not None and self.valid_to < on

    def state_on(self, on: date | None = None) -> str:
        """valid / expired / revoked / superseded, as a verification page says it."""
        if self.status != CertificateStatus.VALID:
            return self.status
        return "expired" if self.is_expired(on) else CertificateStatus.VALID
