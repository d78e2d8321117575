"""Generic views every app uses, so that an app writes no form plumbing:

* `ObjectListView`: what the user may see, filtered by the list's `FilterSet` (search included),
  paginated, exported to Excel in the officials' layout.
* `ObjectDetailView`: a record's page with its history.
* `ObjectCreateView`, `ObjectEditView`, `ObjectActionView`: a form whose cleaned data goes to
  one service function; a service error is shown on the form (400), a refusal is a 403.

Each view has one permission attribute: `roles` (who may open it) and, for the form views,
`permission(user, obj)` (who may do it to this record; the service checks again).
"""

import html
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import localize
from django.utils.functional import Promise, cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView, ListView

from .access import RoleRequiredMixin
from .errors import ServiceError
from .excel import xlsx_response
from .filtersets import FilterError
from .scoping import visible
from .sqlcache import model_rows, one_row, shape_key
from .templatetags.ictgov import cell


@dataclass(frozen=True)
class Column:
    accessor: str  # dotted path, or the name of a method without arguments
    label: Any
    link: bool = False

    def value(self, obj):
        for part in self.accessor.split("."):
            if obj is None:
                return None
            display = getattr(obj, f"get_{part}_display", None)
            obj = display() if display else getattr(obj, part, None)
            if callable(obj):
                obj = obj()
        return obj


@dataclass(frozen=True)
class Badge:
    """A coloured label in a cell: HTML on the page, its text in the Excel export."""

    label: str
    css: str = "text-bg-secondary"
    note: str = ""

    def __str__(self) -> str:
        return f"{self.label} ({self.note})" if self.note else str(self.label)

    def __html__(self) -> str:
        # What format_html gives, without its machinery (a list shows one badge per row).
        note = f'<div class="small text-danger">{_escaped(self.note)}</div>' if self.note else ""
        return mark_safe(  # noqa: S308 - every value escaped
            f'<span class="badge {_escaped(self.css)}">{_escaped(self.label)}</span>{note}'
        )


def _escaped(value) -> str:
    """`conditional_escape(value)`, as a plain string (a list page escapes a few hundred cells:
    Django's function goes through its lazy-argument wrapper for each)."""
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


class FnColumn(Column):
    """A column whose value a function computes from the row."""

    def __init__(self, fn, label, link=False):
        super().__init__(getattr(fn, "__name__", "value"), label, link)
        object.__setattr__(self, "fn", fn)

    def value(self, obj):
        return self.fn(obj)


class LazyQuerySet:
    """A queryset made on first use (`make()`), standing in for it meanwhile: a list that keeps
    its SQL (`ObjectListView.keep_sql`) does not build the scope's and the filters' conditions
    for a page whose statements are kept. Ordered by construction (such lists are)."""

    ordered = True

    def __init__(self, model, make):
        self.model, self._make, self._made = model, make, None

    @property
    def made(self):
        if self._made is None:
            self._made = self._make()
        return self._made

    def __getattr__(self, name):
        return getattr(self.made, name)

    def __iter__(self):
        return iter(self.made)

    def __len__(self):
        return len(self.made)

    def __bool__(self):
        return bool(self.made)

    def __getitem__(self, index):
        return self.made[index]


class IdsFirstPaginator(Paginator):
    """A page whose rows are found by their ids first, then read whole in one query:
    `WHERE id IN (SELECT id … ORDER BY … LIMIT n OFFSET m)`. On a list of wide rows (a
    province's 13,000 BTS of 70 columns) the sort then carries narrow tuples instead of whole
    rows (the registry's first page: 260 → 120 ms on PostgreSQL). The page's rows keep the
    queryset's ordering and select_related; a queryset with annotations is read again as it
    is, narrowed to the page's ids (its filters then run on those few rows only); one without
    reads the page's rows with the ids as a subquery (one query), with its only()/defer()."""

    # What the list's SQL depends on (`core.sqlcache.shape_key`), set by a view that knows it
    # (`ObjectListView.keep_sql`): the page's query and the count are then compiled once per key.
    sql_key = None

    @cached_property
    def count(self):
        if self.sql_key is None:
            return super().count
        qs = self.object_list
        counted = one_row((self.sql_key, "count"), qs.model, lambda: qs, {"n": Count("*")})
        return counted["n"]

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        qs = self.object_list
        if self.sql_key is not None:
            # Kept: the rows by their ids in a subquery (the ids themselves are never kept).
            rows = model_rows(
                (self.sql_key, bottom, top), qs.model, lambda: self._rows(qs, bottom, top)
            )
        elif qs.query.annotations:
            # The ids read first (a list: the planner then looks the rows up by key).
            ids = qs.values("pk")[bottom:top]
            rows = list(qs.filter(pk__in=[row["pk"] for row in ids]))
        else:
            rows = list(self._rows(qs, bottom, top))
        return self._get_page(rows, number, self)

    @staticmethod
    def _rows(qs, bottom: int, top: int):
        """The rows `bottom`…`top` of `qs`, found by their ids in a subquery (one query)."""
        rows = qs.model._default_manager.all()
        rows.query.select_related = qs.query.select_related
        rows.query.deferred_loading = qs.query.deferred_loading  # only() / defer()
        rows = rows.filter(pk__in=qs.values("pk")[bottom:top])
        if qs.query.order_by or not qs.query.default_ordering:
            rows = rows.order_by(*qs.query.order_by)  # else the model's, as the ids'
        return rows


