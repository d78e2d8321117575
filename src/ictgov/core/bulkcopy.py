"""Many new rows at once, with their history: PostgreSQL's COPY where it runs (ids reserved from
the table's sequence first, so the caller knows them before the rows are written), Django's
bulk_create elsewhere. For imports of tens of thousands of rows, where the ORM's per-value
preparation costs more than the database's work.

    ids = reserve_ids(Facility, n)                  # PostgreSQL only; None elsewhere
    copy_with_history(Facility, {"id": ids, "name": names, …}, {"kind": "bts", …},
                      change_reason="Nhập từ Excel", user=user)
    insert_with_history(objs, Facility, change_reason="Nhập từ Excel", user=user)

`copy_with_history` takes the rows column by column (no model instance per row: a column is
formatted at once, a value shared by every row once); `insert_with_history` takes model
instances, on any database. A model with django-simple-history gets one "created" record per
row, as `bulk_create_with_history` would write, copied by the server from the rows written.
"""

import itertools
import json
from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.db import connection, models
from django.utils import timezone


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def reserve_ids(model, count: int) -> list[int] | None:
    """`count` new ids from the table's sequence (PostgreSQL); None where ids come on insert.
    The server answers with the runs of consecutive ids (one, unless another session took ids
    meanwhile), not a row per id."""
    if not _postgres() or count == 0:
        return None if not _postgres() else []
    table = model._meta.db_table
    column = model._meta.pk.column
    with connection.cursor() as cursor:
        # The sequence's name looked up once (as an argument of nextval, once per id: 0.2 s
        # of the server's time for 100,000 ids).
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, column])
        (sequence,) = cursor.fetchone()
        cursor.execute(
            "SELECT min(v), max(v) FROM ("
            "  SELECT v, v - row_number() OVER (ORDER BY v) AS run FROM ("
            "    SELECT nextval(%s::regclass) AS v"
            "    FROM generate_series(1, %s)) AS s) AS r "
            "GROUP BY run ORDER BY 1",
            [sequence, count],
        )
        ids = [pk for low, high in cursor.fetchall() for pk in range(low, high + 1)]
    if len(ids) != count:  # pragma: no cover - a sequence gives distinct values
        raise RuntimeError(f"{len(ids)} ids reserved for {count} rows")
    return ids


def _runs(pks: list[int]) -> list[tuple[int, int]]:
    """The runs of consecutive values of `pks`: [1, 2, 3, 7] → [(1, 3), (7, 7)]."""
    runs: list[tuple[int, int]] = []
    for pk in sorted(pks):
        if runs and pk == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], pk)
        else:
            runs.append((pk, pk))
    return runs


# COPY's text format: a tab between values, \N for NULL, these four characters escaped.
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_SPECIAL = ("\\", "\t", "\n", "\r")


def _text_of(value) -> str:
    """One value in COPY's text format."""
    if value is None:
        return "\\N"
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    return str(value).translate(_ESCAPES)


def copy_texts(values: list) -> list[str]:
    """The values of one column in COPY's text format, a whole column at a time where its
    values are of one plain sort (text with nothing to escape, numbers, dates)."""
    present = [v for v in values if v is not None] if None in values else values
    if not present:
        return ["\\N"] * len(values)
    sorts = set(map(type, present))
    if sorts == {str}:
        joined = "".join(present)
        out = (
            [v.translate(_ESCAPES) for v in present]
            if any(c in joined for c in _SPECIAL)
            else present
        )
    elif sorts <= {int, Decimal}:
        out = list(map(str, present))
    elif sorts == {date} or sorts == {datetime}:
        out = [v.isoformat() for v in present]
    else:
        out = list(map(_text_of, present))
    if present is values:
        return out
    given = iter(out)
    return ["\\N" if v is None else next(given) for v in values]


def _json(field, values: list) -> list:
    return [
        None if v is None else "[]" if v == [] else json.dumps(v, cls=field.encoder) for v in values
    ]


