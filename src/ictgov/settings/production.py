"""Production settings: secure cookies and HTTPS; SECRET_KEY must come from the environment."""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from . import *  # noqa: F403
from . import DEV_SECRET_KEY, STORAGES, VAR_DIR, env_bool

# The key comes from the environment, or from a file only its owner reads (`make serve` creates
# var/secret_key once). Every app server of one installation must use the same key.
SECRET_KEY_FILE = Path(os.environ.get("SECRET_KEY_FILE", VAR_DIR / "secret_key"))
SECRET_KEY = os.environ.get("SECRET_KEY") or (
    SECRET_KEY_FILE.read_text().strip() if SECRET_KEY_FILE.is_file() else ""
)
if SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "SECRET_KEY phải được đặt (ít nhất 50 ký tự) trong môi trường hoặc tệp SECRET_KEY_FILE."
    )

DEBUG = False
# HTTPS everywhere (ICTGOV_HTTPS=1, the default): behind a TLS reverse proxy set also
# ICTGOV_BEHIND_PROXY=1. ICTGOV_HTTPS=0 is for a trial over plain HTTP on a closed network.
HTTPS = env_bool("ICTGOV_HTTPS", True)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe the app servers over plain HTTP
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Static files: collected (`collectstatic`, done by `ictgov serve`) with hashed names and served
# by WhiteNoise from STATIC_ROOT; the app refuses to start without them (core/checks.py).
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "ictgov.core.staticstorage.StaticStorage"}}
WHITENOISE_USE_FINDERS = False
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (
    "map",
    "jpg",
    "jpeg",
    "png",
    "gif",
    "webp",
    "zip",
    "gz",
    "tgz",
    "bz2",
    "tbz",
    "xz",
    "br",
    "woff",
    "woff2",
)

# E-mail: SMTP by default; EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend writes
# each message to a file under EMAIL_FILE_PATH instead (a closed network, a trial).
_EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
if _EMAIL_BACKEND.endswith("smtp.EmailBackend"):
    _EMAIL_OPTIONS = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("EMAIL_PORT", "25")),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
    }
elif _EMAIL_BACKEND.endswith("filebased.EmailBackend"):
    _EMAIL_OPTIONS = {"file_path": os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))}
else:
    _EMAIL_OPTIONS = {}
MAILERS = {"default": {"BACKEND": _EMAIL_BACKEND, "OPTIONS": _EMAIL_OPTIONS}}
