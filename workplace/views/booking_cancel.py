"""Cancelling with a refund: confirm, then cancel bookings as the practitioner (full refund, the
client is e-mailed)."""

from datetime import datetime
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from bookings import services
from bookings.models import Booking
from bookings.policy import Actor
from bookings.timezones import when_label
from payments.models import Payment
from practice.http import safe_next
from practice.money import money
from workplace.views.common import admin_context

# The largest primary key the database holds (a 64-bit signed integer), and its length.
MAX_ID = 2**63 - 1
MAX_ID_DIGITS = len(str(MAX_ID))


def _selected_ids(raw: str) -> list[int]:
    """The booking ids in `?ids=1,2`; anything a primary key cannot be is left out (a longer
    number reached the database and failed there)."""
    parts = (part.strip() for part in raw.split(","))
    digits = (p for p in parts if p.isascii() and p.isdigit() and len(p) <= MAX_ID_DIGITS)
    return [number for number in map(int, digits) if number <= MAX_ID][:100]


def cancel_url(booking_ids, *, next_url: str = "") -> str:
    query = {"ids": ",".join(str(pk) for pk in booking_ids)}
    if next_url:
        query["next"] = next_url
    return reverse("admin:bookings_booking_cancel") + "?" + urlencode(query)


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Why are you cancelling? (for your records; the client does not see this)",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Please give a short reason, for your records."},
    )


def booking_cancel_view(request, model_admin):
    """Confirm, then cancel bookings as the practitioner: full refund, the client is e-mailed."""
    if not model_admin.has_change_permission(request):
        raise PermissionDenied
    ids = _selected_ids(request.POST.get("ids") or request.GET.get("ids") or "")
    bookings = list(
        Booking.objects.filter(pk__in=ids)
        .select_related("client", "service", "practitioner")
        .order_by("start", "pk")
    )
    now = timezone.now()
    fallback = reverse("admin:bookings_booking_changelist")
    active = [b for b in bookings if b.status in Booking.ACTIVE_STATUSES]
    form = CancelForm(request.POST or None)
    if request.method == "POST" and active and form.is_valid():
        cancelled, refunds = _cancel_all(request, active, form.cleaned_data["reason"], now)
        if cancelled:
            messages.success(
                request,
                f"{cancelled} session{'s' if cancelled != 1 else ''} cancelled. "
                "The client has been e-mailed" + _refund_words(refunds),
            )
        return HttpResponseRedirect(safe_next(request, fallback))
    paid_outside = _paid_outside(active)
    for booking in bookings:
        booking.when = when_label(booking.start, booking.practitioner.tz)
        booking.paid_outside = booking.pk in paid_outside
        booking.refund_due = (
            services.cancellation_preview(booking=booking, by=Actor.PRACTITIONER, now=now)
            if booking in active
            else None
        )
    context = admin_context(
        request,
        model_admin,
        title="Cancel and refund",
        bookings=bookings,
        active=active,
        form=form,
        ids=",".join(str(b.pk) for b in bookings),
        next_url=safe_next(request, fallback),
    )
    return TemplateResponse(request, "workplace/booking/cancel_confirmation.html", context)


def _cancel_all(
    request, bookings, reason: str, now: datetime
) -> tuple[int, dict[tuple[str, bool], int]]:
    cancelled, refunds = 0, {}
    paid_outside = _paid_outside(bookings)
    for booking in bookings:
        try:
            outcome = services.booking_cancel(
                booking=booking, by=Actor.PRACTITIONER, reason=reason, now=now
            )
        except services.BookingError as error:
            messages.error(request, f"{booking.client} ({booking.reference}): {error.message}")
            continue
        cancelled += 1
        if outcome.refund_amount:
            # Money she took herself is given back by her, not through Stripe (payments/refunds.py).
            key = (booking.price_currency, booking.pk in paid_outside)
            refunds[key] = refunds.get(key, 0) + outcome.refund_amount
    return cancelled, refunds


def _paid_outside(bookings) -> set[int]:
    """Which of `bookings` were paid outside the site (one query)."""
    return set(
        Payment.objects.filter(booking__in=bookings, received_outside=True).values_list(
            "booking_id", flat=True
        )
    )


def _refund_words(refunds: dict[tuple[str, bool], int]) -> str:
    """ " and £95 is being refunded to their card." and/or what she gives back herself."""

    def total(outside: bool) -> str:
        return ", ".join(
            money(amount, currency) for (currency, out), amount in refunds.items() if out == outside
        )

    parts = []
    if card := total(False):
        parts.append(f"{card} is being refunded to their card")
    if own := total(True):
        parts.append(f"{own} paid outside the site is yours to give back the way they paid")
    return (" and " + "; ".join(parts) + ".") if parts else "."
