"""The facilities under management (sổ quản lý): mobile base stations, post offices and commune
post-culture points, radio stations, internet agents, public game service points and public
internet access points.

Every type shares one base table, `Facility` (name, operator, address, commune, coordinates,
status, licence, notes, history), told apart by `kind`; each type has its own fields
(`KIND_FIELDS` names them; forms, imports, exports and pages are built from that list). One
table keeps the list, the map and the province's counts one query each, and an import one bulk
insert (a table per type would need a join per row and one insert per table).

Addresses live in both forms: a record entered with a pre-2025 commune keeps it
(`old_commune`, `old_address`) and is linked to its current commune through geo's succession
links (`commune`, `address`); both are searchable.

The commune ICT criterion (tiêu chí 8 "Thông tin và Truyền thông", QĐ 318/QĐ-TTg) is versioned
data: `CriterionSet` → `Indicator`, each with the registry rule that evaluates it or none (then
an officer records it: `IndicatorAssessment`).
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from ictgov.core.models import LegalRecord, ValidityPeriod
from ictgov.core.scoping import Scope
from ictgov.core.text import fold_words

# Mainland Vietnam and its islands (Trường Sa reaches 7.5° N, 117.5° E).
LATITUDE_RANGE = (Decimal("7.0"), Decimal("23.5"))
LONGITUDE_RANGE = (Decimal("102.0"), Decimal("118.0"))


class Kind(models.TextChoices):
    BTS = "bts", _("Trạm thu phát sóng (BTS)")
    POST = "post", _("Bưu cục, điểm Bưu điện - Văn hóa xã")
    RADIO = "radio", _("Đài truyền thanh")
    INTERNET_AGENT = "internet_agent", _("Đại lý Internet")
    GAME_POINT = "game_point", _("Điểm cung cấp dịch vụ trò chơi điện tử công cộng")
    PUBLIC_ACCESS = "public_access", _("Điểm truy nhập Internet công cộng")


KIND_PREFIX = {
    Kind.BTS: "BTS",
    Kind.POST: "BC",
    Kind.RADIO: "TT",
    Kind.INTERNET_AGENT: "DL",
    Kind.GAME_POINT: "TC",
    Kind.PUBLIC_ACCESS: "DTN",
}


class Status(models.TextChoices):
    ACTIVE = "active", _("Đang hoạt động")
    SUSPENDED = "suspended", _("Tạm ngừng")
    CLOSED = "closed", _("Ngừng hoạt động")


class Technology(models.TextChoices):
    G2 = "2g", "2G"
    G3 = "3g", "3G"
    G4 = "4g", "4G"
    G5 = "5g", "5G"


class TowerType(models.TextChoices):
    SELF_SUPPORTING = "self_supporting", _("Cột tự đứng")
    GUYED = "guyed", _("Cột dây co")
    MONOPOLE = "monopole", _("Cột đơn thân")
    ROOFTOP = "rooftop", _("Cột trên mái nhà")
    CAMOUFLAGED = "camouflaged", _("Cột ngụy trang")


class PostType(models.TextChoices):
    POST_OFFICE = "post_office", _("Bưu cục")
    CULTURE_POINT = "culture_point", _("Điểm Bưu điện - Văn hóa xã")
    SERVICE_POINT = "service_point", _("Điểm phục vụ bưu chính khác")


class RadioLevel(models.TextChoices):
    DISTRICT = "district", _("Đài cấp huyện (trước 01/7/2025)")
    COMMUNE = "commune", _("Đài cấp xã")


class RadioTechnology(models.TextChoices):
    WIRED = "wired", _("Truyền thanh có dây")
    FM = "fm", _("Truyền thanh không dây FM")
    IP = "ip", _("Truyền thanh ứng dụng CNTT - viễn thông (IP)")


class Condition(models.TextChoices):
    WORKING = "working", _("Hoạt động tốt")
    DEGRADED = "degraded", _("Xuống cấp")
    BROKEN = "broken", _("Hư hỏng")


class UrbanClass(models.TextChoices):
    """For the machine-room area rule of Decree 72/2013 (FACTS §2)."""

    SPECIAL_TO_III = "special_iii", _("Đô thị đặc biệt, loại I–III")
    IV_V = "iv_v", _("Đô thị loại IV–V")
    OTHER = "other", _("Khu vực khác")


# The fields each type has besides the shared ones: forms, imports, exports and the detail page
# are built from these lists.
COMMON_FIELDS = [
    "name",
    "operator_unit",
    "operator_name",
    "street",
    "commune",
    "latitude",
    "longitude",
    "status",
    "operating_since",
    "certificate",
    "licence_number",
    "notes",
]
KIND_FIELDS = {
    Kind.BTS: [
        "site_code",
        "technologies",
        "tower_type",
        "tower_height_m",
        "shared_infrastructure",
        "construction_permit",
    ],
    Kind.POST: ["post_type", "services", "has_internet", "has_reading_room"],
    Kind.RADIO: [
        "radio_level",
        "radio_technology",
        "loudspeaker_clusters",
        "villages_covered",
        "villages_total",
        "condition",
    ],
    Kind.INTERNET_AGENT: ["internet_provider", "machines"],
    Kind.GAME_POINT: [
        "floor_area_m2",
        "machines",
        "urban_class",
        "nearest_school",
        "school_distance_m",
    ],
    Kind.PUBLIC_ACCESS: ["host_place", "machines", "has_internet"],
}


class Facility(LegalRecord):
    # No index of its own on kind, commune or province: the indexes below lead with them (each
    # index more is written by every row of an import, and copied to the history table).
    kind = models.CharField(_("loại cơ sở"), max_length=20, choices=Kind.choices)
    # KIND_PREFIX-id ("BTS-0000042"), set right after the insert.
    # Unique by a constraint, not `unique=True`: that would add a second (LIKE) index, which
    # nothing uses (the code is searched through search_name). NULL until the row has its id.
    code = models.CharField(  # noqa: DJ001
        _("mã cơ sở"), max_length=30, null=True, blank=True, editable=False
    )
    name = models.CharField(_("tên"), max_length=255)
    operator_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("đơn vị quản lý, vận hành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registry_facilities",
        db_index=False,  # facility_operator_unit
    )
    operator_name = models.CharField(
        _("doanh nghiệp, chủ cơ sở"),
        max_length=255,
        blank=True,
        help_text=_("Tên doanh nghiệp hoặc hộ kinh doanh khi không phải đơn vị trong danh bạ."),
    )
    street = models.CharField(
        _("số nhà, đường, thôn/xóm"),
        max_length=255,
        blank=True,
        help_text=_("Phần địa chỉ dưới cấp xã."),
    )
    # The current commune (valid today), and its province, kept on the row for scope and counts.
    commune = models.ForeignKey(
        "geo.AdministrativeUnit",
        verbose_name=_("xã/phường/đặc khu"),
        on_delete=models.PROTECT,
        related_name="registry_facilities",
        db_index=False,  # facility_commune_kind
    )
    province = models.ForeignKey(
        "geo.AdministrativeUnit",
        verbose_name=_("tỉnh/thành phố"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        db_index=False,  # facility_province_kind
    )
    # The commune as entered, when it was a pre-2025 one (its successor is `commune`).
    old_commune = models.ForeignKey(
        "geo.AdministrativeUnit",
        verbose_name=_("xã cũ (trước 01/7/2025)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # facility_old_commune
    )
    address = models.CharField(_("địa chỉ (theo đơn vị hành chính mới)"), max_length=500)
    old_address = models.CharField(_("địa chỉ cũ"), max_length=500, blank=True)
    latitude = models.DecimalField(
        _("vĩ độ"),
        max_digits=8,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-90)), MaxValueValidator(Decimal(90))],
        help_text=_("Độ thập phân, ví dụ 18.679585"),
    )
    longitude = models.DecimalField(
        _("kinh độ"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-180)), MaxValueValidator(Decimal(180))],
        help_text=_("Độ thập phân, ví dụ 105.681335"),
    )
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    operating_since = models.DateField(_("hoạt động từ ngày"), null=True, blank=True)
    recorded_on = models.DateField(
        _("ngày ghi nhận"),
        help_text=_("Ngày của thông tin (xã, quy định áp dụng được xác định theo ngày này)."),
    )
    certificate = models.ForeignKey(
        "licensing.Certificate",
        verbose_name=_("giấy chứng nhận, giấy phép"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registry_facilities",
        db_index=False,  # facility_certificate
    )
    licence_number = models.CharField(
        _("số giấy phép/chứng nhận"),
        max_length=60,
        blank=True,
        help_text=_("Khi giấy được cấp ngoài hệ thống."),
    )
    notes = models.TextField(_("ghi chú"), blank=True)
    is_demo = models.BooleanField(_("dữ liệu minh họa"), default=False, editable=False)
    warnings = models.JSONField(_("cảnh báo"), default=list, blank=True, editable=False)
    search_name = models.TextField(editable=False, db_default="")

    # BTS
    site_code = models.CharField(_("mã trạm"), max_length=60, blank=True)
    technologies = models.CharField(
        _("công nghệ"), max_length=20, blank=True, help_text=_("Ví dụ: 2g,4g,5g")
    )
    tower_type = models.CharField(
        _("loại cột"), max_length=20, choices=TowerType.choices, blank=True
    )
    tower_height_m = models.DecimalField(
        _("chiều cao cột (m)"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(300))],
    )
    shared_infrastructure = models.BooleanField(_("dùng chung hạ tầng"), default=False)
    construction_permit = models.CharField(_("giấy phép xây dựng"), max_length=100, blank=True)
    # Post
    post_type = models.CharField(
        _("loại điểm bưu chính"), max_length=20, choices=PostType.choices, blank=True
    )
    services = models.CharField(_("dịch vụ cung cấp"), max_length=500, blank=True)
    has_internet = models.BooleanField(_("có truy nhập Internet"), default=False)
    has_reading_room = models.BooleanField(_("có phòng đọc sách báo"), default=False)
    # Radio
    radio_level = models.CharField(
        _("cấp đài"), max_length=10, choices=RadioLevel.choices, blank=True
    )
    radio_technology = models.CharField(
        _("công nghệ truyền thanh"), max_length=10, choices=RadioTechnology.choices, blank=True
    )
    loudspeaker_clusters = models.PositiveIntegerField(_("số cụm loa"), null=True, blank=True)
    villages_covered = models.PositiveIntegerField(_("số thôn/bản có loa"), null=True, blank=True)
    villages_total = models.PositiveIntegerField(_("tổng số thôn/bản"), null=True, blank=True)
    condition = models.CharField(
        _("tình trạng kỹ thuật"), max_length=10, choices=Condition.choices, blank=True
    )
    # Internet agents, game points, public access points
    internet_provider = models.CharField(
        _("doanh nghiệp cung cấp Internet (hợp đồng đại lý)"), max_length=255, blank=True
    )
    machines = models.PositiveIntegerField(_("số máy tính"), null=True, blank=True)
    floor_area_m2 = models.DecimalField(
        _("diện tích phòng máy (m²)"),
        max_digits=8,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    urban_class = models.CharField(
        _("khu vực"), max_length=15, choices=UrbanClass.choices, blank=True
    )
    nearest_school = models.CharField(_("trường học gần nhất"), max_length=255, blank=True)
    school_distance_m = models.PositiveIntegerField(
        _("khoảng cách đến cổng trường (m)"), null=True, blank=True
    )
    host_place = models.CharField(_("nơi đặt điểm"), max_length=255, blank=True)

    scope = Scope(locality="commune", province="province")
    # The history is read a facility at a time (by id, core.views.history_of): the copies of
    # the row's other indexes would be written by every imported row and read by nothing.
    history_unindexed = (
        "code",
        "commune",
        "province",
        "old_commune",
        "operator_unit",
        "certificate",
    )

    class Meta:
        ordering = ["kind", "name", "pk"]
        indexes = [
            models.Index(fields=["province", "kind", "status"], name="facility_province_kind"),
            models.Index(fields=["commune", "kind"], name="facility_commune_kind"),
            models.Index(fields=["kind", "site_code"], name="facility_site_code"),
            # Few rows have these (most facilities have no operator unit in the directory, no
            # certificate issued here, no pre-2025 commune): a row without one, as every
            # imported row, writes nothing to these indexes; `= x` and `IN (…)` still use them.
            *(
                models.Index(
                    fields=[name],
                    condition=models.Q(**{f"{name}__isnull": False}),
                    name=f"facility_{name}",
                )
                for name in ("operator_unit", "old_commune", "certificate")
            ),
        ]
        constraints = [models.UniqueConstraint(fields=["code"], name="facility_code_unique")]
        verbose_name = _("cơ sở")
        verbose_name_plural = _("cơ sở")

    def __str__(self) -> str:
        return self.name

    @property
    def picker_label(self) -> str:
        """In a picker: code, name and address, so that two "Điểm BĐVHX xã …" or two BTS of one
        operator can be told apart (read from the row alone: no query per choice)."""
        head = " · ".join(filter(None, [self.code, self.name]))
        return f"{head} — {self.address}" if self.address else head

    def get_absolute_url(self) -> str:
        return reverse("registry:facility_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude" if self.longitude is None else "latitude"] = _(
                "Nhập cả vĩ độ và kinh độ, hoặc để trống cả hai."
            )
        if self.latitude is not None and not (
            LATITUDE_RANGE[0] <= self.latitude <= LATITUDE_RANGE[1]
        ):
            errors["latitude"] = _("%(v)s nằm ngoài lãnh thổ Việt Nam (từ 7,0 đến 23,5).") % {
                "v": number_format(self.latitude.normalize())
            }
        if self.longitude is not None and not (
            LONGITUDE_RANGE[0] <= self.longitude <= LONGITUDE_RANGE[1]
        ):
            errors["longitude"] = _("%(v)s nằm ngoài lãnh thổ Việt Nam (từ 102,0 đến 118,0).") % {
                "v": number_format(self.longitude.normalize())
            }
        if errors:
            raise ValidationError(errors)

    def refresh_search(self):
        self.search_name = fold_words(
            " ".join(
                filter(
                    None,
                    [
                        self.code,
                        self.name,
                        self.operator_name,
                        self.site_code,
                        self.address,
                        self.old_address,
                        self.licence_number,
                    ],
                )
            )
        )

    @property
    def technology_list(self) -> list[str]:
        return [t for t in self.technologies.split(",") if t]

    def technology_labels(self) -> str:
        labels = dict(Technology.choices)
        return ", ".join(str(labels.get(t, t)) for t in self.technology_list)

    @property
    def warning_text(self) -> str:
        """The rule warnings in one cell (each is a sentence)."""
        return " ".join(w["message"] for w in self.warnings or [])

    @property
    def operator_label(self) -> str:
        if self.operator_unit_id:
            return self.operator_unit.name
        return self.operator_name


# --- the commune ICT criterion ----------------------------------------------------------------


class Rule(models.TextChoices):
    POST_POINT = "post_point", _("Có điểm phục vụ bưu chính đang hoạt động")
    TELECOM_INTERNET = "telecom_internet", _("Có trạm BTS 3G/4G/5G hoặc điểm truy nhập Internet")
    RADIO_LOUDSPEAKERS = "radio_loudspeakers", _("Có đài truyền thanh hoạt động, loa đến các thôn")
    MANUAL = "manual", _("Cán bộ đánh giá (không lấy được từ sổ quản lý)")


class CriterionSet(ValidityPeriod, LegalRecord):
    """A version of the criterion (e.g. QĐ 318/QĐ-TTg for 2021–2025)."""

    code = models.CharField(_("mã"), max_length=30, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    legal_basis = models.CharField(_("căn cứ"), max_length=255)
    unconfirmed = models.BooleanField(_("chưa xác nhận căn cứ"), default=False)

    scope = Scope(internal=models.Q(pk__isnull=False))

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("bộ tiêu chí")
        verbose_name_plural = _("bộ tiêu chí")

    def __str__(self) -> str:
        return self.name


class Indicator(LegalRecord):
    criterion_set = models.ForeignKey(
        CriterionSet, on_delete=models.PROTECT, related_name="indicators"
    )
    code = models.CharField(_("mã chỉ tiêu"), max_length=10)
    name = models.CharField(_("nội dung"), max_length=500)
    rule = models.CharField(_("cách đánh giá"), max_length=30, choices=Rule.choices)
    position = models.PositiveSmallIntegerField(default=1)

    scope = Scope(internal=models.Q(pk__isnull=False))

    class Meta:
        ordering = ["criterion_set", "position"]
        constraints = [
            models.UniqueConstraint(fields=["criterion_set", "code"], name="indicator_code_once")
        ]
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class IndicatorAssessment(LegalRecord):
    """An officer's finding for an indicator the registry cannot tell, with its evidence."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("chỉ tiêu"), on_delete=models.PROTECT, related_name="assessments"
    )
    commune = models.ForeignKey(
        "geo.AdministrativeUnit",
        verbose_name=_("xã/phường"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    province = models.ForeignKey(
        "geo.AdministrativeUnit", on_delete=models.PROTECT, related_name="+", editable=False
    )
    met = models.BooleanField(_("đạt"))
    evidence = models.TextField(_("căn cứ, minh chứng"))
    assessed_on = models.DateField(_("ngày đánh giá"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    scope = Scope(locality="commune", province="province")

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        verbose_name = _("đánh giá chỉ tiêu")
        verbose_name_plural = _("đánh giá chỉ tiêu")

    def __str__(self) -> str:
        return f"{self.indicator.code} · {self.commune}"
