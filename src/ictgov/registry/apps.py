from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "ictgov.registry"
    label = "registry"
    verbose_name = _("Sổ quản lý cơ sở")

    def ready(self):
        from ictgov.core import pickers
        from ictgov.core.navigation import register
        from ictgov.core.roles import Role
        from ictgov.licensing.models import Certificate

        from .models import Facility

        pickers.register(Certificate)  # a facility's certificate is picked by number or name
        pickers.register(Facility)  # a dossier's facility is picked by code, name or address
        roles = [Role.LEADER, Role.OFFICER, Role.LOCALITY]
        register(_("Sổ quản lý cơ sở"), "registry:facility_list", roles=roles)
        register(_("Bản đồ cơ sở"), "registry:map", roles=roles)
        register(_("Tiêu chí 8 (TT&TT)"), "registry:criterion", roles=roles)
