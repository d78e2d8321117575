"""Administrators see the registry and keep the criterion sets (every edit in the history);
facilities are changed through the pages (services place the address and check the rules)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import CriterionSet, Facility, Indicator, IndicatorAssessment


class NoDeleteAdmin(SimpleHistoryAdmin):
    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Facility)
class FacilityAdmin(NoDeleteAdmin):
    list_display = ["code", "name", "kind", "commune", "status", "is_demo"]
    list_filter = ["kind", "status", "is_demo"]
    search_fields = ["code", "search_name", "site_code"]
    list_select_related = ["commune"]
    raw_id_fields = ["commune", "old_commune", "operator_unit", "certificate"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    can_delete = False


@admin.register(CriterionSet)
class CriterionSetAdmin(NoDeleteAdmin):
    list_display = ["code", "name", "valid_from", "valid_to", "unconfirmed"]
    inlines = [IndicatorInline]


@admin.register(IndicatorAssessment)
class IndicatorAssessmentAdmin(NoDeleteAdmin):
    list_display = ["indicator", "commune", "met", "assessed_on", "assessed_by"]
    raw_id_fields = ["commune"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
