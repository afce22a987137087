from django.conf import settings
from django.core.checks import Error, Tags, register

# Caches that each process keeps for itself (or not at all).
PROCESS_CACHES = ("LocMemCache", "DummyCache")


@register(Tags.caches)
def production_needs_a_shared_cache(app_configs, **kwargs):
    """With DEBUG off the site refuses to start without a cache every process shares.

    allauth's rate limits, the sessions' cache and the cached pages live in the cache. A dummy
    cache turns the limits off; a local-memory one gives each gunicorn worker counts of its own,
    so a limit of 10 failed logins let 14 of 16 through.
    """
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.DEBUG or not backend.endswith(PROCESS_CACHES):
        return []
    return [
        Error(
            f"The default cache ({backend.rsplit('.', 1)[-1]}) is not shared between processes, "
            "so login rate limits and cached pages would differ from one web worker to the next.",
            hint="Set REDIS_URL to the Redis server that every web process uses.",
            id="practice.E001",
        )
    ]
