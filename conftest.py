"""Shared fixtures. The test database holds the demo once per worker, on the geography of the
demo's provinces only (a fifth of the country: quick to load). Tests that need the whole country
use `national_geography`, and are grouped on one worker so only it pays for the load."""

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, settings

# A busy 2-core machine is not a failure: property tests have no per-example deadline.
settings.register_profile(
    "ictgov", deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=False
)
settings.load_profile("ictgov")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo", geography="demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


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


@pytest.fixture(scope="session")
def _national_geography_loaded(django_db_setup, django_db_blocker):
    from ictgov.geo.services import load_geography

    with django_db_blocker.unblock():
        load_geography()


@pytest.fixture
def national_geography(_national_geography_loaded, db):
    """The whole country's geography (63 → 34 provinces); mark the test
    `@pytest.mark.xdist_group("national")` so the load happens on one worker only."""
