"""Version tokens: what cached pages, fragments and the desk are keyed by, kept in the cache.

A cached thing's key holds the tokens of what it shows; replacing a token forgets, at once and in
every web process, whatever was cached under the old one. A token is random, never a counter:
if the cache evicted it, a counter restarting at 1 could bring back what was cached under an
old 1.
"""

import functools
import uuid

from django.core.cache import cache
from django.db import transaction


def current_tokens(keys: list[str]) -> list[str]:
    """The token at each key, in order: one cache read when all are set; a missing one is
    created (`add`, so that two processes creating it at once agree)."""
    found = cache.get_many(keys)
    tokens = []
    for key in keys:
        token = found.get(key)
        if token is None:
            cache.add(key, uuid.uuid4().hex, timeout=None)
            token = cache.get(key)
        tokens.append(token)
    return tokens


def _replace(keys: list[str]) -> None:
    cache.set_many({key: uuid.uuid4().hex for key in keys}, timeout=None)


def replace_tokens(keys: list[str]) -> None:
    """Forget what was cached under `keys`: now, and again when the transaction commits, since a
    request between the two may have cached the old data under the new token."""
    if keys:
        _replace(keys)
        transaction.on_commit(functools.partial(_replace, list(keys)))
