"""One holder at a time across processes and machines: for jobs that must not overlap.

PostgreSQL: a session advisory lock, shared by every app server and worker on the database (it
is released when the holder's connection ends, even if the process dies). Otherwise (SQLite, one
machine): an exclusive lock on a file under the var/ folder.
"""

import fcntl
import zlib
from contextlib import contextmanager

from django.conf import settings
from django.db import connections


@contextmanager
def exclusive(name: str, using: str = "default"):
    connection = connections[using]
    if connection.vendor == "postgresql":
        key = zlib.crc32(f"ictgov:{name}".encode())
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [key])
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
        return
    path = settings.VAR_DIR / f".lock-{name}"
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
