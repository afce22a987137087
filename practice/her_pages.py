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

The decorator goes above `login_required`: a kept page is served from what her session says
(her user id, how she signed in, the hash of her password Django checks it by) and what was
kept with the page (that hash as it was when the page was built), without loading her user's
row, which cost a signed-in view as much as the rest of it. Whatever would make Django refuse
her session (a new password, her account made inactive or deleted, a way of signing in no
longer used, a session signed out) either changes her row, and so her token, or fails those
checks; the view then runs and decides as it always did.

The practitioner's desk keeps its pages whole with it too (workplace/desk_cache.py
`kept_desk_page`), but inside the admin's own checks, which run on every request: a member of
staff can be switched off by a bulk update that changes no token, and the admin asks for more
than a session (staff, active).
"""

import functools
import hashlib
from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpResponse
from django.template.response import SimpleTemplateResponse
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from practice import fragments
from practice.fragments import (
    fragment_fill,
    fragment_version_keys,
    fragment_versions,
    next_change_bound,
    seconds_until,
)
from practice.version_tokens import read, read_ahead

PAGE_KEY = "her-page:{user_id}:{vary}"


def _session_user_id(request) -> str | None:
    """The user her session names, if any: the page is read before her user row is (a kept
    page is served without it; see `_served_from`)."""
    if request.method != "GET" or request.GET:
        return None
    session = request.session
    user_id = session.get(SESSION_KEY)
    if user_id is None or session.get(BACKEND_SESSION_KEY) not in settings.AUTHENTICATION_BACKENDS:
        return None
    return None if len(get_messages(request)) else str(user_id)


def _read(request, user_id: str, vary: str, namespaces: tuple[str, ...]):
    """Her page's key, the tokens it is kept under now and what is kept there (None if it
    was kept under other tokens): all in one round trip to the cache."""
    digest = hashlib.sha256(f"{request.path}\x00{vary}".encode()).hexdigest()[:24]
    key = PAGE_KEY.format(user_id=user_id, vary=digest)
    read_ahead([key, *fragment_version_keys(user_id, namespaces)])
    versions = fragment_versions(user_id, namespaces)
    kept = read(key)
    return key, versions, (kept if kept is not None and kept[0] == versions else None)


def _served_from(kept: tuple, request, unseal) -> HttpResponse | None:
    """The kept page, if this session is still hers as Django would find it, without loading
    her user: the page was built for her signed in, and kept under her user's token, which any
    save of her row replaces (a new password, being made inactive, being deleted), so her row
    is as it was then; her session must hold the hash of her password that Django checks it
    against (a session from before a new password does not). Else None: the view decides."""
    _versions, auth_hash, headers, sealed = kept
    if not constant_time_compare(request.session.get(HASH_SESSION_KEY, ""), auth_hash):
        return None
    body = unseal(sealed)
    return None if body is None else HttpResponse(fragment_fill(request, body), headers=headers)


def _timeout(now: datetime, changes: list[datetime]) -> int:
    return seconds_until(now, min([next_change_bound(now), *changes]))


def _built(request, view, args, kwargs) -> tuple[HttpResponse, list[datetime]]:
    """The view's response, rendered with the CSRF token left a placeholder, and the moments
    its parts change by themselves."""
    changes = fragments._page_changes.set([])
    try:
        response = view(request, *args, **kwargs)
        if isinstance(response, SimpleTemplateResponse):
            response.render()  # the admin's views answer lazily
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
            user_id = _session_user_id(request)
            if user_id is None:
                return view(request, *args, **kwargs)
            key, versions, kept = _read(request, user_id, vary(request), namespaces)
            served = None if kept is None else _served_from(kept, request, unseal)
            if served is not None:
                return served
            now = timezone.now()
            response, changes = _built(request, view, args, kwargs)
            if response.streaming:
                return response
            body = response.content.decode(response.charset)
            response.content = fragment_fill(request, body)
            if (
                response.status_code == 200
                and not response.cookies
                and not request.session.modified
                and not len(get_messages(request))
                and request.user.is_authenticated
                and str(request.user.pk) == user_id
                and (timeout := _timeout(now, changes)) > 0
            ):
                auth_hash = request.user.get_session_auth_hash()
                kept = (versions, auth_hash, dict(response.headers), seal(body))
                cache.set(key, kept, timeout)
            return response

        return wrapper

    return decorator
