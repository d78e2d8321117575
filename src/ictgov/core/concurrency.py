"""Two people acting on one record at once: one wins, the other is told.

A service that changes a record of legal weight calls `locked(obj)` first, inside its
transaction: the row is re-read under a lock (`SELECT … FOR UPDATE` on PostgreSQL; on SQLite the
transaction already holds the database's write lock from its first statement, see
settings `transaction_mode`), so the checks that follow see the state as it is now, and a second
request waits until the first has committed, then sees what it did."""

from django.db import transaction


def locked(obj):
    """Re-read `obj` from the database under a lock held until the transaction ends; the same
    instance is returned, so the caller sees what the service then does to it."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("locked() must be called inside the service's transaction")
    obj.refresh_from_db(from_queryset=type(obj)._base_manager.select_for_update())
    return obj
