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


def _interpreted(obj, q: Q) -> bool:
    """The rule read plainly, condition by condition (the reference `compiled` is held to)."""
    results = (
        _interpreted(obj, child) if isinstance(child, Q) else _leaf(obj, *child)
        for child in q.children
    )
    result = all(results) if q.connector == Q.AND else any(results)
    return not result if q.negated else result


def _leaf(obj, lookup: str, value) -> bool:
    import operator as op

    field, _sep, operator = lookup.partition("__")
    operator = operator or "exact"
    actual = getattr(obj, field)
    if operator == "isnull":
        return (actual is None) == bool(value)
    if isinstance(value, F):
        value = getattr(obj, value.name)
    if actual is None or value is None:
        return False  # NULL compares as unknown: never a match
    compare = {"exact": op.eq, "lt": op.lt, "lte": op.le, "gt": op.gt, "gte": op.ge}
    return actual in value if operator == "in" else compare[operator](actual, value)


def test_compiled_rules_answer_as_the_plain_reading_for_every_row(db):
    """`compiled(q)` (what a list page's classifier uses) gives the plain reading's answer: the real
    status rules of tasks and dossiers, and composed conditions, over rows with every
    combination of empty, earlier, equal and later dates."""
    import itertools
    import random

    from ictgov.core.status import compiled
    from ictgov.directives.models import TASK_STATUS
    from ictgov.licensing.models import DOSSIER_TIMELINESS

    on = date(2026, 6, 10)
    days = [None, date(2026, 6, 1), on, date(2026, 6, 20)]
    conditions = [
        *TASK_STATUS.rules(on).values(),
        *DOSSIER_TIMELINESS.rules(on).values(),
        ~Q(due_on__lt=on) & (Q(completed_on__isnull=True) | Q(completed_on__gt=F("due_on"))),
        ~(Q(due_on__in=[on]) | Q(cancelled_on__lte=F("due_on"))),
        Q(due_on=None),
    ]
    fields = ["due_on", "completed_on", "cancelled_on", "withdrawn_on", "decided_on"]
    rng = random.Random(7)
    rows = [
        Row(
            **dict(zip(fields, combo, strict=True)),
            is_series=rng.random() < 0.2,
            state=rng.choice(["received", "in_review", "supplement_requested", "approved"]),
        )
        for combo in itertools.product(days, repeat=len(fields))
    ]
    checked = 0
    for q in conditions:
        test = compiled(q)
        for row in rows:
            try:
                expected = _interpreted(row, q)
            except AttributeError:
                continue  # a rule on a field these rows do not have
            assert test(row) == expected, (q, row.__dict__)
            checked += 1
    assert checked > 5000
