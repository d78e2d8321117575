from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ictgov.core.views import Column, ObjectDetailView, ObjectListView

from .filtersets import AdministrativeUnitFilterSet
from .models import AdministrativeUnit


class UnitListView(ObjectListView):
    model = AdministrativeUnit
    public = True
    title = _("Đơn vị hành chính")
    export_name = "don-vi-hanh-chinh"
    filterset_class = AdministrativeUnitFilterSet

    @property
    def default_filters(self):
        # The units in force today, unless the user asks for another day.
        return {"on": f"{timezone.localdate():%d/%m/%Y}"}

    columns = [
        Column("code", _("Mã")),
        Column("name", _("Tên"), link=True),
        Column("level", _("Cấp")),
        Column("parent.name", _("Thuộc")),
        Column("valid_from", _("Hiệu lực từ")),
        Column("valid_to", _("Hiệu lực đến")),
    ]

    def base_queryset(self):
        return AdministrativeUnit.objects.select_related("parent")


class UnitDetailView(ObjectDetailView):
    model = AdministrativeUnit
    public = True
    template_name = "geo/unit_detail.html"
    fields = ["code", "name", "division_type", "level", "parent", "valid_from", "valid_to"]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        unit = ctx["object"]
        ctx["children"] = unit.children.order_by("code")[:500]
        ctx["successor_links"] = unit.successor_links.select_related("successor").order_by(
            "successor__code"
        )
        ctx["predecessor_links"] = unit.predecessor_links.select_related("predecessor").order_by(
            "predecessor__code"
        )
        ctx["current"] = None if unit.is_valid_on(date.today()) else unit.current_successors()
        return ctx
