"""Statuses derived from dates, never stored (Alaveteli's way): a task is overdue, a dossier late,
a report on time *as of a day*. The rule is written once, as one `Q` per status; the SQL filter,
the CASE expression, the counts and the status of one row in Python all come from it, so the
list and the record page can never disagree.

    TASK_STATUS = DerivedStatus(rules, choices)   # rules(on) -> {status: Q}, first match wins
    qs.filter(TASK_STATUS.q("overdue", on)); qs.annotate(status=TASK_STATUS.case(on))
    TASK_STATUS.of(task, on)                      # the same rule, evaluated on the instance
    TASK_STATUS.classifier(on)(task)              # the same, the rules built once for many rows

The Python side understands the lookups status rules need: exact, isnull, lt, lte, gt, gte, in,
with values or `F()` of the same row; a comparison with an empty (NULL) value does not match,
as in SQL, and a negated condition is true when its condition does not match, as Django
builds it.
"""

from collections.abc import Callable
from datetime import date

from django.db import models
from django.db.models import Case, Count, F, Q, Value, When

_OPERATORS = {
    "exact": lambda a, b: a == b,
    "lt": lambda a, b: a < b,
    "lte": lambda a, b: a <= b,
    "gt": lambda a, b: a > b,
    "gte": lambda a, b: a >= b,
    "in": lambda a, b: a in b,
}


class DerivedStatus:
    def __init__(self, rules: Callable[[date], dict[str, Q]], choices):
        self.rules = rules
        self.choices = choices

    def q(self, status: str, on: date) -> Q:
        return self.rules(on)[status]

    def case(self, on: date, rules: dict[str, Q] | None = None) -> Case:
        """The CASE expression; `rules` when the caller has built them for `on` already."""
        rules = self.rules(on) if rules is None else rules
        return Case(
            *(When(q, then=Value(status)) for status, q in rules.items()),
            output_field=models.CharField(),
        )

    def counts(self, on: date) -> dict:
        """One `Count` per status as of `on`, for `aggregate()` or `annotate()`."""
        return {status: Count("pk", filter=q) for status, q in self.rules(on).items()}

    def of(self, obj, on: date) -> str | None:
        """The status of one row, by the same rules (the first that matches)."""
        return self.classifier(on)(obj)

    def classifier(
        self, on: date, rules: dict[str, Q] | None = None
    ) -> Callable[[object], str | None]:
        """`of(obj, on)` for many rows as of one day: the rules are built once (a list page
        asks for each of its rows); `rules` when the caller has built them for `on` already."""
        rules = [
            (status, compiled(q))
            for status, q in (self.rules(on) if rules is None else rules).items()
        ]

        def of(obj) -> str | None:
            for status, test in rules:
                if test(obj):
                    return status
            return None

        return of


def matches(obj, q: Q) -> bool:
    """Whether the row `obj` satisfies `q` (the subset of lookups status rules use)."""
    return compiled(q)(obj)


def compiled(q: Q) -> Callable[[object], bool]:
    """`q` as a function of the row, the conditions taken apart once (a list page classifies
    each of its rows by the same few rules)."""
    parts = tuple(compiled(c) if isinstance(c, Q) else _compiled_leaf(*c) for c in q.children)
    if q.connector == Q.AND:

        def test(obj) -> bool:
            for part in parts:
                if not part(obj):
                    return False
            return True

    else:

        def test(obj) -> bool:
            for part in parts:
                if part(obj):
                    return True
            return False

    if q.negated:
        return lambda obj: not test(obj)
    return test


def _compiled_leaf(lookup: str, value) -> Callable[[object], bool]:
    field, _sep, operator = lookup.partition("__")
    operator = operator or "exact"
    if operator == "isnull":
        wanted = bool(value)
        return lambda obj: (getattr(obj, field) is None) == wanted
    compare = _OPERATORS[operator]
    if isinstance(value, F):
        other = value.name

        def test(obj) -> bool:
            actual, against = getattr(obj, field), getattr(obj, other)
            return actual is not None and against is not None and compare(actual, against)

        return test
    if value is None:
        return lambda obj: False  # NULL compares as unknown: never a match

    def test(obj) -> bool:
        actual = getattr(obj, field)
        return actual is not None and compare(actual, value)

    return test
