"""One test per private name of Django, psycopg or redis-py that `core/` relies on.

`core/` is the only place allowed to touch them (each behind one function). When an upgrade
renames or removes one, the test named after it fails here, before a page breaks.
"""

import inspect

import pytest
from django.contrib.auth import get_user_model
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.db.models.query import get_related_populators

from courses.models import Enrollment

User = get_user_model()


# --- core.cache: Django's Redis cache client ------------------------------------------------


def test_django_redis_client_has_get_connection_pool_taking_write():
    method = RedisCacheClient._get_connection_pool
    assert list(inspect.signature(method).parameters) == ["self", "write"]


def test_django_redis_client_builds_clients_from_its_client_class():
    client = RedisCacheClient(["redis://127.0.0.1:6379/15"])
    assert client._client.__name__ == "Redis"  # redis.Redis, called with connection_pool=


def test_django_redis_cache_makes_its_client_from_class_attribute():
    cache = RedisCache("redis://127.0.0.1:6379/15", {})
    assert cache._class is RedisCacheClient
    assert isinstance(cache._cache, RedisCacheClient)  # built from _class on first use


# --- core.compiled: the ORM's SQL compiler ----------------------------------------------------


@pytest.mark.django_db
def test_sql_compiler_exposes_select_klass_info_and_annotation_col_map_after_as_sql():
    queryset = Enrollment.objects.select_related("edition").filter(pk=1)
    compiler = queryset.query.get_compiler(using="default")
    compiler.as_sql()
    assert {"model", "select_fields"} <= set(compiler.klass_info)
    assert compiler.klass_info["model"] is Enrollment
    assert all(len(entry) == 3 for entry in compiler.select)  # (column, sql, alias)
    assert compiler.annotation_col_map == {}
    assert isinstance(compiler.get_converters([c for c, _s, _a in compiler.select]), dict)


@pytest.mark.django_db
def test_get_related_populators_builds_one_populator_per_select_related_model():
    queryset = Enrollment.objects.select_related("edition", "learner").filter(pk=1)
    compiler = queryset.query.get_compiler(using="default")
    compiler.as_sql()
    populators = get_related_populators(compiler.klass_info, compiler.select, "default")
    assert len(populators) == 2
    assert all(hasattr(p, "populate") for p in populators)


def test_queryset_fields_and_deferred_loading_say_what_a_query_loads():
    assert Enrollment.objects.all()._fields is None
    assert Enrollment.objects.values_list("pk")._fields == ("pk",)
    names, defer = Enrollment.objects.only("pk").query.deferred_loading
    assert (set(names), defer) == ({"id"}, False)  # only() loads these; defer() would be True
    assert Enrollment.objects.all().query.deferred_loading[0] == frozenset()
