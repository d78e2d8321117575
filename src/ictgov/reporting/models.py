"""Periodic reporting the way DHIS2 does aggregate data, aggregated live.

* `Indicator` (data element): what is counted, its type, how it totals up, an optional
  disaggregation (`Category` with its options: by operator, by technology).
* `ReportForm`: the indicators in sections, the period type, who reports, the due date and who
  approves; `ValidationRule`: left side, operator, right side over indicators.
* `Submission`: one per (form, period, unit) with the state machine draft → submitted →
  approved | returned → locked; lateness in working days is derived from its dates.
* `DataValue`: the narrow value table keyed by (indicator, period, unit, disaggregation). It
  carries the unit's place (commune/district and province *as of the period*) and `counted`
  (the submission is approved or locked), set in the approval's own transaction: totals read
  approved values at query time, never after a nightly batch.
* Emulation (thi đua): criteria and weights per cluster and year, scores with evidence, the
  yearly pledge (giao ước) and award proposals with their decision numbers.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ictgov.core.models import LegalRecord, TransitionLogBase, ValidityPeriod
from ictgov.core.periods import PeriodKind, period_label
from ictgov.core.scoping import Scope
from ictgov.core.text import fold

# --- indicators ------------------------------------------------------------------------------


class ValueType(models.TextChoices):
    INTEGER = "integer", _("Số nguyên")
    DECIMAL = "decimal", _("Số thập phân")
    PERCENTAGE = "percentage", _("Tỷ lệ phần trăm")
    BOOLEAN = "boolean", _("Có/không")
    TEXT = "text", _("Văn bản")


NUMERIC_TYPES = {ValueType.INTEGER, ValueType.DECIMAL, ValueType.PERCENTAGE, ValueType.BOOLEAN}


class Aggregation(models.TextChoices):
    SUM = "sum", _("Cộng")
    AVERAGE = "average", _("Bình quân")
    MIN = "min", _("Nhỏ nhất")
    MAX = "max", _("Lớn nhất")
    LAST = "last", _("Giá trị kỳ cuối")
    NONE = "none", _("Không tổng hợp")


class Category(LegalRecord):
    """A disaggregation (phân tổ): by telecom operator, by technology…"""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên phân tổ"), max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name = _("phân tổ")
        verbose_name_plural = _("phân tổ")

    def __str__(self) -> str:
        return self.name


class CategoryOption(models.Model):
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="options")
    code = models.SlugField(_("mã"), max_length=40)
    name = models.CharField(_("tên"), max_length=200)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["category", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["category", "code"], name="reporting_option_once")
        ]
        verbose_name = _("giá trị phân tổ")
        verbose_name_plural = _("giá trị phân tổ")

    def __str__(self) -> str:
        return self.name


class Indicator(LegalRecord):
    code = models.CharField(_("mã chỉ tiêu"), max_length=40, unique=True)
    name = models.CharField(_("tên chỉ tiêu"), max_length=300)
    unit_of_measure = models.CharField(_("đơn vị tính"), max_length=60, blank=True)
    value_type = models.CharField(
        _("kiểu giá trị"), max_length=12, choices=ValueType.choices, default=ValueType.INTEGER
    )
    aggregation = models.CharField(
        _("cách tổng hợp"), max_length=10, choices=Aggregation.choices, default=Aggregation.SUM
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("phân tổ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
        help_text=_("Không đổi được khi chỉ tiêu đã có số liệu."),
    )
    legal_source = models.CharField(_("căn cứ"), max_length=300, blank=True)
    description = models.TextField(_("hướng dẫn ghi"), blank=True)
    search_name = models.CharField(max_length=400, editable=False)

    scope = Scope(internal=Q(pk__isnull=False))

    class Meta:
        ordering = ["code"]
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    def save(self, *args, **kwargs):
        self.search_name = fold(f"{self.code} {self.name}")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("reporting:indicator_detail", args=[self.pk])

    @property
    def is_numeric(self) -> bool:
        return self.value_type in NUMERIC_TYPES


# --- forms -------------------------------------------------------------------------------------


class ReportingLevel(models.TextChoices):
    COMMUNE = "commune", _("Xã, phường, đặc khu")
    DISTRICT = "district", _("Huyện (trước 01/7/2025)")
    DEPARTMENT = "department", _("Sở, ban, ngành")
    ENTERPRISE = "enterprise", _("Doanh nghiệp")
    PRESS = "press", _("Cơ quan báo chí, xuất bản")
    LIST = "list", _("Danh sách đơn vị")


class ApprovalLevel(models.TextChoices):
    DEPARTMENT = "department", _("Cán bộ phòng chuyên môn của Sở")
    PARENT = "parent", _("Đơn vị cấp trên trực tiếp của đơn vị báo cáo")


class ReportForm(ValidityPeriod, LegalRecord):
    code = models.CharField(_("mã biểu"), max_length=40, unique=True)
    name = models.CharField(_("tên biểu mẫu"), max_length=300)
    period_kind = models.CharField(_("kỳ báo cáo"), max_length=10, choices=PeriodKind.choices)
    reporting_level = models.CharField(
        _("đơn vị báo cáo"), max_length=12, choices=ReportingLevel.choices
    )
    reporting_units = models.ManyToManyField(
        "org.Unit",
        verbose_name=_("danh sách đơn vị báo cáo"),
        blank=True,
        related_name="report_forms",
        help_text=_("Khi đơn vị báo cáo là “Danh sách đơn vị” hoặc bổ sung cho cấp đã chọn."),
    )
    due_months_after = models.PositiveSmallIntegerField(
        _("hạn nộp: số tháng sau kỳ"), default=1, help_text=_("0: trong tháng cuối của kỳ.")
    )
    due_day = models.PositiveSmallIntegerField(
        _("hạn nộp: ngày"), default=10, help_text=_("Ví dụ 10: ngày 10 tháng sau kỳ báo cáo.")
    )
    cutoff_note = models.CharField(
        _("thời điểm chốt số liệu"),
        max_length=200,
        default=_("Số liệu tính đến hết ngày cuối kỳ báo cáo"),
    )
    approval_level = models.CharField(
        _("cấp phê duyệt"),
        max_length=12,
        choices=ApprovalLevel.choices,
        default=ApprovalLevel.DEPARTMENT,
    )
    owner_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("đơn vị tiếp nhận, tổng hợp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    legal_basis = models.CharField(_("căn cứ"), max_length=300, blank=True)
    outlier_factor = models.DecimalField(
        _("ngưỡng bất thường (lần trung bình)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("3"),
        help_text=_("Cảnh báo khi giá trị lệch quá số lần này so với bình quân các kỳ trước."),
    )
    active = models.BooleanField(_("đang dùng"), default=True)
    search_name = models.CharField(max_length=400, editable=False)

    scope = Scope(internal=Q(pk__isnull=False))

    class Meta:
        ordering = ["code"]
        verbose_name = _("biểu mẫu báo cáo")
        verbose_name_plural = _("biểu mẫu báo cáo")

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    def save(self, *args, **kwargs):
        self.search_name = fold(f"{self.code} {self.name}")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("reporting:form_detail", args=[self.pk])

    def due_text(self) -> str:
        if self.due_months_after == 0:
            return _("ngày %(d)d tháng cuối kỳ") % {"d": self.due_day}
        return _("ngày %(d)d, %(m)d tháng sau kỳ") % {"d": self.due_day, "m": self.due_months_after}


class FormSection(models.Model):
    form = models.ForeignKey(ReportForm, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(_("phần"), max_length=200)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["form", "order", "pk"]
        verbose_name = _("phần của biểu")
        verbose_name_plural = _("phần của biểu")

    def __str__(self) -> str:
        return self.title


class FormIndicator(models.Model):
    form = models.ForeignKey(ReportForm, on_delete=models.CASCADE, related_name="items")
    section = models.ForeignKey(
        FormSection, on_delete=models.CASCADE, related_name="items", null=True, blank=True
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="form_items")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    required = models.BooleanField(_("bắt buộc"), default=True)

    class Meta:
        ordering = ["form", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["form", "indicator"], name="reporting_form_item_once")
        ]
        verbose_name = _("chỉ tiêu của biểu")
        verbose_name_plural = _("chỉ tiêu của biểu")

    def __str__(self) -> str:
        return f"{self.form.code}: {self.indicator.code}"


class RuleOperator(models.TextChoices):
    LE = "<=", "≤"
    LT = "<", "<"
    GE = ">=", "≥"
    GT = ">", ">"
    EQ = "==", "="
    NE = "!=", "≠"


class RuleSeverity(models.TextChoices):
    BLOCKING = "blocking", _("Chặn (không lưu được)")
    WARNING = "warning", _("Cảnh báo")


class ValidationRule(LegalRecord):
    """`left operator right`, each side a sum of indicator codes and numbers
    ("RADIO_WORKING <= RADIO_TOTAL", "BTS_TOTAL == BTS.4g + BTS.5g")."""

    form = models.ForeignKey(ReportForm, on_delete=models.CASCADE, related_name="rules")
    name = models.CharField(_("tên quy tắc"), max_length=200)
    left = models.CharField(_("vế trái"), max_length=300)
    operator = models.CharField(_("phép so sánh"), max_length=2, choices=RuleOperator.choices)
    right = models.CharField(_("vế phải"), max_length=300)
    skip_if_missing = models.BooleanField(_("bỏ qua nếu thiếu số liệu"), default=True)
    severity = models.CharField(
        _("mức độ"), max_length=10, choices=RuleSeverity.choices, default=RuleSeverity.BLOCKING
    )
    message = models.CharField(_("thông báo"), max_length=300)

    class Meta:
        ordering = ["form", "pk"]
        verbose_name = _("quy tắc kiểm tra")
        verbose_name_plural = _("quy tắc kiểm tra")

    def __str__(self) -> str:
        return f"{self.left} {self.get_operator_display()} {self.right}"

    def clean(self):
        """Both sides must be sums of the form's indicator codes and numbers."""
        from django.core.exceptions import ValidationError

        from .services import check_expression

        codes = (
            set(self.form.items.values_list("indicator__code", flat=True))
            if (self.form_id)
            else set()
        )
        errors = {}
        for side in ("left", "right"):
            try:
                check_expression(getattr(self, side), codes)
            except ValidationError as exc:
                errors[side] = exc.messages
        if errors:
            raise ValidationError(errors)


