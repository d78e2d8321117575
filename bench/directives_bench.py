"""Directives at national scale: 1,000,000 tasks over the 34 provinces, on PostgreSQL.

Prints, for one province, the dashboard's counts from the selectors against hand-written SQL,
then whole pages against the hand-written SQL that produces the same content (checked equal;
bench/page_vs_sql.py): the leader's dashboard, and the to-do inbox's first page with its
default filters as the busiest unit's user and as a province leader. For each: page server
time / SQL time (median of alternating runs; target ≤ 1.5), and the query plans.

The database (BENCH_DATABASE_URL, default .../ictgov_bench_directives) is dropped and made
afresh, and its generation timed; BENCH_KEEP_DB=1 keeps it afterwards, BENCH_REUSE=1 measures a
kept one. BENCH_TASKS changes the number of tasks (10000000: about 300,000 per province).
"""

import json
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from page_vs_sql import on_bench_database, python_in_django, report_lines  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/ictgov_bench_directives"
TASKS = int(os.environ.get("BENCH_TASKS", "1000000"))
PROVINCE_CODE = "40"  # Nghệ An, the demo province
RUNS = 15

# --- generation (runs in a Django subprocess) -------------------------------------------------

GENERATE = r"""
import itertools, json, random, sys, time
from datetime import date, timedelta

import django
django.setup()
from django.db import connection
from django.utils import timezone

from ictgov.accounts.models import User
from ictgov.core.roles import Role
from ictgov.core.models import valid_on_q
from ictgov.core.text import fold
from ictgov.directives.models import DeadlineKind, Meeting, MeetingKind, Recurrence, Task
from ictgov.geo.models import AdministrativeUnit
from ictgov.geo.services import load_geography
from ictgov.org.models import Person, Unit, UnitKind

TOTAL, FOCUS = int(sys.argv[1]), sys.argv[2]
rng = random.Random(20260101)
today = date.today()
now = timezone.now()
timings = {}
started = time.perf_counter()
load_geography()
timings["geography"] = time.perf_counter() - started

provinces = list(
    AdministrativeUnit.objects.filter(level="province").filter(valid_on_q(today)).order_by("code")
)
assert len(provinces) == 34, len(provinces)

# A few hundred units: ten agencies in every province, three of them communes.
started = time.perf_counter()
AGENCIES = [
    ("Ủy ban nhân dân", UnitKind.PEOPLES_COMMITTEE, 0.3),
    ("Sở Khoa học và Công nghệ", UnitKind.DEPARTMENT, 3.0),
    ("Sở Văn hóa, Thể thao và Du lịch", UnitKind.DEPARTMENT, 2.0),
    ("Sở Tài chính", UnitKind.DEPARTMENT, 2.5),
    ("Sở Nội vụ", UnitKind.DEPARTMENT, 1.5),
    ("Văn phòng Ủy ban nhân dân", UnitKind.OFFICE, 1.5),
    ("Công an", UnitKind.DEPARTMENT, 1.0),
]
units, weights, leaders = {}, {}, {}
for p in provinces:
    where = p.name[:1].lower() + p.name[1:]
    units[p.pk], weights[p.pk] = [], []
    for name, kind, weight in AGENCIES:
        units[p.pk].append(Unit.objects.create(name=f"{name} {where}", kind=kind, admin_unit=p))
        weights[p.pk].append(weight)
    communes = AdministrativeUnit.objects.filter(level="commune", parent=p).filter(
        valid_on_q(today)
    ).order_by("code")[:3]
    for c in communes:
        name = f"Ủy ban nhân dân {c.name[:1].lower()}{c.name[1:]}"
        kind = UnitKind.PEOPLES_COMMITTEE
        units[p.pk].append(Unit.objects.create(name=name, kind=kind, admin_unit=c))
        weights[p.pk].append(1.0)
    leaders[p.pk] = Person.objects.create(full_name=f"Giám đốc Sở KH&CN {where}").pk
focus = next(p for p in provinces if p.code == FOCUS)
busy = units[focus.pk][3]  # Sở Tài chính of the focus province
User.objects.create_user(
    "bench_stc", password="bench-not-a-secret", role=Role.LIAISON, unit=busy
)
User.objects.create_user("bench_leader", password="bench-not-a-secret", role=Role.LEADER,
                         unit=units[focus.pk][1])
timings["org"] = time.perf_counter() - started


def copy_rows(model, rows):
    # COPY straight into the table, every concrete column given (defaults from the model).
    fields = list(model._meta.concrete_fields)
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
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    n = 0
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[k] if k in row else defaults[k] for k in names])
                n += 1
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{model._meta.db_table}', 'id'), "
            f"(SELECT max(id) FROM {table}))"
        )
    return n


# Meetings: about two a month in every province over three years.
started = time.perf_counter()
first_day = today - timedelta(days=3 * 365)
meetings = {}
meeting_rows = []
kinds = [MeetingKind.BRIEFING] * 3 + [MeetingKind.CONFERENCE, MeetingKind.WORKING_SESSION]
for p in provinces:
    meetings[p.pk] = []
    for k in range(72):
        held = first_day + timedelta(days=k * 15 + rng.randint(0, 6))
        if held > today:
            continue
        mid = len(meeting_rows) + 1
        title = f"Giao ban công tác kỳ {k + 1} ({p.name})"
        meeting_rows.append({
            "id": mid, "kind": rng.choice(kinds), "title": title, "held_on": held,
            "host_unit_id": units[p.pk][1].pk, "locality_id": p.pk,
            "chair_id": leaders[p.pk], "search_name": title.lower(),
        })
        meetings[p.pk].append((mid, held))
copy_rows(Meeting, meeting_rows)
timings["meetings"] = time.perf_counter() - started

# Tasks: shares of the provinces vary; deadlines, completions and cancellations consistent
# with the model (a done task has completed_on, a late one after due_on, and so on).
started = time.perf_counter()
share = [rng.uniform(0.6, 1.4) for _ in provinces]
VERBS = ["Triển khai", "Rà soát", "Tham mưu", "Báo cáo", "Kiểm tra", "Hướng dẫn", "Tổng hợp"]
TOPICS = [
    "kế hoạch chuyển đổi số", "hạ tầng trạm BTS", "đài truyền thanh cơ sở",
    "thủ tục hành chính trực tuyến", "an toàn thông tin mạng", "kinh phí ứng dụng CNTT",
    "điểm bưu điện văn hóa xã", "thông tin báo chí phản ánh", "cơ sở dữ liệu dùng chung",
]
coordination = []


def quarter(d):
    q = (d.month - 1) // 3
    start = date(d.year, 3 * q + 1, 1)
    end = (date(d.year + (q == 3), (3 * q + 3) % 12 + 1, 1)) - timedelta(days=1)
    return start, end, f"Quý {'I II III IV'.split()[q]}/{d.year}"


def outcome(row, assigned, due):
    r = rng.random()
    if r < 0.02:
        row["cancelled_on"] = min(today, assigned + timedelta(days=rng.randint(1, 60)))
        row["cancel_reason"] = "Không còn phù hợp"
        return
    if due is not None and due < today:
        if r < 0.70:
            row["completed_on"] = assigned + timedelta(days=rng.randint(0, (due - assigned).days))
        elif r < 0.88:
            late = min(90, (today - due).days)
            row["completed_on"] = due + timedelta(days=rng.randint(1, max(1, late)))
    elif r < 0.35:
        row["completed_on"] = assigned + timedelta(days=rng.randint(0, (today - assigned).days))
    if row.get("completed_on"):
        row["result"] = "Đã hoàn thành, có báo cáo kết quả."


# What Task.save() derives, kept as save() would (the field is newer than this bench).
SEARCHABLE = any(f.attname == "search_name" for f in Task._meta.concrete_fields)


def tasks():
    # Provinces interleaved row by row, as tasks arrive in a live system (not clustered).
    cum_share = list(itertools.accumulate(share))
    cum_units = {p.pk: list(itertools.accumulate(weights[p.pk])) for p in provinces}
    series = {p.pk: [] for p in provinces}
    for tid in range(1, TOTAL + 1):
        p = rng.choices(provinces, cum_weights=cum_share)[0]
        punits, pmeetings, pseries = units[p.pk], meetings[p.pk], series[p.pk]
        lead = rng.choices(punits, cum_weights=cum_units[p.pk])[0]
        meeting_id, held = rng.choice(pmeetings)
        assigned = min(today, held + timedelta(days=rng.randint(0, 3)))
        row = {
            "id": tid, "meeting_id": meeting_id, "lead_unit_id": lead.pk,
            "assigned_by_id": leaders[p.pk], "assigned_on": assigned,
            "province_id": p.pk, "locality_id": lead.admin_unit_id,
            "content": f"{rng.choice(VERBS)} {rng.choice(TOPICS)} (nhiệm vụ {tid})",
            "directive_verb": rng.choice(["giao", "đề nghị", "yêu cầu"]),
        }
        if SEARCHABLE:
            row["search_name"] = fold(row["content"])
        r = rng.random()
        if r < 0.005 or (r < 0.10 and not pseries):
            # A quarterly series: the template row, not counted; occurrences follow.
            row.update(deadline_kind=DeadlineKind.RECURRING, recurrence=Recurrence.QUARTERLY,
                       is_series=True, deadline_text="hằng quý")
            pseries.append((tid, lead, assigned))
        elif r < 0.10:
            sid, slead, sassigned = rng.choice(pseries)
            day = sassigned + timedelta(days=rng.randint(0, max(0, (today - sassigned).days)))
            start, end, label = quarter(day)
            due = end
            row.update(lead_unit_id=slead.pk, locality_id=slead.admin_unit_id,
                       series_id=sid, period_start=start, period_label=label,
                       assigned_on=max(start, sassigned), due_on=due, original_due_on=due,
                       deadline_kind=DeadlineKind.DATE, deadline_text="hằng quý")
            outcome(row, row["assigned_on"], due)
        elif r < 0.25:
            due = assigned + timedelta(days=14)  # "sớm": 10 working days
            row.update(deadline_kind=DeadlineKind.ASAP, deadline_text="sớm", due_on=due,
                       original_due_on=due)
            outcome(row, assigned, due)
        elif r < 0.30:
            row.update(deadline_kind=DeadlineKind.NONE, deadline_text="thường xuyên")
            outcome(row, assigned, None)
        else:
            due = assigned + timedelta(days=rng.choice([7, 15, 30, 30, 45, 60, 90, 120]))
            row.update(deadline_kind=DeadlineKind.DATE, due_on=due, original_due_on=due,
                       deadline_text=f"trước ngày {due:%d/%m/%Y}")
            outcome(row, assigned, due)
        if rng.random() < 0.3:
            for other in rng.sample(punits, 2)[: rng.randint(1, 2)]:
                if other.pk != row["lead_unit_id"]:
                    coordination.append((tid, other.pk))
        yield row


n = copy_rows(Task, tasks())
timings["tasks"] = time.perf_counter() - started
started = time.perf_counter()
through = Task.coordinating_units.through
links = enumerate(coordination, 1)
copy_rows(through, ({"id": i, "task_id": t, "unit_id": u} for i, (t, u) in links))
timings["coordination"] = time.perf_counter() - started
started = time.perf_counter()
connection.ensure_connection()
connection.connection.autocommit = True
with connection.cursor() as cursor:
    cursor.execute("VACUUM ANALYZE")
timings["vacuum_analyze"] = time.perf_counter() - started
print(json.dumps({"tasks": n, "coordination": len(coordination), "units": Unit.objects.count(),
                  "meetings": len(meeting_rows), "timings": timings}))
"""

