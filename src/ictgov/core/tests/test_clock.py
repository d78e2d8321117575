"""The processing clock: promised dates in working days, pauses, restarts, extensions, and every
move of the promised date logged."""

from datetime import date

import pytest

from ictgov.core import clock
from ictgov.core.errors import ServiceError
from ictgov.core.models import DeadlineMove

pytestmark = pytest.mark.django_db

MON = date(2026, 3, 2)


def moves(c):
    return list(c.moves.values_list("kind", "old_due_on", "new_due_on"))


def test_the_promised_date_counts_working_days_from_the_day_after_receipt(users):
    c = clock.start(budget_days=10, on=MON, user=users["chuyenvien"])
    assert c.due_on == date(2026, 3, 16)
    assert moves(c) == [("start", None, date(2026, 3, 16))]
    assert c.moves.get().actor == users["chuyenvien"]


def test_public_holidays_are_skipped():
    # Giỗ Tổ Hùng Vương 2026 falls on Sunday 26/04: Monday 27/04 is off.
    c = clock.start(budget_days=1, on=date(2026, 4, 24))
    assert c.due_on == date(2026, 4, 28)


def test_a_pause_pushes_the_promised_date_back_by_the_days_it_stood_still():
    c = clock.start(budget_days=10, on=MON)
    clock.pause(c, on=date(2026, 3, 5), reason="Chờ bổ sung giấy phép kinh doanh")
    state = clock.state_of(c, on=date(2026, 3, 9))
    assert state.paused and state.paused_since == date(2026, 3, 5)
    assert state.paused_reason == "Chờ bổ sung giấy phép kinh doanh"
    assert state.used_days == 3  # 3, 4, 5 March; nothing while paused
    new = clock.resume(c, on=date(2026, 3, 12))
    # 5 working days paused (6, 9, 10, 11, 12): 16/03 → 23/03, as if 7 days were left.
    assert new == c.due_on == date(2026, 3, 23)
    assert moves(c)[-1] == ("resume", date(2026, 3, 16), date(2026, 3, 23))
    clock.stop(c, on=date(2026, 3, 20))
    assert clock.used_working_days(c) == 3 + 6


def test_the_restart_rule_counts_the_whole_budget_again():
    c = clock.start(budget_days=10, on=MON)
    clock.pause(c, on=date(2026, 3, 5), reason="Chờ bổ sung")
    assert clock.resume(c, on=date(2026, 3, 12), rule=clock.Rule.RESTART) == date(2026, 3, 26)


def test_an_extension_needs_a_reason_and_a_later_date():
    c = clock.start(budget_days=10, on=MON)
    with pytest.raises(ServiceError, match="lý do"):
        clock.extend(c, new_due_on=date(2026, 3, 20), reason=" ")
    with pytest.raises(ServiceError, match="phải sau ngày hẹn hiện tại \\(16/03/2026\\)"):
        clock.extend(c, new_due_on=date(2026, 3, 16), reason="Cần thẩm định thêm")
    clock.extend(c, new_due_on=date(2026, 3, 20), reason="Cần thẩm định thêm")
    assert moves(c)[-1] == ("extend", date(2026, 3, 16), date(2026, 3, 20))
    assert c.moves.filter(kind=DeadlineMove.Kind.EXTEND).get().reason == "Cần thẩm định thêm"


def test_pausing_twice_or_resuming_a_running_clock_is_refused():
    c = clock.start(budget_days=5, on=MON)
    with pytest.raises(ServiceError, match="không ở trạng thái tạm dừng"):
        clock.resume(c, on=MON)
    clock.pause(c, on=MON, reason="x")
    with pytest.raises(ServiceError, match="đang tạm dừng"):
        clock.pause(c, on=MON, reason="x")


@pytest.mark.parametrize(
    ("on", "text"),
    [
        (date(2026, 3, 11), "còn 3 ngày làm việc"),
        (date(2026, 3, 16), "hôm nay là hạn trả kết quả"),
        (date(2026, 3, 18), "quá hạn 2 ngày làm việc"),
        (date(2026, 3, 21), "quá hạn 4 ngày làm việc"),  # a Saturday
    ],
)
def test_remaining_text(on, text):
    assert clock.remaining_text(date(2026, 3, 16), on) == text


def test_remaining_text_on_the_weekend_after_a_friday_due_date_is_late():
    assert clock.remaining_text(date(2026, 3, 13), date(2026, 3, 14)) == "quá hạn 1 ngày làm việc"


def test_a_paused_clock_says_so():
    assert clock.remaining_text(date(2026, 3, 16), MON, paused=True).startswith("tạm dừng")
