"""Booking pages through the Django test client: flow, access, CSRF, bad input, query counts."""

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bookings.models import Booking
from bookings.selectors import offered_slots
from bookings.timezones import clock_time, when
from practice.zones import zone_label
from tests.factories import booking_times

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")
# Zones as pages name them; the offset depends on the date the tests run.
NEW_YORK_LABEL = r"New York \(Eastern Time, UTC\N{MINUS SIGN}[45]\)"
LONDON_LABEL = r"London \(United Kingdom, UTC(\+1)?\)"
BOOKING_URLS = ["", "confirm/", "extend/", "cancel/", "reschedule/"]


def slot_values(response) -> list[str]:
    return re.findall(r'name="start" value="([^"]+)"', response.content.decode())


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def iso(value: str):
    return timezone.datetime.fromisoformat(value)


@pytest.fixture
def upcoming(make_booking, client_user, service):
    """A confirmed paid booking five days ahead (outside the 48-hour window)."""
    start = (timezone.now() + timedelta(days=5)).replace(hour=10, minute=0, second=0, microsecond=0)
    return make_booking(client=client_user, service=service, start=start)


# Public pages -----------------------------------------------------------------------------


def test_services_page_lists_active_services_with_prices(client, service, free_service):
    free_service.active = False
    free_service.save()
    response = client.get("/services/")
    assert response.status_code == 200
    assert "Hypnotherapy" in text(response)
    assert "£95" in text(response)
    assert "Free discovery call" not in text(response)


def test_service_page_shows_what_to_expect(client, service):
    response = client.get(f"/services/{service.slug}/")
    assert response.status_code == 200
    assert '<h2 id="what-happens">What happens</h2>' in response.content.decode()
    assert f'href="/book/{service.slug}/"' in response.content.decode()


@pytest.mark.parametrize("path", ["/services/nope/", "/book/nope/"])
def test_unknown_services_are_404(client, service, path):
    assert client.get(path).status_code == 404


def test_inactive_service_cannot_be_booked(client, service):
    service.active = False
    service.save()
    assert client.get(f"/book/{service.slug}/").status_code == 404
    assert client.get(f"/services/{service.slug}/").status_code == 404


def test_book_page_offers_each_service(client, service, free_service):
    response = client.get("/book/")
    assert f'href="/book/{service.slug}/"' in response.content.decode()
    assert f'href="/book/{free_service.slug}/"' in response.content.decode()


def test_home_page_lists_the_services(client, service, practice_details):
    response = client.get("/")
    assert "Hypnotherapy" in text(response)
    assert "£95" in text(response)


# Choosing a time --------------------------------------------------------------------------


def test_slot_page_shows_times_in_the_chosen_zone_and_names_it(client, service):
    response = client.get(f"/book/{service.slug}/?tz=America/New_York")
    assert response.status_code == 200
    assert re.search(f"Times are shown in <strong>{NEW_YORK_LABEL}</strong>.", text(response))
    values = slot_values(response)
    assert values
    first = timezone.datetime.fromisoformat(values[0]).astimezone(NEW_YORK)
    assert f'value="{values[0]}" aria-describedby="times-title">{clock_time(first)}<' in (
        response.content.decode()
    )
    # The choice goes on with the links (an anonymous page writes no session: it is cached).
    day_link = re.findall(r'class="day-link" href="([^"]+)"', response.content.decode())[1]
    again = client.get(day_link.replace("&amp;", "&"))
    assert re.search(NEW_YORK_LABEL, text(again))
    assert "client_time_zone" not in client.session


def test_slot_page_without_a_known_zone_uses_the_practice_zone(client, service):
    response = client.get(f"/book/{service.slug}/")
    assert re.search(f"Times are shown in <strong>{LONDON_LABEL}</strong>.", text(response))
    assert 'data-zone-known="false"' in response.content.decode()


