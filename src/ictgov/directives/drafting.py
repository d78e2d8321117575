"""Drafting tasks from a conclusion's text: the extractor, with names matched to `org` units.

The proposal is only a draft: nothing is saved until the user confirms each task.
"""

from datetime import date

from ictgov.org.selectors import match_units

from .extraction import ProposedTask, extract_tasks


def unit_matcher_for(*, province=None, on: date | None = None, host=None):
    """A matcher for the extractor: a name written in the text → (unit id, name) or None."""
    cache: dict[str, tuple[int, str] | None] = {}

    def match(name: str):
        if name not in cache:
            found = None
            if host is not None and name.strip().lower() in {"sở", "sở tt&tt"}:
                found = (host.pk, host.name)
            else:
                matches = match_units(name, on=on, province=province, limit=1)
                if matches:
                    found = (matches[0].unit.pk, matches[0].unit.name)
            cache[name] = found
        return cache[name]

    return match


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
