"""Reads about tasks: the counts officials report (done / within deadline / overdue) by unit,
assigning leader, locality and province as of any day, inboxes and overdue lists.

Other apps (reporting, emulation scoring) reuse `task_counts` and `counts_by`.
"""

from datetime import date

from django.db import connection
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.utils.functional import cached_property

from ictgov.core.roles import Role
from ictgov.core.scoping import home_areas, visible
from ictgov.core.sqlcache import SqlCache, shape_key

from .models import TASK_STATUS, Task, TaskStatus, open_parts, status_counts, status_q, with_rates

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
    rows = qs.values(key, label).annotate(**status_counts(on)).order_by(label)
    out = []
    for row in rows:
        row = with_rates(dict(row))
        row["id"], row["name"] = row.pop(key), row.pop(label)
        out.append(row)
    return sorted(out, key=lambda r: (-r["overdue"], r["name"] or ""))


def province_ids(user, province) -> list[int]:
    """`province` and the provinces it was formed from (the user's own read once per user)."""
    areas = home_areas(user)
    if areas and areas[0].pk == province.pk:
        return [a.pk for a in areas]
    return [province.pk, *province.predecessors.values_list("pk", flat=True)]


def dashboard_tasks(user, province=None) -> QuerySet[Task]:
    """What the dashboard counts: the tasks the user may read, of `province` (with the provinces
    it was formed from) when given. A department's staff read every task of their own province,
    so for it their scope adds nothing and the filter is the province alone (one index)."""
    if province is None:
        return tasks_for(user)
    ids = province_ids(user, province)
    if user.is_superuser or user.role == Role.ADMIN:
        return Task.objects.filter(province__in=ids)
    if user.role in Role.staff() and set(ids) <= {a.pk for a in home_areas(user)}:
        return Task.objects.filter(province__in=ids)
    return tasks_for(user).filter(province__in=ids)


def dashboard_counts(qs: QuerySet[Task], *, on: date) -> tuple[dict, list[dict], list[dict]]:
    """The dashboard's totals, per lead unit and per assigning leader from one grouped query
    (by unit and leader together: a few hundred rows at most), summed here."""
    rows = (
        qs.countable()
        .filter(assigned_on__lte=on)
        .values("lead_unit", "lead_unit__name", "assigned_by", "assigned_by__full_name")
        .annotate(**status_counts(on))
        .order_by()
    )
    keys = list(TaskStatus.values)
    totals = dict.fromkeys(keys, 0)
    groups = {"lead_unit": {}, "assigned_by": {}}
    for row in rows:
        for key in keys:
            totals[key] += row[key]
        for group, label in (
            ("lead_unit", "lead_unit__name"),
            ("assigned_by", "assigned_by__full_name"),
        ):
            acc = groups[group].setdefault(
                row[group], {"id": row[group], "name": row[label], **dict.fromkeys(keys, 0)}
            )
            for key in keys:
                acc[key] += row[key]

    def ordered(group):
        out = [with_rates(acc) for acc in groups[group].values()]
        return sorted(out, key=lambda r: (-r["overdue"], r["name"] or ""))

    return with_rates(totals), ordered("lead_unit"), ordered("assigned_by")


def overdue_list(qs: QuerySet[Task], *, on: date, limit: int, provinces=()) -> list[Task]:
    """The first `limit` overdue tasks by deadline (those assigned by `on`), with the names the
    dashboard shows. With `provinces` (all of `qs` lies in them), one arm per province, so each
    is an index scan in deadline order that stops at `limit`."""
    qs = qs.countable().filter(assigned_on__lte=on, due_on__lt=on)
    order = ("due_on", "pk")
    wheres = [Q(province=p) for p in provinces] or [Q()]
    arms = [qs.filter(where, part) for where in wheres for part in open_parts(on)]
    rows = first_rows(arms, order, 0, limit)
    return list(
        Task.objects.filter(pk__in=rows).select_related("lead_unit", "assigned_by").order_by(*order)
    )


def can_union_slices() -> bool:
    return connection.features.supports_slicing_ordering_in_compound


