"""The registry's filters, written once for the list page, its Excel export, the map, the
GeoJSON and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from ictgov.core.filtersets import BooleanFilter, FilterSet, ModelPickerFilter, SearchFilter
from ictgov.core.widgets import PickerSelect
from ictgov.geo.models import AdministrativeUnit
from ictgov.org.models import Unit

from .models import Condition, Facility, Kind, Status, Technology


class FacilityFilterSet(FilterSet):
    q = SearchFilter(label=_("Tìm theo mã, tên, địa chỉ mới hoặc cũ (không cần dấu)"))
    kind = django_filters.ChoiceFilter(
        label=_("Loại cơ sở"), choices=Kind.choices, empty_label=_("Mọi loại")
    )
    status = django_filters.ChoiceFilter(
        label=_("Tình trạng"), choices=Status.choices, empty_label=_("Mọi tình trạng")
    )
    area = ModelPickerFilter(
        label=_("Xã/phường (mới hoặc cũ) hoặc tỉnh"),
        queryset=AdministrativeUnit.objects.all(),
        method="filter_area",
        widget=PickerSelect(remote=True),  # the country's units: never a short list
    )
    operator = ModelPickerFilter(
        label=_("Đơn vị quản lý"),
        queryset=Unit.objects.all(),
        field_name="operator_unit",
        widget=PickerSelect(remote=True),  # loaded as the user types, scoped (core:choices)
    )
    operator_name = django_filters.CharFilter(
        label=_("Doanh nghiệp"), field_name="operator_name", lookup_expr="icontains"
    )
    technology = django_filters.ChoiceFilter(
        label=_("Công nghệ (BTS)"),
        choices=Technology.choices,
        empty_label=_("Mọi công nghệ"),
        field_name="technologies",
        lookup_expr="contains",
    )
    condition = django_filters.ChoiceFilter(
        label=_("Tình trạng kỹ thuật (đài)"),
        choices=Condition.choices,
        empty_label=_("Mọi tình trạng kỹ thuật"),
    )
    warned = BooleanFilter(label=_("Có cảnh báo"), method="filter_warned")
    demo = BooleanFilter(label=_("Dữ liệu minh họa"), field_name="is_demo")

    class Meta:
        model = Facility
        fields = []

    page_hidden = ("demo",)

    def filter_area(self, queryset, name, unit):
        if unit.level == "commune":
            return queryset.filter(commune=unit) | queryset.filter(old_commune=unit)
        if unit.level == "province":
            return queryset.filter(province=unit) | queryset.filter(
                old_commune__parent__parent=unit
            )
        return queryset.filter(old_commune__parent=unit)

    def filter_warned(self, queryset, name, value):
        return queryset.exclude(warnings=[]) if value else queryset.filter(warnings=[])
