"""The booking page in a real Chromium with its room open: the Join session button, axe-clean,
opens the room in a new tab, leaving her booking page where it was."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def video_room_faked(live_server, settings):
    """The video server is a path of the live server (its 404 page): nothing leaves the machine.
    (Playwright's routes do not see where a redirect leads.)"""
    settings.JITSI_BASE_URL = f"{live_server.url}/a-video-server"
    return settings.JITSI_BASE_URL


def test_the_booking_page_with_its_room_open_is_accessible_and_joins_in_a_new_tab(
    live_server,
    page,
    axe_check,
    browser_login,
    practice_details,
    client_user,
    starting_soon,
    video_room_faked,
):
    browser_login(page, client_user)
    page.goto(f"{live_server.url}{starting_soon.get_absolute_url()}")

    join = page.get_by_role("link", name="Join session (opens in a new tab)")
    expect(join).to_be_visible()
    expect(join).to_have_attribute("target", "_blank")
    expect(join).to_have_attribute("rel", "noopener noreferrer")
    expect(page.locator("iframe")).to_have_count(0)
    axe_check(page, what="booking page with the Join session button")

    with page.context.expect_page() as opened:
        join.click()
    room = opened.value
    room.wait_for_load_state()
    assert room.url == f"{video_room_faked}/{starting_soon.room.name}"
    assert page.url == f"{live_server.url}{starting_soon.get_absolute_url()}"


def test_my_page_with_a_session_to_join_is_accessible(
    live_server, page, axe_check, browser_login, practice_details, client_user, starting_soon
):
    browser_login(page, client_user)
    page.goto(f"{live_server.url}/my/")

    expect(page.get_by_role("link", name="Join session (opens in a new tab)")).to_have_attribute(
        "href", re.compile(rf"/bookings/{starting_soon.reference}/join/$")
    )
    axe_check(page, what="/my/ with a session to join")