def test_slot_page_zone_picker_is_grouped_by_region_with_her_zone_chosen(client, service):
    page = client.get(f"/book/{service.slug}/?tz=America/New_York").content.decode()

    picker = page[page.index('<select class="form-select" id="zone-select"') :]
    picker = picker[: picker.index("</select>")]
    groups = re.findall(r'<optgroup label="([^"]+)">', picker)
    assert groups == [
        "Europe",
        "Americas",
        "Asia",
        "Australia &amp; Pacific",
        "Africa",
        "Atlantic",
        "Indian",
    ]
    chosen = re.findall(r'<option value="([^"]+)"[^>]* selected>([^<]+)<', picker)
    assert len(chosen) == 1
    assert chosen[0][0] == "America/New_York"
    assert re.fullmatch(
        r"New York \(Eastern Time\) \N{EM DASH} \d{1,2}:\d\d [ap]m, UTC\N{MINUS SIGN}[45]",
        chosen[0][1],
    )
    americas = picker[picker.index('label="Americas"') : picker.index('label="Asia"')]
    assert 'value="America/New_York"' in americas
    # The browser's guess may be an old name: the place's option says so.
    assert re.search(r'value="Asia/Kolkata" data-aliases="[^"]*Asia/Calcutta', picker)
    assert 'value="Asia/Calcutta"' not in picker
    # The search box is there for the script to show; without it the list works alone.
    assert '<input class="form-control" type="search" id="zone-search"' in page
    assert "/static/js/zone-search" in page


def test_slot_page_lists_a_week_of_days_and_the_chosen_days_times(client, service):
    response = client.get(f"/book/{service.slug}/?tz=Europe/London")
    days = re.findall(
        r'class="day-link" href="[^"?]+\?day=(\d{4}-\d{2}-\d{2})&amp;tz=Europe%2FLondon"',
        text(response),
    )
    assert len(days) == 7
    chosen = client.get(f"/book/{service.slug}/?day={days[3]}")
    values = slot_values(chosen)
    assert values
    assert all(
        timezone.datetime.fromisoformat(v).astimezone(ZoneInfo("Europe/London")).date().isoformat()
        == days[3]
        for v in values
    )
    assert 'aria-current="true"' in chosen.content.decode()
    assert "Later days" in text(chosen)


def test_slot_page_shows_the_days_and_times_first_each_day_a_short_chip_with_its_full_name(
    client, service
):
    page = client.get(f"/book/{service.slug}/?tz=America/New_York").content.decode()

    # On a phone the strip of days and the chosen day's times come first; the zone form after.
    days, times, zone_form = (
        page.index(marker)
        for marker in ('data-slot-part="days"', 'data-slot-part="times"', 'id="zone-form"')
    )
    assert days < times < zone_form
    # The times still say their zone, right above them.
    assert re.search(
        rf'<p id="times-hint" class="meta">Choose a time. Times are in {NEW_YORK_LABEL}\.</p>',
        page,
    )
    # A chip shows "Sun 6 Dec" and "15 times"; its name is the day's full name and the count.
    chips = re.findall(r'<a class="day-link" href="[^"]+"(?: aria-current="true")?>(.*?)</a>', page)
    assert len(chips) == 7
    assert re.fullmatch(
        r'<span class="day-name">'
        r'<span aria-hidden="true">[A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2}</span>'
        r'<span class="visually-hidden">[A-Z][a-z]+day \d{1,2} [A-Z][a-z]+,</span></span> '
        r'<span class="day-count">\d+ times?</span>',
        chips[0],
    )
    # What static/js/slot-picker.js needs: the heading focus moves to, and the script.
    assert '<h2 id="times-title" tabindex="-1">' in page
    assert page.count("/static/js/slot-picker") == 1


def test_another_days_page_has_the_parts_the_picker_script_swaps_in_with_that_day(client, service):
    first = client.get(f"/book/{service.slug}/?tz=Europe/London").content.decode()
    href = re.findall(r'class="day-link" href="([^"]+)"', first)[2].replace("&amp;", "&")
    day = parse_qs(urlsplit(href).query)["day"][0]

    page = client.get(href).content.decode()

    chosen = re.search(r'class="day-link" href="([^"]+)" aria-current="true"', page)
    assert chosen.group(1).replace("&amp;", "&") == href
    times = page[page.index('data-slot-part="times"') :]
    assert re.search(r'<h2 id="times-title" tabindex="-1">\w+day \d', times)
    # The zone form takes the day along: changing the zone keeps the day she chose.
    assert (
        f'<div data-slot-part="zone-keep"><input type="hidden" name="day" value="{day}"></div>'
        in page
    )


