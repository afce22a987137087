from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from bookings import timezones
from bookings.selectors import client_bookings
from clients.account_views import privacy_context
from practice.zones import zone_label


@login_required
def my_account(request):
    """The client's area. Each part renders from its own include with its own context."""
    now = timezone.now()
    chosen = request.GET.get("tz")
    if chosen:
        timezones.remember_zone(request, chosen)
    zone = timezones.client_zone_name(request)
    return render(
        request,
        "clients/my_account.html",
        {
            "page_title": "My account",
            "noindex": True,
            # bookings/_my_bookings.html
            "my_bookings": client_bookings(client=request.user, now=now),
            "my_bookings_zone": zone,
            "zone": zone,
            "zone_label": zone_label(zone, at=now),
            "zone_known": timezones.zone_is_known(request),
            "zone_options": timezones.zone_options(zone, at=now),
            "zone_keep": {},
            # clients/_my_privacy.html
            **privacy_context(user=request.user, now=now),
        },
    )