def copy_with_history(
    model,
    columns: dict[str, list] | Iterable[dict[str, list]],
    constants: dict | None = None,
    *,
    change_reason: str = "",
    user=None,
    chunk: int = 10_000,
) -> int:
    """Insert rows given column by column (PostgreSQL's COPY) and their "created" history
    records. `columns` maps attribute names to lists of equal length (the primary key's
    included: `reserve_ids`), or is an iterable of such maps, each a chunk of the rows with
    the same names (made while the server writes the chunk before); `constants` gives the
    value shared by every row of each other concrete field (auto_now fields not given are
    stamped now). A field missing from both is an error. Returns the number of rows.

    The server's part of each chunk runs in a thread (`_ServerSide`) while Python makes and
    formats the next chunk: the chunk's COPY, its history records (copied by the server from
    the rows just written) and its deferred foreign-key checks (`SET CONSTRAINTS … IMMEDIATE`
    then back to DEFERRED: checked now, by the server, not all at the commit while Python
    waits). A value shared by a whole chunk is formatted once. An error in any chunk (a key
    that names nothing, say) is raised here, and the caller's transaction undoes them all."""
    if isinstance(columns, dict):
        whole = columns
        count = len(whole[model._meta.pk.attname])
        columns = (
            {name: values[start : start + chunk] for name, values in whole.items()}
            for start in range(0, count, chunk)
        )
    chunks = iter(columns)
    first = next(chunks, None)
    if first is None:
        return 0
    constants = dict(constants or {})
    now = timezone.now()
    fields = list(model._meta.concrete_fields)
    for f in fields:
        stamped = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        if stamped and f.attname not in first:
            constants.setdefault(f.attname, now)
    varying = [f for f in fields if f.attname in first]
    fixed = [f for f in fields if f.attname not in first]
    for f in fixed:
        if f.attname not in constants:
            raise ValueError(f"no value for {f.attname}")

    def formatted(f, values):
        if (
            len(values) > 1
            and values.count(values[0]) == len(values)
            and set(map(type, values)) == {type(values[0])}
        ):  # one value for the whole chunk: formatted once
            return formatted(f, values[:1]) * len(values)
        return copy_texts(_json(f, values) if isinstance(f, models.JSONField) else values)

    end = "".join("\t" + formatted(f, [constants[f.attname]])[0] for f in fixed) + "\n"
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(f.column) for f in varying + fixed)
    copy_sql = f"COPY {table} ({names}) FROM STDIN"
    history = hasattr(model, "history")
    tables = [model] + ([model.history.model] if history else [])
    keys = _deferred_foreign_keys(tables)
    pk = model._meta.pk.attname
    count = 0
    connection.ensure_connection()
    with _ServerSide(connection.connection) as server:
        for part in itertools.chain([first], chunks):
            if part.keys() != first.keys():
                raise ValueError("every chunk needs the same columns")
            pks = part[pk]
            count += len(pks)
            texts = [formatted(f, part[f.attname]) for f in varying]
            text = end.join(map("\t".join, zip(*texts, strict=True))) + end
            steps: list = [(copy_sql, text)]
            if history:
                steps.append(_history_of_rows(model, pks, now, change_reason, user))
            if keys:
                steps += [(f"SET CONSTRAINTS {keys} IMMEDIATE", None)]
                steps += [(f"SET CONSTRAINTS {keys} DEFERRED", None)]
            server.submit(steps)
    return count


