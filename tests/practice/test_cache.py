"""The Redis cache backend (production's, practice/cache.py) against a real Redis: one client
per connection pool, and the cache's calls behave as Django's own."""

import secrets

import pytest

from practice.cache import RedisCache

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def cache():
    prefix = f"test-cache-{secrets.token_hex(4)}"
    backend = RedisCache(REDIS_URL, {"KEY_PREFIX": prefix})
    yield backend
    # Not clear(): that empties the whole Redis database, whoever's keys they are.
    redis = backend._cache.get_client(write=True)
    for key in redis.scan_iter(f"{prefix}:*"):
        redis.delete(key)
    backend.close()


def test_every_call_shares_one_client_per_pool(cache):
    cache.set("a", 1)
    first = cache._cache.get_client()

    cache.get("a")
    cache.get_many(["a", "b"])

    assert cache._cache.get_client() is first
    assert cache._cache.get_client(write=True) is first  # one server: one pool for both


def test_it_stores_reads_and_forgets_as_djangos_backend_does(cache):
    cache.set("page", {"html": "<p>hello</p>"}, timeout=60)
    cache.set_many({"t1": "x", "t2": "y"})
    assert cache.add("page", "other") is False

    assert cache.get("page") == {"html": "<p>hello</p>"}
    assert cache.get_many(["t1", "t2", "missing"]) == {"t1": "x", "t2": "y"}
    assert cache.add("n", 1) is True
    assert cache.incr("n", 2) == 3

    cache.delete_many(["t1", "page"])
    assert cache.get("page") is None
    assert cache.get("t2") == "y"
