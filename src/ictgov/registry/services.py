"""Every write of the registry: facilities (one or a whole file), placing an address in today's
geography, the rule warnings of game points, officers' criterion assessments.

Addresses: a facility is placed by a commune valid on the record's date. A commune that no
longer exists (before the 2025 reform) is kept as `old_commune` and the facility is linked to
its successor through geo's succession links; when it was split among several new communes the
caller names which (`new_commune`), otherwise the record is refused with the candidates.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import CharField, F, Value
from django.db.models.functions import Cast, Concat, LPad
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from ictgov.core.errors import ServiceError
from ictgov.core.imports import folded_column
from ictgov.core.models import valid_on_q
from ictgov.core.roles import Role
from ictgov.core.scoping import visible
from ictgov.core.text import fold_many, fold_words, fold_words_many
from ictgov.geo.models import AdministrativeUnit, Level

from .models import (
    KIND_FIELDS,
    KIND_PREFIX,
    Facility,
    IndicatorAssessment,
    Kind,
    Status,
    UrbanClass,
)

# Operators' names, streets, licence numbers repeat row after row in an import.
_fold_repeated = lru_cache(maxsize=4096)(fold_words)

# Decree 147/2024/NĐ-CP replaced 72/2013 for game points from this day (FACTS §2).
DECREE_147_FROM = date(2024, 12, 25)
MIN_SCHOOL_DISTANCE_M = 200
MIN_AREA_M2 = {UrbanClass.SPECIAL_TO_III: 50, UrbanClass.IV_V: 40, UrbanClass.OTHER: 30}
SOURCE_72 = "Nghị định 72/2013/NĐ-CP, sửa đổi bởi Nghị định 27/2018/NĐ-CP (Điều 35)"
SOURCE_147 = "Nghị định 147/2024/NĐ-CP (Điều 62)"


# --- who may ----------------------------------------------------------------------------------


def can_edit(user) -> bool:
    """The department's staff keep the registry."""
    return user.is_authenticated and user.has_role(Role.LEADER, Role.OFFICER)


def can_assess(user) -> bool:
    """Staff, and a commune's officer for their own commune (scope does the rest)."""
    return user.is_authenticated and user.has_role(Role.LEADER, Role.OFFICER, Role.LOCALITY)


# --- placing an address -----------------------------------------------------------------------


@dataclass
class Placement:
    commune: AdministrativeUnit  # valid today
    old_commune: AdministrativeUnit | None  # as entered, when it no longer exists

    @property
    def province(self) -> AdministrativeUnit:
        return self.commune.province


def _place_name(unit: AdministrativeUnit) -> list[str]:
    return [unit.name, *(a.name for a in unit.ancestors())]


