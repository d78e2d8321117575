"""The read replica: dashboards read from it, everything else (and every write) from the primary.

In tests the replica is the test database itself. On PostgreSQL it is a second connection (a
test mirror), so the test sees which connection ran each query. SQLite's in-memory test
database cannot be shared by two connections inside the test's transaction (table locks), so
there the replica alias is the primary's connection and the test checks the router's choices.
"""

import pytest
from django.conf import settings
from django.db import connections, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from ictgov.core import dbrouters
from ictgov.core.dbrouters import ReplicaRouter, replica_reads
from ictgov.directives.models import Task

POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
pytestmark = pytest.mark.django_db(databases=["default", "replica"] if POSTGRES else ["default"])
dashboards_on_replica = override_settings(
    ICTGOV={**settings.ICTGOV, "REPLICA_VIEWS": ["directives:dashboard"]}
)


@pytest.fixture(autouse=True)
def choices(monkeypatch):
    """Every read the router routes: (model label, database alias)."""
    if not POSTGRES:
        monkeypatch.setattr(connections._connections, "replica", connections["default"], False)
    seen = []
    original = ReplicaRouter.db_for_read

    def recording(self, model, **hints):
        alias = original(self, model, **hints)
        seen.append((model._meta.label_lower, alias))
        return alias

    monkeypatch.setattr(ReplicaRouter, "db_for_read", recording)
    return seen


def _touches(queries, table):
    return [q["sql"] for q in queries if table in q["sql"]]


def test_router_sends_reads_to_the_replica_only_when_asked():
    router = ReplicaRouter()
    assert router.db_for_read(Task) == "default"
    with replica_reads():
        assert router.db_for_read(Task) == "replica"
        assert router.db_for_write(Task) == "default"
        with transaction.atomic():  # a transaction reads its own writes
            assert router.db_for_read(Task) == "default"
    assert router.db_for_read(Task) == "default"
    assert router.allow_migrate("replica", "directives") is False
    assert router.allow_migrate("default", "directives") is True


def test_reads_in_the_block_run_on_the_replica(choices):
    with CaptureQueriesContext(connections["replica"]) as replica:
        with replica_reads():
            on_replica = Task.objects.count()
    assert ("directives.task", "replica") in choices
    assert _touches(replica, "directives_task")
    assert on_replica == Task.objects.count() > 0


def test_without_a_replica_everything_stays_on_the_primary(monkeypatch):
    monkeypatch.setattr(dbrouters, "replica_configured", lambda: False)
    with replica_reads():
        assert ReplicaRouter().db_for_read(Task) == "default"


@dashboards_on_replica
def test_the_dashboard_reads_tasks_from_the_replica_and_who_asks_from_the_primary(
    client_for, choices
):
    client = client_for("lanhdao")
    choices.clear()
    with CaptureQueriesContext(connections["replica"]) as replica:
        response = client.get("/directives/dashboard/")
    assert response.status_code == 200
    tasks = {alias for label, alias in choices if label == "directives.task"}
    assert tasks == {"replica"}
    assert ("sessions.session", "default") in choices
    assert ("accounts.user", "default") in choices
    assert ("sessions.session", "replica") not in choices
    if POSTGRES:  # a second connection: the queries really ran there
        assert _touches(replica, "directives_task")
        assert not _touches(replica, "django_session")


@dashboards_on_replica
def test_other_pages_and_writes_use_the_primary(client_for, choices):
    client = client_for("lanhdao")
    choices.clear()
    assert client.get("/directives/").status_code == 200
    assert client.get("/org/units/").status_code == 200
    assert choices and {alias for _, alias in choices} == {"default"}
    choices.clear()
    client.post("/directives/dashboard/", {})  # not a read: never the replica
    assert "replica" not in {alias for _, alias in choices}
