"""Whose booking a page may show: its own client's, and nobody else's.

Every page under /bookings/<reference>/ (bookings', payments' and the client area's) looks the
booking up here, so the rule is written once. The views are `@login_required`: an anonymous
visitor is sent to sign in before the lookup.
"""

from django.shortcuts import get_object_or_404

from bookings.models import Booking


def client_booking_or_404(request, reference: str) -> Booking:
    """The signed-in client's own booking; another client's reference, or an unknown one, is a
    404 (the same answer, so a reference's existence is never given away)."""
    return get_object_or_404(
        Booking.objects.select_related("service", "practitioner", "client"),
        reference=reference,
        client=request.user,
    )
