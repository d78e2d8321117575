"""The licensing pages against hand-written SQL, on a bench database made by licensing_bench
(run by it in a Django process: `python licensing_pages.py RUNS PROVINCE_CODE`; prints JSON).

Both comparisons go through bench/page_vs_sql.py, as the other apps' do: the page is rendered
as the province's department officer, its content (every row and number it shows) checked equal
to what the hand-written SQL gives, then the two timed alternately.
"""

import json
import sys
from datetime import date

import django

django.setup()

from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from page_vs_sql import Sql, compare_page, floor_ms  # noqa: E402

from ictgov.accounts.models import User  # noqa: E402
from ictgov.core.clock import remaining_text  # noqa: E402
from ictgov.core.models import Parameter, valid_on_q  # noqa: E402
from ictgov.core.workdays import add_working_days  # noqa: E402
from ictgov.geo.models import AdministrativeUnit  # noqa: E402
from ictgov.licensing.models import (  # noqa: E402
    DUE_SOON_DEFAULT,
    DUE_SOON_PARAMETER,
    Dossier,
    DossierState,
    Timeliness,
)

RUNS, FOCUS = int(sys.argv[1]), sys.argv[2]
today = date.today()
province = AdministrativeUnit.objects.filter(level="province", code=FOCUS).get(valid_on_q(today))
provinces = [province.pk, *province.predecessors.values_list("pk", flat=True)]
year = today.year
soon = add_working_days(today, Parameter.get_int(DUE_SOON_PARAMETER, DUE_SOON_DEFAULT))
user = User.objects.select_related("unit").get(username="bench_officer")
client = Client()
client.force_login(user)
pages = []

# --- the officer's inbox: first page of open dossiers by promised date, the marks, the number ---

OPEN = "('received', 'in_review', 'site_inspection', 'supplement_requested')"
# What a department's staff read: their province's dossiers (and those of the provinces merged
# into it), those of no province, and those their own unit handles.
IN_SCOPE = (
    "({t}province_id IS NULL OR {t}province_id = ANY(%(provinces)s) OR {t}issuer_id = %(unit)s)"
)
INBOX_ROWS = f"""
    SELECT d.receipt_code, p.name, d.applicant_name, d.received_at, d.due_on, d.state,
           CASE WHEN d.state = 'supplement_requested' THEN 'paused'
                WHEN d.due_on < %(today)s THEN 'overdue'
                WHEN d.due_on <= %(soon)s THEN 'due_soon' ELSE 'on_time' END,
           NULLIF(concat_ws(' ', NULLIF(u.first_name, ''), NULLIF(u.last_name, '')), ''),
           u.username
    FROM licensing_dossier d
    JOIN licensing_procedure p ON p.id = d.procedure_id
    LEFT JOIN accounts_user u ON u.id = d.handler_id
    WHERE d.state IN {OPEN} AND {IN_SCOPE.format(t="d.")}
    ORDER BY d.due_on, d.id
    LIMIT 25
"""
INBOX_COUNTS = f"""
    SELECT count(*),
           count(*) FILTER (WHERE state <> 'supplement_requested' AND due_on < %(today)s),
           count(*) FILTER (WHERE state <> 'supplement_requested' AND due_on >= %(today)s
                                  AND due_on <= %(soon)s),
           count(*) FILTER (WHERE state <> 'supplement_requested' AND due_on > %(soon)s),
           count(*) FILTER (WHERE state = 'supplement_requested')
    FROM licensing_dossier
    WHERE state IN {OPEN} AND {IN_SCOPE.format(t="")}
"""
ARGS = {"today": today, "soon": soon, "provinces": provinces, "unit": user.unit_id}
MARKS = ["overdue", "due_soon", "on_time", "paused"]


def inbox_page(response):
    ctx = response.context
    rows = [
        (
            d.receipt_code,
            d.procedure.name,
            d.applicant_name,
            d.received_at,
            d.due_on,
            str(d.get_state_display()),
            d.timeliness,
            str(d.get_timeliness_display()),
            rest,
            str(d.handler) if d.handler_id else None,
        )
        for d, rest, _css in ctx["dossiers"]
    ]
    marks = {m["key"]: m["count"] for m in ctx["marks"]}
    return {"count": ctx["paginator"].count, "marks": {k: marks[k] for k in MARKS}, "rows": rows}


