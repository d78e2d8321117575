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
- `model_rows(key, model, build)`: the model instances of the queryset `build()` makes, read
  with the SQL kept under `key`; `build` is called only when there is none yet.
- `one_row(key, build, counts)`: the counts of an aggregate; `build` likewise.
"""

import copy
from collections import OrderedDict
from collections.abc import Callable
from datetime import date
from threading import Lock

from django.core.exceptions import EmptyResultSet
from django.db import connections, router
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


class _Kept:
    """A queryset's compiled statement and what is needed to read its rows again: the compiler
    (its columns, related objects and value converters) and the queryset's own settings."""

    def __init__(self, queryset: QuerySet, compiler, sql: str, params):
        self.compiler, self.sql, self.params = compiler, sql, params
        self.model, self.hints = queryset.model, queryset._hints
        self.prefetch = queryset._prefetch_related_lookups
        self.fetch_mode = queryset._fetch_mode
        # Not the queryset's known related objects (a related manager's own record): they are
        # that request's instances; a later read loads its own when asked.

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        # A copy that works on this thread's connection and sends the kept statement.
        reused = copy.copy(self.compiler)
        reused.connection = connections[using]
        reused.as_sql = lambda *args, **kwargs: (self.sql, self.params)
        return reused

    def rows(self, using: str) -> list:
        """The rows as the queryset gives them, read by Django's own iterable."""
        queryset = QuerySet(model=self.model, query=self, using=using, hints=self.hints)
        queryset._prefetch_related_lookups = self.prefetch
        queryset._fetch_mode = self.fetch_mode
        return list(queryset)


_NOTHING = "nothing"  # kept for a query that cannot match (no statement to send)


def model_rows(key, model, build: Callable[[], QuerySet]) -> list:
    """The instances of `build()`'s queryset of `model`, its SQL compiled once per `key` (which
    must hold everything the SQL depends on): on the next call with the key nothing is built
    or compiled, the kept statement is sent and Django's own iterable reads its rows
    (select_related, only()/defer(), prefetch_related as the queryset had them)."""
    if key is None:
        return list(build())
    using = router.db_for_read(model)
    kept = _STATEMENTS.get((using, key))
    if kept is None:
        queryset = build()
        if queryset.db != using:  # routed elsewhere by the queryset itself: not kept
            return list(queryset)
        compiler = queryset.query.get_compiler(using=using)
        try:
            sql, params = compiler.as_sql()  # also sets the compiler's select and klass_info
        except EmptyResultSet:
            kept = _NOTHING
        else:
            kept = _Kept(queryset, compiler, sql, params)
        _STATEMENTS.put((using, key), kept)
    return [] if kept is _NOTHING else kept.rows(using)


def one_row(key, model, build: Callable[[], QuerySet], aggregates: dict) -> dict:
    """`build().aggregate(**aggregates)` for counts over `model`, its SQL compiled once per
    `key`. The statement is the one Django sends for the aggregate (caught the first time); on
    the next call nothing is built, the statement is sent and its row read by the names (a count
    needs no conversion from the database's value)."""
    if not all(isinstance(a, Count) for a in aggregates.values()):
        raise TypeError("one_row keeps the SQL of counts only")
    if key is None:
        return build().aggregate(**aggregates)
    using = router.db_for_read(model)
    connection = connections[using]
    kept = _STATEMENTS.get((using, key))
    if kept is None:
        queryset = build()
        if queryset.db != using:
            return queryset.aggregate(**aggregates)
        sent = []

        def catch(execute, sql, params, many, context):
            sent.append((sql, params))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(catch):
            result = queryset.aggregate(**aggregates)
        if len(sent) == 1:
            _STATEMENTS.put((using, key), sent[0])
        elif not sent:  # nothing can match: the counts need no statement
            _STATEMENTS.put((using, key), (_NOTHING, result))
        return result
    sql, params = kept
    if sql is _NOTHING:
        return dict(params)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return dict(zip(aggregates, row, strict=True))
