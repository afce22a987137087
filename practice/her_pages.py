"""Her whole signed-in pages, kept until her data or the clock changes them.

Her pages' content already comes from her cached fragments (practice/fragments.py); what was
left on every view was the rest: finding the row the page is about, the layout, the parts
rendered fresh (the zone picker's clocks) and filling the fragments in. A page marked
`@kept_for_her` is kept whole under her user id, the path and what else the page varies by
(`vary`: the zone its times are shown in), together with the tokens her fragments are keyed by
when it was built (her own, everyone's, the content's, and any other namespace of the page
cache it shows): whatever of hers, of the practice's or of a policy a page shows replaces one
of them, and a page kept under other tokens than today's is built again. The page and today's
tokens are read in one round trip.

A kept page is never kept past the soonest moment any part of it changes by itself: each
fragment's own (`cached_fragment` tells), each moment a view names for what it renders fresh
(`page_changes_at`: a clock, a countdown), and the next quarter hour. It is only kept for a
plain GET (no query string: those change her session or answer a return from Stripe), with
no message waiting to be shown or added on the way, and when the view changed nothing in her
session. The CSRF token is filled in per request; a page showing health answers is kept
encrypted (`seal`, `unseal`). Another client's address is not hers: her key holds her id,
and the view, which answers 404, runs for her.
"""

import functools
import hashlib
import math
from collections.abc import Callable
from datetime import datetime

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone

from practice import fragments
from practice.fragments import (
    CSRF_PLACEHOLDER,
    fragment_version_keys,
    fragment_versions,
    next_change_bound,
)
from practice.version_tokens import read, read_ahead

PAGE_KEY = "her-page:{user_id}:{vary}"


def _keepable(request) -> bool:
    return (
        request.method == "GET"
        and not request.GET
        and request.user.is_authenticated
        and not len(get_messages(request))
    )


def _read(request, vary: str, namespaces: tuple[str, ...]) -> tuple[str, str, tuple | None]:
    """Her page's key, the tokens it is kept under now and what is kept there (None if it
    was kept under other tokens): all in one round trip to the cache."""
    digest = hashlib.sha256(f"{request.path}\x00{vary}".encode()).hexdigest()[:24]
    user_id = request.user.pk
    key = PAGE_KEY.format(user_id=user_id, vary=digest)
    read_ahead([key, *fragment_version_keys(user_id, namespaces)])
    versions = fragment_versions(user_id, namespaces)
    kept = read(key)
    return key, versions, (kept if kept is not None and kept[0] == versions else None)


def _timeout(now: datetime, changes: list[datetime]) -> int:
    moments = [next_change_bound(now), *changes]
    return max(math.floor(min((m - now).total_seconds() for m in moments)), 0)


def _filled(body: str, request) -> str:
    if CSRF_PLACEHOLDER in body:
        body = body.replace(CSRF_PLACEHOLDER, get_token(request))
    return body


def _built(request, view, args, kwargs) -> tuple[HttpResponse, list[datetime]]:
    """The view's response, rendered with the CSRF token left a placeholder, and the moments
    its parts change by themselves."""
    changes = fragments._page_changes.set([])
    try:
        response = view(request, *args, **kwargs)
        return response, fragments._page_changes.get()
    finally:
        fragments._page_changes.reset(changes)


def kept_for_her(
    *,
    vary: Callable = lambda request: "",
    seal: Callable[[str], str] = str,
    unseal: Callable[[str], str | None] = str,
    namespaces: tuple[str, ...] = (),
):
    """Keep the view's page whole for the signed-in client (see the module's docstring).
    `vary(request)` names what else it differs by; `namespaces`, the page cache's other
    namespaces it shows (practice/page_cache.py: "availability"); `seal`/`unseal` encrypt
    what is kept."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _keepable(request):
                return view(request, *args, **kwargs)
            key, versions, kept = _read(request, vary(request), namespaces)
            body = None if kept is None else unseal(kept[2])
            if body is not None:
                return HttpResponse(_filled(body, request), headers=kept[1])
            now = timezone.now()
            response, changes = _built(request, view, args, kwargs)
            if response.streaming:
                return response
            body = response.content.decode(response.charset)
            response.content = _filled(body, request)
            if (
                response.status_code == 200
                and not response.cookies
                and not request.session.modified
                and not len(get_messages(request))
                and (timeout := _timeout(now, changes)) > 0
            ):
                cache.set(key, (versions, dict(response.headers), seal(body)), timeout)
            return response

        return wrapper

    return decorator
