import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_issue_token_prints_a_working_token_as_last_word(client, users):
    out = StringIO()
    call_command("issue_token", "taichinh", stdout=out)
    token = out.getvalue().split()[-1]
    response = client.get("/api/v1/org/units", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.json()["count"] > 0


def test_issue_token_for_unknown_user_fails_clearly():
    with pytest.raises(CommandError, match="Không có người dùng"):
        call_command("issue_token", "khong-ton-tai")


def test_only_digests_are_stored(users):
    from ictgov.accounts.models import ApiToken

    token, key = ApiToken.issue(users["lanhdao"])
    assert key not in token.digest and len(token.digest) == 64


def test_login_page_and_wrong_password_message(client):
    response = client.post("/accounts/login/", {"username": "lanhdao", "password": "sai"})
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()
    response = client.post(
        "/accounts/login/", {"username": "lanhdao", "password": "ictgov-demo-2026"}
    )
    assert response.status_code == 302


def test_locality_officer_gets_locality_from_unit(users):
    assert users["canboxa"].locality.name == "Phường Vinh Phú"


def test_production_settings_pass_the_deploy_check(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ictgov.settings.production",
        "SECRET_KEY": "x" * 20 + "-production-secret-key-for-the-check-0123456789",
        "ALLOWED_HOSTS": "ictgov.example.gov.vn",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        "ICTGOV_VAR": str(tmp_path),
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only
    check = [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"]
    # Until the static files are collected, every page would fail: the check says so.
    result = subprocess.run(check, env=env, capture_output=True, text=True)
    assert result.returncode != 0 and "ictgov.E001" in result.stderr
    subprocess.run(
        [sys.executable, "-m", "django", "collectstatic", "--noinput", "-v", "0"],
        env=env,
        check=True,
    )
    result = subprocess.run(check, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_the_development_key(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ictgov.settings.production",
        "ICTGOV_VAR": str(tmp_path),  # no var/secret_key there
    }
    env.pop("SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "-m", "django", "check"], env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_a_token_records_when_it_was_last_used_without_a_write_per_call(
    client, users, django_assert_num_queries
):
    from datetime import timedelta

    from django.utils import timezone

    from ictgov.accounts.models import ApiToken

    token, key = ApiToken.issue(users["taichinh"])
    assert ApiToken.objects.authenticate(key) == users["taichinh"]
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    with django_assert_num_queries(1):  # the lookup only: used a moment ago
        ApiToken.objects.authenticate(key)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=5))
    ApiToken.objects.authenticate(key)
    token.refresh_from_db()
    assert token.last_used_at > first - timedelta(minutes=1)
    assert token.last_used_at <= timezone.now()
