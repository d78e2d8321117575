"""Two app servers and two task workers on one PostgreSQL, as `ictgov serve` runs them.

A signed-in session works on both servers; a file uploaded through one is served by the other
(shared MEDIA_ROOT); the daily job given to both workers at once sends each reminder and
escalation exactly once and adds each recurring occurrence once; dashboards read through the
replica connection (DATABASE_REPLICA_URL, here the same database).
"""

import re
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest

from tests import servers

pytestmark = [
    pytest.mark.xdist_group("scale-out"),
    pytest.mark.skipif(
        not servers.is_postgres(),
        reason="several servers and workers share one PostgreSQL; SQLite is one machine's file "
        "(run with DATABASE_URL=postgres://…)",
    ),
]

SETUP = r"""
import django
django.setup()
from datetime import timedelta
from django.utils import timezone
from ictgov.accounts.models import User
from ictgov.core.workdays import add_working_days
from ictgov.directives.models import Task
from ictgov.org.models import Person, Unit

today = timezone.localdate()
stc = Unit.objects.get(name="Sở Tài chính tỉnh Nghệ An")
leader = User.objects.get(username="lanhdao")
person = Person.objects.filter(user=leader).first()
if person is None:
    person = Person.objects.get(full_name="Lê Minh Đức")
    person.user = leader
    person.save()
common = dict(lead_unit=stc, assigned_by=person, created_by=leader, deadline_kind="date")
for i in range(6):  # due tomorrow's working day: the liaison of Sở Tài chính is reminded
    Task(content=f"Nhiệm vụ sắp đến hạn {i}", assigned_on=today - timedelta(days=20),
         due_on=add_working_days(today, 1), **common).save()
for i in range(6):  # overdue: escalated to the leader who assigned them
    Task(content=f"Nhiệm vụ quá hạn {i}", assigned_on=today - timedelta(days=40),
         due_on=today - timedelta(days=10), **common).save()
common["deadline_kind"] = "recurring"
for i in range(12):  # monthly series over two years: the job has work that takes a while
    Task(content=f"Báo cáo hằng tháng số {i}", assigned_on=today - timedelta(days=730),
         recurrence="monthly", is_series=True, deadline_text="hằng tháng", **common).save()
"""


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("scale")
    url = servers.fresh_database_url(tmp, "scale")
    smtp = servers.SMTPSink()
    shared = {
        "MEDIA_ROOT": tmp / "shared-media",  # the shared folder (NFS) every server mounts
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": smtp.port,
        "DATABASE_REPLICA_URL": url,
        "TASK_WORKERS": 1,
    }
    env_a = servers.production_env(tmp / "a", url, **shared)
    env_b = {**servers.production_env(tmp / "b", url, **shared), "SECRET_KEY": env_a["SECRET_KEY"]}
    for env in (env_a, env_b):
        Path(env["ICTGOV_VAR"]).mkdir()
        env["MEDIA_ROOT"] = str(shared["MEDIA_ROOT"])
    ports = servers.free_port(), servers.free_port()
    # Both start together on the empty database: one migrates, the other waits for it.
    started = []
    try:
        for env, port, name in ((env_a, ports[0], "a"), (env_b, ports[1], "b")):
            started.append(
                subprocess.Popen(
                    [*servers.ICTGOV, "serve", "--bind", f"127.0.0.1:{port}", "--no-scheduler"],
                    env=env,
                    stdout=open(tmp / f"{name}.log", "wb"),  # noqa: SIM115
                    stderr=subprocess.STDOUT,
                )
            )
        for process, port, name in zip(started, ports, "ab", strict=True):
            _wait(process, port, tmp / f"{name}.log")
        servers.manage(env_a, "load_demo", "--geography", "demo")
        subprocess.run([servers.sys.executable, "-c", SETUP], env=env_a, check=True)
        yield {
            "a": f"http://127.0.0.1:{ports[0]}",
            "b": f"http://127.0.0.1:{ports[1]}",
            "env_a": env_a,
            "env_b": env_b,
            "db": url,
            "tmp": tmp,
            "media": shared["MEDIA_ROOT"],
            "smtp": smtp,
        }
    finally:
        for process in started:
            process.terminate()
        for process in started:
            try:
                process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                process.kill()
        servers.drop_database(url)
        smtp.close()


def _wait(process, port, log):
    import urllib.request

    for _ in range(600):
        if process.poll() is not None:
            raise RuntimeError(log.read_text())
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(log.read_text())


def test_a_session_opened_on_one_server_works_on_the_other(cluster):
    a = servers.Session(cluster["a"])
    assert a.login("lanhdao").status == 302
    b = servers.Session(cluster["b"])
    b.cookies = dict(a.cookies)
    page = b.get("/directives/")
    assert page.status == 200 and 'data-testid="current-user"' in page.text
    # Signing out on B ends the session on A too.
    b.post("/accounts/logout/", {"csrfmiddlewaretoken": b.csrf_token("/directives/")})
    assert a.get("/directives/").status == 302


