"""Counting what Django's cache is asked for, for tests of what is kept in the process or read
once per request. The cache still does the work: this only writes the keys down."""

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
