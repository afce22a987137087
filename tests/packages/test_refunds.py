"""Giving credits back: the pro-rata share of the price (a table and properties), the client's
own "give back" within the refund window, the practitioner's refunds and added credits. Each
refund goes through payments' order refunds, in the transaction that removes the credits."""

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from packages.adjustments import refund_value

RTT, FOLLOW_UP, HYPNO = 1, 2, 3
JOURNEY = [
    {"service": RTT, "name": "RTT session", "quantity": 1, "value": 25000},
    {"service": FOLLOW_UP, "name": "Hypnotherapy session", "quantity": 1, "value": 9500},
]


@pytest.mark.parametrize(
    ("price", "items", "counts", "expected"),
    [
        # 300 shared 250:95 -> the RTT credit 217.39, the follow-up 82.60 (rounded down).
        (30000, JOURNEY, {RTT: 1}, 21739),
        (30000, JOURNEY, {FOLLOW_UP: 1}, 8260),
        (30000, JOURNEY, {RTT: 1, FOLLOW_UP: 1}, 30000),
        (30000, JOURNEY, {}, 0),
        # Three of one session: a third each.
        (25000, [{"service": HYPNO, "quantity": 3, "value": 9500}], {HYPNO: 1}, 8333),
        (25000, [{"service": HYPNO, "quantity": 3, "value": 9500}], {HYPNO: 2}, 16666),
        (25000, [{"service": HYPNO, "quantity": 3, "value": 9500}], {HYPNO: 3}, 25000),
        # Services without a price on record weigh the same.
        (
            10000,
            [{"service": RTT, "quantity": 1, "value": 0}, {"service": HYPNO, "quantity": 3}],
            {HYPNO: 1},
            2500,
        ),
        # A service the purchase never held is worth nothing.
        (30000, JOURNEY, {HYPNO: 2}, 0),
    ],
)
def test_refund_value_table(price, items, counts, expected):
    assert refund_value(price=price, items=items, counts=counts) == expected


@st.composite
def purchases(draw):
    services = draw(st.lists(st.integers(1, 50), min_size=1, max_size=4, unique=True))
    items = [
        {
            "service": service,
            "quantity": draw(st.integers(1, 6)),
            "value": draw(st.integers(0, 40000)),
        }
        for service in services
    ]
    return draw(st.integers(1, 500000)), items


@given(purchase=purchases(), data=st.data())
def test_refunds_in_any_split_never_add_up_to_more_than_the_price(purchase, data):
    price, items = purchase
    # Give the credits back in random steps, some credits never given back.
    steps = []
    for item in items:
        left = data.draw(st.integers(0, item["quantity"]))
        while left:
            step = data.draw(st.integers(1, left))
            steps.append({item["service"]: step})
            left -= step
    data.draw(st.randoms()).shuffle(steps)

    refunds = [refund_value(price=price, items=items, counts=step) for step in steps]

    assert all(refund >= 0 for refund in refunds)
    assert sum(refunds) <= price


@given(purchase=purchases())
def test_giving_back_every_credit_at_once_refunds_the_whole_price(purchase):
    price, items = purchase
    everything = {item["service"]: item["quantity"] for item in items}

    assert refund_value(price=price, items=items, counts=everything) == price


@given(purchase=purchases(), data=st.data())
def test_more_credits_never_refund_less(purchase, data):
    price, items = purchase
    item = data.draw(st.sampled_from(items))
    fewer = data.draw(st.integers(0, item["quantity"]))
    more = data.draw(st.integers(fewer, item["quantity"]))

    assert refund_value(price=price, items=items, counts={item["service"]: fewer}) <= (
        refund_value(price=price, items=items, counts={item["service"]: more})
    )


# Through the database -------------------------------------------------------------------


@pytest.fixture
def journey(client_user, package_journey, package_paid):
    return package_paid(client_user, package_journey)


def refunds_of(purchase):
    from payments.models import Refund

    return list(
        Refund.objects.filter(payment__order=purchase.order)
        .order_by("pk")
        .values_list("amount", "reason", "idempotency_key")
    )


@pytest.mark.django_db
def test_giving_back_unused_credits_in_the_window_refunds_their_share_with_the_credits(
    journey, client_user, package_rtt, service, package_hold, package_credit, now
):
    from bookings import services
    from packages.adjustments import credits_give_back

    # The follow-up is booked already: only the RTT credit is unused.
    services.booking_confirm(booking=package_hold(client_user, service), now=now)

    change = credits_give_back(purchase=journey, client=client_user, now=now)

    rtt = package_credit(journey, package_rtt)
    assert (rtt.total, rtt.used, rtt.paid_back) == (0, 0, 1)
    assert package_credit(journey, service).left == 0
    assert refunds_of(journey) == [
        (21739, "package_credits", f"package-{journey.reference}-refund-1")
    ]
    assert change.amount_refunded == 21739
    assert change.credits == [{"service": package_rtt.pk, "name": "RTT session", "change": -1}]


@pytest.mark.django_db
def test_giving_back_twice_refunds_once(journey, client_user, now):
    from bookings.errors import InvalidState
    from packages.adjustments import credits_give_back

    credits_give_back(purchase=journey, client=client_user, now=now)

    with pytest.raises(InvalidState, match="no unused credits"):
        credits_give_back(purchase=journey, client=client_user, now=now)
    assert [amount for amount, _, _ in refunds_of(journey)] == [30000]


