"""Pages of the directives app: meetings, drafting tasks from a conclusion, the unit's inbox,
the task page with its timeline and actions, and the leaders' dashboard. Views parse, call
`services` or `selectors`, and render; the rules are in `services`. Lists, forms and actions
are core's generic views with one permission each."""

import html
from datetime import date

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ictgov.core import pdf
from ictgov.core.access import get_visible_or_404, require_role
from ictgov.core.docnumbers import DocumentNumberError
from ictgov.core.roles import Role
from ictgov.core.scoping import visible
from ictgov.core.views import (
    Badge,
    Column,
    FnColumn,
    ObjectActionView,
    ObjectCreateView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)
from ictgov.core.widgets import PickerSelect
from ictgov.core.workdays import working_days_between
from ictgov.geo.selectors import unit_by_code

from . import drafting, presenters, selectors, services
from .filtersets import MeetingFilterSet, TaskFilterSet
from .forms import (
    CompleteForm,
    ConclusionEditForm,
    ConclusionForm,
    ConfirmForm,
    DashboardForm,
    ExtensionForm,
    MeetingEditForm,
    MeetingForm,
    ProgressForm,
    ReasonForm,
    TaskDraftFormSet,
    TaskEditForm,
    WithdrawForm,
)
from .models import (
    TASK_STATUS,
    Conclusion,
    DeadlineExtension,
    Meeting,
    Task,
    TaskStatus,
    source_key,
)
from .services import DirectiveError


def _manager(user, obj=None) -> bool:
    return services.can_manage(user)


# --- lists -------------------------------------------------------------------------------------


def status_badge(task, on: date, status: str | None = None) -> Badge:
    """The task's status as a coloured badge, with how late it is in working days (`status`
    when the caller already knows it)."""
    status = status or task.status_on(on)
    note = ""
    if status == TaskStatus.OVERDUE:
        late = working_days_between(task.due_on, on)
        note = ngettext("quá hạn %(n)d ngày làm việc", "quá hạn %(n)d ngày làm việc", late) % {
            "n": late
        }
    return Badge(TaskStatus(status).label, presenters.STATUS_CSS[status], note)


def task_columns(on: date) -> list[Column]:
    """The columns of the task list officials use (STT is added by the table and the export)."""
    status_of = TASK_STATUS.classifier(on)  # the status rules built once for the page's rows
    return [
        Column("content", gettext_lazy("Nội dung nhiệm vụ"), link=True),
        Column("lead_unit.name", gettext_lazy("Đơn vị chủ trì")),
        FnColumn(presenters.coordinating_cell, gettext_lazy("Đơn vị phối hợp")),
        FnColumn(presenters.deadline_cell, gettext_lazy("Thời hạn")),
        FnColumn(
            # The status as of `on` when the rows were read with it (selectors.InboxRows).
            lambda task: status_badge(task, on, task.__dict__.get("_status") or status_of(task)),
            gettext_lazy("Tình trạng"),
        ),
        FnColumn(presenters.result_cell, gettext_lazy("Kết quả")),
    ]


class RemotePicker(PickerSelect):
    """A picker that always loads its choices as the user types (only the chosen one is
    rendered), without first counting them."""

    def __init__(self, attrs=None, choices=()):
        super().__init__(attrs, choices, remote=True)

    def get_context(self, name, value, attrs):
        self._remote = True
        # The model, without making the field's queryset (nothing is listed).
        model = getattr(getattr(self.choices, "field", None), "lazy_model", None)
        meta = (model or self._queryset().model)._meta
        url = reverse("core:choices", args=[f"{meta.app_label}.{meta.model_name}"])
        attrs = {**(attrs or {}), "data-picker-url": url}
        return forms.Select.get_context(self, name, value, attrs)


