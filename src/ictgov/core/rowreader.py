"""A model's row read by its key with one statement written once per database.

Every signed-in request reads its session and its user by key. Through the ORM each read builds
and compiles the same query again (`Model.objects.get(pk=…)`: most of the read's CPU time);
`RowReader` sends the statement that query compiles to and builds the instance as the ORM does
(the same columns, the same value converters, `Model.from_db`).
"""

from django.db import connections, router


class RowReader:
    def __init__(self, model, key: str = "pk"):
        self.model, self.key = model, key
        self._statements: dict[str, tuple] = {}

    def _statement(self, using: str) -> tuple:
        statement = self._statements.get(using)
        if statement is None:
            connection = connections[using]
            qn = connection.ops.quote_name
            meta = self.model._meta
            fields = meta.concrete_fields
            key = meta.pk if self.key == "pk" else meta.get_field(self.key)
            columns = [field.get_col(meta.db_table) for field in fields]
            converters = [
                (i, column, found)
                for i, column in enumerate(columns)
                if (
                    found := connection.ops.get_db_converters(column)
                    + column.get_db_converters(connection)
                )
            ]
            sql = (
                f"SELECT {', '.join(qn(field.column) for field in fields)} "
                f"FROM {qn(meta.db_table)} WHERE {qn(key.column)} = %s"
            )
            statement = (sql, [field.attname for field in fields], converters, key)
            self._statements[using] = statement
        return statement

    def get(self, value):
        """The instance whose key is `value` (already of the key's type), or None."""
        using = router.db_for_read(self.model)
        connection = connections[using]
        sql, names, converters, key = self._statement(using)
        with connection.cursor() as cursor:
            cursor.execute(sql, [key.get_db_prep_value(value, connection)])
            row = cursor.fetchone()
        if row is None:
            return None
        if converters:
            row = list(row)
            for i, column, found in converters:
                for convert in found:
                    row[i] = convert(row[i], column, connection)
        return self.model.from_db(using, names, row)
