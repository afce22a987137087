"""Whole-page caching of public pages for anonymous visitors.

Readers and prospective clients are nearly all anonymous, and a public page is the same for each
of them, so the rendered response is cached, keyed by path and query, by what the page varies
on (the visitor's time zone for slot pages) and by version tokens kept in the same cache:

- "content": articles, categories, tags, FAQ, services, practice details, policies. Any save or
  delete of those replaces the token, so every cached page is forgotten at once; with Redis that
  holds across every web process.
- "availability": bookings, hours, time off. Slot pages depend on it too, so a hold taken by
  one client disappears from everyone's list of times at once.

Two things change pages without any save. A scheduled article goes live at its publish date,
so a page is never cached past the next scheduled publication. A hold frees its slot when it
runs out, so a slot page is never cached past the next hold's expiry, nor longer than a minute
(times also pass their minimum notice as the clock moves).

A page is kept gzipped (compressed once, when stored) and served so to browsers that accept
gzip; a visitor whose browser does not gets it unpacked. Each process also keeps the pages it
served last under the same key, versions included, and never longer than the cache keeps them:
a hit then reads only the versions from the cache.

Signed-in people are never served or stored a cached page: their navigation differs and staff
see previews; nor is a visitor whose session holds something of her own (a time she holds).
Neither is a response that sets a cookie, one that used the CSRF token (it would carry one
visitor's token to another), or one rendered with pending messages. A page that
wrote to the session or queued a message is not stored either: the middleware sets their
cookies only after this decorator has run, and a visitor served the cached copy would have the
page without its session (a time zone chosen on it, say).
"""

import functools
import gzip
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode

from practice.version_tokens import current_tokens, replace_tokens

CONTENT = "content"
AVAILABILITY = "availability"
VERSION_KEY = "pages:version:{namespace}"
PAGE_KEY = "pages:{versions}:{path}?{query}#{vary}"
AVAILABILITY_SECONDS = 60

T = TypeVar("T")


def page_timeout() -> int:
    return getattr(settings, "PAGE_CACHE_SECONDS", 300)


def pages_version(namespace: str) -> str:
    return pages_versions(namespace)[0]


def pages_versions(*namespaces: str) -> list[str]:
    """The current version of each namespace, in order (one cache read when all are set)."""
    return current_tokens([VERSION_KEY.format(namespace=namespace) for namespace in namespaces])


def kept_in_process(namespace: str, load: Callable[[], T]) -> Callable[[], T]:
    """`load`, run once per process while `namespace`'s version stays (a save of one of its
    models replaces the version in every process at once). The version is read before loading,
    so a change while it loads wins. One pair, read and replaced whole; what it keeps must not
    be changed by its readers."""
    kept: list[tuple[str, T] | None] = [None]

    def get() -> T:
        version = pages_version(namespace)
        found = kept[0]
        if found is not None and found[0] == version:
            return found[1]
        value = load()
        kept[0] = (version, value)
        return value

    return get


def forget_cached_pages(namespace: str = CONTENT) -> None:
    """Invalidate every cached page of a namespace (signal receivers; after bulk updates)."""
    replace_tokens([VERSION_KEY.format(namespace=namespace)])


def _forget_content(**kwargs) -> None:
    forget_cached_pages(CONTENT)


def _forget_availability(**kwargs) -> None:
    forget_cached_pages(AVAILABILITY)


def _cacheable_request(request) -> bool:
    session = getattr(request, "session", None)
    return (
        request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and not len(messages.get_messages(request))
        and not (session is not None and any(key in session for key in _PERSONAL_SESSION_KEYS))
    )


def _storable(request, response) -> bool:
    """Whether the rendered response is the same for every anonymous visitor (see above)."""
    session = getattr(request, "session", None)
    return (
        response.status_code == 200
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not (session is not None and session.modified)
        and not len(messages.get_messages(request))
    )


def _compressed(response):
    """The response to keep: its body gzipped once here, so no hit compresses it again and
    each hit reads a fifth of the bytes from the cache (a page with a list of times is 49 KB,
    10 KB gzipped). In one piece, not the many a view that write()s leaves (a feed writes
    each XML element). Such a page holds nothing of anyone's (`_storable`), so it needs no
    padding against BREACH. A body that gzip would not shrink stays as it is."""
    body = response.content
    compressed = gzip.compress(body, mtime=0)
    if len(compressed) < len(body):
        response.content = compressed
        response.headers["Content-Encoding"] = "gzip"
    else:
        response.content = body
    patch_vary_headers(response, ("Accept-Encoding",))
    return response


def _as_accepted(response, request):
    """A kept response as this visitor can read it: gzipped as kept when her browser accepts
    gzip (every browser does), else unpacked."""
    if response.get("Content-Encoding") == "gzip" and not re_accepts_gzip.search(
        request.headers.get("Accept-Encoding", "")
    ):
        response.content = gzip.decompress(response.content)
        del response.headers["Content-Encoding"]
    return response


# The pages this process served last, by their whole key, versions included: a hit then reads
# only the versions from the cache, which every request still does, so a change shows at once
# in every process. Each copy lives no longer than the cache's (`kept_until`); a hit gets a
# response of its own, which the middleware may change. A few dozen pages of ~10 KB each.
PAGES_KEPT_HERE = 64
_here: OrderedDict[str, tuple[float, int, list[tuple[str, str]], bytes]] = OrderedDict()
_here_lock = threading.Lock()


