"""The practitioner's private calendar feed, /calendar/<token>.ics."""

from datetime import timedelta

import icalendar
import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def feed_url(practitioner) -> str:
    return f"/calendar/{practitioner.calendar_token}.ics"


@pytest.fixture
def bookings(make_booking, client_user, make_user, service, now):
    others = [make_user(f"c{n}@example.com", first_name=f"Client{n}") for n in range(4)]
    day = (now + timedelta(days=5)).replace(hour=9, minute=0, second=0)
    return {
        "confirmed": make_booking(client=client_user, service=service, start=day),
        "held": make_booking(
            client=others[0], service=service, start=day + timedelta(hours=2), status="held"
        ),
        "cancelled": make_booking(
            client=others[1], service=service, start=day + timedelta(hours=4), status="cancelled"
        ),
        "completed": make_booking(
            client=others[2], service=service, start=now - timedelta(days=3), status="completed"
        ),
        "expired": make_booking(
            client=others[3], service=service, start=day + timedelta(hours=6), status="expired"
        ),
    }


def test_the_feed_parses_and_holds_only_confirmed_sessions(client, practitioner, bookings):
    response = client.get(feed_url(practitioner))

    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["VERSION"]) == "2.0"
    assert "Quiet Harbour" in str(calendar["PRODID"])
    assert str(calendar["X-WR-CALNAME"]).endswith("sessions")
    events = calendar.walk("VEVENT")
    confirmed = bookings["confirmed"]
    assert [str(event["UID"]) for event in events] == [
        f"{confirmed.reference}@quietharbour.example"
    ]
    [event] = events
    assert event.decoded("DTSTART") == confirmed.start
    assert f"DTSTART:{confirmed.start:%Y%m%dT%H%M%S}Z" in response.content.decode()  # UTC
    assert event.decoded("DTEND") == confirmed.end
    assert "DTSTAMP" in event


def test_event_titles_are_neutral(client, practitioner, bookings):
    calendar = icalendar.Calendar.from_ical(client.get(feed_url(practitioner)).content)

    [event] = calendar.walk("VEVENT")
    text = " ".join(str(event.get(name, "")) for name in ("SUMMARY", "DESCRIPTION", "LOCATION"))
    assert str(event["SUMMARY"]) == f"Client session ({bookings['confirmed'].reference})"
    for private in ("Maya", "Jones", "maya@example.com", "Hypnotherapy", "hypnotherapy"):
        assert private not in text
    assert reverse("admin:bookings_booking_change", args=[bookings["confirmed"].pk]) in str(
        event["URL"]
    )


def test_the_feed_says_what_it_is_and_is_cached_privately_for_five_minutes(
    client, practitioner, bookings
):
    response = client.get(feed_url(practitioner))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, max-age=300"


@pytest.mark.parametrize(
    "token",
    ["wrong", "", "a" * 43],
)
def test_a_wrong_token_is_a_404(client, practitioner, token):
    assert client.get(f"/calendar/{token}.ics").status_code == 404


def test_a_prefix_of_the_token_is_a_404(client, practitioner):
    assert client.get(f"/calendar/{practitioner.calendar_token[:-1]}.ics").status_code == 404


def test_each_practitioner_gets_an_unguessable_token_of_their_own(practitioner, make_user):
    from tests.factories import PractitionerFactory

    other = PractitionerFactory(
        user=make_user("ben@example.com", is_staff=True), display_name="Ben"
    )

    assert practitioner.calendar_token != other.calendar_token
    assert len(practitioner.calendar_token) >= 43  # 32 random bytes, URL-safe


def test_a_new_address_from_the_practitioner_page_makes_the_old_one_404(
    desk, client, practitioner, bookings
):
    old_url = feed_url(practitioner)
    renew = reverse("admin:bookings_practitioner_renew_calendar", args=[practitioner.pk])
    page = desk.get(reverse("admin:bookings_practitioner_change", args=[practitioner.pk]))
    assert old_url in page.content.decode()
    assert renew in page.content.decode()

    assert desk.get(renew).status_code == 200  # the confirmation step changes nothing
    assert client.get(old_url).status_code == 200
    desk.post(renew)

    practitioner.refresh_from_db()
    assert client.get(old_url).status_code == 404
    assert client.get(feed_url(practitioner)).status_code == 200


def test_the_admin_action_also_makes_a_new_address(desk, client, practitioner):
    old_url = feed_url(practitioner)

    desk.post(
        reverse("admin:bookings_practitioner_changelist"),
        {"action": "new_calendar_address", "_selected_action": [practitioner.pk]},
    )

    practitioner.refresh_from_db()
    assert client.get(old_url).status_code == 404
    assert client.get(feed_url(practitioner)).status_code == 200


def test_the_feed_costs_the_same_queries_for_one_session_or_forty(
    client, practitioner, make_booking, make_user, service, now, django_assert_max_num_queries
):
    start = (now + timedelta(days=2)).replace(hour=0, minute=0, second=0)
    for number in range(40):
        make_booking(
            client=make_user(f"feed{number}@example.com"),
            service=service,
            start=start + timedelta(minutes=90 * number),
        )

    with django_assert_max_num_queries(3):  # the practitioner, the bookings, the practice name
        response = client.get(feed_url(practitioner))
    assert len(icalendar.Calendar.from_ical(response.content).walk("VEVENT")) == 40


def test_a_session_is_one_event_in_the_feed_and_in_the_clients_calendar_file(
    client, practitioner, bookings
):
    from bookings.notifications import calendar_file, calendar_uid

    confirmed = bookings["confirmed"]
    feed = icalendar.Calendar.from_ical(client.get(feed_url(practitioner)).content)
    sent = icalendar.Calendar.from_ical(calendar_file(confirmed, title="Your session"))

    [in_feed] = feed.walk("VEVENT")
    [in_email] = sent.walk("VEVENT")
    assert str(in_feed["UID"]) == str(in_email["UID"]) == calendar_uid(confirmed)
    assert calendar_uid(confirmed) == f"{confirmed.reference}@quietharbour.example"
