from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "ictgov.reporting"
    label = "reporting"
    verbose_name = _("Báo cáo định kỳ và thi đua")

    def ready(self):
        from ictgov.core import pickers
        from ictgov.core.navigation import register
        from ictgov.core.roles import Role

        from .models import Indicator, ReportForm

        pickers.register(Indicator)
        pickers.register(ReportForm)
        register(
            _("Báo cáo định kỳ"),
            "reporting:submission_list",
            roles=[Role.LEADER, Role.OFFICER, Role.LOCALITY, Role.LIAISON],
        )
        register(
            _("Số liệu tổng hợp"),
            "reporting:dashboard",
            roles=[Role.LEADER, Role.OFFICER, Role.LOCALITY, Role.LIAISON],
        )
        register(
            _("Thi đua, khen thưởng"),
            "reporting:emulation",
            roles=[Role.LEADER, Role.OFFICER, Role.LOCALITY],
        )
