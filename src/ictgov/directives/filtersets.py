"""The filters of the directive lists, written once for the pages, their exports and the API."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ictgov.core.filtersets import (
    BooleanFilter,
    CalendarDateFilter,
    DateFilter,
    FilterSet,
    IdFilter,
    ModelPickerFilter,
    SearchFilter,
)
from ictgov.core.scoping import visible
from ictgov.org.models import Person, Unit

from .models import Conclusion, Meeting, MeetingKind, Task, TaskStatus, status_q

STATUS_CHOICES = [
    ("open", _("Chưa hoàn thành")),
    ("done", _("Hoàn thành")),
    *TaskStatus.choices,
]
INVOLVEMENT_CHOICES = [
    ("lead", _("Đơn vị chủ trì")),
    ("coordinating", _("Đơn vị phối hợp")),
    ("all", _("Mọi nhiệm vụ được xem")),
]


def _visible(model, **filters):
    def queryset(request):
        user = getattr(request, "user", None)
        return visible(model.objects.filter(**filters), user)

    queryset.model = model  # made only when needed (core.filtersets.ModelPickerFilter)
    return queryset


class TaskFilterSet(FilterSet):
    q = SearchFilter(label=_("Tìm trong nội dung (không cần dấu)"))
    status = django_filters.ChoiceFilter(
        label=_("Tình trạng"),
        choices=STATUS_CHOICES,
        empty_label=_("Mọi tình trạng"),
        method="filter_status",
    )
    on = CalendarDateFilter(label=_("Tính đến ngày"), method="filter_nothing")
    involvement = django_filters.ChoiceFilter(
        label=_("Vai trò của đơn vị"),
        choices=INVOLVEMENT_CHOICES,
        empty_label=_("Mọi nhiệm vụ được xem"),
        method="filter_involvement",
    )
    lead_unit = ModelPickerFilter(
        label=_("Đơn vị chủ trì"), queryset=_visible(Unit), empty_label=_("Mọi đơn vị")
    )
    assigned_by = ModelPickerFilter(
        label=_("Người giao"), queryset=_visible(Person), empty_label=_("Mọi người giao")
    )
    meeting = ModelPickerFilter(
        label=_("Cuộc họp"), queryset=_visible(Meeting), empty_label=_("Mọi cuộc họp")
    )
    conclusion = IdFilter(label=_("Mã kết luận"), field_name="conclusion_id")
    due_from = DateFilter(label=_("Hạn từ ngày"), field_name="due_on", lookup_expr="gte")
    due_to = DateFilter(label=_("Hạn đến ngày"), field_name="due_on", lookup_expr="lte")
    include_series = BooleanFilter(label=_("Gồm cả nhiệm vụ định kỳ gốc"), method="filter_series")

    class Meta:
        model = Task
        fields = []

    page_hidden = ("conclusion", "include_series", "involvement")  # tabs, links and the API

    @property
    def as_of(self):
        return self.value("on", timezone.localdate())

    def filter_nothing(self, queryset, name, value):
        return queryset  # the day only changes what the status filter and the page compute

    def filter_involvement(self, queryset, name, value):
        unit_id = getattr(getattr(self.request, "user", None), "unit_id", None)
        if value == "lead":
            return queryset.filter(lead_unit=unit_id)
        if value == "coordinating":
            return queryset.filter(coordinating_units=unit_id)
        return queryset

    def filter_status(self, queryset, name, value):
        on = self.as_of
        if value == "open":
            return queryset.filter(
                status_q(TaskStatus.IN_PROGRESS, on) | status_q(TaskStatus.OVERDUE, on)
            )
        if value == "done":
            return queryset.filter(
                status_q(TaskStatus.DONE_ON_TIME, on) | status_q(TaskStatus.DONE_LATE, on)
            )
        return queryset.in_status(value, on)

    def filter_series(self, queryset, name, value):
        return queryset  # applied in `filter_queryset`, which also covers the default (absent)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.value("include_series", False):
            queryset = queryset.countable()
        return queryset


class MeetingFilterSet(FilterSet):
    q = SearchFilter(label=_("Tìm theo tên cuộc họp (không cần dấu)"))
    kind = django_filters.ChoiceFilter(
        label=_("Loại"), choices=MeetingKind.choices, empty_label=_("Mọi loại")
    )
    held_from = DateFilter(label=_("Từ ngày"), field_name="held_on", lookup_expr="gte")
    held_to = DateFilter(label=_("Đến ngày"), field_name="held_on", lookup_expr="lte")

    class Meta:
        model = Meeting
        fields = []


class ConclusionFilterSet(FilterSet):
    q = SearchFilter(label=_("Tìm theo số, ký hiệu, nội dung (không cần dấu)"))
    meeting = IdFilter(label=_("Mã cuộc họp"), field_name="meeting_id")
    issued_from = DateFilter(label=_("Từ ngày"), field_name="issued_on", lookup_expr="gte")
    issued_to = DateFilter(label=_("Đến ngày"), field_name="issued_on", lookup_expr="lte")

    class Meta:
        model = Conclusion
        fields = []
