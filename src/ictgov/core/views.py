"""Generic views every app uses: one list view (search, filters, pagination, Excel export),
one detail view with the record's history, and the error pages."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import FieldDoesNotExist
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from .access import RoleRequiredMixin
from .excel import xlsx_response
from .scoping import visible


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


class ObjectListView(RoleRequiredMixin, ListView):
    """A list: what the user may see, narrowed by the search box and the filter form."""

    columns: list[Column] = []
    search_field: str | None = "search_name"
    filterset_class = None
    title = ""
    export_name = "danh-sach"
    public = False  # readable without signing in
    template_name = "core/object_list.html"

    def dispatch(self, request, *args, **kwargs):
        if self.public and not self.roles:
            return ListView.dispatch(self, request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    def get_paginate_by(self, queryset):
        return settings.ICTGOV["PAGE_SIZE"]

    def base_queryset(self):
        return super().get_queryset()

    def get_queryset(self):
        qs = visible(self.base_queryset(), self.request.user)
        self.filterset = None
        if self.filterset_class is not None:
            self.filterset = self.filterset_class(self.request.GET or None, queryset=qs)
            qs = self.filterset.qs
        query = self.request.GET.get("q", "").strip()
        if query and self.search_field:
            qs = qs.search(query, field=self.search_field)
        return qs

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            qs = self.get_queryset()
            rows = ([c.value(obj) for c in self.columns] for obj in qs.iterator(chunk_size=2000))
            return xlsx_response(
                self.export_name, str(self.title), [c.label for c in self.columns], rows
            )
        return super().get(request, *args, **kwargs)

    def get_template_names(self):
        if getattr(self.request, "htmx", False) and self.request.htmx.target == "object-table":
            return ["core/_object_table.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        rows = [
            [(c.value(obj), c.link and hasattr(obj, "get_absolute_url")) for c in self.columns]
            for obj in ctx["object_list"]
        ]
        params = self.request.GET.copy()
        params.pop("page", None)
        ctx.update(
            title=self.title,
            columns=self.columns,
            rows=zip(ctx["object_list"], rows, strict=True),
            filter_form=self.filterset.form if self.filterset else None,
            query=self.request.GET.get("q", ""),
            querystring=params.urlencode(),
            searchable=bool(self.search_field),
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


def history_of(obj, limit: int = 50) -> list[dict]:
    """Who changed what and when, newest first, with the changed fields."""
    records = list(
        obj.history.select_related("history_user").order_by("-history_date")[: limit + 1]
    )
    out = []
    for i, record in enumerate(records[:limit]):
        previous = records[i + 1] if i + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for change in delta.changes:
                field = obj._meta.get_field(change.field)
                changes.append((field.verbose_name, change.old, change.new))
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
