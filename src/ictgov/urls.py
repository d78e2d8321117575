"""Every app with a `urls` module is mounted at `/<app label>/` (or at its `URL_PREFIX`)."""

from django.contrib import admin
from django.urls import include, path

from ictgov.api import api, app_modules
from ictgov.core import views as core_views
from ictgov.core.health import healthz

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    *(
        path(f"{getattr(module, 'URL_PREFIX', config.label)}/", include(module))
        for config, module in app_modules("urls")
    ),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

handler403 = "ictgov.core.views.permission_denied"
handler404 = "ictgov.core.views.page_not_found"
