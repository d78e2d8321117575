import django_filters
from django.utils.translation import gettext_lazy as _

from ictgov.core.filtersets import FilterSet, SearchFilter, ValidOnFilterSet

from .models import EmulationCluster, Person, Unit, UnitKind


class UnitFilterSet(ValidOnFilterSet):
    q = SearchFilter()
    kind = django_filters.ChoiceFilter(
        label=_("Loại"), choices=UnitKind.choices, empty_label=_("Mọi loại")
    )

    class Meta:
        model = Unit
        fields = []


class PersonFilterSet(FilterSet):
    q = SearchFilter()

    class Meta:
        model = Person
        fields = []


class ClusterFilterSet(FilterSet):
    q = SearchFilter()
    kind = django_filters.ChoiceFilter(
        label=_("Loại"), choices=EmulationCluster.Kind.choices, empty_label=_("Mọi loại")
    )

    class Meta:
        model = EmulationCluster
        fields = []
