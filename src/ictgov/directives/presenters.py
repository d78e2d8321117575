"""Read-only helpers for the directive pages: which units a form offers, the cells of the task
list officials use, the status badges and a task's timeline. Nothing here writes."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ictgov.core.models import Attachment, valid_on_q
from ictgov.core.scoping import visible
from ictgov.org.letterhead import letterhead
from ictgov.org.models import Person, Unit
from ictgov.org.selectors import within_province_q

from .models import ProgressReport, Task, TaskStatus, source_key
from .services import deadline_kind_for

STATUS_CSS = {
    TaskStatus.DONE_ON_TIME: "text-bg-success",
    TaskStatus.DONE_LATE: "text-bg-warning",
    TaskStatus.IN_PROGRESS: "text-bg-primary",
    TaskStatus.OVERDUE: "text-bg-danger",
    TaskStatus.CANCELLED: "text-bg-secondary",
}


# --- choices -----------------------------------------------------------------------------------


def province_of_admin_unit(admin_unit):
    return admin_unit.province if admin_unit is not None else None


def meeting_province(meeting):
    """The province of the meeting's locality (a commune's or district's province)."""
    locality = meeting.locality or meeting.host_unit.admin_unit
    return province_of_admin_unit(locality)


def user_province(user):
    admin_unit = user.unit.admin_unit if user.unit_id else None
    return province_of_admin_unit(admin_unit or user.locality)


def units_for(user, *, on: date | None = None, province=None, include=()):
    """Units the user may pick: visible to them, valid on `on`, of `province` or central."""
    q = Q()
    if on is not None:
        q &= valid_on_q(on)
    if province is not None:
        q &= within_province_q(province)
    include = [pk for pk in include if pk]
    if include:
        q |= Q(pk__in=include)
    return visible(Unit.objects.filter(q), user).order_by("name")


def people_for(user):
    return visible(Person.objects.all(), user).order_by("full_name")


# --- the officials' task list ------------------------------------------------------------------


def deadline_cell(task: Task):
    """A date (dd/mm/yyyy when shown) or, when the text gave none, its verbatim phrase."""
    if task.due_on is not None:
        return task.due_on
    return task.deadline_text or ""


def coordinating_cell(task: Task) -> str:
    if "coordinating_names" in task.__dict__:  # read with the row (selectors.InboxRows)
        return task.coordinating_names or ""
    return ", ".join(u.name for u in task.coordinating_units.all())


def latest_report(task: Task) -> ProgressReport | None:
    reports = list(task.progress_reports.all())  # newest first (model ordering), prefetched
    return reports[0] if reports else None


def result_cell(task: Task) -> str:
    if task.result:
        return task.result
    if "report_text" in task.__dict__:  # read with the row (selectors.InboxRows)
        text = task.report_text
        return f"{text} ({task.report_percent}%)" if text is not None else ""
    report = latest_report(task)
    return f"{report.text} ({report.percent}%)" if report else ""


def status_label(task: Task, on: date | None = None) -> str:
    return TaskStatus(task.status_on(on)).label


# --- drafting ----------------------------------------------------------------------------------


def deadline_kind_of(proposal) -> str:
    return deadline_kind_for(proposal.deadline, proposal.recurrence, proposal.deadline_text)


def initial_from_proposal(proposal, allowed_ids: set[int]) -> dict:
    """A proposed task as the initial data of one editable row."""
    lead_id = proposal.lead_unit_id if proposal.lead_unit_id in allowed_ids else None
    coordinating = [pk for pk in proposal.coordinating_unit_ids if pk in allowed_ids]
    unmatched = [
        name
        for name, pk in zip(proposal.coordinating, proposal.coordinating_unit_ids, strict=False)
        if pk not in allowed_ids
    ]
    return {
        "include": True,
        "content": proposal.content,
        "lead_name": proposal.lead or "",
        "lead_unit": lead_id,
        "coordinating_units": coordinating,
        "unmatched_coordinating": "; ".join(unmatched),
        "deadline_kind": deadline_kind_of(proposal),
        "recurrence": proposal.recurrence or "",
        "due_on": proposal.deadline,
        "deadline_text": proposal.deadline_text or "",
        "directive_verb": proposal.directive_verb or "",
        "evidence": proposal.evidence,
        "source_key": source_key(proposal.evidence, proposal.content),
    }


# --- timeline ----------------------------------------------------------------------------------


@dataclass
class TimelineEvent:
    on: date
    at: datetime
    kind: str
    title: str
    who: object = None
    text: str = ""
    css: str = "secondary"
    attachments: list = field(default_factory=list)


def _local_date(moment: datetime) -> date:
    return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()


