from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ictgov.core import workdays
from ictgov.core.models import CalendarOverride
from ictgov.core.workdays import (
    CalendarRangeError,
    add_working_days,
    day_info,
    is_working_day,
    next_working_day,
    previous_working_day,
    working_days_between,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_calendar():
    # A test's rows are rolled back without a signal, so no year may outlive the test.
    workdays.clear_cache()
    yield
    workdays.clear_cache()


def d(text: str) -> date:
    day, month, year = map(int, text.split("/"))
    return date(year, month, day)


DAYS_OFF = [
    # Tết Ất Tỵ 2025
    "27/01/2025", "28/01/2025", "29/01/2025", "30/01/2025", "31/01/2025",
    # 30/4–1/5 2025 with Fri 02/05 swapped for Sat 26/04
    "30/04/2025", "01/05/2025", "02/05/2025",
    "01/09/2025", "02/09/2025",
    # Tết Dương lịch 2026 with Fri 02/01 swapped for Sat 10/01 (VPCP 12729/VPCP-KGVX)
    "01/01/2026", "02/01/2026",
    # Tết Bính Ngọ 2026
    "16/02/2026", "17/02/2026", "18/02/2026", "19/02/2026", "20/02/2026",
    # Giỗ Tổ on Sunday 26/04/2026 moves to Monday
    "27/04/2026",
    "30/04/2026", "01/05/2026",
    # Quốc khánh 2026 with Mon 31/08 swapped for Sat 22/08
    "31/08/2026", "01/09/2026", "02/09/2026",
    # Ngày Văn hóa Việt Nam, from 2026
    "24/11/2026",
    # plain weekends
    "27/04/2025", "28/11/2026", "29/11/2026",
]  # fmt: skip

WORKING_DAYS = [
    "24/01/2025", "03/02/2025", "25/04/2025", "05/05/2025",
    "26/04/2025",  # make-up Saturday
    "31/12/2025", "05/01/2026",
    "10/01/2026",  # make-up Saturday
    "13/02/2026", "23/02/2026", "28/04/2026",
    "22/08/2026",  # make-up Saturday
    "03/09/2026", "23/11/2026", "25/11/2026",
]  # fmt: skip


@pytest.mark.parametrize("text", DAYS_OFF)
def test_days_off(text):
    assert not is_working_day(d(text))


@pytest.mark.parametrize("text", WORKING_DAYS)
def test_working_days(text):
    assert is_working_day(d(text))


def test_the_package_knows_no_make_up_saturday_but_the_shipped_overrides_do():
    assert CalendarOverride.objects.filter(kind="working_day").count() == 3
    for override in CalendarOverride.objects.all():
        assert override.reason and override.source
        if override.kind == CalendarOverride.Kind.WORKING_DAY:
            assert override.day.weekday() == 5
        else:
            assert override.day.weekday() < 5


def test_day_info_explains_the_day():
    assert day_info(d("23/11/2026")) == (d("23/11/2026"), True, None)
    assert day_info(d("24/11/2026")).reason == "Ngày Văn hóa Việt Nam (24/11)"
    assert day_info(d("10/01/2026")).working_day
    assert "Làm bù" in day_info(d("10/01/2026")).reason
    assert day_info(d("28/11/2026")).reason == "Thứ Bảy"
    assert day_info(d("29/11/2026")).reason == "Chủ nhật"
    # a holiday the package knows and no override repeats (Saturday 01/02/2025)
    assert day_info(d("01/02/2025")) == (d("01/02/2025"), False, "Mùng bốn Tết Nguyên Đán")


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        ("23/11/2026", 1, "25/11/2026"),  # 24/11 is off
        ("23/11/2026", 5, "01/12/2026"),
        ("24/01/2025", 1, "03/02/2025"),  # across Tết Ất Tỵ
        ("13/02/2026", 1, "23/02/2026"),  # across Tết Bính Ngọ
        ("12/02/2026", 5, "26/02/2026"),
        ("14/02/2026", 1, "23/02/2026"),  # starting on a day off
        ("31/12/2025", 1, "05/01/2026"),  # across the new year and the 02/01 swap
        ("09/01/2026", 1, "10/01/2026"),  # make-up Saturday counts
        ("25/04/2025", 1, "26/04/2025"),
        ("29/04/2025", 1, "05/05/2025"),
        ("21/08/2026", 1, "22/08/2026"),
        ("28/08/2026", 1, "03/09/2026"),
        ("23/11/2026", 0, "23/11/2026"),  # n=0: the day itself when it is a working day
        ("24/11/2026", 0, "25/11/2026"),  # else the next one (Civil Code Art. 148)
        ("14/02/2026", 0, "23/02/2026"),
        ("25/11/2026", -1, "23/11/2026"),
        ("23/02/2026", -1, "13/02/2026"),
        ("24/11/2026", -1, "23/11/2026"),
        ("05/01/2026", -2, "30/12/2025"),
        ("01/12/2026", -5, "23/11/2026"),
    ],
)
def test_add_working_days(start, n, due):
    assert add_working_days(d(start), n) == d(due)


