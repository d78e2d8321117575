"""Drafting tasks from a conclusion's text: the extractor, with names matched to `org` units.

The proposal is only a draft: nothing is saved until the user confirms each task. Names
that match no unit stay as written and are listed in each proposal's ``unmatched``.
"""

import re
from datetime import date

from ictgov.core.text import fold
from ictgov.org.selectors import match_units

from .extraction import ProposedTask, extract_tasks

# Names that mean the host department itself.
_HOST_NAMES = {"so", "so tt&tt", "so thong tin va truyen thong"}
# Words that show a name is a central body ("Bộ …", "Chính phủ", "Trung ương").
_CENTRAL_WORDS = {"bo", "chinh", "trung", "cuc", "tong"}
# "ngành TT&TT" of a province is its department: matched as "Sở TT&TT".
_SECTOR_RE = re.compile(r"^\s*ngành\s+", re.IGNORECASE)


def unit_matcher_for(*, province=None, on: date | None = None, host=None):
    """A matcher for the extractor: a name written in the text → (unit id, name) or None."""
    cache: dict[str, tuple[int, str] | None] = {}

    def match(name: str):
        if name not in cache:
            cache[name] = _match_one(name, province=province, on=on, host=host)
        return cache[name]

    return match


def _match_one(name: str, *, province, on, host) -> tuple[int, str] | None:
    folded = fold(name).strip()
    if host is not None and folded in _HOST_NAMES:
        return host.pk, host.name
    query = _SECTOR_RE.sub("Sở ", name)
    for m in match_units(query, on=on, province=province, limit=3):
        if _plausible(m.unit, name):
            return m.unit.pk, m.unit.name
    return None


def _plausible(unit, name: str) -> bool:
    # A central body only when the text names one: "ngành TT&TT" of a province is its Sở.
    if unit.admin_unit_id is not None:
        return True
    return any(w in _CENTRAL_WORDS for w in fold(name).split())


def propose_tasks(
    text: str, *, reference_date: date | None = None, province=None, host=None
) -> list[ProposedTask]:
    matcher = unit_matcher_for(province=province, on=reference_date, host=host)
    return extract_tasks(
        text,
        reference_date=reference_date,
        host=host.name if host is not None else None,
        unit_matcher=matcher,
    )
