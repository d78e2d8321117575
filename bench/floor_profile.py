"""What a signed-in page costs before its own content (the *floor*), taken apart phase by phase.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ictgov_floor \
        .venv/bin/python bench/floor_profile.py
    … bench/floor_profile.py --runs 300 --user chuyenvien --profile 200 --page /org/units/

On a database with the demo (`ictgov migrate`, `ictgov load_demo`), signs in as the demo officer
(a real login through the login form, as the load test does), then through Django's test client
(server time: middleware, view, queries, template; no network):

- times `/healthz` (a bare view), the officer's notifications page (the floor: what
  `page_vs_sql.floor_ms` measures) and list pages, alternately, and prints the median, the
  spread and the queries of each;
- takes one of them apart: the time and the queries of each middleware (its request and its
  response side together), of each `process_view` hook, of the view, of each context processor
  and of the template rendering, medians over the runs. Session and user are loaded lazily: their
  queries land in the first phase that asks who the user is. The instrumentation itself costs
  some (the phases' total is above the plain request's CPU): read the phases as shares;
- with `--profile N`, runs cProfile over N requests of that page and prints the top functions.

Never part of `make test`; no timed assertion anywhere. Report the machine's load (`uptime`)
beside any figure: it is printed first.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent / "src"), str(HERE)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ictgov.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("TASKS_BACKEND", "django.tasks.backends.dummy.DummyBackend")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.template import engines  # noqa: E402
from django.template.backends import django as django_backend  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

DEMO_PASSWORD = "ictgov-demo-2026"

# --- phases ---------------------------------------------------------------------------------

_ticks: list[tuple[int, str, float]] = []  # (tick index, "in"/"out", time)
_stack: list[str] = ["before"]  # the phase running now (queries are charged to it)
_spans: dict[str, float] = {}  # time of wrapped callables (process_view, processors, render)
_queries: dict[str, list[float]] = {}  # phase -> durations of its queries
_names: list[str] = []  # middleware names, in order
# Phases are timed in this process's CPU time: on a busy machine wall time mostly measures the
# wait for a core. The queries' own time (wall, PostgreSQL's side included) is shown beside.
_clock = time.process_time


def _short(path: str) -> str:
    return path.rsplit(".", 1)[-1]


def _make_tick(index: int):
    class Tick:
        def __init__(self, get_response):
            self.get_response = get_response

        def __call__(self, request):
            _ticks.append((index, "in", _clock()))
            _stack.append(_names[index] if index < len(_names) else "view")
            response = self.get_response(request)
            _stack.pop()
            _ticks.append((index, "out", _clock()))
            return response

    Tick.__name__ = f"Tick{index}"
    return Tick


def _timed(name, func):
    def wrapper(*args, **kwargs):
        _stack.append(name)
        started = _clock()
        try:
            return func(*args, **kwargs)
        finally:
            _spans[name] = _spans.get(name, 0.0) + _clock() - started
            _stack.pop()

    return wrapper


def _query_timer(execute, sql, params, many, context):
    started = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        _queries.setdefault(_stack[-1], []).append(time.perf_counter() - started)


def phased_client(username: str) -> Client:
    """A client whose middleware chain has a tick between every two middleware, and whose
    process_view hooks, context processors and template rendering are timed."""
    _names[:] = [_short(m) for m in settings.MIDDLEWARE]
    module = sys.modules[__name__]
    interleaved = []
    for index, path in enumerate([*settings.MIDDLEWARE, None]):
        tick = _make_tick(index)
        setattr(module, tick.__name__, tick)
        interleaved.append(f"{__name__}.{tick.__name__}")
        if path:
            interleaved.append(path)
    saved = settings.MIDDLEWARE
    settings.MIDDLEWARE = interleaved
    try:
        client = sign_in(username)
    finally:
        settings.MIDDLEWARE = saved
    handler = client.handler
    handler._view_middleware = [
        _timed(f"process_view: {_short(type(h.__self__).__name__)}", h)
        for h in handler._view_middleware
    ]
    engine = engines["django"].engine
    engine.template_context_processors = tuple(
        _timed(f"context processor: {p.__module__.rsplit('.', 1)[-1]}.{p.__name__}", p)
        for p in engine.template_context_processors
        if not getattr(p, "_floor_wrapped", False)
    )
    return client


_original_render = django_backend.Template.render


def _render(self, context=None, request=None):
    return _timed("template render", _original_render)(self, context, request)


def one_phased(client: Client, url: str) -> dict[str, tuple[float, int, float]]:
    """One request: {phase: (CPU ms, queries, queries' wall ms)}, phases in running order."""
    _ticks.clear()
    _spans.clear()
    _queries.clear()
    _stack[:] = ["before"]
    django_backend.Template.render = _render
    try:
        with connection.execute_wrapper(_query_timer):
            response = client.get(url)
    finally:
        django_backend.Template.render = _original_render
    assert response.status_code == 200, (url, response.status_code)
    at = {(i, side): t for i, side, t in _ticks}
    n = len(_names)
    phases: dict[str, float] = {}
    for i, name in enumerate(_names):
        phases[name] = (at[i + 1, "in"] - at[i, "in"]) + (at[i, "out"] - at[i + 1, "out"])
    stage = at[n, "out"] - at[n, "in"]  # process_view hooks, the view, the template
    hooks = {k: v for k, v in _spans.items() if k.startswith("process_view")}
    processors = {k: v for k, v in _spans.items() if k.startswith("context processor")}
    render = _spans.get("template render", 0.0)
    phases.update(hooks)
    phases["view (own code)"] = stage - sum(hooks.values()) - render
    phases.update(processors)
    phases["template render (without processors)"] = render - sum(processors.values())
    _queries.setdefault("view (own code)", _queries.pop("view", []))
    _queries.setdefault("template render (without processors)", _queries.pop("template render", []))
    return {
        name: (ms * 1000, len(_queries.get(name, [])), sum(_queries.get(name, [])) * 1000)
        for name, ms in phases.items()
    }


# --- signing in and timing -----------------------------------------------------------------


def sign_in(username: str) -> Client:
    """A client signed in through the login form (session, axes, last_login as in real use)."""
    from django.urls import reverse

    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": username, "password": DEMO_PASSWORD}
    )
    if response.status_code != 302:  # a user without the demo password: sign in directly
        from django.contrib.auth import get_user_model

        client.force_login(get_user_model().objects.get(username=username))
    return client


def timed(pages: list[tuple[str, Client, str]], runs: int):
    """Each (label, client, url) `runs` times, taking turns (drift hits them alike): wall and
    CPU (this process: Python, not PostgreSQL) ms per request."""
    wall: dict[str, list[float]] = {label: [] for label, _c, _u in pages}
    cpu: dict[str, list[float]] = {label: [] for label, _c, _u in pages}
    for _label, client, url in pages:
        for _ in range(3):  # warm: templates compiled, connections open
            client.get(url)
    for _ in range(runs):
        for label, client, url in pages:
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            cpu[label].append((time.process_time() - started_cpu) * 1000)
            wall[label].append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
    return wall, cpu


def queries_of(client: Client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return [q["sql"] for q in captured.captured_queries]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--user", default="chuyenvien", help="demo user (default: the officer)")
    parser.add_argument(
        "--empty-user", default="lanhdao", help="a demo user without notices (the bench's floor)"
    )
    parser.add_argument("--runs", type=int, default=200, help="requests per page (200)")
    parser.add_argument(
        "--page", action="append", help="extra pages to time (default: /org/units/, /directives/)"
    )
    parser.add_argument(
        "--phases", default="/core/notifications/", help="the page taken apart ('': none)"
    )
    parser.add_argument("--profile", type=int, default=0, help="cProfile N requests of it")
    parser.add_argument(
        "--sort", default="cumulative", choices=["cumulative", "tottime"], help="profile order"
    )
    parser.add_argument("--sql", action="store_true", help="print each page's queries")
    args = parser.parse_args()

    print(
        f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}"
        f" ({os.cpu_count()} cores); database {connection.vendor} "
        f"{connection.settings_dict['NAME']}; user {args.user}; {args.runs} runs"
    )
    client = sign_in(args.user)
    empty = sign_in(args.empty_user)
    from ictgov.core.models import Notification

    def notices(username):
        return Notification.objects.filter(user__username=username).count()

    floor_url = "/core/notifications/"
    pages = [
        ("/healthz", client, "/healthz"),
        (f"floor: {floor_url} {args.empty_user} ({notices(args.empty_user)})", empty, floor_url),
        (f"{floor_url} {args.user} ({notices(args.user)})", client, floor_url),
        *((url, client, url) for url in args.page or ["/org/units/", "/directives/"]),
    ]
    wall, cpu = timed(pages, args.runs)
    bare = statistics.median(wall["/healthz"])
    print(
        f"\n{'page (user, notices)':<42}{'wall ms':>8}{'p10–p90':>14}{'CPU ms':>8}"
        f"{'queries':>8}{'×/healthz':>10}"
    )
    for label, page_client, url in pages:
        q = statistics.quantiles(wall[label], n=10)
        sql = queries_of(page_client, url)
        median = statistics.median(wall[label])
        print(
            f"{label:<42}{median:>8.2f}{q[0]:>7.2f}–{q[-1]:<6.2f}"
            f"{statistics.median(cpu[label]):>8.2f}{len(sql):>8}{median / bare:>10.1f}"
        )
        if args.sql:
            for statement in sql:
                print("      ", " ".join(statement.split())[:200])

    if args.phases:
        phases(args, floor_url)
    if args.profile:
        profile(args, empty if (args.phases or floor_url) == floor_url else client)


def phases(args, floor_url: str) -> None:
    phased = phased_client(args.empty_user if args.phases == floor_url else args.user)
    for _ in range(3):
        one_phased(phased, args.phases)
    rows: dict[str, list[tuple[float, int]]] = {}
    totals = []
    for _ in range(args.runs):
        result = one_phased(phased, args.phases)
        totals.append(sum(v[0] for v in result.values()))
        for name, value in result.items():
            rows.setdefault(name, []).append(value)
    print(
        f"\nphases of {args.phases}, CPU ms of this process (median of {args.runs}; sum of "
        f"medians {sum(statistics.median(v[0] for v in vs) for vs in rows.values()):.2f} ms, "
        f"median total {statistics.median(totals):.2f} ms), queries and their wall ms"
    )
    for name, values in rows.items():
        ms = statistics.median(v[0] for v in values)
        n = statistics.median(v[1] for v in values)
        q_ms = statistics.median(v[2] for v in values)
        print(f"  {name:<52}{ms:>8.3f} ms{n:>4g} q{q_ms:>8.3f} ms")


def profile(args, client: Client) -> None:
    url = args.phases or "/core/notifications/"
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    for _ in range(args.profile):
        client.get(url)
    profiler.disable()
    print(f"\ncProfile of {args.profile} × {url} ({args.sort}, CPU ms per request):")
    stats = pstats.Stats(profiler)
    column = 3 if args.sort == "cumulative" else 2
    entries = sorted(stats.stats.items(), key=lambda kv: kv[1][column], reverse=True)
    for (filename, line, func), (_cc, calls, tottime, cumtime, _callers) in entries[:45]:
        where = f"{Path(filename).parent.name}/{Path(filename).name}:{line}({func})"
        print(
            f"  {cumtime * 1000 / args.profile:8.3f} cum {tottime * 1000 / args.profile:7.3f}"
            f" own {calls / args.profile:7.1f}× {where}"
        )


if __name__ == "__main__":
    main()
