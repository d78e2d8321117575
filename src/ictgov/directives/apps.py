from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectivesConfig(AppConfig):
    name = "ictgov.directives"
    label = "directives"
    verbose_name = _("Chỉ đạo, điều hành")

    def ready(self):
        from ictgov.accounts.roles import Role
        from ictgov.core.navigation import register

        register(_("Nhiệm vụ của đơn vị"), "directives:inbox")
        register(_("Cuộc họp"), "directives:meeting_list")
        register(_("Theo dõi nhiệm vụ"), "directives:dashboard", roles=[Role.LEADER, Role.OFFICER])
