"""The client's time zone on each request, and how times read to people.

A client's zone travels with her, never with a cached page: in the URL (`?tz=`, which the day
links, the time buttons and the sign-in link carry on) and in a cookie that only the browser
writes (static/js/booking-timezone.js), so the anonymous slot pages, which are cached and set
no cookie, never need a session to know it. Signed in, a choice is also kept in the session and
the zone she books in on her profile.
"""

from datetime import datetime, time, tzinfo

from allauth.account.signals import user_signed_up
from django.conf import settings

from clients.models import Profile
from practice.zones import clock_time, is_valid_zone, zone_options_html

SESSION_KEY = "client_time_zone"
# Written by static/js/booking-timezone.js only: the server reads it and never sets it.
COOKIE_NAME = "time_zone"


def zone_options(selected: str, *, at: datetime) -> str:
    """The <optgroup>s of the zone picker, `selected` chosen, each zone's time as at `at`."""
    return zone_options_html(selected, at=at, keep=selected)


def requested_zone(request) -> str | None:
    """The zone this request names: the `tz` field of a form, or `?tz=` in a link."""
    data = request.POST if request.method == "POST" else request.GET
    return data.get("tz") or None


def _profile_zone(request) -> str | None:
    profile = getattr(request.user, "profile", None) if request.user.is_authenticated else None
    return getattr(profile, "time_zone", None)


def _known_zones(request):
    """Where this visitor's zone may be known from, most specific first.

    The zone the request names; one chosen while signed in on this visit (the session); the
    profile's; the one this browser last showed times in (its cookie).
    """
    yield requested_zone(request)
    yield request.session.get(SESSION_KEY)
    yield _profile_zone(request)
    yield request.COOKIES.get(COOKIE_NAME)


def client_zone_name(request, *, fallback: str | None = None) -> str:
    """The zone this visitor sees times in; `fallback` (a booking's own zone) when none is
    known, then the practice's."""
    for zone in _known_zones(request):
        if is_valid_zone(zone):
            return zone
    return fallback if is_valid_zone(fallback) else settings.PRACTICE_TIME_ZONE


def zone_is_known(request) -> bool:
    """Whether the zone came from the visitor (else the browser's guess is asked for)."""
    return any(is_valid_zone(zone) for zone in _known_zones(request))


def zone_page_variant(request) -> str:
    """What an anonymous slot page differs by: the zone, and whether it is the visitor's own."""
    return f"{client_zone_name(request)}|{zone_is_known(request)}"


def zone_inputs(request) -> str:
    """What a signed-in client's page with the zone picker differs by, read without her user:
    the zone chosen on this visit and the browser's. Her profile's zone is hers: a change of it
    changes her kept pages anyway (practice/her_pages.py)."""
    return f"{request.session.get(SESSION_KEY)}|{request.COOKIES.get(COOKIE_NAME)}"


def remember_zone(request, name: str) -> bool:
    """Keep a zone a signed-in client chose for the rest of the visit; False if not a zone."""
    if not is_valid_zone(name):
        return False
    request.session[SESSION_KEY] = name
    return True


def remember_on_profile(user, name: str) -> None:
    """Keep the zone a client booked or signed up in on their profile, for later visits."""
    if is_valid_zone(name):
        Profile.objects.update_or_create(user=user, defaults={"time_zone": name})


def _zone_at_signup(sender, *, request, user, **kwargs) -> None:
    # A new account starts in the zone its owner was seeing times in (from the cookie, as the
    # sign-up form itself names none), not in the practice's.
    if request is not None and zone_is_known(request):
        remember_on_profile(user, client_zone_name(request))


def connect_signals() -> None:
    user_signed_up.connect(_zone_at_signup, dispatch_uid="bookings-zone-at-signup")


def day_label(moment: datetime) -> str:
    """ "Tuesday 3 March" (a local datetime or date)."""
    return f"{moment:%A} {moment.day} {moment:%B}"


def when(moment: datetime, tz: tzinfo) -> str:
    """ "Tuesday 3 March at 9:30 am" in the zone `tz`."""
    local = moment.astimezone(tz)
    return f"{day_label(local)} at {clock_time(local)}"


def clock(moment: datetime | time) -> str:
    """ "09:00", "17:30" (a local datetime or a time): the admin's 24-hour clock."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def when_label(moment: datetime, tz: tzinfo) -> str:
    """ "Fri 27 Mar 2026, 09:00" in `tz` (the admin's compact form)."""
    local = moment.astimezone(tz)
    return f"{local:%a} {local.day} {local:%b %Y}, {clock(local)}"
