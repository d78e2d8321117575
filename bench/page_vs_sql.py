"""A whole page against the hand-written SQL that produces the same content.

Every app's bench uses it the same way, inside a process where Django is set up on the bench
database (`python_in_django` runs such a process):

    result = compare_page(
        "inbox (busiest unit)", client, "/directives/",
        page_content=lambda response: ...,        # every number and row the page shows
        sql=[Sql("rows", ROWS, args), Sql("count", COUNT, args)],
        sql_content=lambda results: ...,          # the same, from the SQL's rows
    )
    lines = report_lines(result)                  # ratio, equality, plans

`compare_page` renders the page through Django's test client as the client's user (server time:
middleware, views, queries and templates, no network), runs the hand-written queries, checks
that both give the same content, then times the two alternately (so drift hits both alike) and
gives the ratio of the medians. It also keeps the plans (EXPLAIN ANALYZE) of the hand-written
queries and of the page's slowest queries, so a ratio can be explained.
"""

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
TARGET = 1.5


@dataclass
class Sql:
    """One hand-written query: a label for the output, the SQL and its parameters."""

    label: str
    sql: str
    params: Any = None


@dataclass
class Comparison:
    name: str
    url: str
    status: int
    equal: bool
    page_ms: float
    sql_ms: float
    runs: int
    page_queries: int
    page_sql_ms: float = 0.0  # the page's own queries, in all (one render, as Django timed them)
    summary: str = ""  # what the content is, in a few words
    difference: str = ""  # the first difference found, when not equal
    sql_plans: dict[str, list[str]] = field(default_factory=dict)
    page_plans: list[tuple[float, str, list[str]]] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        return self.page_ms / self.sql_ms if self.sql_ms else float("inf")

    @property
    def ok(self) -> bool:
        return self.equal and self.status == 200 and self.ratio <= TARGET

    def as_dict(self) -> dict:
        d = dict(self.__dict__)
        d["ratio"] = self.ratio
        return d


def run_sql(queries: list[Sql]) -> list[list[tuple]]:
    """Each query's rows, in order (what a hand-written page would fetch)."""
    from django.db import connection

    out = []
    with connection.cursor() as cursor:
        for q in queries:
            cursor.execute(q.sql, q.params)
            out.append(cursor.fetchall())
    return out


def explain(sql: str, params=None) -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS OFF, TIMING OFF, SUMMARY OFF) " + sql, params)
        return [line for (line,) in cursor.fetchall()]


def _first_difference(a, b, path="") -> str:
    if type(a) is not type(b) and not (isinstance(a, (int, float)) and isinstance(b, (int, float))):
        return f"{path or 'content'}: page {a!r:.200} vs SQL {b!r:.200}"
    if isinstance(a, dict):
        for key in sorted(set(a) | set(b), key=str):
            if key not in a or key not in b:
                where = "page" if key in a else "SQL"
                return f"{path}[{key!r}] only in the {where}"
            found = _first_difference(a[key], b[key], f"{path}[{key!r}]")
            if found:
                return found
        return ""
    if isinstance(a, (list, tuple)):
        if len(a) != len(b):
            return f"{path or 'content'}: {len(a)} items on the page, {len(b)} from SQL"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            found = _first_difference(x, y, f"{path}[{i}]")
            if found:
                return found
        return ""
    return "" if a == b else f"{path or 'content'}: page {a!r:.200} vs SQL {b!r:.200}"


