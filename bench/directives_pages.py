"""The directives pages against hand-written SQL, on a bench database made by directives_bench
(run by it in a Django process: `python directives_pages.py RUNS PROVINCE_CODE`; prints JSON).

The hand-written SQL states the pages' rules as they are written (the status rules of
`models.status_q`, the inbox's "overdue, then due soon, then by deadline" order), with the same
indexes available to both; it fetches every number and row the page shows.
"""

import json
import statistics
import sys
import time
from datetime import date

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from page_vs_sql import Sql, compare_page  # noqa: E402

from ictgov.accounts.models import User  # noqa: E402
from ictgov.core.models import valid_on_q  # noqa: E402
from ictgov.core.workdays import working_days_between  # noqa: E402
from ictgov.directives.models import Task  # noqa: E402
from ictgov.directives.selectors import counts_by, soon_until, task_counts  # noqa: E402
from ictgov.geo.models import AdministrativeUnit  # noqa: E402

RUNS, FOCUS = int(sys.argv[1]), sys.argv[2]
today = date.today()
province = AdministrativeUnit.objects.filter(level="province", code=FOCUS).get(valid_on_q(today))
AREAS = [province.pk, *province.predecessors.values_list("pk", flat=True)]
KEYS = ["done_on_time", "done_late", "in_progress", "overdue", "cancelled"]

# --- the dashboard's counts alone (selectors), as before ---------------------------------------

STATUS = """
    COUNT(*) FILTER (WHERE nc AND done AND (due_on IS NULL OR completed_on <= due_on)),
    COUNT(*) FILTER (WHERE nc AND done AND completed_on > due_on),
    COUNT(*) FILTER (WHERE nc AND NOT done AND (due_on IS NULL OR due_on >= %(on)s)),
    COUNT(*) FILTER (WHERE nc AND NOT done AND due_on < %(on)s),
    COUNT(*) FILTER (WHERE NOT nc)
"""
BASE = """
    SELECT t.*,
           (t.cancelled_on IS NULL OR t.cancelled_on > %(on)s) AS nc,
           (t.completed_on IS NOT NULL AND t.completed_on <= %(on)s) AS done
    FROM directives_task t
    WHERE t.province_id = %(p)s AND NOT t.is_series AND t.withdrawn_on IS NULL
      AND t.assigned_on <= %(on)s
"""
RAW_TOTALS = f"SELECT {STATUS} FROM ({BASE}) s"
RAW_BY_UNIT = f"""
    SELECT s.lead_unit_id, u.name, {STATUS}
    FROM ({BASE}) s JOIN org_unit u ON u.id = s.lead_unit_id
    GROUP BY s.lead_unit_id, u.name
"""
ARGS = {"on": today, "p": province.pk}


def page_totals():
    return task_counts(Task.objects.filter(province=province), on=today)


def page_by_unit():
    return counts_by("lead_unit", Task.objects.filter(province=province), on=today)


def raw_totals():
    with connection.cursor() as c:
        c.execute(RAW_TOTALS, ARGS)
        return dict(zip(KEYS, c.fetchone(), strict=True))


def raw_by_unit():
    with connection.cursor() as c:
        c.execute(RAW_BY_UNIT, ARGS)
        return {row[0]: dict(zip(KEYS, row[2:], strict=True)) for row in c.fetchall()}


def paired(page, raw):
    for fn in (page, raw, page, raw):
        fn()
    times = {page: [], raw: []}
    for _ in range(RUNS):
        for fn in (page, raw):
            started = time.perf_counter()
            fn()
            times[fn].append((time.perf_counter() - started) * 1000)
    return statistics.median(times[page]), statistics.median(times[raw])


page_t, raw_t = page_totals(), raw_totals()
page_u = {r["id"]: {k: r[k] for k in KEYS} for r in page_by_unit()}
result = {
    "province": province.name,
    "tasks_in_province": Task.objects.filter(province=province).count(),
    "totals": {k: page_t[k] for k in KEYS},
    "equal_totals": {k: page_t[k] for k in KEYS} == raw_t,
    "equal_by_unit": page_u == raw_by_unit(),
    "units": len(page_u),
}
result["page_totals_ms"], result["raw_totals_ms"] = paired(page_totals, raw_totals)
result["page_by_unit_ms"], result["raw_by_unit_ms"] = paired(page_by_unit, raw_by_unit)

# --- whole pages against hand-written SQL ------------------------------------------------------

stc = User.objects.select_related("unit").get(username="bench_stc")
leader = User.objects.select_related("unit").get(username="bench_leader")
until = soon_until(today)
pages = []
COUNT_KEYS = [*KEYS, "done", "total", "on_time_rate"]