class InboxView(ObjectListView):
    """“Nhiệm vụ của đơn vị”, a to-do list: the unit's open tasks, overdue first (red, with the
    working days late), then due soon (amber), then the rest by deadline; finished ones behind
    the status filter; the tasks the unit only supports in their own tab."""

    model = Task
    title = gettext_lazy("Nhiệm vụ của đơn vị")
    export_name = "nhiem-vu"
    filterset_class = TaskFilterSet
    template_name = "directives/inbox.html"

    @property
    def default_filters(self):
        user = self.request.user
        mine = "lead" if user.unit_id and not user.is_staff_role else "all"
        return {"status": "open", "involvement": mine}

    def base_queryset(self):
        return selectors.unit_inbox(self.request.user).prefetch_related("progress_reports")

    def as_of(self) -> date:
        filterset = getattr(self, "filterset", None)
        return filterset.as_of if filterset is not None else timezone.localdate()

    # Pickers whose choices are read from their own tables as the user types: listing them
    # with the page would first count the meetings and people the user's tasks involve.
    REMOTE_PICKERS = ("lead_unit", "assigned_by", "meeting")

    def reads_arms(self) -> bool:
        """The page reads `selectors.InboxRows` (see `paginate_queryset`); the export and
        SQLite the whole filtered queryset."""
        return selectors.can_union_slices() and self.request.GET.get("export") != "xlsx"

    def get_queryset(self):
        if self.reads_arms():
            # Only the filters are checked here; the rows come from the arms.
            self.filterset = self.filterset_class(
                self.filter_data(), queryset=Task.objects.none(), request=self.request
            )
            self.remote_pickers()
            self.filterset.check()  # bad input: the page shows each field's error (422)
        else:
            qs = super().get_queryset()
            self.remote_pickers()
        if self.reads_arms():
            self.soon_until = None  # InboxRows reads it when it needs it (with the page)
            return Task.objects.none()  # not read: no order to build for it
        self.soon_until = selectors.soon_until(self.as_of())
        return selectors.by_urgency(qs, on=self.as_of(), until=self.soon_until)

    def remote_pickers(self):
        """The REMOTE_PICKERS of this page's filter form load their choices as the user types."""
        for name in self.REMOTE_PICKERS:
            field = self.filterset.form.fields[name]
            if not isinstance(field.widget, RemotePicker):
                field.widget = RemotePicker(attrs=field.widget.attrs)
                field.widget.choices = field.choices

    def render_filter_errors(self, exc):
        self.remote_pickers()  # (the form's fields as on a page without errors)
        return super().render_filter_errors(exc)

    def paginate_queryset(self, queryset, page_size):
        """The page's rows from the union of index-served arms (what the user may read, piece
        by piece, with the filters applied to each): counted once, and each arm read only as
        far as the page needs (the export and SQLite read the whole queryset instead)."""
        if not self.reads_arms() or self.filterset.form.errors:  # bad input: no rows
            return super().paginate_queryset(queryset, page_size)
        rows = selectors.InboxRows(
            self.request.user,
            self.filterset,
            on=self.as_of(),
            until=self.soon_until,
        )
        try:
            page = max(1, int(self.request.GET.get(self.page_kwarg) or 1))
        except ValueError:
            page = None  # "last" or a mistake: the paginator decides
        if page is not None:
            rows.window = ((page - 1) * page_size, page * page_size)
        return super().paginate_queryset(rows, page_size)

    def get_columns(self):
        return task_columns(self.as_of())

    def row_css(self, task) -> str:
        return {
            selectors.Urgency.OVERDUE: "row-overdue",
            selectors.Urgency.DUE_SOON: "row-due-soon",
        }.get(getattr(task, "urgency", None), "")

    def table_rows(self, object_list, columns) -> list[tuple]:
        """The rows of `task_columns`, each written in one piece here rather than cell by cell
        through `Column.value` and `cell` (what `ObjectListView.row_cells` would write, to the
        character: a test compares them)."""
        labels = [html.escape(str(c.label)) for c in columns]
        badge = columns[4].fn  # the status badge as of the page's day
        escape = html.escape
        rows = []
        for task in object_list:
            due = task.due_on
            deadline = f"{due:%d/%m/%Y}" if due is not None else escape(task.deadline_text or "")
            lead = task.lead_unit if task.lead_unit_id else None
            cells = (
                f'<td data-label="{labels[0]}"><a href="{escape(task.get_absolute_url())}">'
                f"{escape(task.content)}</a></td>"
                f'<td data-label="{labels[1]}">{escape(lead.name) if lead else ""}</td>'
                f'<td data-label="{labels[2]}">{escape(presenters.coordinating_cell(task))}</td>'
                f'<td data-label="{labels[3]}">{deadline}</td>'
                f'<td data-label="{labels[4]}">{badge(task).__html__()}</td>'
                f'<td data-label="{labels[5]}">{escape(presenters.result_cell(task))}</td>'
            )
            rows.append((task, mark_safe(cells), self.row_css(task)))  # noqa: S308 - escaped
        return rows

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        current = self.filter_data().get("involvement", "")
        params = self.request.GET.copy()
        params.pop("page", None)
        tabs = []
        for value, label in self.tab_choices(user):
            params["involvement"] = value
            tabs.append({"value": value, "label": label, "url": f"?{params.urlencode()}"})
        ctx.update(tabs=tabs, current_tab=current)
        return ctx

    @staticmethod
    def tab_choices(user):
        if not user.unit_id:
            return []
        tabs = [("lead", _("Đơn vị chủ trì")), ("coordinating", _("Đơn vị phối hợp"))]
        if user.is_staff_role:
            tabs.append(("all", _("Toàn bộ nhiệm vụ được theo dõi")))
        return tabs


