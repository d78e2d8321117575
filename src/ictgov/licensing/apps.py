from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LicensingConfig(AppConfig):
    name = "ictgov.licensing"
    label = "licensing"
    verbose_name = _("Thủ tục hành chính một cửa")

    def ready(self):
        from ictgov.core import pickers
        from ictgov.core.navigation import register
        from ictgov.core.roles import Role

        from .models import Procedure

        pickers.register(Procedure)
        register(
            _("Hồ sơ một cửa"), "licensing:inbox", roles=[Role.LEADER, Role.OFFICER, Role.LOCALITY]
        )
        register(_("Thủ tục hành chính"), "licensing:procedure_list", public=True)
        register(_("Tra cứu hồ sơ"), "licensing:lookup", public=True)
        register(_("Hồ sơ của tôi"), "licensing:my_dossiers", roles=[Role.APPLICANT])
        register(
            _("Chỉ số phục vụ (QĐ 766)"), "licensing:figures", roles=[Role.LEADER, Role.OFFICER]
        )
