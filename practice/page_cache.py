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

Signed-in people are never served or stored a cached page: their navigation differs and staff
see previews. Neither is a response that sets a cookie, one that used the CSRF token (it would
carry one visitor's token to another), or one rendered with pending messages. A page that
wrote to the session or queued a message is not stored either: the middleware sets their
cookies only after this decorator has run, and a visitor served the cached copy would have the
page without its session (a time zone chosen on it, say).
"""

import functools
import math
import uuid
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.http import urlencode

CONTENT = "content"
AVAILABILITY = "availability"
VERSION_KEY = "pages:version:{namespace}"
PAGE_KEY = "pages:{versions}:{path}?{query}#{vary}"
AVAILABILITY_SECONDS = 60


def page_timeout() -> int:
    return getattr(settings, "PAGE_CACHE_SECONDS", 300)


def pages_version(namespace: str) -> str:
    key = VERSION_KEY.format(namespace=namespace)
    version = cache.get(key)
    if version is None:
        # A fresh random token, never a counter: if the cache evicted the version, a counter
        # restarting at 1 could bring back pages cached under an old 1.
        cache.add(key, uuid.uuid4().hex, timeout=None)
        version = cache.get(key)
    return version


def _new_version(namespace: str) -> None:
    cache.set(VERSION_KEY.format(namespace=namespace), uuid.uuid4().hex, timeout=None)


def forget_cached_pages(namespace: str = CONTENT) -> None:
    """Invalidate every cached page of a namespace (signal receivers; after bulk updates).

    Once now and once more when the transaction commits: a visitor's request between the two
    may have rendered and cached the old content under the new token.
    """
    _new_version(namespace)
    transaction.on_commit(functools.partial(_new_version, namespace))


def _forget_content(**kwargs) -> None:
    forget_cached_pages(CONTENT)


def _forget_availability(**kwargs) -> None:
    forget_cached_pages(AVAILABILITY)


def _cacheable_request(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and not len(messages.get_messages(request))
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


def _seconds_until(moment, now) -> float:
    return math.inf if moment is None else (moment - now).total_seconds()


def _cache_timeout(now, *, availability: bool) -> int:
    """Seconds a page rendered now may be kept (rounded down; 0 means do not cache)."""
    from blog.models import Article
    from bookings.models import Booking

    timeout = min(page_timeout(), _seconds_until(Article.objects.next_publication_after(now), now))
    if availability:
        next_expiry = (
            Booking.objects.filter(status=Booking.Status.HELD, hold_expires_at__gt=now)
            .order_by("hold_expires_at")
            .values_list("hold_expires_at", flat=True)
            .first()
        )
        timeout = min(timeout, AVAILABILITY_SECONDS, _seconds_until(next_expiry, now))
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
            versions=".".join(pages_version(namespace) for namespace in namespaces),
            # The full path, SCRIPT_NAME included: the page's links carry that prefix, so a
            # page rendered for one prefix must never be served under another.
            path=request.path,
            query=urlencode(sorted(request.GET.lists()), doseq=True),
            vary=vary(request) if vary else "",
        )
        response = cache.get(key)
        if response is not None:
            return response
        # Measured before rendering, so a change that happens while this page renders still
        # ends the page's life in the cache.
        timeout = _cache_timeout(timezone.now(), availability=availability)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if timeout > 0 and _storable(request, response):
            cache.set(key, response, timeout)
        return response

    return wrapper


def connect_signals() -> None:
    from blog.models import Article, Category, FAQEntry, Tag
    from bookings.models import (
        Booking,
        CancellationPolicy,
        ExtraAvailability,
        Practitioner,
        Service,
        TimeOff,
        WorkingHours,
    )
    from clients.models import PolicyDocument, PolicyVersion
    from practice.models import PracticeDetails, SocialLink

    content = (Article, Category, Tag, FAQEntry, PracticeDetails, SocialLink, Service)
    content += (PolicyDocument, PolicyVersion, CancellationPolicy)
    availability = (Booking, WorkingHours, TimeOff, ExtraAvailability, Practitioner, Service)
    for namespace, models, receiver in (
        (CONTENT, content, _forget_content),
        (AVAILABILITY, availability, _forget_availability),
    ):
        for model in models:
            uid = f"pages-{namespace}-{model._meta.label}"
            post_save.connect(receiver, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(receiver, sender=model, dispatch_uid=f"{uid}-delete")
    m2m_changed.connect(_forget_content, sender=Article.tags.through, dispatch_uid="pages-tags")
    m2m_changed.connect(
        _forget_availability, sender=Service.practitioners.through, dispatch_uid="pages-staff"
    )
