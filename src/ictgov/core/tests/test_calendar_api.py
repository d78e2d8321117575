import pytest

from ictgov.core import workdays
from ictgov.core.models import CalendarOverride

pytestmark = pytest.mark.django_db

BASE = "/api/v1/calendar"


@pytest.fixture(autouse=True)
def fresh_calendar():
    workdays.clear_cache()
    yield
    workdays.clear_cache()


def get(client, path, **params):
    return client.get(f"{BASE}{path}", params)


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        ("2026-11-23", 1, "2026-11-25"),  # 24/11/2026 Ngày Văn hóa Việt Nam
        ("2026-02-13", 1, "2026-02-23"),  # Tết Bính Ngọ
        ("2025-01-24", 5, "2025-02-07"),  # Tết Ất Tỵ
        ("2026-01-09", 1, "2026-01-10"),  # make-up Saturday
        ("2026-11-25", -1, "2026-11-23"),
        ("2026-11-24", 0, "2026-11-25"),
    ],
)
def test_due_date(client, start, n, due):
    response = get(client, "/due-date", start=start, working_days=n)
    assert response.status_code == 200
    assert response.json() == {"start": start, "working_days": n, "due_on": due}


def test_due_date_accepts_the_vietnamese_date_format(client):
    body = get(client, "/due-date", start="23/11/2026", working_days=1).json()
    assert body["start"] == "2026-11-23"
    assert body["due_on"] == "2026-11-25"


@pytest.mark.parametrize("n", [3651, -3651, 100000])
def test_due_date_refuses_too_many_days(client, n):
    response = get(client, "/due-date", start="2026-11-23", working_days=n)
    assert response.status_code == 422
    assert "3650" in response.json()["detail"]


@pytest.mark.parametrize("start", ["2026-02-30", "hôm nay", "2026/11/23", ""])
def test_due_date_refuses_a_bad_date(client, start):
    response = get(client, "/due-date", start=start, working_days=1)
    assert response.status_code == 422
    assert "không" in response.json()["detail"]


def test_missing_or_non_numeric_parameters_are_422(client):
    assert get(client, "/due-date", start="2026-11-23").status_code == 422
    response = get(client, "/due-date", start="2026-11-23", working_days="năm")
    assert response.status_code == 422
    assert response.json()["detail"] == "Dữ liệu gửi lên không hợp lệ."


def test_dates_outside_the_calendar_are_422(client):
    response = get(client, "/due-date", start="2150-01-01", working_days=1)
    assert response.status_code == 422
    assert "1901" in response.json()["detail"]


def test_working_days_between(client):
    body = get(client, "/working-days", start="2025-12-31", end="2026-01-31").json()
    assert body == {"start": "2025-12-31", "end": "2026-01-31", "working_days": 21}
    body = get(client, "/working-days", start="2026-02-23", end="2026-02-13").json()
    assert body["working_days"] == -1


def test_working_days_refuses_a_too_long_span(client):
    response = get(client, "/working-days", start="1990-01-01", end="2030-01-01")
    assert response.status_code == 422
    assert "20 năm" in response.json()["detail"]


@pytest.mark.parametrize(
    ("day", "working", "reason"),
    [
        ("2026-11-23", True, None),
        ("2026-11-24", False, "Ngày Văn hóa Việt Nam (24/11)"),
        ("2026-01-10", True, "Làm bù cho ngày nghỉ thứ Sáu 02/01/2026"),
        ("2026-01-02", False, "Nghỉ Tết Dương lịch (hoán đổi, làm bù thứ Bảy 10/01/2026)"),
        ("2026-11-28", False, "Thứ Bảy"),
    ],
)
def test_is_working_day(client, day, working, reason):
    response = get(client, "/is-working-day", day=day)
    assert response.status_code == 200
    assert response.json() == {"day": day, "working_day": working, "reason": reason}


def test_a_new_override_shows_in_the_api_at_once(client):
    assert get(client, "/is-working-day", day="2026-12-01").json()["working_day"] is True
    CalendarOverride.objects.create(day="2026-12-01", kind="day_off", reason="Nghỉ đột xuất")
    body = get(client, "/is-working-day", day="2026-12-01").json()
    assert body == {"day": "2026-12-01", "working_day": False, "reason": "Nghỉ đột xuất"}


def test_the_endpoints_are_in_the_openapi_schema(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for name in ("due-date", "working-days", "is-working-day"):
        assert f"{BASE}/{name}" in paths