@pytest.mark.parametrize(
    "query", ["?day=2026-13-45", "?day=nonsense", "?tz=Not/AZone", "?tz=", "?start=x", "?start="]
)
def test_bad_query_values_never_break_the_slot_page(client, service, query):
    assert client.get(f"/book/{service.slug}/{query}").status_code == 200


def test_choosing_a_time_holds_it_and_shows_the_booking(signed_in, service, client_user):
    start = slot_values(signed_in.get(f"/book/{service.slug}/?tz=America/New_York"))[0]
    response = signed_in.post(f"/book/{service.slug}/", {"start": start})

    booking = Booking.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/bookings/{booking.reference}/"
    assert (booking.client, booking.status) == (client_user, "held")
    assert booking.client_time_zone == "America/New_York"

    page = signed_in.get(response["Location"])
    held_until = clock_time(booking.hold_expires_at.astimezone(NEW_YORK))
    assert re.search(f"until <strong>{held_until}</strong>.", text(page))
    assert re.search(f"</strong> to [^,]+, {NEW_YORK_LABEL}</p>", text(page))
    assert f'action="/bookings/{booking.reference}/pay/"' in page.content.decode()
    assert "Continue to payment" in text(page)
    assert "Keep this time for 30 more minutes" in text(page)


def test_the_list_of_times_may_be_indexed_but_one_chosen_time_may_not(signed_in, service):
    start = slot_values(signed_in.get(f"/book/{service.slug}/"))[0]

    listing = signed_in.get(f"/book/{service.slug}/").content.decode()
    chosen = signed_in.get(f"/book/{service.slug}/", {"start": start}).content.decode()

    assert 'name="robots"' not in listing
    assert '<meta name="robots" content="noindex">' in chosen


def test_the_zone_a_client_books_in_is_remembered_on_their_profile(signed_in, service, client_user):
    start = slot_values(signed_in.get(f"/book/{service.slug}/?tz=America/New_York"))[0]
    signed_in.post(f"/book/{service.slug}/", {"start": start})

    client_user.refresh_from_db()
    assert client_user.profile.time_zone == "America/New_York"
    # A new visit (a fresh session) starts from the profile's zone.
    fresh = Client()
    fresh.force_login(client_user)
    assert re.search(NEW_YORK_LABEL, text(fresh.get(f"/book/{service.slug}/")))


def test_a_taken_time_says_so_and_offers_the_nearest_free_times(signed_in, service, other_client):
    # A full day three days ahead: late in the day, the first day offered has fewer than three.
    day = (timezone.now() + timedelta(days=3)).astimezone(NEW_YORK).date().isoformat()
    values = slot_values(
        signed_in.get(f"/book/{service.slug}/", {"tz": "America/New_York", "day": day})
    )
    other = Client()
    other.force_login(other_client)
    assert other.post(f"/book/{service.slug}/", {"start": values[2]}).status_code == 302

    response = signed_in.post(f"/book/{service.slug}/", {"start": values[2]})

    assert response.status_code == 409
    assert "Sorry — this time was just taken." in text(response)
    alternatives = slot_values(response)
    assert len(alternatives) == 3
    assert values[2] not in alternatives
    assert Booking.objects.count() == 1


@pytest.mark.parametrize(
    "start",
    [
        "",
        "tomorrow",
        "2026-03-03T09:00:00",
        "9" * 500,
        "2026-02-30T09:00:00Z",
        "0001-01-01T00:00:00+05:00",
        "9999-12-31T23:59:59Z",
    ],
)
def test_a_bad_slot_value_is_a_message_not_an_error(signed_in, service, start):
    response = signed_in.post(f"/book/{service.slug}/", {"start": start}, follow=True)
    assert response.status_code == 200
    assert "Please choose one of the times below." in text(response)
    assert not Booking.objects.exists()