@pytest.mark.django_db
def test_after_the_window_she_is_asked_to_write_and_nothing_changes(
    journey, client_user, package_credit, service, now
):
    from bookings.errors import InvalidState
    from packages.adjustments import credits_give_back

    with pytest.raises(InvalidState, match="Please write to me"):
        credits_give_back(purchase=journey, client=client_user, now=now + timedelta(days=15))

    assert refunds_of(journey) == []
    assert package_credit(journey, service).left == 1


@pytest.mark.django_db
def test_the_give_back_page_shows_the_amount_then_refunds(signed_in, journey, now):
    page = signed_in.get(f"/my/packages/{journey.reference}/give-back/")
    assert "£300 goes back to the card you paid with" in page.content.decode()

    done = signed_in.post(f"/my/packages/{journey.reference}/give-back/", follow=True)

    assert "£300 is on its way to your card" in done.content.decode()
    assert [amount for amount, _, _ in refunds_of(journey)] == [30000]
    assert "No credits are left in this package" in signed_in.get("/my/").content.decode()


@pytest.mark.django_db
def test_after_the_window_my_page_says_to_ask_the_practitioner(
    signed_in, client_user, package_journey, package_paid, now
):
    package_paid(client_user, package_journey, paid_at=now - timedelta(days=20))

    page = signed_in.get("/my/").content.decode()

    assert "/give-back/" not in page
    assert "To give back unused credits now, please write to me at" in page


@pytest.mark.django_db
def test_the_practitioner_refunds_credits_pro_rata(journey, package_rtt, package_credit, now):
    from packages.adjustments import credits_refund

    change = credits_refund(
        purchase=journey, service=package_rtt, count=1, note="She moved abroad", now=now
    )

    assert change.amount_refunded == 21739
    assert package_credit(journey, package_rtt).total == 0
    assert refunds_of(journey) == [
        (21739, "package_credits", f"package-{journey.reference}-refund-1")
    ]


@pytest.mark.django_db
def test_the_practitioner_refunds_an_amount_she_types_capped_at_what_is_left(
    journey, package_rtt, service, package_credit, now
):
    from bookings.errors import InvalidState
    from packages.adjustments import credits_refund

    credits_refund(purchase=journey, service=package_rtt, count=1, amount=25000, now=now)

    with pytest.raises(InvalidState, match="At most £50 can be refunded"):
        credits_refund(purchase=journey, service=service, count=1, amount=6000, now=now)
    assert package_credit(journey, service).total == 1  # nothing changed
    credits_refund(purchase=journey, service=None, count=0, amount=5000, now=now)

    assert [amount for amount, _, _ in refunds_of(journey)] == [25000, 5000]
    assert [key for _, _, key in refunds_of(journey)] == [
        f"package-{journey.reference}-refund-1",
        f"package-{journey.reference}-refund-2",
    ]


@pytest.mark.django_db
def test_credits_in_use_cannot_be_refunded(
    journey, client_user, service, package_hold, package_credit
):
    from bookings.errors import InvalidState
    from packages.adjustments import credits_refund

    package_hold(client_user, service)  # reserves the follow-up's credit

    with pytest.raises(InvalidState, match="0 unused credits"):
        credits_refund(purchase=journey, service=service, count=1, now=journey.paid_at)
    assert package_credit(journey, service).total == 1
    assert refunds_of(journey) == []


@pytest.mark.django_db
def test_added_credits_pay_for_sessions_and_refund_no_money(
    journey, client_user, service, package_credit, package_hold, now
):
    from packages.adjustments import credits_add, credits_refund

    credits_add(purchase=journey, service=service, count=2, note="A gift", now=now)
    assert package_credit(journey, service).left == 3

    # Of 3 unused (1 bought, 2 given), refunding 3 gives back the one bought.
    change = credits_refund(purchase=journey, service=service, count=3, now=now)

    assert change.amount_refunded == 8260
    credit = package_credit(journey, service)
    assert (credit.total, credit.paid_back) == (0, 1)


@pytest.mark.django_db
def test_a_refund_of_only_given_credits_sends_no_money(journey, service, package_credit, now):
    from packages.adjustments import credits_add, credits_refund

    credits_add(purchase=journey, service=service, count=1, now=now)
    credits_refund(purchase=journey, service=service, count=1, now=now)  # the bought one
    change = credits_refund(purchase=journey, service=service, count=1, now=now)

    assert change.amount_refunded == 0
    assert change.refund is None
    assert [amount for amount, _, _ in refunds_of(journey)] == [8260]


@pytest.mark.django_db(transaction=True)
def test_a_refund_goes_to_stripe_once_committed(
    journey, client_user, package_refunds_api, stripe_calls, run_worker, now
):
    from packages.adjustments import credits_give_back
    from payments.models import Payment, Refund

    credits_give_back(purchase=journey, client=client_user, now=now)
    run_worker()

    assert Refund.objects.get().status == "succeeded"
    payment = Payment.objects.get(order=journey.order)
    assert (payment.status, payment.amount_refunded) == ("refunded", 30000)
    [(_method, _path, sent, headers)] = stripe_calls("/v1/refunds")
    assert sent["amount"] == "30000"
    assert sent["metadata[order_reference]"] == journey.reference
    assert headers["Idempotency-Key"] == f"package-{journey.reference}-refund-1"
