"""Shared base models: validity periods, records of legal weight, the calendar overrides."""

import uuid
from datetime import date
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .scoping import Scope, ScopedQuerySet
from .search import search


class HardDeleteForbidden(Exception):
    """Records of legal weight are kept; they are closed or revoked, never deleted."""


def valid_on_q(on: date, prefix: str = "") -> Q:
    """Rows whose [valid_from, valid_to] (both inclusive, open when empty) contain `on`."""
    return (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": on})) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": on})
    )


class LegalQuerySet(ScopedQuerySet):
    def valid_on(self, on: date):
        return self.filter(valid_on_q(on))

    def delete(self):
        raise HardDeleteForbidden(_("Không được xóa hẳn hồ sơ có giá trị pháp lý."))

    delete.queryset_only = True

    def search(self, query: str, field: str = "search_name"):
        return search(self, query, field)


class _History(HistoricalRecords):
    """simple_history's records, with the per-model `history_unindexed`: fields of the model
    whose copies in the history table get no index (simple_history indexes every foreign key
    and indexed field it copies; `no_db_index` is one list for every model inheriting it)."""

    def copy_fields(self, model):
        fields = super().copy_fields(model)
        for name in getattr(model, "history_unindexed", ()):
            fields[name].db_index = False
        return fields


class LegalRecord(models.Model):
    """A record of legal weight: every change is kept in its history; it is never hard-deleted.

    A model may name in `history_unindexed` the fields whose copies in its history table need
    no index (its history is read a record at a time, by id)."""

    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    history = _History(inherit=True)

    objects = LegalQuerySet.as_manager()

    class Meta:
        abstract = True

    def delete(self, *args, **kwargs):
        raise HardDeleteForbidden(_("Không được xóa hẳn hồ sơ có giá trị pháp lý."))


class ValidityPeriod(models.Model):
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(
        _("hiệu lực đến"), null=True, blank=True, help_text=_("Ngày cuối cùng còn hiệu lực.")
    )

    class Meta:
        abstract = True

    def is_valid_on(self, on: date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or self.valid_to >= on
        )


