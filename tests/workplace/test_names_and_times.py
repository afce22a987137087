"""Her clients by name, with their e-mail addresses beside (dashboard, calendar, booking list),
and one clock in the admin: "09:30", never "9:30 a.m."."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/bookings/booking/"
TWELVE_HOUR = re.compile(r"\d\s?(a\.m\.|p\.m\.|am\b|pm\b|AM\b|PM\b)")


@pytest.fixture
def nina(make_user):
    return make_user("nina.okafor@example.com", first_name="Nina", last_name="")


def test_the_dashboard_names_each_client_beside_her_email(
    desk, make_booking, nina, make_user, service, now
):
    make_booking(client=nina, service=service, start=now + timedelta(days=2))
    make_booking(
        client=make_user("quiet@example.com", first_name="", last_name=""),
        service=service,
        start=now + timedelta(days=3),
    )
    make_booking(client=nina, service=service, start=now + timedelta(days=4), status="held")
    make_booking(client=nina, service=service, start=now + timedelta(days=5), status="cancelled")

    page = desk.get(reverse("admin:index")).content.decode()

    pair = (
        '<span class="qh-client-name">Nina</span> '
        '<span class="qh-client-email">nina.okafor@example.com</span>'
    )
    # The next seven days, the holds and the cancellations.
    assert page.count(pair) == 4
    assert '<span class="qh-client-email">quiet@example.com</span>' in page


def test_the_calendar_names_the_client_beside_her_email(desk, make_booking, nina, service, london):
    booking = make_booking(client=nina, service=service, start=london("2026-05-06", 10))

    page = desk.get(reverse("admin:bookings_booking_calendar"), {"date": "2026-05-06"})

    text = page.content.decode()
    start = text.index(f'data-booking="{booking.reference}"')
    block = text[start : text.index("</a>", start)]
    assert 'title="Nina">Nina</span>' in block
    assert 'title="nina.okafor@example.com">nina.okafor@example.com</span>' in block


def test_the_booking_list_has_the_clients_name_and_email_in_columns_of_their_own(
    desk, make_booking, nina, make_user, service, london
):
    make_booking(client=nina, service=service, start=london("2026-05-06", 10))
    make_booking(
        client=make_user("quiet@example.com", first_name="", last_name=""),
        service=service,
        start=london("2026-05-07", 10),
    )

    page = desk.get(CHANGELIST).content.decode()

    assert '<th scope="col" class="sortable column-client_name">' in page
    assert '<td class="field-client_name">Nina</td>' in page
    assert '<td class="field-client_email">nina.okafor@example.com</td>' in page
    assert '<td class="field-client_name">(no name given)</td>' in page


def test_a_bookings_page_and_the_list_read_the_24_hour_clock_in_her_zone(
    desk, make_booking, client_user, service, london
):
    # 09:30 in London in July is 08:30 UTC; 14:30 reads "14:30", not "2:30 p.m.".
    morning = make_booking(client=client_user, service=service, start=london("2026-07-06", 9, 30))
    make_booking(client=client_user, service=service, start=london("2026-07-07", 14, 30))

    change = desk.get(reverse("admin:bookings_booking_change", args=[morning.pk]))
    listed = desk.get(CHANGELIST)

    page = change.content.decode()
    assert "6 Jul 2026, 09:30" in page  # start, a read-only field
    assert "6 Jul 2026, 10:30" in page  # end
    assert TWELVE_HOUR.findall(page) == []
    listing = listed.content.decode()
    assert "Mon 6 Jul 2026, 09:30" in listing
    assert "Tue 7 Jul 2026, 14:30" in listing
    assert TWELVE_HOUR.findall(listing) == []


def test_time_off_typed_as_hours_and_minutes_is_accepted_and_shown_without_seconds(
    desk, practitioner, london
):
    from bookings.models import TimeOff

    response = desk.post(
        reverse("admin:bookings_timeoff_add"),
        {
            "practitioner": practitioner.pk,
            "start_0": "06/07/2026",
            "start_1": "09:30",
            "end_0": "06/07/2026",
            "end_1": "12:00",
            "reason": "",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    time_off = TimeOff.objects.get()
    assert time_off.start == london("2026-07-06", 9, 30)
    page = desk.get(reverse("admin:bookings_timeoff_change", args=[time_off.pk])).content.decode()
    assert 'name="start_1" value="09:30"' in page
