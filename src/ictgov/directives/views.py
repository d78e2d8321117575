"""Pages of the directives app: meetings, drafting tasks from a conclusion, the unit's inbox,
the task page with its timeline, and the leaders' dashboard. Views parse, call `services` or
`selectors`, and render; the rules are in `services`."""

from datetime import date, timedelta
from functools import partial

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ictgov.accounts.roles import Role
from ictgov.core.access import get_visible_or_404, require_role
from ictgov.core.docnumbers import DocumentNumberError
from ictgov.core.excel import xlsx_response
from ictgov.core.scoping import visible
from ictgov.core.views import Column, ObjectDetailView, ObjectListView
from ictgov.geo.selectors import unit_by_code
from ictgov.org.models import Person, Unit

from . import drafting, presenters, selectors, services
from .forms import (
    CompleteForm,
    ConclusionForm,
    DashboardForm,
    ExtensionForm,
    MeetingForm,
    ProgressForm,
    ReasonForm,
    TaskDraftFormSet,
)
from .models import (
    Conclusion,
    DeadlineExtension,
    Meeting,
    MeetingKind,
    Task,
    TaskStatus,
    status_q,
)
from .services import DirectiveError

DATE_INPUT = {"class": "form-control", "placeholder": "dd/mm/yyyy"}


def _messages_of(exc) -> list[str]:
    return list(getattr(exc, "messages", None) or [str(exc) or _("Không được phép.")])


# --- lists -------------------------------------------------------------------------------------


class FnColumn(Column):
    """A column whose value a function computes from the row."""

    def __init__(self, fn, label, link=False):
        super().__init__(fn.__name__, label, link)
        object.__setattr__(self, "fn", fn)

    def value(self, obj):
        return self.fn(obj)


def task_columns(on: date) -> list[Column]:
    """The columns of the task list officials use (STT is added by the table and the export)."""

    def status(task):
        return presenters.status_label(task, on)

    return [
        Column("content", gettext_lazy("Nội dung nhiệm vụ"), link=True),
        Column("lead_unit.name", gettext_lazy("Đơn vị chủ trì")),
        FnColumn(presenters.coordinating_cell, gettext_lazy("Đơn vị phối hợp")),
        FnColumn(presenters.deadline_cell, gettext_lazy("Thời hạn")),
        FnColumn(status, gettext_lazy("Tình trạng")),
        FnColumn(presenters.result_cell, gettext_lazy("Kết quả")),
    ]


STATUS_FILTER_CHOICES = [("done", gettext_lazy("Hoàn thành")), *TaskStatus.choices]


class TaskFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Tình trạng"),
        choices=STATUS_FILTER_CHOICES,
        empty_label=gettext_lazy("Mọi tình trạng"),
        method="filter_status",
    )
    on = django_filters.DateFilter(
        label=gettext_lazy("Tính đến ngày"),
        method="filter_nothing",
        widget=forms.DateInput(format="%d/%m/%Y", attrs=DATE_INPUT),
    )
    due_from = django_filters.DateFilter(
        label=gettext_lazy("Hạn từ ngày"),
        field_name="due_on",
        lookup_expr="gte",
        widget=forms.DateInput(format="%d/%m/%Y", attrs=DATE_INPUT),
    )
    due_to = django_filters.DateFilter(
        label=gettext_lazy("Hạn đến ngày"),
        field_name="due_on",
        lookup_expr="lte",
        widget=forms.DateInput(format="%d/%m/%Y", attrs=DATE_INPUT),
    )
    assigned_by = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Người giao"),
        queryset=Person.objects.none(),
        empty_label=gettext_lazy("Mọi người giao"),
    )
    meeting = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Cuộc họp"),
        queryset=Meeting.objects.none(),
        empty_label=gettext_lazy("Mọi cuộc họp"),
    )
    lead_unit = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Đơn vị chủ trì"),
        queryset=Unit.objects.none(),
        empty_label=gettext_lazy("Mọi đơn vị"),
    )

    class Meta:
        model = Task
        fields = []

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        user = request.user
        fields = self.form.fields
        # Choices never scan all tasks: the department's staff probe the assigner index per
        # person; others take the assigners of their own (small) inbox.
        people = presenters.people_for(user)
        if user.is_staff_role:
            people = people.filter(Exists(Task.objects.filter(assigned_by=OuterRef("pk"))))
        else:
            assigners = selectors.unit_inbox(user).order_by().values_list("assigned_by", flat=True)
            people = people.filter(pk__in=set(assigners.distinct()))
        fields["assigned_by"].queryset = people
        recent = date.today() - timedelta(days=3 * 366)
        fields["meeting"].queryset = visible(Meeting.objects.filter(held_on__gte=recent), user)
        fields["lead_unit"].queryset = presenters.units_for(
            user, province=presenters.user_province(user)
        )
        for name in ("status", "assigned_by", "meeting", "lead_unit"):
            fields[name].widget.attrs["class"] = "form-select"

    @property
    def as_of(self) -> date:
        data = getattr(self.form, "cleaned_data", None) or {}
        return data.get("on") or date.today()

    def filter_status(self, queryset, name, value):
        on = self.as_of
        if value == "done":
            return queryset.filter(
                status_q(TaskStatus.DONE_ON_TIME, on) | status_q(TaskStatus.DONE_LATE, on)
            )
        return queryset.in_status(value, on)

    def filter_nothing(self, queryset, name, value):
        return queryset


