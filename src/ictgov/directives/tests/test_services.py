from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied

from ictgov.core import workdays
from ictgov.core.models import Parameter
from ictgov.directives import selectors, services
from ictgov.directives.models import DeadlineKind, Task, TaskStatus
from ictgov.directives.services import DirectiveError, TaskDraft
from ictgov.org.models import Unit

pytestmark = pytest.mark.django_db


def unit(name):
    return Unit.objects.get(name=name)


@pytest.fixture
def replaying_history():
    """A scenario that replays past days (acts dated in the past are part of the story)."""
    from ictgov.core.acts import recording_history

    with recording_history():
        yield


@pytest.fixture
def finance():
    return unit("Sở Tài chính tỉnh Nghệ An")


@pytest.fixture
def meeting(users):
    return services.create_meeting(
        users["lanhdao"],
        kind="giao_ban",
        title="Giao ban tháng 11",
        held_on=date(2026, 11, 2),
        host_unit=unit("Sở Khoa học và Công nghệ tỉnh Nghệ An"),
    )


def make_task(users, finance, meeting, **kw):
    draft = TaskDraft(
        content=kw.pop("content", "Thẩm định kế hoạch ứng dụng CNTT"),
        lead_unit=kw.pop("lead_unit", finance),
        coordinating_units=kw.pop("coordinating_units", []),
        deadline_kind=kw.pop("deadline_kind", DeadlineKind.DATE),
        due_on=kw.pop("due_on", date(2026, 11, 30)),
        recurrence=kw.pop("recurrence", ""),
    )
    return services.create_task(
        users["lanhdao"],
        draft,
        meeting=meeting,
        assigned_on=kw.pop("assigned_on", date(2026, 11, 2)),
    )


@pytest.mark.usefixtures("replaying_history")
def test_status_is_derived_from_dates(users, finance, meeting):
    task = make_task(users, finance, meeting, due_on=date(2026, 11, 20))
    assert task.status_on(date(2026, 11, 20)) == TaskStatus.IN_PROGRESS
    assert task.status_on(date(2026, 11, 21)) == TaskStatus.OVERDUE
    services.complete_task(users["taichinh"], task, result="Đã có văn bản", on=date(2026, 11, 25))
    assert task.status_on(date(2026, 11, 24)) == TaskStatus.OVERDUE
    assert task.status_on(date(2026, 11, 25)) == TaskStatus.DONE_LATE


@pytest.mark.usefixtures("replaying_history")
def test_counts_as_of_a_date_agree_with_each_tasks_status(users, finance, meeting):
    on_time = make_task(users, finance, meeting, due_on=date(2026, 11, 10))
    services.complete_task(users["taichinh"], on_time, result="xong", on=date(2026, 11, 9))
    make_task(users, finance, meeting, due_on=date(2026, 11, 12))  # overdue by 20/11
    make_task(users, finance, meeting, due_on=date(2026, 12, 12))  # within deadline
    cancelled = make_task(users, finance, meeting, due_on=date(2026, 12, 1))
    services.cancel_task(
        users["lanhdao"], cancelled, reason="Không còn phù hợp", on=date(2026, 11, 5)
    )
    qs = Task.objects.filter(meeting=meeting)
    counts = selectors.task_counts(qs, on=date(2026, 11, 20))
    assert (counts["done"], counts["in_progress"], counts["overdue"]) == (1, 1, 1)
    assert counts["cancelled"] == 1 and counts["on_time_rate"] == 100.0
    annotated = {t.pk: t.status for t in qs.with_status(date(2026, 11, 20))}
    assert annotated == {t.pk: t.status_on(date(2026, 11, 20)) for t in qs}
    by_unit = selectors.counts_by("lead_unit", qs, on=date(2026, 11, 20))
    assert by_unit[0]["name"] == "Sở Tài chính tỉnh Nghệ An" and by_unit[0]["overdue"] == 1
    # Before any task was assigned nothing counts.
    assert selectors.task_counts(qs, on=date(2026, 11, 1))["total"] == 0


def test_asap_deadline_is_a_configurable_number_of_working_days(users, finance, meeting):
    task = make_task(users, finance, meeting, deadline_kind=DeadlineKind.ASAP, due_on=None)
    assert task.due_on == workdays.add_working_days(date(2026, 11, 2), 10)
    Parameter.objects.filter(key=services.ASAP_PARAMETER).update(value="5")
    task = make_task(users, finance, meeting, deadline_kind=DeadlineKind.ASAP, due_on=None)
    assert task.due_on == workdays.add_working_days(date(2026, 11, 2), 5)


