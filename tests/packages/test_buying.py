"""Buying a package through Stripe Checkout: the "Buy" button, the signed webhook (once, however
often Stripe delivers), a second payment, the return page settling before the webhook, an
expired session; only the buyer ever sees her purchase."""

import json
from datetime import timedelta

import pytest

from tests.email_parts import buttons, look_problems
from tests.packages.conftest import PACKAGE_SESSION_ID

pytestmark = pytest.mark.django_db(transaction=True)

API = "https://api.stripe.com"
SECOND_SESSION_ID = "cs_test_c3Sl9XdYb5VpZ0ZeT4aRf7NoHu6IqL8gWk1JvDxMs2PyOzBcFaEtGr"


@pytest.fixture(autouse=True)
def _stripe_faked(stripe_settings, stripe_api):
    """Every test here talks to the faked Stripe, with test keys."""


@pytest.fixture
def bought(signed_in, client_user, package_journey, package_session_json, stripe_api):
    """Maya pressed "Buy": her pending purchase, its order's first Checkout attempt open."""
    from packages.models import PackagePurchase

    # Stripe answers with the session asked for; its ids come from the order, made first.
    def answer(request):
        purchase = PackagePurchase.objects.get()
        return 200, {}, json.dumps(package_session_json(purchase, "open"))

    stripe_api.add_callback("POST", f"{API}/v1/checkout/sessions", callback=answer)
    response = signed_in.post(f"/packages/{package_journey.slug}/buy/")
    assert response.status_code == 303
    return PackagePurchase.objects.get()


def credits_of(purchase):
    return sorted(purchase.credits.values_list("service__slug", "total", "used"))


def everything():
    """What a delivery could change, to prove a repeated one changed nothing."""
    from packages.models import Credit, CreditUse, PackagePurchase
    from payments.models import Order, Payment, Refund
    from practice.models import OutgoingEmail

    return (
        list(Order.objects.values_list("pk", "status", "paid_at")),
        list(PackagePurchase.objects.values_list("pk", "paid_at", "expires_at")),
        list(Credit.objects.values_list("pk", "total", "used")),
        CreditUse.objects.count(),
        list(Payment.objects.values_list("pk", "status")),
        list(Refund.objects.values_list("pk", "reason", "amount")),
        OutgoingEmail.objects.count(),
    )


def test_buy_makes_a_pending_order_and_a_neutral_checkout_session(
    bought, stripe_calls, client_user, package_journey, stripe_settings
):
    [(method, path, sent, headers)] = stripe_calls()
    order = bought.order

    assert (method, path) == ("POST", "/v1/checkout/sessions")
    assert (order.kind, order.status, order.amount, order.currency) == (
        "package",
        "pending",
        30000,
        "GBP",
    )
    assert (order.customer, order.email) == (client_user, client_user.email)
    assert sent["line_items[0][price_data][product_data][name]"] == (
        "Package of sessions with Quiet Harbour Therapy"
    )
    assert sent["line_items[0][price_data][unit_amount]"] == "30000"
    assert sent["success_url"] == (
        f"{stripe_settings.SITE_URL}/my/packages/{order.reference}/?session_id="
        "{CHECKOUT_SESSION_ID}"
    )
    assert headers["Idempotency-Key"] == f"checkout-{order.reference}-1"
    # Nothing Checkout shows or keeps names a session or the package.
    for value in sent.values():
        for word in ("RTT", "Hypnotherapy", "journey"):
            assert word not in value
    assert (bought.package, bought.client, bought.paid_at) == (package_journey, client_user, None)
    assert bought.credits.count() == 0


def test_pressing_buy_twice_makes_one_order_and_one_session(
    bought, signed_in, package_journey, stripe_calls
):
    from payments.models import Order

    again = signed_in.post(f"/packages/{package_journey.slug}/buy/")

    assert again.status_code == 303
    assert Order.objects.count() == 1
    assert len(stripe_calls("/v1/checkout/sessions")) == 1


