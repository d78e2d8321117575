"""The directives API under /api/v1/directives/: meetings, conclusions, tasks, progress, counts,
and drafting tasks from a conclusion's text.

Every read goes through `visible()` (what the caller may see), every write through `services`
(which checks who may do it). Errors come back in Vietnamese: bad input 422, not allowed 403, not
visible or not found 404.
"""

from datetime import date
from typing import Literal

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import OuterRef, Prefetch, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from ictgov.core.api_helpers import Pagination
from ictgov.core.apiauth import token_or_session
from ictgov.core.filtersets import filter_schema, filtered
from ictgov.core.idempotency import idempotent
from ictgov.core.scoping import visible
from ictgov.geo.selectors import unit_by_code
from ictgov.org.models import Person, Unit, UnitKind

from . import drafting, selectors, services
from .filtersets import ConclusionFilterSet, MeetingFilterSet, TaskFilterSet
from .models import (
    Conclusion,
    DeadlineExtension,
    DeadlineKind,
    Meeting,
    MeetingKind,
    ProgressReport,
    Task,
    TaskStatus,
    status_case,
)
from .services import DirectiveError, TaskDraft

router = Router(tags=["directives"], auth=token_or_session)

PAGE_SIZE = 50
MAX_EXTRACT_CHARS = 200_000


# --- helpers -----------------------------------------------------------------------------------


def _today() -> date:
    return timezone.localdate()


def _run(fn, *args, **kwargs):
    """Call a service; its Vietnamese errors become 422 (bad input) and 403 (not allowed)."""
    try:
        return fn(*args, **kwargs)
    except DirectiveError as exc:
        raise HttpError(422, " ".join(exc.messages)) from exc
    except PermissionDenied as exc:
        raise HttpError(403, str(exc) or _("Bạn không có quyền thực hiện thao tác này.")) from exc


def _created(request, schema, work):
    """201 with the new record; sent again with the same `Idempotency-Key` header, the request
    creates nothing and gets the first answer (a lost response may be retried safely)."""
    return idempotent(request, lambda: (201, schema.from_orm(work()).model_dump(mode="json")))


def _require_manage(user) -> None:
    if not services.can_manage(user):
        raise HttpError(403, _("Chỉ lãnh đạo và cán bộ chuyên môn của Sở được thực hiện."))


def _get(visible_qs, pk: int, what: str):
    obj = visible_qs.filter(pk=pk).first()
    if obj is None:
        raise HttpError(404, _("Không tìm thấy %(what)s số %(pk)d.") % {"what": what, "pk": pk})
    return obj


def _unit(user, pk: int | None) -> Unit | None:
    if pk is None:
        return None
    unit = visible(Unit.objects.all(), user).filter(pk=pk).first()
    if unit is None:
        raise HttpError(422, _("Không có cơ quan, đơn vị số %(pk)d.") % {"pk": pk})
    return unit


def _units(user, pks: list[int]) -> list[Unit]:
    return [_unit(user, pk) for pk in dict.fromkeys(pks)]


def _person(user, pk: int | None) -> Person | None:
    if pk is None:
        return None
    person = visible(Person.objects.all(), user).filter(pk=pk).first()
    if person is None:
        raise HttpError(422, _("Không có cán bộ số %(pk)d.") % {"pk": pk})
    return person


def _own_person(user) -> Person | None:
    try:
        return user.person
    except ObjectDoesNotExist:
        return None


def _home_unit(user) -> Unit | None:
    """The caller's agency: a division's parent department, else the caller's unit."""
    unit = user.unit
    if unit is not None and unit.kind == UnitKind.DIVISION and unit.parent_id:
        return unit.parent
    return unit


# --- schemas -----------------------------------------------------------------------------------


class OrgUnitRef(Schema):
    id: int
    name: str


class PersonRef(Schema):
    id: int
    full_name: str


class ConclusionOut(Schema):
    id: int
    meeting_id: int
    number: str
    doc_type: str
    issuer: str
    issued_on: date
    signer: str
    text: str


class ConclusionDetailOut(ConclusionOut):
    task_ids: list[int]


class MeetingOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    held_on: date
    held_until: date | None
    place: str
    chair: PersonRef | None
    host_unit: OrgUnitRef
    locality_code: str | None = Field(None, alias="locality.code")
    participating_units: list[OrgUnitRef]

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_participating_units(obj) -> list:
        return list(obj.participating_units.all())


class MeetingDetailOut(MeetingOut):
    conclusions: list[ConclusionOut]
    task_ids: list[int]

    @staticmethod
    def resolve_conclusions(obj) -> list:
        return obj.visible_conclusions


class MeetingIn(Schema):
    kind: MeetingKind
    title: str = Field(..., max_length=500)
    held_on: date
    held_until: date | None = None
    place: str = Field("", max_length=255)
    chair_id: int | None = None
    host_unit_id: int | None = Field(None, description="Mặc định: cơ quan của người gọi")
    participating_unit_ids: list[int] = []


class ConclusionIn(Schema):
    meeting_id: int
    number: str = Field("", max_length=100, description="Số, ký hiệu, ví dụ 125/TB-UBND")
    issued_on: date
    signer: str = Field("", max_length=150)
    text: str


class TaskOut(Schema):
    id: int
    content: str
    status: str
    status_label: str
    meeting_id: int | None
    conclusion_id: int | None
    series_id: int | None
    lead_unit: OrgUnitRef
    coordinating_units: list[OrgUnitRef]
    assigned_by: PersonRef | None
    assigned_on: date
    deadline_kind: str
    deadline_text: str
    due_on: date | None
    original_due_on: date | None
    recurrence: str
    is_series: bool
    period_label: str
    completed_on: date | None
    result: str
    cancelled_on: date | None
    cancel_reason: str
    directive_verb: str
    evidence: str
    progress: int = Field(description="Tiến độ mới nhất (%)")

    @staticmethod
    def resolve_status(obj) -> str:
        return getattr(obj, "status_as_of", None) or obj.status_on(_today())

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(TaskStatus(TaskOut.resolve_status(obj)).label)

    @staticmethod
    def resolve_coordinating_units(obj) -> list:
        return list(obj.coordinating_units.all())

    @staticmethod
    def resolve_progress(obj) -> int:
        if obj.completed_on:
            return 100
        if hasattr(obj, "last_percent"):
            return obj.last_percent or 0
        return obj.latest_percent


class ExtensionOut(Schema):
    id: int
    old_due_on: date | None
    new_due_on: date
    reason: str
    state: str
    state_label: str
    decided_on: date | None

    @staticmethod
    def resolve_state_label(obj) -> str:
        return str(obj.get_state_display())


class TaskDetailOut(TaskOut):
    extensions: list[ExtensionOut]

    @staticmethod
    def resolve_extensions(obj) -> list:
        return list(obj.extensions.order_by("pk"))


class TaskIn(Schema):
    content: str
    lead_unit_id: int | None = None
    coordinating_unit_ids: list[int] = []
    deadline_kind: DeadlineKind = DeadlineKind.DATE
    due_on: date | None = None
    deadline_text: str = Field("", max_length=255)
    recurrence: str = Field("", description="monthly | quarterly | yearly (nhiệm vụ định kỳ)")
    directive_verb: str = Field("", max_length=40)
    evidence: str = ""
    meeting_id: int | None = None
    conclusion_id: int | None = None
    assigned_by_id: int | None = Field(None, description="Mặc định: người gọi (nếu là cán bộ)")
    assigned_on: date | None = None


class ProgressOut(Schema):
    id: int
    task_id: int
    unit: OrgUnitRef
    reported_by: str
    reported_on: date
    text: str
    percent: int

    @staticmethod
    def resolve_reported_by(obj) -> str:
        return str(obj.reported_by)


class ProgressIn(Schema):
    text: str
    percent: int
    on: date | None = None
    unit_id: int | None = None


class CompleteIn(Schema):
    result: str
    on: date | None = None


class ExtensionIn(Schema):
    new_due_on: date
    reason: str


class CancelIn(Schema):
    reason: str
    on: date | None = None


