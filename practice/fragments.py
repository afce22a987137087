"""Per-client fragments of signed-in pages, cached until her data or the clock changes them.

A client's /my/ page gathers her bookings, recordings, packages, waitlist, profile and
consents: many queries and a long template, the same on every view until something of hers
changes. The rendered part is cached under a key made of:

- her own version token, replaced whenever a row of hers that a fragment shows is saved or
  deleted (each app names its models and the way to their owner: `register_fragment_owner`),
  and by the bulk updates that bypass signals (`forget_user_fragments` after them);
- a token for everyone's fragments (`forget_all_fragments`, for changes whose owners are not
  known), and the page cache's "content" token (services, policies, the practice's details);
- what else the fragment varies by (the zone its times are shown in), hashed.

Tokens are random, never counters (practice/version_tokens.py), and replaced now and again on
commit. A fragment is never kept past the next moment it changes by itself: the `next_change`
its builder returns (a session becoming joinable, a hold running out, a credit expiring), the
next registered global change (a policy version going live), and the next quarter hour, when
any zone's day or offset can turn (every zone's offset is a whole number of quarter hours).

The key holds her user id and hashes, never her data. Forms in a fragment carry a placeholder
for the CSRF token, filled per request (`fragment_fill`): a token must never outlive her
session. Health answers are never put in a fragment as plain text: the one view that keeps
them (her screening questions, filled in) encrypts its fragment with the field keys first.
"""

import hashlib
import math
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import post_delete, post_save
from django.middleware.csrf import get_token
from django.utils.safestring import SafeString, mark_safe

from practice.page_cache import CONTENT, VERSION_KEY
from practice.version_tokens import current_tokens, replace_tokens

USER_VERSION_KEY = "fragments:version:user:{user_id}"
ALL_VERSION_KEY = "fragments:version:all"
FRAGMENT_KEY = "fragments:v2:{name}:{user_id}:{versions}:{vary}"
# Rendered into a fragment where the request's CSRF token goes. A NUL never reaches a page from
# data: Django's form fields refuse it.
CSRF_PLACEHOLDER = "\x00csrf\x00"
QUARTER_HOUR = timedelta(minutes=15)
# The moments the whole page being kept changes by itself (None: no such page is being built;
# practice/her_pages.py).
_page_changes: ContextVar[list | None] = ContextVar("page_changes", default=None)


def fragment_timeout() -> int:
    return getattr(settings, "FRAGMENT_CACHE_SECONDS", 900)


def forget_user_fragments(*user_ids: int | None) -> None:
    """Her cached fragments are out of date (after a save, a delete or a bulk update of hers)."""
    keys = sorted({USER_VERSION_KEY.format(user_id=uid) for uid in user_ids if uid is not None})
    replace_tokens(keys)


def forget_all_fragments() -> None:
    """Everyone's cached fragments are out of date (a change whose owners are not known)."""
    replace_tokens([ALL_VERSION_KEY])


def _owner_ids(instance, path: str) -> list[int | None]:
    """Follow `path` ("plan.recording.client_id") from `instance` to its owner's id."""
    value = instance
    for name in path.split("."):
        if value is None:
            return [None]
        value = getattr(value, name)
    return [value]


def register_fragment_owner(model, path: str) -> None:
    """Saving or deleting a `model` row changes its owner's fragments; `path` leads from the row
    to her user id ("client_id", "booking.client_id"). Apps call this from their ready()."""

    def receiver(sender, instance, **kwargs):
        try:
            owners = _owner_ids(instance, path)
        except ObjectDoesNotExist:  # a related row already gone in a cascade
            forget_all_fragments()
            return
        forget_user_fragments(*owners)

    uid = f"fragments-{model._meta.label}"
    post_save.connect(receiver, sender=model, dispatch_uid=f"{uid}-save", weak=False)
    post_delete.connect(receiver, sender=model, dispatch_uid=f"{uid}-delete", weak=False)


_CHANGES: list[Callable[[datetime], datetime | None]] = []


def register_fragment_change(next_change: Callable[[datetime], datetime | None]) -> None:
    """`next_change(now)` says when every client's fragments next change without any save (a
    policy version going live); none is kept past it."""
    if next_change not in _CHANGES:
        _CHANGES.append(next_change)


