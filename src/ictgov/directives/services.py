"""Every change to meetings, conclusions and tasks goes through these functions.

Each runs in one transaction, checks who may do it, records who did it in the history, and raises
`DirectiveError` with a Vietnamese message on bad input, changing nothing.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ictgov.core.acts import act_date, check_document_date
from ictgov.core.attachments import attach, check_uploads
from ictgov.core.concurrency import locked
from ictgov.core.docnumbers import DocumentNumberError, parse_document_number
from ictgov.core.errors import ServiceError
from ictgov.core.models import Parameter
from ictgov.core.periods import periods_between
from ictgov.core.roles import Role
from ictgov.core.workdays import add_working_days
from ictgov.org.models import Unit

from . import events
from .extraction import mentions_asap
from .models import (
    Conclusion,
    DeadlineExtension,
    DeadlineKind,
    Meeting,
    ProgressReport,
    Recurrence,
    Task,
    source_key,
)

ASAP_PARAMETER = "directives.asap_working_days"
ASAP_DEFAULT = 10


class DirectiveError(ServiceError):
    """Bad input to a directives service; `rows` names the rows of a batch that are wrong."""

    def __init__(self, message, *args, rows: dict[int, list[str]] | None = None, **kwargs):
        super().__init__(message, *args, **kwargs)
        self.rows = rows or {}


# --- who may do what (one condition per line) -------------------------------------------------


def can_manage(user) -> bool:
    """Department leaders and officers create meetings and tasks, extend and cancel them."""
    return user.is_authenticated and user.has_role(Role.LEADER, Role.OFFICER)


def can_report(user, task: Task) -> bool:
    if can_manage(user):
        return True
    if user.unit_id is None:
        return False
    if user.unit_id == task.lead_unit_id:
        return True
    return task.coordinating_units.filter(pk=user.unit_id).exists()


def can_complete(user, task: Task) -> bool:
    if can_manage(user):
        return True
    return user.unit_id is not None and user.unit_id == task.lead_unit_id


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này với nhiệm vụ."))


def _check_files(files) -> None:
    try:
        check_uploads(files)
    except ValidationError as exc:
        raise DirectiveError(exc.messages) from exc


def _check_date(day: date, label: str, *, ahead: int = 0) -> None:
    try:
        check_document_date(day, label=label, allow_future_days=ahead)
    except ServiceError as exc:
        raise DirectiveError(exc.messages) from exc


def _act_date(user, on):
    try:
        return act_date(user, on)
    except ServiceError as exc:
        raise DirectiveError(exc.messages, field="on") from exc


def _with_note(reason: str, note: str) -> str:
    return f"{reason} ({note})" if note else reason


def _reporting_unit(user, task: Task, unit: Unit | None) -> Unit:
    """A report is filed in the caller's own unit's name; the department's officers may record
    one for a unit of the task (a report received on paper)."""
    involved = {task.lead_unit_id, *task.coordinating_units.values_list("pk", flat=True)}
    if can_manage(user):
        chosen = unit or (user.unit if user.unit_id in involved else task.lead_unit)
        if chosen.pk not in involved and chosen.pk != user.unit_id:
            raise DirectiveError(_("Đơn vị báo cáo phải là đơn vị chủ trì hoặc phối hợp."))
        return chosen
    if unit is not None and unit.pk != user.unit_id:
        raise DirectiveError(_("Chỉ được báo cáo tiến độ nhân danh đơn vị của mình."))
    return user.unit


def _track(obj, user, reason: str = ""):
    obj._history_user = user
    if reason:
        obj._change_reason = reason
    return obj


# --- deadlines ---------------------------------------------------------------------------------


def deadline_kind_for(deadline: date | None, recurrence: str | None, text: str | None) -> str:
    """The kind of deadline a conclusion's wording gives (a date, ASAP, recurring or none)."""
    if deadline:
        return DeadlineKind.DATE
    if recurrence in Recurrence.values:
        return DeadlineKind.RECURRING
    if mentions_asap(text):
        return DeadlineKind.ASAP
    return DeadlineKind.NONE


def asap_working_days() -> int:
    return Parameter.get_int(ASAP_PARAMETER, ASAP_DEFAULT)


