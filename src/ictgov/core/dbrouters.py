"""Reads that may go to a read replica, everything else to the primary.

With DATABASE_REPLICA_URL set (a PostgreSQL streaming replica, see README) the `replica`
database exists. Reads go there only where it was asked for, because a replica lags behind the
primary by a moment: in views marked replica-safe (`@replica_safe`, or listed by URL name in
ICTGOV["REPLICA_VIEWS"]: dashboards), or inside `with replica_reads():`. Writes, and reads inside
a transaction on the primary (read your own writes), always go to the primary. Without a
replica configured all of this is a no-op.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
_reads_on_replica: ContextVar[bool] = ContextVar("ictgov_reads_on_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def replica_reads():
    """Reads in this block may be served by the replica (stale by a moment at most)."""
    token = _reads_on_replica.set(True)
    try:
        yield
    finally:
        _reads_on_replica.reset(token)


def replica_safe(view):
    """Mark a read-only view whose reads may be served by the replica."""
    view.replica_safe = True
    return view


def _writing() -> bool:
    """In a transaction on the primary (a test's own wrapping transaction does not count)."""
    primary = connections[DEFAULT_DB_ALIAS]
    return primary.in_atomic_block and any(
        not getattr(block, "_from_testcase", False) for block in primary.atomic_blocks
    )


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _reads_on_replica.get() and replica_configured() and not _writing():
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the primary's data

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA  # the replica follows the primary; never migrated itself


class ReplicaReadsMiddleware:
    """Serves the reads of replica-safe views (GET/HEAD) from the replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        token = getattr(request, "_replica_token", None)
        if token is not None:
            _reads_on_replica.reset(token)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method not in ("GET", "HEAD") or not replica_configured():
            return None
        match = request.resolver_match
        marked = getattr(view_func, "replica_safe", False) or (
            match is not None and match.view_name in settings.ICTGOV["REPLICA_VIEWS"]
        )
        if marked:
            # Who is asking comes from the primary: a session written a moment ago (the login)
            # may not have reached the replica yet.
            user = getattr(request, "user", None)
            if user is not None:
                user.is_authenticated  # noqa: B018 - loads the session and the user now
            request._replica_token = _reads_on_replica.set(True)
        return None