class ReopenIn(Schema):
    reason: str


class Counts(Schema):
    done_on_time: int
    done_late: int
    done: int
    in_progress: int
    overdue: int
    cancelled: int
    total: int
    on_time_rate: float | None


class GroupCounts(Counts):
    id: int | None
    name: str | None


class CountsOut(Schema):
    on: date
    group: str
    totals: Counts
    groups: list[GroupCounts]


class ExtractIn(Schema):
    text: str
    reference_date: date | None = Field(None, description="Ngày của văn bản (tính thời hạn)")
    host_unit_id: int | None = Field(None, description="Cơ quan được gọi là “Sở” trong văn bản")
    province_code: str | None = Field(
        None, description="Mã tỉnh để nhận diện đơn vị (mặc định: tỉnh của người gọi)"
    )


class ProposedTaskOut(Schema):
    content: str
    lead: str | None
    lead_unit_id: int | None
    coordinating: list[str]
    coordinating_unit_ids: list[int | None]
    deadline: date | None
    deadline_text: str | None
    directive_verb: str | None
    evidence: str
    recurrence: str | None


class ExtractOut(Schema):
    tasks: list[ProposedTaskOut]


# --- meetings ----------------------------------------------------------------------------------


def _meetings(user):
    return visible(Meeting.objects.all(), user).select_related("chair", "host_unit", "locality")


