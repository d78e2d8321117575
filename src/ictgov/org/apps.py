from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "ictgov.org"
    label = "org"
    verbose_name = _("Tổ chức")

    def ready(self):
        from ictgov.core import pickers
        from ictgov.core.navigation import register
        from ictgov.core.roles import Role

        from .models import Person, Unit

        pickers.register(Unit)
        pickers.register(Person)

        # Businesses and citizens use their own records and the public pages, not the directory.
        internal = [r for r in Role.values if r != Role.APPLICANT]
        register(_("Cơ quan, đơn vị"), "org:unit_list", roles=internal)
        register(_("Cán bộ"), "org:person_list", roles=internal)
        register(_("Cụm, khối thi đua"), "org:cluster_list", roles=internal)
