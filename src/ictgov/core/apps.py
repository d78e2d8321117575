from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "ictgov.core"
    label = "core"
    verbose_name = _("Dùng chung")

    def ready(self):
        from ictgov.core.navigation import register

        from . import workdays  # noqa: F401  (keeps the calendar cache in step with overrides)

        register(_("Lịch làm việc"), "core:calendar", public=True)

        from .admin import _hide_technical_models

        _hide_technical_models()
