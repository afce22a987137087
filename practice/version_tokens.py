"""Version tokens: what cached pages, fragments and the desk are keyed by, kept in the cache.

A cached thing's key holds the tokens of what it shows; replacing a token forgets, at once and in
every web process, whatever was cached under the old one. A token is random, never a counter:
if the cache evicted it, a counter restarting at 1 could bring back what was cached under an
old 1.

A request reads each token once (`VersionTokensMiddleware`): a page made of several cached
parts asked for the same tokens up to six times, each a round trip to the cache. Holding on to
a token read earlier in the request can only key newer data with an older token, which no later
request reads; a token the request replaces itself is seen at once.
"""

import functools
import uuid
from contextvars import ContextVar

from django.core.cache import cache
from django.db import transaction

# The tokens this request has read, by key (None outside a request: every read goes to the cache).
_read_in_this_request: ContextVar[dict | None] = ContextVar("version_tokens", default=None)
# Cached values read ahead by this request and not handed out yet, by key (_ABSENT: not cached).
_read_ahead: ContextVar[dict | None] = ContextVar("read_ahead", default=None)
_ABSENT = object()


def _read(keys: list[str]) -> list[str]:
    found = cache.get_many(keys)
    tokens = []
    for key in keys:
        token = found.get(key)
        if token is None:
            cache.add(key, uuid.uuid4().hex, timeout=None)
            token = cache.get(key)
        tokens.append(token)
    return tokens


def current_tokens(keys: list[str]) -> list[str]:
    """The token at each key, in order: one cache read for those this request has not read yet;
    a missing one is created (`add`, so that two processes creating it at once agree)."""
    known = _read_in_this_request.get()
    if known is None:
        return _read(keys)
    unread = [key for key in keys if key not in known]
    waiting = _read_ahead.get() or {}
    for key in unread:  # read ahead with something else (`read_ahead`)
        if waiting.get(key, _ABSENT) is not _ABSENT:
            known[key] = waiting.pop(key)
    unread = [key for key in unread if key not in known]
    if unread:
        known.update(zip(unread, _read(unread), strict=True))
    return [known[key] for key in keys]


def _replace(keys: list[str]) -> None:
    tokens = {key: uuid.uuid4().hex for key in keys}
    cache.set_many(tokens, timeout=None)
    known = _read_in_this_request.get()
    if known is not None:
        known.update(tokens)


def replace_tokens(keys: list[str]) -> None:
    """Forget what was cached under `keys`: now, and again when the transaction commits, since a
    request between the two may have cached the old data under the new token."""
    if keys:
        _replace(keys)
        transaction.on_commit(functools.partial(_replace, list(keys)))


def read_ahead(keys: list[str]) -> None:
    """Read `keys` from the cache in one round trip, for `read` to hand out later in this
    request (outside a request, nothing: each `read` asks the cache)."""
    waiting = _read_ahead.get()
    if waiting is None:
        return
    unread = [key for key in keys if key not in waiting]
    if unread:
        found = cache.get_many(unread)
        waiting.update((key, found.get(key, _ABSENT)) for key in unread)


def read(key: str):
    """The cached value at `key` (None when there is none): the one read ahead, once, else
    from the cache."""
    waiting = _read_ahead.get()
    if waiting is not None and key in waiting:
        value = waiting.pop(key)
        return None if value is _ABSENT else value
    return cache.get(key)


class VersionTokensMiddleware:
    """Each request reads each version token from the cache at most once, and keeps what it
    reads ahead (`read_ahead`) until its parts ask for it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        tokens = _read_in_this_request.set({})
        ahead = _read_ahead.set({})
        try:
            return self.get_response(request)
        finally:
            _read_ahead.reset(ahead)
            _read_in_this_request.reset(tokens)