def test_a_time_that_is_not_offered_is_refused_kindly(signed_in, service):
    response = signed_in.post(f"/book/{service.slug}/", {"start": "2020-01-01T09:00:00Z"})
    assert response.status_code == 409
    assert "that time is not available" in text(response)


# A booking's own pages --------------------------------------------------------------------


def test_confirming_a_free_booking(signed_in, free_service):
    start = slot_values(signed_in.get(f"/book/{free_service.slug}/"))[0]
    signed_in.post(f"/book/{free_service.slug}/", {"start": start})
    booking = Booking.objects.get()
    page = signed_in.get(booking.get_absolute_url())
    assert "Confirm booking" in text(page)
    assert "Continue to payment" not in text(page)

    response = signed_in.post(f"{booking.get_absolute_url()}confirm/", follow=True)

    booking.refresh_from_db()
    assert booking.status == "confirmed"
    assert "Your booking is confirmed" in text(response)
    assert "Joining your session" in text(response)


def test_a_paid_booking_is_not_confirmed_without_payment(signed_in, service):
    start = slot_values(signed_in.get(f"/book/{service.slug}/"))[0]
    signed_in.post(f"/book/{service.slug}/", {"start": start})
    booking = Booking.objects.get()
    response = signed_in.post(f"{booking.get_absolute_url()}confirm/", follow=True)
    booking.refresh_from_db()
    assert booking.status == "held"
    assert "confirmed once it is paid for" in text(response)


def test_extending_a_hold_from_its_page(signed_in, service):
    start = slot_values(signed_in.get(f"/book/{service.slug}/"))[0]
    signed_in.post(f"/book/{service.slug}/", {"start": start})
    booking = Booking.objects.get()
    Booking.objects.filter(pk=booking.pk).update(
        hold_expires_at=timezone.now() + timedelta(minutes=2)
    )
    response = signed_in.post(f"{booking.get_absolute_url()}extend/", follow=True)
    booking.refresh_from_db()
    assert booking.hold_expires_at > timezone.now() + timedelta(minutes=29)
    assert "held for you for another 30 minutes" in text(response)


def test_every_page_and_message_says_the_hold_length_the_setting_gives(
    signed_in, service, settings
):
    settings.BOOKING_HOLD_MINUTES = 45
    start = slot_values(signed_in.get(f"/book/{service.slug}/"))[0]
    chosen = text(signed_in.get(f"/book/{service.slug}/", {"start": start}))
    signed_in.post(f"/book/{service.slug}/", {"start": start})
    booking = Booking.objects.get()
    held = text(signed_in.get(booking.get_absolute_url()))
    Booking.objects.filter(pk=booking.pk).update(status="expired")
    ran_out = text(signed_in.get(booking.get_absolute_url()))
    extended = text(signed_in.post(f"{booking.get_absolute_url()}extend/", follow=True))

    booking.refresh_from_db()
    assert booking.hold_expires_at > timezone.now() + timedelta(minutes=44)
    assert "We hold it for you for 45 minutes while you finish and pay." in chosen
    assert "Keep this time for 45 more minutes" in held
    assert "Holds last 45 minutes." in ran_out
    assert "held for you for another 45 minutes" in extended


def test_a_hold_that_ran_out_offers_to_hold_the_time_again(
    signed_in, service, make_booking, client_user
):
    start = timezone.now() + timedelta(days=3)
    booking = make_booking(client=client_user, service=service, start=start, status="expired")
    page = signed_in.get(booking.get_absolute_url())
    assert "Your hold has ended" in text(page)
    assert "Hold this time again" in text(page)


