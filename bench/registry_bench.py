"""The registry at national scale: 1,000,000 facilities over the 3,321 communes, on PostgreSQL.

Measured with bench/page_vs_sql.py (issue 13's page-against-SQL comparison), as an officer of
Nghệ An's department (the scope is the province), each against hand-written SQL for the same
answer (content checked equal; ratio of the medians of alternating runs; plans printed):

* the filtered list page (active BTS of the province: first page, count) — target ratio ≤ 1.5;
* the map's GeoJSON for the province (every located facility) against PostgreSQL building the
  same FeatureCollection itself (json_agg) — target ≤ 1.5;
* a 100,000-row Excel import (read, every check, write with history) against python-calamine's
  own read of the same file — target ≤ 3×.

BENCH_DATABASE_URL (default .../ictgov_bench_registry) is dropped and made afresh; BENCH_KEEP_DB=1
keeps it; BENCH_FACILITIES sets the size; BENCH_IMPORT_ROWS the import's; BENCH_REUSE=1 measures
a database kept by an earlier run; BENCH_REGISTRY_PARTS=pages or =import measures one part.
"""

import json
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from page_vs_sql import on_bench_database, python_in_django, report_lines  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/ictgov_bench_registry"
FACILITIES = int(os.environ.get("BENCH_FACILITIES", "1000000"))
IMPORT_ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "100000"))
PROVINCE_CODE = "40"
RUNS = 11

GENERATE = r"""
import json, random, sys, time
from datetime import date, timedelta
from decimal import Decimal

import django
django.setup()
from django.db import connection
from django.utils import timezone

from ictgov.accounts.models import User
from ictgov.core.models import valid_on_q
from ictgov.core.roles import Role
from ictgov.core.text import fold_words
from ictgov.geo.models import AdministrativeUnit
from ictgov.geo.services import load_geography
from ictgov.org.models import Unit, UnitKind
from ictgov.registry.models import KIND_PREFIX, Facility

TOTAL, FOCUS = int(sys.argv[1]), sys.argv[2]
rng = random.Random(20261201)
today = date.today()
now = timezone.now()
timings = {}
started = time.perf_counter()
load_geography()
timings["geography"] = time.perf_counter() - started
communes = list(
    AdministrativeUnit.objects.filter(level="commune").filter(valid_on_q(today))
    .select_related("parent").order_by("code")
)
focus = AdministrativeUnit.objects.filter(level="province", code=FOCUS).get(valid_on_q(today))
unit = Unit.objects.create(name="Sở Khoa học và Công nghệ tỉnh Nghệ An",
                           kind=UnitKind.DEPARTMENT, admin_unit=focus)
User.objects.create_user("bench_officer", password="bench-not-a-secret", role=Role.OFFICER,
                         unit=unit)

KINDS = [("bts", 0.4), ("post", 0.08), ("radio", 0.07), ("internet_agent", 0.25),
         ("game_point", 0.12), ("public_access", 0.08)]
kinds = [k for k, _w in KINDS]
weights = [w for _k, w in KINDS]
STATUS = ["active"] * 17 + ["suspended", "closed", "closed"]
TECHS = ["2g,3g", "3g,4g", "4g", "4g,5g", "2g,3g,4g"]
CONDITION = ["working"] * 8 + ["degraded", "broken"]
fields = [f for f in Facility._meta.concrete_fields]
names = [f.attname for f in fields]
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
defaults["warnings"] = "[]"
table = connection.ops.quote_name(Facility._meta.db_table)
cols = ", ".join(connection.ops.quote_name(f.column) for f in fields)
centres = {c.pk: (rng.uniform(8.6, 23.2), rng.uniform(102.2, 109.4)) for c in communes}
place = {c.pk: (c.name, c.parent.name, c.parent_id, fold_words(c.name + " " + c.parent.name))
         for c in communes}
started = time.perf_counter()
n = 0
with connection.cursor() as cursor:
    with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
        for i in range(1, TOTAL + 1):
            commune = communes[rng.randrange(len(communes))]
            cname, pname, province_id, folded = place[commune.pk]
            kind = rng.choices(kinds, weights)[0]
            code = f"{KIND_PREFIX[kind]}-{i:07d}"
            name = f"Cơ sở {i}"
            street = f"Số {i % 300 + 1} đường {i % 97}"
            lat, lon = centres[commune.pk]
            row = {
                "id": i, "kind": kind, "code": code, "name": name, "street": street,
                "commune_id": commune.pk, "province_id": province_id,
                "address": f"{street}, {cname}, {pname}",
                "latitude": Decimal(f"{lat + rng.uniform(-0.03, 0.03):.6f}"),
                "longitude": Decimal(f"{lon + rng.uniform(-0.03, 0.03):.6f}"),
                "status": STATUS[i % len(STATUS)],
                "recorded_on": today - timedelta(days=i % 900),
                "search_name": f"{code.lower()} co so {i} so {i % 300 + 1} duong {i % 97} {folded}",
            }
            if kind == "bts":
                row.update(site_code=f"S{i:07d}", technologies=TECHS[i % len(TECHS)],
                           operator_name="Viettel")
            elif kind == "radio":
                row.update(condition=CONDITION[i % len(CONDITION)], loudspeaker_clusters=8)
            copy.write_row([row[k] if k in row else defaults[k] for k in names])
            n += 1
    cursor.execute(
        f"SELECT setval(pg_get_serial_sequence('{Facility._meta.db_table}', 'id'), {TOTAL})"
    )
timings["copy"] = time.perf_counter() - started
started = time.perf_counter()
connection.ensure_connection()
connection.connection.autocommit = True
with connection.cursor() as cursor:
    cursor.execute("VACUUM ANALYZE")
timings["vacuum_analyze"] = time.perf_counter() - started
print(json.dumps({"facilities": n, "timings": timings}))
"""

