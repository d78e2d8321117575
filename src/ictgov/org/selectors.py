"""Reads of the organisation registry, including matching names written in free text to units."""

import re
from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from rapidfuzz import fuzz, process

from ictgov.core.models import valid_on_q
from ictgov.core.scoping import within_q
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
    A parenthesis names the parent ("Phòng Bưu chính, Viễn thông và Chuyển đổi số (Sở KH&CN
    Nghệ An)"): the name is matched without it, and a unit under that parent comes first.
    """
    bare, parent_hint = _split_parenthesis(text or "")
    query = expand_abbreviations(bare)
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
            name_bare = _PARENTHESIS_RE.sub(" ", name).strip()
            if name_bare != name:  # registry names carry their parent in brackets too
                choices[(unit.pk, -1 - i)] = " ".join(name_bare.split())
    best: dict[int, UnitMatch] = {}
    for name, score, key in process.extract(
        query, choices, scorer=_score, limit=limit * 4, score_cutoff=min_score
    ):
        unit_id = key[0]
        if unit_id not in best or best[unit_id].score < score:
            best[unit_id] = UnitMatch(units[unit_id], score, name)
    under_parent = _under_parent(best.values(), units, parent_hint)
    return sorted(
        best.values(),
        key=lambda m: (m.unit.pk not in under_parent, -m.score, len(m.matched_name)),
    )[:limit]


_PARENTHESIS_RE = re.compile(r"\(([^()]*)\)")


def _split_parenthesis(text: str) -> tuple[str, str | None]:
    """'Phòng X (Sở Y)' → ('Phòng X', 'Sở Y'); no parenthesis → (text, None)."""
    m = _PARENTHESIS_RE.search(text)
    if not m:
        return text, None
    return _PARENTHESIS_RE.sub(" ", text).strip(), m.group(1).strip() or None


def _under_parent(matches, units: dict, parent_hint: str | None) -> set[int]:
    """Ids of the matched units whose parent (or bracketed parent) fits `parent_hint`."""
    if not parent_hint:
        return set()
    hint = expand_abbreviations(parent_hint)
    found = set()
    for m in matches:
        names = [expand_abbreviations(p) for p in _PARENTHESIS_RE.findall(m.unit.name)]
        parent = units.get(m.unit.parent_id) if m.unit.parent_id else None
        if parent is None and m.unit.parent_id:
            parent = Unit.objects.filter(pk=m.unit.parent_id).only("search_name").first()
        if parent is not None:
            names += parent.search_name.splitlines()
        if any(fuzz.token_set_ratio(hint, n) >= 85 for n in names):
            found.add(m.unit.pk)
    return found


def _score(query: str, choice: str, **kwargs) -> float:
    # Whole-name similarity, tolerant of typos; a short query must not match inside a long name.
    return fuzz.ratio(query, choice, **kwargs)


def within_province_q(province):
    """Units of `province` (at any level below it) or central ones (no locality)."""
    return Q(admin_unit__isnull=True) | within_q("admin_unit", province)


def best_unit(text: str, **kwargs) -> Unit | None:
    matches = match_units(text, limit=1, **kwargs)
    return matches[0].unit if matches else None
