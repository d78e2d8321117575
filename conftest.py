"""Shared fixtures. The test database holds the demo once per worker, on the geography of the
demo's provinces only (a fifth of the country: quick to load). Tests that need the whole country
use `national_geography`, and are grouped on one worker so only it pays for the load."""

import threading
from pathlib import Path

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, settings

from tests import demo_db

# A busy 2-core machine is not a failure: property tests have no per-example deadline.
settings.register_profile(
    "ictgov", deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=False
)
settings.load_profile("ictgov")


def pytest_configure(config):
    if demo_db.is_postgres():
        return
    # SQLite: the workers' databases are copies of one demo built beforehand (tests/demo_db.py),
    # so their tables need not be migrated first.
    config.option.nomigrations = True
    if not hasattr(config, "workerinput") and not config.option.collectonly:
        # Before the workers start: the suite's demo and, for a whole run, the one the
        # production-settings servers copy (other password hashers), side by side.
        whole = config.args_source == pytest.Config.ArgsSource.TESTPATHS
        families = ["test", "real"] if whole else ["test"]
        builds = [threading.Thread(target=demo_db.template, args=(f,)) for f in families]
        for build in builds:
            build.start()
        for build in builds:
            build.join()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from django.conf import settings as django_settings
    from django.db import connection

    with django_db_blocker.unblock():
        if demo_db.is_postgres():
            call_command("load_demo", geography="demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        else:
            demo_db.restore_into(
                connection,
                media_root=Path(django_settings.MEDIA_ROOT),
                signing_dir=Path(django_settings.ICTGOV["SIGNING"]["DEMO_DIR"]),
            )
    yield
    if demo_db.is_postgres():
        # A thread's or a server's session left on the test database (a progress connection,
        # a writer thread) would keep Django from dropping it at the end: the database stayed
        # behind with a warning. Close them first.
        with django_db_blocker.unblock():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )


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