def test_a_paid_session_inside_the_notice_window_is_flagged_before_payment(signed_in, service):
    soon = timezone.now() + timedelta(hours=48)
    start = next(v for v in slot_values(signed_in.get(f"/book/{service.slug}/")) if iso(v) < soon)
    booking_url = signed_in.post(f"/book/{service.slug}/", {"start": start})["Location"]

    page = text(signed_in.get(booking_url))

    warning = (
        "Please note: it starts in less than 48 hours, so once it is booked it can't be moved, "
        "and cancelling it gives no refund."
    )
    assert warning in page
    assert page.index(warning) < page.index("Continue to payment")


def test_a_paid_session_in_good_time_says_how_it_can_be_changed_before_payment(
    signed_in, service, client_user, make_booking
):
    booking = make_booking(
        client=client_user,
        service=service,
        start=(timezone.now() + timedelta(days=6)).replace(hour=10, minute=0, second=0),
        status="held",
        hold_expires_at=timezone.now() + timedelta(minutes=20),
    )
    page = text(signed_in.get(booking.get_absolute_url()))
    assert (
        "Once it is booked, you can move it, or cancel it with a full refund, up to 48 hours "
        "before it starts. After that it can't be moved, and cancelling gives no refund."
    ) in page


def test_the_move_picker_offers_no_time_inside_the_notice_window_nor_the_current_one(
    signed_in, upcoming
):
    url = f"{upcoming.get_absolute_url()}reschedule/"
    first_day = slot_values(signed_in.get(url))
    assert first_day
    assert all(iso(value) >= timezone.now() + timedelta(hours=48) for value in first_day)

    day = upcoming.start.astimezone(ZoneInfo("Europe/London")).date().isoformat()
    same_day = slot_values(signed_in.get(url, {"day": day}))
    assert same_day
    assert upcoming.start not in [iso(value) for value in same_day]


def test_moving_into_the_notice_window_is_refused_kindly(signed_in, upcoming, service):
    soon = next(
        start
        for start in offered_slots(service=service, now=timezone.now())
        if start < timezone.now() + timedelta(hours=47)
    )
    response = signed_in.post(
        f"{upcoming.get_absolute_url()}reschedule/", {"start": soon.isoformat()}
    )
    assert response.status_code == 409
    assert "can only be moved to a time at least 48 hours from now" in text(response)
    start = upcoming.start
    upcoming.refresh_from_db()
    assert upcoming.start == start


def test_going_back_to_the_time_she_holds_takes_her_to_her_hold(signed_in, service):
    start = slot_values(signed_in.get(f"/book/{service.slug}/"))[0]
    booking_url = signed_in.post(f"/book/{service.slug}/", {"start": start})["Location"]

    # The Back button: the "Confirm this time" page of the time she now holds.
    back = signed_in.get(f"/book/{service.slug}/", {"start": start}, follow=True)

    assert back.redirect_chain == [(booking_url, 302)]
    assert "Your time is held" in text(back)
    assert "You are holding this time already" in text(back)
    assert "no longer available" not in text(back)


def test_holding_her_held_time_from_a_second_tab_takes_her_to_her_hold(signed_in, service):
    start = slot_values(signed_in.get(f"/book/{service.slug}/"))[0]
    first = signed_in.post(f"/book/{service.slug}/", {"start": start})

    second = signed_in.post(f"/book/{service.slug}/", {"start": start}, follow=True)

    assert second.redirect_chain == [(first["Location"], 302)]
    assert "You are holding this time already" in text(second)
    assert "just taken" not in text(second)
    assert Booking.objects.count() == 1


def test_holding_another_time_of_the_same_service_releases_the_first_and_says_so(
    signed_in, service
):
    # A full day three days ahead: late in the day, the first day offered has fewer than four.
    day = (timezone.now() + timedelta(days=3)).astimezone(NEW_YORK).date().isoformat()
    values = slot_values(
        signed_in.get(f"/book/{service.slug}/", {"tz": "America/New_York", "day": day})
    )
    signed_in.post(f"/book/{service.slug}/", {"start": values[0]})
    first = Booking.objects.get()

    confirm = text(signed_in.get(f"/book/{service.slug}/", {"start": values[3]}))
    label = zone_label("America/New_York", at=first.start)
    assert f"You are holding {when(first.start, NEW_YORK)} ({label})" in confirm
    assert "you can hold one time per session, so that releases the first" in confirm

    response = signed_in.post(f"/book/{service.slug}/", {"start": values[3]}, follow=True)

    first.refresh_from_db()
    assert first.status == "expired"
    assert Booking.objects.filter(status="held").count() == 1
    assert "your hold on" in text(response)
    assert "has been released and this time is held for you instead" in text(response)


