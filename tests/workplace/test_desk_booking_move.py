"""Moving a booking from the desk, the pages' query budgets, and the race for one time."""

import re
from datetime import timedelta

import icalendar
import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bookings import services
from bookings.desk import desk_booking_create
from bookings.models import Booking
from bookings.selectors import offered_slots
from tests.bookings.test_race import race
from tests.workplace.desk_helpers import BOOK, hour_floor, iso, open_round_the_clock

pytestmark = pytest.mark.django_db


@pytest.fixture
def soon(practitioner, now):
    """A start five hours away, inside her (extra) hours, the service's notice and the policy's
    48 hours."""
    open_round_the_clock(practitioner, now)
    return hour_floor(now) + timedelta(hours=5)


def move_url(booking) -> str:
    return f"/admin/bookings/booking/{booking.pk}/move/"


@pytest.mark.django_db(transaction=True)
def test_she_moves_a_confirmed_booking_inside_the_clients_notice_and_the_client_gets_the_new_ics(
    desk, paid_booking, service, soon, now, run_worker, practice_details
):
    old_start = paid_booking.start
    assert old_start not in offered_slots(service=service, now=now)

    response = desk.post(
        move_url(paid_booking),
        {"start": iso(soon), "day": soon.date().isoformat(), "note": "Sorry, a clash."},
    )

    assert response.status_code == 302
    paid_booking.refresh_from_db()
    assert (paid_booking.start, paid_booking.status) == (soon, "confirmed")
    assert paid_booking.times_rescheduled == 1
    assert old_start in offered_slots(service=service, now=now)  # the old time is free again
    run_worker()
    (moved,) = [m for m in mail.outbox if "has moved" in m.subject]
    assert moved.to == ["maya@example.com"]
    assert "Sorry, a clash." in moved.body
    (attachment,) = [a for a in moved.attachments if a.filename == "appointment.ics"]
    (event,) = icalendar.Calendar.from_ical(attachment.content).walk("VEVENT")
    assert event.decoded("DTSTART") == soon
    assert str(event["UID"]).startswith(paid_booking.reference + "@")
    assert int(event["SEQUENCE"]) == 1


def test_the_client_herself_cannot_move_it_inside_the_notice(paid_booking, soon, now):
    with pytest.raises(services.PolicyRefused):
        services.booking_reschedule(booking=paid_booking, new_start=soon, now=now)


def test_another_client_cannot_touch_the_booking(client, other_client, paid_booking):
    client.force_login(other_client)

    assert client.get(f"/bookings/{paid_booking.reference}/reschedule/").status_code == 404
    assert client.post(f"/bookings/{paid_booking.reference}/cancel/").status_code == 404


def test_a_move_over_another_booking_is_refused_and_nothing_changes(
    desk, paid_booking, make_booking, other_client, service, soon
):
    make_booking(client=other_client, service=service, start=soon)
    before = (paid_booking.start, len(mail.outbox))

    response = desk.post(move_url(paid_booking), {"start": iso(soon)})

    assert response.status_code == 400
    assert "Nothing has been moved" in response.content.decode()
    paid_booking.refresh_from_db()
    assert (paid_booking.start, len(mail.outbox)) == before


def test_the_move_page_lists_free_times_on_her_clock_and_the_booking_page_links_it(
    desk, paid_booking, soon
):
    page = desk.get(move_url(paid_booking) + f"?day={soon.date().isoformat()}").content.decode()

    assert re.search(rf'value="{iso(soon)}"', page)
    change = desk.get(f"/admin/bookings/booking/{paid_booking.pk}/change/").content.decode()
    assert f'href="{move_url(paid_booking)}"' in change
    assert (
        'href="/admin/bookings/booking/book/"'
        in desk.get("/admin/bookings/booking/").content.decode()
    )


def test_the_book_page_takes_the_calendars_start_and_service(desk, free_service, service, soon):
    page = desk.get(f"{BOOK}?start={iso(soon)}&service={free_service.pk}").content.decode()

    assert re.search(rf'<input[^>]*value="{iso(soon)}"[^>]*checked', page)
    assert re.search(rf'<option value="{free_service.pk}" selected>', page)


def _queries(desk, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert desk.get(url).status_code == 200
    return len(queries)


def test_the_book_and_move_pages_cost_the_same_with_few_or_many_bookings_and_clients(
    desk, paid_booking, make_booking, make_user, service
):
    day = paid_booking.start.date().isoformat()
    book = f"{BOOK}?service={service.pk}&day={day}&q=example"
    move = f"{move_url(paid_booking)}?day={day}"
    few = (_queries(desk, book), _queries(desk, move))

    for number in range(12):
        person = make_user(f"client{number}@example.com", first_name=f"Client {number}")
        # Bookings on the day shown and on other days, three hours apart from each other
        # (soon + 4 hours overlapped the 10:00 session when the test ran just after midnight).
        for start in (
            paid_booking.start + timedelta(days=number + 1),
            paid_booking.start + timedelta(days=number, hours=3),
        ):
            make_booking(client=person, service=service, start=start)

    assert (_queries(desk, book), _queries(desk, move)) == few


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_desk_bookings_of_one_time_at_once_leave_exactly_one(
    make_user, practitioner, free_service, now
):
    start = (now + timedelta(days=3)).replace(hour=11, minute=0, second=0, microsecond=0)
    clients = [make_user() for _ in range(6)]

    results = race(
        lambda index: desk_booking_create(
            practitioner=practitioner,
            client=clients[index],
            service=free_service,
            start=start,
            now=now,
        ),
        len(clients),
    )

    kinds = sorted(type(result).__name__ for result in results)
    assert kinds.count("Booking") == 1, kinds
    assert set(kinds) == {"Booking", "SlotTaken"}, kinds
    assert Booking.objects.filter(status="confirmed").count() == 1


@pytest.mark.parametrize("object_id", ["abc", "12a", "99999999999999999999999"])
def test_a_move_page_for_an_id_no_booking_could_have_is_not_found(desk, object_id):
    assert desk.get(f"/admin/bookings/booking/{object_id}/move/").status_code == 404
