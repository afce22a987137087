"""Payment pages: the pay step, the return from Checkout, Stripe's webhook, the offline test page.

One small module each. Short like every view: parse, call one function of the payments
domain, redirect or render.
"""

from django.shortcuts import get_object_or_404

from bookings.models import Booking


def client_booking_or_404(request, reference: str) -> Booking:
    """The signed-in client's own booking; another client's reference is a 404."""
    return get_object_or_404(
        Booking.objects.select_related("service", "client"),
        reference=reference,
        client=request.user,
    )
