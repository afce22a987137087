"""The booking admin: lists, pages, and her hours (the desk's actions: tests/workplace)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


@pytest.fixture
def past_and_future(make_booking, client_user, service):
    past = make_booking(
        client=client_user, service=service, start=timezone.now() - timedelta(days=2)
    )
    future = make_booking(
        client=client_user, service=service, start=timezone.now() + timedelta(days=1)
    )
    return past, future


def test_booking_list_and_page_open(admin, past_and_future):
    past, _ = past_and_future
    assert admin.get(reverse("admin:bookings_booking_changelist")).status_code == 200
    page = admin.get(reverse("admin:bookings_booking_change", args=[past.pk]))
    assert page.status_code == 200
    assert past.reference in page.content.decode()


def test_bookings_cannot_be_added_past_the_booking_flow(admin):
    assert admin.get(reverse("admin:bookings_booking_add")).status_code == 403


def test_practitioner_page_shows_her_hours_and_each_kind_of_time_has_its_own_page(
    admin, practitioner
):
    page = admin.get(reverse("admin:bookings_practitioner_change", args=[practitioner.pk]))
    assert page.status_code == 200
    assert "Monday 09:00-17:00" in page.content.decode()
    for name in ("practitioner_hours", "timeoff_add", "booking_extra_add"):
        assert admin.get(reverse(f"admin:bookings_{name}")).status_code == 200
