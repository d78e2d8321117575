"""Facilities in and out of Excel, through core.imports: a template per type, an import that
checks every row (required fields, coordinates inside Vietnam, commune codes that exist on the
record's date, duplicates in the file and in the registry) and writes nothing if any row is
wrong; the export of a filtered list in the same columns, so that it imports again."""

from datetime import date
from decimal import Decimal

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from ictgov.core.errors import ServiceError
from ictgov.core.imports import Column, ImportSpec, folded_column
from ictgov.core.scoping import home_areas, scope_q
from ictgov.core.text import fold, fold_many

from . import services
from .models import (
    KIND_FIELDS,
    LATITUDE_RANGE,
    LONGITUDE_RANGE,
    Facility,
    Kind,
    Status,
    Technology,
)


def _column_for(name: str) -> Column:
    """An import column from the model field's kind, label and choices."""
    field = Facility._meta.get_field(name)
    label = str(field.verbose_name)
    header = label[:1].upper() + label[1:]
    if name == "technologies":
        return Column(name, header, kind="choice", multiple=True, choices=Technology.choices)
    if field.choices:
        return Column(name, header, kind="choice", choices=field.choices, default="")
    internal = field.get_internal_type()
    if internal == "BooleanField":
        return Column(name, header, kind="bool", default=False)
    if internal in ("PositiveIntegerField", "IntegerField"):
        return Column(name, header, kind="int", min_value=0)
    if internal == "DecimalField":
        return Column(name, header, kind="decimal", min_value=Decimal(0))
    return Column(name, header, max_length=field.max_length, default="")


def columns(kind: str) -> list[Column]:
    return [
        Column("name", _("Tên cơ sở"), required=True, max_length=255, example="Trạm Nghi Phú 1"),
        Column(
            "commune_code",
            _("Mã xã"),
            required=True,
            help=_("xã/phường hiện nay, hoặc xã cũ trước 01/7/2025 (khi đó ngày phải trước đó)"),
            example="17266",
        ),
        Column("new_commune_code", _("Mã xã mới"), help=_("khi xã cũ nay thuộc nhiều xã")),
        Column(
            "recorded_on",
            _("Ngày của thông tin"),
            kind="date",
            help=_("để trống: hôm nay; mã xã được đối chiếu theo ngày này"),
        ),
        Column("street", _("Số nhà, đường, thôn/xóm"), max_length=255, default=""),
        Column(
            "latitude",
            _("Vĩ độ"),
            kind="decimal",
            min_value=LATITUDE_RANGE[0],
            max_value=LATITUDE_RANGE[1],
            help=_("độ thập phân trong lãnh thổ Việt Nam"),
            example="18.679585",
        ),
        Column(
            "longitude",
            _("Kinh độ"),
            kind="decimal",
            min_value=LONGITUDE_RANGE[0],
            max_value=LONGITUDE_RANGE[1],
            example="105.681335",
        ),
        Column("status", _("Tình trạng"), kind="choice", choices=Status.choices, default="active"),
        Column("operator_name", _("Doanh nghiệp, chủ cơ sở"), max_length=255, default=""),
        Column("operating_since", _("Hoạt động từ ngày"), kind="date"),
        Column("licence_number", _("Số giấy phép/chứng nhận"), max_length=60, default=""),
        *(_column_for(name) for name in KIND_FIELDS[Kind(kind)]),
        Column("notes", _("Ghi chú"), default=""),
    ]


def _unique(kind: str):
    if kind == Kind.BTS:
        return [("site_code",), ("commune_code", "name")]
    return [("commune_code", "name")]


CHUNK_ROWS = 10_000

# Excel names a sheet in at most 31 characters: these types' names are longer.
SHEET_TITLES = {
    Kind.POST: _l("Bưu cục, điểm BĐVHX"),
    Kind.GAME_POINT: _l("Điểm trò chơi điện tử công cộng"),
    Kind.PUBLIC_ACCESS: _l("Điểm truy nhập Internet"),
}


