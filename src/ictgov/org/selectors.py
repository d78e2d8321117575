"""Reads of the organisation registry, including matching names written in free text to units."""

from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz, process

from ictgov.core.models import valid_on_q
from ictgov.core.text import expand_abbreviations

from .models import Unit


@dataclass(frozen=True)
class UnitMatch:
    unit: Unit
    score: float  # 0–100
    matched_name: str


def match_units(
    text: str, *, on: date | None = None, province=None, limit: int = 5, min_score: float = 80
) -> list[UnitMatch]:
    """Units whose name, abbreviation or alias fits `text`, best first.

    Accent-insensitive and fuzzy ("So Tai chinh", "Sở TC", typos); restricted to units valid on
    `on` and, when `province` is given, to units of that province (or with no locality).
    """
    query = expand_abbreviations(text)
    if not query:
        return []
    qs = Unit.objects.all()
    if on is not None:
        qs = qs.filter(valid_on_q(on))
    if province is not None:
        qs = qs.filter(within_province_q(province))
    choices: dict[tuple[int, int], str] = {}
    units = {}
    for unit in qs.only("id", "name", "search_name", "kind", "admin_unit_id", "parent_id"):
        units[unit.pk] = unit
        for i, name in enumerate(unit.search_name.splitlines()):
            choices[(unit.pk, i)] = name
    best: dict[int, UnitMatch] = {}
    for name, score, key in process.extract(
        query, choices, scorer=_score, limit=limit * 4, score_cutoff=min_score
    ):
        unit_id = key[0]
        if unit_id not in best or best[unit_id].score < score:
            best[unit_id] = UnitMatch(units[unit_id], score, name)
    return sorted(best.values(), key=lambda m: (-m.score, len(m.matched_name)))[:limit]


def _score(query: str, choice: str, **kwargs) -> float:
    # Whole-name similarity, tolerant of typos; a short query must not match inside a long name.
    return fuzz.ratio(query, choice, **kwargs)


def within_province_q(province):
    """Units of `province` (at any level below it) or central ones (no locality)."""
    from django.db.models import Q

    return (
        Q(admin_unit__isnull=True)
        | Q(admin_unit=province)
        | Q(admin_unit__parent=province)
        | Q(admin_unit__parent__parent=province)
    )


def best_unit(text: str, **kwargs) -> Unit | None:
    matches = match_units(text, limit=1, **kwargs)
    return matches[0].unit if matches else None
