"""The JSON API under /api/v1/: one router per app, documented by OpenAPI, docs served offline.

The routers are gathered from the installed apps: an app with an `api` module exposing `router`
is mounted at `/<app label>/` (or at its `API_PREFIX`)."""

import importlib
from typing import ClassVar

from django.apps import apps
from django.db import DataError
from django.http import Http404
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
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
    _schemas: ClassVar[dict] = {}  # (language, arguments) → the schema

    def get_openapi_schema(self, **kwargs):
        """The schema, with the errors every endpoint may answer documented once. Worked out
        once per process and language (half a second of pydantic's work each time): the
        routes do not change while the process runs."""
        key = (get_language(), repr(sorted(kwargs.items())))
        schema = self._schemas.get(key)
        if schema is None:
            schema = self._schemas[key] = self._documented_schema(**kwargs)
        return schema

    def _documented_schema(self, **kwargs):
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


# The schema checks' messages (pydantic's, in English) by their `type`, in Vietnamese; the
# `type` stays in each error for programs that read it.
SCHEMA_MESSAGES = {
    "missing": gettext_lazy("Thiếu trường bắt buộc."),
    "string_type": gettext_lazy("Phải là một chuỗi ký tự."),
    "string_too_long": gettext_lazy("Dài quá %(max_length)s ký tự."),
    "string_too_short": gettext_lazy("Phải có ít nhất %(min_length)s ký tự."),
    "string_pattern_mismatch": gettext_lazy("Không đúng dạng quy định."),
    "int_type": gettext_lazy("Phải là số nguyên."),
    "int_parsing": gettext_lazy("Phải là số nguyên."),
    "int_from_float": gettext_lazy("Phải là số nguyên."),
    "float_type": gettext_lazy("Phải là số."),
    "float_parsing": gettext_lazy("Phải là số."),
    "decimal_type": gettext_lazy("Phải là số."),
    "decimal_parsing": gettext_lazy("Phải là số."),
    "bool_type": gettext_lazy("Phải là true hoặc false."),
    "bool_parsing": gettext_lazy("Phải là true hoặc false."),
    "date_type": gettext_lazy("Ngày không hợp lệ (dạng YYYY-MM-DD)."),
    "date_parsing": gettext_lazy("Ngày không hợp lệ (dạng YYYY-MM-DD)."),
    "date_from_datetime_parsing": gettext_lazy("Ngày không hợp lệ (dạng YYYY-MM-DD)."),
    "datetime_type": gettext_lazy("Thời điểm không hợp lệ (dạng ISO 8601)."),
    "datetime_parsing": gettext_lazy("Thời điểm không hợp lệ (dạng ISO 8601)."),
    "greater_than": gettext_lazy("Phải lớn hơn %(gt)s."),
    "greater_than_equal": gettext_lazy("Phải lớn hơn hoặc bằng %(ge)s."),
    "less_than": gettext_lazy("Phải nhỏ hơn %(lt)s."),
    "less_than_equal": gettext_lazy("Phải nhỏ hơn hoặc bằng %(le)s."),
    "list_type": gettext_lazy("Phải là một danh sách."),
    "dict_type": gettext_lazy("Phải là một đối tượng JSON."),
    "model_type": gettext_lazy("Phải là một đối tượng JSON."),
    "too_long": gettext_lazy("Nhiều quá %(max_length)s phần tử."),
    "too_short": gettext_lazy("Phải có ít nhất %(min_length)s phần tử."),
    "enum": gettext_lazy("Phải là một trong: %(expected)s."),
    "literal_error": gettext_lazy("Phải là một trong: %(expected)s."),
    "json_invalid": gettext_lazy("JSON không hợp lệ."),
    "extra_forbidden": gettext_lazy("Trường này không được phép."),
}


def vietnamese_error(error: dict) -> dict:
    message = SCHEMA_MESSAGES.get(error.get("type", ""))
    if message is None:
        msg = str(error.get("msg", ""))
        # A validator of ours already speaks Vietnamese; pydantic only prefixes it.
        return {**error, "msg": msg.removeprefix("Value error, ")}
    try:
        text = str(message) % {k: v for k, v in (error.get("ctx") or {}).items()}
    except (KeyError, TypeError, ValueError):
        text = str(message).split("%(")[0].rstrip(" :") + "."
    return {**error, "msg": text}


@api.exception_handler(ValidationError)
def validation_error(request, exc):
    errors = [vietnamese_error(e) for e in exc.errors]
    return api.create_response(
        request, {"detail": _("Dữ liệu gửi lên không hợp lệ."), "errors": errors}, status=422
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
