from django.contrib import admin
from django.urls import include, path

from ictgov.api import api
from ictgov.core import views as core_views
from ictgov.core.health import healthz

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("ictgov.accounts.urls")),
    path("geo/", include("ictgov.geo.urls")),
    path("org/", include("ictgov.org.urls")),
    path("core/", include("ictgov.core.urls")),
    path("directives/", include("ictgov.directives.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

handler403 = "ictgov.core.views.permission_denied"
handler404 = "ictgov.core.views.page_not_found"
