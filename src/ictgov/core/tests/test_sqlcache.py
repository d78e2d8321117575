"""SQL compiled once per shape of input (`core.sqlcache`): the rows are always today's, only the
statement is kept, and a page keyed by what it depends on follows a change of any of it."""

import re
from datetime import timedelta

import pytest
from django.db.models import Count, Q, Sum
from django.db.models.sql.compiler import SQLCompiler
from django.utils import timezone

from ictgov.core import sqlcache
from ictgov.core.models import Parameter
from ictgov.core.scoping import visible
from ictgov.org.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def compiles(monkeypatch):
    """How many times Django compiled a query (outer queries and subqueries alike)."""
    calls = []
    original = SQLCompiler.as_sql

    def counted(self, *args, **kwargs):
        calls.append(self.query.model)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "as_sql", counted)
    return calls


def test_rows_are_read_fresh_with_the_statement_compiled_once(compiles, django_assert_num_queries):
    built = []

    def build():
        built.append(1)
        return Unit.objects.select_related("admin_unit__parent").filter(
            pk__in=Unit.objects.filter(admin_unit__isnull=False).order_by("pk").values("pk")[:3]
        )

    key = ("test-units", object())  # a key no other test uses
    first = sqlcache.model_rows(key, Unit, build)
    plain = list(build())
    assert [u.pk for u in first] == [u.pk for u in plain] and len(first) == 3
    assert [u.admin_unit.parent for u in first] == [u.admin_unit.parent for u in plain]

    Unit.objects.filter(pk=first[0].pk).update(name="Đơn vị đổi tên")
    compiles.clear()
    with django_assert_num_queries(1):  # the related units come with the rows
        again = sqlcache.model_rows(key, Unit, build)
        assert [u.admin_unit.name for u in again] == [u.admin_unit.name for u in plain]
    assert compiles == []  # nothing compiled: the kept statement was sent
    assert len(built) == 2  # built for the first call and for `plain`, not for this one
    assert again[0].name == "Đơn vị đổi tên"  # but the row is today's
    assert [u.pk for u in again] == [u.pk for u in first]


def test_no_key_no_keeping_and_an_empty_query_sends_nothing(compiles):
    assert [
        u.pk for u in sqlcache.model_rows(None, Unit, lambda: Unit.objects.order_by("pk")[:2])
    ] == [u.pk for u in Unit.objects.order_by("pk")[:2]]
    assert sqlcache.model_rows(("test-none", object()), Unit, lambda: Unit.objects.none()) == []


def test_counts_read_fresh_with_their_statement_compiled_once(compiles):
    key = ("test-counts", object())
    counts = {"all": Count("pk"), "placed": Count("pk", filter=Q(admin_unit__isnull=False))}
    first = sqlcache.one_row(key, Unit, Unit.objects.all, counts)
    assert first == Unit.objects.aggregate(**counts)
    Unit.objects.filter(pk=Unit.objects.filter(admin_unit__isnull=False).first().pk).update(
        admin_unit=None
    )
    compiles.clear()
    again = sqlcache.one_row(key, Unit, Unit.objects.all, counts)
    assert compiles == []
    assert again == Unit.objects.aggregate(**counts) == {**first, "placed": first["placed"] - 1}
    with pytest.raises(TypeError):
        sqlcache.one_row(key, Unit, Unit.objects.all, {"sum": Sum("pk")})


def test_the_key_holds_the_scope_and_every_filter_value(users):
    officer, leader = users["chuyenvien"], users["lanhdao"]
    day = timezone.localdate()
    base = sqlcache.shape_key(officer, {"q": "abc", "state": "open"}, day)
    assert base == sqlcache.shape_key(officer, {"state": "open", "q": "abc"}, day)
    assert (
        len(
            {
                base,
                sqlcache.shape_key(leader, {"q": "abc", "state": "open"}, day),
                sqlcache.shape_key(officer, {"q": "abd", "state": "open"}, day),
                sqlcache.shape_key(officer, {"q": "abc", "state": "all"}, day),
                sqlcache.shape_key(officer, {"q": "abc", "state": "open"}, day + timedelta(days=1)),
                sqlcache.shape_key(
                    officer, {"q": "abc", "state": "open", "unit": officer.unit}, day
                ),
            }
        )
        == 6
    )
    assert sqlcache.shape_key(officer, {"odd": object()}, day) is None  # unknown: never kept


# --- the licensing inbox, which keeps its marks' and page's SQL ---------------------------------


def _inbox(client):
    response = client.get("/licensing/")
    assert response.status_code == 200
    codes = re.findall(r'data-code="([^"]+)"', response.content.decode())
    marks = {m["key"]: m["count"] for m in response.context["marks"]}
    return codes, marks


def _plain(user):
    from ictgov.licensing import selectors
    from ictgov.licensing.models import DOSSIER_TIMELINESS, OPEN_STATES, Dossier

    today = timezone.localdate()
    user.refresh_from_db()
    user.__dict__.pop("_ictgov_home_areas", None)
    rows = visible(selectors.inbox(), user).filter(state__in=OPEN_STATES).order_by("due_on", "pk")
    every = visible(Dossier.objects.all(), user).filter(state__in=OPEN_STATES)
    rules = DOSSIER_TIMELINESS.rules(today)
    marks = every.aggregate(
        **{
            m: Count("pk", filter=q)
            for m, q in rules.items()
            if m in ("overdue", "due_soon", "on_time", "paused")
        }
    )
    return [d.receipt_code for d in rows[:25]], marks


def test_an_officer_moved_out_of_the_department_sees_the_new_scope_at_once(
    client_for, users, compiles
):
    from ictgov.licensing.models import Dossier

    officer = users["chuyenvien"]
    client = client_for("chuyenvien")
    before = _inbox(client)
    assert before == _plain(officer) and before[0]
    compiles.clear()
    assert _inbox(client) == before
    assert Dossier not in compiles  # the marks and the page were read with the kept SQL
    # Moved to a commune's office: the province's dossiers are no longer theirs to read.
    type(officer).objects.filter(pk=officer.pk).update(role="liaison")
    after = _inbox(client)
    assert after == _plain(officer) and after != before


def test_a_changed_due_soon_parameter_moves_the_marks_at_once(client_for, users):
    from ictgov.licensing.models import DUE_SOON_PARAMETER, Dossier

    officer = users["chuyenvien"]
    client = client_for("chuyenvien")
    today = timezone.localdate()
    # Some open dossiers due in a week: on time with 2 working days' notice, due soon with 20.
    open_ids = Dossier.objects.filter(state__in=("received", "in_review")).values("pk")[:3]
    Dossier.objects.filter(pk__in=open_ids).update(due_on=today + timedelta(days=7))
    Parameter.objects.update_or_create(key=DUE_SOON_PARAMETER, defaults={"value": "2"})
    before = _inbox(client)
    assert before == _plain(officer)
    Parameter.objects.filter(key=DUE_SOON_PARAMETER).update(value="20")
    after = _inbox(client)
    assert after == _plain(officer)
    assert after[1]["due_soon"] >= before[1]["due_soon"] + 3
    soon = client.get("/licensing/", {"mark": "due_soon"}).content.decode()
    assert len(re.findall(r'data-code="', soon)) == min(after[1]["due_soon"], 25)