def resolve_due_on(deadline_kind: str, assigned_on: date, due_on: date | None) -> date | None:
    """The date a (checked, see `draft_errors`) deadline of this kind falls on."""
    if deadline_kind == DeadlineKind.DATE:
        return due_on
    if deadline_kind == DeadlineKind.ASAP:
        # "Sớm" becomes a date: the configured number of working days after assignment.
        return add_working_days(assigned_on, asap_working_days())
    return None


# --- meetings and conclusions ------------------------------------------------------------------


@transaction.atomic
def create_meeting(user, *, participating_units=(), **fields) -> Meeting:
    _require(can_manage(user))
    if not fields.get("title", "").strip():
        raise DirectiveError(_("Cần nhập tên cuộc họp."))
    # A meeting may be planned ahead (up to a year); never before the State's first documents.
    _check_date(fields["held_on"], _("Ngày họp"), ahead=366)
    until = fields.get("held_until")
    if until is not None and until < fields["held_on"]:
        raise DirectiveError(_("Ngày kết thúc cuộc họp không được trước ngày họp."))
    meeting = _track(Meeting(created_by=user, **fields), user)
    meeting.save()
    if participating_units:
        meeting.participating_units.set(participating_units)
    return meeting


@transaction.atomic
def create_conclusion(
    user, meeting: Meeting, *, number: str = "", files=(), **fields
) -> Conclusion:
    _require(can_manage(user))
    conclusion = Conclusion(meeting=meeting, **fields)
    _check_date(conclusion.issued_on, _("Ngày ban hành kết luận"))  # never a day ahead
    if conclusion.issued_on < meeting.held_on:
        raise DirectiveError(
            _("Kết luận không thể ban hành trước ngày họp (%(day)s).")
            % {"day": f"{meeting.held_on:%d/%m/%Y}"}
        )
    number = number.strip()
    if number:
        try:
            parsed = parse_document_number(number, strict=True)
        except DocumentNumberError as exc:
            raise DirectiveError(str(exc), field="number") from exc
        conclusion.number = str(parsed)
        conclusion.doc_type = parsed.doc_type or ""
        conclusion.issuer = parsed.issuer
        year = parsed.year or conclusion.issued_on.year
        same = Conclusion.objects.filter(number=conclusion.number)
        if same.filter(issued_on__year=year).exists():
            raise DirectiveError(
                _("Số %(number)s đã được dùng cho một kết luận năm %(year)d.")
                % {"number": conclusion.number, "year": year},
                field="number",
            )
    if not conclusion.text.strip():
        raise DirectiveError(_("Cần nhập nội dung kết luận."))
    _check_files(files)
    _track(conclusion, user).save()
    attach(conclusion, files, user)
    return conclusion


# --- tasks -------------------------------------------------------------------------------------


@dataclass
class TaskDraft:
    """A task as the user confirmed it (from the form, the API or the extractor's proposal)."""

    content: str
    lead_unit: Unit | None
    coordinating_units: list[Unit] = field(default_factory=list)
    deadline_kind: str = DeadlineKind.DATE
    due_on: date | None = None
    deadline_text: str = ""
    recurrence: str = ""
    directive_verb: str = ""
    evidence: str = ""
    source_key: str = ""  # the proposal it came from, when drafted from the conclusion's text

    @property
    def key(self) -> str:
        return self.source_key or source_key(self.evidence, self.content)


def assigned_passages(conclusion) -> set[str]:
    """The passages of a conclusion that already became tasks (recurring ones included)."""
    return set(
        Task.objects.filter(conclusion=conclusion, series__isnull=True)
        .exclude(source_key="")
        .values_list("source_key", flat=True)
    )


def draft_errors(draft: TaskDraft, *, assigned_on: date) -> list[str]:
    """What is wrong with a task before it is saved (empty when it can be assigned)."""
    errors = []
    if not draft.content.strip():
        errors.append(_("Cần nhập nội dung nhiệm vụ."))
    if draft.lead_unit is None:
        errors.append(_("Cần chọn đơn vị chủ trì cho nhiệm vụ “%s”.") % draft.content[:80])
    elif draft.lead_unit in draft.coordinating_units:
        errors.append(_("Đơn vị chủ trì không đồng thời là đơn vị phối hợp."))
    if draft.deadline_kind == DeadlineKind.RECURRING and draft.recurrence not in Recurrence.values:
        errors.append(_("Nhiệm vụ định kỳ cần chọn chu kỳ: tháng, quý hoặc năm."))
    if draft.deadline_kind == DeadlineKind.DATE:
        if draft.due_on is None:
            errors.append(_("Nhiệm vụ có thời hạn cụ thể cần ngày hết hạn."))
        elif draft.due_on < assigned_on:
            errors.append(_("Thời hạn không được trước ngày giao nhiệm vụ."))
    return errors


