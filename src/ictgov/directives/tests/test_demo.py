"""The demo (loaded once per session by conftest): the five source reports and a year of tasks."""

import json
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from ictgov.directives import demo
from ictgov.directives.models import (
    Conclusion,
    DeadlineExtension,
    DeadlineKind,
    Meeting,
    MeetingKind,
    ProgressReport,
    Task,
)
from ictgov.directives.selectors import counts_by, task_counts
from ictgov.geo.models import AdministrativeUnit

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[4] / "tests" / "data" / "conclusions"

SOURCE_MEETINGS = [
    # file, kind, held_on, held_until, host, chair
    (
        "source_000",
        MeetingKind.WORKING_SESSION,
        date(2015, 4, 9),
        None,
        "Sở Thông tin và Truyền thông tỉnh Nghệ An",
        "Hồ Quang Thành",
    ),
    (
        "source_001",
        MeetingKind.WORKING_VISIT,
        date(2009, 10, 19),
        date(2009, 10, 23),
        "Sở Thông tin và Truyền thông tỉnh Hà Giang",
        "Phạm Mã Hùng",
    ),
    (
        "source_002",
        MeetingKind.CONFERENCE,
        date(2014, 1, 8),
        None,
        "Sở Thông tin và Truyền thông tỉnh Thanh Hóa",
        "Đỗ Thanh",
    ),
    (
        "source_003",
        MeetingKind.WORKING_SESSION,
        date(2014, 9, 23),
        None,
        "Sở Thông tin và Truyền thông tỉnh Quảng Bình",
        "Nguyễn Thành Hưng",
    ),
    (
        "source_004",
        MeetingKind.WORKING_SESSION,
        date(2009, 4, 20),
        None,
        "Sở Thông tin và Truyền thông tỉnh Bạc Liêu",
        "Vũ Văn Họa",
    ),
]


def _source(name: str) -> dict:
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


def _nghe_an():
    return AdministrativeUnit.objects.get(level="province", code="40", valid_from__isnull=False)


@pytest.mark.parametrize(
    ("name", "kind", "held_on", "held_until", "host", "chair"), SOURCE_MEETINGS
)
def test_source_report_is_a_meeting_with_its_conclusion(
    name, kind, held_on, held_until, host, chair
):
    doc = _source(name)
    meeting = Meeting.objects.get(title=doc["title"], held_on=held_on)
    assert (meeting.kind, meeting.held_until) == (kind, held_until)
    assert meeting.host_unit.name == host
    assert meeting.chair.full_name == chair
    assert meeting.locality == meeting.host_unit.admin_unit
    assert meeting.locality.valid_from is None  # the province as it was
    conclusion = meeting.conclusions.get()
    assert conclusion.text == doc["text"]
    assert conclusion.number == ""
    tasks = meeting.tasks.filter(series__isnull=True)
    assert tasks.exists()
    assert all(t.assigned_by.full_name == chair for t in tasks)
    assert all(t.assigned_on == (held_until or held_on) for t in tasks)


def test_bac_lieu_tasks_go_to_the_departments_named_in_the_conclusion():
    meeting = Meeting.objects.get(held_on=date(2009, 4, 20), title__contains="Bạc Liêu")
    tasks = list(meeting.tasks.select_related("lead_unit").prefetch_related("coordinating_units"))
    leads = {t.lead_unit.name for t in tasks}
    assert {
        "Sở Nội vụ tỉnh Bạc Liêu",
        "Sở Tài chính tỉnh Bạc Liêu",
        "Văn phòng Ủy ban nhân dân tỉnh Bạc Liêu",
        "Sở Thông tin và Truyền thông tỉnh Bạc Liêu",
    } <= leads
    finance = [t for t in tasks if t.lead_unit.name == "Sở Tài chính tỉnh Bạc Liêu"]
    assert any(
        "Sở Kế hoạch và Đầu tư tỉnh Bạc Liêu" in {u.name for u in t.coordinating_units.all()}
        for t in finance
    )
    office = next(t for t in tasks if t.lead_unit.name.startswith("Văn phòng"))
    assert "112" in office.content
    # "sớm" became a deadline counted in working days from the meeting.
    assert office.deadline_kind == DeadlineKind.ASAP
    assert office.due_on > date(2009, 4, 20)