class Geography:
    """The communes of both sets and their successors, loaded once: placing 100,000 imported
    rows costs dictionary look-ups, not queries."""

    def __init__(self, today: date | None = None, codes=None):
        """All communes, or only those with `codes` (and what they became); `load(codes)`
        adds more."""
        self.today = today or timezone.localdate()
        self.by_code: dict[str, list[AdministrativeUnit]] = {}
        self.by_pk: dict[int, AdministrativeUnit] = {}
        self.successors: dict[int, list[int]] = {}
        self._asked: set[str] | None = set()  # the codes loaded; None: every commune
        self.load(codes)

    def load(self, codes=None) -> None:
        """Load the communes with `codes` not loaded yet (every commune when None) and the
        communes they became."""
        from ictgov.geo.models import Succession

        if self._asked is None:
            return
        units = AdministrativeUnit.objects.filter(level=Level.COMMUNE).select_related(
            "parent__parent"
        )
        if codes is not None:
            wanted = {
                str(c).strip().zfill(5) if str(c).strip().isdigit() else str(c).strip()
                for c in codes
            } - self._asked
            if not wanted:
                return
            self._asked |= wanted
            units = units.filter(code__in=sorted(wanted))
        else:
            self._asked = None
        frontier = self._add(units)
        while frontier:  # follow the links until every successor is loaded
            links = Succession.objects.filter(predecessor_id__in=frontier).values_list(
                "predecessor_id", "successor_id"
            )
            missing = set()
            for pred, succ in links:
                self.successors.setdefault(pred, []).append(succ)
                if succ not in self.by_pk:
                    missing.add(succ)
            frontier = (
                self._add(
                    AdministrativeUnit.objects.filter(
                        pk__in=missing, level=Level.COMMUNE
                    ).select_related("parent__parent")
                )
                if missing
                else []
            )

    def _add(self, units) -> list[int]:
        added = []
        for unit in units:
            if unit.pk in self.by_pk:
                continue
            self.by_code.setdefault(unit.code, []).append(unit)
            self.by_pk[unit.pk] = unit
            added.append(unit.pk)
        return added

    def commune_on(self, code: str, on: date) -> AdministrativeUnit | None:
        code = str(code).strip()
        if code.isdigit():
            code = code.zfill(5)
        for unit in self.by_code.get(code, []):
            if unit.is_valid_on(on):
                return unit
        return None

    def current_of(self, unit: AdministrativeUnit) -> list[AdministrativeUnit]:
        if unit.is_valid_on(self.today):
            return [unit]
        seen, frontier, found = {unit.pk}, [unit.pk], []
        while frontier:
            nxt = []
            for pk in frontier:
                for succ in self.successors.get(pk, []):
                    if succ in seen or succ not in self.by_pk:
                        continue
                    seen.add(succ)
                    (found if self.by_pk[succ].is_valid_on(self.today) else nxt).append(succ)
            frontier = nxt
        return sorted((self.by_pk[pk] for pk in found), key=lambda u: u.code)

    def place(self, code: str, on: date, new_code: str | None = None) -> Placement:
        """The placement of a facility entered with commune `code` on `on` (ServiceError when
        the code names no commune on that day, or an old commune split with no `new_code`)."""
        unit = self.commune_on(code, on)
        if unit is None:
            raise ServiceError(
                _("Mã xã %(code)s không phải là xã/phường nào vào ngày %(on)s.")
                % {"code": code, "on": f"{on:%d/%m/%Y}"},
                field="commune",
            )
        current = self.current_of(unit)
        if unit in current:
            return Placement(unit, None)
        if not current:
            raise ServiceError(
                _("Không tìm thấy xã/phường hiện nay kế thừa %(name)s.") % {"name": unit.name},
                field="commune",
            )
        if new_code:
            chosen = [u for u in current if u.code == str(new_code).strip().zfill(5)]
            if not chosen:
                raise ServiceError(
                    _("%(name)s nay thuộc %(list)s; mã xã mới %(code)s không thuộc số đó.")
                    % {"name": unit.name, "list": _names(current), "code": new_code},
                    field="commune",
                )
            return Placement(chosen[0], unit)
        if len(current) > 1:
            raise ServiceError(
                _("%(name)s nay thuộc nhiều xã/phường (%(list)s): ghi mã xã mới.")
                % {"name": unit.name, "list": _names(current)},
                field="commune",
            )
        return Placement(current[0], unit)


def _names(units) -> str:
    return "; ".join(f"{u.name} ({u.code})" for u in units)


def place(unit: AdministrativeUnit, on: date, new_commune=None) -> Placement:
    """One facility's placement (pages and API): `unit` is the commune as entered."""
    if unit.level != Level.COMMUNE:
        raise ServiceError(_("Chọn một xã/phường/đặc khu."), field="commune")
    if not unit.is_valid_on(on):
        raise ServiceError(
            _("%(name)s không tồn tại vào ngày %(on)s.")
            % {"name": unit.name, "on": f"{on:%d/%m/%Y}"},
            field="commune",
        )
    today = timezone.localdate()
    if unit.is_valid_on(today):
        return Placement(unit, None)
    current = unit.current_successors(today)
    if new_commune is not None:
        if new_commune not in current:
            raise ServiceError(
                _("%(name)s nay thuộc %(list)s.") % {"name": unit.name, "list": _names(current)},
                field="commune",
            )
        return Placement(new_commune, unit)
    if len(current) != 1:
        raise ServiceError(
            _("%(name)s nay thuộc nhiều xã/phường (%(list)s): chọn xã mới.")
            % {"name": unit.name, "list": _names(current)}
            if current
            else _("Không tìm thấy xã/phường hiện nay kế thừa %(name)s.") % {"name": unit.name},
            field="commune",
        )
    return Placement(current[0], unit)