MEASURE = r"""
import json, sys
from datetime import date

import django
django.setup()
from django.test import Client

from ictgov.accounts.models import User
from ictgov.core.models import valid_on_q
from ictgov.geo.models import AdministrativeUnit
from page_vs_sql import Sql, compare_page, dumps

RUNS, FOCUS = int(sys.argv[1]), sys.argv[2]
today = date.today()
province = AdministrativeUnit.objects.filter(level="province", code=FOCUS).get(valid_on_q(today))
provinces = [province.pk, *province.predecessors.values_list("pk", flat=True)]
client = Client()
client.force_login(User.objects.get(username="bench_officer"))
ARGS = {"provinces": provinces}

# The list: what the page shows (first page of 25, and the count), written by hand.
LIST_ROWS = '''
    SELECT f.code, f.name, f.kind, f.address, f.old_address,
           coalesce(u.name, f.operator_name), f.status, f.warnings
    FROM registry_facility f LEFT JOIN org_unit u ON u.id = f.operator_unit_id
    WHERE f.province_id = ANY(%(provinces)s) AND f.kind = 'bts' AND f.status = 'active'
    ORDER BY f.kind, f.name, f.id
    LIMIT 25
'''
LIST_COUNT = '''
    SELECT count(*) FROM registry_facility f
    WHERE f.province_id = ANY(%(provinces)s) AND f.kind = 'bts' AND f.status = 'active'
'''
# The map's GeoJSON, built by PostgreSQL itself.
GEOJSON = '''
    SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(
        json_build_object(
            'type', 'Feature', 'id', id,
            'geometry', json_build_object('type', 'Point', 'coordinates',
                                          json_build_array(longitude::float8, latitude::float8)),
            'properties', json_build_object(
                'kind', kind, 'name', name, 'status', status, 'code', coalesce(code, ''),
                'condition', condition, 'url', '/registry/facilities/' || id || '/'))
    ), '[]'::json))::text
    FROM registry_facility
    WHERE province_id = ANY(%(provinces)s) AND latitude IS NOT NULL AND longitude IS NOT NULL
'''


def features(text):
    return sorted(json.loads(text)["features"], key=lambda f: f["id"])


listing = compare_page(
    f"registry list (active BTS, {province.name}, department officer)",
    client,
    "/registry/?kind=bts&status=active",
    page_content=lambda r: (
        [obj.code for obj, _cells, _css in r.context["rows"]], r.context["paginator"].count
    ),
    sql=[Sql("rows", LIST_ROWS, ARGS), Sql("count", LIST_COUNT, ARGS)],
    sql_content=lambda rows: ([r[0] for r in rows[0]], rows[1][0][0]),
    runs=RUNS,
    summary=lambda c: f"{c[1]:,} rows, first page of {len(c[0])}",
)
geo = compare_page(
    f"map GeoJSON ({province.name}, every located facility)",
    client,
    "/api/v1/registry/facilities.geojson",
    page_content=lambda r: features(r.content),
    sql=[Sql("geojson", GEOJSON, ARGS)],
    sql_content=lambda rows: features(rows[0][0][0]),
    runs=RUNS,
    page_plans=1,
    summary=lambda c: f"{len(c):,} features",
)
print(dumps([listing, geo]))
"""