def test_a_visitor_is_asked_to_sign_in_first_and_comes_back(client, package_journey):
    page = client.get("/packages/rtt-journey/")
    html = page.content.decode()

    assert "/accounts/login/?next=%2Fpackages%2Frtt-journey%2F" in html
    assert "/accounts/signup/?next=%2Fpackages%2Frtt-journey%2F" in html
    response = client.post("/packages/rtt-journey/buy/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/packages/rtt-journey/buy/")


def test_a_package_no_longer_on_sale_cannot_be_bought(signed_in, package_journey):
    from payments.models import Order

    package_journey.active = False
    package_journey.save()

    assert signed_in.get("/packages/rtt-journey/").status_code == 404
    assert signed_in.post("/packages/rtt-journey/buy/").status_code == 404
    assert not Order.objects.exists()


def test_a_paid_session_through_the_signed_webhook_makes_the_credits_once(
    bought, deliver, make_event, package_session_json, run_worker, mailoutbox, now
):
    completed = make_event("checkout.session.completed", package_session_json(bought))

    assert deliver(completed).status_code == 200
    after_first = everything()
    assert deliver(completed).status_code == 200  # Stripe delivers it again

    assert everything() == after_first
    bought.refresh_from_db()
    assert bought.order.status == "paid"
    assert bought.paid_at is not None
    assert bought.expires_at.date() > (now + timedelta(days=179)).date()
    assert credits_of(bought) == [("hypnotherapy", 1, 0), ("rtt-session", 1, 0)]
    run_worker()
    subjects = sorted((mail.to[0], mail.subject) for mail in mailoutbox)
    assert subjects == [
        ("anna@quietharbour.example", "A client bought a package of sessions"),
        ("maya@example.com", "Your package of sessions is ready"),
    ]
    for mail in mailoutbox:
        assert look_problems(mail) == []
    [ready] = [mail for mail in mailoutbox if mail.to == ["maya@example.com"]]
    purchase_url = f"https://quietharbour.example/my/packages/{bought.reference}/"
    assert purchase_url in ready.body
    assert "1 \u00d7 RTT session" in ready.body
    assert [button.attrs["href"] for button in buttons(ready)] == [purchase_url]


def test_the_same_payment_in_a_new_event_changes_nothing(
    bought, deliver, make_event, package_session_json
):
    session = package_session_json(bought)
    deliver(make_event("checkout.session.completed", session))
    after_first = everything()

    assert deliver(make_event("checkout.session.completed", session)).status_code == 200

    assert everything() == after_first


def test_a_second_paid_session_for_the_same_order_is_refunded_and_gives_no_credits(
    bought, signed_in, deliver, make_event, package_session_json, stripe_api, now
):
    from packages.purchases import purchase_checkout
    from payments.models import Payment, Refund

    # Her first session nears its end unpaid; the purchase page starts a second one...
    stripe_api.replace(
        "POST",
        f"{API}/v1/checkout/sessions",
        json=package_session_json(bought, "open", id=SECOND_SESSION_ID),
    )
    purchase_checkout(purchase=bought, now=now + timedelta(minutes=28))
    assert Payment.objects.filter(order=bought.order).count() == 2
    # ...and both get paid (two tabs).
    deliver(make_event("checkout.session.completed", package_session_json(bought)))
    credits_after_first = credits_of(bought)

    second = package_session_json(
        bought, id=SECOND_SESSION_ID, payment_intent="pi_3Qs8TuLkJh2GfDs1SecondPay"
    )
    assert deliver(make_event("checkout.session.completed", second)).status_code == 200

    assert (
        credits_of(bought)
        == credits_after_first
        == [
            ("hypnotherapy", 1, 0),
            ("rtt-session", 1, 0),
        ]
    )
    refund = Refund.objects.get()
    assert (refund.reason, refund.amount) == ("duplicate", 30000)
    assert refund.payment.checkout_session_id == SECOND_SESSION_ID


