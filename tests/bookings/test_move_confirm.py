"""Moving a booking has a confirm step: choosing a time shows the old and the new time and what
the policy means, and only the confirm page's POST moves it (issue 13)."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from bookings.timezones import when
from practice.zones import zone_label

NEW_YORK = ZoneInfo("America/New_York")
MOVE_NOTE = (
    "You can move it to a time at least 48 hours from now. Your booking and payment move with "
    "it; nothing is charged or refunded."
)


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def slot_values(response) -> list[str]:
    return re.findall(r'name="start" value="([^"]+)"', response.content.decode())


def in_new_york(moment: datetime) -> str:
    return f"{when(moment, NEW_YORK)}, {zone_label('America/New_York', at=moment)}"


@pytest.fixture
def upcoming(make_booking, client_user, service):
    """Maya's paid session five days ahead, booked from New York."""
    start = (timezone.now() + timedelta(days=5)).replace(hour=15, minute=0, second=0, microsecond=0)
    return make_booking(
        client=client_user, service=service, start=start, client_time_zone="America/New_York"
    )


@pytest.fixture
def move_url(upcoming):
    return f"{upcoming.get_absolute_url()}reschedule/"


def a_new_time(signed_in, move_url) -> str:
    """The last time of a full day three days ahead (the first day the picker shows may hold
    one or two times, or none once one is taken, late in the day)."""
    day = (timezone.now() + timedelta(days=3)).astimezone(NEW_YORK).date()
    return slot_values(signed_in.get(move_url, {"day": day.isoformat()}))[-1]


@pytest.mark.django_db
def test_the_move_picker_chooses_with_a_get_to_the_confirm_step(signed_in, move_url):
    page = signed_in.get(move_url).content.decode()

    (form,) = re.findall(r'<form method="(\w+)" action="([^"]+)">\s*<input[^>]*name="tz"', page)
    assert form == ("get", move_url)


@pytest.mark.django_db
def test_the_move_picker_is_the_same_strip_of_days_and_times_that_the_script_swaps(
    signed_in, move_url
):
    page = signed_in.get(move_url).content.decode()

    days, times, zone_form = (
        page.index(marker)
        for marker in ('data-slot-part="days"', 'data-slot-part="times"', 'id="zone-form"')
    )
    assert days < times < zone_form
    assert '<h2 id="times-title" tabindex="-1">' in page
    assert page.count("/static/js/slot-picker") == 1


@pytest.mark.django_db
def test_choosing_a_time_shows_the_old_and_new_time_and_the_policy_without_moving(
    signed_in, upcoming, move_url
):
    new_time = a_new_time(signed_in, move_url)
    old_start = upcoming.start

    response = signed_in.get(move_url, {"start": new_time})

    page = text(response)
    words = re.sub(r"<[^>]+>", "", page)
    assert response.status_code == 200
    assert f"From: {in_new_york(old_start)}" in words
    assert f"To: {in_new_york(datetime.fromisoformat(new_time))}" in words
    assert MOVE_NOTE in words
    form = re.escape(f'<form method="post" action="{move_url}">')
    assert re.search(rf'{form}\s*<input type="hidden" name="csrfmiddlewaretoken"', page)
    assert '<button class="btn btn-primary btn-lg" type="submit">Move my session</button>' in page
    day = datetime.fromisoformat(new_time).astimezone(NEW_YORK).date().isoformat()
    back = f"{move_url}?day={day}&amp;tz=America%2FNew_York"
    assert f'<a href="{back}">Choose another time</a>' in page
    upcoming.refresh_from_db()
    assert (upcoming.start, upcoming.times_rescheduled) == (old_start, 0)


