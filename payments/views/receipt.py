from zoneinfo import ZoneInfo

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from bookings import timezones
from bookings.access import client_booking_or_404
from payments.receipts import payment_method, receipt_payment
from practice.zones import zone_label


def long_date(moment) -> str:
    """ "5 December 2026" (a local datetime): a receipt's dates carry their year."""
    return f"{moment.day} {moment:%B %Y}"


@login_required
@require_GET
def receipt(request, reference):
    """The receipt of one of her paid bookings, printable; a booking nothing was paid for is a
    404, as another client's is."""
    booking = client_booking_or_404(request, reference)
    payment = receipt_payment(booking)
    if payment is None:
        raise Http404
    zone = timezones.client_zone_name(request, fallback=booking.client_time_zone)
    tz = ZoneInfo(zone)
    return render(
        request,
        "payments/receipt.html",
        {
            "booking": booking,
            "payment": payment,
            "page_title": f"Receipt for booking {booking.reference}",
            "noindex": True,
            "when": timezones.when(booking.start, tz),
            "zone_label": zone_label(zone, at=booking.start),
            "paid_on": long_date(payment.paid_at.astimezone(tz)),
            "method": payment_method(payment),
            "refunds": [
                (refund, long_date(refund.created_at.astimezone(tz)))
                for refund in payment.refunds.all()
            ],
        },
    )
