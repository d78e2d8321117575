"""The JSON API under /api/v1/: one router per app, documented by OpenAPI, docs served offline.

The routers are gathered from the installed apps: an app with an `api` module exposing `router`
is mounted at `/<app label>/` (or at its `API_PREFIX`)."""

import importlib

from django.apps import apps
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import ValidationError

from ictgov.core.filtersets import FilterError

api = NinjaAPI(
    title="ictgov API",
    version="1",
    description="API của hệ thống quản lý nhà nước về thông tin và truyền thông.",
    urls_namespace="api-1",
)


@api.exception_handler(FilterError)
def filter_error(request, exc):
    """Bad list filters: 422, each field named (the same messages as the page shows)."""
    return api.create_response(
        request,
        {
            "detail": _("Điều kiện lọc không hợp lệ: %(errors)s") % {"errors": exc},
            "errors": [e.as_dict() for e in exc.errors],
        },
        status=422,
    )


@api.exception_handler(ValidationError)
def validation_error(request, exc):
    return api.create_response(
        request, {"detail": _("Dữ liệu gửi lên không hợp lệ."), "errors": exc.errors}, status=422
    )


def app_modules(name: str):
    """(app config, module) for each ictgov app that has the module `name`."""
    for config in apps.get_app_configs():
        if not config.name.startswith("ictgov."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.{name}":
                raise
            continue
        yield config, module


for _config, _module in app_modules("api"):
    api.add_router(f"/{getattr(_module, 'API_PREFIX', _config.label)}/", _module.router)
