"""The working-day calendar over the API, mounted at /api/v1/calendar/."""

from datetime import date, datetime

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from . import workdays
from .apiauth import public

API_PREFIX = "calendar"
router = Router(tags=["calendar"], auth=public)

MAX_WORKING_DAYS = 3650
MAX_SPAN_DAYS = 20 * 366
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
_DATE_HELP = "Ngày dạng YYYY-MM-DD (cũng nhận DD/MM/YYYY)"


def _parse_day(value: str, name: str) -> date:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    raise HttpError(
        422,
        _("Tham số “%(name)s” = “%(value)s” không phải là ngày hợp lệ; dùng dạng YYYY-MM-DD.")
        % {"name": name, "value": value},
    )


def _calendar(func, *args):
    try:
        return func(*args)
    except (workdays.CalendarRangeError, OverflowError) as exc:
        message = str(exc) if isinstance(exc, workdays.CalendarRangeError) else ""
        raise HttpError(422, message or _("Ngày nằm ngoài phạm vi lịch.")) from exc


class DueDateQuery(Schema):
    start: str = Field(..., description=_DATE_HELP, examples=["2026-02-13"])
    working_days: int = Field(
        ..., description="Số ngày làm việc (không tính ngày bắt đầu); âm để lùi lại"
    )


class DueDateOut(Schema):
    start: date
    working_days: int
    due_on: date


class SpanQuery(Schema):
    start: str = Field(..., description=_DATE_HELP, examples=["2026-01-01"])
    end: str = Field(..., description=_DATE_HELP, examples=["2026-12-31"])


class SpanOut(Schema):
    start: date
    end: date
    working_days: int = Field(
        ..., description="Số ngày làm việc sau ngày bắt đầu đến hết ngày kết thúc"
    )


class DayQuery(Schema):
    day: str = Field(..., description=_DATE_HELP, examples=["2026-11-24"])


class DayOut(Schema):
    day: date
    working_day: bool
    reason: str | None


@router.get("/due-date", response=DueDateOut, summary="Hạn sau N ngày làm việc")
def due_date(request, query: Query[DueDateQuery]):
    """Ngày làm việc thứ N sau ngày bắt đầu (ngày bắt đầu không tính, Bộ luật Dân sự Điều 147)."""
    start = _parse_day(query.start, "start")
    n = query.working_days
    if not -MAX_WORKING_DAYS <= n <= MAX_WORKING_DAYS:
        raise HttpError(
            422,
            _("Số ngày làm việc phải trong khoảng từ -%(max)s đến %(max)s.")
            % {"max": MAX_WORKING_DAYS},
        )
    due_on = _calendar(workdays.add_working_days, start, n)
    return {"start": start, "working_days": n, "due_on": due_on}


@router.get("/working-days", response=SpanOut, summary="Số ngày làm việc giữa hai ngày")
def working_days(request, query: Query[SpanQuery]):
    """Số ngày làm việc sau ngày `start` đến hết ngày `end` (âm nếu `end` trước `start`)."""
    start = _parse_day(query.start, "start")
    end = _parse_day(query.end, "end")
    if abs((end - start).days) > MAX_SPAN_DAYS:
        raise HttpError(422, _("Khoảng thời gian không được dài quá 20 năm."))
    count = _calendar(workdays.working_days_between, start, end)
    return {"start": start, "end": end, "working_days": count}


@router.get("/is-working-day", response=DayOut, summary="Một ngày có phải ngày làm việc không")
def is_working_day(request, query: Query[DayQuery]):
    """Ngày làm việc hay ngày nghỉ, kèm lý do (ngày lễ, nghỉ bù, làm bù, cuối tuần)."""
    info = _calendar(workdays.day_info, _parse_day(query.day, "day"))
    return {"day": info.day, "working_day": info.working_day, "reason": info.reason}
