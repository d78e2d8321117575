"""Shared fixtures: the test database holds the real geography and the demo once per session."""

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture
def users(db):
    from ictgov.accounts.models import User

    return {u.username: u for u in User.objects.select_related("unit", "locality")}


@pytest.fixture
def client_for(client, users):
    """client_for("canboxa") → a test client signed in as that demo user."""

    def make(username):
        from django.test import Client

        c = Client()
        if username is not None:
            c.force_login(users[username])
        return c

    return make


@pytest.fixture(autouse=True)
def fresh_calendar_cache():
    """A rolled-back calendar override sends no signal: never carry a cached year across tests."""
    from ictgov.core import workdays

    workdays.clear_cache()
    yield
    workdays.clear_cache()
