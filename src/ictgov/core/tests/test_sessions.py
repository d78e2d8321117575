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
    assert (
        client.post(
            reverse("accounts:login"), {"username": "chuyenvien", "password": "ictgov-demo-2026"}
        ).status_code
        == 302
    )
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


def test_a_session_made_with_djangos_backend_stays_signed_in(users):
    """Sessions signed in before the user was read by our ModelBackend (Django's, subclassed)
    name Django's backend: they are read as ours, nobody is signed out."""
    from django.contrib.auth import BACKEND_SESSION_KEY

    client = Client()
    client.force_login(users["chuyenvien"])
    session = client.session
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session.save()
    response = client.get(HOME)
    assert response.status_code == 200 and response.context["user"].username == "chuyenvien"
    session[BACKEND_SESSION_KEY] = "no.such.Backend"
    session.save()
    assert client.get(HOME).status_code == 302


def test_the_signed_in_user_is_read_whole_and_refused_when_inactive_or_gone(users):
    from ictgov.accounts.backends import ModelBackend

    officer = users["chuyenvien"]
    read = ModelBackend().get_user(str(officer.pk))
    expected = type(officer).objects.get(pk=officer.pk)
    for field in type(officer)._meta.concrete_fields:
        assert getattr(read, field.attname) == getattr(expected, field.attname), field.name
    assert read.is_active is True and timezone.is_aware(read.date_joined)
    assert ModelBackend().get_user("abc") is None
    client = Client()
    client.force_login(officer)
    type(officer).objects.filter(pk=officer.pk).update(is_active=False)
    assert client.get(HOME).status_code == 302
    type(officer).objects.filter(pk=officer.pk).update(is_active=True)
    assert client.get(HOME).status_code == 200
    gone = type(officer).objects.create_user("tam-thoi", password="khong-dung-nua-2026")
    client.force_login(gone)
    assert client.get(HOME).status_code == 200
    gone.delete()
    assert client.get(HOME).status_code == 302
