from django.utils.translation import gettext_lazy as _

from ictgov.core.roles import Role
from ictgov.core.views import Column, ObjectListView

from .filtersets import UserFilterSet
from .models import User


class UserListView(ObjectListView):
    """Accounts and their roles: administrators only."""

    model = User
    roles = (Role.ADMIN,)
    title = _("Người dùng")
    export_name = "nguoi-dung"
    filterset_class = UserFilterSet
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
