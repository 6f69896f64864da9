"""PostgreSQL, Redis and the environment a bench's processes share."""

from __future__ import annotations

import contextlib
import os
import secrets
import sys
from collections.abc import Iterator
from pathlib import Path

from bench.harness import HOST

POSTGRES = os.environ.get("LMS_BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
SECRET_KEY = "bench-" + "k" * 50


def postgres(sql: str, database: str = "postgres") -> None:
    """Run one statement outside a transaction (CREATE/DROP DATABASE, VACUUM)."""
    import psycopg

    with psycopg.connect(f"{POSTGRES}/{database}", autocommit=True) as conn:
        conn.execute(sql)


def database_url(name: str) -> str:
    return f"{POSTGRES}/{name}"


@contextlib.contextmanager
def temp_database(prefix: str) -> Iterator[str]:
    """A new, empty database named `prefix_<8 hex>`, dropped (sessions and all) on the way
    out, even on failure; a failed drop is reported on stderr and does not hide an error."""
    name = f"{prefix}_{secrets.token_hex(4)}"
    postgres(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        try:
            postgres(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        except Exception as exc:  # noqa: BLE001 - reported, never hidden
            print(f"warning: could not drop the database {name}: {exc}", file=sys.stderr)


def flush_redis(*urls: str) -> None:
    """Empty the bench's own Redis databases (never DB 0)."""
    import redis

    for url in urls:
        client = redis.Redis.from_url(url)
        try:
            client.flushdb()
        finally:
            client.close()


def redis_answers(url: str) -> bool:
    """Flush the Redis database at `url`; False when Redis does not answer."""
    try:
        import redis

        client = redis.Redis.from_url(url, socket_connect_timeout=1)
        client.flushdb()
        client.close()
    except Exception:  # noqa: BLE001 - no Redis: the caller picks another way
        return False
    return True


def production_env(var_dir: Path | str, **overrides: str | None) -> dict[str, str]:
    """This process's environment plus the production-like settings of a bench (no debug,
    cached templates, HTTPS behind a proxy on 127.0.0.1, warnings only), with its own
    folder for files. An override of None removes that variable."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings",
        "LMS_VAR_DIR": str(var_dir),
        "LMS_DEBUG": "0",
        "LMS_SECRET_KEY": SECRET_KEY,
        "LMS_ALLOWED_HOSTS": HOST,
        "LMS_BASE_URL": f"https://{HOST}",
        "LMS_SSL_REDIRECT": "0",
        "LMS_LOG_LEVEL": "WARNING",
    }
    for name, value in overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env
