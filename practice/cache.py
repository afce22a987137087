"""Django's Redis cache backend, with one Redis client per connection pool.

Django's own client builds a new `redis.Redis` for every cache call, and building one sets some
170 response callbacks: on a signed-in page, which reads its session, version tokens and
fragments, that was a tenth of the request's time. A `redis.Redis` holds no connection of its
own (each command borrows one from the pool) and is safe to share, so one per pool serves every
call. Each thread has its own backend (django.core.cache.caches is thread-local) and so its own
clients.
"""

from django.core.cache.backends import redis as django_redis


class PooledRedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = PooledRedisCacheClient
