"""Blocking time from the calendar: time off, and a decision about the sessions it covers."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from bookings.models import Booking, TimeOff
from bookings.selectors import offered_slots
from bookings.slots import wall_clock_to_utc
from payments.models import Refund

pytestmark = pytest.mark.django_db

BLOCK = "/admin/bookings/booking/calendar/block/"
LONDON = ZoneInfo("Europe/London")


def local(moment: datetime) -> str:
    """A UTC instant as the form's datetime-local value in London."""
    return moment.astimezone(LONDON).strftime("%Y-%m-%dT%H:%M")


def test_blocking_free_time_creates_time_off_in_her_zone_and_clients_cannot_book_it(
    desk, practitioner, service, london, now
):
    day = (now + timedelta(days=10)).astimezone(LONDON).date()
    response = desk.post(
        BLOCK, {"start": f"{day}T09:00", "end": f"{day}T17:00", "reason": "Training"}
    )

    time_off = TimeOff.objects.get()
    assert (time_off.start, time_off.end) == (
        london(day.isoformat(), 9),
        london(day.isoformat(), 17),
    )
    assert (time_off.practitioner, time_off.reason) == (practitioner, "Training")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/bookings/booking/calendar/?date={day.isoformat()}"
    offered = offered_slots(service=service, now=now)
    assert not [s for s in offered if time_off.start <= s < time_off.end]
    assert [s for s in offered if s.date() == time_off.start.date()] == []


def test_a_summer_time_is_read_on_her_clock_not_utc(desk, london):
    desk.post(BLOCK, {"start": "2026-07-01T09:00", "end": "2026-07-01T10:30"})

    time_off = TimeOff.objects.get()
    assert time_off.start == datetime(2026, 7, 1, 8, 0, tzinfo=UTC)
    assert time_off.end == datetime(2026, 7, 1, 9, 30, tzinfo=UTC)


def test_a_time_the_clocks_repeat_is_read_as_the_slot_engine_reads_it(desk):
    # 25 October 2026: London's clocks show 01:00-02:00 twice. One conversion for both.
    desk.post(BLOCK, {"start": "2026-10-25T01:30", "end": "2026-10-25T02:30"})

    time_off = TimeOff.objects.get()
    day = time_off.start.astimezone(LONDON).date()
    assert time_off.start == wall_clock_to_utc(day, time(1, 30), LONDON)
    assert time_off.start == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # its first pass, BST
    assert time_off.end == datetime(2026, 10, 25, 2, 30, tzinfo=UTC)


def test_overlapping_sessions_are_listed_and_nothing_is_written_without_a_choice(
    desk, paid_booking, refund_requests, mailoutbox
):
    response = desk.post(
        BLOCK,
        {
            "start": local(paid_booking.start - timedelta(hours=1)),
            "end": local(paid_booking.end + timedelta(hours=1)),
        },
    )

    assert response.status_code == 200
    text = response.content.decode()
    assert "1 session already booked in this time" in text
    assert f'data-booking="{paid_booking.reference}"' in text
    assert "Maya Jones" in text
    assert "cancel this session and tell the client" in text
    assert "keep this session" in text
    assert TimeOff.objects.count() == 0
    paid_booking.refresh_from_db()
    assert paid_booking.status == Booking.Status.CONFIRMED
    assert refund_requests() == []
    assert mailoutbox == []


def test_keeping_the_sessions_blocks_the_time_and_leaves_them_booked(
    desk, paid_booking, refund_requests
):
    response = desk.post(
        BLOCK,
        {
            "start": local(paid_booking.start - timedelta(hours=1)),
            "end": local(paid_booking.end + timedelta(hours=1)),
            "overlap": "keep",
            "seen": [paid_booking.reference],
        },
        follow=True,
    )

    assert TimeOff.objects.count() == 1
    paid_booking.refresh_from_db()
    assert paid_booking.status == Booking.Status.CONFIRMED
    assert refund_requests() == []
    messages = [str(m) for m in response.context["messages"]]
    assert "You kept 1 session inside this time: they still take place." in messages


@pytest.mark.django_db(transaction=True)  # the task worker needs real commits
def test_cancelling_the_sessions_refunds_them_and_tells_the_clients(
    desk, paid_booking, refunds_api_succeeding, refund_requests, run_worker, mailoutbox
):
    desk.post(
        BLOCK,
        {
            "start": local(paid_booking.start),
            "end": local(paid_booking.end),
            "reason": "Family emergency",
            "overlap": "cancel",
            "seen": [paid_booking.reference],
        },
    )
    run_worker()

    assert TimeOff.objects.get().reason == "Family emergency"
    paid_booking.refresh_from_db()
    assert (paid_booking.status, paid_booking.cancelled_by) == ("cancelled", "practitioner")
    [(sent, _key)] = refund_requests()
    assert sent["amount"] == "9500"
    assert Refund.objects.get().status == Refund.Status.SUCCEEDED
    to_client = [m for m in mailoutbox if m.to == ["maya@example.com"]]
    assert len(to_client) == 1
    assert "is cancelled" in to_client[0].subject


def test_a_session_booked_since_the_warning_is_shown_before_anything_is_written(
    desk, paid_booking, make_booking, make_user, service, refund_requests
):
    newcomer = make_booking(
        client=make_user("new@example.com", first_name="Nora", last_name="New"),
        service=service,
        start=paid_booking.start + timedelta(hours=2),
    )

    response = desk.post(
        BLOCK,
        {
            "start": local(paid_booking.start),
            "end": local(newcomer.end),
            "overlap": "cancel",
            "seen": [paid_booking.reference],  # what she saw before Nora booked
        },
    )

    assert response.status_code == 200
    assert "2 sessions already booked in this time" in response.content.decode()
    assert "Nora New" in response.content.decode()
    assert TimeOff.objects.count() == 0
    assert set(Booking.objects.values_list("status", flat=True)) == {"confirmed"}
    assert refund_requests() == []


def test_time_off_next_to_a_session_does_not_count_as_overlapping(desk, paid_booking):
    desk.post(
        BLOCK,
        {"start": local(paid_booking.end), "end": local(paid_booking.end + timedelta(hours=3))},
    )

    assert TimeOff.objects.count() == 1


@pytest.mark.parametrize(
    ("start", "end", "error"),
    [
        ("2026-07-01T10:00", "2026-07-01T09:00", "The end must come after the start."),
        ("2026-07-01T10:00", "2026-07-01T10:00", "The end must come after the start."),
        ("2026-03-29T01:30", "2026-03-29T03:00", "The clocks go forward at that time"),
        ("tomorrow", "2026-07-01T09:00", "Enter a valid date/time."),
        ("0001-01-01T00:00", "2026-07-01T09:00", "Enter a valid date/time."),
    ],
)
def test_times_that_cannot_be_blocked_are_explained(desk, practitioner, start, end, error):
    response = desk.post(BLOCK, {"start": start, "end": end})

    assert response.status_code == 200
    assert error in response.content.decode()
    assert TimeOff.objects.count() == 0


def test_the_form_starts_on_the_day_chosen_in_the_calendar(desk, practitioner):
    calendar = desk.get(reverse("admin:bookings_booking_calendar"), {"date": "2026-07-01"})
    response = desk.get(calendar.context["block_url"])

    text = response.content.decode()
    assert 'value="2026-07-01T09:00"' in text
    assert 'value="2026-07-01T17:00"' in text
    assert reverse("admin:bookings_booking_calendar") in text
