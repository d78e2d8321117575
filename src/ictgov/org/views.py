from datetime import date

from django.utils.translation import gettext_lazy as _

from ictgov.core.views import Column, ObjectDetailView, ObjectListView

from .filtersets import ClusterFilterSet, PersonFilterSet, UnitFilterSet
from .models import ClusterTerm, EmulationCluster, Person, Position, Unit


class UnitListView(ObjectListView):
    model = Unit
    title = _("Cơ quan, đơn vị")
    export_name = "co-quan-don-vi"
    filterset_class = UnitFilterSet
    columns = [
        Column("name", _("Tên"), link=True),
        Column("abbreviation", _("Viết tắt")),
        Column("kind", _("Loại")),
        Column("parent.name", _("Trực thuộc")),
        Column("admin_unit.name", _("Địa bàn")),
        Column("valid_from", _("Hiệu lực từ")),
        Column("valid_to", _("Hiệu lực đến")),
    ]

    def base_queryset(self):
        return Unit.objects.select_related("parent", "admin_unit")


class UnitDetailView(ObjectDetailView):
    model = Unit
    template_name = "org/unit_detail.html"
    fields = [
        "name",
        "abbreviation",
        "kind",
        "parent",
        "admin_unit",
        "email",
        "phone",
        "address",
        "valid_from",
        "valid_to",
    ]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        unit = ctx["object"]
        ctx["positions"] = unit.positions.select_related("person").order_by("-is_head", "title")
        ctx["children"] = Unit.objects.visible_to(self.request.user).filter(parent=unit)
        ctx["successor_links"] = unit.successor_links.select_related("successor")
        ctx["predecessor_links"] = unit.predecessor_links.select_related("predecessor")
        ctx["today"] = date.today()
        return ctx


class PersonListView(ObjectListView):
    model = Person
    title = _("Cán bộ")
    export_name = "can-bo"
    filterset_class = PersonFilterSet
    columns = [
        Column("full_name", _("Họ và tên"), link=True),
        Column("current_titles", _("Chức vụ hiện nay")),
        Column("phone", _("Điện thoại")),
        Column("email", _("Thư điện tử")),
    ]

    def base_queryset(self):
        return Person.objects.prefetch_related("positions__unit")


class PersonDetailView(ObjectDetailView):
    model = Person
    template_name = "org/person_detail.html"
    fields = ["full_name", "phone", "email"]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["positions"] = (
            Position.objects.visible_to(self.request.user)
            .filter(person=ctx["object"])
            .select_related("unit")
        )
        return ctx


class ClusterListView(ObjectListView):
    model = EmulationCluster
    title = _("Cụm, khối thi đua")
    export_name = "cum-khoi-thi-dua"
    filterset_class = ClusterFilterSet
    columns = [
        Column("name", _("Tên"), link=True),
        Column("kind", _("Loại")),
        Column("sector", _("Ngành, lĩnh vực")),
        Column("admin_unit.name", _("Tỉnh")),
    ]

    def base_queryset(self):
        return EmulationCluster.objects.select_related("admin_unit")


class ClusterDetailView(ObjectDetailView):
    model = EmulationCluster
    template_name = "org/cluster_detail.html"
    fields = ["name", "kind", "sector", "admin_unit"]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["terms"] = (
            ClusterTerm.objects.filter(cluster=ctx["object"])
            .select_related("head_unit", "deputy_unit", "leader")
            .prefetch_related("members")
        )
        return ctx
