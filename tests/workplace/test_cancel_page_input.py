"""The cancel-and-refund page reads its `?ids=` safely: what cannot be a booking id is left out."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "junk",
    [
        "9999999999999999999999999",  # past the largest id the database holds
        "9" * 5000,  # past what Python converts to a number at all
        "²",  # a digit to str.isdigit(), not to int()
        "-1",
    ],
)
def test_ids_that_cannot_be_bookings_are_left_out_of_the_cancel_page(desk, paid_booking, junk):
    response = desk.get(
        reverse("admin:bookings_booking_cancel"), {"ids": f"{paid_booking.pk},{junk}"}
    )

    assert response.status_code == 200
    assert [booking.pk for booking in response.context["bookings"]] == [paid_booking.pk]
