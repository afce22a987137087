"""A signed-in client's slot page from cached parts (bookings/pick_views.py): the list of times
shared by every signed-in client, her hold and her waitlist wish her own. Never anyone else's,
and each changes the moment what it shows does."""

import re
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bookings.models import Booking, TimeOff, WorkingHours
from bookings.selectors import offered_starts, offered_times
from bookings.slot_picker import iso
from practice.fragments import forget_user_fragments
from practice.page_cache import AVAILABILITY, forget_cached_pages
from tests.bookings.test_views import add_bookings

pytestmark = pytest.mark.django_db


def slot_url(service) -> str:
    return reverse("bookings:slots", kwargs={"slug": service.slug})


def page_of(client, service, **query) -> str:
    response = client.get(slot_url(service), query)
    assert response.status_code == 200
    page = response.content.decode()
    assert "\x00" not in page  # every placeholder filled
    return page


def signed_in_as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def csrf_tokens(page: str) -> list[str]:
    return re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)


def first_start(page: str) -> str:
    return re.search(r'name="start" value="([^"]+)"', page).group(1)


def hold(client, service, start: str):
    response = client.post(slot_url(service), {"start": start, "tz": "Europe/London"})
    assert response.status_code == 302, response.content.decode()[:500]
    return Booking.objects.get(reference=response.url.rstrip("/").split("/")[-1])


def join_waitlist(client, service):
    today = timezone.localdate()
    response = client.post(
        reverse("waitlist:join", kwargs={"slug": service.slug}),
        {
            "first_day": (today + timedelta(days=3)).isoformat(),
            "last_day": (today + timedelta(days=10)).isoformat(),
            "parts": ["mornings", "afternoons"],
            "tz": "Europe/London",
        },
    )
    assert response.status_code == 302


HOLDING = "You are holding"
WAITING = "You are on the waitlist"


def test_two_clients_never_see_each_others_hold_or_wish_or_token(
    client_user, other_client, service
):
    maya, sam = signed_in_as(client_user), signed_in_as(other_client)
    held = hold(maya, service, first_start(page_of(maya, service)))
    join_waitlist(maya, service)

    maya_page = page_of(maya, service)
    assert HOLDING in maya_page
    assert held.reference in maya_page
    assert WAITING in maya_page
    for _ in range(2):  # the second time, every part from the cache
        sam_page = page_of(sam, service)
        assert HOLDING not in sam_page
        assert held.reference not in sam_page
        assert WAITING not in sam_page
        assert "No time that suits you?" in sam_page
        assert not set(csrf_tokens(sam_page)) & set(csrf_tokens(maya_page))
    # The shared list itself: the same times for both, Maya's held one gone from both.
    assert iso(held.start) not in sam_page
    assert iso(held.start) not in page_of(maya, service)


