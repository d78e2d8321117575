"""Processing clocks in working days, stored as segments (running / paused with a reason).

A clock starts on the day a record is received with a budget of working days (the statutory
processing time); the promised date is that many working days later (`core.workdays`: the day
of receipt is not counted). Pausing (e.g. while an applicant supplements) closes the running
segment and opens a paused one; resuming closes it and, by the clock's rule, either

* ``pause``: pushes the promised date back by the working days the clock stood still, or
* ``restart``: counts the whole budget again from the day it resumes.

Which rule applies is the caller's data (for dossiers, a `Parameter`: the one-stop rule on this
point is unconfirmed). Extending (an apology slip with a new date) moves the promised date
explicitly. Every move of the promised date is a `DeadlineMove` row; nothing is overwritten
without a trace. Call these inside the caller's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .errors import ServiceError
from .models import Clock, ClockSegment, DeadlineMove
from .workdays import add_working_days, working_days_between

Rule = Clock.Rule
RUNNING = ClockSegment.Kind.RUNNING
PAUSED = ClockSegment.Kind.PAUSED

__all__ = [
    "ClockState",
    "Rule",
    "extend",
    "pause",
    "remaining_text",
    "remaining_working_days",
    "resume",
    "start",
    "state_of",
    "stop",
    "used_working_days",
]


def _move(clock: Clock, kind: str, old, new, reason: str, user) -> DeadlineMove:
    return DeadlineMove.objects.create(
        clock=clock,
        kind=kind,
        old_due_on=old,
        new_due_on=new,
        reason=reason[:500],
        actor=user if getattr(user, "is_authenticated", False) else None,
        at=timezone.now(),
    )


def _open_segment(clock: Clock) -> ClockSegment | None:
    return clock.segments.filter(ended_on__isnull=True).order_by("-pk").first()


def start(*, budget_days: int, on: date, user=None, reason: str = "") -> Clock:
    """A running clock from `on`; the promised date is `budget_days` working days later."""
    if budget_days < 0:
        raise ServiceError(_("Thời hạn xử lý không được âm."))
    due = add_working_days(on, budget_days)
    clock = Clock.objects.create(budget_days=budget_days, started_on=on, due_on=due)
    ClockSegment.objects.create(clock=clock, kind=RUNNING, started_on=on)
    _move(clock, DeadlineMove.Kind.START, None, due, reason, user)
    return clock


def pause(clock: Clock, *, on: date, reason: str, user=None) -> Clock:
    """Stop the clock from `on` (the promised date stays until it resumes)."""
    if clock.stopped_on is not None:
        raise ServiceError(_("Thời gian xử lý đã kết thúc."))
    if clock.paused:
        raise ServiceError(_("Thời gian xử lý đang tạm dừng."))
    segment = _open_segment(clock)
    if segment is not None:
        segment.ended_on = max(on, segment.started_on)
        segment.save(update_fields=["ended_on"])
    ClockSegment.objects.create(clock=clock, kind=PAUSED, started_on=on, reason=reason[:500])
    clock.paused = True
    clock.save(update_fields=["paused"])
    return clock


def resume(clock: Clock, *, on: date, rule: str = Rule.PAUSE, reason: str = "", user=None) -> date:
    """Run the clock again from `on`; returns the new promised date (logged)."""
    if not clock.paused:
        raise ServiceError(_("Thời gian xử lý không ở trạng thái tạm dừng."))
    segment = _open_segment(clock)
    paused_since = segment.started_on if segment is not None else on
    if segment is not None:
        segment.ended_on = max(on, segment.started_on)
        segment.save(update_fields=["ended_on"])
    ClockSegment.objects.create(clock=clock, kind=RUNNING, started_on=on)
    old = clock.due_on
    if rule == Rule.RESTART:
        new = add_working_days(on, clock.budget_days)
    else:
        # The working days the clock stood still are added to the promised date.
        new = add_working_days(old, max(0, working_days_between(paused_since, on)))
    clock.paused = False
    clock.due_on = new
    clock.save(update_fields=["paused", "due_on"])
    _move(clock, DeadlineMove.Kind.RESUME, old, new, reason, user)
    return new


def extend(clock: Clock, *, new_due_on: date, reason: str, user=None) -> date:
    """Promise a later date (an apology slip); the reason is required."""
    if not reason.strip():
        raise ServiceError(_("Cần nêu lý do hẹn lại ngày trả kết quả."), field="reason")
    if new_due_on <= clock.due_on:
        raise ServiceError(
            _("Ngày hẹn mới phải sau ngày hẹn hiện tại (%(d)s).")
            % {"d": f"{clock.due_on:%d/%m/%Y}"},
            field="new_due_on",
        )
    old = clock.due_on
    clock.due_on = new_due_on
    clock.save(update_fields=["due_on"])
    _move(clock, DeadlineMove.Kind.EXTEND, old, new_due_on, reason.strip(), user)
    return new_due_on


def stop(clock: Clock, *, on: date) -> Clock:
    """The end of processing (decided, withdrawn)."""
    segment = _open_segment(clock)
    if segment is not None:
        segment.ended_on = max(on, segment.started_on)
        segment.save(update_fields=["ended_on"])
    clock.stopped_on = on
    clock.save(update_fields=["stopped_on"])
    return clock


def used_working_days(clock: Clock, on: date | None = None, segments=None) -> int:
    """Working days the clock has run (paused segments excluded), up to `on` for an open one."""
    on = on or timezone.localdate()
    segments = list(clock.segments.all()) if segments is None else segments
    total = 0
    for s in segments:
        if s.kind == RUNNING:
            end = s.ended_on or on
            if end > s.started_on:
                total += working_days_between(s.started_on, end)
    return total


@dataclass(frozen=True)
class ClockState:
    due_on: date
    paused: bool
    stopped: bool
    used_days: int
    budget_days: int
    paused_since: date | None
    paused_reason: str


def state_of(clock: Clock, on: date | None = None) -> ClockState:
    segments = list(clock.segments.all())
    last = segments[-1] if segments else None
    paused = clock.paused and last is not None and last.kind == PAUSED
    return ClockState(
        due_on=clock.due_on,
        paused=paused,
        stopped=clock.stopped_on is not None,
        used_days=used_working_days(clock, on, segments),
        budget_days=clock.budget_days,
        paused_since=last.started_on if paused else None,
        paused_reason=last.reason if paused else "",
    )


def remaining_working_days(due_on: date, on: date | None = None) -> int:
    """Working days left until `due_on` (0 on the day itself, negative when it has passed)."""
    on = on or timezone.localdate()
    return working_days_between(on, due_on)


def remaining_text(due_on: date | None, on: date | None = None, *, paused: bool = False) -> str:
    """“còn 3 ngày làm việc”, “hôm nay là hạn”, “quá hạn 2 ngày làm việc”, “tạm dừng”."""
    if paused:
        return _("tạm dừng (chờ bổ sung hồ sơ)")
    if due_on is None:
        return ""
    on = on or timezone.localdate()
    n = remaining_working_days(due_on, on)
    if due_on < on:  # a weekend after the due day is already late
        n = min(n, -1)
    if n > 0:
        return ngettext("còn %(n)d ngày làm việc", "còn %(n)d ngày làm việc", n) % {"n": n}
    if n == 0:
        return _("hôm nay là hạn trả kết quả")
    return ngettext("quá hạn %(n)d ngày làm việc", "quá hạn %(n)d ngày làm việc", -n) % {"n": -n}
