"""Pages of the registry: the list (filters, export), a facility's page, create and edit per
type, the map, the Excel import, the commune ICT criterion."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ictgov.core.access import require_role
from ictgov.core.excel import xlsx_response
from ictgov.core.filtersets import FilterError
from ictgov.core.imports import start_import
from ictgov.core.roles import Role
from ictgov.core.scoping import visible
from ictgov.core.views import (
    Badge,
    Column,
    FnColumn,
    IdsFirstPaginator,
    ObjectCreateView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)
from ictgov.geo.models import AdministrativeUnit, Level

from . import imports, selectors, services
from .filtersets import FacilityFilterSet
from .forms import AssessmentForm, ImportForm, facility_form
from .models import KIND_FIELDS, Facility, Kind, Status

READERS = (Role.LEADER, Role.OFFICER, Role.LOCALITY)
STATUS_CSS = {
    Status.ACTIVE: "text-bg-success",
    Status.SUSPENDED: "text-bg-warning",
    Status.CLOSED: "text-bg-secondary",
}


def _status_badge(f: Facility) -> Badge:
    return Badge(f.get_status_display(), STATUS_CSS.get(f.status, "text-bg-secondary"))


def _warning_cell(f: Facility) -> str:
    return f.warning_text


class FacilityListView(ObjectListView):
    model = Facility
    roles = READERS
    title = gettext_lazy("Sổ quản lý cơ sở")
    export_name = "so-quan-ly-co-so"
    filterset_class = FacilityFilterSet
    template_name = "registry/facility_list.html"
    paginator_class = IdsFirstPaginator  # a facility row has some 70 columns
    columns = [
        Column("code", gettext_lazy("Mã")),
        Column("name", gettext_lazy("Tên"), link=True),
        Column("kind", gettext_lazy("Loại")),
        Column("address", gettext_lazy("Địa chỉ")),
        Column("old_address", gettext_lazy("Địa chỉ cũ")),
        Column("operator_label", gettext_lazy("Đơn vị quản lý, chủ cơ sở")),
        FnColumn(_status_badge, gettext_lazy("Tình trạng")),
        FnColumn(_warning_cell, gettext_lazy("Cảnh báo")),
    ]

    keep_sql = True

    def sql_depends_on(self) -> tuple:
        # A chosen area is filtered by its level (core.sqlcache keys a record by its id).
        area = self.filterset.value("area") if self.filterset is not None else None
        return (area.level if area is not None else None,)

    def base_queryset(self):
        return Facility.objects.select_related("operator_unit").order_by("kind", "name", "pk")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["kinds"] = Kind.choices
        ctx["can_edit"] = services.can_edit(self.request.user)
        return ctx

    def export(self):
        """The Excel export: every field of the filtered rows (the import's own columns, so an
        export of one type imports again)."""
        qs = self.get_queryset().select_related("commune", "old_commune", "certificate")
        kind = self.request.GET.get("kind")
        headers, values = imports.export_columns(kind if kind in Kind.values else None)
        rows = (values(f) for f in qs.iterator(chunk_size=2000))
        return xlsx_response(self.export_name, str(self.title), headers, rows, as_of=self.as_of())


class FacilityDetailView(ObjectDetailView):
    model = Facility
    template_name = "registry/facility_detail.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_role(*READERS):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related(
                "commune__parent",
                "province",
                "old_commune__parent__parent",
                "operator_unit",
                "certificate",
            )
        )

    def field_rows(self, obj):
        self.fields = [
            "code",
            "kind",
            "name",
            "operator_label",
            "address",
            "old_address",
            "latitude",
            "longitude",
            "status",
            "operating_since",
            "recorded_on",
            "licence_number",
            *KIND_FIELDS[obj.kind],
            "notes",
        ]
        rows = super().field_rows(obj)
        labels = {"operator_label": _("Đơn vị quản lý, chủ cơ sở")}
        out = []
        for (label, value), name in zip(rows, self.fields, strict=True):
            if name == "technologies":
                value = obj.technology_labels()
            if name == "old_address" and not value:
                continue
            out.append((labels.get(name, label), value))
        return out

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_edit"] = services.can_edit(self.request.user)
        ctx["title"] = f"{ctx['object'].code or ''} {ctx['object'].name}".strip()
        ctx.update(selectors.licensing_of(ctx["object"], self.request.user))
        return ctx


class FacilityCreateView(ObjectCreateView):
    template_name = "registry/facility_form.html"
    permission = staticmethod(lambda user, obj: services.can_edit(user))
    success_message = gettext_lazy("Đã thêm cơ sở vào sổ.")

    def dispatch(self, request, *args, **kwargs):
        if kwargs["kind"] not in Kind.values:
            raise Http404
        self.kind = kwargs["kind"]
        return super().dispatch(request, *args, **kwargs)

    def get_form_class(self):
        return facility_form(self.kind)

    def get_title(self):
        return _("Thêm: %(kind)s") % {"kind": Kind(self.kind).label}

    def perform(self, form):
        data = form.cleaned_data
        return services.create_facility(
            self.request.user,
            self.kind,
            {**form.fields_data(), "street": data.get("street", "")},
            commune=data["commune"],
            new_commune=data.get("new_commune"),
            recorded_on=data["recorded_on"],
        )


class FacilityEditView(ObjectEditView):
    model = Facility
    template_name = "registry/facility_form.html"
    permission = staticmethod(lambda user, obj: services.can_edit(user))
    success_message = gettext_lazy("Đã cập nhật cơ sở.")

    def get_form_class(self):
        return facility_form(self.object.kind)

    def extra_form_kwargs(self):
        return {"instance": Facility.objects.get(pk=self.object.pk)}

    def perform(self, form):
        data = form.cleaned_data
        changed = {"commune", "new_commune", "recorded_on"} & set(form.changed_data)
        return services.update_facility(
            self.request.user,
            self.object,
            {
                **form.fields_data(),
                "street": data.get("street", ""),
                "recorded_on": data["recorded_on"],
            },
            commune=data["commune"] if changed else None,
            new_commune=data.get("new_commune"),
            reason=data.get("reason", ""),
        )


# --- the map ----------------------------------------------------------------------------------

MAP_FILTERS = ("kind", "status", "area", "operator", "operator_name")


@require_role(*READERS)
def facility_map(request):
    filterset = FacilityFilterSet(request.GET or None, queryset=Facility.objects.none())
    try:
        filterset.check()
        filter_errors = []
    except FilterError as exc:  # named on the page, as the list does, not "could not load"
        filter_errors = exc.errors
    # The map's own filters, and any other the list passed on (a search, a condition): the
    # map applies them, so they are shown and kept by its "Lọc".
    fields = [
        f
        for f in filterset.form
        if f.name in MAP_FILTERS
        or (f.name not in filterset.page_hidden and request.GET.get(f.name))
    ]
    hidden = [(n, v) for n in filterset.page_hidden for v in request.GET.getlist(n)]
    tiles = settings.ICTGOV.get("MAP_TILES", "")
    return render(
        request,
        "registry/map.html",
        {
            "title": _("Bản đồ cơ sở"),
            "filter_form": filterset.form,
            "filter_fields": fields,
            "hidden_params": hidden,
            "querystring": request.GET.urlencode(),
            "tiles_url": tiles,
            "tiles_attribution": settings.ICTGOV.get("MAP_ATTRIBUTION", ""),
            "kinds": Kind.choices,
            "geojson_url": reverse("api-1:registry_geojson"),
            "filter_errors": filter_errors,
        },
        status=422 if filter_errors else 200,
    )


# --- import -----------------------------------------------------------------------------------


@require_role(Role.LEADER, Role.OFFICER)
def import_facilities(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        job = start_import(
            "ictgov.registry.imports.prepare",
            form.cleaned_data["file"],
            user=request.user,
            title=str(Kind(kind).label),
            params={"kind": kind},
            next_url=reverse("registry:facility_list") + f"?kind={kind}",
        )
        return redirect("core:import_job", job.pk)
    return render(
        request,
        "registry/import.html",
        {"title": _("Nhập cơ sở từ Excel"), "form": form, "kinds": Kind.choices},
        status=400 if request.method == "POST" else 200,
    )


@require_role(Role.LEADER, Role.OFFICER)
def import_template(request, kind: str):
    if kind not in Kind.values:
        raise Http404
    return imports.spec(kind).template_response(f"mau-nhap-{kind}")


# --- the ICT criterion ------------------------------------------------------------------------


def _province_for(request):
    province = selectors.province_for(request.user, request.GET.get("province", ""))
    if province is None:
        raise Http404
    return province


@require_role(*READERS)
def criterion(request):
    province = _province_for(request)
    communes = selectors.visible_communes(request.user, province)
    results = selectors.evaluate(communes)
    criterion_set = selectors.criterion_set_on(timezone.localdate())
    if request.GET.get("export") == "xlsx":
        indicators = list(criterion_set.indicators.all()) if criterion_set else []
        headers = [_("Mã xã"), _("Xã/phường"), *[i.code for i in indicators], _("Kết quả")]
        rows = (
            [r.commune.code, r.commune.name, *[str(i.label) for i in r.indicators], str(r.label)]
            for r in results
        )
        return xlsx_response(
            f"tieu-chi-8-{province.code}",
            _("Tiêu chí Thông tin và Truyền thông — %(p)s") % {"p": province.name},
            headers,
            rows,
        )
    return render(
        request,
        "registry/criterion.html",
        {
            "title": _("Tiêu chí Thông tin và Truyền thông — %(p)s") % {"p": province.name},
            "province": province,
            "criterion_set": criterion_set,
            "indicators": list(criterion_set.indicators.all()) if criterion_set else [],
            "results": results,
            "summary": selectors.summary(results),
            "points": selectors.criterion_points(results),
            "tiles_url": settings.ICTGOV.get("MAP_TILES", ""),
            "tiles_attribution": settings.ICTGOV.get("MAP_ATTRIBUTION", ""),
        },
    )


@require_role(*READERS)
def criterion_commune(request, pk: int):
    commune = (
        visible(AdministrativeUnit.objects.filter(level=Level.COMMUNE), request.user)
        .filter(pk=pk)
        .first()
    )
    if commune is None or not commune.is_current:
        raise Http404
    province = commune.province
    allowed = {c.pk for c in selectors.visible_communes(request.user, province)}
    if commune.pk not in allowed:
        raise Http404
    (result,) = selectors.evaluate([commune])
    form = None
    if services.can_assess(request.user):
        form = AssessmentForm(initial={"commune": commune.pk, "assessed_on": timezone.localdate()})
    return render(
        request,
        "registry/criterion_commune.html",
        {
            "title": _("Tiêu chí Thông tin và Truyền thông — %(c)s") % {"c": commune.name},
            "commune": commune,
            "result": result,
            "form": form,
        },
    )


class AssessmentCreateView(ObjectCreateView):
    form_class = AssessmentForm
    permission = staticmethod(lambda user, obj: services.can_assess(user))
    title = gettext_lazy("Đánh giá chỉ tiêu")
    success_message = gettext_lazy("Đã ghi đánh giá.")

    def perform(self, form):
        data = form.cleaned_data
        return services.record_assessment(
            self.request.user,
            indicator=data["indicator"],
            commune=data["commune"],
            met=data["met"],
            evidence=data["evidence"],
            assessed_on=data["assessed_on"],
        )

    def get_success_url(self, result=None):
        return reverse("registry:criterion_commune", args=[result.commune_id])


facility_list = FacilityListView.as_view()
facility_detail = FacilityDetailView.as_view()
facility_create = FacilityCreateView.as_view()
facility_edit = FacilityEditView.as_view()
assessment_create = AssessmentCreateView.as_view()
