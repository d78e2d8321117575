from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import CalendarOverride, Parameter


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(SimpleHistoryAdmin):
    list_display = ["day", "kind", "reason", "source"]
    list_filter = ["kind"]
    date_hierarchy = "day"

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Parameter)
class ParameterAdmin(SimpleHistoryAdmin):
    list_display = ["key", "value", "description", "unconfirmed"]
    search_fields = ["key", "description"]

    def has_delete_permission(self, request, obj=None):
        return False


# The admin speaks the site's name, not Django's.
admin.site.site_header = _("Quản trị hệ thống ictgov")
admin.site.site_title = _("Quản trị ictgov")
admin.site.index_title = _("Danh mục quản trị")

TECHNICAL_APPS = {"django_tasks_database"}  # the task queue: for superusers only


def _hide_technical_models() -> None:
    for model, model_admin in list(admin.site._registry.items()):
        if model._meta.app_label in TECHNICAL_APPS:
            model_admin.has_module_permission = lambda request: request.user.is_superuser