def test_a_session_paid_in_another_amount_is_refunded_and_gives_no_credits(
    bought, deliver, make_event, package_session_json
):
    from payments.models import Refund

    session = package_session_json(bought, amount_total=100, amount_subtotal=100)

    assert deliver(make_event("checkout.session.completed", session)).status_code == 200

    bought.refresh_from_db()
    assert (bought.paid_at, bought.order.status) == (None, "pending")
    assert bought.credits.count() == 0
    assert Refund.objects.get().reason == "not_as_asked"


def test_the_return_page_settles_before_the_webhook_and_the_webhook_changes_nothing(
    bought, signed_in, stripe_api, package_session_json, deliver, make_event
):
    paid = package_session_json(bought)
    stripe_api.add("GET", f"{API}/v1/checkout/sessions/{PACKAGE_SESSION_ID}", json=paid)

    response = signed_in.get(f"/my/packages/{bought.reference}/?session_id={PACKAGE_SESSION_ID}")

    assert response.status_code == 302
    assert response["Location"] == f"/my/packages/{bought.reference}/"
    assert credits_of(bought) == [("hypnotherapy", 1, 0), ("rtt-session", 1, 0)]
    page = signed_in.get(response["Location"]).content.decode()
    assert "your package is paid for and its credits are ready" in page
    assert "1 of 1 left" in page
    after_return = everything()

    assert deliver(make_event("checkout.session.completed", paid)).status_code == 200

    assert everything() == after_return


def test_the_return_page_says_the_payment_is_being_confirmed_while_stripe_is_not_done(
    bought, signed_in, stripe_api, package_session_json
):
    open_session = package_session_json(bought, "open")
    stripe_api.add("GET", f"{API}/v1/checkout/sessions/{PACKAGE_SESSION_ID}", json=open_session)
    query = f"?session_id={PACKAGE_SESSION_ID}"

    page = signed_in.get(f"/my/packages/{bought.reference}/{query}")
    status = signed_in.get(f"/my/packages/{bought.reference}/status/{query}")

    assert page.status_code == 200
    assert "Your payment is being confirmed" in page.content.decode()
    assert status.json() == {
        "settled": False,
        "url": f"/my/packages/{bought.reference}/{query}",
    }
    assert bought.credits.count() == 0


def test_an_expired_session_leaves_no_credits_and_she_can_pay_again(
    bought, signed_in, deliver, make_event, package_session_json
):
    from payments.models import Payment

    expired = package_session_json(bought, "expired")

    assert deliver(make_event("checkout.session.expired", expired)).status_code == 200

    bought.refresh_from_db()
    assert (bought.paid_at, bought.order.status) == (None, "pending")
    assert bought.credits.count() == 0
    assert Payment.objects.get().status == "expired"
    page = signed_in.get(f"/my/packages/{bought.reference}/").content.decode()
    assert "Waiting for your payment" in page
    assert "Continue to payment" in page


def test_another_clients_purchase_pages_are_404(client, other_client, bought, package_session_json):
    client.force_login(other_client)
    base = f"/my/packages/{bought.reference}/"

    assert client.get(base).status_code == 404
    assert client.get(f"{base}?session_id={PACKAGE_SESSION_ID}").status_code == 404
    assert client.get(f"{base}status/?session_id={PACKAGE_SESSION_ID}").status_code == 404
    assert client.post(f"{base}pay/").status_code == 404
    assert client.get(f"{base}give-back/").status_code == 404
    assert client.post(f"{base}give-back/").status_code == 404
    assert client.get("/my/packages/NOSUCHREFERENCE/").status_code == 404


def test_a_visitor_is_sent_to_sign_in_for_a_purchase_page(bought):
    from django.test import Client

    response = Client().get(f"/my/packages/{bought.reference}/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
