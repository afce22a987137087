"""/my/: the client's area. Each part renders from its own include with its own context.

Her parts (bookings, recordings, packages, waitlist, details and consents) are one fragment,
cached per client until her data or the clock changes them (practice/fragments.py). The zone
picker (its clocks move each minute) goes into the fragment's slot for it, and the whole page
is kept for her until the next minute at most (practice/her_pages.py): most views read her
session and her kept page, and run no query.
"""

from datetime import datetime

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from aftercare.progress import client_recordings
from bookings import timezones
from bookings.selectors import client_bookings
from clients import consent
from clients.models import ConsentRecord, Screening
from packages.panels import my_packages_changes, my_packages_context
from practice.fragments import (
    CSRF_PLACEHOLDER,
    cached_fragment,
    fragment_fill,
    slot_placeholder,
    soonest_after,
)
from practice.her_pages import kept_for_her
from practice.zones import zone_label
from rooms.joining import join_opens_at, joinable_ids
from waitlist.panels import my_waitlist_changes, my_waitlist_context


def privacy_context(*, user, now) -> dict:
    """What /my/ shows of the client's profile, consents and screening (its own includes)."""
    return {
        # Joined to her user when it came from the request (clients.models.SignedInUserManager).
        "my_profile": getattr(user, "profile", None),
        "my_consents": ConsentRecord.objects.filter(user=user)
        .select_related("version__document")
        .order_by("-accepted_at", "-pk")[:6],
        "my_missing_policies": consent.missing_policies(user=user, now=now),
        "my_treatment_consent_withdrawn": consent.has_withdrawn_treatment_consent(
            user=user, now=now
        ),
        "my_screening": Screening.objects.filter(user=user).first(),
        "now": now,
    }


def _bookings_changes(bookings, *, now: datetime) -> list[datetime | None]:
    """When her list of bookings changes by itself: a hold running out, a session becoming
    joinable, starting or ending."""
    moments: list[datetime | None] = []
    for booking in bookings:
        moments += [booking.hold_expires_at, join_opens_at(booking), booking.start, booking.end]
    return moments


def _my_parts(*, user, zone: str, now: datetime) -> tuple[str, datetime | None]:
    """Her parts of /my/ rendered, and when they next change by themselves."""
    my_bookings = client_bookings(client=user, now=now)
    packages = my_packages_context(user=user, now=now)
    waitlist = my_waitlist_context(user=user, now=now)
    privacy = privacy_context(user=user, now=now)
    screening = privacy["my_screening"]
    context = {
        "user": user,
        # Rendered without the request: her forms get the CSRF token per view.
        "csrf_token": CSRF_PLACEHOLDER,
        "zone_picker": slot_placeholder("zone_picker"),
        # bookings/_my_bookings.html
        "my_bookings": my_bookings,
        "my_bookings_zone": zone,
        # Those she may join now (rooms: from 10 minutes before the start to the end).
        "my_bookings_joinable": joinable_ids(my_bookings.upcoming, now=now),
        # aftercare/_my_recordings.html
        "my_recordings": client_recordings(client=user, now=now),
        # packages/_my_packages.html, waitlist/_my_waitlist.html
        **packages,
        **waitlist,
        # client_area/_my_privacy.html
        **privacy,
    }
    html = render_to_string("client_area/_my_parts.html", context)
    next_change = soonest_after(
        now,
        [
            *_bookings_changes(my_bookings.upcoming, now=now),
            *my_packages_changes(packages),
            *my_waitlist_changes(waitlist),
            screening.valid_until if screening else None,
        ],
    )
    return html, next_change


@kept_for_her(vary=timezones.zone_inputs)
@login_required
def my_account(request):
    now = timezone.now()
    chosen = request.GET.get("tz")
    if chosen:
        timezones.remember_zone(request, chosen)
    zone = timezones.client_zone_name(request)
    parts = cached_fragment(
        name="my-account",
        user_id=request.user.pk,
        now=now,
        vary=zone,
        build=lambda: _my_parts(user=request.user, zone=zone, now=now),
    )
    picker = render_to_string(
        "bookings/_zone_picker.html",
        {
            "zone": zone,
            "zone_label": zone_label(zone, at=now),
            "zone_known": timezones.zone_is_known(request),
            "zone_options": timezones.zone_options(zone, at=now),
            "zone_keep": {},
        },
    )
    return render(
        request,
        "client_area/my_account.html",
        {"page_title": "My account", "my_parts": fragment_fill(request, parts, zone_picker=picker)},
    )