# --- measuring: bench/directives_pages.py in another Django process ------------------------------


def _generate(url: str) -> str:
    started = time.perf_counter()
    python_in_django(url, "-m", "ictgov.manage", "migrate", "--noinput", "-v", "0")
    migrated = time.perf_counter() - started
    started = time.perf_counter()
    made = json.loads(python_in_django(url, str(TASKS), PROVINCE_CODE, script=GENERATE))
    generated = time.perf_counter() - started
    t = made["timings"]
    return (
        f"generated {made['tasks']:,} tasks ({made['coordination']:,} coordinating links, "
        f"{made['meetings']:,} meetings, {made['units']} units, 34 provinces) in "
        f"{generated:.0f} s: geography {t['geography']:.0f} s, COPY tasks {t['tasks']:.0f} s, "
        f"COPY links {t['coordination']:.0f} s, VACUUM ANALYZE {t['vacuum_analyze']:.0f} s "
        f"(migrate with its indexes {migrated:.0f} s)"
    )


def _measure(url: str) -> list[str]:
    lines = []
    # A kept database may predate the newest indexes: migrate (nothing to do when current).
    python_in_django(url, "-m", "ictgov.manage", "migrate", "--noinput", "-v", "0")
    script = str(HERE / "directives_pages.py")
    r = json.loads(python_in_django(url, script, str(RUNS), PROVINCE_CODE))
    totals = ", ".join(f"{k} {v:,}" for k, v in r["totals"].items())
    lines.append(
        f"{r['province']}: {r['tasks_in_province']:,} tasks, {r['units']} lead units; "
        f"as of today: {totals}; busiest unit leads {r['busy_unit_tasks']:,}"
    )
    ok = "equal" if r["equal_totals"] and r["equal_by_unit"] else "DIFFERENT"
    lines.append(f"selectors' counts vs raw SQL: {ok} (totals and per lead unit)")
    for label, page, raw in [
        ("three counts (task_counts)", r["page_totals_ms"], r["raw_totals_ms"]),
        ("per lead unit (counts_by)", r["page_by_unit_ms"], r["raw_by_unit_ms"]),
    ]:
        lines.append(
            f"{label}: selector {page:.1f} ms, raw SQL {raw:.1f} ms, ratio {page / raw:.2f}"
        )
    lines.append(
        f"floor: any signed-in page costs {r['floor_ms']:.1f} ms here (session, user, layout); "
        f"a page's ratio cannot be under 1 + floor / SQL time"
    )
    for page in r["pages"]:
        lines.extend(report_lines(page, plans=False))
        above = (page["page_ms"] - r["floor_ms"]) / page["sql_ms"]
        lines.append(f"  above the floor: (page − floor) / SQL = {above:.2f}")
    for page in r["pages"]:
        lines.append(f"plans for {page['name']}:")
        lines.extend(report_lines(page)[2:])
    return lines


def run() -> list[str]:
    return on_bench_database(DEFAULT_URL, lambda url: [_generate(url)], _measure)


if __name__ == "__main__":
    for line in run():
        print(line)