def test_old_tasks_have_outcomes():
    old = Task.objects.countable().filter(assigned_on__lt=date(2016, 1, 1))
    counts = task_counts(old)
    assert counts["done_on_time"] > counts["done_late"] > 0
    assert counts["overdue"] > 0


def test_nghe_an_dashboard_shows_every_status_today():
    today = date.today()
    counts = task_counts(Task.objects.filter(province=_nghe_an()), on=today)
    assert counts["done"] > 0
    assert counts["done_late"] > 0
    assert counts["in_progress"] > 0
    assert counts["overdue"] > 0
    assert 100 <= counts["total"] <= 250
    rows = {r["name"]: r for r in counts_by("lead_unit", Task.objects.filter(province=_nghe_an()))}
    for unit in ("Sở Tài chính tỉnh Nghệ An", "Ủy ban nhân dân phường Vinh Phú"):
        assert rows[unit]["done"] > 0, unit
        assert rows[unit]["in_progress"] > 0, unit
        assert rows[unit]["overdue"] > 0, unit


def test_year_of_meetings_up_to_today():
    from ictgov.directives.demo import THIS_WEEK

    hosted = Meeting.objects.filter(host_unit__name="Sở Khoa học và Công nghệ tỉnh Nghệ An")
    week = hosted.filter(title__in=[row[3] for row in THIS_WEEK])
    assert week.count() == len(THIS_WEEK) and all(m.starts_at for m in week)
    meetings = hosted.exclude(pk__in=week.values("pk"))
    assert 20 <= meetings.count() <= 26
    assert meetings.filter(kind=MeetingKind.BRIEFING).count() >= 11
    assert meetings.filter(kind=MeetingKind.CONFERENCE).count() == 4
    assert not meetings.filter(held_on__gt=date.today()).exists()
    assert all(
        c.number.endswith("/TB-SKHCN") for c in Conclusion.objects.filter(meeting__in=meetings)
    )
    series = Task.objects.filter(is_series=True, meeting__in=meetings)
    assert series.count() == 3
    assert all(s.occurrences.exists() for s in series)
    assert Task.objects.filter(deadline_kind=DeadlineKind.ASAP, meeting__in=meetings).exists()
    assert ProgressReport.objects.filter(reported_by__username="taichinh").exists()
    assert DeadlineExtension.objects.filter(state=DeadlineExtension.State.APPROVED).exists()


def test_demo_is_written_through_services_with_history():
    task = Task.objects.filter(completed_on__isnull=False, province=_nghe_an()).first()
    users = {h.history_user.username for h in task.history.all() if h.history_user}
    assert users
    assert Meeting.history.filter(history_user__username="lanhdao").exists()


def test_plan_does_not_depend_on_when_it_is_computed_within_a_month():
    # Meetings are keyed by title and date: a later day of the same month adds none of the earlier.
    first = demo.plan_year(date(2026, 3, 28), set(demo.NGHE_AN), 10)
    later = demo.plan_year(date(2026, 3, 30), set(demo.NGHE_AN), 10)
    assert {(m.title, m.held_on) for m in first} <= {(m.title, m.held_on) for m in later}
    again = demo.plan_year(date(2026, 3, 28), set(demo.NGHE_AN), 10)
    assert [(t.content, t.outcome) for m in first for t in m.tasks] == [
        (t.content, t.outcome) for m in again for t in m.tasks
    ]


def test_second_run_creates_nothing():
    def snapshot():
        return [
            model.objects.count()
            for model in (Meeting, Conclusion, Task, ProgressReport, DeadlineExtension)
        ] + [
            model.history.count()
            for model in (Meeting, Conclusion, Task, ProgressReport, DeadlineExtension)
        ]

    before = snapshot()
    call_command("load_demo", geography="demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert snapshot() == before
