"""Shared base models: validity periods, records of legal weight, the calendar overrides."""

from datetime import date

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
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


class LegalRecord(models.Model):
    """A record of legal weight: every change is kept in its history; it is never hard-deleted."""

    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    history = HistoricalRecords(inherit=True)

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
