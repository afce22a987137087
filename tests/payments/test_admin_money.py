"""The practitioner reads payment amounts as money, not as pence."""

import pytest

pytestmark = pytest.mark.django_db


def test_payments_and_the_booking_page_show_pounds(client, staff_user, paid_payment):
    client.force_login(staff_user)

    listing = client.get("/admin/payments/payment/").content.decode()
    booking_page = client.get(
        f"/admin/bookings/booking/{paid_payment.booking_id}/change/"
    ).content.decode()

    assert "£95" in listing
    assert ">9500<" not in listing
    assert "£95" in booking_page


def test_the_booking_page_lists_its_payment_attempts_on_the_desk(client, staff_user, paid_payment):
    """payments adds its inline to bookings' admin through a registry, and the workplace's
    desk (the Booking admin actually registered) shows it."""
    client.force_login(staff_user)

    page = client.get(f"/admin/bookings/booking/{paid_payment.booking_id}/change/")

    [payments] = [
        formset
        for formset in page.context["inline_admin_formsets"]
        if formset.opts.model._meta.label == "payments.Payment"
    ]
    assert [form.instance for form in payments.formset.forms] == [paid_payment]