def _assigned_on(conclusion, assigned_on) -> date:
    return assigned_on or (conclusion.issued_on if conclusion else date.today())


@transaction.atomic
def create_task(
    user, draft: TaskDraft, *, meeting=None, conclusion=None, assigned_by=None, assigned_on=None
) -> Task:
    _require(can_manage(user))
    if conclusion is not None:
        meeting = conclusion.meeting
    assigned_on = _assigned_on(conclusion, assigned_on)
    _check_date(assigned_on, _("Ngày giao"))
    errors = draft_errors(draft, assigned_on=assigned_on)
    if errors:
        raise DirectiveError(errors)
    recurring = draft.deadline_kind == DeadlineKind.RECURRING
    task = Task(
        meeting=meeting,
        conclusion=conclusion,
        content=draft.content.strip(),
        lead_unit=draft.lead_unit,
        assigned_by=assigned_by,
        assigned_on=assigned_on,
        deadline_kind=draft.deadline_kind,
        deadline_text=draft.deadline_text,
        due_on=resolve_due_on(draft.deadline_kind, assigned_on, draft.due_on),
        recurrence=draft.recurrence if recurring else "",
        is_series=recurring,
        directive_verb=draft.directive_verb,
        evidence=draft.evidence,
        source_key=draft.key if conclusion is not None else "",
        created_by=user,
    )
    _track(task, user).save()
    task.coordinating_units.set(draft.coordinating_units)
    if recurring:
        generate_occurrences(task, until=max(assigned_on, date.today()))
    events.announce("assigned", task, user)
    return task


@transaction.atomic
def create_tasks(user, drafts: list[TaskDraft], *, conclusion=None, assigned_on=None, **kwargs):
    """All or nothing: if any draft is wrong, none is saved, and `DirectiveError.rows` says
    which rows (from 1) and why."""
    _require(can_manage(user))
    day = _assigned_on(conclusion, assigned_on)
    rows = {i: e for i, d in enumerate(drafts, 1) if (e := draft_errors(d, assigned_on=day))}
    if conclusion is not None:
        # One confirmation at a time per conclusion; a passage already assigned is refused.
        locked(conclusion)
        done = assigned_passages(conclusion)
        seen = set()
        for i, draft in enumerate(drafts, 1):
            key = draft.key
            if key in done or key in seen:
                rows.setdefault(i, []).append(
                    _("Nhiệm vụ này đã được giao từ văn bản (“%s”).") % draft.content[:80]
                )
            seen.add(key)
    if rows:
        messages = [
            _("Nhiệm vụ thứ %(i)d: %(msg)s") % {"i": i, "msg": " ".join(errors)}
            for i, errors in rows.items()
        ]
        raise DirectiveError(messages, rows=rows)
    return [
        create_task(user, draft, conclusion=conclusion, assigned_on=assigned_on, **kwargs)
        for draft in drafts
    ]


def generate_occurrences(series: Task, *, until: date) -> list[Task]:
    """One occurrence per period from the assignment to `until`; running it again adds none."""
    if not series.is_series:
        return []
    # A unit that has ceased (e.g. merged in 2025) gets no new occurrences after its last day.
    if series.lead_unit.valid_to is not None:
        until = min(until, series.lead_unit.valid_to)
    if series.cancelled_on is not None:
        until = min(until, series.cancelled_on)
    existing = set(series.occurrences.values_list("period_start", flat=True))
    created = []
    coordinating = list(series.coordinating_units.all())
    for period in periods_between(series.assigned_on, until, series.recurrence):
        if period.start not in existing:
            occurrence = Task(
                meeting=series.meeting,
                conclusion=series.conclusion,
                content=series.content,
                lead_unit=series.lead_unit,
                assigned_by=series.assigned_by,
                assigned_on=max(period.start, series.assigned_on),
                deadline_kind=DeadlineKind.DATE,
                deadline_text=series.deadline_text,
                due_on=period.end,
                series=series,
                period_start=period.start,
                period_label=period.label,
                directive_verb=series.directive_verb,
                evidence=series.evidence,
                created_by=series.created_by,
            )
            occurrence.save()
            occurrence.coordinating_units.set(coordinating)
            created.append(occurrence)
    return created


