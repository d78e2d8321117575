import django_filters
from django.utils.translation import gettext_lazy as _

from ictgov.core.filtersets import BooleanFilter, FilterSet
from ictgov.core.roles import Role

from .models import User


class UserFilterSet(FilterSet):
    role = django_filters.ChoiceFilter(
        label=_("Vai trò"), choices=Role.choices, empty_label=_("Mọi vai trò")
    )
    is_active = BooleanFilter(label=_("Đang hoạt động"))

    class Meta:
        model = User
        fields = []
