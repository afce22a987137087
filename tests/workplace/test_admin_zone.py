"""One rule for the admin's clock, practice.middleware.AdminTimeZoneMiddleware: a practitioner
reads her own zone, other staff the practice's, and the desk's pages read the zone it made
active, like every other admin page."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from bookings.timezones import when_label
from workplace.calendar import DASH

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
TOKYO = ZoneInfo("Asia/Tokyo")


@pytest.fixture
def in_tokyo(practitioner, settings):
    """Anna works from Tokyo; the practice's own zone stays London."""
    settings.PRACTICE_TIME_ZONE = "Europe/London"
    practitioner.time_zone = "Asia/Tokyo"
    practitioner.save(update_fields=["time_zone"])
    return practitioner


@pytest.fixture
def session(in_tokyo, make_booking, client_user, service, now):
    start = (now + timedelta(days=2)).replace(minute=0, second=0)
    return make_booking(client=client_user, service=service, start=start)


def test_staff_who_are_not_a_practitioner_read_the_desk_on_the_practices_clock(
    client, staff_user, session
):
    client.force_login(staff_user)

    index = client.get(reverse("admin:index")).content.decode()
    listed = client.get(reverse("admin:bookings_booking_changelist")).content.decode()

    assert "Times are in London (United Kingdom" in index
    assert f"{session.start.astimezone(LONDON):%H:%M}{DASH}" in index
    assert f"{session.start.astimezone(TOKYO):%H:%M}{DASH}" not in index
    assert when_label(session.start, LONDON) in listed


def test_the_practitioner_reads_the_desk_on_her_own_clock(client, in_tokyo, session):
    client.force_login(in_tokyo.user)

    index = client.get(reverse("admin:index")).content.decode()
    listed = client.get(reverse("admin:bookings_booking_changelist")).content.decode()

    assert "Times are in Tokyo (Japan, UTC+9)" in index
    assert f"{session.start.astimezone(TOKYO):%H:%M}{DASH}" in index
    assert when_label(session.start, TOKYO) in listed