def task_timeline(task: Task) -> list[TimelineEvent]:
    """Assignment, progress reports, extensions, completion, reopening and cancellation, by date."""
    events: list[TimelineEvent] = []
    records = list(task.history.select_related("history_user").order_by("history_date"))
    unit_names = dict(
        Unit.objects.filter(pk__in={r.lead_unit_id for r in records}).values_list("pk", "name")
    )
    previous = None
    for record in records:
        at, who = record.history_date, record.history_user
        reason = record.history_change_reason or ""
        if previous is None:
            events.append(
                TimelineEvent(
                    task.assigned_on,
                    at,
                    "created",
                    _("Giao nhiệm vụ"),
                    who,
                    _("Chủ trì: %s") % unit_names.get(record.lead_unit_id, ""),
                    "primary",
                )
            )
        else:
            if previous.completed_on is None and record.completed_on is not None:
                events.append(
                    TimelineEvent(
                        record.completed_on,
                        at,
                        "completed",
                        _("Hoàn thành"),
                        who,
                        record.result,
                        "success",
                    )
                )
            if previous.done_reported_on is None and record.done_reported_on is not None:
                events.append(
                    TimelineEvent(
                        record.done_reported_on,
                        at,
                        "done_reported",
                        _("Báo cáo hoàn thành, chờ xác nhận"),
                        who,
                        record.result,
                        "warning",
                    )
                )
            if (
                previous.done_reported_on
                and not record.done_reported_on
                and not record.completed_on
            ):
                events.append(
                    TimelineEvent(
                        _local_date(at),
                        at,
                        "done_returned",
                        _("Trả lại báo cáo hoàn thành"),
                        who,
                        reason,
                        "danger",
                    )
                )
            if previous.cancelled_on is None and record.cancelled_on is not None:
                events.append(
                    TimelineEvent(
                        record.cancelled_on,
                        at,
                        "cancelled",
                        _("Hủy nhiệm vụ"),
                        who,
                        record.cancel_reason,
                        "secondary",
                    )
                )
            reopened = (previous.completed_on and not record.completed_on) or (
                previous.cancelled_on and not record.cancelled_on
            )
            if reopened:
                events.append(
                    TimelineEvent(_local_date(at), at, "reopened", _("Mở lại"), who, reason, "info")
                )
            if previous.lead_unit_id != record.lead_unit_id:
                events.append(
                    TimelineEvent(
                        _local_date(at),
                        at,
                        "reassigned",
                        _("Giao lại đơn vị chủ trì"),
                        who,
                        unit_names.get(record.lead_unit_id, ""),
                        "info",
                    )
                )
        previous = record

    reports = list(task.progress_reports.select_related("unit", "reported_by"))
    files: dict[int, list] = {}
    if reports:
        ct = ContentType.objects.get_for_model(ProgressReport)
        for attachment in Attachment.objects.filter(
            content_type=ct, object_id__in=[r.pk for r in reports]
        ):
            files.setdefault(attachment.object_id, []).append(attachment)
    for report in reports:
        events.append(
            TimelineEvent(
                report.reported_on,
                report.created_at,
                "progress",
                _("Báo cáo tiến độ %(p)d%% · %(u)s") % {"p": report.percent, "u": report.unit},
                report.reported_by,
                report.text,
                "warning",
                files.get(report.pk, []),
            )
        )

    for ext in task.extensions.select_related("requested_by", "decided_by"):
        old = f"{ext.old_due_on:%d/%m/%Y}" if ext.old_due_on else "—"
        events.append(
            TimelineEvent(
                _local_date(ext.created_at),
                ext.created_at,
                "extension_requested",
                _("Đề nghị gia hạn: %(old)s → %(new)s")
                % {"old": old, "new": f"{ext.new_due_on:%d/%m/%Y}"},
                ext.requested_by,
                ext.reason,
                "info",
            )
        )
        if ext.decided_on:
            approved = ext.state == ext.State.APPROVED
            events.append(
                TimelineEvent(
                    ext.decided_on,
                    ext.updated_at,
                    "extension_decided",
                    _("Duyệt gia hạn đến %s") % f"{ext.new_due_on:%d/%m/%Y}"
                    if approved
                    else _("Không duyệt gia hạn"),
                    ext.decided_by,
                    "",
                    "success" if approved else "danger",
                )
            )
    events.sort(key=lambda e: (e.on, e.at))
    return events


def person_of(user) -> Person | None:
    """The registry's person with the user's name (to propose them as a meeting's chair)."""
    name = user.get_full_name()
    return Person.objects.filter(full_name=name).first() if name else None


def official_header(user):
    """The letterhead the user's documents carry: their unit's (their department's for a
    division's officer); with no unit, only the place of their province."""
    head = letterhead(user.unit if user.unit_id else None)
    if not head.place:
        province = user_province(user)
        head = head._replace(place=province.short_name if province is not None else "")
    return head
