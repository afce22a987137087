"""A client's booking page that is not a hold is cached per client and zone
(bookings.views.booking_body, practice/fragments.py): never shown to anyone else, renewed the
moment her data changes, and never kept past the moment the clock changes it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from bookings.policy import PolicyTerms
from bookings.views import booking_body
from tests.aftercare.conftest import (  # noqa: F401 (pytest finds fixtures by name)
    _private_folder,
    audio_upload,
    make_recording,
)
from tests.fragment_pages import page_of, without_tokens

pytestmark = pytest.mark.django_db

ZONE = "Europe/London"


def booking_page(client, booking) -> str:
    return page_of(client, booking.get_absolute_url())


def test_another_client_never_gets_her_cached_booking_page(
    client, client_user, other_client, make_booking, service
):
    hers = make_booking(client=client_user, service=service)
    theirs = make_booking(
        client=other_client, service=service, start=hers.start + timedelta(days=1)
    )
    client.force_login(client_user)
    assert hers.reference in booking_page(client, hers)
    assert hers.reference in booking_page(client, hers)  # now from the cache

    client.force_login(other_client)
    assert client.get(hers.get_absolute_url()).status_code == 404
    page = booking_page(client, theirs)
    assert theirs.reference in page
    assert hers.reference not in page
    client.logout()
    response = client.get(hers.get_absolute_url())
    assert response.status_code == 302
    assert hers.reference not in response.content.decode()


def test_the_cached_page_carries_no_placeholder_and_this_views_zone_picker(
    client, client_user, make_booking, service
):
    booking = make_booking(client=client_user, service=service)
    client.force_login(client_user)
    booking_page(client, booking)
    page = booking_page(client, booking)  # from the cache
    assert "\x00" not in page
    assert 'name="tz"' in page  # the zone picker, rendered on this view
    # Its content has no form posting with a token, and none is kept in the cache.
    html, _ = booking_body(booking=booking, zone=ZONE, now=timezone.now())
    assert "csrfmiddlewaretoken" not in html


def _cancel(booking, **fixtures):
    from bookings.changes import booking_cancel

    booking_cancel(booking=booking, by="client", now=timezone.now())


def _move(booking, **fixtures):
    for field in ("start", "end", "blocked_start", "blocked_end"):
        setattr(booking, field, getattr(booking, field) + timedelta(days=1, hours=3))
    booking.save()


def _pay(booking, **fixtures):
    fixtures["make_payment"](booking)


def _refund(booking, **fixtures):
    from tests.factories import RefundFactory

    payment = fixtures["make_payment"](booking)
    before = booking_page(fixtures["client"], booking)
    RefundFactory(payment=payment, status="succeeded")
    return before


def _add_recording(booking, **fixtures):
    fixtures["make_recording"](booking=booking, title="Your confidence recording")


@pytest.mark.parametrize("change", [_cancel, _move, _pay, _refund, _add_recording])
def test_her_booking_page_changes_the_moment_her_data_does(
    request, change, client, client_user, make_booking, service
):
    booking = make_booking(client=client_user, service=service)
    client.force_login(client_user)
    before = without_tokens(booking_page(client, booking))
    assert without_tokens(booking_page(client, booking)) == before  # from the cache meanwhile

    fixtures = {
        "client": client,
        "make_payment": request.getfixturevalue("make_payment"),
        "make_recording": request.getfixturevalue("make_recording"),
    }
    before = without_tokens(change(booking, **fixtures) or before)

    after = without_tokens(booking_page(client, booking))
    expected = {
        _cancel: lambda: "This booking is cancelled" in after and "is cancelled" not in before,
        _move: lambda: after != before and "Your booking is confirmed" in after,
        _pay: lambda: "See your receipt" in after and "See your receipt" not in before,
        _refund: lambda: "sent back to the card" in after and "sent back" not in before,
        _add_recording: lambda: "Your confidence recording" in after,
    }[change]
    assert expected()


def test_moving_ends_the_moment_her_notice_runs_out(client_user, make_booking, service):
    booking = make_booking(client=client_user, service=service)
    notice = PolicyTerms.from_snapshot(booking.policy_snapshot).notice
    last = booking.start - notice  # moving is allowed up to here, inclusive

    html, next_change = booking_body(booking=booking, zone=ZONE, now=last - timedelta(hours=1))
    assert "Move to another time" in html
    assert next_change == last + timedelta(microseconds=1)
    html, _ = booking_body(booking=booking, zone=ZONE, now=last)
    assert "Move to another time" in html

    html, next_change = booking_body(booking=booking, zone=ZONE, now=last + timedelta(seconds=1))
    assert "Move to another time" not in html
    assert "can no longer be moved" in html
    assert next_change == booking.start - timedelta(minutes=10)  # then the room opens


def test_the_room_opening_the_start_and_the_end_end_the_cached_page(
    client_user, make_booking, service
):
    booking = make_booking(client=client_user, service=service)
    opens = booking.start - timedelta(minutes=10)

    html, next_change = booking_body(booking=booking, zone=ZONE, now=opens - timedelta(minutes=1))
    assert "Your private room is open" not in html
    assert next_change == opens
    html, next_change = booking_body(booking=booking, zone=ZONE, now=opens)
    assert "Your private room is open" in html
    assert "In your calendar" in html
    assert next_change == booking.start
    html, next_change = booking_body(booking=booking, zone=ZONE, now=booking.start)
    assert "In your calendar" not in html
    assert "Need to change it?" not in html
    assert next_change == booking.end
    html, next_change = booking_body(booking=booking, zone=ZONE, now=booking.end)
    assert "Your private room is open" not in html
    assert next_change is None
