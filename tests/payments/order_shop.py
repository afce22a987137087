"""A kind of order, registered as an app above payments registers its own (packages and vouchers
do it from their AppConfig.ready()), and Stripe's side of paying for one.

The shop sells a gift whose delivery is a row of its own, written by its `on_paid` inside the
transaction that records the payment (a Group named after the order stands in for a package's
credits or a voucher): a rolled-back confirmation must leave no gift behind. It also notes each
call, so a test sees that it was told exactly once.

Stripe's Checkout Sessions and Refunds APIs answer as Stripe does: the same idempotency key gets
the same object back, a new key a new one.
"""

import hashlib
import json
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

STRIPE_API = "https://api.stripe.com"
SITE_URL = "https://quietharbour.example"  # tests/conftest.py's stripe_settings
KIND = "test-gift"
PRODUCT_NAME = "Gift from Quiet Harbour Therapy"
# An order bought for this address cannot be fulfilled: its on_paid gives the gift, then refuses.
SOLD_OUT = "sold.out@example.com"


def page_path(order) -> str:
    return f"/gifts/{order.reference}/"


@dataclass
class GiftShop:
    """The test app: what it was told of, in order: (order reference, payment pk, status)."""

    told: list[tuple[str, int, str]] = field(default_factory=list)

    def on_paid(self, *, order, payment, now):
        from django.contrib.auth.models import Group

        from payments.orders import OrderNotFulfillable

        Group.objects.create(name=gift_name(order))
        self.told.append((order.reference, payment.pk, order.status))
        if order.email == SOLD_OUT:
            raise OrderNotFulfillable

    def register(self):
        from payments.orders import OrderKind, order_kind_register

        order_kind_register(
            OrderKind(
                kind=KIND,
                product_name=lambda order: PRODUCT_NAME,
                page_path=page_path,
                on_paid=self.on_paid,
            )
        )

    @staticmethod
    def unregister():
        # No app ever leaves; a test's kind does, so the next test starts without it.
        from payments import orders

        orders._kinds.pop(KIND, None)


def gift_name(order) -> str:
    return f"gift-{order.reference}"


def gifts_given() -> list[str]:
    from django.contrib.auth.models import Group

    return list(Group.objects.filter(name__startswith="gift-").values_list("name", flat=True))


def _form(request) -> dict:
    body = request.body or ""
    return dict(parse_qsl(body.decode() if isinstance(body, bytes) else body))


def _id_for(prefix: str, key: str) -> str:
    return prefix + hashlib.sha256(key.encode()).hexdigest()[:40]


def session_id_for(payment) -> str:
    """The id Stripe gives the session asked for with `payment`'s idempotency key."""
    return _id_for("cs_test_order", payment.idempotency_key)


def intent_id_for(payment) -> str:
    return _id_for("pi_3Order", payment.idempotency_key)[:32]


def checkout_sessions_answer(stripe_api, stripe_json):
    """Stripe's Checkout Sessions API: each request gets the open session it asked for, one
    per idempotency key (a retry with the same key gets the same session)."""

    def answer(request):
        sent = _form(request)
        session_id = _id_for("cs_test_order", request.headers["Idempotency-Key"])
        amount = int(sent["line_items[0][price_data][unit_amount]"])
        session = stripe_json(
            "checkout_session_open",
            id=session_id,
            url=f"https://checkout.stripe.com/c/pay/{session_id}",
            amount_subtotal=amount,
            amount_total=amount,
            currency=sent["line_items[0][price_data][currency]"],
            client_reference_id=sent["client_reference_id"],
            customer_email=sent.get("customer_email"),
            metadata={"order_reference": sent["metadata[order_reference]"]},
            expires_at=int(sent["expires_at"]),
            success_url=sent["success_url"],
            cancel_url=sent["cancel_url"],
        )
        return 200, {}, json.dumps(session)

    stripe_api.add_callback("POST", f"{STRIPE_API}/v1/checkout/sessions", callback=answer)


def order_session(stripe_json, payment, state: str = "complete_paid", **overrides) -> dict:
    """The Checkout Session of an order's `payment` in `state` (open, complete_paid, expired),
    as Stripe reports it: paid in the amount asked unless told."""
    order = payment.order
    url = SITE_URL + page_path(order)
    values = {
        "id": payment.checkout_session_id or session_id_for(payment),
        "client_reference_id": order.reference,
        "metadata": {"order_reference": order.reference},
        "amount_subtotal": payment.amount,
        "amount_total": payment.amount,
        "currency": payment.currency.lower(),
        "customer_email": order.email or None,
        "customer_details": None,
        "cancel_url": url,
        "success_url": url + "?session_id={CHECKOUT_SESSION_ID}",
        "expires_at": int(payment.expires_at.timestamp()),
    }
    if state == "complete_paid":
        values["payment_intent"] = intent_id_for(payment)
    values.update(overrides)
    return stripe_json(f"checkout_session_{state}", **values)


def refunds_answer(stripe_api, stripe_json, state: str = "succeeded"):
    """Stripe's Refunds API: a refund in `state` of what each request asked for, carrying its
    metadata; one refund per idempotency key, as Stripe keeps them."""

    def answer(request):
        sent = _form(request)
        refund = stripe_json(
            f"refund_{state}",
            id=_id_for("re_3Order", request.headers["Idempotency-Key"])[:32],
            amount=int(sent["amount"]),
            payment_intent=sent["payment_intent"],
            metadata={
                key[len("metadata[") : -1]: value
                for key, value in sent.items()
                if key.startswith("metadata[")
            },
        )
        return 200, {}, json.dumps(refund)

    stripe_api.add_callback("POST", f"{STRIPE_API}/v1/refunds", callback=answer)


def order_new(*, now, amount: int = 4000, email: str = "maya@example.com", customer=None):
    """A pending order of the shop's kind, made as its app makes one (in its own transaction)."""
    from django.db import transaction

    from payments.orders import order_create

    with transaction.atomic():
        return order_create(
            kind=KIND, amount=amount, currency="GBP", email=email, customer=customer, now=now
        )
