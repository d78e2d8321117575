"""A task's status as of a day: the SQL (filters, CASE, counts) and the Python answer agree,
because both come from the one rule in `models._status_rules`."""

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ictgov.directives.models import Task, TaskStatus, status_case, status_q
from ictgov.org.models import Unit

pytestmark = pytest.mark.django_db

BASE = date(2026, 1, 1)
days = st.integers(min_value=0, max_value=40).map(lambda n: BASE + timedelta(days=n))
maybe = st.one_of(st.none(), days)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(due=maybe, completed=maybe, cancelled=maybe, on=days)
def test_sql_and_python_give_the_same_status(due, completed, cancelled, on):
    lead = Unit.objects.get(name="Sở Tài chính tỉnh Nghệ An")
    task = Task(
        content="Kiểm tra quy tắc tình trạng",
        lead_unit=lead,
        assigned_on=BASE,
        deadline_kind="date" if due else "none",
        due_on=due,
        completed_on=completed,
        cancelled_on=cancelled,
    )
    task.save()
    in_sql = Task.objects.filter(pk=task.pk).annotate(s=status_case(on)).get().s
    assert in_sql == task.status_on(on)
    # The statuses partition the tasks: exactly one filter matches, the same one.
    matching = {
        status
        for status in TaskStatus.values
        if Task.objects.filter(status_q(status, on), pk=task.pk).exists()
    }
    assert matching == {in_sql}