def next_quarter_hour(now: datetime) -> datetime:
    start = now.replace(minute=now.minute - now.minute % 15, second=0, microsecond=0)
    return start + QUARTER_HOUR


def soonest_after(now: datetime, moments: Iterable[datetime | None]) -> datetime | None:
    """The earliest of `moments` still to come (None if none is)."""
    return min((m for m in moments if m is not None and m > now), default=None)


def next_change_bound(now: datetime) -> datetime:
    """The latest a fragment (or a page made of them) is kept from `now`: the next quarter
    hour, the next registered global change or the fragment timeout, whichever is first."""
    moments = [
        next_quarter_hour(now),
        now + timedelta(seconds=fragment_timeout()),
        *(change(now) for change in _CHANGES),
    ]
    return min(m for m in moments if m is not None)


def _until(now: datetime, next_change: datetime | None) -> datetime:
    bound = next_change_bound(now)
    return bound if next_change is None else min(bound, next_change)


def seconds_until(now: datetime, until: datetime) -> int:
    """Whole seconds from `now` to `until` (a cache timeout; 0: not worth keeping)."""
    return max(math.floor((until - now).total_seconds()), 0)


def _timeout(now: datetime, next_change: datetime | None) -> int:
    return seconds_until(now, _until(now, next_change))


def fragment_version_keys(user_id: int, namespaces: tuple[str, ...] = ()) -> list[str]:
    """The keys of the tokens a fragment of user `user_id` is keyed by, and of the page cache's
    other `namespaces`."""
    return [
        USER_VERSION_KEY.format(user_id=user_id),
        ALL_VERSION_KEY,
        VERSION_KEY.format(namespace=CONTENT),
        *(VERSION_KEY.format(namespace=namespace) for namespace in namespaces),
    ]


def fragment_versions(user_id: int, namespaces: tuple[str, ...] = ()) -> str:
    """The tokens at `fragment_version_keys`, joined (one round trip at most)."""
    return ".".join(current_tokens(fragment_version_keys(user_id, namespaces)))


def building_page() -> bool:
    """Whether a whole page to keep is being built: its CSRF token is then left a placeholder,
    filled in per request once the page is kept."""
    return _page_changes.get() is not None


def page_changes_at(moment: datetime | None) -> None:
    """What a view renders fresh changes by itself at `moment` (a clock, a countdown): the
    whole page being built, if any, is not kept past it (not at all if it has come)."""
    changes = _page_changes.get()
    if changes is not None and moment is not None:
        changes.append(moment)


def cached_fragment(
    *,
    name: str,
    user_id: int,
    now: datetime,
    build: Callable[[], tuple[str, datetime | None]],
    vary: str = "",
) -> str:
    """The fragment `name` of user `user_id`, from the cache or from `build()`, which returns
    the markup and when it next changes by itself (None: only when her data does)."""
    digest = hashlib.sha256(vary.encode()).hexdigest()[:16]
    versions = fragment_versions(user_id)
    key = FRAGMENT_KEY.format(name=name, user_id=user_id, versions=versions, vary=digest)
    kept = cache.get(key)
    if kept is None:
        html, next_change = build()
        until = _until(now, next_change)  # the registered changes are asked once
        timeout = seconds_until(now, until)
        if timeout > 0:
            cache.set(key, (str(html), until), timeout)
    else:
        html, until = kept
    page_changes_at(until)
    return html


def fragment_fill(request, html: str, **slots: str) -> SafeString:
    """The cached markup made whole for this request: its CSRF token and each `slot` (markup
    rendered fresh on every view, placed where the fragment holds `slot_placeholder(name)`)."""
    if CSRF_PLACEHOLDER in html and not building_page():
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    for slot, markup in slots.items():
        html = html.replace(slot_placeholder(slot), str(markup))
    return mark_safe(html)  # noqa: S308 (our own rendered templates)


def slot_placeholder(name: str) -> SafeString:
    return mark_safe(f"\x00slot:{name}\x00")  # noqa: S308 (a fixed marker)