def convert_address(text: str, on: date = date(2025, 6, 30)) -> tuple[str, Placement] | None:
    """An address written in the old form ("xóm 5, xã Nghi Phú, thành phố Vinh, tỉnh Nghệ An")
    → (street part, placement in today's geography), found through geo's names and succession
    links; None when the commune cannot be told."""
    parts = [p.strip() for p in text.split(",") if p.strip()]
    from ictgov.geo.services import folded_short_name

    units = AdministrativeUnit.objects.filter(valid_on_q(on)).select_related("parent__parent")
    for take in (3, 2):
        if len(parts) < take:
            continue
        tail = parts[-take:]
        names = [folded_short_name(p) for p in tail]
        candidates = units.filter(level=Level.COMMUNE, short_search_name=names[0])
        for unit in candidates:
            chain = [folded_short_name(a.name) for a in unit.ancestors()]
            if chain[: take - 1] == names[1:] or (take == 2 and names[1] in chain):
                try:
                    return ", ".join(parts[:-take]), place(unit, on)
                except ServiceError:
                    return None
    return None


EDITABLE = {
    "name",
    "operator_unit",
    "operator_name",
    "latitude",
    "longitude",
    "status",
    "operating_since",
    "certificate",
    "licence_number",
    "notes",
}

# --- facilities -------------------------------------------------------------------------------


def rule_warnings(facility: Facility) -> list[dict]:
    """The location and area rules of public game service points, chosen by the record's date
    (the day its facts hold, `recorded_on`): Decree 72/2013 (+27/2018) before 25/12/2024,
    Decree 147/2024 from then (FACTS §2: "a point certified in 2015 was judged under 72/2013; a
    warning today uses 147/2024"). A point open since 2015 and recorded today is not warned
    of a 200 m or 50 m² condition that no longer exists."""
    if facility.kind != Kind.GAME_POINT:
        return []
    on = facility.recorded_on
    out = []
    if on >= DECREE_147_FROM:
        if not facility.certificate_id and not facility.licence_number:
            out.append(
                {"message": _("Chưa có giấy chứng nhận đủ điều kiện."), "source": SOURCE_147}
            )
        return out
    if facility.school_distance_m is None:
        out.append(
            {
                "message": _("Chưa có khoảng cách đến cổng trường (tối thiểu %(m)d m).")
                % {"m": MIN_SCHOOL_DISTANCE_M},
                "source": SOURCE_72,
            }
        )
    elif facility.school_distance_m < MIN_SCHOOL_DISTANCE_M:
        out.append(
            {
                "message": _("Cách cổng trường %(school)s %(d)d m, dưới %(m)d m.")
                % {
                    "school": facility.nearest_school or "",
                    "d": facility.school_distance_m,
                    "m": MIN_SCHOOL_DISTANCE_M,
                },
                "source": SOURCE_72,
            }
        )
    minimum = MIN_AREA_M2.get(facility.urban_class or UrbanClass.OTHER, 30)
    if facility.floor_area_m2 is None:
        out.append(
            {
                "message": _("Chưa có diện tích phòng máy (tối thiểu %(m)d m²).") % {"m": minimum},
                "source": SOURCE_72,
            }
        )
    elif facility.floor_area_m2 < minimum:
        out.append(
            {
                "message": _("Diện tích phòng máy %(a)s m², dưới %(m)d m² (%(area)s).")
                % {
                    "a": _area(facility.floor_area_m2),
                    "m": minimum,
                    "area": UrbanClass(facility.urban_class or UrbanClass.OTHER).label,
                },
                "source": SOURCE_72,
            }
        )
    if not facility.certificate_id and not facility.licence_number:
        out.append({"message": _("Chưa có giấy chứng nhận đủ điều kiện."), "source": SOURCE_72})
    return out


def _area(value) -> str:
    """An area as written ("25", "27,5"), whatever its decimal places ("25.0" from a form)."""
    value = Decimal(str(value)).normalize()
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    return number_format(value)


class Places:
    """Each commune's place name ("Phường Vinh Phú, Tỉnh Nghệ An"), its folded words and its
    province, worked out once: an import places a hundred thousand rows in a few hundred
    communes."""

    def __init__(self):
        self._of: dict[int, tuple[str, str, AdministrativeUnit]] = {}

    def of(self, unit: AdministrativeUnit) -> tuple[str, str, AdministrativeUnit]:
        found = self._of.get(unit.pk)
        if found is None:
            names = _place_name(unit)
            place = ", ".join(names)
            found = self._of[unit.pk] = (place, fold_words(place), unit.province)
        return found