@transaction.atomic
def generate_all_occurrences(until: date) -> int:
    count = 0
    for series in Task.objects.filter(is_series=True, cancelled_on__isnull=True):
        count += len(generate_occurrences(series, until=until))
    return count


@transaction.atomic
def reassign(user, task: Task, *, lead_unit: Unit, coordinating_units=()) -> Task:
    _require(can_manage(user))
    task = locked(task)
    if lead_unit in coordinating_units:
        raise DirectiveError(_("Đơn vị chủ trì không đồng thời là đơn vị phối hợp."))
    task.lead_unit = lead_unit
    _track(task, user, _("Giao lại đơn vị chủ trì")).save()
    task.coordinating_units.set(coordinating_units)
    events.announce("reassigned", task, user)
    return task


@transaction.atomic
def report_progress(
    user,
    task: Task,
    *,
    text: str,
    percent: int,
    unit: Unit | None = None,
    on: date | None = None,
    files=(),
) -> ProgressReport:
    _require(can_report(user, task))
    task = locked(task)
    if not task.is_open:
        raise DirectiveError(_("Nhiệm vụ đã kết thúc; cần mở lại trước khi báo cáo tiến độ."))
    if not text.strip():
        raise DirectiveError(_("Cần nhập nội dung báo cáo tiến độ."))
    if not 0 <= percent <= 100:
        raise DirectiveError(_("Tiến độ phải từ 0 đến 100%."))
    _check_files(files)
    on, backdated = _act_date(user, on)
    unit = _reporting_unit(user, task, unit)
    report = ProgressReport(
        task=task,
        unit=unit,
        reported_by=user,
        reported_on=on,
        text=text.strip(),
        percent=percent,
    )
    _track(report, user, backdated).save()
    attach(report, files, user)
    events.announce(
        "progress", task, user, occasion=f"r{report.pk}", text=f"{report.percent}%: {report.text}"
    )
    return report


CONFIRM_PARAMETER = "directives.completion_needs_confirmation"


def completion_needs_confirmation() -> bool:
    return Parameter.get_int(CONFIRM_PARAMETER, 0) == 1


def awaits_confirmation(user, task: Task) -> bool:
    """A completion by the lead unit waits for the assigning side when the parameter says so."""
    return completion_needs_confirmation() and not can_manage(user)


@transaction.atomic
def complete_task(user, task: Task, *, result: str, on: date | None = None) -> Task:
    _require(can_complete(user, task))
    task = locked(task)
    if task.is_series:
        raise DirectiveError(_("Nhiệm vụ định kỳ được hoàn thành theo từng kỳ."))
    if task.completed_on:
        raise DirectiveError(_("Nhiệm vụ đã hoàn thành."))
    if task.cancelled_on:
        raise DirectiveError(_("Nhiệm vụ đã bị hủy."))
    if not result.strip():
        raise DirectiveError(_("Cần nêu kết quả thực hiện làm minh chứng hoàn thành."))
    on, backdated = _act_date(user, on)
    if on < task.assigned_on:
        raise DirectiveError(_("Ngày hoàn thành không được trước ngày giao."))
    task.result = result.strip()
    if awaits_confirmation(user, task):
        if task.done_reported_on:
            raise DirectiveError(_("Đã báo cáo hoàn thành; đang chờ xác nhận."))
        task.done_reported_on, task.done_reported_by = on, user
        _track(task, user, _with_note(_("Báo cáo hoàn thành"), backdated)).save()
        events.announce("completion_reported", task, user, text=task.result)
        return task
    task.completed_on = on
    task.done_reported_on, task.done_reported_by = None, None
    _track(task, user, _with_note(_("Hoàn thành"), backdated)).save()
    events.announce("completed", task, user, text=task.result)
    return task


