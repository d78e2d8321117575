"""The working-day calendar: the announced days off and make-up days, and a due-date calculator."""

from django.contrib import messages
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import workdays
from .filtersets import CalendarFilterSet
from .forms import CalendarOverrideForm, DueDateForm
from .models import CalendarOverride
from .roles import Role
from .views import Column, ObjectCreateView, ObjectListView


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


class CalendarOverrideCreateView(ObjectCreateView):
    """Administrators add next year's announced days off and make-up Saturdays."""

    form_class = CalendarOverrideForm
    permission = staticmethod(lambda user, obj: user.has_role(Role.ADMIN))
    title = _("Thêm ngày nghỉ hoặc ngày làm bù")

    def perform(self, form):
        override = form.save(commit=False)
        override._history_user = self.request.user
        override.save()
        messages.success(
            self.request, _("Đã thêm %(day)s vào lịch.") % {"day": f"{override.day:%d/%m/%Y}"}
        )
        return override

    def get_success_url(self, result=None):
        return reverse("core:calendar")