@pytest.mark.django_db(transaction=True)
def test_moving_from_the_confirm_page_moves_it_and_sends_the_move_e_mail(
    signed_in, upcoming, move_url, run_worker
):
    new_time = a_new_time(signed_in, move_url)
    confirm = signed_in.get(move_url, {"start": new_time}).content.decode()
    posted = re.search(r'<form method="post".*?name="start" value="([^"]+)"', confirm, re.S)[1]

    response = signed_in.post(move_url, {"start": posted, "tz": "America/New_York"}, follow=True)

    upcoming.refresh_from_db()
    assert upcoming.start == datetime.fromisoformat(new_time)
    assert upcoming.times_rescheduled == 1
    assert "Your booking has moved" in text(response)
    run_worker()
    (moved,) = [m for m in mail.outbox if m.subject.startswith("Your appointment has moved")]
    assert moved.to == [upcoming.client.email]


@pytest.mark.django_db
def test_a_time_taken_since_it_was_chosen_gives_the_picker_again_kindly(
    signed_in, upcoming, move_url, make_booking, other_client, service
):
    new_time = a_new_time(signed_in, move_url)
    taken = datetime.fromisoformat(new_time)
    make_booking(client=other_client, service=service, start=taken)
    old_start = upcoming.start

    on_confirm = signed_in.get(move_url, {"start": new_time})
    on_move = signed_in.post(move_url, {"start": new_time})

    assert on_confirm.status_code == 200
    assert on_move.status_code == 409
    kind = [
        (on_confirm, "Sorry — that time is no longer available. Please choose another one."),
        (on_move, "Sorry — this time was just taken."),
    ]
    for response, message in kind:
        page = text(response)
        assert f'<p class="alert alert-warning" role="alert">{message}</p>' in page
        assert "Move my session" not in page
        # The picker again, on the day she chose, without the time taken.
        day = taken.astimezone(NEW_YORK).date().isoformat()
        assert re.search(rf'day={day}&amp;tz=America%2FNew_York" aria-current="true"', page)
        assert new_time not in slot_values(response)
    upcoming.refresh_from_db()
    assert (upcoming.start, upcoming.times_rescheduled) == (old_start, 0)


@pytest.mark.django_db
def test_the_time_it_has_already_cannot_be_chosen_nor_posted(signed_in, upcoming, move_url):
    current = upcoming.start.isoformat()

    on_confirm = signed_in.get(move_url, {"start": current})
    on_move = signed_in.post(move_url, {"start": current}, follow=True)

    assert "Move my session" not in text(on_confirm)
    assert "Please choose one of the times below." in text(on_move)
    assert "Your booking has moved" not in text(on_move)
    upcoming.refresh_from_db()
    assert upcoming.times_rescheduled == 0


@pytest.mark.django_db
def test_another_clients_booking_has_no_move_confirm_page(client, other_client, upcoming, move_url):
    client.force_login(other_client)
    start = upcoming.start + timedelta(days=1)

    assert client.get(move_url, {"start": start.isoformat()}).status_code == 404
    assert client.post(move_url, {"start": start.isoformat()}).status_code == 404
    upcoming.refresh_from_db()
    assert upcoming.times_rescheduled == 0


@pytest.mark.django_db(transaction=True)
def test_the_move_confirm_page_in_a_browser(
    live_server, page, axe_check, practice_details, browser_login, client_user, upcoming, move_url
):
    browser_login(page, client_user)
    page.goto(f"{live_server.url}{move_url}")
    new_time = page.locator("button[name=start]").last
    new_start = datetime.fromisoformat(new_time.get_attribute("value"))
    new_time.click()

    expect(page.get_by_role("heading", name="Move your session to this time?")).to_be_visible()
    expect(page.locator(".move-from")).to_have_text(f"From: {in_new_york(upcoming.start)}")
    expect(page.locator(".move-to")).to_have_text(f"To: {in_new_york(new_start)}")
    expect(page.locator(".policy-outcome")).to_have_text(MOVE_NOTE)
    axe_check(page, what="move confirm page")
    page.get_by_role("link", name="Choose another time").click()
    expect(page.get_by_role("heading", name="Move your booking")).to_be_visible()