EXPORT_HEADERS = [
    gettext_lazy("STT"),
    gettext_lazy("Nội dung nhiệm vụ"),
    gettext_lazy("Đơn vị chủ trì"),
    gettext_lazy("Đơn vị phối hợp"),
    gettext_lazy("Thời hạn"),
    gettext_lazy("Tình trạng"),
    gettext_lazy("Kết quả"),
]


class InboxView(ObjectListView):
    """“Nhiệm vụ của đơn vị”: the tasks the user's unit leads or coordinates."""

    model = Task
    title = gettext_lazy("Nhiệm vụ của đơn vị")
    export_name = "nhiem-vu"
    search_field = "search_name"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.filterset_class = partial(TaskFilter, request=request)

    def base_queryset(self):
        return selectors.unit_inbox(self.request.user).prefetch_related("progress_reports")

    def get_queryset(self):
        qs = super().get_queryset()
        self.as_of = self.filterset.as_of if self.filterset is not None else date.today()
        self.columns = task_columns(self.as_of)
        return qs

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            qs = self.get_queryset()
            rows = (
                [i, *(c.value(task) for c in self.columns)]
                for i, task in enumerate(qs.iterator(chunk_size=2000), start=1)
            )
            return xlsx_response(self.export_name, str(self.title), EXPORT_HEADERS, rows)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["searchable"] = True
        return ctx


class MeetingFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=gettext_lazy("Loại"),
        choices=MeetingKind.choices,
        empty_label=gettext_lazy("Mọi loại"),
    )
    held_from = django_filters.DateFilter(
        label=gettext_lazy("Từ ngày"),
        field_name="held_on",
        lookup_expr="gte",
        widget=forms.DateInput(format="%d/%m/%Y", attrs=DATE_INPUT),
    )
    held_to = django_filters.DateFilter(
        label=gettext_lazy("Đến ngày"),
        field_name="held_on",
        lookup_expr="lte",
        widget=forms.DateInput(format="%d/%m/%Y", attrs=DATE_INPUT),
    )

    class Meta:
        model = Meeting
        fields = ["kind"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["kind"].widget.attrs["class"] = "form-select"


class MeetingListView(ObjectListView):
    model = Meeting
    title = gettext_lazy("Cuộc họp")
    export_name = "cuoc-hop"
    filterset_class = MeetingFilter
    template_name = "directives/meeting_list.html"
    columns = [
        Column("held_on", gettext_lazy("Ngày họp")),
        Column("title", gettext_lazy("Tên cuộc họp"), link=True),
        Column("kind", gettext_lazy("Loại")),
        Column("host_unit.name", gettext_lazy("Đơn vị tổ chức")),
        Column("chair.full_name", gettext_lazy("Chủ trì")),
        Column("place", gettext_lazy("Địa điểm")),
    ]

    def base_queryset(self):
        return Meeting.objects.select_related("host_unit", "chair")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_manage"] = services.can_manage(self.request.user)
        return ctx


# --- meetings and conclusions ------------------------------------------------------------------


def _meeting_form(request, data=None):
    user = request.user
    province = presenters.user_province(user)
    units = presenters.units_for(user, on=date.today(), province=province)
    return MeetingForm(
        data,
        units=units,
        people=presenters.people_for(user),
        initial={
            "held_on": date.today(),
            "host_unit": user.unit_id,
            "chair": presenters.person_of(user),
        },
    )


@login_required
def meeting_create(request):
    if not services.can_manage(request.user):
        raise PermissionDenied
    form = _meeting_form(request, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        participating = list(fields.pop("participating_units"))
        try:
            meeting = services.create_meeting(
                request.user, participating_units=participating, **fields
            )
        except DirectiveError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Đã tạo cuộc họp."))
            return redirect(meeting)
    return render(
        request, "directives/meeting_form.html", {"form": form, "title": _("Thêm cuộc họp")}
    )


class MeetingDetailView(ObjectDetailView):
    model = Meeting
    template_name = "directives/meeting_detail.html"
    fields = ["kind", "held_on", "place", "chair", "host_unit", "locality"]

    def get_queryset(self):
        return super().get_queryset().select_related("host_unit", "chair", "locality")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        meeting, user = ctx["object"], self.request.user
        ctx["participating_units"] = visible(meeting.participating_units.all(), user)
        ctx["conclusions"] = visible(Conclusion.objects.filter(meeting=meeting), user)
        ctx["tasks"] = (
            selectors.tasks_for(user)
            .filter(meeting=meeting, series__isnull=True)
            .order_by("pk")
            .select_related("lead_unit", "conclusion")
            .prefetch_related("coordinating_units")
        )
        ctx["can_manage"] = services.can_manage(user)
        if ctx["can_manage"] and "conclusion_form" not in ctx:
            ctx["conclusion_form"] = ConclusionForm(initial={"issued_on": meeting.held_on})
        return ctx

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not services.can_manage(request.user):
            raise PermissionDenied
        form = ConclusionForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                conclusion = services.create_conclusion(
                    request.user, self.object, **form.cleaned_data
                )
            except DirectiveError as exc:
                bad_number = isinstance(exc.__cause__, DocumentNumberError)
                form.add_error("number" if bad_number else None, exc.messages)
            else:
                messages.success(request, _("Đã lưu kết luận."))
                if "propose" in request.POST:
                    return redirect("directives:conclusion_draft", pk=conclusion.pk)
                return redirect(self.object)
        ctx = self.get_context_data(object=self.object, conclusion_form=form)
        return self.render_to_response(ctx, status=400)


# --- drafting tasks from a conclusion ----------------------------------------------------------


class _DryRun(Exception):
    pass


def _attribute_errors(user, forms_, **kwargs) -> None:
    """Which rows a service refuses: each row tried alone and rolled back, so each gets its own
    message (the real save stays all-or-nothing in `services.create_tasks`)."""
    for form in forms_:
        try:
            with transaction.atomic():
                services.create_task(user, form.to_draft(), **kwargs)
                raise _DryRun
        except _DryRun:
            pass
        except DirectiveError as exc:
            form.add_error(None, exc.messages)


@login_required
def conclusion_draft(request, pk):
    """Tasks proposed from the conclusion's text; nothing is saved until the user confirms."""
    user = request.user
    conclusion = get_visible_or_404(Conclusion.objects.select_related("meeting"), user, pk=pk)
    if not services.can_manage(user):
        raise PermissionDenied
    meeting = conclusion.meeting
    province = presenters.meeting_province(meeting)
    units = presenters.units_for(
        user, on=conclusion.issued_on, province=province, include=[meeting.host_unit_id]
    )
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        formset = TaskDraftFormSet(request.POST, prefix="tasks", form_kwargs={"units": units})
        if formset.is_valid():
            chosen = [f for f in formset if f.cleaned_data.get("include")]
            context = {"conclusion": conclusion, "assigned_by": meeting.chair}
            if not chosen:
                errors.append(_("Chưa chọn nhiệm vụ nào để giao."))
            else:
                try:
                    tasks = services.create_tasks(user, [f.to_draft() for f in chosen], **context)
                except (DirectiveError, PermissionDenied) as exc:
                    errors.extend(_messages_of(exc))
                    _attribute_errors(user, chosen, **context)
                else:
                    messages.success(request, _("Đã giao %d nhiệm vụ.") % len(tasks))
                    return redirect(meeting)
        else:
            errors.append(_("Có nhiệm vụ chưa hợp lệ; hãy sửa các dòng được đánh dấu đỏ."))
        status = 400
    else:
        proposals = drafting.propose_tasks(
            conclusion.text,
            reference_date=conclusion.issued_on,
            province=province,
            host=meeting.host_unit,
        )
        allowed = set(units.values_list("pk", flat=True))
        initial = [presenters.initial_from_proposal(p, allowed) for p in proposals]
        initial.append({"include": False, "deadline_kind": "none"})  # a row to add one by hand
        formset = TaskDraftFormSet(initial=initial, prefix="tasks", form_kwargs={"units": units})
    ctx = {
        "title": _("Đề xuất nhiệm vụ từ văn bản"),
        "meeting": meeting,
        "conclusion": conclusion,
        "formset": formset,
        "errors": errors,
    }
    return render(request, "directives/conclusion_draft.html", ctx, status=status)


# --- the task page -----------------------------------------------------------------------------


def _report(user, task, data):
    upload = data.get("file")
    services.report_progress(
        user, task, text=data["text"], percent=data["percent"], files=[upload] if upload else []
    )
    return _("Đã gửi báo cáo tiến độ.")


def _complete(user, task, data):
    services.complete_task(user, task, result=data["result"])
    return _("Đã xác nhận hoàn thành nhiệm vụ.")


def _extend(user, task, data):
    ext = services.request_extension(
        user, task, new_due_on=data["new_due_on"], reason=data["reason"]
    )
    if ext.state == DeadlineExtension.State.APPROVED:
        return _("Đã gia hạn nhiệm vụ.")
    return _("Đã gửi đề nghị gia hạn, chờ lãnh đạo duyệt.")


def _reopen(user, task, data):
    services.reopen_task(user, task, reason=data["reason"])
    return _("Đã mở lại nhiệm vụ.")


def _cancel(user, task, data):
    services.cancel_task(user, task, reason=data["reason"])
    return _("Đã hủy nhiệm vụ.")


TASK_ACTIONS = {
    "report": (ProgressForm, _report),
    "complete": (CompleteForm, _complete),
    "extend": (ExtensionForm, _extend),
    "reopen": (ReasonForm, _reopen),
    "cancel": (ReasonForm, _cancel),
}


def _task_forms(user, task) -> dict:
    """The forms this user is offered for this task (the services check again on submit)."""
    open_ = not task.completed_on and not task.cancelled_on
    can_manage = services.can_manage(user)
    can_report = services.can_report(user, task)
    shown = {
        "report": open_ and not task.is_series and can_report,
        "complete": open_ and not task.is_series and services.can_complete(user, task),
        "extend": open_ and can_report,
        "reopen": can_manage and not open_,
        "cancel": can_manage and open_,
    }
    return {name: TASK_ACTIONS[name][0](prefix=name) for name, allowed in shown.items() if allowed}


@login_required
def task_detail(request, pk):
    user = request.user
    qs = Task.objects.select_related(
        "lead_unit", "assigned_by", "meeting", "conclusion", "series"
    ).prefetch_related("coordinating_units")
    task = get_visible_or_404(qs, user, pk=pk)
    forms_ = _task_forms(user, task)
    errors: list[str] = []
    http_status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action in ("approve", "reject"):
            extension = get_object_or_404(
                visible(DeadlineExtension.objects.filter(task=task), user),
                pk=request.POST.get("extension"),
            )
            form, handler = None, partial(_decide, extension, action == "approve")
        elif action in TASK_ACTIONS:
            form_class, handler = TASK_ACTIONS[action]
            form = form_class(request.POST, request.FILES, prefix=action)
        else:
            return HttpResponseBadRequest(_("Thao tác không hợp lệ."))
        if form is None or form.is_valid():
            try:
                done = handler(user, task, form.cleaned_data if form else {})
            except DirectiveError as exc:
                errors.extend(exc.messages)
                http_status = 400
            except PermissionDenied as exc:
                errors.extend(_messages_of(exc))
                http_status = 403
            else:
                messages.success(request, done)
                return redirect(task)
        else:
            http_status = 400
        if form is not None:
            forms_[action] = form
        task.refresh_from_db()
    on = date.today()
    ctx = {
        "title": _("Nhiệm vụ"),
        "task": task,
        "status": task.status_on(on),
        "status_label": presenters.status_label(task, on),
        "status_css": presenters.STATUS_CSS[task.status_on(on)],
        "percent": task.latest_percent,
        "timeline": presenters.task_timeline(task),
        "forms": forms_,
        "errors": errors,
        "pending_extensions": (
            task.extensions.filter(state=DeadlineExtension.State.PENDING).select_related(
                "requested_by"
            )
            if services.can_manage(user)
            else []
        ),
        "extended": task.original_due_on and task.original_due_on != task.due_on,
    }
    return render(request, "directives/task_detail.html", ctx, status=http_status)


def _decide(extension, approve, user, task, data):
    services.decide_extension(user, extension, approve=approve)
    return _("Đã duyệt gia hạn.") if approve else _("Đã từ chối đề nghị gia hạn.")


# --- the leaders' dashboard --------------------------------------------------------------------


@require_role(Role.LEADER, Role.OFFICER)
def dashboard(request):
    # By default the leader sees their own province (and the provinces it was formed from).
    home = presenters.user_province(request.user)
    params = request.GET.copy()
    params.setdefault("province", home.code if home is not None and home.is_current else "")
    params.setdefault("on", f"{date.today():%d/%m/%Y}")
    form = DashboardForm(params, initial={"on": date.today()})
    valid = form.is_valid()
    on = (form.cleaned_data.get("on") if valid else None) or date.today()
    qs = selectors.tasks_for(request.user)
    code = form.cleaned_data.get("province") if valid else None
    if code:
        qs = selectors.in_province(qs, unit_by_code(code, date.today()))
    by_unit = selectors.counts_by("lead_unit", qs, on=on)
    overdue = selectors.overdue_tasks(qs, on=on)
    on_param = "" if on == date.today() else f"&on={on:%d/%m/%Y}"
    inbox = reverse("directives:inbox")
    for row in by_unit:
        base = f"{inbox}?lead_unit={row['id']}{on_param}&status="
        row["links"] = {s: base + s for s in ("done", "in_progress", "overdue")}
    chart = {
        "labels": [row["name"] for row in by_unit],
        "datasets": [
            {"label": str(TaskStatus.DONE_ON_TIME.label), "key": "done_on_time"},
            {"label": str(TaskStatus.DONE_LATE.label), "key": "done_late"},
            {"label": str(TaskStatus.IN_PROGRESS.label), "key": "in_progress"},
            {"label": str(TaskStatus.OVERDUE.label), "key": "overdue"},
        ],
    }
    for ds in chart["datasets"]:
        key = ds.pop("key")
        ds["data"] = [row[key] for row in by_unit]
    ctx = {
        "title": _("Theo dõi nhiệm vụ"),
        "form": form,
        "on": on,
        "on_param": on_param,
        "counts": selectors.task_counts(qs, on=on),
        "by_unit": by_unit,
        "by_leader": selectors.counts_by("assigned_by", qs, on=on),
        "overdue": overdue[:100],
        "overdue_count": overdue.count(),
        "chart": chart,
        "chart_height": 90 + 26 * len(by_unit),
    }
    return render(request, "directives/dashboard.html", ctx)


inbox = InboxView.as_view()
meeting_list = MeetingListView.as_view()
meeting_detail = MeetingDetailView.as_view()
