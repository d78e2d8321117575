"""Filter sets shared by the lists of records that have validity periods."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import DATE_WIDGET
from .models import valid_on_q


class StyledFilterSet(django_filters.FilterSet):
    """Selects get Bootstrap's look, so every list's filter bar looks the same."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            if isinstance(field.widget, forms.Select):
                field.widget.attrs.setdefault("class", "form-select")


class ValidOnFilterSet(StyledFilterSet):
    """Adds “valid on day …”: rows whose validity period contains the day."""

    on = django_filters.DateFilter(label=_("Hiệu lực ngày"), method="filter_on", widget=DATE_WIDGET)

    def filter_on(self, queryset, name, value):
        return queryset.filter(valid_on_q(value))
