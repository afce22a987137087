"""Whole-page caching of the blog for anonymous readers.

Readers are nearly all anonymous and the pages are the same for each of them, so the rendered
response is cached, keyed by the path and query and by a "blog version" token kept in the same
cache. Any save or delete of an article, category, tag or FAQ entry (and of the practice's
details, which every page shows) replaces the token, so every cached page is forgotten at once;
with Redis that holds across all web processes.

A scheduled article changes the pages without any save, at its publish date. So a page is never
cached past the next scheduled publish date: it expires by itself at that moment.

Signed-in people are never served or stored a cached page: their navigation differs and staff
see previews. Neither is a response that sets a cookie or one rendered with pending messages.
"""

import functools
import math
import uuid

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.http import urlencode

VERSION_KEY = "blog:pages-version"
PAGE_KEY = "blog:page:{version}:{path}?{query}"


def page_timeout() -> int:
    return getattr(settings, "BLOG_PAGE_CACHE_SECONDS", 300)


def pages_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        # A fresh random token, never a counter: if the cache evicted the version, a counter
        # restarting at 1 could bring back pages cached under an old 1.
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def _new_version() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def forget_cached_pages(**kwargs) -> None:
    """Invalidate every cached blog page (signal receiver, also called after bulk updates).

    Once now and once more when the transaction commits: a reader's request between the two
    may have rendered and cached the old content under the new token.
    """
    _new_version()
    transaction.on_commit(_new_version)


def _cacheable_request(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and not len(messages.get_messages(request))
    )


def _cache_timeout(now) -> int:
    """Seconds a page rendered now may be kept: never past the next scheduled publication.

    Rounded down, so a page never outlives that moment; 0 (do not cache) when it is under a
    second away.
    """
    from blog.models import Article

    timeout = page_timeout()
    next_at = Article.objects.next_publication_after(now)
    if next_at is not None:
        timeout = min(timeout, math.floor((next_at - now).total_seconds()))
    return max(timeout, 0)


def cache_page_for_readers(view):
    """Serve anonymous GETs of a blog page from the cache; see the module docstring."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        query = urlencode(sorted(request.GET.lists()), doseq=True)
        key = PAGE_KEY.format(version=pages_version(), path=request.path, query=query)
        response = cache.get(key)
        if response is not None:
            return response
        # Measured before rendering, so a publication that happens while this page renders
        # still ends the page's life in the cache.
        timeout = _cache_timeout(timezone.now())
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if (
            timeout > 0
            and response.status_code == 200
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        ):
            cache.set(key, response, timeout)
        return response

    return wrapper


def connect_signals() -> None:
    from blog.models import Article, Category, FAQEntry, Tag
    from practice.models import PracticeDetails, SocialLink

    for model in (Article, Category, Tag, FAQEntry, PracticeDetails, SocialLink):
        post_save.connect(forget_cached_pages, sender=model, dispatch_uid=f"blog-pages-{model}")
        post_delete.connect(
            forget_cached_pages, sender=model, dispatch_uid=f"blog-pages-del-{model}"
        )
    m2m_changed.connect(
        forget_cached_pages, sender=Article.tags.through, dispatch_uid="blog-pages-tags"
    )