def rates(row):
    """What the page derives from the counts: done, total, the on-time rate."""
    done = row["done_on_time"] + row["done_late"]
    total = done + row["in_progress"] + row["overdue"]
    rate = round(100 * row["done_on_time"] / done, 1) if done else None
    return {**row, "done": done, "total": total, "on_time_rate": rate}


# The dashboard as a leader of the province (by default their province, as of today): totals,
# the tables per lead unit and per assigning leader, the first 100 overdue tasks and how many.
DASH_COUNTS = """
    SELECT GROUPING(t.lead_unit_id, t.assigned_by_id), t.lead_unit_id, u.name,
           t.assigned_by_id, p.full_name,
           COUNT(*) FILTER (WHERE nc AND done AND (due_on IS NULL OR completed_on <= due_on)),
           COUNT(*) FILTER (WHERE nc AND done AND completed_on > due_on),
           COUNT(*) FILTER (WHERE nc AND NOT done AND (due_on IS NULL OR due_on >= %(on)s)),
           COUNT(*) FILTER (WHERE nc AND NOT done AND due_on < %(on)s),
           COUNT(*) FILTER (WHERE NOT nc)
    FROM (SELECT lead_unit_id, assigned_by_id, due_on, completed_on,
                 (cancelled_on IS NULL OR cancelled_on > %(on)s) AS nc,
                 (completed_on IS NOT NULL AND completed_on <= %(on)s) AS done
          FROM directives_task
          WHERE province_id = ANY(%(areas)s) AND NOT is_series AND withdrawn_on IS NULL
            AND assigned_on <= %(on)s) t
    JOIN org_unit u ON u.id = t.lead_unit_id
    LEFT JOIN org_person p ON p.id = t.assigned_by_id
    GROUP BY GROUPING SETS ((t.lead_unit_id, u.name), (t.assigned_by_id, p.full_name), ())
"""
DASH_OVERDUE = """
    SELECT t.id, t.content, u.name, p.full_name, t.due_on
    FROM directives_task t
    JOIN org_unit u ON u.id = t.lead_unit_id
    LEFT JOIN org_person p ON p.id = t.assigned_by_id
    WHERE t.province_id = ANY(%(areas)s) AND NOT t.is_series AND t.withdrawn_on IS NULL
      AND t.assigned_on <= %(on)s AND t.due_on < %(on)s
      AND (t.cancelled_on IS NULL OR t.cancelled_on > %(on)s)
      AND (t.completed_on IS NULL OR t.completed_on > %(on)s)
    ORDER BY t.due_on, t.id
    LIMIT 100
"""
DARGS = {"on": today, "areas": AREAS}


def worst_first(rows):
    return sorted(rows, key=lambda r: (-r["overdue"], r["name"] or ""))


def table(rows):
    return [{"id": r["id"], "name": r["name"], **{k: r[k] for k in COUNT_KEYS}} for r in rows]


def dashboard_page(response):
    ctx = response.context
    return {
        "counts": {k: ctx["counts"][k] for k in COUNT_KEYS},
        "by_unit": table(ctx["by_unit"]),
        "by_leader": table(ctx["by_leader"]),
        "overdue": [
            (
                t.pk,
                t.content,
                t.lead_unit.name,
                t.assigned_by.full_name if t.assigned_by else None,
                t.due_on,
            )
            for t in ctx["overdue"]
        ],
        "overdue_count": ctx["overdue_count"],
    }


def dashboard_sql(results):
    grouped, overdue = results
    totals, by_unit, by_leader = None, [], []
    for g, unit, unit_name, person, person_name, *n in grouped:
        row = rates(dict(zip(KEYS, n, strict=True)))
        if g == 3:
            totals = row
        elif g == 1:
            by_unit.append({"id": unit, "name": unit_name, **row})
        else:
            by_leader.append({"id": person, "name": person_name, **row})
    return {
        "counts": {k: totals[k] for k in COUNT_KEYS},
        "by_unit": table(worst_first(by_unit)),
        "by_leader": table(worst_first(by_leader)),
        "overdue": [tuple(r) for r in overdue],
        "overdue_count": totals["overdue"],
    }


client = Client()
client.force_login(leader)
pages.append(
    compare_page(
        "dashboard, province leader",
        client,
        reverse("directives:dashboard"),
        page_content=dashboard_page,
        sql=[
            Sql("counts by unit, by leader, totals", DASH_COUNTS, DARGS),
            Sql("first 100 overdue", DASH_OVERDUE, DARGS),
        ],
        sql_content=dashboard_sql,
        runs=RUNS,
        summary=lambda c: (
            f"{c['counts']['total']:,} tasks counted, {len(c['by_unit'])} units, "
            f"{len(c['by_leader'])} leaders, {c['overdue_count']:,} overdue, "
            f"{len(c['overdue'])} listed"
        ),
    )
)

