"""Form widgets every app uses: the date input (dd/mm/yyyy), several files in one field, and
the searchable picker for records (Tom Select, served by the app)."""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

from . import pickers

# Above this many choices a picker loads them as the user types instead of listing them all.
INLINE_CHOICES = 20


class DateInput(forms.DateInput):
    def __init__(self, attrs=None):
        attrs = {"class": "form-control", "placeholder": "dd/mm/yyyy", **(attrs or {})}
        super().__init__(attrs=attrs, format="%d/%m/%Y")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; cleans each and gives a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


class _PickerMixin:
    """A select that Tom Select turns into an accent-insensitive search box. A short list is
    rendered whole; a long one renders only what is chosen and loads the rest from
    `core:choices` as the user types (scoped to what the user may see). `remote=True` says so
    without asking the database (a list of every administrative unit is never short)."""

    def __init__(self, attrs=None, choices=(), remote: bool | None = None):
        attrs = {"class": "form-select", "data-picker": "1", **(attrs or {})}
        super().__init__(attrs, choices)
        self.remote = remote

    def _queryset(self):
        return getattr(self.choices, "queryset", None)

    def get_context(self, name, value, attrs):
        queryset = self._queryset()
        self._remote = False
        if queryset is not None:
            self._remote = (
                self.remote
                if self.remote is not None
                else len(queryset[: INLINE_CHOICES + 1]) > INLINE_CHOICES
            )
        attrs = dict(attrs or {})
        if self._remote:
            meta = queryset.model._meta
            attrs["data-picker-url"] = reverse(
                "core:choices", args=[f"{meta.app_label}.{meta.model_name}"]
            )
        return super().get_context(name, value, attrs)

    def optgroups(self, name, value, attrs=None):
        if not getattr(self, "_remote", False):
            return super().optgroups(name, value, attrs)
        chosen = [v for v in value if v not in ("", None)]
        try:  # a value typed into the address bar may not even be an id (or one too big: SQLite)
            queryset = list(self._queryset().filter(pk__in=chosen)) if chosen else []
        except (ValueError, TypeError, OverflowError, ValidationError):
            queryset = []
        groups = []
        if not self.allow_multiple_selected:
            # The field's label for "none chosen" (e.g. "Mọi đơn vị"), as a listed picker shows.
            empty = getattr(getattr(self.choices, "field", None), "empty_label", None) or ""
            groups.append((None, [self.create_option(name, "", empty, False, 0)], 0))
        for index, obj in enumerate(queryset, start=1):
            option = self.create_option(name, str(obj.pk), pickers.label(obj), True, index)
            groups.append((None, [option], index))
        return groups

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        instance = getattr(value, "instance", None)  # a model choice: the record's own label
        if instance is not None:
            label = pickers.label(instance)
        return super().create_option(name, value, label, selected, index, subindex, attrs)


class PickerSelect(_PickerMixin, forms.Select):
    pass


class PickerSelectMultiple(_PickerMixin, forms.SelectMultiple):
    pass
