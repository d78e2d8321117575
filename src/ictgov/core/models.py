"""Shared base models: validity periods, records of legal weight, the calendar overrides."""

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .scoping import Scope, ScopedQuerySet
from .text import fold


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
        folded = fold(query)
        if not folded:
            return self
        # Every word must begin a word of the name: "nghe an" finds "Nghệ An", not "Xã Nánh Nghê".
        qs = self
        for word in folded.split():
            qs = qs.filter(
                Q(**{f"{field}__startswith": word})
                | Q(**{f"{field}__contains": f" {word}"})
                | Q(**{f"{field}__contains": f"\n{word}"})
            )
        return qs


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
