"""`ictgov serve` on a fresh database, production settings: every page type answers 200.

One server (gunicorn with two workers, a task worker, the scheduler) is booted for the module.
"""

import os
import re
import signal
import subprocess
import time

import pytest

from tests import demo_db, servers

pytestmark = pytest.mark.xdist_group("serve")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("serve")
    if servers.is_postgres():
        url = servers.fresh_database_url(tmp, "serve")
    else:  # a copy of the demo the suite built once (tests/demo_db.py)
        url = demo_db.install(tmp, "real")
    # A worker that dies is back after a second (5 by default), not to keep the suite waiting.
    env = {**servers.production_env(tmp, url), "ICTGOV_RESTART_DELAY": "1"}
    port = servers.free_port()
    # `serve` itself migrates the database (an empty one, on PostgreSQL) and collects the
    # static files.
    process = servers.start_serve(env, port, log=tmp / "serve.log")
    if servers.is_postgres():
        servers.manage(env, "load_demo", "--geography", "demo")
    yield {"base": f"http://127.0.0.1:{port}", "env": env, "db": url, "process": process}
    code = servers.stop(process)
    assert code == 0, (tmp / "serve.log").read_text()[-3000:]
    servers.drop_database(url)


def test_anonymous_pages_and_api_docs(site):
    s = servers.Session(site["base"])
    for path in ["/", "/accounts/login/", "/geo/units/", "/api/v1/docs", "/healthz"]:
        response = s.get(path)
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["Content-Security-Policy"], path
    unit = re.search(r'href="(/geo/units/\d+/)"', s.get("/geo/units/?q=nghe+an").text).group(1)
    assert "Nghệ An" in s.get(unit).text
    assert s.get("/api/v1/openapi.json").status == 200
    assert s.get("/api/v1/geo/units?level=province").status == 200


def test_static_files_are_collected_hashed_and_compressed(site):
    s = servers.Session(site["base"])
    docs = s.get("/api/v1/docs").text
    scripts = re.findall(r'src="(/static/[^"]+)"', docs)
    assert scripts and all(re.search(r"\.[0-9a-f]{12}\.js$", src) for src in scripts)
    asset = s.get(scripts[0], **{"Accept-Encoding": "gzip"})
    assert asset.status == 200
    assert asset.headers["Content-Encoding"] == "gzip"
    assert "immutable" in asset.headers["Cache-Control"]
    home = s.get("/").text
    css = re.search(r'href="(/static/vendor/bootstrap/css/[^"]+)"', home).group(1)
    assert s.get(css).status == 200


def test_signed_in_pages_list_detail_dashboard_admin(site):
    s = servers.Session(site["base"])
    response = s.login("lanhdao")
    assert response.status == 302 and "sessionid" in s.cookies
    inbox = s.get("/directives/")
    assert inbox.status == 200
    task = re.search(r'href="(/directives/tasks/\d+/)"', inbox.text).group(1)
    for path in [task, "/directives/dashboard/", "/directives/meetings/", "/org/units/"]:
        assert s.get(path).status == 200, path
    admin = servers.Session(site["base"])
    admin.login("quantri")
    assert admin.get("/admin/").status == 200


def test_plain_http_is_sent_to_https_and_cookies_are_secure(site):
    plain = servers.Session(site["base"], proto="")
    response = plain.get("/accounts/login/")
    assert response.status == 301
    assert response.headers["Location"].startswith("https://")
    s = servers.Session(site["base"])
    s.get("/accounts/login/")
    cookie = s.get("/accounts/login/").headers.get_all("Set-Cookie") or []
    assert all("Secure" in c for c in cookie)


def _task_workers(site, wait=20.0) -> list[int]:
    """The db_worker processes under `serve` (one that stopped is back within seconds)."""
    deadline = time.monotonic() + wait
    while True:
        children = servers.children(site["process"].pid)
        found = [pid for pid in children if "db_worker" in servers.command_line(pid)]
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.5)


def test_gunicorn_workers_task_worker_and_scheduler_run_together(site):
    tree = {pid: servers.command_line(pid) for pid in servers.children(site["process"].pid)}
    web = [pid for pid, cmd in tree.items() if "gunicorn" in cmd]
    assert len(web) == 1
    assert len(servers.children(web[0])) == 2  # WEB_CONCURRENCY=2
    assert len(_task_workers(site)) == 1
    assert any("scheduler" in cmd for cmd in tree.values())

    # The daily job enqueued from the command line is run by the worker started alongside.
    out = servers.manage(site["env"], "send_reminders")
    task_id = re.search(r"mã ([0-9a-f-]{36})", out).group(1)
    query = "SELECT status FROM django_tasks_database_dbtaskresult WHERE id = ?"
    key = task_id if servers.is_postgres() else task_id.replace("-", "")
    for _ in range(100):
        rows = servers.sql(site["db"], query, (key,))
        if rows and rows[0][0] in ("SUCCESSFUL", "FAILED"):
            break
        time.sleep(0.3)
    assert rows[0][0] == "SUCCESSFUL"


def test_a_task_worker_that_dies_is_started_again(site):
    (dead,) = _task_workers(site)
    os.kill(dead, signal.SIGKILL)
    time.sleep(1)
    alive = _task_workers(site)
    assert alive and dead not in alive
    assert servers.Session(site["base"]).get("/healthz").status == 200


def test_without_collected_static_files_the_server_refuses_to_start(site, tmp_path):
    env = {**site["env"], "STATIC_ROOT": str(tmp_path / "empty")}
    check = subprocess.run(
        [*servers.ICTGOV, "check", "--deploy"], env=env, capture_output=True, text=True
    )
    assert check.returncode != 0 and "collectstatic" in check.stderr
    boot = subprocess.run(
        [servers.sys.executable, "-c", "import ictgov.wsgi"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert boot.returncode != 0 and "Chưa thu thập tệp tĩnh" in boot.stderr