def spec(kind: str, geography: "services.Geography | None" = None, user=None) -> ImportSpec:
    """The import of one type of facility (the template and the checks). A large file is
    checked and written `CHUNK_ROWS` rows at a time (core.imports' `chunk_rows`); each chunk
    is checked against the registry before it is written (see `_check_registry`). With
    `user`, a row placed outside the provinces the user keeps is refused (as
    `create_facility` refuses it)."""
    state = {"geography": geography}
    provinces = None  # None: every province
    if user is not None and scope_q(Facility, user) is not None:
        provinces = {a.pk for a in home_areas(user)}

    def check(rows):
        if "known" not in state:  # rows checked without a file's look-ahead
            state["known"] = _registry_of(kind, [], [])
        codes = {r.values["commune_code"] for r in rows if r.values["commune_code"]} | {
            r.values["new_commune_code"] for r in rows if r.values["new_commune_code"]
        }
        geo = state["geography"]
        if geo is None:
            geo = state["geography"] = services.Geography(codes=codes)
        else:
            geo.load(codes)  # the communes a chunk names that the ones before did not
        today = timezone.localdate()
        # A file names a few hundred communes on a few dates: each (code, date, new code)
        # is placed once, its placement or its problem kept for the next row that names it.
        placed: dict[tuple, tuple] = state.setdefault("placed", {})
        for row in rows:
            v = row.values
            if v["commune_code"] is None:
                continue
            if (v["latitude"] is None or v["longitude"] is None) and (
                row.cell("latitude") in (None, "")
            ) != (row.cell("longitude") in (None, "")):  # (both given: both cells were filled)
                row.error(
                    "longitude" if v["longitude"] is None else "latitude",
                    _("nhập cả vĩ độ và kinh độ, hoặc để trống cả hai."),
                )
            on = v["recorded_on"] or today
            if on > today:
                row.error("recorded_on", _("ngày của thông tin không được sau hôm nay."))
                continue
            key = (v["commune_code"], on, v["new_commune_code"])
            found = placed.get(key)
            if found is None:
                try:
                    found = placed[key] = (geo.place(*key), None)
                except ServiceError as exc:
                    found = placed[key] = (None, " ".join(exc.messages))
                if found[0] is not None and provinces is not None:
                    province = found[0].province
                    if province.pk not in provinces:
                        found = placed[key] = (
                            None,
                            _("%(commune)s (%(province)s) ngoài phạm vi quản lý của bạn.")
                            % {"commune": found[0].commune.name, "province": province.name},
                        )
            row.placement = found[0]
            if found[1] is not None:
                row.error("commune_code", found[1])
        _check_registry(kind, rows, state["known"])

    def look_ahead(values):
        """What the registry holds of the file's site codes and communes, looked up before
        any chunk of the file is written (a chunk's own rows would match)."""
        codes = {c for key in ("commune_code", "new_commune_code") for c in values(key) or () if c}
        geo = state["geography"]
        if geo is None:
            geo = state["geography"] = services.Geography(codes=codes)
        else:
            geo.load(codes)
        sites = [c for c in values("site_code") or () if c] if kind == Kind.BTS else []
        state["known"] = _registry_of(kind, sites, list(geo.by_pk))

    return ImportSpec(
        title=str(SHEET_TITLES.get(kind, Kind(kind).label)),
        columns=columns(kind),
        unique=_unique(kind),
        check_rows=check,
        chunk_rows=CHUNK_ROWS,
        look_ahead=look_ahead,
    )


class _Registry:
    """What the registry holds of a file: the site codes it has (folded), and the folded
    names of the facilities of each commune looked up (more are looked up when a row is
    placed in a commune not looked up yet)."""

    def __init__(self, kind: str, sites: set[str], names: dict[int, set[str]]):
        self.kind, self.sites, self.names = kind, sites, names

    def names_in(self, communes) -> None:
        new = sorted(set(communes) - self.names.keys())
        for start in range(0, len(new), 1000):
            part = new[start : start + 1000]
            found: dict[int, list[str]] = {commune_id: [] for commune_id in part}
            query = Facility.objects.filter(kind=self.kind, commune_id__in=part)
            for commune_id, name in query.values_list("commune_id", "name"):
                found[commune_id].append(name)
            self.names.update((c, set(fold_many(given))) for c, given in found.items())


def _registry_of(kind: str, sites: list[str], communes: list[int]) -> _Registry:
    """The registry's facilities of `kind` with these site codes (a BTS file's), and the
    names in these communes: two queries, whatever the file's size."""
    existing: set[str] = set()
    if sites:
        # Site codes as typed, and upper-cased (they are ASCII: folding only changes the case).
        typed = list(set(sites) | {c.upper() for c in sites})
        existing = {fold(c) for c in _existing_site_codes(kind, typed)}
    registry = _Registry(kind, existing, {})
    registry.names_in(communes)
    return registry


