"""Many new rows at once, with their history: PostgreSQL's COPY where it runs (ids reserved from
the table's sequence first, so the caller knows them before the rows are written), Django's
bulk_create elsewhere. For imports of tens of thousands of rows, where the ORM's per-value
preparation costs more than the database's work.

    ids = reserve_ids(Facility, len(objs))          # PostgreSQL only; None elsewhere
    insert_with_history(objs, Facility, change_reason="Nhập từ Excel", user=user)

Each object gets its `pk`; a model with django-simple-history gets one "created" record per
row, as `bulk_create_with_history` would write. On PostgreSQL `objs` may be a generator of
objects whose pk is already set: each is made while the COPY sends the earlier ones.
"""

import json
from operator import itemgetter

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
        cursor.execute(
            "SELECT min(v), max(v) FROM ("
            "  SELECT v, v - row_number() OVER (ORDER BY v) AS run FROM ("
            "    SELECT nextval(pg_get_serial_sequence(%s, %s)) AS v"
            "    FROM generate_series(1, %s)) AS s) AS r "
            "GROUP BY run ORDER BY 1",
            [table, column, count],
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


def _copy(model, rows, fields):
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def insert_with_history(objs, model, *, change_reason: str = "", user=None, batch_size=2000):
    """Insert `objs` (new, unsaved) and their "created" history records. Returns them as a
    list. On PostgreSQL `objs` may be any iterable of objects whose pk is set (from
    `reserve_ids`): each is then made while the COPY is sending the earlier ones, so the
    server writes rows and indexes while Python builds the next."""
    if not _postgres():
        objs = list(objs)
        if not objs:
            return objs
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
    if isinstance(objs, (list, tuple)):
        ids = iter(reserve_ids(model, sum(1 for o in objs if o.pk is None)))
    else:
        ids = None  # no query while the COPY runs: streamed objects come with their pk
    stamped = [
        f.attname
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    fields = list(model._meta.concrete_fields)
    values_of = itemgetter(*[f.attname for f in fields])
    jsons = [(i, f.encoder) for i, f in enumerate(fields) if isinstance(f, models.JSONField)]
    written = []

    def rows():
        for obj in objs:
            if obj.pk is None:
                if ids is None:
                    raise ValueError("objects streamed to insert_with_history need their pk")
                obj.pk = next(ids)
            values = obj.__dict__
            for name in stamped:
                values[name] = now
            row = values_of(values)
            if jsons:
                row = list(row)
                for i, encoder in jsons:
                    value = row[i]
                    if value is not None:
                        row[i] = "[]" if value == [] else json.dumps(value, cls=encoder)
            written.append(obj)
            yield row

    _copy(model, rows(), fields)
    objs = written
    if not objs:
        return objs
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
        pk = f"t.{quote(model._meta.pk.column)}"
        pks = [obj.pk for obj in objs]
        runs = _runs(pks)
        if len(runs) <= 20:  # reserved ids come in a run or a few: ranges of the primary key
            where = " OR ".join([f"{pk} BETWEEN %s AND %s"] * len(runs))
            params += [bound for run in runs for bound in run]
        else:
            where = f"{pk} = ANY(%s)"
            params.append(pks)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {quote(history._meta.db_table)} "
                f"({', '.join(quote(f.column) for f in hfields)}) "
                f"SELECT {', '.join(select)} FROM {quote(model._meta.db_table)} t "
                f"WHERE {where}",
                params,
            )
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias
    return objs
