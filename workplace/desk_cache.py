"""What the practitioner's desk keeps in the shared cache: the dashboard's sessions and figures
and the calendar's grid, rendered once and served to every request until either their data or
the clock changes them.

- Data: the keys carry the "availability" version (bookings, hours, time off, extra hours,
  services, practitioners, busy times) and the workplace's own "desk" version (payments,
  refunds, people's names and addresses, a screening's flag on her sessions): see
  workplace/registrations.py. A save anywhere replaces a version, so every web process stops
  serving the old copy at once.
- Time: each part says when it next changes without any save (`until`: her next midnight, a
  hold running out, a free hour passing, the next month): it is never kept past that instant,
  which is kept beside it, so that a whole page made of parts is not kept past it either
  (`page_changes_at`: the desk's pages are kept whole, workplace/admin.py).
- The listening plans show clients' check-in answers, which are health data: kept encrypted
  with the field keys (`kept_sealed`), under a version of their own ("listening": plans,
  listening days, check-ins, recordings, names), which a client listening replaces every few
  seconds without touching the rest of the desk.

The dashboard and the calendar's plain address are also kept whole for each staff member
(`kept_desk_page`, with practice/her_pages.py), inside the admin's own checks: whether she is
signed in, active, staff and (in production) has signed in with her second factor is asked on
every request, as on any admin page; what is kept is the rendering (half of each view).

Staff only: the views and the admin index check permissions before anything is read here, and
keys hold primary keys, zones and dates, never a name or an address.
"""

import math
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TypeVar

from django.core.cache import cache
from django.utils import timezone

from clients.fields import decrypt_text, encrypt_text
from practice.fragments import page_changes_at
from practice.her_pages import kept_for_her
from practice.page_cache import AVAILABILITY, pages_versions
from practice.version_tokens import read
from workplace.admin_menu import MENU

DESK = "desk"
LISTENING = "listening"
# Her calendars' last reads, which each successful read (every five minutes) replaces.
CALENDARS = "calendars"
# What the desk's parts are kept under unless they say otherwise.
DESK_VERSIONS = (AVAILABILITY, DESK)
# Each part is kept as (value, the instant it changes with no save).
KEY = "desk:v2:{versions}:{name}"
LONGEST = 3600  # seconds: nothing is kept longer, even with no change in sight
ONE_MINUTE = timedelta(minutes=1)

T = TypeVar("T")


def kept_desk_page(*, namespaces: tuple[str, ...], sealed: bool = False):
    """Keep a desk view's page whole for the staff member signed in (practice/her_pages.py),
    under her own token, the admin menu's version (her permissions, her name) and `namespaces`'
    versions, in the zone the admin shows her (practice.middleware.AdminTimeZoneMiddleware);
    encrypted when it shows health data (`sealed`). Goes inside `admin_site.admin_view`."""
    return kept_for_her(
        vary=lambda request: timezone.get_current_timezone_name(),
        namespaces=(MENU, *namespaces),
        **({"seal": encrypt_text, "unseal": decrypt_text} if sealed else {}),
    )


def kept(
    name: str,
    build: Callable[[], tuple[T, datetime | None]],
    *,
    namespaces: tuple[str, ...] = DESK_VERSIONS,
) -> T:
    """The value cached as `name` under the current versions of `namespaces`; else `build()`'s
    value, kept until the instant it returns beside it (None: no change in sight) and never
    longer.

    The versions are read before `build` reads the data, so a change while it runs ends the
    copy's life at once (it is stored under the versions that change replaced).
    """
    key = part_key(name, namespaces)
    found = read(key)
    if found is not None:
        value, until = found
    else:
        value, until = build()
        _keep(key, (value, until), until)
    page_changes_at(until)
    return value


def kept_sealed(
    name: str, build: Callable[[], tuple[str, datetime | None]], *, namespaces: tuple[str, ...]
) -> str:
    """Like `kept`, for text that shows health data, keyed by `namespaces`' versions: kept
    encrypted with the field keys (clients/fields.py), never as plain text. A copy that no key
    in FIELD_ENCRYPTION_KEYS opens any more (its key was rotated out) is made again."""
    key = part_key(name, namespaces)
    found = read(key)
    if found is not None:
        token, until = found
        text = decrypt_text(token)
        if text is not None:
            page_changes_at(until)
            return text
    text, until = build()
    _keep(key, (encrypt_text(text), until), until)
    page_changes_at(until)
    return text


def part_key(name: str, namespaces: tuple[str, ...] = DESK_VERSIONS) -> str:
    """Where the part `name` is kept under the current versions of `namespaces`."""
    return KEY.format(versions=".".join(pages_versions(*namespaces)), name=name)


def _keep(key: str, value, until: datetime | None) -> None:
    seconds = LONGEST
    if until is not None:
        seconds = min(seconds, math.floor((until - timezone.now()).total_seconds()))
    if seconds > 0:
        cache.set(key, value, seconds)


def earliest(*moments: datetime | None) -> datetime | None:
    """The earliest of `moments` that is set (None when none is)."""
    return min((moment for moment in moments if moment is not None), default=None)


def next_minute_left_change(expires_at: datetime, now: datetime) -> datetime:
    """When a countdown to `expires_at` in whole minutes ("4 minutes left") next shows another
    number: at the next whole minute before `expires_at`, or at `expires_at` itself."""
    step = (expires_at - now) % ONE_MINUTE
    return now + (step or ONE_MINUTE)
