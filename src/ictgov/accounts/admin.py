from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import ApiToken, User


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    list_display = ["username", "get_full_name", "role", "unit", "locality", "is_active"]
    list_filter = ["role", "is_active"]
    autocomplete_fields = ["unit", "locality"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (_("ictgov"), {"fields": ["role", "unit", "locality", "phone"]}),
    ]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "created_at", "last_used_at"]
