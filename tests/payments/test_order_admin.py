"""The practitioner reads orders in the admin (read-only): amounts in pounds, each order with its
payment attempts. She runs the admin as staff in the Practitioner group, not as a superuser."""

import re

import pytest
from django.contrib.auth.models import Group

from workplace.roles import PRACTITIONER_GROUP

pytestmark = pytest.mark.django_db


@pytest.fixture
def her(make_practitioner):
    """Anna as she runs the site: staff, not a superuser, in the Practitioner group."""
    user = make_practitioner().user
    user.groups.add(Group.objects.get(name=PRACTITIONER_GROUP))
    assert (user.is_staff, user.is_superuser) == (True, False)
    return user


@pytest.fixture
def order_with_payments(now):
    """An order of £40 paid at its second attempt (the first expired), written as settling
    leaves it."""
    from payments.models import Order, Payment

    order = Order.objects.create(
        kind="test-gift",
        amount=4000,
        currency="GBP",
        email="maya@example.com",
        status=Order.Status.PAID,
        created_at=now,
        paid_at=now,
    )
    for attempt, status in ((1, "expired"), (2, "paid")):
        Payment.objects.create(
            order=order,
            attempt=attempt,
            amount=4000,
            currency="GBP",
            status=status,
            checkout_session_id=f"cs_test_admin_order_{attempt}",
            payment_intent_id="pi_3OrderAdminLkJh2GfDs1" if status == "paid" else "",
            expires_at=now,
            paid_at=now if status == "paid" else None,
            idempotency_key=f"checkout-{order.reference}-{attempt}",
        )
    return order


def test_the_practitioner_reads_the_orders_in_pounds(client, her, order_with_payments):
    client.force_login(her)

    listing = client.get("/admin/payments/order/")

    assert listing.status_code == 200
    page = listing.content.decode()
    assert order_with_payments.reference in page
    assert "£40" in page
    assert ">4000<" not in page


def test_an_orders_page_shows_its_amount_and_its_payments_read_only(
    client, her, order_with_payments
):
    from payments.models import Payment

    client.force_login(her)

    response = client.get(f"/admin/payments/order/{order_with_payments.pk}/change/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "£40" in page
    assert not re.search(r"(?<!\w)4000(?!\w)", page)  # never in pence
    [payments] = [
        formset
        for formset in response.context["inline_admin_formsets"]
        if formset.opts.model is Payment
    ]
    assert sorted(form.instance.attempt for form in payments.formset.forms) == [1, 2]
    assert not response.context["has_change_permission"]


def test_orders_are_never_added_or_changed_in_the_admin(client, her, order_with_payments):
    client.force_login(her)

    assert client.get("/admin/payments/order/add/").status_code == 403
    response = client.post(
        f"/admin/payments/order/{order_with_payments.pk}/change/", {"amount": "1", "email": ""}
    )
    assert response.status_code == 403
    order_with_payments.refresh_from_db()
    assert (order_with_payments.amount, order_with_payments.email) == (4000, "maya@example.com")
