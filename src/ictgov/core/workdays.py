"""The working-day calendar used for every statutory deadline.

A working day is Monday–Friday, minus Vietnam's public holidays (the ``holidays`` package, lunar
holidays included) and the days off the government announces, plus the Saturdays announced as
make-up working days (làm bù). Announcements are ``CalendarOverride`` rows an administrator can
add; an override wins over the package.

Counting follows Civil Code 2015 Art. 147–148: the day a period starts is not counted.

Each year is computed once per process (a bytearray of flags and a running count, so counting
and adding are a bisect, not a loop over days). Saving or deleting a ``CalendarOverride`` clears
this process's cache at once; other processes pick the change up within
``ICTGOV["CALENDAR_CACHE_SECONDS"]`` (default 300 s). ``QuerySet.update()`` and ``bulk_create()``
send no signals: call ``clear_cache()`` after them.
"""

from __future__ import annotations

import threading
import time
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext as _

from .models import CalendarOverride

__all__ = [
    "CalendarRangeError",
    "DayInfo",
    "add_working_days",
    "clear_cache",
    "day_info",
    "is_working_day",
    "next_working_day",
    "previous_working_day",
    "working_days_between",
]

# The years `holidays.VN` knows; the package itself is imported when a year is first computed,
# so that starting a process (`ictgov check`, a worker) does not pay for it.
FIRST_YEAR: int = 1901
LAST_YEAR: int = 2100
_DEFAULT_TTL = 300.0


class CalendarRangeError(ValueError):
    """The date lies outside the years whose holidays are known (1901–2100 for ``holidays.VN``)."""


class DayInfo(NamedTuple):
    day: date
    working_day: bool
    # Why the day is off (holiday, announced day off, weekend) or why a Saturday is worked.
    reason: str | None


@dataclass(frozen=True, slots=True)
class _Year:
    year: int
    first_ordinal: int
    working: bytes  # working[i] == 1 when day i of the year (0-based) is a working day
    running: tuple[int, ...]  # running[i] = working days among days 0..i
    total: int
    reasons: dict[date, str]
    expires: float


_cache: dict[int, _Year] = {}
_lock = threading.Lock()


def _ttl() -> float:
    return float(getattr(settings, "ICTGOV", {}).get("CALENDAR_CACHE_SECONDS", _DEFAULT_TTL))


def _build(year: int) -> _Year:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise CalendarRangeError(
            _("Lịch ngày làm việc chỉ tính được cho các năm %(first)s–%(last)s.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )
    first = date(year, 1, 1)
    length = (date(year + 1, 1, 1) - first).days
    working = bytearray(1 if (first + timedelta(i)).weekday() < 5 else 0 for i in range(length))
    reasons: dict[date, str] = {}
    import holidays

    for day, name in holidays.country_holidays("VN", years=year, language="vi").items():
        working[day.timetuple().tm_yday - 1] = 0
        reasons[day] = name
    overrides = CalendarOverride.objects.filter(day__year=year).values_list("day", "kind", "reason")
    for day, kind, reason in overrides:
        working[day.timetuple().tm_yday - 1] = 1 if kind == CalendarOverride.Kind.WORKING_DAY else 0
        reasons[day] = reason
    running, count = [], 0
    for flag in working:
        count += flag
        running.append(count)
    return _Year(
        year=year,
        first_ordinal=first.toordinal(),
        working=bytes(working),
        running=tuple(running),
        total=count,
        reasons=reasons,
        expires=time.monotonic() + _ttl(),
    )


def _year(year: int) -> _Year:
    entry = _cache.get(year)
    if entry is None or entry.expires < time.monotonic():
        with _lock:
            entry = _build(year)
            _cache[year] = entry
    return entry


def clear_cache() -> None:
    """Forget every computed year; the next call reloads holidays and overrides."""
    _cache.clear()


@receiver(post_save, sender=CalendarOverride, dispatch_uid="ictgov.core.workdays.saved")
@receiver(post_delete, sender=CalendarOverride, dispatch_uid="ictgov.core.workdays.deleted")
def _override_changed(sender, **kwargs) -> None:
    # Clear everything: an edit may have moved the day from one year to another.
    clear_cache()


def _index(d: date) -> tuple[_Year, int]:
    y = _year(d.year)
    return y, d.toordinal() - y.first_ordinal


def is_working_day(d: date) -> bool:
    """Whether civil servants work on `d`."""
    y, i = _index(d)
    return y.working[i] == 1


def day_info(d: date) -> DayInfo:
    """Whether `d` is a working day and why (holiday name, announcement, weekend)."""
    y, i = _index(d)
    working = y.working[i] == 1
    reason = y.reasons.get(d)
    if reason is None and not working:
        reason = _("Thứ Bảy") if d.weekday() == 5 else _("Chủ nhật")
    return DayInfo(d, working, reason)


def add_working_days(start: date, n: int) -> date:
    """The `n`-th working day after `start` (the start day itself is not counted).

    ``n == 0`` gives `start` if it is a working day, else the next one (Civil Code Art. 148:
    a period ending on a day off ends on the next working day). Negative `n` counts backwards:
    ``add_working_days(d, -1)`` is the last working day before `d`.
    """
    if n == 0:
        return start if is_working_day(start) else next_working_day(start)
    y, i = _index(start)
    if n > 0:
        remaining, base = n, y.running[i]
        while True:
            available = y.total - base
            if remaining <= available:
                j = bisect_left(y.running, base + remaining)
                return date.fromordinal(y.first_ordinal + j)
            remaining -= available
            y, base = _year(y.year + 1), 0
    remaining = -n
    before = y.running[i] - y.working[i]  # working days earlier in the year than `start`
    while True:
        if remaining <= before:
            j = bisect_left(y.running, before - remaining + 1)
            return date.fromordinal(y.first_ordinal + j)
        remaining -= before
        y = _year(y.year - 1)
        before = y.total


def next_working_day(d: date) -> date:
    """The first working day strictly after `d` (for "`d` or the next one" use n=0)."""
    return add_working_days(d, 1)


def previous_working_day(d: date) -> date:
    """The last working day strictly before `d`."""
    return add_working_days(d, -1)


def working_days_between(a: date, b: date) -> int:
    """Working days after `a` up to and including `b`; negative (the same count) when b < a."""
    if b < a:
        return -working_days_between(b, a)
    ya, ia = _index(a)
    yb, ib = _index(b)
    if ya.year == yb.year:
        return yb.running[ib] - ya.running[ia]
    count = ya.total - ya.running[ia] + yb.running[ib]
    for year in range(ya.year + 1, yb.year):
        count += _year(year).total
    return count
