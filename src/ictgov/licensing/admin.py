"""Administrators keep the catalogue (every edit is in the history); dossiers and certificates
are changed only through the pages (the state machine), so the admin shows them read-only."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Certificate, Dossier, Procedure, ProcedureIssuer, Requirement


class NoDeleteAdmin(SimpleHistoryAdmin):
    def has_delete_permission(self, request, obj=None):
        return False


class RequirementInline(admin.TabularInline):
    model = Requirement
    extra = 0
    can_delete = False


class IssuerInline(admin.TabularInline):
    model = ProcedureIssuer
    extra = 0
    can_delete = False
    autocomplete_fields = ["unit"]


@admin.register(Procedure)
class ProcedureAdmin(NoDeleteAdmin):
    list_display = [
        "name",
        "national_code",
        "field",
        "action",
        "processing_days",
        "valid_from",
        "valid_to",
    ]
    list_filter = ["field", "action", "online_level"]
    search_fields = ["search_name", "name", "national_code"]
    inlines = [RequirementInline, IssuerInline]


class ReadOnlyAdmin(NoDeleteAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Dossier)
class DossierAdmin(ReadOnlyAdmin):
    list_display = ["receipt_code", "procedure", "applicant_name", "state", "received_at", "due_on"]
    list_filter = ["state", "channel"]
    search_fields = ["receipt_code", "search_name"]


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ["number", "holder_name", "issued_on", "valid_to", "status"]
    list_filter = ["status"]
    search_fields = ["number", "search_name"]