def first_rows(arms: list[QuerySet[Task]], order, offset: int, limit: int, whole=()) -> QuerySet:
    """The ids (a subquery) of rows `offset`…`offset + limit` of the union of `arms` in
    `order`: each arm's first `offset + limit` rows (an ordered index scan that stops early),
    united, then cut. The arms numbered in `whole` are taken whole: a few hundred rows found by
    a join, which the planner would otherwise look for by walking every task in `order`. A
    database that cannot order inside a union (SQLite) gets one OR."""
    if len(arms) == 1 or not can_union_slices():
        combined = arms[0]
        for arm in arms[1:]:
            combined = combined | arm
        return combined.order_by(*order).values("pk")[offset : offset + limit]
    firsts = [
        arm.order_by().values("pk")
        if i in whole
        else arm.order_by(*order).values("pk")[: offset + limit]
        for i, arm in enumerate(arms)
    ]
    united = firsts[0].union(*firsts[1:])
    return Task.objects.filter(pk__in=united).order_by(*order).values("pk")[offset : offset + limit]


def _union_ids(arms: list[QuerySet[Task]]) -> QuerySet:
    ids = [arm.order_by().values("pk") for arm in arms]
    return ids[0].union(*ids[1:]).order_by() if len(ids) > 1 else ids[0]


def count_rows(arms: list[QuerySet[Task]]) -> int:
    """How many rows the union of `arms` has (each counted once)."""
    return _union_ids(arms).count()


def scope_arms(user) -> list[Q] | None:
    """What `user` may read of the tasks, as the pieces `core.scoping` ORs together (None for
    everything), each one index can serve: the staff's own provinces one by one and the
    unattached tasks, the unit's led and coordinated tasks, the officer's locality. The same
    rows as `visible()` (tests compare them for every role)."""
    from ictgov.core.scoping import NOTHING, within_q

    if user is None or not user.is_authenticated:
        return [NOTHING]
    if user.is_superuser or user.role == Role.ADMIN:
        return None
    arms = []
    unit_arms = _unit_arms(user)
    if user.role in Role.staff():
        arms += [Q(province=a.pk) for a in home_areas(user)] + [Q(province__isnull=True)]
        if user.unit_id:
            arms += unit_arms
    else:
        if user.role == Role.LOCALITY and user.locality_id:
            arms.append(within_q("locality", user.locality))
        if user.role in (Role.LIAISON, Role.LOCALITY) and user.unit_id:
            arms += unit_arms
    return arms or [NOTHING]


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


def soon_until_from(on: date, value: str | None) -> date:
    """`soon_until` from the parameter's stored value, read by the caller (`InboxRows`)."""
    from ictgov.core.models import Parameter
    from ictgov.core.workdays import add_working_days

    return add_working_days(on, max(0, Parameter.as_int(value, SOON_DEFAULT)))


class Urgency:
    OVERDUE, DUE_SOON, OPEN, FINISHED = 0, 1, 2, 3


def by_urgency(qs: QuerySet[Task], *, on: date, until: date | None = None) -> QuerySet[Task]:
    """Overdue first, then due soon, then the other open tasks by deadline, finished last."""
    return qs.annotate(urgency=urgency_case(on, until)).order_by(*URGENCY_ORDER)


URGENCY_ORDER = ("urgency", F("due_on").asc(nulls_last=True), "pk")
# Among open tasks urgency follows the deadline (overdue < due soon < later < none), so their
# order is the deadline's, which the open-task indexes give without sorting.
OPEN_ORDER = (F("due_on").asc(nulls_last=True), "pk")
OPEN_STATUSES = ("open", "in_progress", "overdue")


def urgency_case(on: date, until: date | None = None):
    until = until or soon_until(on)
    return Case(
        When(status_q(TaskStatus.OVERDUE, on), then=Value(Urgency.OVERDUE)),
        When(
            status_q(TaskStatus.IN_PROGRESS, on) & Q(due_on__lte=until),
            then=Value(Urgency.DUE_SOON),
        ),
        When(status_q(TaskStatus.IN_PROGRESS, on), then=Value(Urgency.OPEN)),
        default=Value(Urgency.FINISHED),
        output_field=IntegerField(),
    )


OPEN_WITHIN = {
    "open": lambda on: Q(),
    "in_progress": lambda on: Q(due_on__isnull=True) | Q(due_on__gte=on),
    "overdue": lambda on: Q(due_on__lt=on),
}


def _unit_arms(user) -> list[Q]:
    """The arms of the user's unit in `scope_arms`: the tasks it leads, those it coordinates."""
    coordinated = Task.coordinating_units.through.objects.filter(unit_id=user.unit_id)
    return [Q(lead_unit=user.unit_id), Q(pk__in=coordinated.values("task_id"))]


def _unit_reads(user) -> bool:
    """Whether `scope_arms` holds the unit's arms (its staff, liaison and locality roles)."""
    roles = {*Role.staff(), Role.LIAISON, Role.LOCALITY}
    return bool(user.unit_id) and (user.is_superuser or user.role in roles)


