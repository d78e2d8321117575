"""The derived-status helper: one rule gives the SQL and the Python answer."""

from datetime import date

from django.db.models import F, Q

from ictgov.core.status import matches


class Row:
    def __init__(self, **fields):
        self.__dict__.update(fields)


def test_python_evaluation_follows_sql_null_rules():
    row = Row(due_on=None, completed_on=date(2026, 1, 5))
    assert not matches(row, Q(completed_on__gt=F("due_on")))  # NULL compares as unknown
    assert matches(row, Q(due_on__isnull=True) | Q(completed_on__lte=F("due_on")))
    assert matches(row, ~Q(due_on__lt=date(2026, 1, 1)))  # Django's negation: "does not match"
    assert matches(row, Q(completed_on__in=[date(2026, 1, 5)]))
    assert not matches(row, Q(completed_on__gte=date(2026, 1, 6), due_on__isnull=True))
