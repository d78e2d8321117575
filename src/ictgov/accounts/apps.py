from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "ictgov.accounts"
    label = "accounts"
    verbose_name = _("Tài khoản")

    def ready(self):
        from ictgov.core.navigation import register
        from ictgov.core.roles import Role

        register(_("Người dùng"), "accounts:user_list", roles=[Role.ADMIN])