def test_a_hold_that_ran_out_on_a_time_taken_since_does_not_offer_it_again(
    signed_in, service, make_booking, client_user, other_client
):
    start = (timezone.now() + timedelta(days=3)).replace(hour=11, minute=0, second=0)
    booking = make_booking(client=client_user, service=service, start=start, status="expired")
    make_booking(client=other_client, service=service, start=start, status="confirmed")

    page = text(signed_in.get(booking.get_absolute_url()))

    assert "Hold this time again" not in page
    assert "someone else has booked it since your hold ended" in page
    assert "Choose another time" in page


def test_once_a_hold_is_kept_as_long_as_allowed_the_page_says_so_kindly(
    signed_in, service, make_booking, client_user
):
    booking = make_booking(
        client=client_user,
        service=service,
        start=(timezone.now() + timedelta(days=3)).replace(hour=11, minute=0, second=0),
        status="held",
        hold_expires_at=timezone.now() + timedelta(minutes=20),
        hold_extensions=10,
    )
    page = text(signed_in.get(booking.get_absolute_url()))
    assert "Keep this time for 30 more minutes" not in page
    assert "kept for you for as long as we can hold a time" in page

    response = signed_in.post(f"{booking.get_absolute_url()}extend/", follow=True)

    assert "held for you for as long as we can hold a time" in text(response)
    booking.refresh_from_db()
    assert booking.hold_extensions == 10


def test_cancel_page_shows_a_full_refund_then_cancels(signed_in, upcoming):
    page = signed_in.get(f"{upcoming.get_absolute_url()}cancel/")
    assert "You'll be refunded £95 in full." in text(page)

    response = signed_in.post(
        f"{upcoming.get_absolute_url()}cancel/", {"reason": "Travelling"}, follow=True
    )
    upcoming.refresh_from_db()
    assert upcoming.status == "cancelled"
    assert upcoming.cancellation_reason == "Travelling"
    assert "This booking is cancelled" in text(response)


def test_cancel_page_inside_the_window_says_no_refund(signed_in, upcoming):
    Booking.objects.filter(pk=upcoming.pk).update(
        **booking_times(upcoming.service, timezone.now() + timedelta(hours=20))
    )
    page = signed_in.get(f"{upcoming.get_absolute_url()}cancel/")
    assert "This is within 48 hours of your session, so it can't be refunded." in text(page)
    detail = signed_in.get(upcoming.get_absolute_url())
    assert "can no longer be moved or refunded" in text(detail)
    reschedule = signed_in.get(f"{upcoming.get_absolute_url()}reschedule/")
    assert "can no longer be moved" in text(reschedule)
    assert not slot_values(reschedule)


def test_rescheduling_from_the_booking_page(signed_in, upcoming):
    page = signed_in.get(f"{upcoming.get_absolute_url()}reschedule/")
    values = slot_values(page)
    assert values
    new_start = values[-1]
    confirm = signed_in.get(f"{upcoming.get_absolute_url()}reschedule/", {"start": new_start})
    assert "Move my session" in text(confirm)

    response = signed_in.post(
        f"{upcoming.get_absolute_url()}reschedule/", {"start": new_start}, follow=True
    )

    upcoming.refresh_from_db()
    assert upcoming.start == timezone.datetime.fromisoformat(new_start)
    assert "Your booking has moved" in text(response)
    assert Booking.objects.count() == 1


