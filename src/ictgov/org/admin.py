from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ClusterTerm, EmulationCluster, Person, Position, Unit, UnitSuccession


class NoDeleteAdmin(SimpleHistoryAdmin):
    def has_delete_permission(self, request, obj=None):
        return False


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
    autocomplete_fields = ["person"]
    can_delete = False


class SuccessionInline(admin.TabularInline):
    model = UnitSuccession
    fk_name = "predecessor"
    extra = 0
    autocomplete_fields = ["successor"]
    can_delete = False  # a succession is of legal weight: corrected, never removed


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(NoDeleteAdmin):
    list_display = ["predecessor", "successor", "effective_on", "legal_basis"]
    autocomplete_fields = ["predecessor", "successor"]
    search_fields = ["predecessor__search_name", "successor__search_name"]


@admin.register(Unit)
class UnitAdmin(NoDeleteAdmin):
    list_display = [
        "name",
        "abbreviation",
        "kind",
        "parent",
        "admin_unit",
        "valid_from",
        "valid_to",
    ]
    list_filter = ["kind"]
    search_fields = ["search_name", "name"]
    autocomplete_fields = ["parent", "admin_unit"]
    inlines = [PositionInline, SuccessionInline]


@admin.register(Person)
class PersonAdmin(NoDeleteAdmin):
    search_fields = ["search_name", "full_name"]


@admin.register(EmulationCluster)
class EmulationClusterAdmin(NoDeleteAdmin):
    list_display = ["name", "kind", "admin_unit"]
    autocomplete_fields = ["admin_unit"]
    search_fields = ["search_name"]


@admin.register(ClusterTerm)
class ClusterTermAdmin(NoDeleteAdmin):
    list_display = ["cluster", "year", "head_unit", "leader"]
    autocomplete_fields = ["cluster", "head_unit", "deputy_unit", "leader", "members"]
