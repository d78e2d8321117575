"""Test settings: fast hashing, immediate tasks, in-memory e-mail."""

from . import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
DEBUG = False

import tempfile  # noqa: E402

MEDIA_ROOT = tempfile.mkdtemp(prefix="ictgov-test-media-")

# Every test client calls from 127.0.0.1: the rate-limit tests turn the limits on themselves.
ICTGOV = {**ICTGOV, "RATE_LIMIT": 0, "API_RATE_LIMIT": 0}  # noqa: F405

# The read replica is the test database itself (a mirror). No view reads from it unless a test
# asks (REPLICA_VIEWS), since each test declares the databases it touches.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
ICTGOV["REPLICA_VIEWS"] = []
