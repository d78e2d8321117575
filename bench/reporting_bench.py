"""Reporting at national scale on PostgreSQL: every commune of the country (3,321) reporting a
monthly form of 100 indicators for 60 months, about 20 million approved values.

Measured against hand-written SQL that gives the same answer (checked equal):

* province totals by month of one indicator (60 months), through the selector the dashboard
  and the API use, and through the API endpoint itself (`/api/v1/reporting/totals`);
* province totals by month of the whole form (100 indicators × 60 months);
* the province table of one month (every commune × 100 indicators), as the dashboard builds it.

Ratios are medians of alternating runs (target ≤ 2). Then one commune's report is approved and
the very next request to the totals must include it (no batch in between); the approval's own
time is printed.

The database (BENCH_DATABASE_URL, default .../ictgov_bench_reporting) is dropped and made
afresh; BENCH_KEEP_DB=1 keeps it, BENCH_REUSE=1 measures a kept one (as often as wanted: the
report the approval step approved is put back to waiting first). BENCH_REPORTING_COMMUNES,
BENCH_REPORTING_INDICATORS, BENCH_REPORTING_MONTHS shrink it for a quick run.
"""

import json
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from page_vs_sql import on_bench_database, python_in_django  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/ictgov_bench_reporting"
COMMUNES = int(os.environ.get("BENCH_REPORTING_COMMUNES", "3321"))
INDICATORS = int(os.environ.get("BENCH_REPORTING_INDICATORS", "100"))
MONTHS = int(os.environ.get("BENCH_REPORTING_MONTHS", "60"))
PROVINCE_CODE = "40"
RUNS = 11

