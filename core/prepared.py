"""Prepared statements on PostgreSQL, for the few hot statements that ask for them.

On PostgreSQL (settings.LMS_PREPARED_STATEMENTS, on by default) `cursor_for` gives a cursor
that binds parameters on the server and prepares what it runs: the server plans a statement
once per connection instead of at every execution. Planning the attempt lookup, a join of six
tables, costs PostgreSQL more than running it. Django's own cursors bind on the client and
never prepare.

Why not Django's own `OPTIONS` (`server_side_binding`, `prepare_threshold`): they apply to
every statement of every connection. With a threshold of 0 they break migrations ("cannot
insert multiple commands into a prepared statement"); with a threshold above 0 each
statement runs unprepared first on every connection, and server-side binding changes how
Django sends every ORM query (see bench/grading.py and the figures in the closing note of
issue 14). This cursor prepares only what the code asks for.

It touches private names of Django and psycopg (`connection._prepare_cursor`, a psycopg
cursor's `_query`, Django's `ServerBindingCursor`): each has a test in
tests/core/test_private_apis.py, so an upgrade that changes one fails there first.
"""

from functools import cache

from django.conf import settings
from django.utils.asyncio import async_unsafe

# Statements are prepared only when asked for (prepare=True): psycopg counts executions up to
# this threshold before it would prepare one by itself, and Django's cursors never get there.
_NEVER_BY_COUNT = 2**31


class _Statement:
    """The SQL text of a prepared execution, where Django's query log reads a psycopg cursor's
    last query (`cursor._query.query`): with placeholders, not values."""

    __slots__ = ("query",)

    def __init__(self, query: bytes) -> None:
        self.query = query


@cache
def _preparing_cursor_class() -> type:
    from django.db.backends.postgresql.base import ServerBindingCursor  # needs psycopg

    class PreparingCursor(ServerBindingCursor):
        def execute(self, query, params=None, *, prepare=None, binary=None):
            result = super().execute(query, params, prepare=prepare is not False, binary=binary)
            if self._query is None:  # psycopg leaves it unset when it runs a prepared statement
                self._query = _Statement(query.encode())
            return result

    return PreparingCursor


@async_unsafe
def _prepared_cursor(connection):
    """A cursor of `connection` (PostgreSQL) that binds on the server and prepares what it runs;
    opened and wrapped as `connection.cursor()` opens and wraps Django's own (health check,
    thread check, query logging and execute_wrapper all still apply)."""
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    raw = connection.connection
    if raw.prepare_threshold is None:  # Django's default: psycopg would prepare nothing
        raw.prepare_threshold = _NEVER_BY_COUNT
    with connection.wrap_database_errors:
        return connection._prepare_cursor(_preparing_cursor_class()(raw))


def cursor_for(connection):
    """A cursor for hot statements: on PostgreSQL one that prepares them (see above), else
    Django's own."""
    if connection.vendor == "postgresql" and getattr(settings, "LMS_PREPARED_STATEMENTS", True):
        return _prepared_cursor(connection)
    return connection.cursor()