# The to-do inbox, first page with its default filters (open tasks: the unit's own for a unit's
# user, all the user may read for the department's staff): how many, and for each row its
# content, lead unit, coordinating units, deadline, status (with the working days late), result
# or latest progress report, colour. One query for the rows, one for the number.
OPEN = """
    NOT t.is_series AND t.withdrawn_on IS NULL
    AND (t.cancelled_on IS NULL OR t.cancelled_on > %(on)s)
    AND (t.completed_on IS NULL OR t.completed_on > %(on)s)
"""
URGENCY = "CASE WHEN t.due_on < %(on)s THEN 0 WHEN t.due_on <= %(until)s THEN 1 ELSE 2 END"
MINE = "t.lead_unit_id = %(unit)s"
READABLE = """(t.province_id = ANY(%(areas)s) OR t.province_id IS NULL
               OR t.lead_unit_id = %(unit)s
               OR t.id IN (SELECT task_id FROM directives_task_coordinating_units
                           WHERE unit_id = %(unit)s))"""


def inbox_queries(where):
    rows = f"""
        WITH page AS (
            SELECT t.id, t.content, t.lead_unit_id, t.due_on, t.deadline_text, t.result,
                   {URGENCY} AS urgency
            FROM directives_task t
            WHERE {where} AND {OPEN}
            ORDER BY urgency, t.due_on NULLS LAST, t.id
            LIMIT 25
        )
        SELECT page.id, page.content, u.name,
               (SELECT string_agg(cu_u.name, ', ' ORDER BY cu_u.name)
                FROM directives_task_coordinating_units cu
                JOIN org_unit cu_u ON cu_u.id = cu.unit_id WHERE cu.task_id = page.id),
               page.due_on, page.deadline_text, page.result,
               (SELECT r.text || ' (' || r.percent || '%%)' FROM directives_progressreport r
                WHERE r.task_id = page.id ORDER BY r.reported_on DESC, r.id DESC LIMIT 1),
               page.urgency
        FROM page JOIN org_unit u ON u.id = page.lead_unit_id
        ORDER BY page.urgency, page.due_on NULLS LAST, page.id
    """
    count = f"SELECT count(*) FROM directives_task t WHERE {where} AND {OPEN}"
    return rows, count


CSS = {0: "row-overdue", 1: "row-due-soon"}


def inbox_page(response):
    ctx = response.context
    out = []
    for task, _cells, css in ctx["rows"]:
        # The values the row's cells show (the cells themselves are HTML built by the view).
        values = [c.value(task) for c in ctx["columns"]]
        content, unit, coordinating, deadline, badge, result_cell = values
        out.append(
            (
                task.pk,
                content,
                unit,
                coordinating or None,
                deadline,
                str(badge.label),
                badge.note,
                result_cell,
                css,
            )
        )
    return {"count": ctx["paginator"].count, "rows": out}


def inbox_sql(results):
    rows, ((count,),) = results
    out = []
    for pk, content, unit, coordinating, due_on, text, result_text, report, urgency in rows:
        overdue = urgency == 0
        late = working_days_between(due_on, today) if overdue else 0
        out.append(
            (
                pk,
                content,
                unit,
                coordinating,
                due_on if due_on else text,
                "Quá hạn" if overdue else "Đang thực hiện trong hạn",
                f"quá hạn {late} ngày làm việc" if overdue else "",
                result_text or report or "",
                CSS.get(urgency, ""),
            )
        )
    return {"count": count, "rows": out}


for who, user, where in [
    ("busiest unit's user", stc, MINE),
    ("province leader", leader, READABLE),
]:
    rows_sql, count_sql = inbox_queries(where)
    iargs = {"on": today, "until": until, "unit": user.unit_id, "areas": AREAS}
    client = Client()
    client.force_login(user)
    pages.append(
        compare_page(
            f"inbox, {who}",
            client,
            reverse("directives:inbox"),
            page_content=inbox_page,
            sql=[
                Sql("first page, coordinating units, latest report", rows_sql, iargs),
                Sql("number of tasks", count_sql, iargs),
            ],
            sql_content=inbox_sql,
            runs=RUNS,
            summary=lambda c: f"{c['count']:,} open tasks, {len(c['rows'])} on the first page",
        )
    )

# The floor: what any signed-in page costs (session, user, layout), to read the ratios by.
client = Client()
client.force_login(stc)
floor_url = reverse("core:notifications")
client.get(floor_url)
times = []
for _ in range(RUNS):
    started = time.perf_counter()
    client.get(floor_url)
    times.append((time.perf_counter() - started) * 1000)
result["floor_ms"] = statistics.median(times)
result["busy_unit_tasks"] = Task.objects.filter(lead_unit=stc.unit_id).count()
result["pages"] = [p.as_dict() for p in pages]
print(json.dumps(result, default=str))