GENERATE = r"""
import itertools, json, random, sys, time
from datetime import date, timedelta

import django
django.setup()
from django.db import connection
from django.utils import timezone

from ictgov.accounts.models import User
from ictgov.core.models import valid_on_q
from ictgov.core.periods import period_of
from ictgov.core.roles import Role
from ictgov.core.text import expand_abbreviations
from ictgov.geo.models import AdministrativeUnit
from ictgov.geo.services import load_geography
from ictgov.org.models import Unit, UnitKind
from ictgov.reporting.models import (
    DataValue, FormIndicator, FormSection, Indicator, ReportForm, Submission,
)

N_COMMUNES, N_IND, N_MONTHS, FOCUS = map(str, sys.argv[1:5])
N_COMMUNES, N_IND, N_MONTHS = int(N_COMMUNES), int(N_IND), int(N_MONTHS)
rng = random.Random(20261201)
today = date.today()
now = timezone.now()
timings = {}
started = time.perf_counter()
load_geography()
timings["geography"] = time.perf_counter() - started

started = time.perf_counter()
communes = list(
    AdministrativeUnit.objects.filter(level="commune").filter(valid_on_q(today))
    .select_related("parent").order_by("code")
)
focus_province = AdministrativeUnit.objects.filter(level="province", code=FOCUS).get(
    valid_on_q(today))
focus = [c for c in communes if c.parent_id == focus_province.pk]
others = [c for c in communes if c.parent_id != focus_province.pk]
communes = focus + others[: max(0, N_COMMUNES - len(focus))]
units = []
for c in communes:
    name = f"Ủy ban nhân dân {c.name[:1].lower()}{c.name[1:]}"
    units.append(Unit(name=name, kind=UnitKind.PEOPLES_COMMITTEE, admin_unit=c,
                      search_name=expand_abbreviations(name), valid_from=date(2025, 7, 1)))
Unit.objects.bulk_create(units, batch_size=2000)
department = Unit.objects.create(name="Sở Khoa học và Công nghệ (bench)", kind=UnitKind.DEPARTMENT,
                                 admin_unit=focus_province, search_name="so khoa hoc bench")
User.objects.create_user("bench_officer", password="bench-not-a-secret", role=Role.OFFICER,
                         unit=department)
form = ReportForm.objects.create(code="BENCH", name="Biểu đo tải", period_kind="month",
                                 reporting_level="commune", search_name="bench")
section = FormSection.objects.create(form=form, title="I", order=0)
indicators = [Indicator(code=f"BENCH_{i:03d}", name=f"Chỉ tiêu {i}", value_type="integer",
                        aggregation="sum", search_name=f"bench {i:03d}") for i in range(N_IND)]
Indicator.objects.bulk_create(indicators)
indicators = list(Indicator.objects.filter(code__startswith="BENCH_").order_by("code"))
FormIndicator.objects.bulk_create(
    FormIndicator(form=form, section=section, indicator=ind, order=i, required=False)
    for i, ind in enumerate(indicators))
timings["setup"] = time.perf_counter() - started

last = period_of(today, "month").previous()
months = [last]
while len(months) < N_MONTHS:
    months.append(months[-1].previous())
months.reverse()


def copy_rows(model, rows, fields):
    table = connection.ops.quote_name(model._meta.db_table)
    cols = ", ".join(connection.ops.quote_name(model._meta.get_field(f).column) for f in fields)
    n = 0
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                n += 1
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{model._meta.db_table}', 'id'), "
            f"(SELECT max(id) FROM {table}))")
    return n


# Submissions: every (unit, month); the focus province's first commune's last month is left
# submitted (not counted) for the approval measurement.
started = time.perf_counter()
units = list(Unit.objects.filter(kind=UnitKind.PEOPLES_COMMITTEE, valid_from=date(2025, 7, 1))
             .select_related("admin_unit").order_by("pk"))
waiting = units[0].pk
sub_fields = ["id", "form", "period_start", "period_end", "unit", "area", "province",
              "is_consolidated", "state", "due_on", "submitted_on", "approved_on",
              "return_reason", "channel", "warnings", "created_at", "updated_at"]
sub_ids = {}


def submissions():
    sid = 0
    for m in months:
        due = m.end + timedelta(days=10)
        for u in units:
            sid += 1
            sub_ids[(u.pk, m.start)] = sid
            pending = u.pk == waiting and m == last
            yield [sid, form.pk, m.start, m.end, u.pk, u.admin_unit_id, u.admin_unit.parent_id,
                   False, "submitted" if pending else "locked", due, due - timedelta(days=2),
                   None if pending else due, "", "web", "[]", now, now]


n_subs = copy_rows(Submission, submissions(), sub_fields)
timings["copy_submissions"] = time.perf_counter() - started

started = time.perf_counter()
value_fields = ["id", "submission", "indicator", "option", "period_kind", "period_start", "unit",
                "area", "province", "number", "text", "counted", "updated_at"]
ind_ids = [i.pk for i in indicators]


def values():
    vid = 0
    for m in months:
        for u in units:
            sid = sub_ids[(u.pk, m.start)]
            counted = not (u.pk == waiting and m == last)
            area, province = u.admin_unit_id, u.admin_unit.parent_id
            base = (u.pk * 7) % 50
            for k, ind in enumerate(ind_ids):
                vid += 1
                yield (vid, sid, ind, "", "month", m.start, u.pk, area, province,
                       base + k + (vid % 13), "", counted, now)


# The value table's indexes and constraints are dropped for the load and made again after it
# (one sort each instead of 20 million index insertions); foreign keys come back NOT VALID
# (the rows are made consistent here), the unique constraint and indexes fully built.
with connection.cursor() as c:
    c.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = 'reporting_datavalue'::regclass AND contype IN ('f', 'u')"
    )
    constraints = c.fetchall()
    for name, _definition in constraints:
        c.execute(f'ALTER TABLE reporting_datavalue DROP CONSTRAINT "{name}"')
    c.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'reporting_datavalue' "
        "AND indexname NOT LIKE '%%pkey'"
    )
    indexes = c.fetchall()
    for name, _definition in indexes:
        c.execute(f'DROP INDEX "{name}"')
n_values = copy_rows(DataValue, values(), value_fields)
timings["copy_values"] = time.perf_counter() - started
started = time.perf_counter()
with connection.cursor() as c:
    for _name, definition in indexes:
        c.execute(definition)
    for name, definition in constraints:
        if definition.startswith("FOREIGN KEY"):
            definition += " NOT VALID"
        c.execute(f'ALTER TABLE reporting_datavalue ADD CONSTRAINT "{name}" {definition}')
timings["indexes"] = time.perf_counter() - started
started = time.perf_counter()
connection.ensure_connection()
connection.connection.autocommit = True
with connection.cursor() as cursor:
    cursor.execute("VACUUM ANALYZE")
timings["vacuum_analyze"] = time.perf_counter() - started
print(json.dumps({"submissions": n_subs, "values": n_values, "communes": len(units),
                  "indicators": len(ind_ids), "months": len(months), "timings": timings}))
"""