def inbox_sql(results):
    rows, ((total, *counts),) = results
    out = []
    for code, proc, name, received, due, state, mark, full_name, username in rows:
        paused = state == DossierState.SUPPLEMENT_REQUESTED
        out.append(
            (
                code,
                proc,
                name,
                received,
                due,
                str(DossierState(state).label),
                mark,
                str(Timeliness(mark).label),
                remaining_text(due, today, paused=paused),
                full_name or username,
            )
        )
    return {"count": total, "marks": dict(zip(MARKS, counts, strict=True)), "rows": out}


pages.append(
    compare_page(
        "inbox, department officer",
        client,
        reverse("licensing:inbox"),
        page_content=inbox_page,
        sql=[Sql("first page", INBOX_ROWS, ARGS), Sql("marks and number", INBOX_COUNTS, ARGS)],
        sql_content=inbox_sql,
        runs=RUNS,
        summary=lambda c: (
            f"{c['count']:,} open dossiers: "
            + ", ".join(f"{k.replace('_', ' ')} {v:,}" for k, v in c["marks"].items())
            + f"; {len(c['rows'])} on the first page"
        ),
    )
)

# --- a year of QĐ 766 figures of the province: per procedure, issuing unit and month ---------

FIGURES = """
    SELECT date_trunc('month', t.acted_on)::date AS month, d.procedure_id, p.name,
           d.issuer_id, i.name,
           count(*),
           count(*) FILTER (WHERE t.acted_on < t.due_on),
           count(*) FILTER (WHERE t.acted_on <= t.due_on),
           sum(t.working_days),
           count(*) FILTER (WHERE d.channel = 'online'),
           count(*) FILTER (WHERE d.paid_on IS NOT NULL),
           count(*) FILTER (WHERE d.paid_via = 'online'),
           count(*) FILTER (WHERE d.electronic_result),
           count(*) FILTER (WHERE d.rating IS NOT NULL),
           count(*) FILTER (WHERE d.rating >= 4)
    FROM licensing_dossiertransition t
    JOIN licensing_dossier d ON d.id = t.dossier_id
    JOIN licensing_procedure p ON p.id = d.procedure_id
    JOIN org_unit i ON i.id = d.issuer_id
    WHERE t.to_state IN ('approved', 'rejected')
      AND t.province_id = ANY(%(provinces)s)
      AND t.acted_on BETWEEN %(start)s AND %(end)s
    GROUP BY 1, d.procedure_id, p.name, d.issuer_id, i.name
    ORDER BY 1, p.name, i.name
"""
FARGS = {"provinces": provinces, "start": date(year, 1, 1), "end": date(year, 12, 31)}
KEYS = [
    "decided",
    "early",
    "on_time",
    "working_days",
    "online",
    "paid",
    "paid_online",
    "electronic",
    "rated",
    "satisfied",
]


def figures_page(response):
    ctx = response.context
    rows = [
        (
            r["month"],
            r["procedure_id"],
            r["procedure"],
            r["issuer_id"],
            r["issuer"],
            {k: getattr(r["figures"], k) for k in KEYS},
        )
        for r in ctx["rows"]
    ]
    return {"rows": rows, "total": {k: getattr(ctx["total"], k) for k in KEYS}}


def figures_sql(results):
    (rows,) = results
    out = [(*r[:5], dict(zip(KEYS, (v or 0 for v in r[5:]), strict=True))) for r in rows]
    return {"rows": out, "total": {k: sum(r[5][k] or 0 for r in out) for k in KEYS}}


pages.append(
    compare_page(
        f"QĐ 766 figures, {province.name}, {year}",
        client,
        f"{reverse('licensing:figures')}?year={year}&province={FOCUS}",
        page_content=figures_page,
        sql=[Sql("figures per procedure, unit and month", FIGURES, FARGS)],
        sql_content=figures_sql,
        runs=RUNS,
        summary=lambda c: (
            f"{c['total']['decided']:,} decisions in {len(c['rows'])} "
            "(month, procedure, unit) groups"
        ),
    )
)

result = {
    "floor_ms": floor_ms(client, RUNS),
    "province": province.name,
    "dossiers": Dossier.objects.count(),
    "pages": [p.as_dict() for p in pages],
}
print(json.dumps(result, default=str))