def _page_plans(client, url: str, top: int) -> tuple[int, float, list]:
    """The page's queries (how many, their time in all) and the plans of its `top` slowest."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    timed = sorted(
        ((float(q["time"]) * 1000, q["sql"]) for q in captured.captured_queries),
        reverse=True,
    )
    plans = []
    for ms, sql in timed[:top]:
        if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
            continue
        try:
            plans.append((ms, sql, explain(sql)))
        except Exception as exc:  # a query the driver interpolated in a way EXPLAIN refuses
            plans.append((ms, sql, [f"(no plan: {exc.__class__.__name__})"]))
    return len(captured), sum(ms for ms, _sql in timed), plans


def compare_page(
    name: str,
    client,
    url: str,
    *,
    page_content: Callable[[Any], Any],
    sql: list[Sql],
    sql_content: Callable[[list[list[tuple]]], Any],
    runs: int = 15,
    page_plans: int = 3,
    summary: Callable[[Any], str] | None = None,
) -> Comparison:
    """Render `url` as `client`'s user and compare it with `sql` (see the module's docstring).

    `page_content(response)` reads the content from the response (its context is recorded);
    `sql_content(rows_of_each_query)` shapes the SQL's rows the same way.
    """
    from django.test.utils import setup_test_environment, teardown_test_environment

    # Content first, with the test instrumentation that records the template context.
    setup_test_environment()
    try:
        response = client.get(url)
        status = response.status_code
        page = page_content(response) if status == 200 else None
    finally:
        teardown_test_environment()
    raw = sql_content(run_sql(sql))
    difference = _first_difference(page, raw) if status == 200 else f"HTTP {status}"

    # Timing without the instrumentation, page and SQL alternately, after a warm-up of each.
    def page_once():
        client.get(url)

    def sql_once():
        run_sql(sql)

    for fn in (page_once, sql_once, page_once, sql_once):
        fn()
    times: dict[Callable, list[float]] = {page_once: [], sql_once: []}
    for _ in range(runs):
        for fn in (page_once, sql_once):
            started = time.perf_counter()
            fn()
            times[fn].append((time.perf_counter() - started) * 1000)
    count, page_sql_ms, plans = _page_plans(client, url, page_plans)
    return Comparison(
        name=name,
        url=url,
        status=status,
        equal=not difference,
        page_ms=statistics.median(times[page_once]),
        sql_ms=statistics.median(times[sql_once]),
        runs=runs,
        page_queries=count,
        page_sql_ms=page_sql_ms,
        summary=summary(raw) if summary else "",
        difference=difference,
        sql_plans={q.label: explain(q.sql, q.params) for q in sql},
        page_plans=plans,
    )


def floor_ms(client, runs: int = 15) -> float:
    """What any signed-in page costs here (session, user, layout, the unread notices): the
    notifications page of a user with none, median of `runs`. A page whose content takes
    `sql_ms` of SQL cannot have a ratio under 1 + floor / sql_ms."""
    from django.urls import reverse

    url = reverse("core:notifications")
    client.get(url)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def floor_line(floor: float) -> str:
    return (
        f"floor: any signed-in page costs {floor:.1f} ms here (session, user, layout); "
        "a page's ratio cannot be under 1 + floor / SQL time"
    )


def above_floor_line(page: dict, floor: float) -> str:
    above = (page["page_ms"] - floor) / page["sql_ms"]
    return f"  above the floor: (page − floor) / SQL = {above:.2f}"


def report_lines(c: dict | Comparison, *, plans: bool = True) -> list[str]:
    """What `make bench` prints for one comparison (also from its `as_dict()`, e.g. in JSON)."""
    d = c.as_dict() if isinstance(c, Comparison) else c
    ratio = d["page_ms"] / d["sql_ms"] if d["sql_ms"] else float("inf")
    verdict = "ok" if d["equal"] and d["status"] == 200 and ratio <= TARGET else "NOT MET"
    lines = [
        f"{d['name']}: page {d['page_ms']:.1f} ms ({d['page_queries']} queries"
        + (f", {d['page_sql_ms']:.1f} ms of SQL in one render" if "page_sql_ms" in d else "")
        + "), "
        f"hand-written SQL {d['sql_ms']:.1f} ms ({len(d['sql_plans'])} queries): "
        f"ratio {ratio:.2f} (target ≤ {TARGET}, median of {d['runs']} alternating) — {verdict}",
        f"  content {'equal' if d['equal'] else 'DIFFERENT: ' + d['difference']}"
        + (f" ({d['summary']})" if d.get("summary") else ""),
    ]

    if plans:
        for label, plan in d["sql_plans"].items():
            lines.append(f"  plan of the SQL '{label}':")
            lines.extend("    " + line for line in plan)
        for ms, sql, plan in d["page_plans"]:
            lines.append(f"  page query {ms:.1f} ms: {' '.join(sql.split())[:160]}…")
            lines.extend("    " + line for line in plan)
    return lines


# --- running Django against a bench database (shared by the apps' benches) ---------------------


def django_env(url: str) -> dict:
    path = os.pathsep.join(filter(None, [str(SRC), str(HERE), os.environ.get("PYTHONPATH")]))
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ictgov.settings",
        "DATABASE_URL": url,
        "PYTHONPATH": path,
        "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
        "DEBUG": "0",
        "TASKS_BACKEND": "django.tasks.backends.dummy.DummyBackend",
    }


def python_in_django(url: str, *args: str, script: str | None = None) -> str:
    """Run `script` (or `python -m args…`) with Django set to the database at `url`; the last
    line it prints (benches print their JSON result last)."""
    command = [sys.executable, "-c", script, *args] if script else [sys.executable, *args]
    out = subprocess.run(command, env=django_env(url), capture_output=True, text=True)
    if out.returncode:
        raise RuntimeError(" | ".join(out.stderr.strip().splitlines()[-3:]) or out.returncode)
    return out.stdout.strip().splitlines()[-1] if out.stdout.strip() else ""


def admin_sql(url: str, sql: str) -> None:
    """A statement on the server's maintenance database (CREATE / DROP DATABASE)."""
    import psycopg

    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(sql)


def on_bench_database(
    default_url: str,
    generate: Callable[[str], list[str]],
    measure: Callable[[str], list[str]],
) -> list[str]:
    """A benchmark's database: BENCH_DATABASE_URL (default `default_url`) dropped, made afresh
    and filled by `generate(url)`, then `measure(url)`; each returns lines to print. The
    database is dropped afterwards unless BENCH_KEEP_DB=1; BENCH_REUSE=1 measures a database
    kept by an earlier run without generating. The generation's figures are not lost with a
    failed measurement."""
    url = os.environ.get("BENCH_DATABASE_URL", default_url)
    name = url.rsplit("/", 1)[1]
    reuse = bool(os.environ.get("BENCH_REUSE"))
    if not reuse:
        try:
            admin_sql(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin_sql(url, f'CREATE DATABASE "{name}"')
        except Exception as exc:
            return [f"PostgreSQL not reachable ({exc.__class__.__name__}): skipped"]
    lines: list[str] = []
    try:
        if not reuse:
            lines.extend(generate(url))
        lines.extend(measure(url))
    except Exception as exc:
        if lines:
            raise RuntimeError(f"{' | '.join(lines)} | then {exc!r}") from exc
        raise
    finally:
        if not os.environ.get("BENCH_KEEP_DB") and not reuse:
            admin_sql(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return lines


def dumps(comparisons: list[Comparison], **extra) -> str:
    return json.dumps({"pages": [c.as_dict() for c in comparisons], **extra}, default=str)
