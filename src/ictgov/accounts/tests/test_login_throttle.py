"""Login throttling (django-axes): per account and per address, unlocked after a delay."""

import logging
from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.utils import timezone

pytestmark = pytest.mark.django_db
PASSWORD = "ictgov-demo-2026"
throttle = override_settings(AXES_FAILURE_LIMIT=3, AXES_COOLOFF_TIME=timedelta(minutes=10))


def login(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


@throttle
def test_an_account_is_locked_after_repeated_failures_even_with_the_right_password(caplog):
    attacker = Client(REMOTE_ADDR="203.0.113.20")
    with caplog.at_level(logging.WARNING, logger="ictgov.security"):
        codes = [login(attacker, "lanhdao", f"sai-{i}").status_code for i in range(3)]
    assert codes == [200, 200, 429]
    assert any("lanhdao" in r.getMessage() for r in caplog.records)

    # The real owner, from another address, is refused too until the delay is over.
    owner = Client(REMOTE_ADDR="198.51.100.20")
    refused = login(owner, "lanhdao", PASSWORD)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "600"
    page = refused.content.decode()
    assert "Đăng nhập sai quá nhiều lần" in page and "10 phút" in page
    assert "_auth_user_id" not in owner.session

    # Other accounts from other addresses are unaffected.
    assert login(Client(REMOTE_ADDR="198.51.100.21"), "chuyenvien", PASSWORD).status_code == 302


@throttle
def test_an_address_trying_many_accounts_is_locked():
    attacker = Client(REMOTE_ADDR="203.0.113.21")
    for username in ["lanhdao", "chuyenvien", "canboxa"]:
        login(attacker, username, "sai")
    assert login(attacker, "taichinh", PASSWORD).status_code == 429
    assert login(Client(REMOTE_ADDR="198.51.100.22"), "taichinh", PASSWORD).status_code == 302


@throttle
def test_the_lock_expires_after_the_delay():
    from axes.models import AccessAttempt

    attacker = Client(REMOTE_ADDR="203.0.113.22")
    for _ in range(3):
        login(attacker, "canboxa", "sai")
    assert login(attacker, "canboxa", PASSWORD).status_code == 429
    # Eleven minutes later (the last failure is what counts).
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=11))
    assert login(attacker, "canboxa", PASSWORD).status_code == 302


@throttle
def test_a_success_before_the_limit_starts_the_count_again():
    client = Client(REMOTE_ADDR="203.0.113.23")
    for _ in range(2):
        login(client, "taichinh", "sai")
    assert login(client, "taichinh", PASSWORD).status_code == 302
    client.logout()
    for _ in range(2):
        login(client, "taichinh", "sai")
    assert login(client, "taichinh", PASSWORD).status_code == 302


@throttle
def test_stale_api_tokens_do_not_lock_the_address_out_of_the_login_page():
    script = Client(REMOTE_ADDR="203.0.113.24")
    for _ in range(5):
        response = script.get(
            "/api/v1/directives/tasks", headers={"Authorization": "Bearer stale-token"}
        )
        assert response.status_code == 401
    assert login(script, "chuyenvien", PASSWORD).status_code == 302


@throttle
def test_an_api_token_keeps_working_from_a_locked_address():
    from ictgov.accounts.models import ApiToken, User

    _, key = ApiToken.issue(User.objects.get(username="taichinh"))
    attacker = Client(REMOTE_ADDR="203.0.113.25")
    for username in ["lanhdao", "chuyenvien", "canboxa"]:
        login(attacker, username, "sai")
    assert login(attacker, "taichinh", PASSWORD).status_code == 429  # the address is locked
    # Tokens are not throttled by axes: the integration keeps working.
    ok = attacker.get("/api/v1/directives/tasks", headers={"Authorization": f"Bearer {key}"})
    assert ok.status_code == 200