def _prepare(
    facility: Facility,
    placement: Placement,
    street: str,
    places: Places | None = None,
    folded_name: str | None = None,
):
    """Place the facility and fill what is derived from its fields (addresses, warnings, the
    search text: `Facility.refresh_search`'s, from the parts that change per row).
    `folded_name` is fold(name) when the caller has it (an import's duplicate checks)."""
    places = places or Places()
    commune, old = placement.commune, placement.old_commune
    place, folded_place, province = places.of(commune)
    cache = facility._state.fields_cache
    given = facility.__dict__  # the ids and their cached objects together, as the descriptors do
    given["commune_id"], cache["commune"] = commune.pk, commune
    given["province_id"], cache["province"] = province.pk, province
    given["old_commune_id"], cache["old_commune"] = (old.pk if old else None), old
    street = facility.street = (street or "").strip()
    facility.address = f"{street}, {place}" if street else place
    folded_street = _fold_repeated(street)
    if old is not None:
        old_place, folded_old, _province = places.of(old)
        facility.old_address = f"{street}, {old_place}" if street else old_place
    else:
        facility.old_address = ""
    if isinstance(facility.technologies, (list, tuple)):
        facility.technologies = ",".join(facility.technologies)
    for name in ("latitude", "longitude"):
        value = getattr(facility, name)
        if value is not None and not isinstance(value, Decimal):
            setattr(facility, name, Decimal(str(value)).quantize(Decimal("0.000001")))
    facility.warnings = rule_warnings(facility) if facility.kind == Kind.GAME_POINT else []
    parts = [
        _fold_repeated(facility.code),
        fold_words(facility.name, folded_name),
        _fold_repeated(facility.operator_name),
        fold_words(facility.site_code),
        folded_street,
        folded_place,
    ]
    if old is not None:
        parts += [folded_street, folded_old]
    parts.append(_fold_repeated(facility.licence_number))
    facility.search_name = " ".join(p for p in parts if p)


def _check(facility: Facility):
    try:
        facility.full_clean(exclude=["province", "commune", "code", "search_name"])
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        label = str(facility._meta.get_field(field).verbose_name) if field != "__all__" else ""
        label = label[:1].upper() + label[1:]  # heads the message, as a form names its field
        raise ServiceError(
            f"{label}: {' '.join(messages)}" if label else " ".join(messages), field=field
        ) from None


def _fill_codes(pks, with_search: bool = False):
    """KIND_PREFIX-id for rows just inserted (and its folded form at the head of the search
    text, for rows inserted in bulk)."""
    for kind, prefix in KIND_PREFIX.items():
        number = LPad(Cast("pk", CharField()), 7, Value("0"))
        changes = {"code": Concat(Value(f"{prefix}-"), number, output_field=CharField())}
        if with_search:
            changes["search_name"] = Concat(
                Value(f"{prefix.lower()} "),
                number,
                Value(" "),
                F("search_name"),
                output_field=CharField(),
            )
        Facility.objects.filter(pk__in=pks, kind=kind, code__isnull=True).update(**changes)


def _duplicate(facility: Facility) -> Facility | None:
    """The same facility already in the registry: a BTS by its site code, any other by its
    name in its commune."""
    qs = Facility.objects.filter(kind=facility.kind).exclude(pk=facility.pk)
    if facility.kind == Kind.BTS and facility.site_code:
        return qs.filter(site_code__iexact=facility.site_code).first()
    return qs.filter(commune=facility.commune, name__iexact=facility.name).first()


def _check_recorded_on(on: date) -> None:
    if on > timezone.localdate():  # as the import refuses it
        raise ServiceError(_("Ngày của thông tin không được sau hôm nay."), field="recorded_on")


def _check_in_scope(user, facility: Facility) -> None:
    """A facility just written must be one its writer may read (the scope, as every page has
    it): one placed in another province's commune is refused, and the write rolled back."""
    if not visible(Facility.objects.filter(pk=facility.pk), user).exists():
        raise ServiceError(
            _("%(commune)s (%(province)s) ngoài phạm vi quản lý của bạn.")
            % {"commune": facility.commune.name, "province": facility.province.name},
            field="commune",
        )