def test_recurring_task_has_one_occurrence_per_period(users, finance, meeting):
    series = make_task(
        users,
        finance,
        meeting,
        deadline_kind=DeadlineKind.RECURRING,
        recurrence="quarterly",
        due_on=None,
        assigned_on=date(2026, 2, 10),
    )
    labels = list(series.occurrences.order_by("period_start").values_list("period_label", "due_on"))
    assert labels[:4] == [
        ("Quý I/2026", date(2026, 3, 31)),
        ("Quý II/2026", date(2026, 6, 30)),
        ("Quý III/2026", date(2026, 9, 30)),
        ("Quý IV/2026", date(2026, 12, 31)),
    ]
    assert services.generate_occurrences(series, until=date(2026, 12, 31)) == []
    assert len(services.generate_occurrences(series, until=date(2027, 1, 5))) == 1
    # The template itself never counts; its occurrences do.
    counts = selectors.task_counts(Task.objects.filter(meeting=meeting), on=date(2026, 11, 20))
    assert counts["total"] == 4


def test_extension_moves_the_deadline_and_keeps_the_original(users, finance, meeting):
    task = make_task(users, finance, meeting, due_on=date(2026, 11, 20))
    extension = services.request_extension(
        users["taichinh"], task, new_due_on=date(2026, 12, 15), reason="Chờ ý kiến Bộ"
    )
    task.refresh_from_db()
    assert task.due_on == date(2026, 11, 20)  # a liaison only asks
    services.decide_extension(users["lanhdao"], extension, approve=True)
    task.refresh_from_db()
    assert (task.due_on, task.original_due_on) == (date(2026, 12, 15), date(2026, 11, 20))
    assert task.status_on(date(2026, 11, 25)) == TaskStatus.IN_PROGRESS
    assert task.history.first().history_change_reason.startswith("Gia hạn")


def test_progress_complete_reopen_and_history(users, finance, meeting):
    task = make_task(users, finance, meeting)
    services.report_progress(users["taichinh"], task, text="Đang thẩm định", percent=50)
    assert task.latest_percent == 50
    services.complete_task(users["taichinh"], task, result="Văn bản 123/STC-QLNS")
    services.reopen_task(users["lanhdao"], task, reason="Thiếu ý kiến Sở KH&CN")
    task.refresh_from_db()
    assert task.completed_on is None
    who = [h.history_user.username for h in task.history.order_by("history_date")]
    assert who == ["lanhdao", "taichinh", "lanhdao"]


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda u, t: services.report_progress(u, t, text="", percent=10), "nội dung"),
        (lambda u, t: services.report_progress(u, t, text="x", percent=120), "0 đến 100"),
        (lambda u, t: services.complete_task(u, t, result=" "), "kết quả"),
        (
            lambda u, t: services.request_extension(u, t, new_due_on=date(2026, 11, 1), reason="x"),
            "phải sau",
        ),
    ],
)
def test_bad_input_changes_nothing(users, finance, meeting, call, message):
    task = make_task(users, finance, meeting)
    before = (task.history.count(), task.progress_reports.count(), task.extensions.count())
    with pytest.raises(DirectiveError, match=message):
        call(users["taichinh"], task)
    task.refresh_from_db()
    assert (task.history.count(), task.progress_reports.count(), task.extensions.count()) == before
    assert task.completed_on is None


def test_only_units_involved_may_report(users, finance, meeting):
    task = make_task(users, finance, meeting)
    with pytest.raises(PermissionDenied):
        services.report_progress(users["canboxa"], task, text="x", percent=10)
    with pytest.raises(PermissionDenied):
        services.create_meeting(
            users["taichinh"], kind="khac", title="x", held_on=date.today(), host_unit=finance
        )
    coordinated = make_task(
        users, unit("Sở Nội vụ tỉnh Nghệ An"), meeting, coordinating_units=[finance]
    )
    services.report_progress(users["taichinh"], coordinated, text="Đã góp ý", percent=30)
    with pytest.raises(PermissionDenied):  # a coordinating unit reports but does not close
        services.complete_task(users["taichinh"], coordinated, result="x")


def test_create_tasks_is_all_or_nothing(users, finance, meeting):
    drafts = [
        TaskDraft(content="Việc 1", lead_unit=finance, due_on=date(2026, 12, 1)),
        TaskDraft(content="Việc 2", lead_unit=None, due_on=date(2026, 12, 1)),
    ]
    with pytest.raises(DirectiveError, match="Nhiệm vụ thứ 2"):
        services.create_tasks(users["lanhdao"], drafts, meeting=meeting)
    assert not Task.objects.filter(meeting=meeting).exists()


def test_deadline_before_assignment_is_refused(users, finance, meeting):
    with pytest.raises(DirectiveError, match="trước ngày giao"):
        make_task(users, finance, meeting, due_on=date(2026, 10, 1))


def test_conclusion_number_is_parsed_or_refused(users, meeting):
    conclusion = services.create_conclusion(
        users["lanhdao"],
        meeting,
        number="125/TB-SKHCN",
        issued_on=date(2026, 11, 3),
        text="Giao Sở Tài chính …",
    )
    assert (conclusion.doc_type, conclusion.issuer) == ("TB", "SKHCN")
    with pytest.raises(DirectiveError):
        services.create_conclusion(
            users["lanhdao"],
            meeting,
            number="không phải số",
            issued_on=date(2026, 11, 3),
            text="x",
        )