def _own_tab(user, involvement) -> list[Q] | None:
    """The unit's own tabs (led, coordinated) are one arm each: the unit reads all of those
    tasks (an arm of its scope), so no other arm can add a row."""
    if involvement in ("lead", "coordinating") and _unit_reads(user):
        lead, coordinated = _unit_arms(user)
        return [lead if involvement == "lead" else coordinated]
    return None


def _is_coordinated(q: Q) -> bool:
    """Whether `q` is the arm of the tasks a unit coordinates (`_unit_arms`)."""
    through = Task.coordinating_units.through
    return any(
        isinstance(child, tuple)
        and child[0] == "pk__in"
        and getattr(child[1], "model", None) is through
        for child in q.children
    )


def _filtered(filterset, qs, skip=""):
    """`qs` through the list's filters but `skip` (TaskFilterSet.filter_queryset's loop)."""
    for name, value in filterset.form.cleaned_data.items():
        if name != skip:
            qs = filterset.filters[name].filter(qs, value)
    return qs if filterset.value("include_series", False) else qs.countable()


class InboxRows:
    """The inbox's rows for a paginator: what the user may read as `scope_arms`, each arm
    narrowed by the list's filters and, for open tasks, split by `open_parts`; every arm an
    index scan in the page's order. Counted once (a union of ids); a page reads each arm's
    first rows only, then the page's tasks with their lead unit, coordinating units and latest
    progress report, and the number of rows, in one query.

    The arms are compiled by the ORM once each; the query around them (the page's ids, its rows,
    the count) is written here, on the same tables, so that a page does not compile the same
    arms again inside a second queryset (`_page_sql`)."""

    ordered = True

    def __init__(self, user, filterset, *, on: date, until: date | None = None):
        self.user, self.filterset = user, filterset
        self.status = filterset.value("status")
        if self.status in OPEN_STATUSES:
            # The order is the deadline's: the last day "due soon" (`until`, a parameter) is
            # only needed for the rows' colours, and without one it is read with the page.
            self.order = OPEN_ORDER
        else:
            until = until or soon_until(on)
            self.order = (urgency_case(on, until).asc(), *OPEN_ORDER)
        self.on, self.until = on, until
        # The arms' SQL made for the same user, filters and day before (`_SqlCache`).
        self._key = _shape_key(user, filterset, on, None if self.status in OPEN_STATUSES else until)
        cached = _SQL.get(self._key)
        if cached is not None:
            self._arm_sql, self.whole, self._order = cached

    @cached_property
    def arms(self) -> list[QuerySet[Task]]:
        """What the user may read (`scope_arms`), each arm narrowed by the filters and, for open
        tasks, split by `open_parts`. Sets `whole`: the arms taken whole (a join)."""
        user, filterset, on, status = self.user, self.filterset, self.on, self.status
        scoped = _own_tab(user, filterset.value("involvement")) or scope_arms(user)
        scoped = [Q()] if scoped is None else scoped
        parts = open_parts(on) if status in OPEN_STATUSES else [None]
        arms, self.whole = [], set()
        within = OPEN_WITHIN[status](on) if status in OPEN_STATUSES else None
        for q in scoped:
            coordinated = _is_coordinated(q)
            if parts == [None]:
                filtered = _filtered(filterset, Task.objects.filter(q))
            else:
                # The status is the part's, narrowed: no OR of status rules to evaluate. The
                # filters are applied once per scope arm, then each part narrows a copy.
                filtered = _filtered(filterset, Task.objects.filter(q), skip="status")
            for part in parts:
                if coordinated:
                    self.whole.add(len(arms))
                arms.append(filtered if part is None else filtered.filter(part, within))
        return arms

    window: tuple[int, int] | None = None  # the page the view will ask for, when known
    _rows: list[Task] | None = None

    def count(self) -> int:
        # With the page's rows when the page is known: one query for both.
        if self.window is not None and self._rows is None:
            self._rows = self._read(*self.window, with_total=True)
            if self._rows:
                return self._rows[0].total
            if self.window[0] == 0:
                return 0  # no first row: nothing to count
        return count_rows(self.arms)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[Task]:
        start = window.start or 0
        if self._rows is not None and self.window[0] == start and window.stop <= self.window[1]:
            return self._rows[: window.stop - start]
        return self._read(start, window.stop)

    def _read(self, start: int, stop: int, *, with_total=False) -> list[Task]:
        """The rows `start`…`stop` with what the page shows of them: lead unit, coordinating
        units and latest progress report read with the row, not by a query per list; each row's
        status as of the day and its urgency (`urgency_of`) worked out from its dates."""
        from django.db import connections

        from ictgov.org.models import Unit

        compiled = self._compiled()
        if not compiled:  # every arm is empty by construction (nothing to read)
            return []
        db = Task.objects.db
        sql, params = self._page_sql(compiled, start, stop - start, with_total=with_total)
        with connections[db].cursor() as cursor:
            cursor.execute(sql, params)
            fetched = cursor.fetchall()
        frame = _page_frame()
        n_task, n_unit = len(frame.task_fields), len(frame.unit_fields)
        lead_unit = Task._meta.get_field("lead_unit")
        status_of = TASK_STATUS.classifier(self.on)
        rows = []
        for values in fetched:
            if frame.converters:
                values = list(values)
                for i, field, converters in frame.converters:
                    for convert in converters:
                        values[i] = convert(
                            values[i], field.get_col(field.model._meta.db_table), connections[db]
                        )
            task = Task.from_db(db, frame.task_fields, values[:n_task])
            unit = Unit.from_db(db, frame.unit_fields, values[n_task : n_task + n_unit])
            lead_unit.set_cached_value(task, unit)
            extra = values[n_task + n_unit :]
            task.coordinating_names, task.report_text, task.report_percent = extra[:3]
            if with_total:
                task.total = extra[3]
            if self.until is None:
                self.until = soon_until_from(self.on, extra[-1])
            task.status = status_of(task)  # as of the page's day (Task.status)
            task.urgency = urgency_of(task.status, task.due_on, self.until)
            rows.append(task)
        return rows

    def _page_sql(self, compiled, offset: int, limit: int, *, with_total: bool):
        """The page's one query: the ids of rows `offset`…`offset + limit` of the union of the
        arms (`first_rows`, each arm's SQL with the page's ORDER BY and LIMIT appended unless
        taken whole), their rows (`_page_frame`), and with `with_total` the union's size."""
        order, order_params = self._order_sql()
        frame = _page_frame()
        if any(not sql.startswith(frame.bare) for _i, sql, _p in compiled):
            # An arm that is not a plain filter of the table (a join): the ids through the ORM.
            arms = [self.arms[i] for i, _s, _p in compiled]
            whole = {n for n, (i, _s, _p) in enumerate(compiled) if i in self.whole}
            ids, ids_params = first_rows(
                arms, self.order, offset, limit, whole=whole
            ).query.sql_with_params()
        elif len(compiled) == 1:
            _i, sql, arm_params = compiled[0]
            ids = f"{sql}{order} LIMIT {int(limit)} OFFSET {int(offset)}"
            ids_params = [*arm_params, *order_params]
        else:
            parts, ids_params = [], []
            for i, sql, arm_params in compiled:
                if i in self.whole:
                    parts.append(f"({sql})")
                    ids_params += arm_params
                else:
                    parts.append(f"({sql}{order} LIMIT {int(offset + limit)})")
                    ids_params += [*arm_params, *order_params]
            ids = (
                f"{frame.bare} WHERE {frame.pk} IN ({' UNION '.join(parts)})"
                f"{order} LIMIT {int(limit)} OFFSET {int(offset)}"
            )
            ids_params += order_params
        total, total_params = "", []
        if with_total:
            sqls = [sql for _i, sql, _p in compiled]
            union = sqls[0] if len(sqls) == 1 else " UNION ".join(f"({sql})" for sql in sqls)
            total = f", (SELECT COUNT(*) FROM ({union}) u)"
            total_params = [p for _i, _sql, arm_params in compiled for p in arm_params]
        soon, soon_params = "", []
        if self.until is None:
            soon, soon_params = frame.soon_parameter, [SOON_PARAMETER]
        sql = f"{frame.select}{total}{soon}{frame.joins} WHERE {frame.pk} IN ({ids}){order}"
        return sql, [*total_params, *soon_params, *ids_params, *order_params]

    _order: tuple | None = None

    def _order_sql(self) -> tuple[str, list]:
        """The page's ORDER BY, compiled once on the bare table (its SQL after the bare
        table's query), and its parameters."""
        if self._order is None:
            bare = _page_frame().bare
            sql, params = Task.objects.order_by(*self.order).values("pk").query.sql_with_params()
            if not sql.startswith(bare):
                raise RuntimeError(f"the inbox's order is not the bare table's: {sql}")
            self._order = (sql[len(bare) :], list(params))
        return self._order

    _arm_sql: list | None = None

    def _compiled(self) -> list[tuple[int, str, tuple]]:
        """Each arm's ids as SQL, compiled once for both the page's ids and the count:
        (the arm's number, its SQL, its parameters), the arms empty by construction left out.
        Kept for the next page of the same user, filters and day (`_SqlCache`)."""
        from django.core.exceptions import EmptyResultSet

        if self._arm_sql is None:
            compiled = []
            for i, arm in enumerate(self.arms):
                try:
                    sql, params = arm.order_by().values("pk").query.sql_with_params()
                except EmptyResultSet:
                    continue
                compiled.append((i, sql, tuple(params)))
            self._arm_sql = compiled
            _SQL.put(self._key, (compiled, frozenset(self.whole), self._order_sql()))
        return self._arm_sql


