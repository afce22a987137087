"""The offline order test page in a browser: accessible (axe), valid HTML (every page the live
server sends is checked), and its "Pay" button pays the order."""

import re

import pytest
from playwright.sync_api import expect

from tests.payments.order_shop import order_new

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_order_test_page_is_accessible_and_pays_the_order(
    live_server, page, offline, shop, practice_details, axe_check, now
):
    from payments.order_checkout import order_checkout_start

    order = order_new(now=now, amount=4000, email="")
    step = order_checkout_start(order=order, now=now)

    page.goto(f"{live_server.url}{step.redirect_to}")
    expect(page.get_by_role("heading", name="Test payment — no money moves")).to_be_visible()
    axe_check(page, what="order test-payment page")
    page.get_by_role("button", name="Pay £40 (test)").click()

    expect(page).to_have_url(re.compile(rf"/gifts/{order.reference}/\?session_id=cs_test_offline_"))
    order.refresh_from_db()
    assert order.status == "paid"
    assert shop.told == [(order.reference, step.payment.pk, "paid")]

    page.goto(f"{live_server.url}{step.redirect_to}")
    expect(page.get_by_text("This test session is over.")).to_be_visible()
    axe_check(page, what="order test-payment page, over")
