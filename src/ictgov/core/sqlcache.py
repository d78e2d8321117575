"""SQL compiled once for a shape of input and sent again.

On a list page of a large table the ORM spends as much CPU building and compiling its queries
(the scope, the filters, the marks' conditions, the page's ids) as the database spends
answering them, and a user pages, refreshes and comes back with the same filters. What a query
compiles to depends only on what went into it: who reads (role, unit, locality, home
provinces), the filter values, the day and the parameters read for it. Keyed by all of that
(`shape_key`), the SQL is kept (`SqlCache`, least recently used dropped first) and the next
request sends it as it is. Only the statement is kept, never a result: every request reads the
rows as they are now.

- `SqlCache`: the store, a few hundred entries of a few kilobytes each.
- `shape_key(user, cleaned_data, *more)`: what a scoped, filtered query depends on, or None
  when a filter value is of a kind not known here (then nothing is kept).
- `model_rows(key, build)`: the model instances of the queryset `build()` makes, read with the
  SQL kept under `key` (select_related and only()/defer() as the queryset has them).
- `one_row(key, build)`: the one row of a statement (an aggregate) as the dict it gives.
"""

import copy
from collections import OrderedDict
from collections.abc import Callable
from datetime import date
from threading import Lock

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Count, Model, QuerySet

from .roles import Role


class SqlCache:
    def __init__(self, size: int):
        self.size, self.entries, self.lock = size, OrderedDict(), Lock()

    def get(self, key):
        if key is None:
            return None
        with self.lock:
            value = self.entries.get(key)
            if value is not None:
                self.entries.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        if key is None:
            return
        with self.lock:
            self.entries[key] = value
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


_UNKNOWN = object()


def key_value(value):
    """A filter value as part of a key: plain values as they are, a record by its model and key,
    lists item by item; `_UNKNOWN` for anything else."""
    if value is None or isinstance(value, str | int | float | bool | date):
        return value  # (a datetime is a date)
    if isinstance(value, Model):
        return (value._meta.label, value.pk)
    if isinstance(value, list | tuple):
        items = tuple(key_value(v) for v in value)
        return _UNKNOWN if _UNKNOWN in items else items
    return _UNKNOWN


def shape_key(user, cleaned_data: dict, *more):
    """What the SQL of a scoped, filtered query for `user` depends on, hashable: the user's
    role, unit, locality and home provinces (`core.scoping`), every cleaned filter value and
    `more` (the day, the parameters the query was built with); None when a value is of a kind
    not known here."""
    from .scoping import home_areas

    values = []
    for name, value in sorted(cleaned_data.items()):
        value = key_value(value)
        if value is _UNKNOWN:
            return None
        values.append((name, value))
    areas = tuple(a.pk for a in home_areas(user)) if user.role in Role.staff() else ()
    return (
        user.pk,
        user.role,
        user.is_superuser,
        user.unit_id,
        user.locality_id,
        areas,
        tuple(values),
        more,
    )


_STATEMENTS = SqlCache(1024)


def _compiled(key, queryset: QuerySet):
    using = queryset.db
    full = (using, key)
    found = _STATEMENTS.get(full)
    if found is None:
        compiler = queryset.query.get_compiler(using=using)
        try:
            sql, params = compiler.as_sql()  # also sets the compiler's select and klass_info
        except EmptyResultSet:
            return None  # nothing can match (e.g. an empty scope): no statement to send
        found = (compiler, sql, params)
        _STATEMENTS.put(full, found)
    return found


def model_rows(key, build: Callable[[], QuerySet]) -> list:
    """The instances of `build()`'s queryset, its SQL compiled once per `key` (which must hold
    everything the SQL depends on). Django's own iterable builds them: the queryset's compiler
    is given the kept SQL instead of compiling it again."""
    if key is None:
        return list(build())
    queryset = build()
    found = _compiled(key, queryset)
    if found is None:
        return []
    compiler, sql, params = found
    # The kept compiler knows the columns and how to read them; a copy works on this thread's
    # connection and answers with the kept statement.
    reused = copy.copy(compiler)
    reused.connection = connections[queryset.db]
    reused.as_sql = lambda *args, **kwargs: (sql, params)
    queryset.query.get_compiler = lambda *args, **kwargs: reused
    return list(queryset)


def one_row(key, build: Callable[[], QuerySet], aggregates: dict) -> dict:
    """`build().aggregate(**aggregates)` for counts, its SQL compiled once per `key`. The
    statement is the one Django sends for the aggregate (caught the first time), its row read by
    the names (a count needs no conversion from the database's value)."""
    if not all(isinstance(a, Count) for a in aggregates.values()):
        raise TypeError("one_row keeps the SQL of counts only")
    if key is None:
        return build().aggregate(**aggregates)
    queryset = build()
    full = (queryset.db, key)
    found = _STATEMENTS.get(full)
    connection = connections[queryset.db]
    if found is None:
        sent = []

        def catch(execute, sql, params, many, context):
            sent.append((sql, params))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(catch):
            result = queryset.aggregate(**aggregates)
        if len(sent) == 1:
            _STATEMENTS.put(full, sent[0])
        return result
    sql, params = found
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return dict(zip(aggregates, row, strict=True))