@transaction.atomic
def create_facility(
    user, kind: str, data: dict, *, commune, new_commune=None, recorded_on: date | None = None
) -> Facility:
    """A new facility of `kind` from the fields of its form (`COMMON_FIELDS` + its own)."""
    if not can_edit(user):
        raise PermissionDenied(_("Chỉ cán bộ của Sở được cập nhật sổ quản lý."))
    recorded_on = recorded_on or timezone.localdate()
    _check_recorded_on(recorded_on)
    placement = place(commune, recorded_on, new_commune)
    allowed = set(KIND_FIELDS[Kind(kind)]) | EDITABLE
    facility = Facility(kind=kind, recorded_on=recorded_on)
    for name, value in data.items():
        if name in allowed:
            setattr(facility, name, value)
    _prepare(facility, placement, data.get("street", ""))
    _check(facility)
    if (other := _duplicate(facility)) is not None:
        raise ServiceError(
            _("Đã có cơ sở trùng trong sổ: %(code)s %(name)s.")
            % {"code": other.code, "name": other.name}
        )
    facility._change_reason = _("Tạo mới")
    facility.save()
    _check_in_scope(user, facility)
    _fill_codes([facility.pk])
    facility.refresh_from_db(fields=["code"])
    facility.refresh_search()
    Facility.objects.filter(pk=facility.pk).update(search_name=facility.search_name)
    return facility


@transaction.atomic
def update_facility(
    user, facility: Facility, data: dict, *, commune=None, new_commune=None, reason: str = ""
) -> Facility:
    """Correct a facility (its history keeps the change and the reason)."""
    if not can_edit(user):
        raise PermissionDenied(_("Chỉ cán bộ của Sở được cập nhật sổ quản lý."))
    facility = visible(Facility.objects.select_for_update(), user).filter(pk=facility.pk).first()
    if facility is None:
        raise PermissionDenied
    allowed = set(KIND_FIELDS[Kind(facility.kind)]) | EDITABLE | {"recorded_on"}
    for name, value in data.items():
        if name in allowed:
            setattr(facility, name, value)
    _check_recorded_on(facility.recorded_on)
    if commune is not None:
        placement = place(commune, facility.recorded_on, new_commune)
    else:
        placement = Placement(facility.commune, facility.old_commune)
    _prepare(facility, placement, data.get("street", facility.street))
    _check(facility)
    if (other := _duplicate(facility)) is not None:
        raise ServiceError(
            _("Đã có cơ sở trùng trong sổ: %(code)s %(name)s.")
            % {"code": other.code, "name": other.name}
        )
    facility._change_reason = reason or _("Cập nhật")
    facility.save()
    _check_in_scope(user, facility)
    return facility


def certificate_issued(user, certificate) -> Facility | None:
    """A certificate issued (or linked) for a facility becomes the facility's licence when the
    facility has none, or had the one it replaces or an invalid one; its warnings follow."""
    facility = Facility.objects.select_for_update().filter(pk=certificate.facility_id).first()
    if facility is None or facility.certificate_id == certificate.pk:
        return facility
    current = facility.certificate
    if (
        current is not None
        and current.pk != certificate.replaces_id
        and current.status == "valid"
        and not current.is_expired()
    ):
        return facility
    facility.certificate = certificate
    facility.warnings = rule_warnings(facility)
    facility._history_user = user
    facility._change_reason = _("Giấy chứng nhận %s") % certificate.number
    facility.save()
    return facility


# --- import -----------------------------------------------------------------------------------


_TEMPLATE: dict | None = None


def _defaults() -> dict:
    """Every concrete field's value for a new facility that leaves it empty."""
    global _TEMPLATE
    if _TEMPLATE is None:
        defaults = {}
        for f in Facility._meta.concrete_fields:
            default = f.get_default() if f.has_default() else None
            if (
                default is None
                and not f.null
                and f.get_internal_type() in ("CharField", "TextField")
            ):
                default = ""
            defaults[f.attname] = default
        _TEMPLATE = defaults
    return _TEMPLATE


