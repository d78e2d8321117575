"""Django's database sessions, read with one statement written once.

Every signed-in page reads its session first. Django's store asks the ORM for it
(`Session.objects.get(session_key=…, expire_date__gt=now)`), which builds and compiles the same
query on every request: three quarters of the read's CPU time. This store reads the row by its
key with `core.rowreader.RowReader` (a statement made once per database, as the signed-in
user's read) and checks its expiry, and is otherwise Django's (writing, `clearsessions`, the
table and its rows are unchanged).

A session signed in through an authentication backend that has since been replaced by a
subclass of it (Django's `ModelBackend` by ours) names the subclass when read, so nobody is
signed out by the change.
"""

from functools import cache

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.sessions.backends import db
from django.utils import timezone
from django.utils.module_loading import import_string

from .rowreader import RowReader


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        key = self.session_key  # None when the cookie's key is not a valid one
        session = _reader(self.model).get(key) if key is not None else None
        if session is None or session.expire_date <= timezone.now():
            self._session_key = None  # as Django's store: a new session will be made
            return None
        return session

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


@cache
def _reader(model) -> RowReader:
    return RowReader(model, "session_key")
