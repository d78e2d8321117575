"""Reporting and recurrence periods: month, quarter, half-year and year, with the labels officials
write ("Tháng 3/2026", "Quý II/2026", "6 tháng đầu năm 2026", "Năm 2026").

Directives (recurring tasks), reporting (report periods) and emulation (the year) all use these."""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

ROMAN = ("I", "II", "III", "IV")


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Tháng")
    QUARTER = "quarter", _("Quý")
    HALF_YEAR = "half_year", _("6 tháng")
    YEAR = "year", _("Năm")


# Older names still stored on recurring tasks.
_ALIASES = {
    "monthly": "month",
    "quarterly": "quarter",
    "half_yearly": "half_year",
    "yearly": "year",
}
_MONTHS = {"month": 1, "quarter": 3, "half_year": 6, "year": 12}


@dataclass(frozen=True)
class Period:
    kind: str
    start: date
    end: date

    @property
    def label(self) -> str:
        return period_label(self.kind, self.start)

    @property
    def code(self) -> str:
        """A stable key: 2026-03, 2026-Q2, 2026-H1, 2026."""
        s = self.start
        return {
            "month": f"{s.year}-{s.month:02d}",
            "quarter": f"{s.year}-Q{(s.month - 1) // 3 + 1}",
            "half_year": f"{s.year}-H{(s.month - 1) // 6 + 1}",
            "year": f"{s.year}",
        }[self.kind]

    def next(self) -> "Period":
        return period_of(self.end + timedelta(days=1), self.kind)

    def previous(self) -> "Period":
        return period_of(self.start - timedelta(days=1), self.kind)

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    def __str__(self) -> str:
        return self.label


def normalise_kind(kind: str) -> str:
    kind = _ALIASES.get(kind, kind)
    if kind not in _MONTHS:
        raise ValueError(f"unknown period kind {kind!r}")
    return kind


def period_of(day: date, kind: str) -> Period:
    """The period of `kind` that contains `day`."""
    kind = normalise_kind(kind)
    months = _MONTHS[kind]
    first_month = (day.month - 1) // months * months + 1
    last_month = first_month + months - 1
    start = date(day.year, first_month, 1)
    end = date(day.year, last_month, calendar.monthrange(day.year, last_month)[1])
    return Period(kind, start, end)


def period_label(kind: str, start: date) -> str:
    kind = normalise_kind(kind)
    if kind == "month":
        return pgettext("period", "Tháng %(m)d/%(y)d") % {"m": start.month, "y": start.year}
    if kind == "quarter":
        return pgettext("period", "Quý %(q)s/%(y)d") % {
            "q": ROMAN[(start.month - 1) // 3],
            "y": start.year,
        }
    if kind == "half_year":
        if start.month <= 6:
            return pgettext("period", "6 tháng đầu năm %(y)d") % {"y": start.year}
        return pgettext("period", "6 tháng cuối năm %(y)d") % {"y": start.year}
    return pgettext("period", "Năm %(y)d") % {"y": start.year}


def periods_between(first: date, last: date, kind: str) -> list[Period]:
    """Every period of `kind` from the one containing `first` to the one containing `last`."""
    out = []
    period = period_of(first, kind)
    while period.start <= last:
        out.append(period)
        period = period.next()
    return out
