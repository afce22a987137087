"""The desk's pages kept whole for each member of staff (workplace/desk_cache.py
`kept_desk_page`): the dashboard and the calendar's plain address. The admin's own checks still
run on every request; each person has her own copy; a change to what they show, or the clock
reaching a part's end, shows at once, even when the part was kept for someone else."""

import time
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

DESK = reverse("admin:index")
CALENDAR = reverse("admin:bookings_booking_calendar")
DESK_PAGES = [DESK, CALENDAR]
EMAILS_LINK = reverse("admin:practice_outgoingemail_changelist")


def signed_in(user) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


def kept_page(browser, url: str) -> str:
    """`url` as a second view shows it (from the page kept by the first), checked to be kept."""
    assert browser.get(url).status_code == 200
    response = browser.get(url)
    assert response.status_code == 200
    assert response.templates == []  # kept whole: no template rendered
    return response.content.decode()


@pytest.fixture
def helper(make_user, practitioner):
    """Hana, a member of staff who may look at bookings only."""
    user = make_user("hana@example.com", first_name="Hana", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_booking"))
    return user


@pytest.mark.parametrize("url", DESK_PAGES)
def test_each_member_of_staff_has_her_own_kept_page(desk, helper, url):
    hers = kept_page(desk, url)

    theirs = kept_page(signed_in(helper), url)

    assert EMAILS_LINK in hers  # the practitioner (a superuser) may see every e-mail sent
    assert EMAILS_LINK not in theirs
    assert "<strong>Hana</strong>" in theirs
    assert "<strong>Hana</strong>" not in hers


@pytest.mark.parametrize("url", DESK_PAGES)
def test_an_account_switched_off_is_refused_its_kept_page_at_once(helper, url):
    browser = signed_in(helper)
    kept_page(browser, url)

    # A bulk update sends no signal and changes no version: the admin's own check, which runs
    # before the kept page is read, refuses her.
    type(helper).objects.filter(pk=helper.pk).update(is_active=False)

    response = browser.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("url", DESK_PAGES)
def test_a_kept_page_still_asks_for_her_second_factor(desk, url, settings):
    kept_page(desk, url)

    settings.ADMIN_REQUIRES_MFA = True

    response = desk.get(url)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"


def test_the_calendar_is_refused_the_moment_her_right_to_see_bookings_is_taken(helper):
    browser = signed_in(helper)
    kept_page(browser, CALENDAR)

    helper.user_permissions.remove(Permission.objects.get(codename="view_booking"))

    assert browser.get(CALENDAR).status_code == 403


def test_the_kept_calendar_shows_a_new_booking_at_once(
    desk, make_booking, other_client, service, now
):
    start = (now + timedelta(days=1)).replace(hour=11, minute=0, second=0, microsecond=0)
    assert "Sam Quillfeather" not in kept_page(desk, CALENDAR)

    booking = make_booking(client=other_client, service=service, start=start)

    shown = desk.get(CALENDAR).content.decode()
    assert "Sam Quillfeather" in shown
    assert reverse("admin:bookings_booking_change", args=[booking.pk]) in shown


def test_a_part_kept_for_someone_else_still_ends_her_kept_desk_in_time(
    desk, helper, make_booking, other_client, service, mid_minute, monkeypatch
):
    """The sessions part, kept for Hana's view, is read by the practitioner's first view: her
    page is kept no longer than the part (a hold's minutes going down, a second away), not to
    the quarter hour. The cache's timeouts run on the real clock: this waits for them."""
    helper.user_permissions.add(Permission.objects.get(codename="view_practitioner"))
    make_booking(
        client=other_client,
        service=service,
        start=mid_minute + timedelta(days=2),
        status="held",
        hold_expires_at=mid_minute + timedelta(minutes=4, milliseconds=1500),
    )
    assert "5 minutes</td>" in signed_in(helper).get(DESK).content.decode()
    assert "5 minutes</td>" in kept_page(desk, DESK)

    time.sleep(1.1)  # the part's second, by the cache's clock
    monkeypatch.setattr(timezone, "now", lambda: mid_minute + timedelta(seconds=2))

    assert "4 minutes</td>" in desk.get(DESK).content.decode()
