"""Queries compiled to SQL once per process: for the few lookups that every page makes.

Building SQL from a queryset costs the ORM a tenth of a millisecond or more, several times
what SQLite or a nearby PostgreSQL needs to answer a lookup by key. A `CompiledQuery` lets the
ORM build the SQL once per database, then only binds new parameters, runs it and converts the
values the way the ORM does (so a datetime is still timezone-aware, a JSON field decoded).

On PostgreSQL, with the project's database options (server-side binding and a prepare
threshold, see lms/settings.py), a statement run a few times on a connection is prepared:
the server plans it once per connection instead of at every execution.
"""

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal
from enum import Enum

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators

# Stand-ins for the parameters while compiling: integers within an integer column's range
# (PostgreSQL's ORM turns a lookup beyond it into "no rows" without SQL), each of which must
# be found exactly once among the compiled query's parameters.
_STAND_IN = 2_147_480_000
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1


# Values that change between calls far more often than they are meant as constants.
_FROZEN_BY_MISTAKE = (str, date, time, timedelta, Decimal)


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple
    positions: tuple[tuple[int, int], ...]  # (index in params, index of the argument)
    converters: tuple  # ((position, (converters, expression)), ...) as the ORM gives them
    model: type[Model] | None
    span: tuple[int, int]  # the model's own columns in a row
    attnames: tuple[str, ...]
    populators: tuple  # the ORM's RelatedPopulators, one per select_related model
    annotations: tuple  # (attribute, position in a row), as the ORM sets them


class CompiledQuery:
    """`build(*args)` returns the queryset for integer arguments `args`.

    It is called once per database with stand-in values, which must reach the SQL as plain
    parameters (filters such as `pk=arg` or `learner_id=arg`). `values_list` querysets give
    tuples; a model queryset (all fields, select_related and annotations allowed, nothing
    deferred) gives model instances as the ORM builds them, annotations set as attributes.

    Every other value in the SQL is frozen at the first use. A text, a moment or a decimal
    there is usually a mistake (`timezone.now()` in `build` would stay the first request's
    time), so compiling refuses one unless it is a member of an enumeration (a model's
    `TextChoices`, such as a status) or named in `constants`."""

    def __init__(
        self,
        build: Callable[..., QuerySet],
        *,
        arity: int = 1,
        constants: Collection[object] = (),
    ) -> None:
        self._build = build
        self._arity = arity
        self._constants = frozenset(constants)
        self._by_alias: dict[str, _Compiled] = {}

    def _compile(self, using: str) -> _Compiled:
        stand_ins = [_STAND_IN + i for i in range(self._arity)]
        queryset = self._build(*stand_ins)
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        positions = []
        for argument, stand_in in enumerate(stand_ins):
            found = [i for i, value in enumerate(params) if value == stand_in]
            if len(found) != 1:
                raise ValueError(f"argument {argument} must appear once as a plain parameter")
            positions.append((found[0], argument))
        arguments = {index for index, _argument in positions}
        for index, value in enumerate(params):
            if (
                index not in arguments
                and isinstance(value, _FROZEN_BY_MISTAKE)
                and not isinstance(value, Enum)
                and value not in self._constants
            ):
                raise ValueError(
                    f"parameter {index} ({value!r}) would be frozen into the compiled SQL at its "
                    "first use: name it in constants=(...) if it is a constant, or use a plain "
                    "queryset for values that change"
                )
        columns = [column for column, _sql, _alias in compiler.select]
        model, span, attnames, populators, annotations = None, (0, 0), (), (), ()
        if queryset._fields is None:
            if queryset.query.deferred_loading[0]:
                raise ValueError("a compiled model query loads every field")
            # As the ORM's ModelIterable reads a row: the model's own columns, then those of
            # each select_related model.
            klass_info = compiler.klass_info
            model = klass_info["model"]
            span = (klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1)
            attnames = tuple(column.target.attname for column in columns[span[0] : span[1]])
            populators = tuple(get_related_populators(klass_info, compiler.select, using))
            annotations = tuple((compiler.annotation_col_map or {}).items())
        compiled = _Compiled(
            sql=sql,
            params=tuple(params),
            positions=tuple(positions),
            converters=tuple(compiler.get_converters(columns).items()),
            model=model,
            span=span,
            attnames=attnames,
            populators=populators,
            annotations=annotations,
        )
        self._by_alias[using] = compiled
        return compiled

    def rows(self, *args: int, using: str = DEFAULT_DB_ALIAS) -> list[tuple]:
        compiled = self._by_alias.get(using) or self._compile(using)
        if not all(_INT64_MIN <= argument <= _INT64_MAX for argument in args):
            return []  # no key is that large (and a database would refuse the number)
        params = list(compiled.params)
        for index, argument in compiled.positions:
            params[index] = args[argument]
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        if not compiled.converters:
            return rows
        converted = []
        for row in rows:
            row = list(row)
            for position, (converters, expression) in compiled.converters:
                value = row[position]
                for converter in converters:
                    value = converter(value, expression, connection)
                row[position] = value
            converted.append(tuple(row))
        return converted

    def objects(self, *args: int, using: str = DEFAULT_DB_ALIAS) -> list[Model]:
        compiled = self._by_alias.get(using) or self._compile(using)
        if compiled.model is None:
            raise TypeError("this compiled query gives tuples: use rows()")
        start, end = compiled.span
        objects = []
        for row in self.rows(*args, using=using):
            obj = compiled.model.from_db(using, compiled.attnames, row[start:end])
            for populator in compiled.populators:
                populator.populate(row, obj)
            for name, position in compiled.annotations:
                setattr(obj, name, row[position])
            objects.append(obj)
        return objects