@transaction.atomic
def confirm_completion(user, task: Task) -> Task:
    """The assigning side confirms a reported completion: done from the day it was reported."""
    _require(can_manage(user))
    task = locked(task)
    if not task.done_reported_on or not task.is_open:
        raise DirectiveError(_("Không có báo cáo hoàn thành nào chờ xác nhận."))
    task.completed_on = task.done_reported_on
    task.done_reported_on, task.done_reported_by = None, None
    _track(task, user, _("Xác nhận hoàn thành")).save()
    events.announce("completed", task, user, text=task.result)
    return task


@transaction.atomic
def return_completion(user, task: Task, *, reason: str) -> Task:
    """The assigning side returns a reported completion with a reason: the task stays open."""
    _require(can_manage(user))
    task = locked(task)
    if not task.done_reported_on or not task.is_open:
        raise DirectiveError(_("Không có báo cáo hoàn thành nào chờ xác nhận."))
    if not (reason or "").strip():
        raise DirectiveError(_("Cần nêu lý do trả lại."), field="reason")
    task.done_reported_on, task.done_reported_by = None, None
    _track(task, user, _("Trả lại báo cáo hoàn thành: %s") % reason.strip()).save()
    events.announce("completion_returned", task, user, text=reason.strip())
    return task


@transaction.atomic
def reopen_task(user, task: Task, *, reason: str) -> Task:
    _require(can_manage(user))
    task = locked(task)
    if task.is_open:
        raise DirectiveError(_("Nhiệm vụ đang thực hiện, không cần mở lại."))
    if not reason.strip():
        raise DirectiveError(_("Cần nêu lý do mở lại."))
    task.completed_on = None
    task.cancelled_on = None
    task.cancel_reason = ""
    _track(task, user, _("Mở lại: %s") % reason.strip()).save()
    events.announce("reopened", task, user, text=reason.strip())
    return task


@transaction.atomic
def cancel_task(user, task: Task, *, reason: str, on: date | None = None) -> Task:
    _require(can_manage(user))
    task = locked(task)
    if task.cancelled_on:
        raise DirectiveError(_("Nhiệm vụ đã bị hủy."))
    if task.completed_on:
        raise DirectiveError(_("Nhiệm vụ đã hoàn thành; cần mở lại trước khi hủy."))
    if not reason.strip():
        raise DirectiveError(_("Cần nêu lý do hủy nhiệm vụ."))
    on, backdated = _act_date(user, on)
    if on < task.assigned_on:
        raise DirectiveError(_("Ngày hủy không được trước ngày giao."))
    task.cancelled_on = on
    task.cancel_reason = reason.strip()
    _track(task, user, _with_note(_("Hủy: %s") % reason.strip(), backdated)).save()
    if task.is_series:
        for occurrence in task.occurrences.filter(
            completed_on__isnull=True, cancelled_on__isnull=True
        ):
            occurrence.cancelled_on = task.cancelled_on
            occurrence.cancel_reason = task.cancel_reason
            _track(occurrence, user).save()
    events.announce("cancelled", task, user, text=task.cancel_reason)
    return task


@transaction.atomic
def request_extension(
    user, task: Task, *, new_due_on: date, reason: str, on: date | None = None
) -> DeadlineExtension:
    _require(can_report(user, task))
    task = locked(task)
    if not task.is_open:
        raise DirectiveError(_("Nhiệm vụ đã kết thúc, không gia hạn được."))
    if not reason.strip():
        raise DirectiveError(_("Cần nêu lý do gia hạn."))
    if task.due_on and new_due_on <= task.due_on:
        raise DirectiveError(_("Thời hạn mới phải sau thời hạn hiện tại."))
    on, _note = _act_date(user, on)
    if new_due_on < max(on, task.assigned_on):
        raise DirectiveError(_("Thời hạn mới không được ở trong quá khứ."))
    extension = DeadlineExtension(
        task=task,
        old_due_on=task.due_on,
        new_due_on=new_due_on,
        reason=reason.strip(),
        requested_by=user,
        state=DeadlineExtension.State.PENDING,
    )
    _track(extension, user).save()
    if can_manage(user):
        decide_extension(user, extension, approve=True, on=on)
    else:
        events.announce(
            "extension_requested",
            task,
            user,
            occasion=f"e{extension.pk}",
            text=_("Thời hạn đề nghị: %(due)s. Lý do: %(reason)s")
            % {"due": f"{new_due_on:%d/%m/%Y}", "reason": extension.reason},
        )
    return extension