def test_next_and_previous_working_day_are_strict():
    assert next_working_day(d("23/11/2026")) == d("25/11/2026")
    assert next_working_day(d("13/02/2026")) == d("23/02/2026")
    assert previous_working_day(d("23/02/2026")) == d("13/02/2026")
    assert previous_working_day(d("25/11/2026")) == d("23/11/2026")


def test_working_days_between():
    assert working_days_between(d("13/02/2026"), d("23/02/2026")) == 1
    assert working_days_between(d("23/02/2026"), d("13/02/2026")) == -1
    assert working_days_between(d("23/11/2026"), d("23/11/2026")) == 0
    # January 2026: 22 weekdays − 01/01 − 02/01 + Saturday 10/01
    assert working_days_between(d("31/12/2025"), d("31/01/2026")) == 21
    # a whole year, by counting day by day
    days_2026 = [date(2026, 1, 1) + timedelta(i) for i in range(365)]
    expected = sum(is_working_day(x) for x in days_2026)
    assert working_days_between(d("31/12/2025"), d("31/12/2026")) == expected
    assert working_days_between(d("31/12/2024"), d("31/12/2026")) == expected + sum(
        is_working_day(date(2025, 1, 1) + timedelta(i)) for i in range(365)
    )


def test_an_administrators_override_takes_effect_at_once():
    tuesday = d("01/12/2026")
    assert is_working_day(tuesday)  # the year is now cached
    assert add_working_days(d("30/11/2026"), 1) == tuesday
    override = CalendarOverride.objects.create(
        day=tuesday, kind="day_off", reason="Nghỉ theo quyết định của UBND tỉnh", source="test"
    )
    assert not is_working_day(tuesday)
    assert add_working_days(d("30/11/2026"), 1) == d("02/12/2026")
    assert day_info(tuesday).reason == "Nghỉ theo quyết định của UBND tỉnh"

    override.kind = "working_day"
    override.save()
    assert is_working_day(tuesday)

    saturday = d("05/12/2026")
    assert not is_working_day(saturday)
    CalendarOverride.objects.create(day=saturday, kind="working_day", reason="Làm bù")
    assert is_working_day(saturday)
    assert working_days_between(d("04/12/2026"), d("07/12/2026")) == 2


def test_overrides_win_over_the_package():
    # 02/09/2026 is Quốc khánh in the package; an override can still make it a working day.
    CalendarOverride.objects.filter(day=d("02/09/2026")).update(kind="working_day")
    workdays.clear_cache()  # update() sends no signal
    assert is_working_day(d("02/09/2026"))


def test_other_processes_reload_after_the_cache_lifetime(settings):
    settings.ICTGOV = {**settings.ICTGOV, "CALENDAR_CACHE_SECONDS": 0}
    assert is_working_day(d("02/12/2026"))
    # bulk_create sends no signal, like a change made by another process
    CalendarOverride.objects.bulk_create(
        [CalendarOverride(day=d("02/12/2026"), kind="day_off", reason="Nghỉ")]
    )
    assert not is_working_day(d("02/12/2026"))


def test_years_outside_the_known_holidays_are_refused():
    with pytest.raises(CalendarRangeError):
        is_working_day(date(2101, 1, 3))
    with pytest.raises(CalendarRangeError):
        add_working_days(date(2100, 12, 30), 10)


def _add_by_stepping(start: date, n: int) -> date:
    day = start
    while n > 0:
        day += timedelta(1)
        n -= is_working_day(day)
    return day


dates = st.dates(min_value=date(2024, 6, 1), max_value=date(2027, 6, 30))


@settings(max_examples=150, deadline=None)
@given(start=dates, n=st.integers(min_value=1, max_value=400))
def test_add_then_count_gives_n_back(start, n):
    due = add_working_days(start, n)
    assert is_working_day(due)
    assert due > start
    assert working_days_between(start, due) == n
    assert due == _add_by_stepping(start, n)
    # going back n working days lands on the last working day on or before start
    back = add_working_days(due, -n)
    assert back <= start and is_working_day(back)
    assert working_days_between(back, start) == 0


@settings(max_examples=100, deadline=None)
@given(a=dates, b=dates)
def test_counting_is_antisymmetric_and_additive(a, b):
    assert working_days_between(a, b) == -working_days_between(b, a)
    assert working_days_between(a, b) == working_days_between(
        a, date(2026, 1, 1)
    ) + working_days_between(date(2026, 1, 1), b)
