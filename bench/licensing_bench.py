"""Licensing at national scale: 2,000,000 dossiers over the 34 provinces and three years, on
PostgreSQL, with their clocks and transition logs (about 7 steps per 2 dossiers' worth).

Two pages are measured against hand-written SQL that produces the same content (checked equal):

* the officer's inbox (first page of open dossiers by promised date, the on time / due soon /
  overdue / paused counts and the number of open dossiers), as a department officer;
* a year of QĐ 766 figures of one province (per procedure, issuing unit and month: decided,
  early, on time, working days, online, paid, paid online, electronic result, rated, satisfied).

For each: page server time / SQL time (median of alternating runs; target ≤ 1.5) and the
query plans. The database (BENCH_DATABASE_URL, default .../ictgov_bench_licensing) is dropped
and made afresh; BENCH_KEEP_DB=1 keeps it; BENCH_DOSSIERS sets the size (e.g. 200000 for a
quick run); BENCH_REUSE=1 measures a database kept (BENCH_KEEP_DB=1) by an earlier run.
"""

import json
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from page_vs_sql import (  # noqa: E402
    above_floor_line,
    floor_line,
    on_bench_database,
    python_in_django,
    report_lines,
)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/ictgov_bench_licensing"
DOSSIERS = int(os.environ.get("BENCH_DOSSIERS", "2000000"))
PROVINCE_CODE = "40"  # Nghệ An, the demo province
RUNS = 15

# --- generation (a Django subprocess) ---------------------------------------------------------

