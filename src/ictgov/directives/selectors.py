"""Reads about tasks: the counts officials report (done / within deadline / overdue) by unit,
assigning leader, locality and province as of any day, inboxes and overdue lists.

Other apps (reporting, emulation scoring) reuse `task_counts` and `counts_by`.
"""

from datetime import date

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When

from ictgov.core.scoping import visible

from .models import Task, TaskStatus, status_counts, status_q, with_rates

GROUPS = {
    "lead_unit": ("lead_unit", "lead_unit__name"),
    "assigned_by": ("assigned_by", "assigned_by__full_name"),
    "locality": ("locality", "locality__name"),
    "province": ("province", "province__name"),
}


def tasks_for(user) -> QuerySet[Task]:
    return visible(Task.objects.all(), user)


def in_province(qs: QuerySet[Task], province) -> QuerySet[Task]:
    """Tasks of a province, including those of the provinces it was formed from in 2025."""
    ids = [province.pk, *province.predecessors.values_list("pk", flat=True)]
    return qs.filter(province__in=ids)


def task_counts(qs: QuerySet[Task] | None = None, *, on: date | None = None) -> dict:
    """{done_on_time, done_late, done, in_progress, overdue, cancelled, total, on_time_rate}."""
    qs = Task.objects.all() if qs is None else qs
    return qs.counts(on or date.today())


def counts_by(
    group: str, qs: QuerySet[Task] | None = None, *, on: date | None = None
) -> list[dict]:
    """The same counts for each lead unit, assigning leader, locality or province, worst first."""
    on = on or date.today()
    key, label = GROUPS[group]
    qs = (Task.objects.all() if qs is None else qs).countable().filter(assigned_on__lte=on)
    rows = (
        qs.values(key, label)
        .annotate(**status_counts(on))
        .order_by(label)
    )
    out = []
    for row in rows:
        row = with_rates(dict(row))
        row["id"], row["name"] = row.pop(key), row.pop(label)
        out.append(row)
    return sorted(out, key=lambda r: (-r["overdue"], r["name"] or ""))


def overdue_tasks(qs: QuerySet[Task] | None = None, *, on: date | None = None) -> QuerySet[Task]:
    on = on or date.today()
    qs = Task.objects.all() if qs is None else qs
    return (
        qs.countable()
        .in_status(TaskStatus.OVERDUE, on)
        .select_related("lead_unit", "assigned_by", "meeting")
        .order_by("due_on", "pk")
    )


def unit_inbox(user) -> QuerySet[Task]:
    """Tasks where the user's unit leads or coordinates (the department's staff see all)."""
    if user.unit_id and not user.is_staff_role:
        # Exactly the unit paths of Task.scope, so a subset of what the user may read; written
        # as one union of two index lookups, which the planner estimates well.
        led = Task._base_manager.filter(lead_unit=user.unit_id).values("pk")
        coordinated = Task.coordinating_units.through.objects.filter(unit_id=user.unit_id)
        qs = Task.objects.filter(pk__in=led.union(coordinated.values("task_id")))
    else:
        qs = tasks_for(user)
    return (
        qs.countable()
        .select_related("lead_unit", "assigned_by", "meeting")
        .prefetch_related("coordinating_units")
    )


SOON_PARAMETER = "directives.remind_working_days"  # "due soon" = the reminder's window
SOON_DEFAULT = 3


def soon_until(on: date) -> date:
    """The last day still "due soon" as of `on`: N working days ahead (N = the reminders')."""
    from ictgov.core.models import Parameter
    from ictgov.core.workdays import add_working_days

    return add_working_days(on, max(0, Parameter.get_int(SOON_PARAMETER, SOON_DEFAULT)))


class Urgency:
    OVERDUE, DUE_SOON, OPEN, FINISHED = 0, 1, 2, 3


def by_urgency(qs: QuerySet[Task], *, on: date) -> QuerySet[Task]:
    """Overdue first, then due soon, then the other open tasks by deadline, finished last."""
    until = soon_until(on)
    urgency = Case(
        When(status_q(TaskStatus.OVERDUE, on), then=Value(Urgency.OVERDUE)),
        When(
            status_q(TaskStatus.IN_PROGRESS, on) & Q(due_on__lte=until),
            then=Value(Urgency.DUE_SOON),
        ),
        When(status_q(TaskStatus.IN_PROGRESS, on), then=Value(Urgency.OPEN)),
        default=Value(Urgency.FINISHED),
        output_field=IntegerField(),
    )
    return qs.annotate(urgency=urgency).order_by(
        "urgency", F("due_on").asc(nulls_last=True), "pk"
    )


def due_soon(qs: QuerySet[Task], *, on: date, until: date) -> QuerySet[Task]:
    return (
        qs.countable()
        .in_status(TaskStatus.IN_PROGRESS, on)
        .filter(due_on__gte=on, due_on__lte=until)
    )


def week_of(day: date) -> tuple[date, date]:
    """Monday and Sunday of the week containing `day`."""
    from datetime import timedelta

    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def weekly_schedule(user, monday: date) -> list[tuple[date, list]]:
    """The week's meetings and working visits the user may see, day by day, by time: the
    leaders' weekly schedule (lịch công tác tuần), built from the meetings, not typed twice."""
    from datetime import timedelta

    from .models import Meeting

    sunday = monday + timedelta(days=6)
    meetings = (
        visible(Meeting.objects.all(), user)
        .filter(held_on__lte=sunday)
        .filter(Q(held_on__gte=monday) | Q(held_until__gte=monday))
        .select_related("chair", "host_unit")
        .prefetch_related("participating_units", "participants")
        .order_by("held_on", F("starts_at").asc(nulls_last=True), "pk")
    )
    days = [(monday + timedelta(days=i), []) for i in range(7)]
    for meeting in meetings:
        last = meeting.held_until or meeting.held_on
        for day, items in days:
            if meeting.held_on <= day <= last:
                items.append(meeting)
    return days
