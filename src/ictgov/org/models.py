"""Agencies and their units, people and positions, emulation clusters and blocks."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ictgov.core.models import LegalRecord, ValidityPeriod
from ictgov.core.scoping import Scope
from ictgov.core.text import expand_abbreviations, fold


class UnitKind(models.TextChoices):
    PEOPLES_COMMITTEE = "peoples_committee", _("Ủy ban nhân dân")
    PARTY_BODY = "party_body", _("Cơ quan Đảng")
    MINISTRY = "ministry", _("Bộ, ngành trung ương")
    DEPARTMENT = "department", _("Sở, ban, ngành")
    OFFICE = "office", _("Văn phòng")
    DIVISION = "division", _("Phòng chuyên môn")
    PUBLIC_SERVICE_UNIT = "public_service_unit", _("Đơn vị sự nghiệp")
    DISTRICT_OFFICE = "district_office", _("Phòng/ban cấp huyện")
    COMMUNE_OFFICE = "commune_office", _("Bộ phận cấp xã")
    ENTERPRISE = "enterprise", _("Doanh nghiệp")
    PRESS_AGENCY = "press_agency", _("Cơ quan báo chí")
    ASSOCIATION = "association", _("Hội, đoàn thể")
    OTHER = "other", _("Khác")


class Unit(ValidityPeriod, LegalRecord):
    """An agency or a unit inside one (Sở, phòng, UBND xã, doanh nghiệp, cơ quan báo chí…)."""

    name = models.CharField(_("tên"), max_length=255)
    abbreviation = models.CharField(
        _("tên viết tắt"), max_length=60, blank=True, help_text=_("Ví dụ: Sở TT&TT, STTTT")
    )
    aliases = models.TextField(
        _("tên gọi khác"),
        blank=True,
        help_text=_("Mỗi dòng một tên, dùng để nhận diện trong văn bản."),
    )
    kind = models.CharField(_("loại"), max_length=30, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("trực thuộc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    admin_unit = models.ForeignKey(
        "geo.AdministrativeUnit",
        verbose_name=_("địa bàn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="org_units",
    )
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=60, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    search_name = models.TextField(editable=False, db_index=False)
    successors = models.ManyToManyField(
        "self",
        through="UnitSuccession",
        symmetrical=False,
        related_name="predecessors",
        through_fields=("predecessor", "successor"),
    )

    # Provincial and central agencies are a directory every signed-in user may read; units of a
    # district or commune are seen by the department, that locality's officers and their members.
    scope = Scope(
        locality="admin_unit",
        locality_upward=True,
        unit=("pk", "parent"),
        internal=Q(admin_unit__isnull=True) | Q(admin_unit__level="province"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("cơ quan, đơn vị")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("org:unit_detail", args=[self.pk])

    def names(self) -> list[str]:
        extra = [line.strip() for line in self.aliases.splitlines() if line.strip()]
        return [self.name, *([self.abbreviation] if self.abbreviation else []), *extra]

    def save(self, *args, **kwargs):
        # One line per name, folded and with abbreviations spelled out, for search and matching.
        self.search_name = "\n".join(dict.fromkeys(expand_abbreviations(n) for n in self.names()))
        super().save(*args, **kwargs)

    def heads(self, on=None):
        qs = self.positions.filter(is_head=True).select_related("person")
        return qs.valid_on(on) if on else qs


class UnitSuccession(LegalRecord):
    """An agency's duties passing to another from a date (Sở TT&TT → Sở KH&CN / Sở VHTT&DL).

    Of legal weight: who inherits an agency's duties decides who answers for its tasks.
    """

    predecessor = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="successor_links")
    successor = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="predecessor_links")
    effective_on = models.DateField(_("có hiệu lực từ"))
    duties = models.CharField(_("nhiệm vụ chuyển giao"), max_length=255, blank=True)
    legal_basis = models.CharField(_("căn cứ"), max_length=255, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="org_succession_once"
            ),
        ]
        verbose_name = _("kế thừa tổ chức")
        verbose_name_plural = _("kế thừa tổ chức")

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"


class Person(LegalRecord):
    full_name = models.CharField(_("họ và tên"), max_length=150)
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    search_name = models.CharField(max_length=150, editable=False)

    scope = Scope(
        locality="positions__unit__admin_unit",
        locality_upward=True,
        unit=("positions__unit",),
        internal=Q(positions__unit__admin_unit__isnull=True)
        | Q(positions__unit__admin_unit__level="province"),
    )

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("cán bộ")
        verbose_name_plural = _("cán bộ")

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.search_name = fold(self.full_name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("org:person_detail", args=[self.pk])

    def current_titles(self) -> str:
        today = date.today()
        return "; ".join(
            f"{p.title}, {p.unit.name}" for p in self.positions.all() if p.is_valid_on(today)
        )


class Position(ValidityPeriod, LegalRecord):
    """A person holding a title in a unit for a period (Giám đốc Sở, Cụm trưởng…)."""

    person = models.ForeignKey(
        Person, verbose_name=_("cán bộ"), on_delete=models.PROTECT, related_name="positions"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="positions"
    )
    title = models.CharField(_("chức danh"), max_length=150)
    is_head = models.BooleanField(_("người đứng đầu"), default=False)

    scope = Scope(
        locality="unit__admin_unit",
        locality_upward=True,
        unit=("unit",),
        internal=Q(unit__admin_unit__isnull=True) | Q(unit__admin_unit__level="province"),
    )

    class Meta:
        ordering = ["unit__name", "-is_head", "title"]
        verbose_name = _("chức vụ")
        verbose_name_plural = _("chức vụ")

    def __str__(self) -> str:
        return f"{self.person} – {self.title}, {self.unit}"


class EmulationCluster(LegalRecord):
    """A cluster (cụm) or block (khối) of units that emulate each other (Law 06/2022/QH15)."""

    class Kind(models.TextChoices):
        CLUSTER = "cluster", _("Cụm thi đua")
        BLOCK = "block", _("Khối thi đua")

    name = models.CharField(_("tên"), max_length=255)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.CLUSTER)
    admin_unit = models.ForeignKey(
        "geo.AdministrativeUnit",
        verbose_name=_("tỉnh"),
        on_delete=models.PROTECT,
        related_name="emulation_clusters",
    )
    sector = models.CharField(_("ngành, lĩnh vực"), max_length=255, blank=True)
    search_name = models.CharField(max_length=255, editable=False)

    scope = Scope(locality="admin_unit", locality_upward=True, unit=("terms__members",))

    class Meta:
        ordering = ["name"]
        verbose_name = _("cụm, khối thi đua")
        verbose_name_plural = _("cụm, khối thi đua")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_name = fold(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("org:cluster_detail", args=[self.pk])


class ClusterTerm(LegalRecord):
    """A cluster's year: its members, the head unit (cụm trưởng) and the leader in charge."""

    cluster = models.ForeignKey(
        EmulationCluster, verbose_name=_("cụm/khối"), on_delete=models.PROTECT, related_name="terms"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    head_unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị cụm trưởng"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    deputy_unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị cụm phó"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    leader = models.ForeignKey(
        Person,
        verbose_name=_("lãnh đạo phụ trách"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    members = models.ManyToManyField(
        Unit, verbose_name=_("thành viên"), related_name="cluster_terms"
    )

    scope = Scope(locality="cluster__admin_unit", locality_upward=True, unit=("members",))

    class Meta:
        ordering = ["cluster__name", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "year"], name="org_cluster_term_once"),
            models.CheckConstraint(
                condition=Q(year__gte=1945) & Q(year__lte=2100), name="org_cluster_term_year"
            ),
        ]
        verbose_name = _("nhiệm kỳ cụm, khối")
        verbose_name_plural = _("nhiệm kỳ cụm, khối")

    def __str__(self) -> str:
        return f"{self.cluster} – {self.year}"
