from datetime import date

import pytest

from ictgov.core.periods import PeriodKind, period_of, periods_between


@pytest.mark.parametrize(
    "kind, day, start, end, label, code",
    [
        (
            "month",
            date(2026, 2, 14),
            date(2026, 2, 1),
            date(2026, 2, 28),
            "Tháng 2/2026",
            "2026-02",
        ),
        (
            "month",
            date(2024, 2, 29),
            date(2024, 2, 1),
            date(2024, 2, 29),
            "Tháng 2/2024",
            "2024-02",
        ),
        (
            "quarter",
            date(2026, 8, 22),
            date(2026, 7, 1),
            date(2026, 9, 30),
            "Quý III/2026",
            "2026-Q3",
        ),
        (
            "half_year",
            date(2026, 6, 30),
            date(2026, 1, 1),
            date(2026, 6, 30),
            "6 tháng đầu năm 2026",
            "2026-H1",
        ),
        (
            "half_year",
            date(2026, 7, 1),
            date(2026, 7, 1),
            date(2026, 12, 31),
            "6 tháng cuối năm 2026",
            "2026-H2",
        ),
        ("year", date(2025, 3, 1), date(2025, 1, 1), date(2025, 12, 31), "Năm 2025", "2025"),
        (
            "quarterly",
            date(2026, 1, 5),
            date(2026, 1, 1),
            date(2026, 3, 31),
            "Quý I/2026",
            "2026-Q1",
        ),
    ],
)
def test_period_of_a_day(kind, day, start, end, label, code):
    period = period_of(day, kind)
    assert (period.start, period.end, period.label, period.code) == (start, end, label, code)
    assert day in period and (period.next().start - period.end).days == 1


def test_periods_between_cover_the_span_without_gaps():
    quarters = periods_between(date(2025, 11, 20), date(2026, 4, 1), PeriodKind.QUARTER)
    assert [p.label for p in quarters] == ["Quý IV/2025", "Quý I/2026", "Quý II/2026"]
    for a, b in zip(quarters, quarters[1:], strict=False):
        assert (b.start - a.end).days == 1
    assert quarters[1].previous() == quarters[0]


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        period_of(date(2026, 1, 1), "fortnight")
