"""Anonymous callers are limited per address (429 + Retry-After); signed-in users are not."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client, override_settings

from ictgov.core import ratelimit

pytestmark = pytest.mark.django_db
GEO = "/api/v1/geo/units?level=province"


def limits(page=0, api=0):
    return override_settings(ICTGOV={**settings.ICTGOV, "RATE_LIMIT": page, "API_RATE_LIMIT": api})


@pytest.fixture(autouse=True)
def fresh_counters(monkeypatch):
    """Empty counters, and a clock that stays 10 s into one minute (no window ends mid-test)."""
    cache.clear()
    monkeypatch.setattr(ratelimit.time, "time", lambda: 1_800_000_010.0)
    yield
    cache.clear()


def test_public_api_answers_429_with_retry_after_and_a_vietnamese_message():
    client = Client(REMOTE_ADDR="203.0.113.7")
    with limits(api=3):
        assert [client.get(GEO).status_code for _ in range(3)] == [200, 200, 200]
        refused = client.get("/api/v1/calendar/due-date?start=2026-02-13&working_days=1")
        assert refused.status_code == 429
        assert 1 <= int(refused["Retry-After"]) <= 60
        assert "quá nhiều yêu cầu" in refused.json()["detail"]
        # Another address is counted on its own.
        assert Client(REMOTE_ADDR="203.0.113.8").get(GEO).status_code == 200


def test_public_pages_answer_a_429_page():
    client = Client(REMOTE_ADDR="203.0.113.9")
    with limits(page=2):
        assert client.get("/").status_code == 200
        assert client.get("/geo/units/").status_code == 200
        refused = client.get("/geo/units/")
        assert refused.status_code == 429
        assert int(refused["Retry-After"]) >= 1
        page = refused.content.decode()
        assert 'data-testid="rate-limited"' in page and "Vui lòng thử lại sau" in page


def test_the_limit_lifts_when_the_minute_is_over(monkeypatch):
    client = Client(REMOTE_ADDR="203.0.113.10")
    now = 1_800_000_010.0  # 10 s into a minute
    monkeypatch.setattr(ratelimit.time, "time", lambda: now)
    with limits(api=1):
        assert client.get(GEO).status_code == 200
        refused = client.get(GEO)
        assert refused.status_code == 429 and refused["Retry-After"] == "50"
        now += 50
        assert client.get(GEO).status_code == 200


def test_signed_in_staff_are_not_slowed_by_the_anonymous_limit(client_for):
    anonymous = Client(REMOTE_ADDR="127.0.0.1")
    staff = client_for("lanhdao")  # the same address as the anonymous caller
    with limits(page=2, api=2):
        for _ in range(2):
            anonymous.get("/")
        assert anonymous.get("/").status_code == 429
        codes = {staff.get(url).status_code for url in ["/directives/", "/org/units/", "/"] * 4}
        assert codes == {200}
        assert {staff.get(GEO).status_code for _ in range(5)} == {200}


def test_an_api_token_counts_as_signed_in_a_forged_one_does_not(users):
    from ictgov.accounts.models import ApiToken

    _, key = ApiToken.issue(users["taichinh"])
    client = Client(REMOTE_ADDR="203.0.113.11")
    with limits(api=1):
        codes = [client.get(GEO, headers={"Authorization": f"Bearer {key}"}).status_code]
        codes += [client.get(GEO, headers={"Authorization": f"Bearer {key}"}).status_code]
        assert codes == [200, 200]
        client.get(GEO)
        forged = client.get(GEO, headers={"Authorization": "Bearer made-up"})
        assert forged.status_code == 429


def test_forwarded_addresses_count_only_behind_a_declared_proxy():
    with limits(api=1):
        # No proxy declared: X-Forwarded-For is the client's own claim and changes nothing.
        client = Client(REMOTE_ADDR="203.0.113.12")
        client.get(GEO, headers={"X-Forwarded-For": "198.51.100.1"})
        assert client.get(GEO, headers={"X-Forwarded-For": "198.51.100.2"}).status_code == 429
        # Behind our proxy, the last hop is the real client; two clients are counted apart.
        with override_settings(BEHIND_PROXY=True):
            proxy = Client(REMOTE_ADDR="10.0.0.2")
            first = {"X-Forwarded-For": "1.2.3.4, 198.51.100.3"}
            assert proxy.get(GEO, headers=first).status_code == 200
            assert proxy.get(GEO, headers=first).status_code == 429
            second = {"X-Forwarded-For": "198.51.100.4"}
            assert proxy.get(GEO, headers=second).status_code == 200