# The arms' SQL by the shape of what produced it (`_shape_key`): building the arms through the
# filter set and compiling them costs about as much as the query itself on a unit's inbox.
_SQL = SqlCache(512)


def _shape_key(user, filterset, on: date, until: date | None):
    """What the inbox's SQL for `user` depends on (`core.sqlcache.shape_key`): the user's scope,
    every filter value, the database, the day and the last day "due soon"."""
    return shape_key(user, filterset.form.cleaned_data, connection.vendor, on, until)


def urgency_of(status: str | None, due_on: date | None, until: date) -> int:
    """`urgency_case` for one row whose status as of the day is known."""
    if status == TaskStatus.OVERDUE:
        return Urgency.OVERDUE
    if status == TaskStatus.IN_PROGRESS:
        return Urgency.DUE_SOON if due_on is not None and due_on <= until else Urgency.OPEN
    return Urgency.FINISHED


class _Frame:
    """The SQL around the inbox's arms (`InboxRows._page_sql`), from the models' tables and
    columns: every column of the task and of its lead unit, the names of the coordinating units
    (by name, comma separated) and the latest progress report's text and percent."""

    def __init__(self):
        from ictgov.core.models import Parameter
        from ictgov.org.models import Unit

        from .models import ProgressReport

        qn = connection.ops.quote_name
        task, unit = Task._meta, Unit._meta
        through = Task.coordinating_units.through._meta
        report = ProgressReport._meta
        t, u = qn(task.db_table), qn(unit.db_table)
        self.task_fields = [f.attname for f in task.concrete_fields]
        self.unit_fields = [f.attname for f in unit.concrete_fields]
        # What the ORM would convert the columns' values with (none for these fields today).
        fields = [*task.concrete_fields, *unit.concrete_fields]
        self.converters = [
            (i, f, converters)
            for i, f in enumerate(fields)
            if (converters := connection.ops.get_db_converters(f) + f.get_db_converters(connection))
        ]
        self.pk = f"{t}.{qn(task.pk.column)}"
        self.bare, _ = Task.objects.order_by().values("pk").query.sql_with_params()

        def col(meta, name):
            return qn(meta.get_field(name).column)

        columns = [f"{t}.{qn(f.column)}" for f in task.concrete_fields]
        columns += [f"{u}.{qn(f.column)}" for f in unit.concrete_fields]
        names = (
            f"(SELECT STRING_AGG(cu_u.{col(unit, 'name')}, ', ' ORDER BY cu_u.{col(unit, 'name')})"
            f" FROM {qn(through.db_table)} cu"
            f" JOIN {u} cu_u ON cu_u.{qn(unit.pk.column)} = cu.{col(through, 'unit')}"
            f" WHERE cu.{col(through, 'task')} = {self.pk})"
        )
        latest = (
            f" FROM {qn(report.db_table)} r WHERE r.{col(report, 'task')} = {self.pk}"
            f" ORDER BY r.{col(report, 'reported_on')} DESC, r.{qn(report.pk.column)} DESC LIMIT 1)"
        )
        columns += [
            names,
            f"(SELECT r.{col(report, 'text')}{latest}",
            f"(SELECT r.{col(report, 'percent')}{latest}",
        ]
        self.select = "SELECT " + ", ".join(columns)
        parameter = Parameter._meta
        self.soon_parameter = (
            f", (SELECT p.{col(parameter, 'value')} FROM {qn(parameter.db_table)} p"
            f" WHERE p.{col(parameter, 'key')} = %s)"
        )
        self.joins = (
            f" FROM {t} INNER JOIN {u} ON ({t}.{col(task, 'lead_unit')} = {u}.{qn(unit.pk.column)})"
        )


_FRAME: _Frame | None = None


def _page_frame() -> _Frame:
    global _FRAME
    if _FRAME is None:
        _FRAME = _Frame()
    return _FRAME


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
