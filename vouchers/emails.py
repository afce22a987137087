"""A gift voucher's e-mails, through the outbox (practice/mail.py), in the caller's transaction.

- the buyer's receipt, once, when the voucher is paid (vouchers/fulfil.py);
- the recipient's voucher, with its code, on the day the buyer chose (vouchers/delivery.py),
  and again when the practitioner asks (a new e-mail each time).

Subjects name no service and nothing about anyone's health: a session voucher's service is
only in the body. Each key names the voucher and the occasion, so each goes out once.
"""

import secrets

from django.conf import settings
from django.urls import reverse

from practice.mail import outgoing_email_queue
from practice.models import PracticeDetails
from practice.money import money
from vouchers.models import Voucher


def _day(day) -> str:
    return f"{day.day} {day:%B %Y}"


def _context(voucher: Voucher) -> dict:
    practice = PracticeDetails.load()
    return {
        "voucher": voucher,
        "practice": practice,
        "site_url": settings.SITE_URL,
        "amount": money(voucher.initial_amount, voucher.currency),
        "balance": money(voucher.balance, voucher.currency),
        "code": voucher.code_shown,
        "valid_until": _day(voucher.valid_until) if voucher.valid_until else "",
        "deliver_on": _day(voucher.deliver_on),
        "book_url": settings.SITE_URL + reverse("bookings:book"),
        "page_url": settings.SITE_URL
        + reverse("vouchers:order", kwargs={"reference": voucher.order.reference}),
    }


def receipt_subject() -> str:
    return "Thank you: your gift voucher is paid"


def delivery_subject(voucher: Voucher) -> str:
    # The buyer's name only (she chose to send it); never what it is for.
    giver = " ".join(voucher.buyer_name.split())
    return f"{giver} has sent you a gift voucher" if giver else "A gift voucher for you"


def voucher_receipt_queue(voucher: Voucher) -> None:
    """The buyer's receipt, once per voucher (to her account's owner only while it exists)."""
    if not voucher.buyer_email:
        return
    outgoing_email_queue(
        key=f"voucher:{voucher.pk}:receipt",
        to=voucher.buyer_email,
        recipient=voucher.buyer,
        subject=receipt_subject(),
        template="emails/voucher_receipt",
        context=_context(voucher),
    )


def voucher_delivery_queue(voucher: Voucher, *, again: bool = False) -> bool:
    """The recipient's voucher and its code: once, or `again` (a new e-mail each time)."""
    if not voucher.recipient_email or not voucher.code:
        return False
    occasion = f":again-{secrets.token_hex(8)}" if again else ""
    queued = outgoing_email_queue(
        key=f"voucher:{voucher.pk}:delivery{occasion}",
        to=voucher.recipient_email,
        subject=delivery_subject(voucher),
        template="emails/voucher_delivery",
        context=_context(voucher),
    )
    return queued is not None