class MeetingListView(ObjectListView):
    model = Meeting
    title = gettext_lazy("Cuộc họp")
    export_name = "cuoc-hop"
    filterset_class = MeetingFilterSet
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


class MeetingCreateView(ObjectCreateView):
    form_class = MeetingForm
    permission = staticmethod(_manager)
    template_name = "directives/meeting_form.html"
    title = gettext_lazy("Thêm cuộc họp")
    success_message = gettext_lazy("Đã tạo cuộc họp.")

    def extra_form_kwargs(self):
        user = self.request.user
        province = presenters.user_province(user)
        return {
            "units": presenters.units_for(user, on=date.today(), province=province),
            "people": presenters.people_for(user),
        }

    def get_initial(self):
        user = self.request.user
        return {
            "held_on": date.today(),
            "host_unit": user.unit_id,
            "chair": presenters.person_of(user),
        }

    def perform(self, form):
        fields = dict(form.cleaned_data)
        participating = list(fields.pop("participating_units"))
        return services.create_meeting(
            self.request.user, participating_units=participating, **fields
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
        ctx["can_correct"] = services.can_correct(user, meeting)
        ctx["conclusions"] = list(ctx["conclusions"])
        for conclusion in ctx["conclusions"]:
            conclusion.editable = ctx["can_manage"] and services.can_correct(user, conclusion)
        if ctx["can_manage"]:
            ctx["conclusion_form"] = ConclusionForm(initial={"issued_on": meeting.held_on})
        return ctx


class ConclusionCreateView(ObjectActionView):
    """A meeting's conclusion; “Lưu và đề xuất” goes on to the drafted tasks."""

    model = Meeting
    form_class = ConclusionForm
    permission = staticmethod(_manager)
    title = gettext_lazy("Thêm kết luận")
    submit_label = gettext_lazy("Lưu kết luận")
    success_message = gettext_lazy("Đã lưu kết luận.")
    template_name = "directives/conclusion_form.html"

    def get_initial(self):
        return {"issued_on": self.object.held_on}

    def perform(self, form):
        try:
            return services.create_conclusion(self.request.user, self.object, **form.cleaned_data)
        except DirectiveError as exc:
            if isinstance(exc.__cause__, DocumentNumberError):
                exc.field = "number"
            raise

    def get_success_url(self, result=None):
        if "propose" in self.request.POST:
            return reverse("directives:conclusion_draft", args=[result.pk])
        return self.object.get_absolute_url()


# --- corrections ---------------------------------------------------------------------------------


def _corrector(user, record) -> bool:
    return services.can_correct(user, record)


class MeetingEditView(ObjectEditView):
    model = Meeting
    form_class = MeetingEditForm
    permission = staticmethod(_corrector)
    success_message = gettext_lazy("Đã sửa cuộc họp.")
    FIELDS = ("kind", "title", "held_on", "starts_at", "held_until", "place", "chair", "host_unit")

    def extra_form_kwargs(self):
        user = self.request.user
        province = presenters.meeting_province(self.object)
        units = presenters.units_for(
            user, on=self.object.held_on, province=province, include=[self.object.host_unit_id]
        )
        return {"units": units, "people": presenters.people_for(user)}

    def get_initial(self):
        m = self.object
        return {
            **{name: getattr(m, name) for name in self.FIELDS},
            "participating_units": list(m.participating_units.values_list("pk", flat=True)),
        }

    def perform(self, form):
        data = dict(form.cleaned_data)
        return services.correct_meeting(
            self.request.user,
            self.object,
            reason=data.pop("reason"),
            participating_units=list(data.pop("participating_units")),
            **{k: v for k, v in data.items() if k in self.FIELDS},
        )


class ConclusionEditView(ObjectEditView):
    model = Conclusion
    form_class = ConclusionEditForm
    permission = staticmethod(_corrector)
    success_message = gettext_lazy("Đã sửa kết luận.")

    def get_initial(self):
        c = self.object
        return {"number": c.number, "issued_on": c.issued_on, "signer": c.signer, "text": c.text}

    def perform(self, form):
        data = dict(form.cleaned_data)
        return services.correct_conclusion(self.request.user, self.object, **data)


class TaskEditView(ObjectEditView):
    model = Task
    form_class = TaskEditForm
    permission = staticmethod(lambda user, task: task.is_open and services.can_correct(user, task))
    success_message = gettext_lazy("Đã sửa nhiệm vụ.")

    def extra_form_kwargs(self):
        task = self.object
        units = presenters.units_for(
            self.request.user,
            on=task.assigned_on,
            province=task.province,
            include=[task.lead_unit_id, *task.coordinating_units.values_list("pk", flat=True)],
        )
        return {"units": units}

    def get_initial(self):
        t = self.object
        return {
            "content": t.content,
            "lead_unit": t.lead_unit_id,
            "coordinating_units": list(t.coordinating_units.values_list("pk", flat=True)),
            "due_on": t.due_on,
            "deadline_text": t.deadline_text,
        }

    def perform(self, form):
        data = dict(form.cleaned_data)
        return services.correct_task(
            self.request.user,
            self.object,
            reason=data.pop("reason"),
            coordinating_units=list(data.pop("coordinating_units")),
            **data,
        )


# --- drafting tasks from a conclusion ----------------------------------------------------------


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
                except DirectiveError as exc:
                    errors.extend(exc.messages)
                    for i, row_errors in exc.rows.items():
                        for message in row_errors:
                            chosen[i - 1].add_error(None, message)
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
        done = services.assigned_passages(conclusion)
        # Proposals already confirmed are not offered again: only what is new.
        proposals = [p for p in proposals if source_key(p.evidence, p.content) not in done]
        initial = [presenters.initial_from_proposal(p, allowed) for p in proposals]
        initial.append({"include": False, "deadline_kind": "none"})  # a row to add one by hand
        formset = TaskDraftFormSet(initial=initial, prefix="tasks", form_kwargs={"units": units})
    ctx = {
        "title": _("Đề xuất nhiệm vụ từ văn bản"),
        "meeting": meeting,
        "conclusion": conclusion,
        "assigned": conclusion.tasks.filter(series__isnull=True).order_by("pk"),
        "formset": formset,
        "errors": errors,
    }
    return render(request, "directives/conclusion_draft.html", ctx, status=status)


# --- the task page and its actions --------------------------------------------------------------


class TaskDetailView(ObjectDetailView):
    model = Task
    template_name = "directives/task_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("lead_unit", "assigned_by", "meeting", "conclusion", "series")
            .prefetch_related("coordinating_units")
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        task, user, on = ctx["object"], self.request.user, date.today()
        status = task.status_on(on)
        ctx.update(
            title=_("Nhiệm vụ"),
            task=task,
            status=status,
            status_label=presenters.status_label(task, on),
            percent=task.latest_percent,
            timeline=presenters.task_timeline(task),
            actions=[
                {
                    "name": name,
                    "title": view.title,
                    "submit_label": view.submit_label,
                    "form": view.form_class(auto_id=f"id_{name}-%s"),  # unique ids on the page
                    "url": reverse(f"directives:task_{name}", args=[task.pk]),
                }
                for name, view in TASK_ACTIONS.items()
                if view.offered(user, task)
            ],
            pending_extensions=(
                task.extensions.filter(state=DeadlineExtension.State.PENDING).select_related(
                    "requested_by"
                )
                if services.can_manage(user)
                else []
            ),
            extended=task.original_due_on and task.original_due_on != task.due_on,
            can_correct=task.is_open and services.can_correct(user, task),
        )
        return ctx


class TaskActionView(ObjectActionView):
    """One action on a task, posted to its own address; the service checks the rule again."""

    model = Task
    template_name = "directives/task_action.html"

    @classmethod
    def offered(cls, user, task) -> bool:
        """Whether the task page offers this action to this user now."""
        return cls.permission(user, task)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["task"] = self.object
        return ctx


class TaskReportView(TaskActionView):
    form_class = ProgressForm
    title = gettext_lazy("Báo cáo tiến độ")
    submit_label = gettext_lazy("Gửi báo cáo")
    success_message = gettext_lazy("Đã gửi báo cáo tiến độ.")
    permission = staticmethod(
        lambda user, task: task.is_open and not task.is_series and services.can_report(user, task)
    )

    def perform(self, form):
        data = form.cleaned_data
        services.report_progress(
            self.request.user,
            self.object,
            text=data["text"],
            percent=data["percent"],
            files=data["files"],
        )
        return self.object


class TaskCompleteView(TaskActionView):
    form_class = CompleteForm
    title = gettext_lazy("Hoàn thành nhiệm vụ")
    submit_label = gettext_lazy("Xác nhận hoàn thành")
    permission = staticmethod(
        lambda user, task: (
            task.is_open
            and not task.is_series
            and not task.done_reported_on
            and services.can_complete(user, task)
        )
    )

    def perform(self, form):
        task = services.complete_task(
            self.request.user, self.object, result=form.cleaned_data["result"]
        )
        if task.done_reported_on:
            messages.info(self.request, _("Đã báo cáo hoàn thành; chờ bên giao xác nhận."))
        else:
            messages.success(self.request, _("Đã xác nhận hoàn thành nhiệm vụ."))
        return task


class TaskExtendView(TaskActionView):
    form_class = ExtensionForm
    title = gettext_lazy("Đề nghị gia hạn")
    submit_label = gettext_lazy("Gửi đề nghị gia hạn")
    permission = staticmethod(lambda user, task: task.is_open and services.can_report(user, task))

    def perform(self, form):
        extension = services.request_extension(self.request.user, self.object, **form.cleaned_data)
        if extension.state == DeadlineExtension.State.APPROVED:
            messages.success(self.request, _("Đã gia hạn nhiệm vụ."))
        else:
            messages.success(self.request, _("Đã gửi đề nghị gia hạn, chờ lãnh đạo duyệt."))
        return self.object


class TaskReopenView(TaskActionView):
    form_class = ReasonForm
    title = gettext_lazy("Mở lại nhiệm vụ")
    submit_label = gettext_lazy("Mở lại")
    success_message = gettext_lazy("Đã mở lại nhiệm vụ.")
    permission = staticmethod(lambda user, task: not task.is_open and services.can_manage(user))

    def perform(self, form):
        return services.reopen_task(
            self.request.user, self.object, reason=form.cleaned_data["reason"]
        )


class TaskCancelView(TaskActionView):
    form_class = ReasonForm
    title = gettext_lazy("Hủy nhiệm vụ")
    submit_label = gettext_lazy("Hủy nhiệm vụ")
    success_message = gettext_lazy("Đã hủy nhiệm vụ.")
    permission = staticmethod(lambda user, task: task.is_open and services.can_manage(user))

    def perform(self, form):
        return services.cancel_task(
            self.request.user, self.object, reason=form.cleaned_data["reason"]
        )


class TaskWithdrawView(TaskActionView):
    form_class = WithdrawForm
    title = gettext_lazy("Thu hồi nhiệm vụ giao nhầm")
    submit_label = gettext_lazy("Thu hồi")
    success_message = gettext_lazy("Đã thu hồi nhiệm vụ.")
    permission = staticmethod(lambda user, task: services.can_withdraw(user, task))

    def perform(self, form):
        return services.withdraw_task(
            self.request.user, self.object, reason=form.cleaned_data["reason"]
        )


def _confirming(user, task) -> bool:
    return bool(task.done_reported_on) and task.is_open and services.can_manage(user)


class TaskConfirmView(TaskActionView):
    form_class = ConfirmForm
    title = gettext_lazy("Xác nhận hoàn thành")
    submit_label = gettext_lazy("Xác nhận đã hoàn thành")
    success_message = gettext_lazy("Đã xác nhận hoàn thành nhiệm vụ.")
    permission = staticmethod(_confirming)

    def perform(self, form):
        return services.confirm_completion(self.request.user, self.object)


class TaskReturnView(TaskActionView):
    form_class = ReasonForm
    title = gettext_lazy("Trả lại báo cáo hoàn thành")
    submit_label = gettext_lazy("Trả lại")
    success_message = gettext_lazy("Đã trả lại báo cáo hoàn thành.")
    permission = staticmethod(_confirming)

    def perform(self, form):
        return services.return_completion(
            self.request.user, self.object, reason=form.cleaned_data["reason"]
        )


TASK_ACTIONS = {
    "report": TaskReportView,
    "complete": TaskCompleteView,
    "extend": TaskExtendView,
    "reopen": TaskReopenView,
    "cancel": TaskCancelView,
    "withdraw": TaskWithdrawView,
    "confirm": TaskConfirmView,
    "return": TaskReturnView,
}


class ExtensionDecideView(ObjectActionView):
    """A leader approves or rejects a requested extension (POST only, from the task page)."""

    model = DeadlineExtension
    approve = True
    http_method_names = ["post"]
    permission = staticmethod(_manager)

    def post(self, request, *args, **kwargs):
        try:
            services.decide_extension(request.user, self.object, approve=self.approve)
        except DirectiveError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            done = _("Đã duyệt gia hạn.") if self.approve else _("Đã từ chối đề nghị gia hạn.")
            messages.success(request, done)
        return redirect(self.object.task)


# --- the leaders' weekly schedule ---------------------------------------------------------------


WEEKDAYS = [
    gettext_lazy("Thứ Hai"),
    gettext_lazy("Thứ Ba"),
    gettext_lazy("Thứ Tư"),
    gettext_lazy("Thứ Năm"),
    gettext_lazy("Thứ Sáu"),
    gettext_lazy("Thứ Bảy"),
    gettext_lazy("Chủ nhật"),
]


@login_required
def weekly_schedule(request):
    """Lịch công tác tuần: the week's meetings and visits by day and time, with the leader who
    chairs, the place and the participants; printable on A4 with the official header."""
    from datetime import timedelta

    today = timezone.localdate()
    week = request.GET.get("week", "")
    try:
        year, number = week.split("-W") if week else (None, None)
        day = date.fromisocalendar(int(year), int(number), 1) if week else today
    except ValueError:
        return render(
            request,
            "directives/schedule.html",
            {"title": _("Lịch công tác tuần"), "error": _("Tuần phải có dạng 2026-W49.")},
            status=422,
        )
    monday, sunday = selectors.week_of(day)
    days = selectors.weekly_schedule(request.user, monday)
    iso = monday.isocalendar()
    ctx = {
        "title": _("Lịch công tác tuần"),
        "monday": monday,
        "sunday": sunday,
        "week_number": iso.week,
        "days": [(WEEKDAYS[d.weekday()], d, items) for d, items in days],
        "previous": (monday - timedelta(days=7)).strftime("%G-W%V"),
        "next": (monday + timedelta(days=7)).strftime("%G-W%V"),
        "this_week": today.strftime("%G-W%V"),
        "letterhead": presenters.official_header(request.user),
        "today": today,
    }
    return render(request, "directives/schedule.html", ctx)


# --- the leaders' dashboard --------------------------------------------------------------------


OVERDUE_SHOWN = 100


def _dashboard_data(request, *, overdue_limit: int) -> dict:
    """What the dashboard shows (its page and its printed report): the as-of day, the province,
    the counts, the per-unit and per-leader tables and the overdue tasks."""
    # By default the leader sees their own province (and the provinces it was formed from).
    home = presenters.user_province(request.user)
    params = request.GET.copy()
    params.setdefault("province", home.code if home is not None and home.is_current else "")
    params.setdefault("on", f"{date.today():%d/%m/%Y}")
    form = DashboardForm(params, initial={"on": date.today()}, user=request.user)
    valid = form.is_valid()
    on = (form.cleaned_data.get("on") if valid else None) or date.today()
    code = form.cleaned_data.get("province") if valid else None
    if home is not None and code == home.code:
        province = home
    else:
        province = unit_by_code(code, date.today()) if code else None
    qs = selectors.dashboard_tasks(request.user, province)
    counts, by_unit, by_leader = selectors.dashboard_counts(qs, on=on)
    return {
        "form": form,
        "on": on,
        "province": province,
        "counts": counts,
        "by_unit": by_unit,
        "by_leader": by_leader,
        "overdue": selectors.overdue_list(
            qs,
            on=on,
            limit=overdue_limit,
            provinces=selectors.province_ids(request.user, province) if province else (),
        ),
        "overdue_count": counts["overdue"],
    }


@require_role(Role.LEADER, Role.OFFICER)
def dashboard(request):
    data = _dashboard_data(request, overdue_limit=OVERDUE_SHOWN)
    on, by_unit = data["on"], data["by_unit"]
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
        **data,
        "title": _("Theo dõi nhiệm vụ"),
        "on_param": on_param,
        "pdf_query": request.GET.urlencode(),
        "chart": chart,
        "chart_height": 90 + 26 * len(by_unit),
    }
    return render(request, "directives/dashboard.html", ctx)


