"""Gift voucher fixtures: vouchers bought and paid, Stripe's Checkout and Refunds APIs answering
what they are asked (faked at HTTP, as tests/conftest.py's `stripe_api`), a client's holds.

The practitioner, `service`, make_booking, make_user, client_user, signed_in, stripe_json,
stripe_settings, stripe_api, stripe_calls, make_event, deliver and run_worker are
tests/conftest.py's.
"""

import itertools
import json
from datetime import timedelta
from urllib.parse import parse_qsl
from zoneinfo import ZoneInfo

import pytest

API = "https://api.stripe.com"


def form_of(request) -> dict:
    body = request.body if isinstance(request.body, str) else request.body.decode()
    return dict(parse_qsl(body))


@pytest.fixture
def checkout_api(stripe_api, stripe_json):
    """Stripe's Checkout Sessions API: each session asked for is made (open), as asked (its
    amount, currency, metadata and expiry); `checkout_api.sessions` keeps each one made."""
    numbers = itertools.count(1)
    made = []

    def create(request):
        sent = form_of(request)
        session_id = f"cs_test_b2Vo{next(numbers):04d}Uc7HeRxKq3LmWz9PtYdFs4GnJ6"
        metadata = {
            key[len("metadata[") : -1]: value
            for key, value in sent.items()
            if key.startswith("metadata[")
        }
        session = stripe_json(
            "checkout_session_open",
            id=session_id,
            url=f"https://checkout.stripe.com/c/pay/{session_id}",
            amount_subtotal=int(sent["line_items[0][price_data][unit_amount]"]),
            amount_total=int(sent["line_items[0][price_data][unit_amount]"]),
            currency=sent["line_items[0][price_data][currency]"],
            client_reference_id=sent["client_reference_id"],
            customer_email=sent.get("customer_email"),
            metadata=metadata,
            expires_at=int(sent["expires_at"]),
            success_url=sent["success_url"],
            cancel_url=sent["cancel_url"],
        )
        made.append(session)
        return 200, {}, json.dumps(session)

    stripe_api.add_callback("POST", f"{API}/v1/checkout/sessions", callback=create)
    stripe_api.sessions = made
    return stripe_api


@pytest.fixture
def refunds_echo(stripe_api, stripe_json):
    """Stripe's Refunds API: each refund asked for is made (pending), with the metadata sent."""

    def answer(request):
        sent = form_of(request)
        refund = stripe_json(
            "refund_pending",
            amount=int(sent["amount"]),
            payment_intent=sent["payment_intent"],
            metadata={
                key[len("metadata[") : -1]: value
                for key, value in sent.items()
                if key.startswith("metadata[")
            },
        )
        return 200, {}, json.dumps(refund)

    stripe_api.add_callback("POST", f"{API}/v1/refunds", callback=answer)
    return stripe_api


@pytest.fixture
def session_of(stripe_json):
    """The Checkout Session of `payment` (an attempt whose session the fake made) in `state`:
    complete_paid, expired or open, with what Stripe would say it took."""

    def make(payment, state: str = "complete_paid", **overrides) -> dict:
        kind = "order_reference" if payment.order_id else "booking_reference"
        values = {
            "id": payment.checkout_session_id,
            "amount_subtotal": payment.amount,
            "amount_total": payment.amount,
            "currency": payment.currency.lower(),
            "client_reference_id": payment.reference,
            "metadata": {kind: payment.reference},
            "expires_at": int(payment.expires_at.timestamp()),
            "payment_intent": f"pi_3Vo{payment.pk:06d}TuLkJh2GfDs1Aq0Wz9"
            if state == "complete_paid"
            else None,
        }
        values.update(overrides)
        return stripe_json(f"checkout_session_{state}", **values)

    return make


@pytest.fixture
def wish(db, now):
    """What a buyer asks for: wish(amount=5000, deliver_on=..., zone=...)."""
    from vouchers.purchase import VoucherWish

    def make(**fields):
        values = {
            "buyer_name": "Hetty Marsh",
            "buyer_email": "hetty@example.com",
            "recipient_name": "Ruth Marsh",
            "recipient_email": "ruth@example.com",
            "message": "Happy birthday, Ruth!",
            "deliver_on": now.astimezone(ZoneInfo("Europe/London")).date(),
            "zone": "Europe/London",
            "amount": 5000,
        }
        values.update(fields)
        return VoucherWish(**values)

    return make


@pytest.fixture
def make_voucher(db, now, practice_details):
    """A paid voucher, written as paying for it would have left it (set-up: not the purchase):
    make_voucher(amount=5000, balance=..., expires_at=..., currency=...). Delivered already.
    With paid=False: one waiting for its payment (no code, no expiry)."""
    from payments.models import Order
    from vouchers.codes import code_new
    from vouchers.delivery import delivery_moment
    from vouchers.fulfil import voucher_expiry
    from vouchers.models import Voucher

    def make(*, amount=5000, balance=None, currency="GBP", paid=True, paid_at=None, **fields):
        bought_at = paid_at or now - timedelta(days=1)
        order = Order.objects.create(
            kind="voucher",
            amount=amount,
            currency=currency,
            email="hetty@example.com",
            status="paid" if paid else "pending",
            created_at=bought_at,
            paid_at=bought_at if paid else None,
        )
        day = bought_at.date()
        values = {
            "order": order,
            "initial_amount": amount,
            "balance": amount if balance is None else balance,
            "currency": currency,
            "code": code_new(),
            "buyer_name": "Hetty Marsh",
            "buyer_email": "hetty@example.com",
            "recipient_name": "Ruth Marsh",
            "recipient_email": "ruth@example.com",
            "deliver_on": day,
            "deliver_at": delivery_moment(day=day, zone="Europe/London"),
            "created_at": bought_at,
            "paid_at": bought_at,
            "expires_at": voucher_expiry(paid_at=bought_at, zone="Europe/London"),
            "delivered_at": bought_at,
        }
        if not paid:
            values.update(code=None, paid_at=None, expires_at=None, delivered_at=None)
        values.update(fields)
        return Voucher.objects.create(**values)

    return make


@pytest.fixture
def hold(make_booking, client_user, service):
    """Maya's hold of the £95 session a week from now, for 30 more minutes: hold(start=...)."""

    def make(**fields):
        values = {"client": client_user, "service": service, "status": "held"}
        values.update(fields)
        return make_booking(**values)

    return make
