"""A price and a refund are said in the same words wherever the practitioner reads them: the
booking's page, the client's page, the dashboard and her e-mail (Booking.price_label and
Booking.refund_label)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from bookings import services
from practice.models import OutgoingEmail

pytestmark = pytest.mark.django_db


def cells(html: str) -> list[str]:
    """The text of every table cell and read-only field, tags and spaces stripped."""
    found = re.findall(r'<(?:td|div class="readonly")[^>]*>(.*?)</(?:td|div)>', html, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in found]


def test_a_free_session_cancelled_without_refund_reads_free_and_none_everywhere(
    desk, make_booking, client_user, free_service, now
):
    booking = make_booking(client=client_user, service=free_service, start=now + timedelta(days=3))
    services.booking_cancel(booking=booking, by="client", reason="Away", now=now)
    booking.refresh_from_db()

    booking_page = cells(
        desk.get(reverse("admin:bookings_booking_change", args=[booking.pk])).content.decode()
    )
    client_page = cells(
        desk.get(reverse("admin:clients_user_change", args=[client_user.pk])).content.decode()
    )
    dashboard = cells(desk.get(reverse("admin:index")).content.decode())
    e_mail = OutgoingEmail.objects.get(key__contains="practitioner_cancelled").body_text

    assert (booking.price_label, booking.refund_label) == ("Free", "None")
    assert {"Free", "None"} <= set(booking_page)
    assert {"Free", "None"} <= set(client_page)
    assert "None" in dashboard
    assert "Refund: None" in e_mail
