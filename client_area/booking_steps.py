"""What a held booking asks of its client: the "About you" step (/bookings/<reference>/about-you/),
and the consent and screening steps each on its own page (…/consent/, …/screening/).

The booking page shows the "About you" form inline (templates/bookings/_booking_steps.html):
the screening, when the service needs it, and the consent boxes still missing, with one button
that saves both and goes straight on, to payment or, for a free booking, to confirming it. Its
errors come back on this step's own page, with the client's answers kept.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods

from bookings import services
from bookings.access import client_booking_or_404
from bookings.booking_steps import booking_about_you_record, booking_consent_record, booking_steps
from bookings.models import Booking
from bookings.policy import Actor
from bookings.views import CONFIRMED_MESSAGE
from client_area.screening import CONVERSATION_NOTE, screening_form_page
from clients import consent
from payments.views.pay import checkout_redirect

OPEN_STATUSES = (Booking.Status.HELD, Booking.Status.EXPIRED)


def _own_open_booking(request, reference: str) -> Booking | None:
    """The client's own booking (404 for anyone else's); None when it is past these steps.

    A booking the practitioner made for her is confirmed before she has been online: its
    consent and screening steps stay open until the session (client_area/before_session.py).
    """
    booking = client_booking_or_404(request, reference)
    if booking.status in OPEN_STATUSES:
        return booking
    if booking.booked_by == Actor.PRACTITIONER and booking.is_upcoming_at(timezone.now()):
        return booking
    return None


def _go_on(request, booking: Booking):
    """The client is ready: to payment for a paid booking, else confirm it and show it."""
    if services.amount_due(booking):
        return checkout_redirect(request, booking)
    try:
        booking = services.booking_confirm(booking=booking, now=timezone.now())
    except services.BookingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, CONFIRMED_MESSAGE)
    return redirect(booking)


@login_required
@never_cache
@sensitive_post_parameters()
@sensitive_variables("steps", "answers")
@require_http_methods(["GET", "POST"])
def booking_about_you(request, reference):
    """The screening and consent a held booking still needs, saved together, then onwards."""
    booking = _own_open_booking(request, reference)
    if booking is None:
        return redirect("bookings:booking-detail", reference=reference)
    now = timezone.now()
    # Bound on every POST, an empty one too: nothing ticked is an answer that needs errors.
    data = request.POST if request.method == "POST" else None
    steps = booking_steps(booking=booking, now=now, data=data)
    if request.method == "POST" and booking.is_held_at(now):
        if steps.ready:
            return _go_on(request, booking)  # sent twice, or done in another tab
        if steps.about_you_is_valid():
            answers = steps.screening_form.answers() if steps.screening_form else None
            try:
                screening = booking_about_you_record(
                    booking=booking,
                    answers=answers,
                    versions=steps.missing_policies,
                    ip=consent.request_ip(request),
                    user_agent=consent.request_user_agent(request),
                    now=now,
                )
            except consent.ConsentOutdated as error:
                messages.error(request, error.message)
                return redirect("clients:booking-about-you", reference=reference)
            if screening is not None and screening.needs_conversation:
                messages.info(request, CONVERSATION_NOTE)
            return _go_on(request, booking)
    elif steps.ready or not booking.is_held_at(now):
        # Nothing to ask (or the hold has ended): the booking page says what comes next.
        return redirect(booking)
    return render(
        request,
        "client_area/booking_about_you.html",
        {
            "booking": booking,
            "steps": steps,
            "amount_due": services.amount_due(booking),
            "page_title": "About you",
            "current": "About you",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def booking_consent(request, reference):
    booking = _own_open_booking(request, reference)
    if booking is None:
        return redirect("bookings:booking-detail", reference=reference)
    now = timezone.now()
    data = request.POST if request.method == "POST" else None
    steps = booking_steps(booking=booking, now=now, data=data)
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
