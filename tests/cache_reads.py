"""Counting what Django's cache is asked for, for tests of what is kept in the process or read
once per request, and noting what it is given to keep. The cache still does the work: these
only write the keys (and values) down."""

from collections.abc import Callable

from django.core.cache import cache


def count_reads(monkeypatch, method: str, wanted: Callable[[str], bool]) -> list[str]:
    """The keys asked for through `cache.<method>` ("get" or "get_many") that `wanted` keeps,
    in order, from now to the end of the test."""
    asked: list[str] = []
    original = getattr(cache, method)

    def counted(keys, *args, **kwargs):
        asked.extend(key for key in ([keys] if method == "get" else keys) if wanted(key))
        return original(keys, *args, **kwargs)

    monkeypatch.setattr(cache, method, counted)
    return asked


def note_sets(monkeypatch, prefix: str) -> dict:
    """What is given to `cache.set` under keys starting with `prefix`, by key, from now to the
    end of the test."""
    stored = {}
    original = cache.set

    def noted(key, value, *args, **kwargs):
        if key.startswith(prefix):
            stored[key] = value
        return original(key, value, *args, **kwargs)

    monkeypatch.setattr(cache, "set", noted)
    return stored


def round_trips(monkeypatch) -> list[str]:
    """The calls to the cache (get, get_many) from now on, each a round trip to Redis in
    production; LocMemCache's get_many asks its own get for each key, which is not counted."""
    calls: list[str] = []
    inside = []

    def counted(method):
        original = getattr(cache, method)

        def call(*args, **kwargs):
            if not inside:
                calls.append(method)
            inside.append(method)
            try:
                return original(*args, **kwargs)
            finally:
                inside.pop()

        return call

    for method in ("get", "get_many"):
        monkeypatch.setattr(cache, method, counted(method))
    return calls
