"""Refuse to serve production pages that could only answer 500.

With manifest static storage, every `{% static %}` needs the manifest written by
`collectstatic`; without it each page fails. `check --deploy` reports it (an error) and the WSGI
application refuses to start (`require_static_manifest`), so the failure is loud and immediate.
"""

from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import storages

MISSING_MANIFEST = "ictgov.E001"


def static_manifest_errors() -> list[Error]:
    storage = storages["staticfiles"]
    if not isinstance(storage, ManifestFilesMixin):
        return []
    if storage.manifest_storage.exists(storage.manifest_name):
        return []
    return [
        Error(
            f"Chưa thu thập tệp tĩnh: thiếu {storage.manifest_name} trong {storage.location} "
            "nên mọi trang sẽ lỗi 500.",
            hint="Chạy `ictgov collectstatic --noinput` (make serve tự làm việc này).",
            id=MISSING_MANIFEST,
        )
    ]


@register(Tags.staticfiles, deploy=True)
def static_manifest_check(app_configs=None, **kwargs):
    return static_manifest_errors()


def require_static_manifest() -> None:
    errors = static_manifest_errors()
    if errors:
        raise ImproperlyConfigured(f"{errors[0].msg} {errors[0].hint}")
