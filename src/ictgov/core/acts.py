"""The dates of acts: when something was done (completed, reported, cancelled, decided).

An act is dated today, by the server. Only a role that records past acts (a division officer or
an administrator entering what happened on paper) may give an earlier day, within a window an
administrator sets (`core.backdate_max_days`), never a day in the future; the history then says
the act was back-dated, and by whom. The demo and data migrations replay history inside
`recording_history()`, where any past day is accepted.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import ServiceError
from .models import Parameter
from .roles import Role

BACKDATE_PARAMETER = "core.backdate_max_days"
BACKDATE_DEFAULT = 30
EARLIEST = date(1945, 9, 2)  # documents of the State start here
_replaying: ContextVar[bool] = ContextVar("ictgov_replaying_history", default=False)


@contextmanager
def recording_history():
    """Accept any past date (the demo, imports of records kept on paper)."""
    token = _replaying.set(True)
    try:
        yield
    finally:
        _replaying.reset(token)


def replaying() -> bool:
    """Inside `recording_history()`: past acts are being replayed, not done now."""
    return _replaying.get()


def may_backdate(user) -> bool:
    return bool(user and user.is_authenticated and user.has_role(Role.OFFICER))


def act_date(user, on: date | None, *, what: str = "") -> tuple[date, str]:
    """(the day of the act, a note for the history: empty unless it was back-dated)."""
    today = timezone.localdate()
    if on is None or on == today:
        return today, ""
    if on > today:
        raise ServiceError(_("Ngày thực hiện không được sau hôm nay."), field="on")
    if _replaying.get():
        return on, ""
    if not may_backdate(user):
        raise ServiceError(
            _("Chỉ cán bộ chuyên môn được ghi một việc vào ngày trước hôm nay."), field="on"
        )
    window = Parameter.get_int(BACKDATE_PARAMETER, BACKDATE_DEFAULT)
    if (today - on).days > window:
        raise ServiceError(
            _("Chỉ được ghi lùi ngày trong vòng %(n)d ngày (đến %(first)s).")
            % {"n": window, "first": f"{today - timedelta(days=window):%d/%m/%Y}"},
            field="on",
        )
    note = _("ghi lùi ngày %(day)s, người ghi: %(who)s") % {
        "day": f"{on:%d/%m/%Y}",
        "who": user.get_full_name() or user.get_username(),
    }
    return on, note


def check_document_date(day: date, *, label: str, allow_future_days: int = 0) -> None:
    """A document or meeting date between 02/09/1945 and today (+ the days allowed ahead)."""
    today = timezone.localdate()
    latest = today + timedelta(days=allow_future_days)
    if day < EARLIEST:
        raise ServiceError(_("%(label)s không được trước ngày 02/09/1945.") % {"label": label})
    if day > latest:
        if allow_future_days:
            message = _("%(label)s không được sau ngày %(latest)s.") % {
                "label": label,
                "latest": f"{latest:%d/%m/%Y}",
            }
        else:
            message = _("%(label)s không được sau hôm nay.") % {"label": label}
        raise ServiceError(message)
