"""Load test users for `make loadtest` (see bench/loadtest.py): the demo's roles, each doing what
that role does all day, with a few seconds' thought between clicks; plus the two capacity
probes (a bare endpoint and the list pages, no pause) used for the throughput ratio.

Requests are named by page type ("list: tasks", "detail: task", …) so figures group by type.
"""

import os
import random
import re

from locust import FastHttpUser, HttpUser, between, constant, task

PASSWORD = "ictgov-demo-2026"
TASK_LINK = re.compile(r'href="(/directives/tasks/\d+/)"')
MEETING_LINK = re.compile(r'href="(/directives/meetings/\d+/)"')
UNIT_LINK = re.compile(r'href="(/org/units/\d+/)"')
SEARCHES = ["so tai chinh", "chuyen doi so", "bao cao", "ha tang", "ubnd"]


def login(client, username: str) -> None:
    page = client.get("/accounts/login/", name="login page")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    with client.post(
        "/accounts/login/",
        data={
            "csrfmiddlewaretoken": token.group(1) if token else "",
            "username": username,
            "password": PASSWORD,
        },
        name="login",
        allow_redirects=False,
        catch_response=True,
    ) as response:
        if response.status_code != 302:
            response.failure(f"login {username}: HTTP {response.status_code}")


class SignedIn(HttpUser):
    abstract = True
    username = ""
    wait_time = between(1, 4)

    def on_start(self):
        login(self.client, self.username)
        self.tasks_seen, self.meetings_seen, self.units_seen = [], [], []

    def _collect(self, pattern, text, into):
        found = pattern.findall(text)
        if found:
            into[:] = found[:50]

    def inbox(self):
        page = self.client.get("/directives/", name="list: tasks")
        self._collect(TASK_LINK, page.text, self.tasks_seen)

    def task_detail(self):
        if not self.tasks_seen:
            return self.inbox()
        self.client.get(random.choice(self.tasks_seen), name="detail: task")

    def meetings(self):
        page = self.client.get("/directives/meetings/", name="list: meetings")
        self._collect(MEETING_LINK, page.text, self.meetings_seen)

    def meeting_detail(self):
        if not self.meetings_seen:
            return self.meetings()
        self.client.get(random.choice(self.meetings_seen), name="detail: meeting")

    def units(self):
        page = self.client.get(
            "/org/units/", params={"q": random.choice(SEARCHES)}, name="list: units (search)"
        )
        self._collect(UNIT_LINK, page.text, self.units_seen)

    def unit_detail(self):
        if not self.units_seen:
            return self.units()
        self.client.get(random.choice(self.units_seen), name="detail: unit")

    def tasks_api(self):
        self.client.get("/api/v1/directives/tasks", name="api: tasks")

    def notifications(self):
        self.client.get("/core/notifications/", name="list: notifications")


class Leader(SignedIn):
    """Giám đốc Sở: the dashboard, then overdue tasks and meetings."""

    weight = 1
    username = "lanhdao"

    @task(4)
    def dashboard(self):
        self.client.get("/directives/dashboard/", name="dashboard")

    @task(3)
    def list_tasks(self):
        self.inbox()

    @task(3)
    def open_task(self):
        self.task_detail()

    @task(2)
    def open_meeting(self):
        self.meeting_detail()

    @task(1)
    def list_meetings(self):
        self.meetings()


class Officer(SignedIn):
    """Chuyên viên: works through tasks and meetings, looks units up."""

    weight = 3
    username = "chuyenvien"

    @task(4)
    def list_tasks(self):
        self.inbox()

    @task(5)
    def open_task(self):
        self.task_detail()

    @task(2)
    def list_meetings(self):
        self.meetings()

    @task(2)
    def open_meeting(self):
        self.meeting_detail()

    @task(2)
    def search_units(self):
        self.units()

    @task(1)
    def open_unit(self):
        self.unit_detail()

    @task(1)
    def api(self):
        self.tasks_api()


class CommuneOfficer(SignedIn):
    """Cán bộ xã: their locality's tasks and notifications."""

    weight = 3
    username = "canboxa"

    @task(5)
    def list_tasks(self):
        self.inbox()

    @task(4)
    def open_task(self):
        self.task_detail()

    @task(2)
    def notices(self):
        self.notifications()

    @task(1)
    def home(self):
        self.client.get("/", name="home")


class Liaison(SignedIn):
    """Another department's liaison: tasks assigned to their agency, through pages and the API."""

    weight = 2
    username = "taichinh"

    @task(4)
    def list_tasks(self):
        self.inbox()

    @task(4)
    def open_task(self):
        self.task_detail()

    @task(2)
    def api(self):
        self.tasks_api()


class PublicVisitor(HttpUser):
    """Anyone: the home page, the public geography pages and API, the calendar."""

    weight = 1
    wait_time = between(1, 4)

    @task(2)
    def home(self):
        self.client.get("/", name="home")

    @task(3)
    def geography(self):
        self.client.get(
            "/geo/units/",
            params={"q": random.choice(["nghe an", "vinh", "ha giang"])},
            name="list: geo units (public)",
        )

    @task(3)
    def geography_api(self):
        self.client.get(
            "/api/v1/geo/units", params={"level": "province"}, name="api: geo units (public)"
        )

    @task(1)
    def calendar(self):
        self.client.get("/core/calendar/", name="calendar (public)")


# --- capacity probes (no pause, a light client): run alone, one after the other -------------


class BareEndpoint(FastHttpUser):
    """Django's floor on this server: a view that touches nothing."""

    wait_time = constant(0)

    @task
    def healthz(self):
        self.client.get("/healthz", name="capacity: bare endpoint (/healthz)")


class _SignedInProbe(FastHttpUser):
    """A department officer's pages, back to back. The driver signs in once and passes the
    session (LOADTEST_SESSION), so no login's password hashing falls in the window."""

    abstract = True
    wait_time = constant(0)

    def on_start(self):
        session = os.environ.get("LOADTEST_SESSION")
        self.headers = {"Cookie": f"sessionid={session}"} if session else {}
        if not session:
            login(self.client, "chuyenvien")


class ListPages(_SignedInProbe):
    """The list pages, back to back, as a department officer."""

    def _list(self, path, name):
        self.client.get(path, name=f"capacity: {name}", headers=self.headers)

    @task(2)
    def list_tasks(self):
        self._list("/directives/", "list: tasks")

    @task(1)
    def list_meetings(self):
        self._list("/directives/meetings/", "list: meetings")

    @task(1)
    def list_units(self):
        self._list("/org/units/", "list: units")


class SignedInFloor(_SignedInProbe):
    """What any signed-in page costs (session, user, menu, layout): the officer's notifications
    page, back to back. No list page can cost less."""

    @task
    def floor(self):
        self.client.get(
            "/core/notifications/", name="capacity: signed-in floor", headers=self.headers
        )
