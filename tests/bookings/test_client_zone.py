"""A client's time zone survives cached pages, sign-in and sign-up (the test client's view).

The slot page is cached for anonymous visitors, so the second visitor in a zone is served the
first one's page and has no session: her zone must come from the URL or her browser's cookie.
"""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from bookings.models import Booking
from bookings.timezones import clock_time, day_label
from clients.models import Profile, User

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")
# The cookie static/js/booking-timezone.js writes.
COOKIE_NAME = "time_zone"
# Loose on purpose: how a zone is named is tests/practice/test_zones.py's subject.
NEW_YORK_NOTE = re.compile(r"Times are shown in <strong>[^<]*New York")
LONDON_NOTE = re.compile(r"Times are shown in <strong>[^<]*London")


def html(response) -> str:
    return response.content.decode()


def day_links(response) -> list[str]:
    return [
        href.replace("&amp;", "&")
        for href in re.findall(r'class="day-link" href="([^"]+)"', html(response))
    ]


def time_form_fields(response) -> dict[str, str]:
    """The hidden fields of the form the time buttons belong to (besides `start`)."""
    form = re.search(r'<form method="post" action="[^"]*">(.*?)</form>', html(response), re.S)
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', form.group(1)))


def slot_values(response) -> list[str]:
    return re.findall(r'name="start" value="([^"]+)"', html(response))


@pytest.fixture
def slot_path(service, practice_details):
    return f"/book/{service.slug}/"


@pytest.fixture
def first_visitor_in_new_york(slot_path):
    """Someone in New York was here a moment ago: the slot pages she saw are in the cache."""
    first = Client()
    first.get(slot_path)
    first.get(f"{slot_path}?tz=America/New_York")
    return first


def test_a_second_visitor_served_the_cached_page_keeps_her_zone_on_the_next_day(
    first_visitor_in_new_york, slot_path, django_assert_num_queries
):
    second = Client()
    with django_assert_num_queries(0):  # the cached copy
        page = second.get(f"{slot_path}?tz=America/New_York")
    assert not page.cookies

    next_day = second.get(day_links(page)[2])

    assert NEW_YORK_NOTE.search(html(next_day))
    times = [
        re.search(rf'value="{value}"[^>]*>([^<]+)<', html(next_day)).group(1)
        for value in slot_values(next_day)
    ]
    assert times
    assert times == [
        clock_time(datetime.fromisoformat(value).astimezone(NEW_YORK))
        for value in slot_values(next_day)
    ]


def test_a_second_visitor_keeps_her_zone_through_the_hold_and_sign_in(
    first_visitor_in_new_york, slot_path, client_user
):
    second = Client()
    page = second.get(f"{slot_path}?tz=America/New_York")
    start = slot_values(page)[0]

    # The time buttons post the zone the page showed; the time is held before she signs in.
    held = second.post(
        slot_path,
        {**time_form_fields(page), "start": start},
        headers={"Sec-Fetch-Site": "same-origin"},
    )
    booking = Booking.objects.get()
    assert held["Location"] == booking.get_absolute_url()
    local = datetime.fromisoformat(start).astimezone(NEW_YORK)
    assert re.search(
        rf"{day_label(local)} at {clock_time(local)}</strong> to [^,]+, New York",
        html(second.get(held["Location"])),
    )

    second.force_login(client_user)

    booking.refresh_from_db()
    assert booking.client == client_user
    assert booking.client_time_zone == "America/New_York"
    assert Profile.objects.get(user=client_user).time_zone == "America/New_York"


def test_a_zone_the_browser_remembers_names_the_times_on_a_page_reached_without_one(
    slot_path,
):
    visitor = Client()
    visitor.cookies[COOKIE_NAME] = "America/New_York"

    page = visitor.get(slot_path)

    assert NEW_YORK_NOTE.search(html(page))
    assert 'data-zone-known="true"' in html(page)
    # Someone else, with no zone yet, still gets the practice's zone and the browser's guess.
    stranger = Client().get(slot_path)
    assert LONDON_NOTE.search(html(stranger))
    assert 'data-zone-known="false"' in html(stranger)


@pytest.mark.parametrize("cookie", ["Mars/Olympus_Mons", "", "../../etc/passwd"])
def test_a_cookie_that_is_not_a_zone_is_ignored(slot_path, cookie):
    visitor = Client()
    visitor.cookies[COOKIE_NAME] = cookie

    page = visitor.get(slot_path)

    assert page.status_code == 200
    assert LONDON_NOTE.search(html(page))


def test_an_anonymous_choice_of_zone_writes_no_session(slot_path):
    visitor = Client()

    page = visitor.get(f"{slot_path}?tz=Asia/Tokyo")

    assert "sessionid" not in page.cookies
    assert re.search(r"Times are shown in <strong>[^<]*Tokyo", html(page))


def test_a_new_account_starts_in_the_zone_her_browser_remembers(client):
    client.cookies[COOKIE_NAME] = "America/New_York"

    response = client.post(
        "/accounts/signup/", {"name": "Hetty", "email": "new.client@example.com"}
    )

    assert response.status_code == 302
    user = User.objects.get(email="new.client@example.com")
    assert Profile.objects.get(user=user).time_zone == "America/New_York"


def test_a_new_account_without_a_known_zone_gets_no_zone_by_guesswork(client):
    client.post("/accounts/signup/", {"name": "Hetty", "email": "new.client@example.com"})

    assert User.objects.filter(email="new.client@example.com").exists()
    assert not Profile.objects.filter(user__email="new.client@example.com").exists()