def test_her_cached_forms_carry_her_own_csrf_token(client_user, other_client, service):
    page_of(signed_in_as(other_client), service)  # the list of times cached by someone else
    maya = signed_in_as(client_user)
    page = page_of(maya, service)
    checked = Client(enforce_csrf_checks=True)
    checked.cookies = maya.cookies
    token = csrf_tokens(page)[0]
    response = checked.post(
        slot_url(service),
        {"start": first_start(page), "tz": "Europe/London", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert Booking.objects.get(client=client_user).status == "held"


def test_her_hold_shows_the_moment_she_takes_it_and_goes_when_she_releases_it(client_user, service):
    maya = signed_in_as(client_user)
    page = page_of(maya, service)
    assert HOLDING not in page
    assert HOLDING not in page_of(maya, service)  # cached: she holds nothing

    held = hold(maya, service, first_start(page))
    assert held.reference in page_of(maya, service)

    response = maya.post(reverse("bookings:booking-cancel", kwargs={"reference": held.reference}))
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.status != "held"
    assert HOLDING not in page_of(maya, service)


def test_her_hold_is_not_shown_past_its_running_out(client_user, service):
    maya = signed_in_as(client_user)
    held = hold(maya, service, first_start(page_of(maya, service)))
    # A hold that runs out in a moment (no save will tell her fragment when it does).
    expires = timezone.now() + timedelta(seconds=1.5)
    Booking.objects.filter(pk=held.pk).update(hold_expires_at=expires)
    forget_user_fragments(client_user.pk)
    assert held.reference in page_of(maya, service)
    assert held.reference in page_of(maya, service)  # from her fragment

    time.sleep((expires - timezone.now()).total_seconds() + 0.1)
    assert held.reference not in page_of(maya, service)


def test_her_wish_shows_the_moment_she_joins_and_goes_when_she_leaves(client_user, service):
    maya = signed_in_as(client_user)
    assert WAITING not in page_of(maya, service)
    join_waitlist(maya, service)
    page = page_of(maya, service)
    assert WAITING in page

    leave = re.search(r'action="(/my/waitlist/\d+/leave/)"', page).group(1)
    assert maya.post(leave).status_code == 302
    assert WAITING not in page_of(maya, service)


@pytest.mark.parametrize("change", ["booking", "hours", "time_off"])
def test_the_shared_list_changes_the_moment_availability_does(
    change, client_user, other_client, service, practitioner, make_booking
):
    maya = signed_in_as(client_user)
    page = page_of(maya, service)
    start = first_start(page)
    assert start in page_of(maya, service)  # now from the cache
    first = offered_starts(service=service, now=timezone.now())[0]
    assert iso(first) == start

    if change == "booking":
        make_booking(client=other_client, service=service, start=first)
    elif change == "hours":
        WorkingHours.objects.filter(practitioner=practitioner).delete()
    else:
        TimeOff.objects.create(
            practitioner=practitioner,
            start=first - timedelta(hours=1),
            end=first + timedelta(hours=2),
        )
    assert start not in page_of(maya, service)
    assert start not in page_of(signed_in_as(other_client), service)


def test_signed_in_slot_page_runs_the_same_queries_with_10_or_2000_bookings(
    client_user, service, make_service, make_booking, make_user
):
    quick = make_service(
        "quick-call", duration_minutes=20, buffer_before_minutes=0, buffer_after_minutes=0
    )
    maya = signed_in_as(client_user)
    add_bookings(make_booking, make_user, quick, 10)
    page_of(maya, service)
    with CaptureQueriesContext(connection) as with_ten:
        page_of(maya, service)

    add_bookings(make_booking, make_user, quick, 1990, offset=10)
    assert Booking.objects.count() == 2000
    forget_cached_pages(AVAILABILITY)  # bulk_create sends no signal
    page_of(maya, service)  # the new list of times worked out once, as for any visitor
    with CaptureQueriesContext(connection) as with_two_thousand:
        page_of(maya, service)

    assert len(with_ten) == len(with_two_thousand), [q["sql"] for q in with_two_thousand]
    # Her user (her session is cached) and her profile's zone: nothing else.
    assert len(with_ten) <= 2, [q["sql"] for q in with_ten]


def test_a_change_to_the_service_shows_at_once(client_user, service):
    maya = signed_in_as(client_user)
    assert service.name in page_of(maya, service)
    service.name = "Rapid Transformational Therapy, renamed"
    service.save()
    assert "Rapid Transformational Therapy, renamed" in page_of(maya, service)

    service.active = False
    service.save()
    assert maya.get(slot_url(service)).status_code == 404


def test_the_fingerprint_of_the_times_changes_when_a_time_passes_its_notice(service):
    now = timezone.now().replace(second=0, microsecond=0)
    first_start = offered_times(service=service, now=now).starts[0]
    # The very minute the first time reaches its notice: offered at its start, not a second on
    # (one list of the minute, cached, filtered at each moment).
    passing = first_start - service.rules.min_notice
    at_start = offered_times(service=service, now=passing)
    assert at_start == offered_times(service=service, now=passing)
    a_second_on = offered_times(service=service, now=passing + timedelta(seconds=1))
    assert first_start in at_start.starts
    assert first_start not in a_second_on.starts
    assert a_second_on.fingerprint != at_start.fingerprint


def test_the_times_asked_again_for_the_same_instant_follow_a_booking_made_between(
    service, other_client, make_booking
):
    now = timezone.now()
    before = offered_times(service=service, now=now)
    make_booking(client=other_client, service=service, start=before.starts[0])
    after = offered_times(service=service, now=now)
    assert before.starts[0] not in after.starts
    assert after.fingerprint != before.fingerprint