IMPORT = r"""
import json, os, random, statistics, sys, tempfile, time
from datetime import date

import django
django.setup()
from django.db import connection

from ictgov.accounts.models import User
from ictgov.core.models import valid_on_q
from ictgov.geo.models import AdministrativeUnit
from ictgov.registry import imports
from ictgov.registry.models import Facility

ROWS, FOCUS = int(sys.argv[1]), sys.argv[2]
today = date.today()
province = AdministrativeUnit.objects.filter(level="province", code=FOCUS).get(valid_on_q(today))
codes = list(AdministrativeUnit.objects.filter(level="commune", parent=province)
             .filter(valid_on_q(today)).values_list("code", flat=True))
rng = random.Random(7)
spec = imports.spec("bts")
headers = [str(c.header) for c in spec.columns]
from openpyxl import Workbook

started = time.perf_counter()
wb = Workbook(write_only=True)
ws = wb.create_sheet(spec.sheet_name)
ws.append(headers)
for i in range(ROWS):
    values = {
        "Tên cơ sở": f"Trạm nhập {i}", "Mã xã": codes[i % len(codes)],
        "Số nhà, đường, thôn/xóm": f"Thôn {i % 40}",
        "Vĩ độ": round(rng.uniform(18.6, 19.9), 6), "Kinh độ": round(rng.uniform(104.0, 105.8), 6),
        "Tình trạng": "Đang hoạt động", "Doanh nghiệp, chủ cơ sở": "VNPT Nghệ An",
        "Mã trạm": f"IMP{i:07d}", "Công nghệ": "4G, 5G", "Loại cột": "Cột tự đứng",
        "Chiều cao cột (m)": 30, "Dùng chung hạ tầng": "Không",
    }
    ws.append([values.get(h) for h in headers])
path = tempfile.mktemp(suffix=".xlsx")
wb.save(path)
made = time.perf_counter() - started

from python_calamine import CalamineWorkbook

reads = []
for _ in range(3):
    started = time.perf_counter()
    CalamineWorkbook.from_path(path).get_sheet_by_name(spec.sheet_name).to_python()
    reads.append(time.perf_counter() - started)
read = statistics.median(reads)
# A database kept from an earlier run (BENCH_REUSE) still holds that run's imported rows.


def remove_imported():  # and vacuum, so that each run writes into the same tables
    Facility.history.filter(site_code__startswith="IMP")._raw_delete(connection.alias)
    kept._raw_delete(connection.alias)
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM {Facility._meta.db_table}")
        cursor.execute(f"VACUUM {Facility.history.model._meta.db_table}")


kept = Facility.objects.filter(site_code__startswith="IMP")
remove_imported()
before = Facility.objects.count()
_spec, save = imports.prepare({"kind": "bts"}, User.objects.get(username="bench_officer"))
with connection.cursor() as cursor:
    cursor.execute("SELECT pg_backend_pid()")
    (backend,) = cursor.fetchone()


def server_cpu():  # the backend's CPU seconds, when the server runs on this machine
    try:
        with open(f"/proc/{backend}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:
        return float("nan")


from ictgov.core import imports as core_imports

_read_sheet = core_imports.read_sheet
read_done = []


def timed_read(*args, **kwargs):
    out = _read_sheet(*args, **kwargs)
    read_done.append(time.perf_counter())
    return out


core_imports.read_sheet = timed_read
cpu0, server0 = time.process_time(), server_cpu()
started = time.perf_counter()
outcome = _spec.import_file(path, save)
total = time.perf_counter() - started
cpu, server = time.process_time() - cpu0, server_cpu() - server0
assert Facility.objects.count() == before + ROWS
assert Facility.history.filter(site_code__startswith="IMP").count() == ROWS
# Leave the database as generated (a kept one is measured again).
remove_imported()
print(json.dumps({"rows": outcome.rows, "made": made, "read": read, "import": total,
                  "read_in_import": read_done[0] - started, "python_cpu": cpu,
                  "server_cpu": server, "load": os.getloadavg()}))
"""


def _generate(url: str) -> list[str]:
    lines = []
    started = time.perf_counter()
    python_in_django(url, "-m", "ictgov.manage", "migrate", "--noinput", "-v", "0")
    made = json.loads(python_in_django(url, str(FACILITIES), PROVINCE_CODE, script=GENERATE))
    t = made["timings"]
    lines.append(
        f"generated {made['facilities']:,} facilities over every commune in "
        f"{time.perf_counter() - started:.0f} s (COPY {t['copy']:.0f} s, "
        f"VACUUM ANALYZE {t['vacuum_analyze']:.0f} s, geography {t['geography']:.0f} s)"
    )
    return lines


def _measure(url: str) -> list[str]:
    lines = []
    parts = os.environ.get("BENCH_REGISTRY_PARTS", "pages,import").split(",")
    if "pages" in parts:
        measured = json.loads(python_in_django(url, str(RUNS), PROVINCE_CODE, script=MEASURE))
        for page in measured["pages"]:
            lines.extend(report_lines(page))
    if "import" not in parts:
        return lines
    i = json.loads(python_in_django(url, str(IMPORT_ROWS), PROVINCE_CODE, script=IMPORT))
    lines.append(
        f"Excel import of {i['rows']:,} BTS rows: {i['import']:.1f} s (the read "
        f"{i['read_in_import']:.1f} s, then the checks and the writes together, chunk by chunk, "
        f"{i['import'] - i['read_in_import']:.1f} s; CPU: Python {i['python_cpu']:.1f} s with the "
        f"read, the PostgreSQL backend {i['server_cpu']:.1f} s); python-calamine's own read "
        f"{i['read']:.2f} s: ratio {i['import'] / i['read']:.1f} (target ≤ 3; load "
        f"{i['load'][0]:.1f})"
    )
    return lines


def run() -> list[str]:
    return on_bench_database(DEFAULT_URL, _generate, _measure)


if __name__ == "__main__":
    for line in run():
        print(line)
