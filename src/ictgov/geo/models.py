"""Administrative units with validity periods, across the 2025 reform, keyed by code."""

from datetime import date

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ictgov.core.models import LegalQuerySet, ValidityPeriod
from ictgov.core.scoping import Scope
from ictgov.core.text import fold

# The day the two-level local government and the 34 provinces took effect (Law 72/2025/QH15).
REFORM_2025 = date(2025, 7, 1)


class Level(models.TextChoices):
    PROVINCE = "province", _("Tỉnh/thành phố")
    DISTRICT = "district", _("Quận/huyện")
    COMMUNE = "commune", _("Xã/phường/đặc khu")


CODE_WIDTH = {Level.PROVINCE: 2, Level.DISTRICT: 3, Level.COMMUNE: 5}


class AdministrativeUnitQuerySet(LegalQuerySet):
    def delete(self):  # geography is reloadable reference data, not a legal record
        return models.QuerySet.delete(self)


class AdministrativeUnit(ValidityPeriod):
    code = models.CharField(
        _("mã"),
        max_length=10,
        db_index=True,
        help_text=_("Mã theo danh mục: tỉnh 2 chữ số, huyện 3, xã 5."),
    )
    name = models.CharField(_("tên"), max_length=150)
    short_name = models.CharField(_("tên ngắn"), max_length=150)
    division_type = models.CharField(_("loại"), max_length=40)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("thuộc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    search_name = models.CharField(max_length=150, editable=False, db_index=True)
    short_search_name = models.CharField(max_length=150, editable=False, db_index=True)
    successors = models.ManyToManyField(
        "self",
        through="Succession",
        symmetrical=False,
        related_name="predecessors",
        through_fields=("predecessor", "successor"),
    )

    objects = AdministrativeUnitQuerySet.as_manager()
    # Geography is public reference data.
    scope = Scope(public=models.Q(pk__isnull=False))

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "code", "valid_from"], name="geo_unit_identity"
            ),
        ]
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")

    def __str__(self) -> str:
        return self.name

    @property
    def picker_label(self) -> str:
        """In a picker: the name with its district and province, and the day it ended, so that
        an old commune and today's of the same name (or two provinces' ones) can be told
        apart."""
        label = ", ".join([self.name, *(a.name for a in self.ancestors())])
        if self.valid_to is not None:
            label += " " + _("(đến %(d)s)") % {"d": f"{self.valid_to:%d/%m/%Y}"}
        return label

    def save(self, *args, **kwargs):
        self.search_name = fold(self.name)
        self.short_search_name = fold(self.short_name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("geo:unit_detail", args=[self.pk])

    def ancestors(self) -> list["AdministrativeUnit"]:
        out, node = [], self.parent
        while node is not None:
            out.append(node)
            node = node.parent
        return out

    @property
    def province(self) -> "AdministrativeUnit":
        return ([self, *self.ancestors()])[-1]

    @property
    def is_current(self) -> bool:
        return self.is_valid_on(date.today())

    def current_successors(self, on: date | None = None) -> list["AdministrativeUnit"]:
        """Follow succession links until units valid on `on` (today by default)."""
        on = on or date.today()
        if self.is_valid_on(on):
            return [self]
        seen, frontier, result = {self.pk}, [self], []
        while frontier:
            nxt = []
            for unit in frontier:
                for succ in unit.successors.all().order_by("code"):
                    if succ.pk in seen:
                        continue
                    seen.add(succ.pk)
                    (result if succ.is_valid_on(on) else nxt).append(succ)
            frontier = nxt
        return result


class Succession(models.Model):
    """An old unit continues (wholly or partly) in a new one from a date."""

    predecessor = models.ForeignKey(
        AdministrativeUnit, on_delete=models.CASCADE, related_name="successor_links"
    )
    successor = models.ForeignKey(
        AdministrativeUnit, on_delete=models.CASCADE, related_name="predecessor_links"
    )
    effective_on = models.DateField(_("có hiệu lực từ"))
    partial = models.BooleanField(_("một phần"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="geo_succession_once"
            ),
        ]
        verbose_name = _("kế thừa địa giới")
        verbose_name_plural = _("kế thừa địa giới")

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"
