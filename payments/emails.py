"""E-mails about money, through the outbox (practice/mail.py), in the caller's transaction.

Subjects are as neutral as the booking e-mails' (a date, nothing about the session's purpose).
"""

import logging

from django.conf import settings
from django.urls import reverse

from bookings.models import Practitioner
from bookings.timezones import when
from payments.models import Refund
from practice.mail import outgoing_email_queue
from practice.models import PracticeDetails
from practice.zones import zone_label

logger = logging.getLogger(__name__)


class Mail:
    PAYMENT_REFUNDED = "payment_refunded"  # to the client: paid, but could not be confirmed
    PAYMENT_REFUNDED_PRACTITIONER = "payment_refunded_practitioner"
    REFUND_FAILED = "refund_failed"  # to the practitioner: a refund needs her attention
    ORDER_REFUND_FAILED = "order_refund_failed"  # the same, of an order (a package, a voucher)
    TO_PRACTITIONER = (PAYMENT_REFUNDED_PRACTITIONER, REFUND_FAILED)


def _subject(kind: str, moment: str) -> str:
    return {
        Mail.PAYMENT_REFUNDED: f"Your payment for {moment} has been refunded",
        Mail.PAYMENT_REFUNDED_PRACTITIONER: f"Payment refunded automatically: {moment}",
        Mail.REFUND_FAILED: f"A refund needs your attention: {moment}",
    }[kind]


def email_later(refund: Refund, kind: str) -> None:
    """Render one e-mail about a refund and put it in the outbox, in the caller's transaction."""
    refund = Refund.objects.select_related(
        "payment__booking__client", "payment__booking__practitioner__user", "payment__order"
    ).get(pk=refund.pk)
    booking = refund.payment.booking
    if booking is None:
        # An order's (a package, a gift voucher): the app that sold it tells its buyer; a
        # refund that failed still needs the practitioner.
        if kind == Mail.REFUND_FAILED:
            _order_refund_failed(refund)
        else:
            logger.info("Refund %s of an order: no booking e-mail (%s).", refund.pk, kind)
        return
    for_practitioner = kind in Mail.TO_PRACTITIONER
    zone = booking.practitioner.time_zone if for_practitioner else booking.client_time_zone
    moment = when(booking.start, booking.practitioner.tz if for_practitioner else booking.client_tz)
    context = {
        "booking": booking,
        "refund": refund,
        "practice": PracticeDetails.load(),
        "when": moment,
        "zone": zone_label(zone, at=booking.start),
        "booking_url": settings.SITE_URL + booking.get_absolute_url(),
        "site_url": settings.SITE_URL,
        "admin_url": settings.SITE_URL + reverse("admin:payments_refund_change", args=[refund.pk]),
    }
    recipient = booking.practitioner.user if for_practitioner else booking.client
    outgoing_email_queue(
        key=f"refund:{refund.pk}:{kind}",
        to=recipient.email,
        recipient=recipient,
        subject=_subject(kind, moment),
        template=f"emails/{kind}",
        context=context,
    )


def _order_refund_failed(refund: Refund) -> None:
    """Tell the practitioner that a refund of an order failed: she pays the buyer back another
    way. The subject names the order's reference only, never what was bought."""
    order = refund.payment.order
    practitioner = Practitioner.objects.select_related("user").order_by("-active", "pk").first()
    if practitioner is None:
        logger.error("Refund %s of an order failed and no practitioner can be told.", refund.pk)
        return
    paid_at = refund.payment.paid_at or refund.created_at
    context = {
        "order": order,
        "refund": refund,
        "practice": PracticeDetails.load(),
        "paid": when(paid_at, practitioner.tz),
        "zone": zone_label(practitioner.time_zone, at=paid_at),
        "site_url": settings.SITE_URL,
        "admin_url": settings.SITE_URL + reverse("admin:payments_refund_change", args=[refund.pk]),
        "order_admin_url": settings.SITE_URL
        + reverse("admin:payments_order_change", args=[order.pk]),
    }
    outgoing_email_queue(
        key=f"refund:{refund.pk}:{Mail.ORDER_REFUND_FAILED}",
        to=practitioner.user.email,
        recipient=practitioner.user,
        subject=f"A refund needs your attention: order {order.reference}",
        template=f"emails/{Mail.ORDER_REFUND_FAILED}",
        context=context,
    )
