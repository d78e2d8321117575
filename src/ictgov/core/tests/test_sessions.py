"""Sessions are Django's database sessions, read with one statement written once
(core/sessions.py): signing in, staying signed in, expiry and signing out work as before."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ictgov.core.sessions import SessionStore

pytestmark = pytest.mark.django_db
HOME = reverse("core:notifications")


def test_a_signed_in_user_stays_signed_in_until_signing_out(users):
    client = Client()
    assert client.post(
        reverse("accounts:login"), {"username": "chuyenvien", "password": "ictgov-demo-2026"}
    ).status_code == 302
    assert client.get(HOME).status_code == 200
    assert client.get(HOME).context["user"].username == "chuyenvien"
    client.post(reverse("accounts:logout"))
    assert client.get(HOME).status_code == 302  # to the sign-in page


def test_an_expired_or_unknown_session_reads_as_no_session(users):
    client = Client()
    client.force_login(users["chuyenvien"])
    key = client.cookies["sessionid"].value
    assert SessionStore(key).load()["_auth_user_id"] == str(users["chuyenvien"].pk)
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(1))
    store = SessionStore(key)
    assert store.load() == {} and store.session_key is None
    assert client.get(HOME).status_code == 302
    assert SessionStore("x" * 32).load() == {}
    assert SessionStore("short").load() == {}  # not a valid key: nothing is read
