"""Django's database sessions, read with one statement written once.

Every signed-in page reads its session first. Django's store asks the ORM for it
(`Session.objects.get(session_key=…, expire_date__gt=now)`), which builds and compiles the same
query on every request: three quarters of the read's CPU time. This store sends the statement
that query compiles to, made once per database, and is otherwise Django's (writing, expiry,
`clearsessions`, the table and its rows are unchanged).

A session signed in through an authentication backend that has since been replaced by a
subclass of it (Django's `ModelBackend` by ours) names the subclass when read, so nobody is
signed out by the change.
"""

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone
from django.utils.module_loading import import_string


class SessionStore(db.SessionStore):
    _statements: dict[str, str] = {}

    @classmethod
    def _statement(cls, using: str) -> str:
        statement = cls._statements.get(using)
        if statement is None:
            qn = connections[using].ops.quote_name
            meta = cls.get_model_class()._meta
            column = {f.name: qn(f.column) for f in meta.concrete_fields}
            statement = (
                f"SELECT {column['session_data']} FROM {qn(meta.db_table)} "
                f"WHERE {column['session_key']} = %s AND {column['expire_date']} > %s"
            )
            cls._statements[using] = statement
        return statement

    def _get_session_from_db(self):
        key = self.session_key  # None when the cookie's key is not a valid one
        if key is None:
            return None
        using = router.db_for_read(self.model)
        connection = connections[using]
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(self._statement(using), [key, now])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None  # as Django's store: a new session will be made
            return None
        return self.model(session_key=key, session_data=row[0])

    def load(self):
        data = super().load()
        backend = data.get(BACKEND_SESSION_KEY)
        if backend is not None and backend not in settings.AUTHENTICATION_BACKENDS:
            successor = _successor(backend)
            if successor is not None:
                data[BACKEND_SESSION_KEY] = successor
        return data


def _successor(path: str) -> str | None:
    """The configured backend that subclasses the backend at `path`, if any."""
    try:
        old = import_string(path)
    except ImportError:
        return None
    for candidate in settings.AUTHENTICATION_BACKENDS:
        cls = import_string(candidate)
        if isinstance(old, type) and issubclass(cls, old) and cls is not old:
            return candidate
    return None
