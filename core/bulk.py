"""Set-based writes with one signature over PostgreSQL and SQLite.

Each helper does on PostgreSQL what the ORM cannot say in one statement (INSERT … ON
CONFLICT DO NOTHING RETURNING with server-side binding; UPDATE … FROM json_to_recordset),
and on SQLite the plain equivalent, so that callers never split by vendor themselves.
"""

import json
from decimal import Decimal
from functools import cache

from django.db import IntegrityError, connection, transaction


@cache
def _insert_sql(model) -> tuple[str, tuple]:
    """PostgreSQL: INSERT … ON CONFLICT DO NOTHING RETURNING the key, for every concrete field
    but the key."""
    q = connection.ops.quote_name
    meta = model._meta
    fields = tuple(f for f in meta.concrete_fields if not f.primary_key)
    sql = (
        f"INSERT INTO {q(meta.db_table)} ({', '.join(q(f.column) for f in fields)})"
        f" VALUES ({', '.join(['%s'] * len(fields))})"
        f" ON CONFLICT DO NOTHING RETURNING {q(meta.pk.column)}"
    )
    return sql, fields


def insert_unless_conflict(obj) -> bool:
    """Insert a new row as `obj.save()` would, unless a unique constraint says that its place
    is taken (then nothing, and False). On PostgreSQL one prepared statement with its values
    bound on the server, outside any transaction: a row with 10 KB of JSON (an attempt's
    frozen questions) need not be quoted into the SQL text at every insert. Like
    `bulk_create` it sends no save signals."""
    if connection.vendor != "postgresql":
        try:
            with transaction.atomic():
                obj.save(force_insert=True)
        except IntegrityError:
            return False
        return True
    sql, fields = _insert_sql(type(obj))
    params = [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return False
    obj.pk = row[0]
    obj._state.adding = False
    obj._state.db = connection.alias
    return True


def update_rows(model, field_names: list[str], rows: list[tuple]) -> None:
    """Write `field_names` of many rows in one statement: `rows` are (pk, *values).

    On PostgreSQL one UPDATE … FROM json_to_recordset(one JSON document): one parameter
    whatever the number of rows, written by the json module's C encoder (arrays of Decimals
    or JSON values cost psycopg and Django's per-value adaptation several times the
    database's own work). Elsewhere one prepared statement for all rows (executemany).
    QuerySet.bulk_update builds a CASE expression per row and field, costlier still."""
    if not rows:
        return
    fields = [model._meta.get_field(name) for name in field_names]
    pk = model._meta.pk
    quote = connection.ops.quote_name
    if connection.vendor == "postgresql":
        keys = [f"c{i}" for i in range(len(fields))]
        keyed = list(zip(keys, map(_json_value, fields), strict=True))
        document = json.dumps(
            [
                {"pk": row[0], **{k: f(v) for (k, f), v in zip(keyed, row[1:], strict=True)}}
                for row in rows
            ],
            separators=(",", ":"),
        )
        sql = (
            "UPDATE {table} AS t SET {sets} FROM json_to_recordset(%s::json) AS v ({columns})"
            " WHERE t.{pk} = v.pk"
        ).format(
            table=quote(model._meta.db_table),
            sets=", ".join(f"{quote(f.column)} = v.{k}" for k, f in zip(keys, fields, strict=True)),
            columns=", ".join(
                [
                    *(f"{k} {f.db_type(connection)}" for k, f in zip(keys, fields, strict=True)),
                    f"pk {pk.db_type(connection)}",
                ]
            ),
            pk=quote(pk.column),
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [document])
        return
    prepared = [
        [
            field.get_db_prep_save(value, connection)
            for field, value in zip(fields, row[1:], strict=True)
        ]
        for row in rows
    ]
    sql = "UPDATE {} SET {} WHERE {} = %s".format(
        quote(model._meta.db_table),
        ", ".join(f"{quote(field.column)} = %s" for field in fields),
        quote(pk.column),
    )
    with connection.cursor() as cursor:
        cursor.executemany(
            sql, [[*values, row[0]] for values, row in zip(prepared, rows, strict=True)]
        )


def _json_value(field):
    """How `update_rows` writes a value of `field` into its JSON document: what PostgreSQL
    reads back as the column's type (a Decimal as its exact text, which the column rounds the
    way it rounds a Decimal Django passes; a JSON field's value as it is)."""
    kind = field.get_internal_type()
    if kind == "DecimalField":
        return lambda value: (
            value
            if value is None
            else str(value if type(value) is Decimal else field.to_python(value))
        )
    if kind == "JSONField" and field.encoder is None:
        return lambda value: value
    if kind in ("DateTimeField", "DateField"):
        return lambda value: None if value is None else field.get_prep_value(value).isoformat()
    if kind in ("CharField", "TextField", "BooleanField") or kind.endswith("IntegerField"):
        plain = bool if kind == "BooleanField" else int if kind.endswith("IntegerField") else str
        return lambda value: (
            value if value is None or isinstance(value, plain) else field.get_prep_value(value)
        )
    raise TypeError(f"update_rows cannot write a {kind} yet")