# The printed report lists every overdue task up to this many (the rest are counted).
OVERDUE_PRINTED = 1000


@require_role(Role.LEADER, Role.OFFICER)
def dashboard_pdf(request):
    """The dashboard as a report to print or send (Decree 30/2020 layout): the counts, the
    tables by lead unit and by assigning leader, and the overdue tasks with how late they are."""
    data = _dashboard_data(request, overdue_limit=OVERDUE_PRINTED)
    head = presenters.official_header(request.user)
    today = date.today()
    body = render_to_string(
        "directives/pdf/dashboard_body.html", {**data, "printed_limit": OVERDUE_PRINTED}
    )
    where = data["province"].name if data["province"] is not None else _("toàn bộ phạm vi được xem")
    doc = pdf.AdminDocument(
        title="BÁO CÁO",
        summary=_("Tình hình thực hiện nhiệm vụ được giao (%(where)s), tính đến ngày %(day)s")
        % {"where": where, "day": f"{data['on']:%d/%m/%Y}"},
        parent=head.parent,
        issuer=head.issuer or settings.ICTGOV["AUTHORITY_NAME"],
        place=head.place,
        day=today,
        body_html=body,
        signer_title=_("NGƯỜI LẬP BÁO CÁO"),
        signer_name=request.user.get_full_name() or request.user.get_username(),
    )
    response = HttpResponse(pdf.render_document(doc), content_type="application/pdf")
    name = f"bao-cao-nhiem-vu-{data['on']:%Y%m%d}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


inbox = InboxView.as_view()
meeting_list = MeetingListView.as_view()
meeting_detail = MeetingDetailView.as_view()
meeting_create = MeetingCreateView.as_view()
conclusion_create = ConclusionCreateView.as_view()
task_detail = TaskDetailView.as_view()
