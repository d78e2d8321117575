from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GeoConfig(AppConfig):
    name = "ictgov.geo"
    label = "geo"
    verbose_name = _("Địa giới hành chính")

    def ready(self):
        from ictgov.core import pickers
        from ictgov.core.navigation import register

        from .models import AdministrativeUnit

        pickers.register(AdministrativeUnit, related=("parent__parent",))

        register(_("Đơn vị hành chính"), "geo:unit_list", public=True)
