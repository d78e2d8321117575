from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "ictgov.org"
    label = "org"
    verbose_name = _("Tổ chức")

    def ready(self):
        from ictgov.core import pickers
        from ictgov.core.navigation import register

        from .models import Person, Unit

        pickers.register(Unit)
        pickers.register(Person)

        register(_("Cơ quan, đơn vị"), "org:unit_list")
        register(_("Cán bộ"), "org:person_list")
        register(_("Cụm, khối thi đua"), "org:cluster_list")
