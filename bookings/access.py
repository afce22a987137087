"""Whose booking a page may show: its own client's, and nobody else's.

Every page under /bookings/<reference>/ (bookings', payments' and the client area's) looks the
booking up here, so the rule is written once. The views are `@login_required`: an anonymous
visitor is sent to sign in before the lookup. The booking page itself, and keeping a time for
longer, also serve a visitor her own hold before she has signed in (`holder_booking`).
"""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from bookings.models import Booking, held_by
from bookings.visitors import visitor_key


def client_booking_or_404(request, reference: str) -> Booking:
    """The signed-in client's own booking; another client's reference, or an unknown one, is a
    404 (the same answer, so a reference's existence is never given away)."""
    return get_object_or_404(
        Booking.objects.select_related("service", "practitioner", "client"),
        reference=reference,
        client=request.user,
    )


def request_holder(request) -> Q:
    """Whose bookings `request` may see (`held_by`): the signed-in client's, or the holds of
    the visitor making it, before she has signed in."""
    if request.user.is_authenticated:
        return held_by(client=request.user)
    return held_by(visitor_key=visitor_key(request))


def holder_booking(request, reference: str) -> Booking | None:
    """The signed-in client's own booking (else a 404, as above); for a visitor not signed in,
    her own hold, or None (the caller then asks her to sign in: it may be hers from e-mail)."""
    if request.user.is_authenticated:
        return client_booking_or_404(request, reference)
    return (
        Booking.objects.select_related("service", "practitioner")
        .filter(request_holder(request), reference=reference)
        .first()
    )
