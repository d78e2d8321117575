"""One filter definition per list, used by the page, its Excel export and the API.

Each app writes its lists' filters once, in its `filtersets.py`, as subclasses of `FilterSet`.
The generic list view (`core.views.ObjectListView`) and the API (`filter_schema`, `filtered`)
both take them. Bad input is never ignored: `FilterSet.check()` raises `FilterError`, which a
page shows with the form (HTTP 422) and the API answers as 422 naming each field.
"""

from dataclasses import dataclass

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.choices import CallableChoiceIterator
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django_filters import fields as filter_fields
from django_filters.conf import settings as filter_settings

from .models import CalendarOverride, valid_on_q
from .search import search
from .text import fold_words
from .widgets import DateInput, PickerSelect

MAX_SEARCH_CHARS = 200
MAX_SEARCH_WORDS = 12


@dataclass
class FieldError:
    field: str
    label: str
    message: str

    def as_dict(self) -> dict:
        return {"field": self.field, "label": self.label, "message": self.message}

    def __str__(self) -> str:
        return f"{self.label}: {self.message}" if self.label else self.message


class FilterError(Exception):
    """The filter input of a list is not valid; `errors` name each field."""

    def __init__(self, errors: list[FieldError]):
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors))


class SearchField(forms.CharField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", MAX_SEARCH_CHARS)
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.error_messages["max_length"] = _("Từ khóa tìm kiếm dài quá %(limit_value)d ký tự.") % {
            "limit_value": MAX_SEARCH_CHARS
        }

    def validate(self, value):
        super().validate(value)
        if len(fold_words(value).split()) > MAX_SEARCH_WORDS:
            raise ValidationError(
                _("Từ khóa tìm kiếm có quá %(n)d từ; hãy rút gọn.") % {"n": MAX_SEARCH_WORDS}
            )


class SearchFilter(django_filters.CharFilter):
    """Accent-insensitive search: every word must begin a word of the folded text column
    (`field`, kept by the model), so "nghe an" finds "Nghệ An" but not "Xã Nánh Nghê"."""

    field_class = SearchField

    def __init__(self, field_name: str = "search_name", **kwargs):
        kwargs.setdefault("label", gettext_lazy("Tìm kiếm (không cần dấu)"))
        super().__init__(field_name=field_name, **kwargs)

    def filter(self, qs, value):
        return search(qs, value, self.field_name)


class DateFilter(django_filters.DateFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", DateInput())
        super().__init__(*args, **kwargs)


class CalendarDateFilter(DateFilter):
    """A day that working days are counted from ("as of"): within the calendar's years."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [within_calendar])
        super().__init__(*args, **kwargs)


def within_calendar(day):
    """A validator: the day lies in the years whose working days are known."""
    from .workdays import FIRST_YEAR, LAST_YEAR

    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValidationError(
            _("Chỉ tính được cho các ngày từ năm %(first)s đến năm %(last)s.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )


MAX_ID = 2**63 - 1  # the largest key a database column holds (SQLite raises beyond it)


class IdField(forms.IntegerField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)
        message = _("Mã số phải là một số nguyên dương.")
        for key in ("invalid", "min_value", "max_value"):
            self.error_messages[key] = message


class IdFilter(django_filters.NumberFilter):
    """A record's number, from a link or the API (`?conclusion=12`)."""

    field_class = IdField


class StrictBooleanField(forms.Field):
    """Yes/no from a query string: true/false, 1/0, có/không; anything else is an error."""

    TRUE = {"true", "1", "yes", "on", "co", "có"}
    FALSE = {"false", "0", "no", "off", "khong", "không"}

    def to_python(self, value):
        if value in (None, ""):
            return None
        text = str(value).strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValidationError(_("Chỉ nhận “true” hoặc “false”."))


class BooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", forms.Select(choices=[("", "—"), ("true", _("Có")), ("false", _("Không"))])
        )
        super().__init__(*args, **kwargs)


class _LazyChoices(filter_fields.ModelChoiceIterator):
    """The choices of a `LazyModelChoiceField`: its queryset is read when they are listed."""

    def __init__(self, field):
        self.field = field

    @property
    def queryset(self):
        return self.field.queryset


class LazyModelChoiceField(filter_fields.ModelChoiceField):
    """A model choice whose queryset (what the user may pick: a scope to work out) is made the
    first time it is needed: listing the choices, checking a value. A list page whose pickers
    load their choices as the user types, with nothing picked, never needs it.

    `make_queryset(request)` makes it for the form's request, which `FilterSet.form` gives each
    form's copy of the field (`request`); the field itself holds no request, so a form class
    can serve every request (`FilterSet.get_form_class`)."""

    iterator = _LazyChoices
    request = None  # the request of the form this copy belongs to

    def __init__(self, *args, make_queryset, model, **kwargs):
        self._make_queryset = None
        self.lazy_model = model
        super().__init__(model._default_manager.none(), *args, **kwargs)
        self._make_queryset = make_queryset

    def _get_queryset(self):
        if self._make_queryset is not None:
            make, self._make_queryset = self._make_queryset, None
            self._set_queryset(make(self.request))
        return self._queryset

    queryset = property(_get_queryset, forms.ModelChoiceField._set_queryset)

    def __deepcopy__(self, memo):
        make, self._make_queryset = self._make_queryset, None
        try:
            result = super().__deepcopy__(memo)
        finally:
            self._make_queryset = make
        result._make_queryset = make
        return result


class ModelPickerFilter(django_filters.ModelChoiceFilter):
    """A record picked with a searchable select; its choices load as the user types. A
    queryset given as a function of the request with a `model` attribute (what the user may
    see of that model) is made only when needed (`LazyModelChoiceField`)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", PickerSelect())
        super().__init__(*args, **kwargs)

    @property
    def lazy(self) -> bool:
        return callable(self.queryset) and getattr(self.queryset, "model", None) is not None

    @property
    def field(self):
        if not self.lazy:
            return super().field
        if not hasattr(self, "_field"):
            kwargs = {k: v for k, v in self.extra.items() if k != "queryset"}
            if filter_settings.DISABLE_HELP_TEXT:
                kwargs.pop("help_text", None)
            self._field = LazyModelChoiceField(
                label=self.label,
                make_queryset=self.queryset,
                model=self.queryset.model,
                **kwargs,
            )
        return self._field


def _request_free(filters) -> bool:
    """Whether the filters' form fields are the same for every request: no queryset made from
    the request when the field is made (django-filters' callable querysets), the lazy pickers
    aside (their copies get the request, `FilterSet.form`)."""
    for flt in filters.values():
        if callable(getattr(flt, "queryset", None)):
            if not (isinstance(flt, ModelPickerFilter) and flt.lazy):
                return False
    return True


_FORM_CLASSES: dict = {}  # (filter set class, language) -> form class (FilterSet.get_form_class)


class FilterBoundField(forms.BoundField):
    """A filter bar's field whose widget, once rendered for some input, is not rendered again
    for the same input: the HTML is kept on the form class (made once per filter set class and
    language, `FilterSet.get_form_class`) under what it depends on (the field, its widget and
    its attributes, the submitted values or the initial one, whether it has errors, and choices
    a function makes, as read for this form). Only fields whose HTML depends on nothing else are
    kept: not a record picker that lists its choices or shows a chosen record (its label is read
    from the database), not choices changed after the form class was made. A list page's filter
    bar renders a dozen widgets; this is most of its template's time."""

    def __str__(self):
        key = self._render_key()
        if key is None:
            return super().__str__()
        rendered = self.form._rendered
        html = rendered.get(key)
        if html is None:
            html = super().__str__()
            if len(rendered) >= _RENDERED_MAX:
                rendered.clear()
            rendered[key] = html
        return html

    def _render_key(self):
        form, field, widget = self.form, self.field, self.field.widget
        if getattr(form, "_rendered", None) is None or self.field.show_hidden_initial:
            return None
        if form.is_bound:
            data = form.data
            values = tuple(data.getlist(self.html_name)) if hasattr(data, "getlist") else None
            if values is None:
                return None
            errors = bool(self.errors)
        else:
            values, errors = self.initial, False
            try:
                hash(values)
            except TypeError:
                return None
        if isinstance(field, forms.ModelChoiceField):
            # A picker that lists nothing (its choices load as the user types), nothing chosen.
            chosen = values if isinstance(values, tuple) else (values,)
            if getattr(widget, "remote", None) is not True or any(v for v in chosen):
                return None
            made = None
        elif _static_choices(field, form.base_fields.get(self.name)):
            made = None
        else:
            made = _made_choices(field)
            if made is None:
                return None
        try:
            attrs = tuple(sorted(widget.attrs.items()))
            hash(attrs)
        except TypeError:
            return None
        return (
            self.name,
            self.html_name,
            self.auto_id,
            type(widget),
            attrs,
            field.required,
            field.disabled,
            values,
            errors,
            get_language(),
            made,
        )


_RENDERED_MAX = 2000  # kept widgets per form class (several inputs each field)


def _given_choices(field):
    """The field's choices as they were given (inside django-filter's iterator), or None."""
    choices = getattr(field, "_choices", None)
    return getattr(choices, "choices", choices)


def _by_function(choices) -> bool:
    return isinstance(choices, CallableChoiceIterator) or callable(choices)


def _made_choices(field) -> tuple | None:
    """The choices a function makes for the field (e.g. the procedures, read from the database),
    read once for this form: the field then renders and validates what was read, and the widget
    is kept under them (a procedure renamed or added is another key). None for other choices."""
    made = getattr(field, "_made_choices", None)
    if made is not None:  # read already for this form
        return made
    given = _given_choices(field)
    if not _by_function(given):
        return None
    given = list(given) if isinstance(given, CallableChoiceIterator) else given()
    made = tuple(tuple(c) if isinstance(c, list) else c for c in given)
    try:
        hash(made)
    except TypeError:
        return None
    field.choices = list(made)
    field._made_choices = made
    return made


def _static_choices(field, base) -> bool:
    """Whether the field's choices (if any) are the form class's own, written out as values
    (not made by a function, not changed for this form)."""
    if getattr(field, "_choices", None) is None:
        return not hasattr(field, "choices") or base is None or not hasattr(base, "_choices")
    inner, base_inner = _given_choices(field), _given_choices(base)
    if _by_function(inner) or _by_function(base_inner):
        return False  # made by a function (`_made_choices`)
    return base is not None and list(inner) == list(base_inner or ())


class FilterSet(django_filters.FilterSet):
    """Bootstrap looks for every filter bar; strict validation for pages and the API alike."""

    page_hidden: tuple[str, ...] = ()  # filters only the API and links use

    def get_form_class(self):
        """The form class, made once per filter set class and language when its fields do not
        depend on the request (`_request_free`): a list page then does not make a dozen fields
        and their widgets for every request (each form still copies them, as Django's forms
        do). Every widget gets its Bootstrap class."""
        key = (type(self), get_language())
        form_class = _FORM_CLASSES.get(key)
        if form_class is None:
            form_class = super().get_form_class()
            for field in form_class.base_fields.values():
                widget = field.widget
                if isinstance(widget, forms.Select):
                    widget.attrs.setdefault("class", "form-select")
                elif isinstance(widget, forms.CheckboxInput):
                    widget.attrs.setdefault("class", "form-check-input")
                else:
                    widget.attrs.setdefault("class", "form-control")
            form_class.bound_field_class = FilterBoundField
            if _request_free(self.filters):
                form_class._rendered = {}  # FilterBoundField: widgets rendered for an input
                _FORM_CLASSES[key] = form_class
        return form_class

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form_class = self.get_form_class()
            if self.is_bound:
                self._form = form_class(self.data, prefix=self.form_prefix)
            else:
                self._form = form_class(prefix=self.form_prefix)
            for field in self._form.fields.values():
                if isinstance(field, LazyModelChoiceField):
                    field.request = self.request  # this form's copy: what this user may pick
        return self._form

    def check(self) -> "FilterSet":
        """Raise `FilterError` naming each bad field; return self when all is well."""
        if self.is_bound and not self.is_valid():
            errors = []
            for name, messages in self.form.errors.items():
                field = self.form.fields.get(name)
                label = str(field.label) if field is not None and field.label else ""
                for message in messages:
                    errors.append(FieldError(name, label, str(message)))
            raise FilterError(errors)
        return self

    @property
    def qs(self):
        """The rows, once the input is known to be valid (raises `FilterError` otherwise).
        Unlike django-filter's, defaults apply with no input too (`filter_queryset` runs)."""
        if not hasattr(self, "_qs"):
            self._qs = self.check().filter_queryset(self.queryset.all())
        return self._qs

    filtered_qs = qs

    def filter_queryset(self, queryset):
        if not self.is_bound:
            return queryset
        return super().filter_queryset(queryset)

    def value(self, name: str, default=None):
        """A cleaned filter value, for views that also use it (e.g. the day of a status)."""
        data = getattr(self.form, "cleaned_data", None) or {}
        value = data.get(name)
        return default if value in (None, "") else value


class ValidOnFilterSet(FilterSet):
    """Adds “valid on day …”: rows whose validity period contains the day."""

    on = DateFilter(label=gettext_lazy("Hiệu lực ngày"), method="filter_on")

    def filter_on(self, queryset, name, value):
        return queryset.filter(valid_on_q(value))


class CalendarFilterSet(FilterSet):
    """The calendar's announced days off and make-up days."""

    kind = django_filters.ChoiceFilter(
        label=gettext_lazy("Loại"),
        choices=CalendarOverride.Kind.choices,
        empty_label=gettext_lazy("Mọi loại"),
    )
    year = django_filters.NumberFilter(
        label=gettext_lazy("Năm"),
        field_name="day",
        lookup_expr="year",
        min_value=1901,
        max_value=2100,
    )


# --- the API side -----------------------------------------------------------------------------


def filter_schema(filterset_class):
    """The query parameters of `filterset_class` as a django-ninja schema, for the OpenAPI
    documentation; the values themselves are validated by the filter set (`filtered`)."""
    from ninja import Field, Schema
    from pydantic import create_model

    fields = {}
    for name, flt in filterset_class.base_filters.items():
        description = str(flt.label or name)
        choices = flt.extra.get("choices")
        if choices and not callable(choices):
            description += " (" + ", ".join(str(value) for value, _label in choices) + ")"
        fields[name] = (str | None, Field(None, description=description))
    return create_model(f"{filterset_class.__name__}Query", __base__=Schema, **fields)


def filtered(filterset_class, request, queryset):
    """`queryset` narrowed by the request's query string; `FilterError` (→ 422) on bad input."""
    params = request.GET.copy()
    for name in ("page", "page_size"):
        params.pop(name, None)
    return filterset_class(params or None, queryset=queryset, request=request).filtered_qs