@transaction.atomic
def decide_extension(
    user, extension: DeadlineExtension, *, approve: bool, on: date | None = None
) -> DeadlineExtension:
    _require(can_manage(user))
    task = locked(extension.task)  # the task first, as every other service locks it
    extension = locked(extension)
    if extension.state != DeadlineExtension.State.PENDING:
        raise DirectiveError(_("Đề nghị gia hạn này đã được xử lý."))
    if approve and task.due_on != extension.old_due_on:
        # Another extension was approved since this one was asked for: decide it again.
        raise DirectiveError(
            _("Thời hạn của nhiệm vụ đã đổi sang %(due)s sau khi có đề nghị này; hãy xem lại.")
            % {"due": f"{task.due_on:%d/%m/%Y}" if task.due_on else "—"}
        )
    extension.state = (
        DeadlineExtension.State.APPROVED if approve else DeadlineExtension.State.REJECTED
    )
    extension.decided_by = user
    extension.decided_on, _note = _act_date(user, on)
    _track(extension, user).save()
    if approve:
        task.due_on = extension.new_due_on
        task.deadline_kind = DeadlineKind.DATE
        _track(task, user, _("Gia hạn: %s") % extension.reason).save()
    events.announce(
        "extension_approved" if approve else "extension_rejected",
        task,
        user,
        occasion=f"e{extension.pk}:decided",
        text=_("Thời hạn: %(due)s") % {"due": f"{task.due_on:%d/%m/%Y}" if task.due_on else "—"},
    )
    return extension


# --- corrections ---------------------------------------------------------------------------------


def can_correct(user, record) -> bool:
    """Who recorded a meeting, conclusion or task corrects it; so may the department's leaders
    (a lead unit may not change its own deadline: that is an extension)."""
    if not can_manage(user):
        return False
    if user.has_role(Role.LEADER):
        return True
    recorder = getattr(record, "created_by_id", None)
    if recorder is None and hasattr(record, "history"):
        first = record.history.order_by("history_date").values_list("history_user", flat=True)
        recorder = first.first()
    return recorder == user.pk


def _require_reason(reason: str) -> str:
    if not (reason or "").strip():
        raise DirectiveError(_("Cần nêu lý do sửa."), field="reason")
    return reason.strip()


def _apply(record, fields: dict) -> list[str]:
    """Set the fields that change; the names of those that did."""
    changed = []
    for name, value in fields.items():
        if getattr(record, name) != value:
            setattr(record, name, value)
            changed.append(name)
    return changed


@transaction.atomic
def correct_meeting(user, meeting: Meeting, *, reason: str, participating_units=None, **fields):
    _require(can_correct(user, meeting))
    reason = _require_reason(reason)
    meeting = locked(meeting)
    if "title" in fields and not fields["title"].strip():
        raise DirectiveError(_("Cần nhập tên cuộc họp."), field="title")
    if "held_on" in fields:
        _check_date(fields["held_on"], _("Ngày họp"), ahead=366)
        first = meeting.conclusions.order_by("issued_on").values_list("issued_on", flat=True)
        if first.first() is not None and first.first() < fields["held_on"]:
            raise DirectiveError(
                _("Đã có kết luận ngày %(day)s: ngày họp không thể sau ngày đó.")
                % {"day": f"{first.first():%d/%m/%Y}"},
                field="held_on",
            )
    changed = _apply(meeting, fields)
    if changed:
        _track(meeting, user, _("Sửa: %s") % reason).save()
    if participating_units is not None:
        meeting.participating_units.set(participating_units)
    return meeting


