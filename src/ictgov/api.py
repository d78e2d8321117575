"""The JSON API under /api/v1/: one router per app, documented by OpenAPI, docs served offline."""

from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import ValidationError

from ictgov.directives.api import router as directives_router
from ictgov.geo.api import router as geo_router
from ictgov.org.api import router as org_router

api = NinjaAPI(
    title="ictgov API",
    version="1",
    description="API của hệ thống quản lý nhà nước về thông tin và truyền thông.",
    urls_namespace="api-1",
)


@api.exception_handler(ValidationError)
def validation_error(request, exc):
    return api.create_response(
        request, {"detail": _("Dữ liệu gửi lên không hợp lệ."), "errors": exc.errors}, status=422
    )


api.add_router("/geo/", geo_router)
api.add_router("/org/", org_router)
api.add_router("/directives/", directives_router)

try:  # the calendar router lives in core
    from ictgov.core.api import router as calendar_router

    api.add_router("/calendar/", calendar_router)
except ImportError:  # pragma: no cover
    pass
