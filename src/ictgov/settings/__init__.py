"""Settings read from the environment with safe defaults.

DATABASE_URL   default: a SQLite file under var/
SECRET_KEY     default: a development key (production settings refuse it)
DEBUG          default: off
ALLOWED_HOSTS  comma-separated, default: localhost names
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent
_CHECKOUT = PACKAGE_DIR.parents[1]
BASE_DIR = Path(
    os.environ.get(
        "ICTGOV_HOME", _CHECKOUT if (_CHECKOUT / "pyproject.toml").exists() else Path.cwd()
    )
)
VAR_DIR = Path(os.environ.get("ICTGOV_VAR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEV_SECRET_KEY = "dev-only-insecure-key-change-me"
SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_filters",
    "simple_history",
    "django_tasks_db",
    "ninja",
    "axes",
    "ictgov.core",
    "ictgov.accounts",
    "ictgov.geo",
    "ictgov.org",
    "ictgov.directives",
    "ictgov.licensing",
    "ictgov.registry",
    "ictgov.reporting",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ictgov.core.middleware.VietnameseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "ictgov.core.ratelimit.RateLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "ictgov.core.middleware.NoNulInApiMiddleware",
    "ictgov.core.idempotency.OnceFormMiddleware",
    "ictgov.core.dbrouters.ReplicaReadsMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "ictgov.urls"
WSGI_APPLICATION = "ictgov.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ictgov.core.context_processors.site",
            ],
        },
    },
]

# Selects and inputs written in Python, with Django's markup (core/renderers.py).
FORM_RENDERER = "ictgov.core.renderers.FormRenderer"

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'ictgov.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# A read replica for dashboards (PostgreSQL streaming replication; see README and
# core/dbrouters.py): only views marked replica-safe read from it.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    if DATABASES["replica"]["ENGINE"].endswith("postgresql"):
        # Shows in pg_stat_activity which connections read from the replica.
        DATABASES["replica"].setdefault("OPTIONS", {})["application_name"] = "ictgov-replica"
DATABASE_ROUTERS = ["ictgov.core.dbrouters.ReplicaRouter"]
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        # A write transaction takes the database's lock when it begins, so a second writer
        # waits (up to `timeout` seconds) and then reads what the first wrote, instead of
        # both reading the old state or one failing with "database is locked".
        transaction_mode="IMMEDIATE",
        timeout=20,
    )

# Content Security Policy: every script is a file served by the app (no inline script, no eval,
# no inline event handler); style="" attributes are allowed, <style> elements are not.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "style-src-attr": [CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Only a reverse proxy in front (ICTGOV_BEHIND_PROXY=1) may tell us the request came over HTTPS
# (X-Forwarded-Proto) or who the client is (X-Forwarded-For); otherwise anyone could claim it.
BEHIND_PROXY = env_bool("ICTGOV_BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out login before checking it
    "ictgov.accounts.backends.ModelBackend",  # Django's, the user read by a statement made once
    "ictgov.accounts.backends.ApiTokenBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (django-axes): after ICTGOV_LOGIN_FAILURE_LIMIT failures for one account, or
# from one address, logins are refused until ICTGOV_LOGIN_LOCKOUT_MINUTES after the last failure.
# Attempts are kept in the database (shared by every app server), shown in the admin, and
# `ictgov axes_reset` unlocks everyone at once.
AXES_FAILURE_LIMIT = int(os.environ.get("ICTGOV_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("ICTGOV_LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "ictgov.accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "ictgov.core.ratelimit.client_ip"
AXES_WHITELIST_CALLABLE = "ictgov.accounts.lockout.not_a_password"

# The cache holds the rate-limit counters: Redis shared by every app server in production
# (REDIS_URL=redis://host:6379/0), this process's memory otherwise (one server, `make run`).
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Sessions stay in the database, with or without Redis. `cached_db` (read from Redis) was
# measured (01/12/2026): one query less per page on the shared database but no clear CPU gain,
# while a Redis outage would then answer 500 on every signed-in page (Django's `cached_db` does
# not catch a failed cache read-back) and a sign-out during the outage could come back to life
# with the cache's old entry. Rate limits, which do use Redis, carry on through an outage.
# Django's database store, read with a statement written once (core/sessions.py).
SESSION_ENGINE = "ictgov.core.sessions"

LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "vi")
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
# locale: the project's messages in English (they are written in Vietnamese); locale_django:
# Django's own messages where its Vietnamese is missing or awkward.
LOCALE_PATHS = [PACKAGE_DIR / "locale", PACKAGE_DIR / "locale_django"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Front-end libraries come from npm at set-up (package.json) and are served by the app.
NODE_MODULES = Path(os.environ.get("ICTGOV_NODE_MODULES", BASE_DIR / "node_modules"))
VENDOR_ASSETS = {
    "bootstrap": "bootstrap/dist",
    "chart.js": "chart.js/dist",
    "tom-select": "tom-select/dist",
    "leaflet": "leaflet/dist",
    "leaflet.markercluster": "leaflet.markercluster/dist",
}
STATICFILES_DIRS = [
    (f"vendor/{name}", NODE_MODULES / sub)
    for name, sub in VENDOR_ASSETS.items()
    if (NODE_MODULES / sub).is_dir()
]
MEDIA_URL = "media/"
# Uploaded files: a folder (MEDIA_ROOT; shared storage such as NFS when several app servers run),
# or an S3-compatible bucket (MinIO, Ceph, a cloud's) with ICTGOV_MEDIA_STORAGE=s3.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_STORAGE = os.environ.get("ICTGOV_MEDIA_STORAGE", "filesystem").strip().lower()
if MEDIA_STORAGE == "s3":
    _media = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("AWS_STORAGE_BUCKET_NAME", "ictgov"),
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("AWS_LOCATION", "media"),
            # Files are private (served by the app to those who may read the record).
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
elif MEDIA_STORAGE == "filesystem":
    _media = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"ICTGOV_MEDIA_STORAGE={MEDIA_STORAGE!r} không hợp lệ: dùng 'filesystem' hoặc 's3'."
    )
STORAGES = {
    "default": _media,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

MAILERS = {
    "default": {
        "BACKEND": os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ictgov@localhost")

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

MESSAGE_TAGS = {40: "danger"}

ICTGOV = {
    # The authority shown in the header; who does what is data, this is only the label.
    "AUTHORITY_NAME": os.environ.get(
        "ICTGOV_AUTHORITY_NAME", "Sở Khoa học và Công nghệ tỉnh Nghệ An"
    ),
    "PAGE_SIZE": int(os.environ.get("ICTGOV_PAGE_SIZE", "25")),
    # The registry map's tile server ("https://tiles.example/{z}/{x}/{y}.png"); empty: markers on
    # a plain background (closed government networks often reach no tile server).
    "MAP_TILES": os.environ.get("ICTGOV_MAP_TILES", ""),
    "MAP_ATTRIBUTION": os.environ.get("ICTGOV_MAP_ATTRIBUTION", ""),
    # Excel imports larger than this run as a background task with a progress bar.
    "IMPORT_INLINE_BYTES": int(os.environ.get("ICTGOV_IMPORT_INLINE_BYTES", str(256 * 1024))),
    # Absolute address of the site, for links in e-mails sent by background jobs.
    "SITE_URL": os.environ.get("ICTGOV_SITE_URL", "http://127.0.0.1:8000").rstrip("/"),
    # Requests per minute per client address for anonymous callers (0: no limit); see
    # core/ratelimit.py. Signed-in users are not limited.
    "RATE_LIMIT": int(os.environ.get("ICTGOV_RATE_LIMIT", "120")),
    "API_RATE_LIMIT": int(os.environ.get("ICTGOV_API_RATE_LIMIT", "60")),
    # Views (URL names) whose reads may go to the read replica, when there is one.
    "REPLICA_VIEWS": ["directives:dashboard"],
    # `ictgov scheduler` (started by `ictgov serve`) enqueues these tasks daily at this time.
    "DAILY_AT": os.environ.get("ICTGOV_DAILY_AT", "06:30"),
    # How long an Idempotency-Key (API) or a form's one-time token is remembered.
    "IDEMPOTENCY_KEEP_DAYS": int(os.environ.get("ICTGOV_IDEMPOTENCY_KEEP_DAYS", "30")),
    "DAILY_JOBS": [
        "ictgov.core.tasks.daily_core_job",
        "ictgov.directives.tasks.daily_directives_job",
        "ictgov.licensing.tasks.daily_licensing_job",
        "ictgov.reporting.tasks.daily_reporting_job",
    ],
    # The key that signs official PDFs (core.pdf): a PKCS#12 file, or a PEM key and certificate;
    # TRUST adds CA certificates (PEM) the verification accepts. None configured: a self-signed
    # demo key is made under var/signing/ and pages say it has no legal value.
    "SIGNING": {
        "PKCS12": os.environ.get("ICTGOV_SIGNING_PKCS12", ""),
        "KEY": os.environ.get("ICTGOV_SIGNING_KEY", ""),
        "CERT": os.environ.get("ICTGOV_SIGNING_CERT", ""),
        "PASSWORD": os.environ.get("ICTGOV_SIGNING_PASSWORD", ""),
        "TRUST": env_list("ICTGOV_SIGNING_TRUST", ""),
    },
}

if ICTGOV["MAP_TILES"]:  # the map's tiles are the one image source outside the app
    from urllib.parse import urlsplit

    _tiles = urlsplit(ICTGOV["MAP_TILES"].replace("{s}", "a"))
    _origin = f"{_tiles.scheme}://{_tiles.netloc}"
    if "{s}" in ICTGOV["MAP_TILES"]:
        _origin = f"{_tiles.scheme}://*.{_tiles.netloc.split('.', 1)[-1]}"
    SECURE_CSP["img-src"] = [*SECURE_CSP["img-src"], _origin]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
