"""Rooms' fixtures: a video server whose address must never reach our pages, and Maya's
confirmed sessions at a time of a test's choosing.

The practitioner, services, make_booking, signed_in, desk and the rest are tests/conftest.py's;
payments' held booking and its Checkout fixtures are imported from there (the paid path
confirms a booking as Stripe's answers do).
"""

from datetime import timedelta

import pytest

from tests.payments.conftest import (  # noqa: F401 (pytest finds fixtures by name)
    held,
    make_attempt,
    session_json,
)

VIDEO_SERVER = "https://video.harbour-rooms.example"


@pytest.fixture
def video_server(settings):
    """The site's default Jitsi server (JITSI_BASE_URL): a host of its own, so a test can tell
    that it never appears on a page of ours."""
    settings.JITSI_BASE_URL = VIDEO_SERVER
    return VIDEO_SERVER


@pytest.fixture
def session_at(make_booking, client_user, free_service):
    """Maya's confirmed free call at `start` (its room made, as its confirmation would have),
    booked in `zone`: session_at(now + timedelta(minutes=5), zone="Asia/Tokyo")."""

    def make(start, *, zone="Europe/London", client=None, **fields):
        return make_booking(
            client=client or client_user,
            service=free_service,
            start=start,
            client_time_zone=zone,
            **fields,
        )

    return make


@pytest.fixture
def starting_soon(session_at, now):
    """Maya's confirmed call starting in five minutes: its room is open."""
    return session_at(now + timedelta(minutes=5))
