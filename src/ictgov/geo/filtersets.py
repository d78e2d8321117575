import django_filters
from django.utils.translation import gettext_lazy as _

from ictgov.core.filtersets import SearchFilter, ValidOnFilterSet

from .models import AdministrativeUnit, Level


class AdministrativeUnitFilterSet(ValidOnFilterSet):
    q = SearchFilter()
    level = django_filters.ChoiceFilter(
        label=_("Cấp"), choices=Level.choices, empty_label=_("Mọi cấp")
    )
    parent = django_filters.CharFilter(
        label=_("Mã đơn vị cấp trên"), method="filter_parent", max_length=10
    )

    class Meta:
        model = AdministrativeUnit
        fields = []

    def filter_parent(self, queryset, name, value):
        from .selectors import unit_by_code

        parent = unit_by_code(value.strip(), self.value("on"))
        return queryset.filter(parent=parent) if parent is not None else queryset.none()