@transaction.atomic
def correct_conclusion(user, conclusion: Conclusion, *, reason: str, number=None, **fields):
    _require(can_correct(user, conclusion))
    reason = _require_reason(reason)
    conclusion = locked(conclusion)
    if number is not None and number.strip() != conclusion.number:
        number = number.strip()
        if number:
            try:
                parsed = parse_document_number(number, strict=True)
            except DocumentNumberError as exc:
                raise DirectiveError(str(exc), field="number") from exc
            year = parsed.year or fields.get("issued_on", conclusion.issued_on).year
            clash = Conclusion.objects.filter(number=str(parsed), issued_on__year=year)
            if clash.exclude(pk=conclusion.pk).exists():
                raise DirectiveError(
                    _("Số %(number)s đã được dùng cho một kết luận năm %(year)d.")
                    % {"number": str(parsed), "year": year},
                    field="number",
                )
            fields.update(number=str(parsed), doc_type=parsed.doc_type or "", issuer=parsed.issuer)
        else:
            fields.update(number="", doc_type="", issuer="")
    if "issued_on" in fields:
        _check_date(fields["issued_on"], _("Ngày ban hành kết luận"))
        if fields["issued_on"] < conclusion.meeting.held_on:
            raise DirectiveError(
                _("Kết luận không thể ban hành trước ngày họp."), field="issued_on"
            )
    if "text" in fields and not fields["text"].strip():
        raise DirectiveError(_("Cần nhập nội dung kết luận."), field="text")
    if _apply(conclusion, fields):
        _track(conclusion, user, _("Sửa: %s") % reason).save()
    return conclusion


@transaction.atomic
def correct_task(user, task: Task, *, reason: str, coordinating_units=None, **fields) -> Task:
    """Correct a task's content, lead and coordinating units, or deadline. A changed lead unit is
    a reassignment, told to the units concerned."""
    _require(can_correct(user, task))
    reason = _require_reason(reason)
    task = locked(task)
    if not task.is_open:
        raise DirectiveError(_("Nhiệm vụ đã kết thúc; cần mở lại trước khi sửa."))
    if "content" in fields and not fields["content"].strip():
        raise DirectiveError(_("Cần nhập nội dung nhiệm vụ."), field="content")
    if "due_on" in fields and fields["due_on"] is not None and fields["due_on"] < task.assigned_on:
        raise DirectiveError(_("Thời hạn không được trước ngày giao nhiệm vụ."), field="due_on")
    lead = fields.get("lead_unit", task.lead_unit)
    if coordinating_units is not None and lead in coordinating_units:
        raise DirectiveError(_("Đơn vị chủ trì không đồng thời là đơn vị phối hợp."))
    reassigned = "lead_unit" in fields and fields["lead_unit"] != task.lead_unit
    if "content" in fields:
        fields["content"] = fields["content"].strip()
    changed = _apply(task, fields)
    if "due_on" in changed and task.due_on is not None:
        task.deadline_kind = DeadlineKind.DATE  # a corrected deadline is a date
    if changed:
        _track(task, user, _("Sửa: %s") % reason).save()
    if coordinating_units is not None and set(coordinating_units) != set(
        task.coordinating_units.all()
    ):
        task.coordinating_units.set(coordinating_units)
        changed.append("coordinating_units")
    if changed:
        events.announce("reassigned" if reassigned else "corrected", task, user, text=reason)
    return task


def can_withdraw(user, task: Task) -> bool:
    return can_correct(user, task) and not has_been_acted_on(task)


def has_been_acted_on(task: Task) -> bool:
    """Anyone reported, asked for more time, completed or cancelled it."""
    return (
        not task.is_open
        or task.progress_reports.exists()
        or task.extensions.exists()
        or task.occurrences.filter(completed_on__isnull=False).exists()
    )


@transaction.atomic
def withdraw_task(user, task: Task, *, reason: str) -> Task:
    """A task created by mistake, withdrawn before anyone acted on it: kept with its history,
    no longer listed or counted. Once acted on, a task is cancelled instead."""
    _require(can_correct(user, task))
    reason = _require_reason(reason)
    task = locked(task)
    if task.withdrawn_on:
        raise DirectiveError(_("Nhiệm vụ đã được thu hồi."))
    if has_been_acted_on(task):
        raise DirectiveError(
            _("Đơn vị đã xử lý nhiệm vụ này; không thu hồi được, hãy hủy nhiệm vụ kèm lý do.")
        )
    task.withdrawn_on = date.today()
    task.withdraw_reason = reason
    _track(task, user, _("Thu hồi: %s") % reason).save()
    for occurrence in task.occurrences.all():
        occurrence.withdrawn_on, occurrence.withdraw_reason = task.withdrawn_on, reason
        _track(occurrence, user).save()
    events.announce("withdrawn", task, user, text=reason)
    return task
