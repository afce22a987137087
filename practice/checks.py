from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.caches, deploy=True)
def rate_limits_need_a_real_cache(app_configs, **kwargs):
    """allauth's rate limits count in the cache: a dummy cache would silently disable them."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith("DummyCache"):
        return [
            Error(
                "The default cache is a DummyCache, so login rate limits would not work.",
                hint="Use local memory for one process, or set REDIS_URL for several.",
                id="practice.E001",
            )
        ]
    return []
