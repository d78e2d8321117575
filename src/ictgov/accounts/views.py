from django.utils.translation import gettext_lazy as _

from ictgov.core.views import Column, ObjectListView

from .models import User
from .roles import Role


class UserListView(ObjectListView):
    """Accounts and their roles: administrators only."""

    model = User
    roles = (Role.ADMIN,)
    title = _("Người dùng")
    export_name = "nguoi-dung"
    search_field = None
    columns = [
        Column("username", _("Tên đăng nhập")),
        Column("get_full_name", _("Họ và tên")),
        Column("role", _("Vai trò")),
        Column("unit.name", _("Đơn vị")),
        Column("locality.name", _("Địa bàn")),
        Column("is_active", _("Đang hoạt động")),
    ]

    def base_queryset(self):
        return User.objects.select_related("unit", "locality").order_by("username")