class CalendarOverride(LegalRecord):
    """A day the government announced as off, or a Saturday announced as a make-up working day."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Ngày nghỉ")
        WORKING_DAY = "working_day", _("Ngày làm việc bù")

    day = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    reason = models.CharField(_("lý do"), max_length=255)
    source = models.CharField(_("căn cứ"), max_length=255, blank=True)

    scope = Scope(public=Q(pk__isnull=False))  # the calendar is public information

    class Meta:
        ordering = ["-day"]
        verbose_name = _("ngày nghỉ/làm bù")
        verbose_name_plural = _("ngày nghỉ/làm bù")

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} – {self.get_kind_display()}"


class Parameter(LegalRecord):
    """A value an administrator can change without a release (a rule that is policy, not code)."""

    key = models.CharField(_("mã"), max_length=100, unique=True)
    value = models.CharField(_("giá trị"), max_length=255)
    description = models.CharField(_("mô tả"), max_length=500)
    unconfirmed = models.BooleanField(
        _("chưa xác nhận căn cứ"),
        default=False,
        help_text=_("Giá trị chưa có văn bản gốc xác nhận; hiển thị lưu ý trên trang."),
    )

    class Meta:
        ordering = ["key"]
        verbose_name = _("tham số")
        verbose_name_plural = _("tham số")

    def __str__(self) -> str:
        return f"{self.key} = {self.value}"

    @classmethod
    def get_int(cls, key: str, default: int) -> int:
        value = cls.objects.filter(key=key).values_list("value", flat=True).first()
        return cls.as_int(value, default)

    @staticmethod
    def as_int(value: str | None, default: int) -> int:
        """A parameter's stored value as `get_int` reads it (`default` when absent or not a
        number), for a page that reads the value inside one of its own queries."""
        try:
            return int(value) if value is not None else default
        except ValueError:
            return default


def attachment_path(instance, filename: str) -> str:
    return f"attachments/{instance.content_type.app_label}/{instance.content_type.model}/{filename}"


class Attachment(LegalRecord):
    """A file attached to any record (a conclusion's scan, a progress report's evidence)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    file = models.FileField(_("tệp"), upload_to=attachment_path)
    name = models.CharField(_("tên tệp"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("core:attachment", args=[self.pk])


class Notification(models.Model):
    """An in-app notification; `key` makes each one happen once (jobs can be re-run safely)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    key = models.CharField(max_length=200, unique=True)
    subject = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Outbox: the e-mail is sent after the row is committed; a re-run sends what is still unsent.
    email_to = models.EmailField(blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")

    def __str__(self) -> str:
        return self.subject


# --- state machines, clocks, number series, idempotent requests --------------------------------


class TransitionLogBase(models.Model):
    """One step of a record's state machine: who moved it from which state to which, when, why.
    Written only by `core.statemachine.StateMachine.perform`, in the step's own transaction, so
    the log never holds a step that did not stand. Apps subclass it with a foreign key to their
    record (and any column their figures need), or use the generic `TransitionLog`."""

    name = models.CharField(_("thao tác"), max_length=40)
    from_state = models.CharField(_("từ bước"), max_length=40, blank=True)
    to_state = models.CharField(_("sang bước"), max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("lúc"))
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]


class TransitionLog(TransitionLogBase):
    """The transition log of any record (content type + id), for apps without their own."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")

    class Meta(TransitionLogBase.Meta):
        indexes = [models.Index(fields=["content_type", "object_id"], name="core_translog_record")]
        verbose_name = _("nhật ký chuyển bước")
        verbose_name_plural = _("nhật ký chuyển bước")

    def __str__(self) -> str:
        return f"{self.name}: {self.from_state} → {self.to_state}"


class Clock(models.Model):
    """A processing clock in working days (see `core.clock`): a budget, the segments it ran or
    was paused, and the promised date with every move of it logged."""

    class Rule(models.TextChoices):
        PAUSE = "pause", _("Tạm dừng: thời gian chờ không tính, hạn lùi tương ứng")
        RESTART = "restart", _("Tính lại: hạn tính lại từ đầu khi tiếp tục")

    budget_days = models.PositiveIntegerField(_("số ngày làm việc theo quy định"))
    started_on = models.DateField(_("bắt đầu tính"))
    due_on = models.DateField(_("hẹn trả"))
    paused = models.BooleanField(_("đang tạm dừng"), default=False)
    stopped_on = models.DateField(_("dừng hẳn ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("đồng hồ xử lý")
        verbose_name_plural = _("đồng hồ xử lý")

    def __str__(self) -> str:
        return f"{self.budget_days} → {self.due_on:%d/%m/%Y}"


class ClockSegment(models.Model):
    class Kind(models.TextChoices):
        RUNNING = "running", _("Đang tính")
        PAUSED = "paused", _("Tạm dừng")

    clock = models.ForeignKey(Clock, on_delete=models.CASCADE, related_name="segments")
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    started_on = models.DateField(_("từ ngày"))
    ended_on = models.DateField(_("đến ngày"), null=True, blank=True)
    reason = models.CharField(_("lý do"), max_length=500, blank=True)

    class Meta:
        ordering = ["clock", "pk"]
        verbose_name = _("đoạn thời gian xử lý")
        verbose_name_plural = _("đoạn thời gian xử lý")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_on} – {self.ended_on or '…'}"


class DeadlineMove(models.Model):
    """Every change of a clock's promised date, with why and by whom."""

    class Kind(models.TextChoices):
        START = "start", _("Hẹn trả lần đầu")
        RESUME = "resume", _("Tiếp tục sau tạm dừng")
        EXTEND = "extend", _("Hẹn lại ngày trả")

    clock = models.ForeignKey(Clock, on_delete=models.CASCADE, related_name="moves")
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    old_due_on = models.DateField(_("hẹn cũ"), null=True, blank=True)
    new_due_on = models.DateField(_("hẹn mới"))
    reason = models.CharField(_("lý do"), max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("lúc"))

    class Meta:
        ordering = ["clock", "at", "pk"]
        verbose_name = _("thay đổi ngày hẹn")
        verbose_name_plural = _("thay đổi ngày hẹn")

    def __str__(self) -> str:
        return f"{self.old_due_on} → {self.new_due_on}"


class NumberSeries(models.Model):
    """The last number issued per (document type, issuer, year): numbers start from 1 each year
    and are taken under a row lock in the issuing transaction (`core.numbering`)."""

    doc_type = models.CharField(_("loại văn bản"), max_length=30)
    issuer_key = models.CharField(_("cơ quan ban hành"), max_length=100)
    year = models.PositiveSmallIntegerField(_("năm"))
    last = models.PositiveIntegerField(_("số cuối đã cấp"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["doc_type", "issuer_key", "year"], name="core_number_series_once"
            )
        ]
        verbose_name = _("sổ đăng ký số")
        verbose_name_plural = _("sổ đăng ký số")

    def __str__(self) -> str:
        return f"{self.doc_type} · {self.issuer_key} · {self.year}: {self.last}"


class IdempotencyKey(models.Model):
    """An API request sent with an `Idempotency-Key` header and the answer it got: the same key
    sent again by the same caller gets the same answer and creates nothing (`core.idempotency`)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(max_length=200)
    fingerprint = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField(default=0)
    body = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="core_idempotency_once"),
        ]
        verbose_name = _("yêu cầu không lặp")
        verbose_name_plural = _("yêu cầu không lặp")

    def __str__(self) -> str:
        return self.key


def import_file_path(instance, filename: str) -> str:
    return f"imports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}-{Path(filename).name[-80:]}"


class ImportJob(models.Model):
    """An Excel import run in the background (`core.imports.start_import`): its file, who sent
    it, how far it got (for the progress bar), and its outcome: the rows written, or every
    problem found (then nothing was written)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang xử lý")
        DONE = "done", _("Đã nhập")
        REJECTED = "rejected", _("Có lỗi, không nhập dòng nào")
        FAILED = "failed", _("Lỗi hệ thống")

    handler = models.CharField(_("bộ nhập"), max_length=200)
    params = models.JSONField(_("tham số"), default=dict, blank=True)
    title = models.CharField(_("tên"), max_length=200)
    file = models.FileField(_("tệp"), upload_to=import_file_path, max_length=300)
    filename = models.CharField(_("tên tệp"), max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    phase = models.CharField(_("bước"), max_length=20, blank=True)
    done = models.PositiveIntegerField(_("đã xử lý"), default=0)
    total = models.PositiveIntegerField(_("tổng số dòng"), default=0)
    rows = models.PositiveIntegerField(_("số dòng đã nhập"), default=0)
    errors = models.JSONField(_("lỗi"), default=list, blank=True)
    error_count = models.PositiveIntegerField(_("số lỗi"), default=0)
    next_url = models.CharField(_("trang sau khi nhập"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("lượt nhập Excel")
        verbose_name_plural = _("lượt nhập Excel")

    def __str__(self) -> str:
        return f"{self.title} · {self.filename}"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.REJECTED, self.Status.FAILED)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.total:
            return 0
        share = self.done / self.total
        # Reading and checking is the first 80 %, writing the rest.
        return int(80 * share) if self.phase != "save" else 80 + int(20 * share)
