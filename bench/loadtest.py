"""`make loadtest`: mixed-role users against `ictgov serve` (gunicorn, production settings) on
PostgreSQL, with locust, headless. Prints requests/s, p50/p95/p99 per page type, errors, the
gunicorn workers' memory (RSS) after warm-up and at the end, and the list pages' throughput
against a bare endpoint (/healthz) on the same server (target ≥ 30 %), with the signed-in floor
(what any signed-in page costs) and each probe's CPU per request (see README, "Load test").

Parameters (environment):
  LOADTEST_USERS (100), LOADTEST_MINUTES (10)            the mixed-role phase (0: capacity only)
  LOADTEST_CAPACITY_USERS (10), LOADTEST_CAPACITY_SECONDS (30)   each capacity probe
  LOADTEST_CAPACITY_ROUNDS (3)   bare endpoint and list pages alternately, this many times each;
      the ratio is of the medians (the machine's other work weighs on both alike)
  LOADTEST_PORT                  the server's port (default: a free one)
  LOADTEST_DATABASE_URL (postgres://postgres@127.0.0.1:5432/ictgov_loadtest): made and filled
      with the demo when missing; point it at the 1,000,000-task bench database to load that
      (see README, "Load test")
  WEB_CONCURRENCY                                          gunicorn workers (2 × cores + 1)

Worker recycling (GUNICORN_MAX_REQUESTS) is off here, so the memory figures show real growth.
Client and server share this machine's cores: figures are a floor, not the server's ceiling.
"""

import csv
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/ictgov_loadtest"
MIXED = ["Leader", "Officer", "CommuneOfficer", "Liaison", "PublicVisitor"]


def _env_num(name, default):
    return type(default)(os.environ.get(name, default))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _admin(url: str, sql: str):
    import psycopg

    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        cursor = conn.execute(sql)
        return cursor.fetchall() if cursor.description else []


def _query(url: str, sql: str):
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute(sql).fetchall()


def _server_env(url: str, tmp: Path) -> dict:
    path = os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")]))
    return {
        **os.environ,
        "PYTHONPATH": path,
        "DJANGO_SETTINGS_MODULE": "ictgov.settings.production",
        "DATABASE_URL": url,
        "ICTGOV_VAR": str(tmp),
        "STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": str(tmp / "media"),
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ICTGOV_HTTPS": "0",  # plain HTTP on 127.0.0.1
        "ICTGOV_RATE_LIMIT": "0",  # every simulated client comes from 127.0.0.1
        "ICTGOV_API_RATE_LIMIT": "0",
        "GUNICORN_MAX_REQUESTS": "0",
        "LOG_LEVEL": "ERROR",
    }