def _check_registry(kind: str, rows, registry: "_Registry"):
    """Rows already in the registry (a BTS by its site code, any other by its name in its
    commune), from what `registry` holds (looked up before the file is written), the rows
    compared a column at a time."""
    if not rows:
        return
    # Each placement is shared by the rows of its (code, date, new code): its commune once.
    communes_of: dict[int, int] = {}
    commune_ids = []
    for row in rows:
        p = getattr(row, "placement", None)
        if p is None:
            commune_ids.append(None)
            continue
        pk = communes_of.get(id(p))
        if pk is None:
            pk = communes_of[id(p)] = p.commune.pk
        commune_ids.append(pk)
    registry.names_in(communes_of.values())  # those the file's codes did not name (none)
    names = registry.names
    folded_names = folded_column(rows, "name")
    sites = [r.values.get("site_code") for r in rows] if kind == Kind.BTS else [None] * len(rows)
    folded_sites = folded_column(rows, "site_code") if registry.sites else sites
    taken = [
        pk is not None and name in names[pk]
        for pk, name in zip(commune_ids, folded_names, strict=True)
    ]
    if not registry.sites.intersection(folded_sites) and not any(taken):
        return  # nothing already in the registry: no row to name
    for row, pk, site, folded_site, name_taken in zip(
        rows, commune_ids, sites, folded_sites, taken, strict=True
    ):
        if pk is None:
            continue
        if site and folded_site in registry.sites:
            row.error("site_code", _("mã trạm %(c)s đã có trong sổ quản lý.") % {"c": site})
        elif name_taken:
            row.error(
                "name",
                _("đã có cơ sở cùng tên ở %(c)s trong sổ quản lý.")
                % {"c": row.placement.commune.name},
            )


def _existing_site_codes(kind: str, typed: list[str]) -> list[str]:
    """The site codes of `typed` already in the registry: one query with an array on
    PostgreSQL (a hundred thousand codes), lists of a thousand elsewhere."""
    if connection.vendor == "postgresql":
        # The codes as one text the server splits (adapting a list of 100,000 strings one by
        # one cost Python 0.1 s, before the first chunk could be written).
        sep = "\x1f"
        joined = sep.join(typed)
        array = "string_to_array(%s, E'\\x1f')" if joined.count(sep) == len(typed) - 1 else "%s"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT site_code FROM {Facility._meta.db_table} "
                f"WHERE kind = %s AND site_code = ANY({array})",
                [kind, joined if array != "%s" else typed],
            )
            return [code for (code,) in cursor.fetchall()]
    found = []
    for start in range(0, len(typed), 1000):
        found += Facility.objects.filter(
            kind=kind, site_code__in=typed[start : start + 1000]
        ).values_list("site_code", flat=True)
    return found


def prepare(params: dict, user):
    """The handler of an import job (core.imports.start_import): the spec and its save."""
    kind = params["kind"]
    if not services.can_edit(user):
        raise PermissionError("not allowed")

    def save(rows):
        return services.bulk_create_facilities(kind, rows, user=user)

    return spec(kind, user=user), save


# --- export -----------------------------------------------------------------------------------


def export_columns(kind: str | None):
    """(headers, row function) of the export: the import's columns (the commune as entered and
    its successor), then what the system adds (code, both addresses, warnings)."""
    cols = columns(kind or Kind.BTS)
    if kind is None:  # every type: the shared columns only
        shared = {c.key for c in columns(Kind.BTS)} - set(KIND_FIELDS[Kind.BTS])
        cols = [c for c in cols if c.key in shared]
    headers = [str(c.header) for c in cols] + [
        _("Mã cơ sở"),
        _("Loại cơ sở"),
        _("Địa chỉ"),
        _("Địa chỉ cũ"),
        _("Cảnh báo"),
    ]
    choice_labels = {
        c.key: {value: label for value, label in c.choices} for c in cols if c.kind == "choice"
    }

    def value(f: Facility, key: str):
        if key == "commune_code":
            return (f.old_commune or f.commune).code
        if key == "new_commune_code":
            return f.commune.code if f.old_commune_id else ""
        if key == "technologies":
            return f.technology_labels()
        raw = getattr(f, key)
        if key in choice_labels and raw:
            return str(choice_labels[key].get(raw, raw))
        if isinstance(raw, Decimal):
            return float(raw)
        if isinstance(raw, date) or raw is None or isinstance(raw, (bool, int)):
            return raw
        return str(raw)

    def row(f: Facility):
        return [value(f, c.key) for c in cols] + [
            f.code,
            f.get_kind_display(),
            f.address,
            f.old_address,
            f.warning_text,
        ]

    return headers, row
