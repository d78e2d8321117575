"""The JSON API under /api/v1/: one router per app, documented by OpenAPI, docs served offline.

The routers are gathered from the installed apps: an app with an `api` module exposing `router`
is mounted at `/<app label>/` (or at its `API_PREFIX`)."""

import importlib

from django.apps import apps
from django.db import DataError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from ictgov.core.filtersets import FilterError

ERROR_SCHEMA = {
    "title": "ErrorOut",
    "type": "object",
    "properties": {
        "detail": {"type": "string", "description": "Thông báo lỗi bằng tiếng Việt"},
        "errors": {"type": "array", "items": {"type": "object"}, "description": "Từng trường sai"},
    },
    "required": ["detail"],
}
ERROR_RESPONSES = {
    401: "Chưa đăng nhập hoặc mã truy cập không hợp lệ",
    403: "Không có quyền thực hiện",
    404: "Không tìm thấy hoặc ngoài phạm vi được xem",
    422: "Dữ liệu gửi lên hoặc điều kiện lọc không hợp lệ",
    429: "Gửi quá nhiều yêu cầu; thử lại sau (xem Retry-After)",
}


class Api(NinjaAPI):
    def get_openapi_schema(self, **kwargs):
        """The schema, with the errors every endpoint may answer documented once."""
        schema = super().get_openapi_schema(**kwargs)
        schema.setdefault("components", {}).setdefault("schemas", {})["ErrorOut"] = ERROR_SCHEMA
        ref = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
        for path, operations in schema["paths"].items():
            for operation in operations.values():
                codes = [422, 429]
                if operation.get("security"):
                    codes += [401, 403]
                if "{" in path or "page" in str(operation.get("parameters", "")):
                    codes.append(404)
                responses = operation.setdefault("responses", {})
                for code in codes:
                    responses.setdefault(
                        code, {"description": ERROR_RESPONSES[code], "content": ref}
                    )
        return schema


api = Api(
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


# django-ninja's own messages, in Vietnamese like every other answer.
NINJA_MESSAGES = {
    "Cannot parse request body": gettext_lazy("Nội dung gửi lên không đọc được (JSON sai)."),
    "CSRF check Failed": gettext_lazy(
        "Thiếu hoặc sai mã CSRF của phiên đăng nhập; hoặc gửi kèm mã truy cập (Bearer)."
    ),
}


@api.exception_handler(AuthenticationError)
def authentication_error(request, exc):
    return api.create_response(request, {"detail": ERROR_RESPONSES[401] + "."}, status=401)


@api.exception_handler(HttpError)
def http_error(request, exc):
    message = str(exc)
    return api.create_response(
        request, {"detail": str(NINJA_MESSAGES.get(message, message))}, status=exc.status_code
    )


@api.exception_handler(DataError)
def data_error(request, exc):
    """A value the database cannot hold (longer than its column, out of range)."""
    return api.create_response(
        request,
        {"detail": _("Một giá trị gửi lên dài quá hoặc vượt giới hạn cơ sở dữ liệu cho phép.")},
        status=422,
    )


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": ERROR_RESPONSES[404] + "."}, status=404)


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
