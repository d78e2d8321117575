from django.contrib import admin

from .models import AdministrativeUnit


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent", "valid_from", "valid_to"]
    list_filter = ["level"]
    search_fields = ["search_name", "code"]

    def has_add_permission(self, request):  # loaded from vietnam-provinces, never typed by hand
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_search_results(self, request, queryset, search_term):
        from ictgov.core.text import fold

        return super().get_search_results(request, queryset, fold(search_term))