def _prepare(url: str, env: dict) -> None:
    name = url.rsplit("/", 1)[1]
    if not _admin(url, f"SELECT 1 FROM pg_database WHERE datname = '{name}'"):
        _admin(url, f'CREATE DATABASE "{name}"')
    ictgov = [sys.executable, "-m", "ictgov.manage"]
    subprocess.run([*ictgov, "migrate", "--noinput", "-v", "0"], env=env, check=True)
    if not _query(url, "SELECT 1 FROM accounts_user WHERE username = 'lanhdao'"):
        subprocess.run([*ictgov, "load_demo"], env=env, check=True, capture_output=True)


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    return found


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _rss_mb(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    return int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024


class RssSampler:
    """The gunicorn workers' summed RSS every `every` seconds in a thread, while the mixed phase
    runs: growth that levels off is caches filling; growth that keeps its pace is a leak."""

    def __init__(self, server_pid: int, every: float = 15.0):
        self.server_pid, self.every = server_pid, every
        self.samples: list[tuple[float, float]] = []  # (seconds since start, MB)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _take(self, started: float) -> None:
        total = sum(_rss_mb(w) for w in _gunicorn_workers(self.server_pid))
        self.samples.append((time.monotonic() - started, total))

    def _run(self) -> None:
        started = time.monotonic()
        self._take(started)
        while not self._stop.wait(self.every):
            self._take(started)
        self._take(started)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def halves(self) -> tuple[float, float] | None:
        """Growth (MB) in the first and in the second half of the run."""
        if len(self.samples) < 3:
            return None
        end = self.samples[-1][0]
        middle = min(self.samples, key=lambda s: abs(s[0] - end / 2))[1]
        return middle - self.samples[0][1], self.samples[-1][1] - middle


def _cpu_s(pid: int) -> float:
    """CPU time (user + system) a process has used, in seconds."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class CpuMeter:
    """The CPU a probe costs: the gunicorn workers, their PostgreSQL backends and the load
    client. Per request it hardly moves with the machine's other work, where requests/s does:
    the ratio of two probes' CPU per request is their capacity ratio on an idle machine."""

    def __init__(self, serve_pid: int, url: str):
        self.serve_pid, self.url = serve_pid, url

    def _pids(self) -> tuple[list[int], list[int]]:
        name = self.url.rsplit("/", 1)[1]
        backends = _admin(
            self.url,
            f"SELECT pid FROM pg_stat_activity WHERE datname = '{name}' "
            f"AND pid <> pg_backend_pid()",
        )
        return _gunicorn_workers(self.serve_pid), [row[0] for row in backends]

    def _used(self, pids) -> float:
        return sum(_cpu_s(pid) - self.before.get(pid, 0.0) for pid in pids)

    def __enter__(self):
        web, db = self._pids()
        self.before = {pid: _cpu_s(pid) for pid in web + db}
        self.client_before = _children_cpu_s()
        return self

    def __exit__(self, *exc):
        web, db = self._pids()
        self.web_s, self.db_s = self._used(web), self._used(db)
        self.server_s = self.web_s + self.db_s
        self.client_s = _children_cpu_s() - self.client_before


def _children_cpu_s() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _gunicorn_workers(serve_pid: int) -> list[int]:
    masters = [p for p in _children(serve_pid) if "gunicorn" in _cmdline(p)]
    return [w for m in masters for w in _children(m)]


def _session(host: str, username: str) -> str:
    """Sign in once, as a browser would; returns the session id."""
    import http.cookiejar
    import urllib.parse

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(host + "/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = {"csrfmiddlewaretoken": token, "username": username, "password": "ictgov-demo-2026"}
    opener.open(host + "/accounts/login/", urllib.parse.urlencode(form).encode())
    return next(c.value for c in jar if c.name == "sessionid")


def _locust(host: str, classes, users: int, seconds: int, prefix: Path, env=None) -> dict:
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(HERE / "locustfile.py"),
        "--headless",
        "--host",
        host,
        "--users",
        str(users),
        "--spawn-rate",
        str(max(1, users // 10)),
        "--run-time",
        f"{seconds}s",
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "ERROR",
        "--stop-timeout",
        "10",
        *classes,
    ]
    subprocess.run(command, capture_output=True, text=True, env={**os.environ, **(env or {})})
    with open(f"{prefix}_stats.csv", newline="") as handle:
        stats = {row["Name"]: row for row in csv.DictReader(handle)}
    failures = []
    if Path(f"{prefix}_failures.csv").exists():
        with open(f"{prefix}_failures.csv", newline="") as handle:
            failures = list(csv.DictReader(handle))
    return {"stats": stats, "failures": failures}


def _ms(row, column) -> str:
    value = row.get(column) or "0"
    return f"{float(value):.0f}" if value != "N/A" else "–"


def run() -> list[str]:
    url = os.environ.get("LOADTEST_DATABASE_URL", DEFAULT_URL)
    users = _env_num("LOADTEST_USERS", 100)
    minutes = _env_num("LOADTEST_MINUTES", 10.0)
    cap_users = _env_num("LOADTEST_CAPACITY_USERS", 10)
    cap_seconds = _env_num("LOADTEST_CAPACITY_SECONDS", 30)
    rounds = max(1, _env_num("LOADTEST_CAPACITY_ROUNDS", 3))
    try:
        _admin(url, "SELECT 1")
    except Exception as exc:
        return [f"PostgreSQL not reachable ({exc.__class__.__name__}): skipped"]

    lines = []
    with tempfile.TemporaryDirectory(prefix="ictgov-loadtest-") as tmp:
        tmp = Path(tmp)
        env = _server_env(url, tmp)
        _prepare(url, env)
        tasks = _query(url, "SELECT COUNT(*) FROM directives_task")[0][0]
        port = _env_num("LOADTEST_PORT", 0) or _free_port()
        host = f"http://127.0.0.1:{port}"
        log = open(tmp / "serve.log", "wb")  # noqa: SIM115
        serve = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "ictgov.manage",
                "serve",
                "--bind",
                f"127.0.0.1:{port}",
                "--no-scheduler",
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            for _ in range(600):
                try:
                    urllib.request.urlopen(host + "/healthz", timeout=2)
                    break
                except OSError:
                    if serve.poll() is not None:
                        raise RuntimeError((tmp / "serve.log").read_text()[-2000:]) from None
                    time.sleep(0.3)
            workers = _gunicorn_workers(serve.pid)
            # Warm-up: every worker imports, connects and renders each page type once or twice.
            _locust(host, MIXED, max(10, 2 * len(workers)), 20, tmp / "warmup")
            rss_start = {w: _rss_mb(w) for w in workers}

            mixed, rss = None, None
            if minutes > 0:
                with RssSampler(serve.pid) as rss:
                    mixed = _locust(host, MIXED, users, int(minutes * 60), tmp / "mixed")
            rss_end = {w: _rss_mb(w) for w in _gunicorn_workers(serve.pid)}
            session = {"LOADTEST_SESSION": _session(host, "chuyenvien")}
            bare, lists, floor = [], [], []
            for i in range(rounds):  # alternately, so that both meet the machine's other work
                with CpuMeter(serve.pid, url) as meter:
                    floor.append(
                        _locust(
                            host,
                            ["SignedInFloor"],
                            cap_users,
                            cap_seconds,
                            tmp / f"floor{i}",
                            session,
                        )
                    )
                floor[-1]["cpu"] = meter
                with CpuMeter(serve.pid, url) as meter:
                    bare.append(
                        _locust(host, ["BareEndpoint"], cap_users, cap_seconds, tmp / f"bare{i}")
                    )
                bare[-1]["cpu"] = meter
                with CpuMeter(serve.pid, url) as meter:
                    lists.append(
                        _locust(
                            host, ["ListPages"], cap_users, cap_seconds, tmp / f"lists{i}", session
                        )
                    )
                lists[-1]["cpu"] = meter
        finally:
            serve.terminate()
            try:
                serve.wait(timeout=40)
            except subprocess.TimeoutExpired:
                serve.kill()
            log.close()

    cores = os.cpu_count()
    lines.append(
        f"server: ictgov serve, gunicorn {len(workers)} workers + 1 task worker, PostgreSQL "
        f"{url.rsplit('/', 1)[1]} ({tasks:,} tasks); client: locust on the same {cores} cores"
    )
    if mixed is not None:
        lines.extend(_mixed_lines(mixed, users, minutes))
    start, end = sum(rss_start.values()), sum(rss_end.values())
    lines.append(
        f"memory, RSS of the gunicorn workers: after warm-up {start:.0f} MB "
        f"({start / max(1, len(rss_start)):.0f} MB each), at the end {end:.0f} MB "
        f"({end / max(1, len(rss_end)):.0f} MB each): {100 * (end - start) / max(1, start):+.1f} % "
        f"(target flat; recycling off)"
    )
    halves = rss.halves() if rss is not None else None
    if halves is not None:
        first, second = halves
        lines.append(
            f"  sampled every {rss.every:.0f} s through the mixed phase: {first:+.0f} MB in its "
            f"first half, {second:+.0f} MB in its second "
            f"({100 * second / max(1, start):+.1f} % of the start; "
            + ("levelling off" if abs(second) < max(1.0, abs(first) / 3) else "still growing")
            + "); samples, MB: "
            + " ".join(f"{mb:.0f}" for _t, mb in rss.samples)
        )
    lines.extend(_capacity_lines(bare, lists, floor, cap_users, cap_seconds))
    return lines


def _median_run(runs: list[dict]) -> dict:
    """The run whose total requests/s is the median (the lower middle of an even number)."""
    ranked = sorted(runs, key=lambda r: float(r["stats"]["Aggregated"]["Requests/s"] or 0))
    return ranked[(len(ranked) - 1) // 2]


def _capacity_lines(bare, lists, floor, cap_users, cap_seconds) -> list[str]:
    def rps(run):
        return float(run["stats"]["Aggregated"]["Requests/s"] or 0)

    bare_run, list_run = _median_run(bare), _median_run(lists)
    bare_row, list_row = bare_run["stats"]["Aggregated"], list_run["stats"]["Aggregated"]
    bare_rps, list_rps = rps(bare_run), rps(list_run)
    errors = sum(int(r["stats"]["Aggregated"]["Failure Count"]) for r in bare + lists + floor)
    lines = [
        f"capacity, {cap_users} users without pause, {len(bare)} × {cap_seconds} s each, "
        f"alternately (medians): bare endpoint {bare_rps:.0f} req/s "
        f"(p50 {_ms(bare_row, '50%')} ms; runs {', '.join(f'{rps(r):.0f}' for r in bare)}), "
        f"list pages {list_rps:.1f} req/s (p50 {_ms(list_row, '50%')} ms, "
        f"p95 {_ms(list_row, '95%')} ms; runs {', '.join(f'{rps(r):.1f}' for r in lists)}), "
        f"errors {errors}: ratio {100 * list_rps / max(1e-9, bare_rps):.1f} % (target ≥ 30 %)"
    ]

    def cpu_ms(runs, part):
        """CPU per request (ms), over all rounds."""
        count = sum(int(r["stats"]["Aggregated"]["Request Count"]) for r in runs)
        return 1000 * sum(getattr(r["cpu"], part) for r in runs) / max(1, count)

    bare_server, list_server = cpu_ms(bare, "server_s"), cpu_ms(lists, "server_s")
    bare_all = bare_server + cpu_ms(bare, "client_s")
    list_all = list_server + cpu_ms(lists, "client_s")
    lines.append(
        f"  CPU per request (gunicorn workers + PostgreSQL backends; + the load client): bare "
        f"{bare_server:.2f} ms ({bare_all:.2f} ms), list pages {list_server:.1f} ms "
        f"(PostgreSQL {cpu_ms(lists, 'db_s'):.1f} ms; {list_all:.1f} ms): "
        f"capacity ratio on an idle machine "
        f"{100 * bare_all / max(1e-9, list_all):.1f} % (server alone "
        f"{100 * bare_server / max(1e-9, list_server):.1f} %)"
    )
    floor_run = _median_run(floor)
    floor_server = cpu_ms(floor, "server_s")
    floor_all = floor_server + cpu_ms(floor, "client_s")
    lines.append(
        f"  signed-in floor (/core/notifications/, no list): {rps(floor_run):.0f} req/s, "
        f"ratio {100 * rps(floor_run) / max(1e-9, bare_rps):.1f} %; CPU per request "
        f"{floor_server:.1f} ms (PostgreSQL {cpu_ms(floor, 'db_s'):.1f} ms; {floor_all:.1f} ms): "
        f"on an idle machine "
        f"{100 * bare_all / max(1e-9, floor_all):.1f} % of the bare endpoint"
    )
    for name, row in sorted(list_run["stats"].items()):
        if name != "Aggregated":
            lines.append(
                f"  {name}: {float(row['Requests/s']):.1f}/s, p50 {_ms(row, '50%')} / "
                f"p95 {_ms(row, '95%')} / p99 {_ms(row, '99%')} ms"
            )
    return lines


def _mixed_lines(mixed: dict, users: int, minutes: float) -> list[str]:
    lines = []
    total = mixed["stats"]["Aggregated"]
    count, errors = int(total["Request Count"]), int(total["Failure Count"])
    lines.append(
        f"mixed roles, {users} users × {minutes:g} min (1–4 s between clicks): "
        f"{float(total['Requests/s']):.1f} requests/s, {count:,} requests, "
        f"{errors} errors ({100 * errors / max(1, count):.2f} %; target 0), "
        f"p50 {_ms(total, '50%')} ms, p95 {_ms(total, '95%')} ms, p99 {_ms(total, '99%')} ms"
    )
    for name, row in sorted(mixed["stats"].items()):
        if name == "Aggregated":
            continue
        lines.append(
            f"  {name}: {int(row['Request Count']):,} req, {float(row['Requests/s']):.1f}/s, "
            f"p50 {_ms(row, '50%')} / p95 {_ms(row, '95%')} / p99 {_ms(row, '99%')} ms, "
            f"errors {row['Failure Count']}"
        )
    for failure in mixed["failures"][:5]:
        lines.append(
            f"  error ×{failure['Occurrences']}: {failure['Method']} {failure['Name']}: "
            f"{failure['Error'][:120]}"
        )
    return lines


if __name__ == "__main__":
    for line in run():
        print(line)
