"""What bookings plugs into the layers below once Django's apps are loaded (imported by
BookingsConfig.ready()).

- clients: the flag a screening sets on her sessions (booking_steps) and bookings' part of the
  data export and erasure (privacy) register themselves when imported;
- allauth: a new account starts in the zone its owner was seeing times in;
- Django's sign-in: the times she held before signing up or in become her account's, and a
  visitor's hold asks for her sign-up or sign-in code on its own page (clients.account_code);
- the page cache: which of our models change the public pages, when a slot page changes by
  itself (a hold running out), and that a visitor who has held a time has pages of her own;
- the client's cached fragments (practice/fragments.py): her bookings change hers.
"""

from django.contrib.auth.signals import user_logged_in
from django.urls import Resolver404, resolve
from django.utils import timezone

from bookings import booking_steps, models, privacy, timezones  # noqa: F401 (self-registering)
from bookings.access import holder_booking
from bookings.holds import claim_visitor_holds
from bookings.visitors import SESSION_KEY, visitor_key
from clients import account_code
from practice.fragments import register_fragment_owner
from practice.page_cache import (
    AVAILABILITY,
    CONTENT,
    register_page_change,
    register_page_models,
    register_personal_session_key,
)

timezones.connect_signals()


def _claim_holds_on_sign_in(sender, request, user, **kwargs) -> None:
    """Sign-in keeps the session's data, and with it the visitor's key (bookings/visitors.py).
    The zone she saw her times in becomes her account's, as when she holds one signed in."""
    claimed = claim_visitor_holds(visitor_key=visitor_key(request), client=user, now=timezone.now())
    if claimed:
        timezones.remember_on_profile(user, claimed[-1].client_time_zone)


user_logged_in.connect(_claim_holds_on_sign_in, dispatch_uid="bookings-claim-visitor-holds")


def _hold_page_asks_for_the_code(request, next_url: str) -> bool:
    """A visitor's hold asks for her e-mailed code on its own page, where she typed her details."""
    try:
        match = resolve(next_url.split("?")[0])
    except Resolver404:
        return False
    return match.view_name == "bookings:booking-detail" and (
        holder_booking(request, match.kwargs["reference"]) is not None
    )


account_code.code_pages.append(_hold_page_asks_for_the_code)
register_page_models(CONTENT, models.Service, models.CancellationPolicy)
register_page_models(
    AVAILABILITY,
    *(models.Booking, models.WorkingHours, models.TimeOff, models.ExtraAvailability),
    *(models.Practitioner, models.Service, models.Service.practitioners.through),
)
register_page_change(AVAILABILITY, models.Booking.objects.next_hold_expiry)
register_personal_session_key(SESSION_KEY)
register_fragment_owner(models.Booking, "client_id")