GENERATE = r"""
import itertools, json, random, sys, time
from datetime import date, datetime, time as dtime, timedelta, timezone as tz

import django
django.setup()
from django.db import connection
from django.utils import timezone

from ictgov.accounts.models import User
from ictgov.core.models import Clock, valid_on_q
from ictgov.core.roles import Role
from ictgov.core.text import fold_words
from ictgov.core.workdays import add_working_days, working_days_between
from ictgov.geo.models import AdministrativeUnit
from ictgov.geo.services import load_geography
from ictgov.licensing.models import Dossier, DossierTransition, Procedure
from ictgov.org.models import Unit, UnitKind

TOTAL, FOCUS = int(sys.argv[1]), sys.argv[2]
rng = random.Random(20261201)
today = date.today()
now = timezone.now()
timings = {}
started = time.perf_counter()
load_geography()
timings["geography"] = time.perf_counter() - started

started = time.perf_counter()
provinces = list(
    AdministrativeUnit.objects.filter(level="province").filter(valid_on_q(today)).order_by("code")
)
assert len(provinces) == 34, len(provinces)
procedures = {p.name: p for p in Procedure.objects.filter(valid_on_q(today))}
GAME = next(p for n, p in procedures.items() if n.startswith("Cấp Giấy chứng nhận đủ"))
WEB = next(p for n, p in procedures.items() if "trang thông tin" in n)
PUB = next(p for n, p in procedures.items() if "xuất bản" in n)
BTS = next(p for n, p in procedures.items() if "BTS" in n)
MIX = [(GAME, 0.5, "commune"), (WEB, 0.2, "SVHTTDL"), (PUB, 0.2, "UBND"), (BTS, 0.1, "SXD")]

issuers, handlers, share = {}, {}, {}
for p in provinces:
    where = p.name[:1].lower() + p.name[1:]
    ubnd = Unit.objects.create(name=f"Ủy ban nhân dân {where}", kind=UnitKind.PEOPLES_COMMITTEE,
                               admin_unit=p)
    svh = Unit.objects.create(name=f"Sở Văn hóa, Thể thao và Du lịch {where}",
                              kind=UnitKind.DEPARTMENT, admin_unit=p, parent=ubnd)
    sxd = Unit.objects.create(name=f"Sở Xây dựng {where}", kind=UnitKind.DEPARTMENT,
                              admin_unit=p, parent=ubnd)
    communes = list(AdministrativeUnit.objects.filter(level="commune", parent=p)
                    .filter(valid_on_q(today)).order_by("code")[:30])
    wards = [Unit.objects.create(name=f"Ủy ban nhân dân {c.name[:1].lower()}{c.name[1:]}",
                                 kind=UnitKind.PEOPLES_COMMITTEE, admin_unit=c) for c in communes]
    issuers[p.pk] = {"SVHTTDL": svh, "UBND": ubnd, "SXD": sxd, "commune": wards}
    handlers[p.pk] = [
        User.objects.create_user(f"cv{p.code}_{i}", password=None, role=Role.OFFICER,
                                 first_name=f"Chuyên viên {i} {p.short_name}", unit=svh).pk
        for i in range(5)
    ]
    share[p.pk] = rng.uniform(0.6, 1.4)
focus = next(p for p in provinces if p.code == FOCUS)
User.objects.create_user("bench_officer", password="bench-not-a-secret", role=Role.OFFICER,
                         unit=issuers[focus.pk]["SVHTTDL"])
applicants = [
    User(username=f"dn{i:05d}", role=Role.APPLICANT, first_name=f"Doanh nghiệp {i}")
    for i in range(3000)
]
User.objects.bulk_create(applicants, batch_size=1000)
applicant_ids = list(User.objects.filter(role=Role.APPLICANT).values_list("pk", flat=True))
timings["org"] = time.perf_counter() - started


def copy_rows(model, rows, columns=None):
    fields = [f for f in model._meta.concrete_fields if columns is None or f.attname in columns]
    defaults = {}
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.attname] = now
        elif f.has_default():
            defaults[f.attname] = f.get_default()
        elif f.null:
            defaults[f.attname] = None
        elif f.get_internal_type() in ("CharField", "TextField"):
            defaults[f.attname] = ""
    names = [f.attname for f in fields]
    table = connection.ops.quote_name(model._meta.db_table)
    cols = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    n = 0
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[k] if k in row else defaults[k] for k in names])
                n += 1
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{model._meta.db_table}', 'id'), "
            f"(SELECT max(id) FROM {table}))"
        )
    return n


first_day = today - timedelta(days=3 * 365)
SPAN = (today - first_day).days
ICT = tz(timedelta(hours=7))
OPEN = ["received", "in_review", "in_review", "in_review", "site_inspection",
        "supplement_requested"]
NAMES = ["Công ty TNHH", "Hộ kinh doanh", "Công ty Cổ phần", "Doanh nghiệp tư nhân"]
clock_rows, steps = [], []
counters = {}


def at(day, hour):
    return datetime.combine(day, dtime(hour, 5), tzinfo=ICT)


def dossiers():
    cum_share = list(itertools.accumulate(share[p.pk] for p in provinces))
    cum_mix = list(itertools.accumulate(w for _p, w, _k in MIX))
    sid = 0
    for did in range(1, TOTAL + 1):
        p = rng.choices(provinces, cum_weights=cum_share)[0]
        proc, _w, kind = rng.choices(MIX, cum_weights=cum_mix)[0]
        units = issuers[p.pk]
        unit = rng.choice(units["commune"]) if kind == "commune" else units[kind]
        received = first_day + timedelta(days=int(SPAN * rng.random() ** 0.9))
        due = add_working_days(received, proc.processing_days)
        online = rng.random() < 0.62
        key = (unit.pk, received)
        counters[key] = counters.get(key, 0) + 1
        agency = f"X{unit.admin_unit.code}" if kind == "commune" else f"H{p.code}.{kind}"
        code = f"{agency}-{received:%y%m%d}-{counters[key]:04d}"
        name = f"{rng.choice(NAMES)} Bench {did}"
        handler = rng.choice(handlers[p.pk])
        row = {
            "id": did, "receipt_code": code, "procedure_id": proc.pk, "issuer_id": unit.pk,
            "issuer_symbol": "UBND" if kind == "commune" else kind, "province_id": p.pk,
            "locality_id": unit.admin_unit_id if kind == "commune" else None,
            "channel": "online" if online else "in_person",
            "applicant_id": rng.choice(applicant_ids) if online else None,
            "applicant_kind": "organisation", "applicant_name": name,
            "facility_name": f"Cơ sở {did}", "received_at": at(received, 8),
            "clock_id": did, "due_on": due, "fee_due": 500000, "handler_id": handler,
            "search_name": f"{fold_words(code)} {fold_words(name)} co so {did}",
            "created_at": now, "updated_at": now,
        }
        log = [("submit", "", "received", received, 0)]
        age = working_days_between(received, today)
        paused_days = 0
        if rng.random() < 0.12 and age > 3:
            p_on = add_working_days(received, 2)
            if age > 9 or rng.random() < 0.5:  # answered
                paused_days = rng.randint(2, 6)
                r_on = add_working_days(p_on, paused_days)
                if r_on <= today:
                    log += [("accept", "received", "in_review", add_working_days(received, 1), 1),
                            ("request_supplement", "in_review", "supplement_requested", p_on, 2),
                            ("supplement", "supplement_requested", "in_review", r_on, 2)]
                    due = add_working_days(due, paused_days)
                    row["due_on"] = due
                else:
                    paused_days = 0
        if len(log) == 1:
            log.append(("accept", "received", "in_review", add_working_days(received, 1), 1))
        took = proc.processing_days + (rng.randint(1, 5) if rng.random() < 0.1
                                       else -rng.randint(0, max(0, proc.processing_days - 3)))
        decided = add_working_days(received, max(2, took) + paused_days)
        if decided > today:
            state = rng.choice(OPEN)
            if state == "received":
                log = log[:1]
            row["state"] = state
            if state == "supplement_requested":
                log.append(("request_supplement", "in_review", "supplement_requested",
                            min(today, add_working_days(received, 2)), 2))
        elif rng.random() < 0.02:
            row["state"] = "withdrawn"
            log.append(("withdraw", "in_review", "withdrawn", decided, max(2, took)))
        else:
            rejected = rng.random() < 0.08
            to = "rejected" if rejected else "approved"
            log.append(("reject" if rejected else "approve", "in_review", to, decided,
                        max(2, took)))
            row.update(decided_on=decided, state=to)
            if rng.random() < 0.9:
                returned = add_working_days(decided, 1)
                if returned <= today:
                    row.update(state="returned", returned_at=at(returned, 15),
                               electronic_result=online and rng.random() < 0.8)
                    log.append(("return_result", to, "returned", returned, None))
                    if online and rng.random() < 0.6:
                        row["rating"] = rng.choice([5, 5, 4, 4, 4, 3, 2, 1])
            if rng.random() < 0.85:
                method = rng.choice(["online", "online", "cash", "transfer"]) if online else "cash"
                row.update(paid_via=method, fee_paid=500000, paid_on=decided,
                           fee_receipt_number=f"BL{did}")
        clock_rows.append({"id": did, "budget_days": proc.processing_days,
                           "started_on": received, "due_on": row["due_on"],
                           "paused": row.get("state") == "supplement_requested",
                           "stopped_on": row.get("decided_on")})
        for name_, frm, to_, on, wd in log:
            sid += 1
            steps.append({"id": sid, "dossier_id": did, "name": name_, "from_state": frm,
                          "to_state": to_, "actor_id": handler, "at": at(on, 10),
                          "acted_on": on, "due_on": row["due_on"], "working_days": wd,
                          "province_id": p.pk, "note": ""})
        yield row


# In chunks, so memory stays bounded: each chunk's clocks, dossiers and steps by COPY.
timings.update(make_rows=0.0, copy_dossiers=0.0, copy_steps=0.0)
n, n_steps, CHUNK = 0, 0, 100_000
source = dossiers()
while True:
    started = time.perf_counter()
    rows = list(itertools.islice(source, CHUNK))
    timings["make_rows"] += time.perf_counter() - started
    if not rows:
        break
    started = time.perf_counter()
    copy_rows(Clock, clock_rows)
    n += copy_rows(Dossier, rows)
    timings["copy_dossiers"] += time.perf_counter() - started
    started = time.perf_counter()
    n_steps += copy_rows(DossierTransition, steps)
    timings["copy_steps"] += time.perf_counter() - started
    clock_rows.clear()
    steps.clear()
started = time.perf_counter()
connection.ensure_connection()
connection.connection.autocommit = True
with connection.cursor() as cursor:
    cursor.execute("VACUUM ANALYZE")
timings["vacuum_analyze"] = time.perf_counter() - started
print(json.dumps({"dossiers": n, "steps": n_steps, "timings": timings}))
"""