def _meeting_detail(meeting: Meeting, user) -> Meeting:
    meeting.visible_conclusions = list(
        visible(Conclusion.objects.filter(meeting=meeting), user).order_by("issued_on", "pk")
    )
    meeting.task_ids = list(
        visible(Task.objects.filter(meeting=meeting), user)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return meeting


@router.get("/meetings", response=list[MeetingOut], summary="Cuộc họp (theo phạm vi người gọi)")
@paginate(Pagination, page_size=PAGE_SIZE)
def list_meetings(request, filters: Query[filter_schema(MeetingFilterSet)]):
    qs = _meetings(request.auth).prefetch_related("participating_units")
    return filtered(MeetingFilterSet, request, qs)


@router.get("/meetings/{meeting_id}", response=MeetingDetailOut, summary="Một cuộc họp")
def get_meeting(request, meeting_id: int):
    meeting = _get(_meetings(request.auth), meeting_id, _("cuộc họp"))
    return _meeting_detail(meeting, request.auth)


@router.post("/meetings", response={201: MeetingDetailOut}, summary="Tạo cuộc họp")
def create_meeting(request, payload: MeetingIn):
    user = request.auth
    _require_manage(user)

    def work():
        host = _unit(user, payload.host_unit_id) or _home_unit(user)
        if host is None:
            raise HttpError(422, _("Cần chọn đơn vị tổ chức cuộc họp."))
        meeting = _run(
            services.create_meeting,
            user,
            kind=payload.kind,
            title=payload.title,
            held_on=payload.held_on,
            held_until=payload.held_until,
            place=payload.place,
            chair=_person(user, payload.chair_id),
            host_unit=host,
            participating_units=_units(user, payload.participating_unit_ids),
        )
        return _meeting_detail(meeting, user)

    return _created(request, MeetingDetailOut, work)


# --- conclusions -------------------------------------------------------------------------------


def _conclusion_detail(conclusion: Conclusion, user) -> Conclusion:
    conclusion.task_ids = list(
        visible(Task.objects.filter(conclusion=conclusion), user)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return conclusion


@router.get("/conclusions", response=list[ConclusionOut], summary="Kết luận cuộc họp")
@paginate(Pagination, page_size=PAGE_SIZE)
def list_conclusions(request, filters: Query[filter_schema(ConclusionFilterSet)]):
    qs = visible(Conclusion.objects.all(), request.auth)
    return filtered(ConclusionFilterSet, request, qs)


@router.get("/conclusions/{conclusion_id}", response=ConclusionDetailOut, summary="Một kết luận")
def get_conclusion(request, conclusion_id: int):
    conclusion = _get(visible(Conclusion.objects.all(), request.auth), conclusion_id, _("kết luận"))
    return _conclusion_detail(conclusion, request.auth)


@router.post("/conclusions", response={201: ConclusionDetailOut}, summary="Ghi kết luận")
def create_conclusion(request, payload: ConclusionIn):
    user = request.auth
    meeting = _get(visible(Meeting.objects.all(), user), payload.meeting_id, _("cuộc họp"))

    def work():
        conclusion = _run(
            services.create_conclusion,
            user,
            meeting,
            number=payload.number,
            issued_on=payload.issued_on,
            signer=payload.signer,
            text=payload.text,
        )
        return _conclusion_detail(conclusion, user)

    return _created(request, ConclusionDetailOut, work)


# --- tasks -------------------------------------------------------------------------------------


def _tasks(user, on: date | None = None):
    last_percent = (
        ProgressReport.objects.filter(task=OuterRef("pk"))
        .order_by("-reported_on", "-pk")
        .values("percent")[:1]
    )
    return (
        visible(Task.objects.all(), user)
        .select_related("lead_unit", "assigned_by")
        .prefetch_related(Prefetch("coordinating_units", queryset=Unit.objects.order_by("name")))
        .annotate(status_as_of=status_case(on or _today()), last_percent=Subquery(last_percent))
    )


def _task(user, task_id: int) -> Task:
    return _get(_tasks(user), task_id, _("nhiệm vụ"))


@router.get("/tasks", response=list[TaskOut], summary="Nhiệm vụ (theo phạm vi người gọi)")
@paginate(Pagination, page_size=PAGE_SIZE)
def list_tasks(request, filters: Query[filter_schema(TaskFilterSet)]):
    # The status is annotated as of the filter's day, so the filters are read first.
    filters = TaskFilterSet(request.GET or None, queryset=Task.objects.none(), request=request)
    qs = _tasks(request.auth, filters.check().as_of)
    return filters.filter_queryset(qs).order_by("due_on", "pk")


@router.get("/tasks/{task_id}", response=TaskDetailOut, summary="Một nhiệm vụ")
def get_task(request, task_id: int, on: date | None = None):
    return _get(_tasks(request.auth, on), task_id, _("nhiệm vụ"))


@router.post("/tasks", response={201: TaskDetailOut}, summary="Giao nhiệm vụ")
def create_task(request, payload: TaskIn):
    user = request.auth
    _require_manage(user)
    meeting = conclusion = None
    if payload.conclusion_id is not None:
        conclusion = _get(
            visible(Conclusion.objects.all(), user), payload.conclusion_id, _("kết luận")
        )
    if payload.meeting_id is not None:
        meeting = _get(visible(Meeting.objects.all(), user), payload.meeting_id, _("cuộc họp"))
    draft = TaskDraft(
        content=payload.content,
        lead_unit=_unit(user, payload.lead_unit_id),
        coordinating_units=_units(user, payload.coordinating_unit_ids),
        deadline_kind=payload.deadline_kind,
        due_on=payload.due_on,
        deadline_text=payload.deadline_text,
        recurrence=payload.recurrence,
        directive_verb=payload.directive_verb,
        evidence=payload.evidence,
    )
    assigned_by = _person(user, payload.assigned_by_id) or _own_person(user)

    def work():
        task = _run(
            services.create_task,
            user,
            draft,
            meeting=meeting,
            conclusion=conclusion,
            assigned_by=assigned_by,
            assigned_on=payload.assigned_on,
        )
        return _task(user, task.pk)

    return _created(request, TaskDetailOut, work)


@router.get(
    "/tasks/{task_id}/progress", response=list[ProgressOut], summary="Báo cáo tiến độ của nhiệm vụ"
)
@paginate(Pagination, page_size=PAGE_SIZE)
def list_progress(request, task_id: int):
    task = _task(request.auth, task_id)
    return (
        visible(ProgressReport.objects.filter(task=task), request.auth)
        .select_related("unit", "reported_by")
        .order_by("-reported_on", "-pk")
    )


@router.post("/tasks/{task_id}/progress", response={201: ProgressOut}, summary="Báo cáo tiến độ")
def report_progress(request, task_id: int, payload: ProgressIn):
    user = request.auth
    task = _task(user, task_id)
    return _created(
        request,
        ProgressOut,
        lambda: _run(
            services.report_progress,
            user,
            task,
            text=payload.text,
            percent=payload.percent,
            unit=_unit(user, payload.unit_id),
            on=payload.on,
        ),
    )


@router.post("/tasks/{task_id}/complete", response=TaskDetailOut, summary="Hoàn thành nhiệm vụ")
def complete_task(request, task_id: int, payload: CompleteIn):
    user = request.auth
    _run(services.complete_task, user, _task(user, task_id), result=payload.result, on=payload.on)
    return _task(user, task_id)


@router.post("/tasks/{task_id}/extensions", response={201: ExtensionOut}, summary="Đề nghị gia hạn")
def request_extension(request, task_id: int, payload: ExtensionIn):
    user = request.auth
    task = _task(user, task_id)

    def work():
        extension = _run(
            services.request_extension,
            user,
            task,
            new_due_on=payload.new_due_on,
            reason=payload.reason,
        )
        return DeadlineExtension.objects.get(pk=extension.pk)

    return _created(request, ExtensionOut, work)


@router.post("/tasks/{task_id}/cancel", response=TaskDetailOut, summary="Hủy nhiệm vụ")
def cancel_task(request, task_id: int, payload: CancelIn):
    user = request.auth
    _run(services.cancel_task, user, _task(user, task_id), reason=payload.reason, on=payload.on)
    return _task(user, task_id)


@router.post("/tasks/{task_id}/reopen", response=TaskDetailOut, summary="Mở lại nhiệm vụ")
def reopen_task(request, task_id: int, payload: ReopenIn):
    user = request.auth
    _run(services.reopen_task, user, _task(user, task_id), reason=payload.reason)
    return _task(user, task_id)


# --- corrections ---------------------------------------------------------------------------------


class MeetingPatch(Schema):
    reason: str = Field(..., description="Lý do sửa (ghi vào lịch sử)")
    kind: MeetingKind | None = None
    title: str | None = Field(None, max_length=500)
    held_on: date | None = None
    held_until: date | None = None
    place: str | None = Field(None, max_length=255)
    chair_id: int | None = None
    host_unit_id: int | None = None
    participating_unit_ids: list[int] | None = None


class ConclusionPatch(Schema):
    reason: str = Field(..., description="Lý do sửa (ghi vào lịch sử)")
    number: str | None = Field(None, max_length=100)
    issued_on: date | None = None
    signer: str | None = Field(None, max_length=150)
    text: str | None = None


class TaskPatch(Schema):
    reason: str = Field(..., description="Lý do sửa (ghi vào lịch sử)")
    content: str | None = None
    lead_unit_id: int | None = None
    coordinating_unit_ids: list[int] | None = None
    due_on: date | None = None
    deadline_text: str | None = None


class WithdrawIn(Schema):
    reason: str


def _given(payload, *names, nullable=()) -> dict:
    """The fields the request sends; null only where the record may be left empty."""
    fields = {n: getattr(payload, n) for n in names if n in payload.model_fields_set}
    for name, value in fields.items():
        if value is None and name not in nullable:
            raise HttpError(
                422,
                _("Trường “%(field)s” không nhận giá trị null; bỏ trường này đi nếu không sửa.")
                % {"field": name},
            )
    return fields


@router.patch("/meetings/{meeting_id}", response=MeetingDetailOut, summary="Sửa cuộc họp")
def correct_meeting(request, meeting_id: int, payload: MeetingPatch):
    user = request.auth
    meeting = _get(_meetings(user), meeting_id, _("cuộc họp"))
    fields = _given(
        payload, "kind", "title", "held_on", "held_until", "place", nullable=("held_until",)
    )
    if "chair_id" in payload.model_fields_set:
        fields["chair"] = _person(user, payload.chair_id)
    if "host_unit_id" in payload.model_fields_set and payload.host_unit_id is not None:
        fields["host_unit"] = _unit(user, payload.host_unit_id)
    units = None
    if payload.participating_unit_ids is not None:
        units = _units(user, payload.participating_unit_ids)
    _run(
        services.correct_meeting,
        user,
        meeting,
        reason=payload.reason,
        participating_units=units,
        **fields,
    )
    return _meeting_detail(_get(_meetings(user), meeting_id, _("cuộc họp")), user)


@router.patch("/conclusions/{conclusion_id}", response=ConclusionDetailOut, summary="Sửa kết luận")
def correct_conclusion(request, conclusion_id: int, payload: ConclusionPatch):
    user = request.auth
    conclusion = _get(visible(Conclusion.objects.all(), user), conclusion_id, _("kết luận"))
    fields = _given(payload, "number", "issued_on", "signer", "text")
    _run(services.correct_conclusion, user, conclusion, reason=payload.reason, **fields)
    return _conclusion_detail(Conclusion.objects.get(pk=conclusion.pk), user)


@router.patch("/tasks/{task_id}", response=TaskDetailOut, summary="Sửa nhiệm vụ")
def correct_task(request, task_id: int, payload: TaskPatch):
    user = request.auth
    task = _task(user, task_id)
    fields = _given(payload, "content", "due_on", "deadline_text", nullable=("due_on",))
    if payload.lead_unit_id is not None:
        fields["lead_unit"] = _unit(user, payload.lead_unit_id)
    units = None
    if payload.coordinating_unit_ids is not None:
        units = _units(user, payload.coordinating_unit_ids)
    _run(
        services.correct_task, user, task, reason=payload.reason, coordinating_units=units, **fields
    )
    return _task(user, task_id)


@router.post(
    "/tasks/{task_id}/withdraw", response=TaskDetailOut, summary="Thu hồi nhiệm vụ giao nhầm"
)
def withdraw_task(request, task_id: int, payload: WithdrawIn):
    user = request.auth
    _run(services.withdraw_task, user, _task(user, task_id), reason=payload.reason)
    return _get(_tasks(user).filter(withdrawn_on__isnull=False), task_id, _("nhiệm vụ"))


# --- counts ------------------------------------------------------------------------------------


@router.get(
    "/counts",
    response=CountsOut,
    summary="Số nhiệm vụ hoàn thành / trong hạn / quá hạn theo nhóm, vào một ngày",
)
def counts(
    request,
    group: Literal["lead_unit", "assigned_by", "locality", "province"] = "lead_unit",
    on: date | None = None,
):
    on = on or _today()
    qs = visible(Task.objects.all(), request.auth)
    return {
        "on": on,
        "group": group,
        "totals": selectors.task_counts(qs, on=on),
        "groups": selectors.counts_by(group, qs, on=on),
    }


# --- drafting tasks from text --------------------------------------------------------------------


@router.post("/extract", response=ExtractOut, summary="Đề xuất nhiệm vụ từ văn bản kết luận")
def extract(request, payload: ExtractIn):
    """Proposes tasks from the text of a conclusion or a meeting report; saves nothing."""
    user = request.auth
    text = payload.text.strip()
    if not text:
        raise HttpError(422, _("Cần nhập nội dung văn bản kết luận để đề xuất nhiệm vụ."))
    if len(text) > MAX_EXTRACT_CHARS:
        raise HttpError(422, _("Văn bản quá dài (tối đa %(n)d ký tự).") % {"n": MAX_EXTRACT_CHARS})
    reference_date = payload.reference_date or _today()
    host = _unit(user, payload.host_unit_id) or _home_unit(user)
    if payload.province_code:
        province = unit_by_code(payload.province_code.strip(), reference_date)
        if province is None or province.level != "province":
            raise HttpError(422, _("Không có tỉnh mã %(code)s.") % {"code": payload.province_code})
    else:
        admin_unit = host.admin_unit if host is not None else None
        province = admin_unit.province if admin_unit is not None else None
    proposals = drafting.propose_tasks(
        text, reference_date=reference_date, province=province, host=host
    )
    return {"tasks": [p.to_dict() for p in proposals]}