def test_my_account_lists_upcoming_and_past_bookings(
    signed_in, upcoming, make_booking, client_user, free_service, other_client, service
):
    past = make_booking(
        client=client_user,
        service=free_service,
        start=timezone.now() - timedelta(days=10),
        status="completed",
    )
    make_booking(client=other_client, service=service, start=timezone.now() + timedelta(days=9))
    response = signed_in.get("/my/?tz=America/New_York")
    body = text(response)
    assert response.status_code == 200
    assert body.count('class="booking-when"') == 2
    assert upcoming.get_absolute_url() in body
    assert past.get_absolute_url() in body
    assert re.search(f"Times are shown in <strong>{NEW_YORK_LABEL}</strong>.", body)
    upcoming_label = timezone.localtime(upcoming.start, NEW_YORK)
    assert clock_time(upcoming_label) in body


# Access and CSRF --------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", BOOKING_URLS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_every_booking_url_is_404_for_another_client(
    client, other_client, upcoming, suffix, method
):
    client.force_login(other_client)
    response = getattr(client, method)(f"{upcoming.get_absolute_url()}{suffix}")
    assert response.status_code == 404
    upcoming.refresh_from_db()
    assert upcoming.status == "confirmed"


@pytest.mark.parametrize("suffix", BOOKING_URLS)
def test_every_booking_url_sends_anonymous_visitors_to_sign_in(client, upcoming, suffix):
    response = client.get(f"{upcoming.get_absolute_url()}{suffix}")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_my_account_needs_sign_in(client):
    response = client.get("/my/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("suffix", ["confirm/", "extend/"])
def test_state_changes_refuse_get(signed_in, upcoming, suffix):
    assert signed_in.get(f"{upcoming.get_absolute_url()}{suffix}").status_code == 405


@pytest.mark.parametrize("suffix", ["confirm/", "extend/", "cancel/", "reschedule/"])
def test_state_changes_need_a_csrf_token(client_user, upcoming, suffix):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(client_user)
    response = strict.post(f"{upcoming.get_absolute_url()}{suffix}", {"start": "x"})
    assert response.status_code == 403
    upcoming.refresh_from_db()
    assert upcoming.status == "confirmed"


def test_holding_a_time_needs_a_csrf_token(client_user, service):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(client_user)
    start = slot_values(strict.get(f"/book/{service.slug}/"))[0]
    assert strict.post(f"/book/{service.slug}/", {"start": start}).status_code == 403
    assert not Booking.objects.exists()


# Query counts -----------------------------------------------------------------------------


def add_bookings(make_booking, make_user, service, count, *, offset=0):
    """`count` confirmed bookings, 30 minutes apart inside the horizon (none overlap)."""
    first = (timezone.now() + timedelta(days=1)).replace(minute=0, second=0, microsecond=0)
    client = make_user()
    Booking.objects.bulk_create(
        Booking(
            client=client,
            practitioner=service.practitioners.get(),
            service=service,
            **booking_times(service, first + timedelta(minutes=30 * (offset + i))),
            status="confirmed",
        )
        for i in range(count)
    )


def test_slot_page_runs_the_same_queries_with_10_or_2000_bookings(
    client, service, make_service, make_booking, make_user
):
    quick = make_service(
        "quick-call", duration_minutes=20, buffer_before_minutes=0, buffer_after_minutes=0
    )
    url = f"/book/{service.slug}/"
    add_bookings(make_booking, make_user, quick, 10)
    client.get(url)  # warm up the session and caches as a returning visitor would have them
    with CaptureQueriesContext(connection) as with_ten:
        ten = client.get(url)

    before = len(offered_slots(service=service, now=timezone.now()))
    add_bookings(make_booking, make_user, quick, 1990, offset=10)
    assert Booking.objects.count() == 2000
    with CaptureQueriesContext(connection) as with_two_thousand:
        two_thousand = client.get(url)

    assert ten.status_code == two_thousand.status_code == 200
    assert len(with_ten) == len(with_two_thousand), [q["sql"] for q in with_two_thousand]
    assert len(with_ten) <= 8
    # And the bookings are inside the horizon, where they take times away.
    assert len(offered_slots(service=service, now=timezone.now())) < before