def test_scoping_of_tasks(users, finance, meeting):
    mine = make_task(users, finance, meeting)
    other = make_task(users, unit("Sở Nội vụ tỉnh Nghệ An"), meeting)
    visible = set(selectors.tasks_for(users["taichinh"]).values_list("pk", flat=True))
    assert mine.pk in visible and other.pk not in visible
    assert not selectors.tasks_for(users["canboxa"]).filter(pk__in=[mine.pk, other.pk]).exists()
    assert selectors.tasks_for(users["lanhdao"]).filter(pk__in=[mine.pk, other.pk]).count() == 2
    assert mine in selectors.unit_inbox(users["taichinh"])
    assert other not in selectors.unit_inbox(users["taichinh"])


def test_due_soon_and_overdue_lists(users, finance, meeting):
    soon = make_task(users, finance, meeting, due_on=date(2026, 11, 24))
    late = make_task(users, finance, meeting, due_on=date(2026, 11, 10))
    qs = Task.objects.filter(meeting=meeting)
    on = date(2026, 11, 20)
    assert list(selectors.due_soon(qs, on=on, until=on + timedelta(days=7))) == [soon]
    assert list(selectors.overdue_tasks(qs, on=on)) == [late]


def test_no_occurrences_after_the_lead_unit_ceased(users, meeting):
    old = Unit.objects.get(name="Sở Thông tin và Truyền thông tỉnh Hà Giang")  # to 28/02/2025
    series = services.create_task(
        users["lanhdao"],
        TaskDraft(
            content="Giao ban khối thông tin hàng quý",
            lead_unit=old,
            deadline_kind=DeadlineKind.RECURRING,
            recurrence="quarterly",
        ),
        assigned_on=date(2024, 4, 1),
    )
    assert [o.period_label for o in series.occurrences.order_by("period_start")] == [
        "Quý II/2024",
        "Quý III/2024",
        "Quý IV/2024",
        "Quý I/2025",
    ]


def test_a_completed_task_is_reopened_before_it_can_be_cancelled(users, finance, meeting):
    task = make_task(users, finance, meeting)
    services.complete_task(users["taichinh"], task, result="Xong")
    with pytest.raises(DirectiveError, match="mở lại"):
        services.cancel_task(users["lanhdao"], task, reason="Không cần nữa")
    task.refresh_from_db()
    assert task.cancelled_on is None and task.completed_on is not None


def test_reassigning_the_lead_moves_the_task_to_the_new_units_inbox(users, finance, meeting):
    task = make_task(users, finance, meeting)
    home_affairs = unit("Sở Nội vụ tỉnh Nghệ An")
    with pytest.raises(DirectiveError):
        services.reassign(users["lanhdao"], task, lead_unit=finance, coordinating_units=[finance])
    with pytest.raises(PermissionDenied):
        services.reassign(users["taichinh"], task, lead_unit=home_affairs)
    services.reassign(users["lanhdao"], task, lead_unit=home_affairs, coordinating_units=[finance])
    assert task not in selectors.unit_inbox(users["taichinh"]).filter(lead_unit=finance)
    assert task in selectors.unit_inbox(users["taichinh"])  # still there, as coordinator
    assert task.history.first().history_change_reason == "Giao lại đơn vị chủ trì"


def test_counts_per_leader_locality_and_province(users, finance, meeting):
    from ictgov.org.models import Person

    leader = Person.objects.get(full_name="Lê Minh Đức")
    ward = unit("Ủy ban nhân dân phường Vinh Phú")
    for lead, due in [(finance, date(2026, 11, 10)), (ward, date(2026, 12, 10))]:
        services.create_task(
            users["lanhdao"],
            TaskDraft(content="Đếm theo nhóm", lead_unit=lead, due_on=due),
            meeting=meeting,
            assigned_by=leader,
            assigned_on=date(2026, 11, 2),
        )
    qs = Task.objects.filter(meeting=meeting)
    on = date(2026, 11, 20)
    by_leader = selectors.counts_by("assigned_by", qs, on=on)
    assert [(r["name"], r["overdue"], r["in_progress"]) for r in by_leader] == [
        ("Lê Minh Đức", 1, 1)
    ]
    by_locality = {r["name"]: r["total"] for r in selectors.counts_by("locality", qs, on=on)}
    assert by_locality == {"Tỉnh Nghệ An": 1, "Phường Vinh Phú": 1}
    by_province = selectors.counts_by("province", qs, on=on)
    assert [(r["name"], r["total"], r["overdue"]) for r in by_province] == [("Tỉnh Nghệ An", 2, 1)]


def test_policy_values_ship_as_parameters_an_administrator_can_change():
    keys = set(Parameter.objects.values_list("key", flat=True))
    assert {
        "directives.asap_working_days",
        "directives.remind_working_days",
        "directives.escalate_again_working_days",
    } <= keys
