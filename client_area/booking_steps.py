"""The consent and screening steps of a held booking (/bookings/<reference>/consent/ etc.).

The booking page shows both steps inline (templates/bookings/_booking_steps.html); these views
take their forms, and show a step on its own page when it needs the client's attention.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from bookings.access import client_booking_or_404
from bookings.booking_steps import booking_consent_record, booking_steps
from bookings.models import Booking
from client_area.screening import screening_form_page
from clients import consent

OPEN_STATUSES = (Booking.Status.HELD, Booking.Status.EXPIRED)


def _own_open_booking(request, reference: str) -> Booking | None:
    """The client's own booking (404 for anyone else's); None when it is past these steps."""
    booking = client_booking_or_404(request, reference)
    return booking if booking.status in OPEN_STATUSES else None


@login_required
@require_http_methods(["GET", "POST"])
def booking_consent(request, reference):
    booking = _own_open_booking(request, reference)
    if booking is None:
        return redirect("bookings:booking-detail", reference=reference)
    now = timezone.now()
    steps = booking_steps(booking=booking, now=now, data=request.POST or None)
    if steps.consent_done:
        return redirect(booking)
    if request.method == "POST" and steps.consent_form.is_valid():
        try:
            booking_consent_record(
                booking=booking,
                versions=steps.missing_policies,
                ip=consent.request_ip(request),
                user_agent=consent.request_user_agent(request),
                now=now,
            )
        except consent.ConsentOutdated as error:
            messages.error(request, error.message)
            return redirect("clients:booking-consent", reference=reference)
        messages.success(request, "Thank you. Your consent is recorded.")
        return redirect(booking)
    return render(
        request,
        "client_area/booking_consent.html",
        {
            "booking": booking,
            "steps": steps,
            "page_title": "Before you book",
            "current": "Policies",
        },
    )


@login_required
@never_cache
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def booking_screening(request, reference):
    booking = _own_open_booking(request, reference)
    if booking is None:
        return redirect("bookings:booking-detail", reference=reference)
    return screening_form_page(request, booking=booking, next_url=booking.get_absolute_url())
