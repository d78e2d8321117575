"""Helpers for the apps' tests (imported by tests only)."""

from dataclasses import dataclass
from io import BytesIO


@dataclass
class ExportedList:
    title: str
    as_of: str
    headers: list
    rows: list[tuple]


def read_export(response) -> ExportedList:
    """An Excel export as officials see it: title, "Tính đến ngày …", headers, data rows."""
    from openpyxl import load_workbook

    content = b"".join(response.streaming_content) if response.streaming else response.content
    ws = load_workbook(BytesIO(content)).active
    rows = list(ws.iter_rows(values_only=True))
    return ExportedList(title=rows[0][0], as_of=rows[1][0], headers=list(rows[3]), rows=rows[4:])


# --- concurrency (real on PostgreSQL) -----------------------------------------------------------


def in_thread(fn):
    """Run `fn()` in another thread with its own database connection, outside the test's
    transaction: what it writes is committed at once. Returns its result or raises its error."""
    import threading

    from django.db import connections

    out = {}

    def run():
        try:
            out["result"] = fn()
        except BaseException as exc:  # handed back to the caller
            out["error"] = exc
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(60)
    if "error" in out:
        raise out["error"]
    return out.get("result")


def race(*fns):
    """Run each function in its own thread and connection, started together; returns each one's
    result or the exception it raised, in order."""
    import threading

    from django.db import connections

    barrier = threading.Barrier(len(fns))
    results: list = [None] * len(fns)

    def run(i, fn):
        try:
            barrier.wait(10)
            results[i] = fn()
        except BaseException as exc:  # handed back to the caller
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(fns)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def wait_for_lock_waiter(timeout: float = 10.0) -> bool:
    """PostgreSQL: wait until another session is blocked on a lock (proof that a race really
    met the lock, not two requests one after the other)."""
    import time

    from django.db import connection

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
            if cursor.fetchone()[0]:
                return True
        time.sleep(0.02)
    return False


def is_postgresql() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"
