"""The dashboard's and the inbox's fast reads (one grouped query, index-served arms, the first
rows only) give exactly what the plain queries give, for every demo user and several days."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.test import RequestFactory, override_settings
from django.urls import reverse

from ictgov.core.scoping import visible
from ictgov.core.views import ObjectListView
from ictgov.directives import presenters, selectors
from ictgov.directives.models import Task, TaskStatus, open_parts, status_q
from ictgov.directives.views import InboxView

pytestmark = pytest.mark.django_db
TODAY = date.today()
DAYS = [TODAY, TODAY - timedelta(days=30), TODAY - timedelta(days=400), TODAY + timedelta(days=9)]
INBOX = reverse("directives:inbox")


def ids(qs) -> set[int]:
    return set(qs.values_list("pk", flat=True))


@pytest.mark.parametrize("on", DAYS)
def test_open_parts_are_the_open_statuses_without_overlap(on):
    plain = ids(Task.objects.filter(status_q(TaskStatus.IN_PROGRESS, on)))
    plain |= ids(Task.objects.filter(status_q(TaskStatus.OVERDUE, on)))
    parts = [ids(Task.objects.filter(part)) for part in open_parts(on)]
    assert set().union(*parts) == plain
    assert sum(len(p) for p in parts) == len(plain)


def test_scope_arms_are_what_each_user_may_read(users):
    for user in users.values():
        arms = selectors.scope_arms(user)
        readable = ids(visible(Task.objects.all(), user))
        got = ids(Task.objects.all()) if arms is None else set()
        for arm in arms or []:
            got |= ids(Task.objects.filter(arm))
        assert got == readable, user.username


def test_a_scope_with_a_to_many_arm_is_one_indexable_or_on_postgresql(users):
    """A department's tasks: its province, its own unit's, and those it coordinates (a to-many
    arm); a commune's: its place (its own column: a commune has no units below it), its unit's
    and those it coordinates. On PostgreSQL the arms are one OR, the coordinated tasks' ids read
    first (`= ANY(ARRAY(…))`), instead of a union of ids that hash-joined the whole table. A
    scope with an arm that joins another table (a district's communes) keeps the union, and so
    does SQLite. Either way the rows are the arms' rows (the test above, for every user)."""
    from ictgov.accounts.models import User
    from ictgov.core.scoping import scope_q
    from ictgov.core.testing import is_postgresql
    from ictgov.geo.models import AdministrativeUnit

    district = AdministrativeUnit.objects.filter(level="district").first()
    assert district is not None  # the demo's geography before 2025
    old_district = User(
        username="huyen", role=users["canboxa"].role, unit=users["canboxa"].unit, locality=district
    )

    def sql(user):
        return str(Task.objects.filter(scope_q(Task, user)).query)

    officer, commune = sql(users["chuyenvien"]), sql(users["canboxa"])
    for shown in (officer, commune):
        if is_postgresql():
            assert "= ANY(ARRAY(SELECT" in shown and "UNION" not in shown
        else:
            assert "UNION" in shown and "ANY(" not in shown
    joined = sql(old_district)
    assert "UNION" in joined and "ANY(" not in joined
    readable = ids(Task.objects.filter(scope_q(Task, old_district)))
    arms = selectors.scope_arms(old_district)
    assert readable == set().union(*(ids(Task.objects.filter(arm)) for arm in arms))


def _plain_inbox(user, params) -> list[tuple]:
    """The inbox's rows the plain way: visible, filtered, ordered by urgency, all of them (the
    queryset the export reads), each as the page shows it: id, urgency and cells."""
    request = RequestFactory().get(INBOX, {**params, "export": "xlsx"})
    request.user = user
    view = InboxView()
    view.setup(request)
    return [_shown(view, task) for task in view.get_queryset()]


def _shown(view, task) -> tuple:
    columns = view.get_columns()
    labels = [str(c.label) for c in columns]
    return task.pk, task.urgency, view.row_css(task), view.row_cells(task, columns, labels)


PARAMS = [
    {},
    {"status": "overdue"},
    {"status": "done"},
    {"status": ""},
    {"involvement": "coordinating"},
    {"involvement": "all"},
    {"q": "bao cao"},
    {"on": f"{TODAY - timedelta(days=400):%d/%m/%Y}"},
]


@pytest.mark.parametrize("username", ["taichinh", "lanhdao", "chuyenvien", "quantri"])
def test_inbox_pages_are_the_plain_querys_pages(client_for, users, username):
    client = client_for(username)
    with override_settings(ICTGOV={**settings.ICTGOV, "PAGE_SIZE": 4}):
        for params in PARAMS:
            plain = _plain_inbox(users[username], params)
            shown, page = [], 1
            while True:
                response = client.get(INBOX, {**params, "page": page})
                assert response.status_code == 200, (params, page)
                assert response.context["paginator"].count == len(plain), params
                view = response.context["view"]
                shown += [_shown(view, t) for t in response.context["object_list"]]
                if not response.context["page_obj"].has_next() or page == 3:
                    break
                page += 1
            assert shown == plain[: len(shown)], params
            assert len(shown) == min(len(plain), 12), params


@pytest.mark.parametrize("on", DAYS[:3])
@pytest.mark.parametrize("username", ["lanhdao", "chuyenvien", "quantri"])
def test_dashboard_reads_equal_the_plain_counts(users, username, on):
    user = users[username]
    province = presenters.user_province(user)
    qs = selectors.dashboard_tasks(user, province)
    plain_qs = selectors.in_province(selectors.tasks_for(user), province)
    assert ids(qs) == ids(plain_qs)
    counts, by_unit, by_leader = selectors.dashboard_counts(qs, on=on)
    assert counts == selectors.task_counts(plain_qs, on=on)
    assert by_unit == selectors.counts_by("lead_unit", plain_qs, on=on)
    assert by_leader == selectors.counts_by("assigned_by", plain_qs, on=on)
    overdue = selectors.overdue_tasks(plain_qs, on=on).filter(assigned_on__lte=on)
    plain = [t.pk for t in overdue[:5]]
    assert [t.pk for t in selectors.overdue_list(qs, on=on, limit=5)] == plain
    areas = selectors.province_ids(user, province)
    assert [t.pk for t in selectors.overdue_list(qs, on=on, limit=5, provinces=areas)] == plain
    assert counts["overdue"] == overdue.count()


def test_a_user_moved_to_another_unit_or_role_sees_the_new_inbox_at_once(client_for, users):
    """The inbox keeps the SQL it made for a user's filters and day (`selectors._SQL`): what it
    depends on is in its key, so the next page after a move reads the new unit's tasks."""
    user = users["taichinh"]
    client = client_for("taichinh")

    def page():
        response = client.get(INBOX)
        assert response.status_code == 200
        return [t.pk for t in response.context["object_list"]]

    def plain():
        user.refresh_from_db()
        return [pk for pk, *_ in _plain_inbox(user, {})][:25]

    before = page()
    assert before == plain() and before
    other = (
        Task.objects.exclude(lead_unit=user.unit_id)
        .filter(completed_on__isnull=True, cancelled_on__isnull=True)
        .values_list("lead_unit", flat=True)
        .first()
    )
    type(user).objects.filter(pk=user.pk).update(unit=other)
    after = page()
    assert after == plain() and after != before


def test_the_kept_sql_is_keyed_by_everything_it_depends_on(users):
    def key(user, params):
        request = RequestFactory().get(INBOX, params)
        request.user = user
        view = InboxView()
        view.setup(request)
        filterset = view.filterset_class(
            view.filter_data(), queryset=Task.objects.none(), request=request
        )
        filterset.check()
        return selectors._shape_key(user, filterset, TODAY, None)

    liaison, leader = users["taichinh"], users["lanhdao"]
    base = key(liaison, {})
    assert base == key(liaison, {}) and base is not None
    changed = [
        key(leader, {}),
        key(liaison, {"q": "bao cao"}),
        key(liaison, {"status": "done"}),
        key(liaison, {"involvement": "coordinating"}),
        key(liaison, {"on": f"{TODAY - timedelta(days=3):%d/%m/%Y}"}),
    ]
    assert base not in changed and len(set(changed)) == len(changed)
    liaison.unit_id = leader.unit_id
    assert key(liaison, {}) != base


@pytest.mark.parametrize("params", [{}, {"status": ""}, {"involvement": "all"}])
@pytest.mark.parametrize("username", ["taichinh", "lanhdao"])
def test_the_inbox_writes_each_row_as_the_generic_table_would(client_for, users, username, params):
    """InboxView.table_rows writes the task columns in one piece: the same HTML as the generic
    ObjectListView.row_cells, for the rows the page reads and for the ORM's objects."""
    response = client_for(username).get(INBOX, params)
    view, columns = response.context["view"], response.context["columns"]
    labels = [str(c.label) for c in columns]
    rows = response.context["rows"]
    assert rows
    for task, cells, css in rows:
        assert cells == ObjectListView.row_cells(task, columns, labels), task.pk
        assert css == view.row_css(task)
    request = RequestFactory().get(INBOX, {**params, "export": "xlsx"})
    request.user = users[username]
    plain = InboxView()
    plain.setup(request)
    tasks = list(plain.get_queryset())
    kinds = {
        "no date": any(t.due_on is None for t in tasks),
        "coordinated": any(t.coordinating_units.all() for t in tasks),
        "overdue": any(t.urgency == selectors.Urgency.OVERDUE for t in tasks),
    }
    if username == "lanhdao" and params == {"status": ""}:
        assert all(kinds.values()), kinds  # the demo has every kind of cell
    for task, cells, _css in plain.table_rows(tasks, columns):
        assert cells == ObjectListView.row_cells(task, columns, labels), task.pk
