from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "ictgov.core"
    label = "core"
    verbose_name = _("Dùng chung")

    def ready(self):
        from ictgov.core.navigation import register

        # checks: registers the static-manifest check; workdays: keeps the calendar cache in step.
        from . import checks, workdays  # noqa: F401

        register(_("Lịch làm việc"), "core:calendar", public=True)

        from .admin import _hide_technical_models

        _hide_technical_models()

        # Django 6.1's blank choice ("- Select an option -") is missing from its Vietnamese
        # catalogue; Django lets an app's ready() set it.
        from django.db.models import fields

        fields.BLANK_CHOICE_LABEL = _("— Chọn —")
