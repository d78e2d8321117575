"""Administrators keep the indicators, forms, rules and emulation scales (every edit is in the
history). Submissions change only through the pages and the API (the state machine)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AwardProposal,
    Category,
    CategoryOption,
    EmulationCriterion,
    EmulationPledge,
    FormIndicator,
    FormSection,
    Indicator,
    ReportForm,
    Submission,
    ValidationRule,
)


class NoDeleteAdmin(SimpleHistoryAdmin):
    def has_delete_permission(self, request, obj=None):
        return False


class OptionInline(admin.TabularInline):
    model = CategoryOption
    extra = 0


@admin.register(Category)
class CategoryAdmin(NoDeleteAdmin):
    list_display = ["code", "name"]
    inlines = [OptionInline]


@admin.register(Indicator)
class IndicatorAdmin(NoDeleteAdmin):
    list_display = ["code", "name", "unit_of_measure", "value_type", "aggregation", "category"]
    list_filter = ["value_type", "aggregation"]
    search_fields = ["search_name", "code", "name"]

    def get_readonly_fields(self, request, obj=None):
        # The disaggregation is fixed once figures exist (they are keyed by its options).
        from .services import indicator_has_data

        if obj is not None and indicator_has_data(obj):
            return ["category"]
        return []


class SectionInline(admin.TabularInline):
    model = FormSection
    extra = 0


class ItemInline(admin.TabularInline):
    model = FormIndicator
    extra = 0
    autocomplete_fields = ["indicator"]


class RuleInline(admin.TabularInline):
    model = ValidationRule
    extra = 0


@admin.register(ReportForm)
class ReportFormAdmin(NoDeleteAdmin):
    list_display = ["code", "name", "period_kind", "reporting_level", "due_day", "active"]
    list_filter = ["period_kind", "reporting_level", "active"]
    search_fields = ["search_name", "code", "name"]
    inlines = [SectionInline, ItemInline, RuleInline]
    filter_horizontal = ["reporting_units"]


@admin.register(Submission)
class SubmissionAdmin(NoDeleteAdmin):
    list_display = ["form", "period_start", "unit", "state", "due_on", "submitted_on"]
    list_filter = ["state", "form"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(EmulationCriterion)
class CriterionAdmin(NoDeleteAdmin):
    list_display = ["cluster", "year", "code", "name", "max_points", "source"]
    list_filter = ["year", "source"]


@admin.register(EmulationPledge)
class PledgeAdmin(NoDeleteAdmin):
    list_display = ["cluster", "year", "signed_on", "document_number"]


@admin.register(AwardProposal)
class AwardAdmin(NoDeleteAdmin):
    list_display = ["year", "cluster", "unit", "kind", "state", "decision_number"]
    list_filter = ["year", "kind", "state"]