MEASURE = r"""
import json, statistics, sys, time
from datetime import date
from decimal import Decimal

import django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ictgov.accounts.models import User
from ictgov.core.models import valid_on_q
from ictgov.core.periods import period_of
from ictgov.geo.models import AdministrativeUnit
from ictgov.reporting import selectors, services
from ictgov.reporting.models import Indicator, ReportForm, Submission

RUNS, FOCUS = int(sys.argv[1]), sys.argv[2]
today = date.today()
province = AdministrativeUnit.objects.filter(level="province", code=FOCUS).get(valid_on_q(today))
ids = [province.pk, *province.predecessors.values_list("pk", flat=True)]
form = ReportForm.objects.get(code="BENCH")
ind = Indicator.objects.get(code="BENCH_000")
last = period_of(today, "month").previous()
first = Submission.objects.filter(form=form).order_by("period_start").first().period_start
user = User.objects.get(username="bench_officer")
# A kept database (BENCH_REUSE) measured again: the report an earlier run approved waits again.
for again in Submission.objects.filter(form=form, state="approved"):
    Submission.objects.filter(pk=again.pk).update(state="submitted", approved_on=None)
    again.values.update(counted=False)
client = Client()
client.force_login(user)
result = {"province": province.name}


def timed(fn):
    started = time.perf_counter()
    out = fn()
    return (time.perf_counter() - started) * 1000, out


def compare(name, page, raw):
    page_ms, raw_ms = [], []
    p_out = r_out = None
    for fn in (page, raw):  # warm-up of each, as bench/page_vs_sql.py does
        fn()
    for _ in range(RUNS):
        t, p_out = timed(page)
        page_ms.append(t)
        t, r_out = timed(raw)
        raw_ms.append(t)
    result[name] = {"page_ms": statistics.median(page_ms), "sql_ms": statistics.median(raw_ms),
                    "equal": p_out == r_out}


ONE = '''SELECT period_start, SUM(number) FROM reporting_datavalue
         WHERE counted AND number IS NOT NULL AND indicator_id = %s AND period_kind = 'month'
           AND province_id = ANY(%s) AND period_start BETWEEN %s AND %s
         GROUP BY period_start'''


def raw_one():
    with connection.cursor() as c:
        c.execute(ONE, [ind.pk, ids, first, last.start])
        return {r[0]: Decimal(r[1]) for r in c.fetchall()}


def page_one():
    series = selectors.province_series(ind, first=first, last=last.start, kind="month",
                                       province=province)
    return {k: Decimal(v) for k, v in series.get(province.pk, {}).items()}


compare("one_indicator", page_one, raw_one)
SPAN = f"{period_of(first, 'month').code}..{last.code}"
URL = f"/api/v1/reporting/totals?indicator=BENCH_000&period={SPAN}"


# The whole HTTP request (middleware, session, the view, JSON) by the shared page-vs-SQL
# comparison: content checked equal, warm-up, alternating runs.
from page_vs_sql import Sql, compare_page  # noqa: E402

api = compare_page(
    "one indicator by month (API /totals)",
    client,
    URL,
    page_content=lambda r: {x["period"]: Decimal(str(x["value"])) for x in r.json()["totals"]},
    sql=[Sql("one indicator", ONE, [ind.pk, ids, first, last.start])],
    sql_content=lambda res: {period_of(r[0], "month").code: Decimal(r[1]) for r in res[0]},
    runs=RUNS,
)
result["one_indicator_api"] = {"page_ms": api.page_ms, "sql_ms": api.sql_ms, "equal": api.equal}
result["api_queries"] = api.page_queries

FORM = '''SELECT indicator_id, option, period_start, SUM(number) FROM reporting_datavalue
          WHERE counted AND number IS NOT NULL AND period_kind = 'month'
            AND province_id = ANY(%s) AND period_start BETWEEN %s AND %s
            AND indicator_id IN (SELECT indicator_id FROM reporting_formindicator
                                 WHERE form_id = %s)
          GROUP BY indicator_id, option, period_start'''


def raw_form():
    with connection.cursor() as c:
        c.execute(FORM, [ids, first, last.start, form.pk])
        return {(r[0], r[1], r[2]): Decimal(r[3]) for r in c.fetchall()}


def page_form():
    return {k: Decimal(v) for k, v in selectors.form_series(
        form, first=first, last=last.start, province=province).items()}


compare("whole_form", page_form, raw_form)

TABLE = '''SELECT v.unit_id, v.indicator_id, SUM(v.number) FROM reporting_datavalue v
           WHERE v.counted AND v.number IS NOT NULL AND v.period_kind = 'month'
             AND v.province_id = ANY(%s) AND v.period_start = %s
           GROUP BY v.unit_id, v.indicator_id'''


def raw_table():
    with connection.cursor() as c:
        c.execute(TABLE, [ids, last.start])
        rows = c.fetchall()
    units = {}
    for unit, indicator, v in rows:
        units.setdefault(unit, {})[indicator] = Decimal(v)
    return sorted(sum(u.values()) for u in units.values())


def page_table():
    table = selectors.province_table(form, last, province, with_rates=False)
    return sorted(sum(v for v in r.values if v is not None) for r in table.rows)


compare("province_table", page_table, raw_table)
with CaptureQueriesContext(connection) as q:
    page_table()
result["table_queries"] = len(q)
_table = selectors.province_table(form, last, province, with_rates=False)
result["table_rows"], result["table_columns"] = len(_table.rows), len(_table.columns)
with connection.cursor() as c:
    c.execute("EXPLAIN " + ONE, [ind.pk, ids, first, last.start])
    result["plan_one"] = [r[0] for r in c.fetchall()]

# From approval to the figures: the very next request.
waiting = Submission.objects.get(form=form, state="submitted")
month_url = f"/api/v1/reporting/totals?indicator=BENCH_000&period={last.code}"
dash_url = f"/reporting/?form=BENCH&period={last.code}&indicator=BENCH_000"


def dashboard_total():
    # The dashboard page's province row (Toàn tỉnh), first column (BENCH_000), and its time.
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()  # records the page's context
    try:
        started = time.perf_counter()
        response = client.get(dash_url)
        ms = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, response.status_code
        return Decimal(response.context["table"].total.values[0]), ms
    finally:
        teardown_test_environment()


before = Decimal(str(client.get(month_url).json()["totals"][0]["value"]))
dash_before, _ms = dashboard_total()
own = waiting.values.get(indicator=ind).number
t, _ = timed(lambda: services.act(user, waiting, "approve"))
after = Decimal(str(client.get(month_url).json()["totals"][0]["value"]))
dash_after, dash_ms = dashboard_total()
result["approval_ms"] = t
result["approval_visible"] = after == before + own
result["approval_delta"] = [str(before), str(after), str(own)]
result["dashboard_visible"] = dash_after == dash_before + own
result["dashboard_delta"] = [str(dash_before), str(dash_after)]
result["dashboard_ms"] = dash_ms
result["values"] = Submission.objects.count()
print(json.dumps(result, default=str))
"""


