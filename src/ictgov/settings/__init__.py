"""Settings read from the environment with safe defaults.

DATABASE_URL   default: a SQLite file under var/
SECRET_KEY     default: a development key (production settings refuse it)
DEBUG          default: off
ALLOWED_HOSTS  comma-separated, default: localhost names
"""

import os
from pathlib import Path

import dj_database_url
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
    "ictgov.core",
    "ictgov.accounts",
    "ictgov.geo",
    "ictgov.org",
    "ictgov.directives",
    "ictgov.licensing",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ictgov.core.middleware.VietnameseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
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

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'ictgov.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
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

LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "vi")
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
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
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
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
    # Absolute address of the site, for links in e-mails sent by background jobs.
    "SITE_URL": os.environ.get("ICTGOV_SITE_URL", "http://127.0.0.1:8000").rstrip("/"),
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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
