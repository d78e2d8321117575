"""Test settings: fast hashing, immediate tasks, in-memory e-mail."""

from . import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
DEBUG = False

import tempfile  # noqa: E402

MEDIA_ROOT = tempfile.mkdtemp(prefix="ictgov-test-media-")
