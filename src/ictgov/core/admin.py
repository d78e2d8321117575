from django.contrib import admin
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