# --- submissions and values ---------------------------------------------------------------------


class SubmissionState(models.TextChoices):
    DRAFT = "draft", _("Đang nhập")
    SUBMITTED = "submitted", _("Đã gửi, chờ duyệt")
    APPROVED = "approved", _("Đã duyệt")
    RETURNED = "returned", _("Trả lại để sửa")
    LOCKED = "locked", _("Đã khóa")
    # A draft opened by mistake (wrong period or unit), cancelled by its unit with a reason:
    # kept with its history, never counted, and the same (form, period, unit) can be opened anew.
    WITHDRAWN = "withdrawn", _("Đã hủy (mở nhầm)")


EDITABLE_STATES = {SubmissionState.DRAFT, SubmissionState.RETURNED}
COUNTED_STATES = {SubmissionState.APPROVED, SubmissionState.LOCKED}
RECEIVED_STATES = {SubmissionState.SUBMITTED, *COUNTED_STATES}


class EntryChannel(models.TextChoices):
    WEB = "web", _("Nhập trên web")
    EXCEL = "excel", _("Tải tệp Excel")
    API = "api", _("Qua API")


class Submission(LegalRecord):
    form = models.ForeignKey(
        ReportForm, verbose_name=_("biểu mẫu"), on_delete=models.PROTECT, related_name="submissions"
    )
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("đơn vị báo cáo"), on_delete=models.PROTECT, related_name="+"
    )
    # The unit's place and province as of the period (the geography of the period's date).
    area = models.ForeignKey(
        "geo.AdministrativeUnit",
        verbose_name=_("địa bàn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    province = models.ForeignKey(
        "geo.AdministrativeUnit",
        verbose_name=_("tỉnh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The province-wide compilation by the department (báo cáo tổng hợp): approving it locks
    # every unit's submission of the same form and period in the province.
    is_consolidated = models.BooleanField(_("báo cáo tổng hợp"), default=False)
    state = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=SubmissionState.choices,
        default=SubmissionState.DRAFT,
        db_index=True,
    )
    due_on = models.DateField(_("hạn nộp"))
    submitted_on = models.DateField(_("ngày gửi"), null=True, blank=True)
    approved_on = models.DateField(_("ngày duyệt"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người duyệt"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    channel = models.CharField(
        _("cách nhập"), max_length=6, choices=EntryChannel.choices, default=EntryChannel.WEB
    )
    warnings = models.JSONField(_("cảnh báo"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người lập"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    scope = Scope(locality="area", province="province", unit=("unit",))

    class Meta:
        ordering = ["-period_start", "form__code", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["form", "period_start", "unit"],
                condition=~Q(state="withdrawn"),
                name="reporting_submission_once",
            )
        ]
        indexes = [
            models.Index(
                fields=["form", "period_start", "state"], name="reporting_sub_form_period"
            ),
            models.Index(fields=["province", "state"], name="reporting_sub_province"),
        ]
        verbose_name = _("báo cáo")
        verbose_name_plural = _("báo cáo")

    def __str__(self) -> str:
        return f"{self.form.code} · {self.period_label} · {self.unit}"

    def get_absolute_url(self) -> str:
        return reverse("reporting:submission_detail", args=[self.pk])

    @property
    def period_label(self) -> str:
        return period_label(self.form.period_kind, self.period_start)

    @property
    def editable(self) -> bool:
        return self.state in EDITABLE_STATES


class SubmissionTransition(TransitionLogBase):
    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="log")

    class Meta(TransitionLogBase.Meta):
        verbose_name = _("nhật ký báo cáo")
        verbose_name_plural = _("nhật ký báo cáo")


class DataValue(models.Model):
    """One figure: (indicator, period, unit, disaggregation option) within a submission."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    option = models.CharField(_("phân tổ"), max_length=40, blank=True, default="")
    period_kind = models.CharField(max_length=10, choices=PeriodKind.choices)
    period_start = models.DateField()
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey(
        "geo.AdministrativeUnit", null=True, on_delete=models.PROTECT, related_name="+"
    )
    province = models.ForeignKey(
        "geo.AdministrativeUnit", null=True, on_delete=models.PROTECT, related_name="+"
    )
    number = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    text = models.TextField(blank=True)
    counted = models.BooleanField(default=False)  # the submission is approved or locked
    updated_at = models.DateTimeField(auto_now=True)

    scope = Scope(locality="area", province="province", unit=("unit",))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "indicator", "option"], name="reporting_value_once"
            )
        ]
        indexes = [
            models.Index(
                fields=["indicator", "province", "period_start"],
                condition=Q(counted=True),
                name="reporting_value_totals",
            ),
            models.Index(fields=["unit", "indicator", "period_start"], name="reporting_value_unit"),
        ]
        verbose_name = _("số liệu")
        verbose_name_plural = _("số liệu")

    def __str__(self) -> str:
        return f"{self.indicator_id}/{self.option}: {self.number if self.text == '' else self.text}"


# --- emulation ---------------------------------------------------------------------------------


class CriterionSource(models.TextChoices):
    MANUAL = "manual", _("Cụm trưởng chấm, có minh chứng")
    REPORTING_ON_TIME = "reporting_on_time", _("Tự động: tỷ lệ báo cáo đúng hạn")
    DIRECTIVES_ON_TIME = "directives_on_time", _("Tự động: tỷ lệ nhiệm vụ hoàn thành đúng hạn")
    COMMUNE_ICT = "commune_ict", _("Tự động: tiêu chí TT&TT nông thôn mới (sổ quản lý)")
    INDICATOR = "indicator", _("Tự động: từ số liệu báo cáo đã duyệt của một chỉ tiêu")


class EmulationCriterion(LegalRecord):
    """A criterion of a cluster's scale for a year, with its maximum points (the weight)."""

    cluster = models.ForeignKey(
        "org.EmulationCluster",
        verbose_name=_("cụm/khối"),
        on_delete=models.PROTECT,
        related_name="criteria",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    code = models.CharField(_("mã"), max_length=20)
    name = models.CharField(_("tiêu chí"), max_length=300)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=6, decimal_places=2)
    source = models.CharField(
        _("cách chấm"), max_length=20, choices=CriterionSource.choices, default="manual"
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    guidance = models.TextField(_("hướng dẫn chấm"), blank=True)
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("chỉ tiêu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Khi chấm từ số liệu: giá trị cả năm của chỉ tiêu này."),
    )
    target = models.DecimalField(
        _("mức đạt điểm tối đa"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Giá trị đạt điểm tối đa; thấp hơn được điểm theo tỷ lệ."),
    )

    scope = Scope(locality="cluster__admin_unit", locality_upward=True)

    class Meta:
        ordering = ["cluster", "year", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "year", "code"], name="reporting_criterion_once"
            )
        ]
        verbose_name = _("tiêu chí thi đua")
        verbose_name_plural = _("tiêu chí thi đua")

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"

    @property
    def computed(self) -> bool:
        return self.source != CriterionSource.MANUAL


class EmulationScore(LegalRecord):
    """Points the cluster head gives a member on a manual criterion, with the evidence."""

    criterion = models.ForeignKey(
        EmulationCriterion, on_delete=models.PROTECT, related_name="scores"
    )
    unit = models.ForeignKey("org.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT)
    points = models.DecimalField(_("điểm"), max_digits=6, decimal_places=2)
    evidence = models.TextField(_("minh chứng"))
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    scope = Scope(locality="criterion__cluster__admin_unit", locality_upward=True, unit=("unit",))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["criterion", "unit"], name="reporting_score_once")
        ]
        verbose_name = _("điểm thi đua")
        verbose_name_plural = _("điểm thi đua")

    def __str__(self) -> str:
        return f"{self.unit}: {self.criterion.code} = {self.points}"


class EmulationPledge(LegalRecord):
    """The yearly pledge (giao ước thi đua) the members of a cluster sign."""

    cluster = models.ForeignKey(
        "org.EmulationCluster", on_delete=models.PROTECT, related_name="pledges"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    signed_on = models.DateField(_("ngày ký"))
    document_number = models.CharField(_("số văn bản"), max_length=60, blank=True)
    content = models.TextField(_("nội dung giao ước"))

    scope = Scope(locality="cluster__admin_unit", locality_upward=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cluster", "year"], name="reporting_pledge_once")
        ]
        verbose_name = _("giao ước thi đua")
        verbose_name_plural = _("giao ước thi đua")

    def __str__(self) -> str:
        return f"{self.cluster} – {self.year}"


class AwardKind(models.TextChoices):
    FLAG = "flag", _("Cờ thi đua")
    MERIT = "merit", _("Bằng khen")
    CERTIFICATE = "certificate", _("Giấy khen")
    EXCELLENT_COLLECTIVE = "excellent_collective", _("Tập thể lao động xuất sắc")
    EMULATION_SOLDIER = "emulation_soldier", _("Chiến sĩ thi đua")


class AwardState(models.TextChoices):
    PROPOSED = "proposed", _("Đã đề nghị")
    GRANTED = "granted", _("Đã khen thưởng")
    DECLINED = "declined", _("Không được khen")


class AwardProposal(LegalRecord):
    cluster = models.ForeignKey(
        "org.EmulationCluster", on_delete=models.PROTECT, related_name="award_proposals"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    unit = models.ForeignKey("org.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT)
    kind = models.CharField(_("hình thức"), max_length=24, choices=AwardKind.choices)
    rank = models.PositiveSmallIntegerField(_("xếp hạng khi đề nghị"), null=True, blank=True)
    points = models.DecimalField(_("điểm"), max_digits=7, decimal_places=2, null=True, blank=True)
    proposed_on = models.DateField(_("ngày đề nghị"))
    proposal_number = models.CharField(_("số tờ trình"), max_length=60, blank=True)
    state = models.CharField(
        _("kết quả"), max_length=10, choices=AwardState.choices, default=AwardState.PROPOSED
    )
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    decision_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_issuer = models.CharField(_("cơ quan quyết định"), max_length=200, blank=True)

    scope = Scope(locality="cluster__admin_unit", locality_upward=True, unit=("unit",))

    class Meta:
        ordering = ["-year", "cluster", "rank", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "year", "unit", "kind"], name="reporting_award_once"
            )
        ]
        verbose_name = _("đề nghị khen thưởng")
        verbose_name_plural = _("đề nghị khen thưởng")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.unit} ({self.year})"

    def get_absolute_url(self) -> str:
        """The ranking page it was proposed from (where its decision is recorded)."""
        return reverse("reporting:ranking", args=[self.cluster_id, self.year])
