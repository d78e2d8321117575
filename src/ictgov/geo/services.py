"""Loading the geography from the `vietnam-provinces` package, idempotently."""

import time
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from ictgov.core.text import fold

from .models import CODE_WIDTH, REFORM_2025, AdministrativeUnit, Level, Succession

LEGACY_VALID_TO = REFORM_2025 - timedelta(days=1)
_PREFIXES = sorted(
    ["Thành phố", "Tỉnh", "Quận", "Huyện", "Thị xã", "Thị trấn", "Xã", "Phường", "Đặc khu"],
    key=len,
    reverse=True,
)


_FOLDED_PREFIXES = [fold(p) for p in _PREFIXES]


def short_name(name: str) -> str:
    for prefix in _PREFIXES:
        if name.startswith(prefix + " "):
            return name[len(prefix) + 1 :]
    return name


def folded_short_name(text: str) -> str:
    """'tinh Ha Giang' → 'ha giang': folded, without the division-type word."""
    folded = fold(text)
    for prefix in _FOLDED_PREFIXES:
        if folded.startswith(prefix + " "):
            return folded[len(prefix) + 1 :]
    return folded


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    links_created: int = 0
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.links_created)


def _key(level: str, code: int, legacy: bool) -> tuple[str, str, date | None]:
    return (level, str(int(code)).zfill(CODE_WIDTH[level]), None if legacy else REFORM_2025)


def _legacy_provinces_of(current: set[int]) -> set[int]:
    """The pre-2025 provinces that became (part of) the given current provinces."""
    from vietnam_provinces import _province_conversion_2025 as provinces

    return {
        int(old)
        for old, entry in provinces.OLD_TO_NEW.items()
        if any(int(new.code) in current for new in entry.new_provinces)
    }


def _desired_units(provinces: set[int] | None = None) -> list[dict]:
    """Every unit of both sets (or of `provinces`, current codes, and the old provinces they
    were formed from), parents before children, as plain dicts."""
    from vietnam_provinces import Province, Ward
    from vietnam_provinces.legacy import District as LegacyDistrict
    from vietnam_provinces.legacy import Province as LegacyProvince
    from vietnam_provinces.legacy import Ward as LegacyWard

    rows = []
    legacy_provinces = _legacy_provinces_of(provinces) if provinces is not None else None

    def add(level, item, legacy, parent_key, province):
        wanted = legacy_provinces if legacy else provinces
        if wanted is not None and int(province) not in wanted:
            return
        rows.append(
            {
                "key": _key(level, item.code, legacy),
                "name": item.name,
                "division_type": str(item.division_type),
                "parent_key": parent_key,
                "valid_to": LEGACY_VALID_TO if legacy else None,
            }
        )

    for p in LegacyProvince.iter_all():
        add(Level.PROVINCE, p, True, None, p.code)
    province_of_district = {}
    for d in LegacyDistrict.iter_all():
        province_of_district[d.code] = d.province_code
        add(Level.DISTRICT, d, True, _key(Level.PROVINCE, d.province_code, True), d.province_code)
    for w in LegacyWard.iter_all():
        parent = _key(Level.DISTRICT, w.district_code, True)
        add(Level.COMMUNE, w, True, parent, province_of_district[w.district_code])
    for p in Province.iter_all():
        add(Level.PROVINCE, p, False, None, p.code)
    for w in Ward.iter_all():
        parent = _key(Level.PROVINCE, w.province_code, False)
        add(Level.COMMUNE, w, False, parent, w.province_code)
    return rows


def _desired_links() -> dict[tuple, bool]:
    """(old key, new key) → partial, for provinces, communes and districts (via their communes)."""
    from vietnam_provinces import _province_conversion_2025 as provinces
    from vietnam_provinces import _ward_conversion_2025 as wards

    links: dict[tuple, bool] = {}
    for old_code, entry in provinces.OLD_TO_NEW.items():
        for new in entry.new_provinces:
            pair = (_key(Level.PROVINCE, old_code, True), _key(Level.PROVINCE, new.code, False))
            links[pair] = len(entry.new_provinces) > 1
    for old_code, entry in wards.OLD_TO_NEW.items():
        old = entry.old_ward
        for new in entry.new_wards:
            new_key = _key(Level.COMMUNE, new.code, False)
            links[(_key(Level.COMMUNE, old_code, True), new_key)] = old.is_partly_merged
            # The district level ended: its duties passed to the communes its communes became.
            links.setdefault((_key(Level.DISTRICT, old.district_code, True), new_key), True)
    return links


@transaction.atomic
def load_geography(provinces: set[str] | None = None) -> LoadResult:
    """Load (or repair) the geography; `provinces` (current codes) limits it to those provinces
    and the old ones they were formed from: the demo and most tests need no more."""
    started = time.perf_counter()
    wanted = {int(code) for code in provinces} if provinces else None
    result = LoadResult()
    existing = {
        (u.level, u.code, u.valid_from): u
        for u in AdministrativeUnit.objects.all().only(
            "id", "level", "code", "valid_from", "valid_to", "name", "division_type", "parent_id"
        )
    }
    ids = {key: unit.pk for key, unit in existing.items()}
    desired = _desired_units(wanted)
    to_update = []
    for level in (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE):
        to_create = []
        for row in desired:
            if row["key"][0] != level:
                continue
            parent_id = ids[row["parent_key"]] if row["parent_key"] else None
            fields = {
                "name": row["name"],
                "short_name": short_name(row["name"]),
                "division_type": row["division_type"],
                "parent_id": parent_id,
                "valid_to": row["valid_to"],
            }
            unit = existing.get(row["key"])
            if unit is None:
                lvl, code, valid_from = row["key"]
                to_create.append(
                    AdministrativeUnit(
                        level=lvl,
                        code=code,
                        valid_from=valid_from,
                        **fields,
                        search_name=fold(fields["name"]),
                        short_search_name=fold(fields["short_name"]),
                    )
                )
            elif any(getattr(unit, f) != v for f, v in fields.items() if f != "short_name"):
                for f, v in fields.items():
                    setattr(unit, f, v)
                unit.search_name = fold(unit.name)
                unit.short_search_name = fold(unit.short_name)
                to_update.append(unit)
        if to_create:
            AdministrativeUnit.objects.bulk_create(to_create, batch_size=2000)
            result.created += len(to_create)
            # bulk_create returns ids on PostgreSQL and SQLite ≥ 3.35
            for unit in to_create:
                ids[(unit.level, unit.code, unit.valid_from)] = unit.pk
    if to_update:
        AdministrativeUnit.objects.bulk_update(
            to_update,
            [
                "name",
                "short_name",
                "division_type",
                "parent",
                "valid_to",
                "search_name",
                "short_search_name",
            ],
            batch_size=2000,
        )
        result.updated = len(to_update)

    existing_links = set(Succession.objects.values_list("predecessor_id", "successor_id"))
    new_links = []
    for (old_key, new_key), partial in _desired_links().items():
        pair = (ids.get(old_key), ids.get(new_key))
        if None in pair or pair in existing_links:
            continue
        existing_links.add(pair)
        new_links.append(
            Succession(
                predecessor_id=pair[0],
                successor_id=pair[1],
                effective_on=REFORM_2025,
                partial=partial,
            )
        )
    Succession.objects.bulk_create(new_links, batch_size=5000)
    result.links_created = len(new_links)
    result.seconds = time.perf_counter() - started
    return result