class ObjectListView(RoleRequiredMixin, ListView):
    """A list: what the user may see, narrowed by the list's filter set."""

    columns: list[Column] = []
    filterset_class = None
    title = ""
    export_name = "danh-sach"
    public = False  # readable without signing in
    template_name = "core/object_list.html"
    search_param = "q"

    def dispatch(self, request, *args, **kwargs):
        if self.public and not self.roles:
            return ListView.dispatch(self, request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    def get_paginate_by(self, queryset):
        return settings.ICTGOV["PAGE_SIZE"]

    def base_queryset(self):
        return super().get_queryset()

    def get_columns(self) -> list[Column]:
        return self.columns

    def as_of(self) -> date:
        """The day the list's figures are as of (printed on the export)."""
        return timezone.localdate()

    def row_css(self, obj) -> str:
        """A class for the row (e.g. overdue in red), "" for none."""
        return ""

    # Filter values the page starts from when the user has chosen none (the API has none).
    default_filters: dict = {}

    def filter_data(self):
        data = self.request.GET.copy()
        for name, value in self.default_filters.items():
            if name not in data:
                data[name] = value
        return data or None

    # A list whose SQL depends on nothing but the user's scope, the filter values and what
    # `sql_depends_on()` names keeps its page's and count's SQL (`core.sqlcache`, with the
    # IdsFirstPaginator): a user paging, refreshing or coming back does not compile them again.
    keep_sql = False

    def sql_depends_on(self) -> tuple:
        """What else the list's SQL depends on (the day, a parameter, a chosen record's kind)."""
        return ()

    def sql_key(self):
        """The key of the list's SQL (`core.sqlcache.shape_key`), None when not kept or on bad
        input."""
        filterset = getattr(self, "filterset", None)
        if not self.keep_sql or filterset is None:
            return None
        if not filterset.is_bound:
            data = {}
        elif filterset.is_valid():
            data = filterset.form.cleaned_data
        else:
            return None
        return shape_key(
            self.request.user, data, type(self), filterset.is_bound, *self.sql_depends_on()
        )

    def get_paginator(self, queryset, per_page, **kwargs):
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        if isinstance(paginator, IdsFirstPaginator):
            paginator.sql_key = self.sql_key()
        return paginator

    def get_queryset(self):
        base, user = self.base_queryset(), self.request.user
        self.filterset = None
        if self.filterset_class is None:
            return visible(base, user)
        # A list that keeps its SQL makes the scoped, filtered queryset only if the kept SQL is
        # not enough (a first page, an export); its filters are checked now all the same.
        scoped = (
            LazyQuerySet(base.model, lambda: visible(base, user))
            if self.keep_sql
            else visible(base, user)
        )
        self.filterset = self.filterset_class(
            self.filter_data(), queryset=scoped, request=self.request
        )
        if not self.keep_sql:
            return self.filterset.filtered_qs
        self.filterset.check()  # bad input: FilterError
        return LazyQuerySet(base.model, lambda: self.filterset.filtered_qs)

    def get(self, request, *args, **kwargs):
        try:
            if request.GET.get("export") == "xlsx":
                return self.export()
            return super().get(request, *args, **kwargs)
        except FilterError as exc:
            return self.render_filter_errors(exc)

    def export(self):
        qs = self.get_queryset()
        columns = self.get_columns()
        rows = ([c.value(obj) for c in columns] for obj in qs.iterator(chunk_size=2000))
        return xlsx_response(
            self.export_name, str(self.title), [c.label for c in columns], rows, as_of=self.as_of()
        )

    def render_filter_errors(self, exc: FilterError):
        """Bad filter input: the page with the form and each field's error, no rows (422)."""
        self.object_list = self.base_queryset().none()
        ctx = self.get_context_data(filter_errors=[str(e) for e in exc.errors])
        return self.render_to_response(ctx, status=422)

    def get_template_names(self):
        if getattr(self.request, "htmx", False) and self.request.htmx.target == "object-table":
            return ["core/_object_table.html"]
        return [self.template_name]

    @staticmethod
    def row_cells(obj, columns, labels) -> str:
        """A row's cells as HTML, built here rather than by template tags per cell (a list
        page's 25 × 8 cells cost more through the template engine than its SQL). `labels` are
        the columns' labels, escaped once per page."""
        out = []
        for c, label in zip(columns, labels, strict=True):
            shown = _escaped(cell(c.value(obj)))
            if c.link and hasattr(obj, "get_absolute_url"):
                shown = f'<a href="{_escaped(obj.get_absolute_url())}">{shown}</a>'
            out.append(f'<td data-label="{label}">{shown}</td>')
        return mark_safe("".join(out))  # noqa: S308 - every value and label escaped above

    def table_rows(self, object_list, columns) -> list[tuple]:
        """The rows of core/_object_table.html: (object, cells as HTML, row class). A list
        with a table of its own overrides it (its rows are then not built twice)."""
        labels = [_escaped(c.label) for c in columns]
        return [
            (obj, self.row_cells(obj, columns, labels), self.row_css(obj)) for obj in object_list
        ]

    @staticmethod
    def rows_html(rows, page_obj) -> str:
        """The `<tr>`s of core/_object_table.html from the context's `rows` (object, cells,
        class) and the row numbers, as its template loop wrote them, character for character.
        Given to the template as a function: made only when the table is shown."""
        start = page_obj.start_index() if page_obj is not None else None
        # Without thousands separators a row number localises to its digits.
        number_of = localize if settings.USE_THOUSAND_SEPARATOR else str
        out = []
        for i, (_obj, cells, css) in enumerate(rows):
            attrs = f' class="{_escaped(css)}"' if css else ""
            number = number_of(start + i) if start is not None else ""
            out.append(
                f'\n    <tr{attrs}>\n      <td class="stt">{number}</td>'
                f"\n      {cells}\n    </tr>\n  "
            )
        return mark_safe("".join(out))  # noqa: S308 - cells are HTML, the class escaped

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        columns = self.get_columns()
        rows = self.table_rows(ctx["object_list"], columns)
        params = self.request.GET.copy()
        params.pop("page", None)
        form = self.filterset.form if getattr(self, "filterset", None) else None
        has_search = form is not None and self.search_param in form.fields
        fields = [
            f
            for f in (form or [])
            if f.name != self.search_param and f.name not in self.filterset.page_hidden
        ]
        hidden = [
            (name, value)
            for name in getattr(self.filterset, "page_hidden", ())
            for value in self.request.GET.getlist(name)
        ]
        ctx.update(
            title=self.title,
            columns=columns,
            rows=rows,
            rows_html=partial(self.rows_html, rows, ctx.get("page_obj")),
            filter_form=form,
            search_field=form[self.search_param] if has_search else None,
            filter_fields=fields,
            more_filters_used=any(self.request.GET.get(f.name) for f in fields[1:]),
            hidden_params=hidden,
            querystring=params.urlencode(),
        )
        return ctx


class ObjectDetailView(LoginRequiredMixin, DetailView):
    """A record's page: its fields, the related lists the app adds, and its history."""

    template_name = "core/object_detail.html"
    fields: list[str] | None = None
    public = False

    def dispatch(self, request, *args, **kwargs):
        if self.public:
            return DetailView.dispatch(self, request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return visible(super().get_queryset(), self.request.user)

    def field_rows(self, obj):
        out = []
        for name in self.fields or []:
            try:
                label = obj._meta.get_field(name).verbose_name
            except FieldDoesNotExist:
                label = name
            out.append((label, Column(name, label).value(obj)))
        return out

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        obj = ctx["object"]
        ctx["field_rows"] = self.field_rows(obj)
        ctx["history"] = history_of(obj) if hasattr(obj, "history") else None
        ctx["title"] = str(obj)
        return ctx


class ServiceFormView(LoginRequiredMixin, FormView):
    """A form whose cleaned data goes to one service function.

    Subclasses set `form_class`, `permission(user, obj) -> bool` and implement `perform(form)`
    (call the service, return the record to go to). Services raise `ServiceError` for bad
    input (shown on the form, nothing saved) and `PermissionDenied` for a refusal.
    """

    template_name = "core/object_form.html"
    permission: Callable[[Any, Any], bool] = staticmethod(lambda user, obj: True)
    success_message = ""
    submit_label = gettext_lazy("Lưu")
    title = ""

    def get_object(self):
        return None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.object = self.get_object()
        if not self.permission(request.user, self.object):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(self.extra_form_kwargs())
        return kwargs

    def extra_form_kwargs(self) -> dict:
        return {}

    def perform(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            result = self.perform(form)
        except ServiceError as exc:
            field = getattr(exc, "field", None)
            field = field if field in form.fields else None  # else shown above the form
            for message in exc.messages:
                form.add_error(field, message)
            return self.form_invalid(form)
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or _("Bạn không có quyền thực hiện thao tác này."))
            return self.render_to_response(self.get_context_data(form=form), status=403)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return redirect(self.get_success_url(result))

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_success_url(self, result=None):
        target = result if result is not None else self.object
        return target.get_absolute_url()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("title", self.get_title())
        ctx["object"] = self.object
        ctx["submit_label"] = self.submit_label
        ctx["cancel_url"] = self.object.get_absolute_url() if self.object is not None else None
        return ctx

    def get_title(self):
        return self.title


class ObjectCreateView(ServiceFormView):
    """A new record through a service: `perform(form)` returns it."""


class ObjectEditView(ServiceFormView):
    """A visible record, corrected through a service; the form starts from its values."""

    model = None
    queryset = None

    def get_queryset(self):
        qs = self.queryset if self.queryset is not None else self.model._default_manager.all()
        return visible(qs, self.request.user)

    def get_object(self):
        obj = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if obj is None:
            raise Http404
        return obj

    def get_title(self):
        return self.title or _("Sửa: %(obj)s") % {"obj": self.object}


class ObjectActionView(ObjectEditView):
    """An action on a visible record (complete, cancel, decide…): a small form posted to its
    own address. GET shows the form on its own page (phones, no JavaScript)."""

    submit_label = gettext_lazy("Xác nhận")

    def get_title(self):
        return self.title


def _as_shown(field, value, names: dict):
    """A changed value as the pages write it: a choice by its label ("Đang thẩm định", not
    "in_review"), a linked record by its name (not its id)."""
    if value is None or value == "":
        return value
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if field.many_to_one:
        key = (field.related_model, value)
        if key not in names:
            found = field.related_model._base_manager.filter(pk=value).first()
            names[key] = str(found) if found is not None else value
        return names[key]
    return value


def history_of(obj, limit: int = 50) -> list[dict]:
    """Who changed what and when, newest first, with the changed fields."""
    records = list(
        obj.history.select_related("history_user").order_by("-history_date")[: limit + 1]
    )
    out = []
    names: dict = {}  # (model, pk) → the linked record's name, read once
    for i, record in enumerate(records[:limit]):
        previous = records[i + 1] if i + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for change in delta.changes:
                field = obj._meta.get_field(change.field)
                changes.append(
                    (
                        field.verbose_name,
                        _as_shown(field, change.old, names),
                        _as_shown(field, change.new, names),
                    )
                )
        out.append(
            {
                "when": record.history_date,
                "who": record.history_user,
                "kind": {"+": _("Tạo mới"), "~": _("Sửa"), "-": _("Xóa")}[record.history_type],
                "changes": changes,
                "reason": record.history_change_reason,
            }
        )
    return out


def home(request):
    return render(request, "core/home.html", {"title": _("Trang chủ")})


def permission_denied(request, exception=None):
    return render(request, "403.html", {"title": _("Không được phép")}, status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", {"title": _("Không tìm thấy")}, status=404)