def facility_columns(
    kind: str, rows: list, *, demo: bool = False, places: "Places | None" = None
) -> tuple[dict, dict]:
    """The facility table's columns for checked rows of one kind (each row has `values`, the
    import's converted cells, and `placement`; a row of a file also `folded(key)`):
    (attribute name → one value per row, attribute name → the value of every row). The same
    fields as `create_facility` derives one at a time (`_prepare`: the addresses, the search
    text, a game point's warnings), a column at a time; the code and the search text's head
    come with the ids (`bulk_create_facilities`). The second map does not depend on the
    rows; `places` keeps each commune's names from one call to the next."""
    today = timezone.localdate()
    values = [r.values for r in rows]
    places = places or Places()
    # What a row takes from its placement, worked out once per placement (the rows of one
    # (commune code, date, new code) share theirs): ids, both place names, their words.
    of_placement: dict[int, tuple] = {}
    placed = []
    for row in rows:
        p = row.placement
        found = of_placement.get(id(p))
        if found is None:
            place, folded_place, province = places.of(p.commune)
            old = p.old_commune
            old_place, folded_old = places.of(old)[:2] if old is not None else ("", "")
            found = of_placement[id(p)] = (
                p.commune.pk,
                province.pk,
                old.pk if old is not None else None,
                place,
                folded_place,
                old_place,
                folded_old,
            )
        placed.append(found)
    streets = [(v["street"] or "").strip() for v in values]
    columns = {
        "name": [v["name"] for v in values],
        "street": streets,
        "commune_id": [p[0] for p in placed],
        "province_id": [p[1] for p in placed],
        "old_commune_id": [p[2] for p in placed],
        "address": [f"{s}, {p[3]}" if s else p[3] for s, p in zip(streets, placed, strict=True)],
        "old_address": [
            "" if p[2] is None else f"{s}, {p[5]}" if s else p[5]
            for s, p in zip(streets, placed, strict=True)
        ],
        "recorded_on": [v["recorded_on"] or today for v in values],
        "status": [v["status"] or Status.ACTIVE for v in values],
        "operator_name": [v["operator_name"] or "" for v in values],
        "operating_since": [v["operating_since"] for v in values],
        "licence_number": [v["licence_number"] or "" for v in values],
        "notes": [v["notes"] or "" for v in values],
    }
    for name in ("latitude", "longitude"):
        columns[name] = [
            x if x is None or isinstance(x, Decimal) else Decimal(str(x)).quantize(_MICRO)
            for x in (v[name] for v in values)
        ]
    defaults = _defaults()
    for name in KIND_FIELDS[Kind(kind)]:
        default = defaults[name]
        given = [v.get(name) for v in values]
        if name == "technologies":
            columns[name] = [default if t is None else ",".join(t) for t in given]
        else:
            columns[name] = [default if x is None else x for x in given]
    # The search text, as Facility.refresh_search folds it (but the code, added with the id),
    # each part a column at a time, each distinct street, operator or licence folded once.
    if rows and hasattr(rows[0], "folded"):
        folded_names = folded_column(rows, "name")
    else:
        folded_names = fold_many(columns["name"])
    sites = columns.get("site_code") or [""] * len(rows)
    folded_streets = _fold_words_column(streets)
    searches = []
    for name, operator, site, street, place, licence in zip(
        fold_words_many(folded_names),
        _fold_words_column(columns["operator_name"]),
        fold_words_many(fold_many(sites)),
        folded_streets,
        placed,
        _fold_words_column(columns["licence_number"]),
        strict=True,
    ):
        parts = [name, operator, site, street, place[4]]
        if place[2] is not None:
            parts += [street, place[6]]
        parts.append(licence)
        searches.append(" ".join(p for p in parts if p))
    columns["search_name"] = searches
    if kind == Kind.GAME_POINT:
        columns["warnings"] = [
            rule_warnings(_Fields(kind=kind, certificate_id=None, **row))
            for row in _rows_of(columns)
        ]
    constants = {  # the rest as a new facility has it (the id and the timestamps: when written)
        name: value
        for name, value in defaults.items()
        if name not in columns and name not in ("id", "created_at", "updated_at")
    }
    constants.update(kind=kind, is_demo=demo, code=None, certificate_id=None, operator_unit_id=None)
    if kind != Kind.GAME_POINT:
        constants["warnings"] = []
    return columns, constants


_MICRO = Decimal("0.000001")


def _fold_words_column(texts: list[str]) -> list[str]:
    """`fold_words` of each text, each distinct text once (a column of an import repeats a
    few operators and streets)."""
    distinct = list(dict.fromkeys(texts))
    memo = dict(zip(distinct, fold_words_many(fold_many(distinct)), strict=True))
    return [memo[t] for t in texts]


