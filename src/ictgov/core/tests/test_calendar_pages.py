from datetime import date

import pytest

from ictgov.core import workdays
from ictgov.core.models import CalendarOverride

pytestmark = pytest.mark.django_db


def test_shipped_swaps_are_listed(client):
    page = client.get("/core/calendar/").content.decode()
    assert "22/08/2026" in page and "10/01/2026" in page


def test_due_date_calculator_counts_working_days(client):
    page = client.get("/core/calendar/", {"start": "13/02/2026", "working_days": "1"})
    # Friday before Tết 2026: the next working day is Monday 23/02 after the Tết break.
    assert "23/02/2026" in page.content.decode()


def test_administrator_adds_next_years_make_up_day(client_for):
    response = client_for("quantri").post(
        "/core/calendar/new/",
        {"day": "09/01/2027", "kind": "working_day", "reason": "Làm bù Tết Dương lịch 2027"},
    )
    assert response.status_code == 302
    assert workdays.is_working_day(date(2027, 1, 9))
    override = CalendarOverride.objects.get(day=date(2027, 1, 9))
    assert override.history.first().history_user.username == "quantri"


@pytest.mark.parametrize(
    "data, message",
    [
        ({"day": "11/01/2027", "kind": "working_day", "reason": "x"}, "phải là thứ Bảy"),
        ({"day": "10/01/2026", "kind": "working_day", "reason": "x"}, "đã có trong lịch"),
        ({"day": "32/01/2027", "kind": "day_off", "reason": "x"}, "ngày hợp lệ"),
    ],
)
def test_bad_input_changes_nothing_and_says_why(client_for, data, message):
    before = CalendarOverride.objects.count()
    response = client_for("quantri").post("/core/calendar/new/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert CalendarOverride.objects.count() == before


def test_others_cannot_edit_the_calendar(client_for):
    response = client_for("lanhdao").post(
        "/core/calendar/new/", {"day": "09/01/2027", "kind": "working_day", "reason": "x"}
    )
    assert response.status_code == 403
    assert not CalendarOverride.objects.filter(day=date(2027, 1, 9)).exists()