def _ratio(r: dict) -> str:
    ratio = r["page_ms"] / r["sql_ms"] if r["sql_ms"] else float("inf")
    return (
        f"{r['page_ms']:.1f} ms, hand-written SQL {r['sql_ms']:.1f} ms: ratio {ratio:.2f} "
        f"(target ≤ 2; median of {RUNS}); answers {'equal' if r['equal'] else 'DIFFERENT'}"
    )


def _generate(url: str) -> list[str]:
    lines = []
    started = time.perf_counter()
    python_in_django(url, "-m", "ictgov.manage", "migrate", "--noinput", "-v", "0")
    migrated = time.perf_counter() - started
    started = time.perf_counter()
    made = json.loads(
        python_in_django(
            url,
            str(COMMUNES),
            str(INDICATORS),
            str(MONTHS),
            PROVINCE_CODE,
            script=GENERATE,
        )
    )
    t = made["timings"]
    lines.append(
        f"generated {made['values']:,} approved values ({made['communes']:,} communes × "
        f"{made['indicators']} indicators × {made['months']} months; "
        f"{made['submissions']:,} reports) in {time.perf_counter() - started:.0f} s: "
        f"COPY reports {t['copy_submissions']:.0f} s, "
        f"COPY values {t['copy_values']:.0f} s, indexes and constraints "
        f"{t['indexes']:.0f} s, "
        f"VACUUM ANALYZE {t['vacuum_analyze']:.0f} s (geography {t['geography']:.0f} s, "
        f"migrate {migrated:.0f} s)"
    )
    return lines


def _measure(url: str) -> list[str]:
    lines = []
    r = json.loads(python_in_django(url, str(RUNS), PROVINCE_CODE, script=MEASURE))
    lines.append(f"province: {r['province']}")
    lines.append("one indicator by month (selector): " + _ratio(r["one_indicator"]))
    lines.append(
        f"one indicator by month (API /totals, the whole HTTP request, {r['api_queries']} "
        "queries with the session's two): " + _ratio(r["one_indicator_api"])
    )
    lines.append("whole form by month (indicators × months): " + _ratio(r["whole_form"]))
    lines.append(
        f"province table of one month ({r['table_queries']} queries): "
        + _ratio(r["province_table"])
    )
    lines.append(
        f"approval → figures: approving took {r['approval_ms']:.1f} ms; the next request "
        f"{'includes' if r['approval_visible'] else 'DOES NOT include'} the approved value "
        f"(before, after, value: {', '.join(r['approval_delta'])}); the dashboard page's "
        f"province total {'includes' if r['dashboard_visible'] else 'DOES NOT include'} it "
        f"({' → '.join(r['dashboard_delta'])}; the page of "
        f"{r['table_rows']} communes × {r['table_columns']} indicators in "
        f"{r['dashboard_ms']:.0f} ms)"
    )
    lines.append("plan of the one-indicator SQL:")
    lines.extend("  " + line for line in r["plan_one"])
    return lines


def run() -> list[str]:
    return on_bench_database(DEFAULT_URL, _generate, _measure)


if __name__ == "__main__":
    for line in run():
        print(line)