def _deferred_foreign_keys(models_) -> str:
    """The foreign keys of these tables that PostgreSQL checks at the commit (Django makes
    them DEFERRABLE INITIALLY DEFERRED), as `SET CONSTRAINTS` names them."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.nspname, c.conname FROM pg_constraint c "
            "JOIN pg_namespace n ON n.oid = c.connamespace "
            "WHERE c.contype = 'f' AND c.condeferrable AND c.condeferred "
            "AND c.conrelid = ANY(%s::regclass[]) ORDER BY 1, 2",
            [[m._meta.db_table for m in models_]],
        )
        return ", ".join(f"{quote(schema)}.{quote(name)}" for schema, name in cursor.fetchall())


class _ServerSide:
    """The database's part of a bulk write, run in order by a thread on the transaction's own
    connection: `submit(steps)` queues a chunk's statements ((sql, COPY text) or (sql,
    parameters)) and returns while the server works, so that Python makes the next chunk
    meanwhile; leaving the block waits for the last one and raises the first error (as
    Django's error, e.g. IntegrityError). When the block is left by an error, the chunks not
    yet started are dropped (the caller's transaction is about to be undone)."""

    def __init__(self, raw, ahead: int = 2):
        import queue
        import threading

        self._raw = raw
        self._jobs: queue.Queue = queue.Queue(maxsize=ahead)
        self._error: BaseException | None = None
        self._stop = False
        self._thread = threading.Thread(target=self._run, name="bulkcopy-server", daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def _run(self):
        while (steps := self._jobs.get()) is not None:
            if self._error is not None or self._stop:
                continue
            try:
                from psycopg import ClientCursor

                # The statements after a COPY sent together, as one round trip (the thread
                # waits for Python's lock after each answer).
                with ClientCursor(self._raw) as cursor:
                    batch = []
                    for sql, data in [*steps, ("COPY ", None)]:
                        if sql.startswith("COPY "):
                            if batch:
                                cursor.execute("; ".join(batch))
                                batch = []
                            if data is not None:
                                with cursor.copy(sql) as copy:
                                    copy.write(data)
                        else:
                            batch.append(cursor.mogrify(sql, data) if data else sql)
            except BaseException as exc:  # raised in the caller's thread
                self._error = exc

    def _raise(self):
        if self._error is not None:
            with connection.wrap_database_errors:
                raise self._error

    def submit(self, steps: list[tuple[str, Any]]) -> None:
        self._raise()
        self._jobs.put(steps)

    def __exit__(self, kind, exc, tb):
        self._stop = kind is not None
        self._jobs.put(None)
        self._thread.join()
        if kind is None:
            self._raise()
        return False


def _history_of_rows(model, pks, now, change_reason, user) -> tuple[str, list]:
    """The statement writing the "created" history records of the rows `pks` just written,
    copied by the server from them (no second pass of Python over the values)."""
    history = model.history.model
    quote = connection.ops.quote_name
    columns = {f.attname: f.column for f in model._meta.concrete_fields}
    hfields = [f for f in history._meta.concrete_fields if f.attname != "history_id"]
    extra = {
        "history_date": now,
        "history_change_reason": change_reason or None,
        "history_type": "+",
        "history_user_id": getattr(user, "pk", None),
    }
    select, params = [], []
    for f in hfields:
        if f.attname in columns:
            select.append(f"t.{quote(columns[f.attname])}")
        else:
            select.append("%s")
            params.append(extra.get(f.attname))
    pk = f"t.{quote(model._meta.pk.column)}"
    runs = _runs(pks)
    if len(runs) <= 20:  # reserved ids come in a run or a few: ranges of the primary key
        where = " OR ".join([f"{pk} BETWEEN %s AND %s"] * len(runs))
        params += [bound for run in runs for bound in run]
    else:
        where = f"{pk} = ANY(%s)"
        params.append(list(pks))
    return (
        f"INSERT INTO {quote(history._meta.db_table)} "
        f"({', '.join(quote(f.column) for f in hfields)}) "
        f"SELECT {', '.join(select)} FROM {quote(model._meta.db_table)} t "
        f"WHERE {where}",
        params,
    )


def insert_with_history(objs, model, *, change_reason: str = "", user=None, batch_size=2000):
    """Insert `objs` (new, unsaved model instances) and their "created" history records:
    by `copy_with_history` on PostgreSQL (ids reserved for those without one), Django's
    bulk_create (with simple_history's records) elsewhere. Returns them as a list, saved."""
    objs = list(objs)
    if not objs:
        return objs
    if not _postgres():
        from simple_history.utils import bulk_create_with_history

        if hasattr(model, "history"):
            return bulk_create_with_history(
                objs,
                model,
                batch_size=batch_size,
                default_change_reason=change_reason,
                default_user=user,
            )
        return model.objects.bulk_create(objs, batch_size=batch_size)
    ids = iter(reserve_ids(model, sum(1 for o in objs if o.pk is None)))
    for obj in objs:
        if obj.pk is None:
            obj.pk = next(ids)
    stamped = [
        f.attname
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    now = timezone.now()
    for obj in objs:
        for name in stamped:
            obj.__dict__[name] = now
    columns = {
        f.attname: [o.__dict__[f.attname] for o in objs] for f in model._meta.concrete_fields
    }
    copy_with_history(model, columns, change_reason=change_reason, user=user)
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias
    return objs
