from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import CalendarOverride


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(SimpleHistoryAdmin):
    list_display = ["day", "kind", "reason", "source"]
    list_filter = ["kind"]
    date_hierarchy = "day"

    def has_delete_permission(self, request, obj=None):
        return False
