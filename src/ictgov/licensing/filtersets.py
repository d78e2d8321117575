"""The filters of the licensing lists, written once for the pages, their exports and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from ictgov.core.filtersets import (
    BooleanFilter,
    DateFilter,
    FilterSet,
    IdFilter,
    ModelPickerFilter,
    SearchFilter,
)

from .models import (
    OPEN_STATES,
    Certificate,
    CertificateStatus,
    Channel,
    Dossier,
    DossierState,
    Procedure,
    ProcedureField,
    Timeliness,
)
from .selectors import OPEN_MARKS

STATE_CHOICES = [("open", _("Đang giải quyết")), ("all", _("Mọi bước")), *DossierState.choices]
# The applicant's list shows every dossier until a step is chosen: "every step" comes first, so
# the picker says what the list holds (it said "in progress" above returned dossiers).
APPLICANT_STATE_CHOICES = [STATE_CHOICES[1], STATE_CHOICES[0], *DossierState.choices]


class DossierFilterSet(FilterSet):
    q = SearchFilter(label=_("Tìm theo mã hồ sơ, tên người nộp, cơ sở (không cần dấu)"))
    state = django_filters.ChoiceFilter(
        label=_("Bước xử lý"), choices=STATE_CHOICES, empty_label=None, method="filter_state"
    )
    mark = django_filters.ChoiceFilter(
        label=_("Tình trạng hạn"),
        choices=[(m.value, m.label) for m in OPEN_MARKS],
        empty_label=_("Mọi tình trạng"),
        method="filter_mark",
    )
    procedure = django_filters.ChoiceFilter(
        label=_("Thủ tục"),
        choices=lambda: list(Procedure.objects.order_by("name", "pk").values_list("pk", "name")),
        field_name="procedure_id",
        empty_label=_("Mọi thủ tục"),
    )
    # By id: the workload page links to each officer's list (no select of every officer).
    handler = IdFilter(label=_("Mã người xử lý"), field_name="handler_id")
    channel = django_filters.ChoiceFilter(
        label=_("Hình thức nộp"), choices=Channel.choices, empty_label=_("Mọi hình thức")
    )
    received_from = DateFilter(
        label=_("Tiếp nhận từ ngày"), field_name="received_at", lookup_expr="date__gte"
    )
    received_to = DateFilter(
        label=_("Tiếp nhận đến ngày"), field_name="received_at", lookup_expr="date__lte"
    )
    due_to = DateFilter(label=_("Hẹn trả đến ngày"), field_name="due_on", lookup_expr="lte")

    class Meta:
        model = Dossier
        fields = []

    page_hidden = ("handler", "received_from", "received_to", "due_to")

    def filter_state(self, queryset, name, value):
        return queryset  # applied in filter_queryset, which also covers the default

    def filter_mark(self, queryset, name, value):
        from django.utils import timezone

        return queryset.marked(value, timezone.localdate())

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        state = self.value("state", "open")
        if state == "open":
            return queryset.filter(state__in=OPEN_STATES)
        if state != "all":
            return queryset.filter(state=state)
        return queryset


class ApplicantDossierFilterSet(FilterSet):
    """An applicant's own dossiers: all of them unless a step is chosen."""

    q = SearchFilter(label=_("Tìm theo mã hồ sơ, cơ sở (không cần dấu)"))
    state = django_filters.ChoiceFilter(
        label=_("Bước xử lý"),
        choices=APPLICANT_STATE_CHOICES,
        empty_label=None,
        method="filter_state",
    )

    class Meta:
        model = Dossier
        fields = []

    def filter_state(self, queryset, name, value):
        if value == "open":
            return queryset.filter(state__in=OPEN_STATES)
        return queryset if value == "all" else queryset.filter(state=value)


class ProcedureFilterSet(FilterSet):
    q = SearchFilter(label=_("Tìm thủ tục (không cần dấu)"))
    field = django_filters.ChoiceFilter(
        label=_("Lĩnh vực"), choices=ProcedureField.choices, empty_label=_("Mọi lĩnh vực")
    )
    in_force = BooleanFilter(label=_("Đang áp dụng"), method="filter_in_force")

    class Meta:
        model = Procedure
        fields = []

    def filter_in_force(self, queryset, name, value):
        return queryset  # applied in filter_queryset (default: in force today)

    def filter_queryset(self, queryset):
        from django.utils import timezone

        from ictgov.core.models import valid_on_q

        queryset = super().filter_queryset(queryset)
        in_force = self.value("in_force", True) if self.is_bound else True
        if in_force:
            return queryset.filter(valid_on_q(timezone.localdate()))
        return queryset


class CertificateFilterSet(FilterSet):
    q = SearchFilter(label=_("Tìm theo số, tên tổ chức, cá nhân (không cần dấu)"))
    status = django_filters.ChoiceFilter(
        label=_("Tình trạng"), choices=CertificateStatus.choices, empty_label=_("Mọi tình trạng")
    )
    expiring = BooleanFilter(label=_("Sắp hết hiệu lực (30 ngày)"), method="filter_expiring")
    procedure = ModelPickerFilter(
        label=_("Thủ tục"), queryset=Procedure.objects.all(), empty_label=_("Mọi thủ tục")
    )

    class Meta:
        model = Certificate
        fields = []

    def filter_expiring(self, queryset, name, value):
        from datetime import timedelta

        from django.utils import timezone

        today = timezone.localdate()
        soon = expiring_q(today, today + timedelta(days=30))
        return queryset.filter(soon) if value else queryset.exclude(soon)


def expiring_q(start, end):
    from django.db.models import Q

    return Q(status=CertificateStatus.VALID, valid_to__gte=start, valid_to__lte=end)


TIMELINESS_CHOICES = Timeliness.choices
