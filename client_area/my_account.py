"""/my/: the client's area. Each part renders from its own include with its own context."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from aftercare.progress import client_recordings
from bookings import timezones
from bookings.selectors import client_bookings
from clients import consent
from clients.models import ConsentRecord, Profile, Screening
from packages.panels import my_packages_context
from practice.zones import zone_label
from rooms.joining import joinable_ids
from waitlist.panels import my_waitlist_context


def privacy_context(*, user, now) -> dict:
    """What /my/ shows of the client's profile, consents and screening (its own includes)."""
    return {
        "my_profile": Profile.objects.filter(user=user).first(),
        "my_consents": ConsentRecord.objects.filter(user=user)
        .select_related("version__document")
        .order_by("-accepted_at", "-pk")[:20],
        "my_missing_policies": consent.missing_policies(user=user, now=now),
        "my_treatment_consent_withdrawn": consent.has_withdrawn_treatment_consent(
            user=user, now=now
        ),
        "my_screening": Screening.objects.filter(user=user).first(),
        "now": now,
    }


@login_required
def my_account(request):
    now = timezone.now()
    chosen = request.GET.get("tz")
    if chosen:
        timezones.remember_zone(request, chosen)
    zone = timezones.client_zone_name(request)
    my_bookings = client_bookings(client=request.user, now=now)
    return render(
        request,
        "client_area/my_account.html",
        {
            "page_title": "My account",
            # bookings/_my_bookings.html
            "my_bookings": my_bookings,
            "my_bookings_zone": zone,
            # Those she may join now (rooms: from 10 minutes before the start to the end).
            "my_bookings_joinable": joinable_ids(my_bookings.upcoming, now=now),
            "zone": zone,
            "zone_label": zone_label(zone, at=now),
            "zone_known": timezones.zone_is_known(request),
            "zone_options": timezones.zone_options(zone, at=now),
            "zone_keep": {},
            # aftercare/_my_recordings.html
            "my_recordings": client_recordings(client=request.user, now=now),
            # packages/_my_packages.html, waitlist/_my_waitlist.html
            **my_packages_context(user=request.user, now=now),
            **my_waitlist_context(user=request.user, now=now),
            # client_area/_my_privacy.html
            **privacy_context(user=request.user, now=now),
        },
    )
