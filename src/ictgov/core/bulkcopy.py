"""Many new rows at once, with their history: PostgreSQL's COPY where it runs (ids reserved from
the table's sequence first, so the caller knows them before the rows are written), Django's
bulk_create elsewhere. For imports of tens of thousands of rows, where the ORM's per-value
preparation costs more than the database's work.

    ids = reserve_ids(Facility, len(objs))          # PostgreSQL only; None elsewhere
    insert_with_history(objs, Facility, change_reason="Nhập từ Excel", user=user)

Each object gets its `pk`; a model with django-simple-history gets one "created" record per
row, as `bulk_create_with_history` would write.
"""

import json

from django.db import connection, models
from django.utils import timezone


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def reserve_ids(model, count: int) -> list[int] | None:
    """`count` new ids from the table's sequence (PostgreSQL); None where ids come on insert."""
    if not _postgres() or count == 0:
        return None if not _postgres() else []
    table = model._meta.db_table
    column = model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def _copy(model, rows, fields):
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def insert_with_history(objs, model, *, change_reason: str = "", user=None, batch_size=2000):
    """Insert `objs` (new, unsaved) and their "created" history records. Returns `objs`."""
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
    now = timezone.now()
    ids = iter(reserve_ids(model, sum(1 for o in objs if o.pk is None)))
    stamped = [
        f.attname
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    for obj in objs:
        if obj.pk is None:
            obj.pk = next(ids)
        for name in stamped:
            setattr(obj, name, now)
    fields = list(model._meta.concrete_fields)
    attnames = [f.attname for f in fields]
    jsons = [(i, f.encoder) for i, f in enumerate(fields) if isinstance(f, models.JSONField)]
    rows = []
    for obj in objs:
        values = obj.__dict__
        row = [values[name] for name in attnames]
        for i, encoder in jsons:
            if row[i] is not None:
                row[i] = json.dumps(row[i], cls=encoder)
        rows.append(row)
    _copy(model, rows, fields)
    if hasattr(model, "history"):
        # The history records are copied by the server from the rows just written (no second
        # pass of Python over the values).
        history = model.history.model
        quote = connection.ops.quote_name
        columns = {f.attname: f.column for f in fields}
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
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {quote(history._meta.db_table)} "
                f"({', '.join(quote(f.column) for f in hfields)}) "
                f"SELECT {', '.join(select)} FROM {quote(model._meta.db_table)} t "
                f"WHERE t.{quote(model._meta.pk.column)} = ANY(%s)",
                [*params, [obj.pk for obj in objs]],
            )
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias
    return objs