def _keep_here(key: str, response) -> None:
    until = getattr(response, "kept_until", None)
    if until is None:  # kept before copies were kept here: read from the cache till it goes
        return
    with _here_lock:
        _here[key] = (until, response.status_code, list(response.items()), response.content)
        _here.move_to_end(key)
        while len(_here) > PAGES_KEPT_HERE:
            _here.popitem(last=False)


def _kept_here(key: str):
    with _here_lock:
        found = _here.get(key)
        if found is None:
            return None
        if found[0] <= time.time():
            del _here[key]
            return None
        _here.move_to_end(key)
    _, status, headers, content = found
    return HttpResponse(content, status=status, headers=dict(headers))


def _seconds_until(moment, now) -> float:
    return math.inf if moment is None else (moment - now).total_seconds()


# What each app told us (see `register_page_models`, `register_page_change` and
# `register_personal_session_key`).
_PERSONAL_SESSION_KEYS: list[str] = []
_NAMESPACES = (CONTENT, AVAILABILITY)
_RECEIVERS = {CONTENT: _forget_content, AVAILABILITY: _forget_availability}
_CHANGES: dict[str, list[Callable[[datetime], datetime | None]]] = {n: [] for n in _NAMESPACES}
_MODEL_NAMESPACES: dict[str, list[str]] = {}  # a model's label: the namespaces it changes


def register_namespace(namespace: str) -> None:
    """A namespace of an app's own, for what it caches besides public pages (the workplace's
    dashboard and calendar): read with `pages_version`, replaced by `forget_cached_pages` and
    by saves of the models registered to it, like the two above."""
    if namespace in _RECEIVERS:
        return

    def receiver(**kwargs) -> None:
        forget_cached_pages(namespace)

    _RECEIVERS[namespace] = receiver  # held here: signals keep only a weak reference
    _CHANGES[namespace] = []


def register_page_models(namespace: str, *models) -> None:
    """Saving or deleting any of `models` (or changing an m2m table) changes the namespace's
    pages. Apps call this from their AppConfig.ready(); the kernel knows no app's models."""
    receiver = _RECEIVERS[namespace]
    for model in models:
        _MODEL_NAMESPACES.setdefault(model._meta.label, []).append(namespace)
        uid = f"pages-{namespace}-{model._meta.label}"
        if model._meta.auto_created:  # an m2m table: Article.tags.through, say
            m2m_changed.connect(receiver, sender=model, dispatch_uid=f"{uid}-m2m")
            continue
        post_save.connect(receiver, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"{uid}-delete")


def forget_pages_of(model) -> None:
    """After a bulk update of `model`'s rows (which sends no signal): forget what every
    namespace `model` is registered to holds, as a save would."""
    for namespace in dict.fromkeys(_MODEL_NAMESPACES.get(model._meta.label, ())):
        forget_cached_pages(namespace)


def register_page_change(namespace: str, next_change: Callable[[datetime], datetime | None]):
    """`next_change(now)` says when the namespace's pages next change without any save (a
    scheduled article going live, a hold running out); pages are not kept past it."""
    _CHANGES[namespace].append(next_change)


def register_personal_session_key(key: str) -> None:
    """A visitor whose session holds `key` has pages of her own though not signed in (bookings:
    a visitor's hold, which the list of times names); she is neither served nor stored a cached
    page."""
    if key not in _PERSONAL_SESSION_KEYS:
        _PERSONAL_SESSION_KEYS.append(key)


def soonest(queryset, field: str) -> datetime | None:
    """The earliest `field` among `queryset`'s rows (one query): for a `next_change`, given the
    rows still to change (articles not yet live, holds not yet run out)."""
    return queryset.order_by(field).values_list(field, flat=True).first()


def _cache_timeout(now, *, namespaces) -> int:
    """Seconds a page rendered now may be kept (rounded down; 0 means do not cache)."""
    timeout = page_timeout()
    if AVAILABILITY in namespaces:
        timeout = min(timeout, AVAILABILITY_SECONDS)
    for namespace in namespaces:
        for next_change in _CHANGES[namespace]:
            timeout = min(timeout, _seconds_until(next_change(now), now))
    return max(math.floor(timeout), 0)


def cache_page_for_readers(view=None, *, availability: bool = False, vary: Callable | None = None):
    """Serve anonymous GETs of a public page from the cache; see the module docstring.

    `availability` makes the page depend on bookings and hours too; `vary(request)` returns
    what else the page differs by for anonymous visitors (their time zone, say).
    """
    if view is None:
        return functools.partial(cache_page_for_readers, availability=availability, vary=vary)
    namespaces = (CONTENT, AVAILABILITY) if availability else (CONTENT,)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        key = PAGE_KEY.format(
            versions=".".join(pages_versions(*namespaces)),
            # The full path, SCRIPT_NAME included: the page's links carry that prefix, so a
            # page rendered for one prefix must never be served under another.
            path=request.path,
            query=urlencode(sorted(request.GET.lists()), doseq=True),
            vary=vary(request) if vary else "",
        )
        response = _kept_here(key)
        if response is not None:
            return _as_accepted(response, request)
        response = cache.get(key)
        if response is not None:
            _keep_here(key, response)
            return _as_accepted(response, request)
        # Measured before rendering, so a change that happens while this page renders still
        # ends the page's life in the cache.
        timeout = _cache_timeout(timezone.now(), namespaces=namespaces)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if timeout > 0 and _storable(request, response):
            response = _compressed(response)
            response.kept_until = time.time() + timeout
            cache.set(key, response, timeout)
            _keep_here(key, response)
            return _as_accepted(response, request)
        return response

    return wrapper