def test_a_file_uploaded_through_one_server_is_served_by_the_other(cluster):
    a = servers.Session(cluster["a"])
    a.login("lanhdao")
    task = servers.sql(
        cluster["db"], "SELECT id FROM directives_task WHERE content = ?", ("Nhiệm vụ quá hạn 0",)
    )[0][0]
    path = f"/directives/tasks/{task}/"
    # The progress report form as the task page offers it (its address and field names).
    form = re.search(
        r'<form[^>]*action="([^"]+)"[^>]*data-testid="report-form"(.*?)</form>',
        a.get(path).text,
        re.S,
    )
    assert form, "the leader is offered the progress report form"
    action, body = form.groups()
    names = re.findall(r'name="([^"]+)"', body)
    field = {
        key: next(n for n in names if n.rstrip("s").endswith(key))
        for key in ("text", "percent", "file")
    }
    scan = b"%PDF-1.7\n" + bytes(range(256)) * 100
    response = a.post_multipart(
        action,
        {
            "csrfmiddlewaretoken": re.search(
                r'name="csrfmiddlewaretoken" value="([^"]+)"', body
            ).group(1),
            field["text"]: "Đã hoàn thành dự thảo, gửi kèm bản scan.",
            field["percent"]: "60",
        },
        {field["file"]: ("bien-ban.pdf", scan, "application/pdf")},
    )
    assert response.status == 302, response.text[:2000]

    b = servers.Session(cluster["b"])
    b.login("lanhdao")
    link = re.search(r'href="(/core/attachments/\d+/)"[^>]*>[^<]*bien-ban\.pdf', b.get(path).text)
    assert link, "the task page on B lists the attachment"
    download = b.get(link.group(1))
    assert download.status == 200 and download.body == scan
    assert [p.read_bytes() for p in cluster["media"].rglob("bien-ban*.pdf")] == [scan]


def _emails(messages: list[bytes]) -> Counter:
    keys = Counter()
    for message in messages:
        keys.update(re.findall(rb"^X-Ictgov-Notification: (\S+)\r?$", message, re.M))
    return Counter({k.decode(): n for k, n in keys.items()})


def test_the_daily_job_on_two_workers_at_once_sends_everything_exactly_once(cluster):
    # Four runs of the same day's job, enqueued from both servers at once: both workers take one.
    runs = [
        subprocess.Popen(
            [*servers.ICTGOV, "send_reminders"], env=env, stdout=subprocess.PIPE, text=True
        )
        for env in (cluster["env_a"], cluster["env_b"]) * 2
    ]
    ids = [re.search(r"mã ([0-9a-f-]{36})", p.communicate()[0]).group(1) for p in runs]
    query = (
        "SELECT status, worker_ids, started_at, finished_at "
        "FROM django_tasks_database_dbtaskresult WHERE id = ANY(?::uuid[])"
    )
    for _ in range(200):
        rows = servers.sql(cluster["db"], query, (ids,))
        if len(rows) == 4 and all(row[0] in ("SUCCESSFUL", "FAILED") for row in rows):
            break
        time.sleep(0.3)
    assert [row[0] for row in rows] == ["SUCCESSFUL"] * 4
    assert len({w for row in rows for w in row[1]}) == 2  # both workers ran it
    spans = sorted((r[2], r[3]) for r in rows)
    overlapping = [b[0] < a[1] for a, b in zip(spans, spans[1:], strict=False)]
    assert any(overlapping), "two runs were at the same time"

    sent = _emails(cluster["smtp"].messages)
    notifications = servers.sql(
        cluster["db"],
        "SELECT key FROM core_notification WHERE email_to <> ''",
    )
    expected = {key for (key,) in notifications}
    assert sum(k.startswith("remind:") for k in expected) >= 6
    assert sum(k.startswith("escalate:") for k in expected) >= 6
    # Every e-mail of the outbox (reminders, escalations, the licensing job's…) exactly once.
    assert dict(sent) == dict.fromkeys(expected, 1)
    duplicates = servers.sql(
        cluster["db"],
        "SELECT series_id, period_start FROM directives_task WHERE series_id IS NOT NULL "
        "GROUP BY series_id, period_start HAVING COUNT(*) > 1",
    )
    occurrences = servers.sql(
        cluster["db"], "SELECT COUNT(*) FROM directives_task WHERE series_id IS NOT NULL"
    )
    assert duplicates == [] and occurrences[0][0] >= 12 * 24


def test_dashboards_read_through_the_replica_connection(cluster):
    s = servers.Session(cluster["a"])
    s.login("lanhdao")
    assert s.get("/directives/dashboard/").status == 200
    replica = servers.sql(
        cluster["db"],
        "SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = 'ictgov-replica'",
    )
    assert replica[0][0] >= 1
