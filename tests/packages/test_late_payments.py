"""A package paid late: by a delayed method (a bank debit) whose money arrives after Checkout
completed, in either order of Stripe's events, or that fails. The credits come once, when
the money does, and never for a payment that failed."""

import pytest

from tests.packages.test_buying import (  # noqa: F401 (pytest finds fixtures by name)
    _stripe_faked,
    bought,
    credits_of,
    everything,
)

pytestmark = pytest.mark.django_db(transaction=True)


def completed_unpaid(package_session_json, purchase):
    """What Checkout reports when a delayed method was chosen: complete, not paid yet."""
    return package_session_json(purchase, payment_status="unpaid", payment_intent=None)


def test_a_delayed_payment_gives_the_credits_when_its_money_arrives_and_only_then(
    bought,  # noqa: F811 (the fixture imported above)
    deliver,
    make_event,
    package_session_json,
):
    completed = make_event(
        "checkout.session.completed", completed_unpaid(package_session_json, bought)
    )
    assert deliver(completed).status_code == 200

    bought.refresh_from_db()
    assert bought.order.status == "pending"
    assert credits_of(bought) == []

    succeeded = make_event("checkout.session.async_payment_succeeded", package_session_json(bought))
    assert deliver(succeeded).status_code == 200
    after = everything()
    assert deliver(succeeded).status_code == 200  # delivered again

    assert everything() == after
    bought.refresh_from_db()
    assert bought.order.status == "paid"
    assert credits_of(bought) == [("hypnotherapy", 1, 0), ("rtt-session", 1, 0)]


def test_the_money_arriving_before_checkouts_completion_gives_the_credits_once(
    bought,  # noqa: F811 (the fixture imported above)
    deliver,
    make_event,
    package_session_json,
):
    succeeded = make_event("checkout.session.async_payment_succeeded", package_session_json(bought))
    assert deliver(succeeded).status_code == 200
    after = everything()

    completed = make_event(
        "checkout.session.completed", completed_unpaid(package_session_json, bought)
    )
    assert deliver(completed).status_code == 200

    assert everything() == after
    assert credits_of(bought) == [("hypnotherapy", 1, 0), ("rtt-session", 1, 0)]


def test_a_delayed_payment_that_fails_gives_no_credits_and_she_can_pay_again(
    bought,  # noqa: F811 (the fixture imported above)
    deliver,
    make_event,
    package_session_json,
):
    deliver(
        make_event("checkout.session.completed", completed_unpaid(package_session_json, bought))
    )

    failed = make_event(
        "checkout.session.async_payment_failed",
        package_session_json(bought, payment_status="unpaid"),
    )
    assert deliver(failed).status_code == 200

    bought.refresh_from_db()
    assert bought.order.status == "pending"
    assert credits_of(bought) == []
    assert list(bought.order.payments.values_list("status", flat=True)) == ["failed"]
