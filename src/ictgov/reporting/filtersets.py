"""The reporting app's lists: one filter set each, for the page, its Excel export and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from ictgov.core.filtersets import BooleanFilter, FilterSet, IdFilter, SearchFilter
from ictgov.core.periods import PeriodKind
from ictgov.org.models import EmulationCluster

from .models import (
    AwardKind,
    AwardProposal,
    AwardState,
    Indicator,
    ReportForm,
    ReportingLevel,
    Submission,
    SubmissionState,
)


class SubmissionFilterSet(FilterSet):
    form = django_filters.ModelChoiceFilter(
        label=_("Biểu mẫu"), queryset=ReportForm.objects.all(), empty_label=_("Mọi biểu mẫu")
    )
    state = django_filters.ChoiceFilter(
        label=_("Trạng thái"), choices=SubmissionState.choices, empty_label=_("Mọi trạng thái")
    )
    year = django_filters.NumberFilter(
        label=_("Năm"),
        field_name="period_start",
        lookup_expr="year",
        min_value=1990,
        max_value=2100,
    )
    period_start = django_filters.DateFilter(label=_("Kỳ bắt đầu ngày"))
    unit = IdFilter(label=_("Đơn vị (mã số)"), field_name="unit_id")
    consolidated = BooleanFilter(label=_("Báo cáo tổng hợp"), field_name="is_consolidated")
    q = SearchFilter(field_name="unit__search_name", label=_("Tên đơn vị (không cần dấu)"))

    page_hidden = ("unit", "period_start")

    class Meta:
        model = Submission
        fields = []

    def filter_queryset(self, queryset):
        """Drafts cancelled as opened by mistake are listed only when asked for by state."""
        qs = super().filter_queryset(queryset)
        if not self.value("state"):
            qs = qs.exclude(state=SubmissionState.WITHDRAWN)
        return qs


class FormFilterSet(FilterSet):
    q = SearchFilter()
    period_kind = django_filters.ChoiceFilter(
        label=_("Kỳ báo cáo"), choices=PeriodKind.choices, empty_label=_("Mọi kỳ")
    )
    reporting_level = django_filters.ChoiceFilter(
        label=_("Đơn vị báo cáo"), choices=ReportingLevel.choices, empty_label=_("Mọi cấp")
    )

    class Meta:
        model = ReportForm
        fields = []


class IndicatorFilterSet(FilterSet):
    q = SearchFilter()

    class Meta:
        model = Indicator
        fields = []


class AwardFilterSet(FilterSet):
    """Emulation awards (khen thưởng, danh hiệu thi đua) proposed and decided on the ranking
    pages."""

    q = SearchFilter(field_name="unit__search_name", label=_("Tên đơn vị (không cần dấu)"))
    year = django_filters.NumberFilter(label=_("Năm"), min_value=1990, max_value=2100)
    cluster = django_filters.ModelChoiceFilter(
        label=_("Cụm, khối thi đua"),
        queryset=EmulationCluster.objects.order_by("name"),
        empty_label=_("Mọi cụm, khối"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Hình thức"), choices=AwardKind.choices, empty_label=_("Mọi hình thức")
    )
    state = django_filters.ChoiceFilter(
        label=_("Kết quả"), choices=AwardState.choices, empty_label=_("Mọi kết quả")
    )
    decision_number = django_filters.CharFilter(
        label=_("Số quyết định"), lookup_expr="icontains", max_length=60
    )

    class Meta:
        model = AwardProposal
        fields = []