class _Fields:
    """A facility's fields by attribute, for `rule_warnings` of a row not yet made."""

    def __init__(self, **fields):
        self.__dict__.update(fields)


def _rows_of(columns: dict) -> Iterable[dict]:
    names = list(columns)
    for values in zip(*columns.values(), strict=True):
        yield dict(zip(names, values, strict=True))


def bulk_create_facilities(
    kind: str, rows, *, user=None, demo: bool = False, chunk: int = 10_000
) -> int:
    """Insert facilities of one kind from checked rows (the import, the demo: see
    `facility_columns`) with one "created" history record each: column by column by COPY on
    PostgreSQL (ids reserved first, so codes are written with the rows; each chunk of rows
    made while the server writes the one before), as model instances by bulk_create
    elsewhere (codes set right after). `rows` is a list, or an import's `RowChunks` (each
    chunk written as soon as it is checked)."""
    from ictgov.core.bulkcopy import copy_with_history, insert_with_history, reserve_ids
    from ictgov.core.imports import in_chunks

    if not len(rows):
        return 0
    reason = _("Dữ liệu minh họa") if demo else _("Nhập từ Excel")
    _columns, constants = facility_columns(kind, [], demo=demo)
    ids = reserve_ids(Facility, len(rows))
    if ids is not None:
        prefix = KIND_PREFIX[kind]
        low = prefix.lower()
        del constants["code"]
        places = Places()

        def chunks():
            start = 0
            for part in in_chunks(rows, chunk):
                columns, _constants = facility_columns(kind, part, demo=demo, places=places)
                numbers = ids[start : start + len(part)]
                start += len(part)
                columns["id"] = numbers
                columns["code"] = [f"{prefix}-{pk:07d}" for pk in numbers]
                # fold_words(code) at the head of the search text, as _fill_codes writes it.
                columns["search_name"] = [
                    f"{low} {pk:07d} {text}"
                    for pk, text in zip(numbers, columns["search_name"], strict=True)
                ]
                yield columns

        return copy_with_history(Facility, chunks(), constants, change_reason=reason, user=user)
    rows = [row for part in in_chunks(rows, chunk) for row in part]
    columns, _constants = facility_columns(kind, rows, demo=demo)
    objs = [Facility(**constants, **fields) for fields in _rows_of(columns)]
    objs = insert_with_history(objs, Facility, change_reason=reason, user=user)
    pks = [f.pk for f in objs]
    for start in range(0, len(pks), 20000):
        _fill_codes(pks[start : start + 20000], with_search=True)
    return len(objs)


# --- the criterion ----------------------------------------------------------------------------


@transaction.atomic
def record_assessment(
    user, *, indicator, commune, met: bool, evidence: str, assessed_on: date
) -> IndicatorAssessment:
    if not can_assess(user):
        raise PermissionDenied(_("Bạn không được đánh giá chỉ tiêu này."))
    if indicator.rule != "manual":
        raise ServiceError(
            _("Chỉ tiêu %(code)s được tính từ sổ quản lý, không nhập tay.")
            % {"code": indicator.code}
        )
    if not visible(AdministrativeUnit.objects.filter(pk=commune.pk), user).exists() or (
        user.role == Role.LOCALITY and user.locality_id not in (commune.pk, commune.parent_id)
    ):
        raise PermissionDenied(_("Xã/phường này ngoài phạm vi của bạn."))
    if not evidence.strip():
        raise ServiceError(_("Ghi căn cứ, minh chứng của đánh giá."), field="evidence")
    if assessed_on > timezone.localdate():
        raise ServiceError(_("Ngày đánh giá không được sau hôm nay."), field="assessed_on")
    criterion_set = indicator.criterion_set
    if not criterion_set.is_valid_on(assessed_on):
        raise ServiceError(
            _("Chỉ tiêu %(code)s thuộc %(set)s, không áp dụng vào ngày %(on)s.")
            % {"code": indicator.code, "set": criterion_set.name, "on": f"{assessed_on:%d/%m/%Y}"},
            field="indicator",
        )
    return IndicatorAssessment.objects.create(
        indicator=indicator,
        commune=commune,
        province=commune.province,
        met=met,
        evidence=evidence.strip(),
        assessed_on=assessed_on,
        assessed_by=user,
    )
