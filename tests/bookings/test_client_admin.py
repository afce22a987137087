"""A client's page in the admin: their bookings and consent records (read-only), and the way
to their screening, whose every reading is logged."""

from datetime import timedelta

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def consented(paid_booking, client_user, publish, now):
    from clients.consent import consent_record_create

    version = publish(
        "privacy",
        title="Privacy",
        summary="How your data is kept.",
        body="Carefully.",
        at=now - timedelta(days=2),
    )
    return consent_record_create(
        user=client_user,
        versions=[version],
        booking_reference=paid_booking.reference,
        ip="203.0.113.9",
        user_agent="Test",
        now=now - timedelta(days=1),
    )


@pytest.fixture
def screening(client_user, now):
    from clients.models import Screening

    return Screening.objects.create(
        user=client_user,
        answers={"emergency_contact_name": "Sam", "emergency_contact_phone": "07700 900123"},
        completed_at=now - timedelta(days=1),
        valid_until=now + timedelta(days=180),
        needs_conversation=True,
    )


def test_the_client_page_lists_bookings_and_consents_without_letting_them_change(
    desk, client_user, paid_booking, consented
):
    page = desk.get(reverse("admin:clients_user_change", args=[client_user.pk]))

    text = page.content.decode()
    assert page.status_code == 200
    assert reverse("admin:bookings_booking_change", args=[paid_booking.pk]) in text
    assert "Hypnotherapy session" in text
    assert "£95" in text
    assert "Privacy, version 1" in text
    for prefix in ("bookings", "consent_records"):
        assert f'name="{prefix}-TOTAL_FORMS"' in text
        assert f'name="{prefix}-0-status"' not in text
    assert 'name="bookings-0-DELETE"' not in text


def test_the_client_page_links_to_the_screening_without_showing_its_answers(
    desk, client_user, screening
):
    from clients.models import AccessLog

    page = desk.get(reverse("admin:clients_user_change", args=[client_user.pk]))

    text = page.content.decode()
    assert "Needs a conversation before the session." in text
    assert "07700 900123" not in text
    assert AccessLog.objects.count() == 0

    link = reverse("admin:clients_screening_change", args=[screening.pk])
    assert link in text
    assert "07700 900123" in desk.get(link).content.decode()
    assert AccessLog.objects.get().action == AccessLog.Action.VIEWED_SCREENING