# --- measuring: bench/licensing_pages.py in another Django process (bench/page_vs_sql.py) -------


def _generate(url: str) -> str:
    started = time.perf_counter()
    python_in_django(url, "-m", "ictgov.manage", "migrate", "--noinput", "-v", "0")
    migrated = time.perf_counter() - started
    started = time.perf_counter()
    made = json.loads(python_in_django(url, str(DOSSIERS), PROVINCE_CODE, script=GENERATE))
    generated = time.perf_counter() - started
    t = made["timings"]
    return (
        f"generated {made['dossiers']:,} dossiers and {made['steps']:,} logged steps "
        f"(34 provinces, three years) in {generated:.0f} s: rows {t['make_rows']:.0f} s, "
        f"COPY dossiers+clocks {t['copy_dossiers']:.0f} s, COPY steps {t['copy_steps']:.0f} s, "
        f"VACUUM ANALYZE {t['vacuum_analyze']:.0f} s (geography {t['geography']:.0f} s, "
        f"migrate {migrated:.0f} s)"
    )


def _measure(url: str) -> list[str]:
    # A kept database may predate the newest indexes: migrate (nothing to do when current).
    python_in_django(url, "-m", "ictgov.manage", "migrate", "--noinput", "-v", "0")
    script = str(HERE / "licensing_pages.py")
    r = json.loads(python_in_django(url, script, str(RUNS), PROVINCE_CODE))
    lines = [f"{r['dossiers']:,} dossiers; the officer belongs to {r['province']}"]
    lines.append(floor_line(r["floor_ms"]))
    for page in r["pages"]:
        lines.extend(report_lines(page, plans=False))
        lines.append(above_floor_line(page, r["floor_ms"]))
    for page in r["pages"]:
        lines.append(f"plans for {page['name']}:")
        lines.extend(report_lines(page)[2:])
    return lines


def run() -> list[str]:
    return on_bench_database(DEFAULT_URL, lambda url: [_generate(url)], _measure)


if __name__ == "__main__":
    for line in run():
        print(line)
