from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectivesConfig(AppConfig):
    name = "ictgov.directives"
    label = "directives"
    verbose_name = _("Chỉ đạo, điều hành")

    def ready(self):
        from ictgov.core import pickers
        from ictgov.core.navigation import register

        from .models import Meeting

        pickers.register(Meeting)
        from ictgov.core.roles import Role

        internal = [r for r in Role.values if r != Role.APPLICANT]
        register(_("Nhiệm vụ của đơn vị"), "directives:inbox", roles=internal)
        register(_("Cuộc họp"), "directives:meeting_list", roles=internal)
        register(_("Lịch công tác tuần"), "directives:schedule", roles=internal)
        register(_("Theo dõi nhiệm vụ"), "directives:dashboard", roles=[Role.LEADER, Role.OFFICER])
