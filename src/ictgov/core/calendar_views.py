"""The working-day calendar: the announced days off and make-up days, and a due-date calculator."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView

from . import workdays
from .access import RoleRequiredMixin
from .filtersets import CalendarFilterSet
from .forms import CalendarOverrideForm, DueDateForm
from .models import CalendarOverride
from .roles import Role
from .views import Column, ObjectListView


class CalendarView(ObjectListView):
    model = CalendarOverride
    public = True
    title = _("Lịch làm việc: ngày nghỉ, ngày làm bù")
    export_name = "lich-lam-viec"
    filterset_class = CalendarFilterSet
    template_name = "core/calendar.html"
    columns = [
        Column("day", _("Ngày")),
        Column("kind", _("Loại")),
        Column("reason", _("Lý do")),
        Column("source", _("Căn cứ")),
    ]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form = DueDateForm(self.request.GET if "start" in self.request.GET else None)
        if form.is_valid():
            start, n = form.cleaned_data["start"], form.cleaned_data["working_days"]
            ctx["due_on"] = workdays.add_working_days(start, n)
        ctx["due_form"] = form
        ctx["can_edit"] = self.request.user.is_authenticated and self.request.user.has_role(
            Role.ADMIN
        )
        return ctx


class CalendarOverrideCreateView(RoleRequiredMixin, CreateView):
    roles = (Role.ADMIN,)
    model = CalendarOverride
    form_class = CalendarOverrideForm
    template_name = "core/calendar_form.html"
    extra_context = {"title": _("Thêm ngày nghỉ hoặc ngày làm bù")}

    def form_valid(self, form):
        override = form.save()
        messages.success(
            self.request, _("Đã thêm %(day)s vào lịch.") % {"day": f"{override.day:%d/%m/%Y}"}
        )
        return redirect("core:calendar")
