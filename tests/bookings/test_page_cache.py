"""Anonymous visitors get the service and slot pages from the cache, never stale ones."""

import re
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from bookings import services
from practice import page_cache

pytestmark = pytest.mark.django_db


def slot_values(response) -> list[str]:
    return re.findall(r'name="start" value="([^"]+)"', response.content.decode())


@pytest.mark.parametrize("path", ["/services/", "/book/", "/services/{slug}/", "/book/{slug}/"])
def test_second_anonymous_request_runs_no_query(
    client, service, practice_details, django_assert_num_queries, path
):
    path = path.format(slug=service.slug)
    first = client.get(path)

    with django_assert_num_queries(0):
        second = client.get(path)

    assert second.status_code == 200
    assert second.content == first.content


def test_a_time_held_by_someone_disappears_from_the_cached_slot_page_at_once(
    client, service, other_client, practice_details
):
    start = slot_values(client.get(f"/book/{service.slug}/"))[0]

    services.booking_hold(
        client=other_client,
        service=service,
        start=datetime.fromisoformat(start),
        client_tz="Europe/London",
        now=timezone.now(),
    )

    assert start not in slot_values(client.get(f"/book/{service.slug}/"))


def test_the_slot_page_is_cached_per_time_zone(client, service, practice_details):
    london = client.get(f"/book/{service.slug}/").content.decode()
    client.cookies["time_zone"] = "America/New_York"  # as static/js/booking-timezone.js sets it

    new_york = client.get(f"/book/{service.slug}/").content.decode()

    assert "London (United Kingdom" in london
    assert "New York (Eastern Time" in new_york


def test_a_price_change_shows_at_once_on_cached_service_pages(client, service, practice_details):
    assert client.get("/services/").status_code == 200

    service.price_amount = 12345
    service.save()

    assert "£123.45" in client.get("/services/").content.decode()


def test_signed_in_clients_get_a_fresh_page_with_a_form_that_holds_the_time(
    client, service, client_user, practice_details
):
    client.get(f"/book/{service.slug}/")  # cached for anonymous visitors
    client.force_login(client_user)

    html = client.get(f"/book/{service.slug}/").content.decode()

    assert '<form method="post"' in html
    assert "csrfmiddlewaretoken" in html


SLOT_PAGE = (page_cache.CONTENT, page_cache.AVAILABILITY)
CONTENT_PAGE = (page_cache.CONTENT,)


def test_a_slot_page_is_never_kept_past_the_next_hold_expiry(service, other_client, fixed_now):
    hold = services.booking_hold(
        client=other_client,
        service=service,
        start=fixed_now + timedelta(days=2, hours=2),
        client_tz="Europe/London",
        now=fixed_now,
    )

    seconds = (hold.hold_expires_at - fixed_now).total_seconds()
    assert page_cache._cache_timeout(fixed_now, namespaces=SLOT_PAGE) == min(60, int(seconds))
    twenty_before = hold.hold_expires_at - timedelta(seconds=20)
    assert page_cache._cache_timeout(twenty_before, namespaces=SLOT_PAGE) == 20
    assert (
        page_cache._cache_timeout(fixed_now, namespaces=CONTENT_PAGE) == page_cache.page_timeout()
    )


def test_signed_in_visitors_share_the_worked_out_times_until_a_booking_changes(
    client, service, client_user, other_client, django_assert_num_queries, practice_details
):
    from bookings.selectors import offered_starts

    # The start of a minute: a second later is still the same minute's shared times.
    now = timezone.now().replace(second=0, microsecond=0)
    first = offered_starts(service=service, now=now)
    with django_assert_num_queries(0):
        assert offered_starts(service=service, now=now + timedelta(seconds=1)) == first

    services.booking_hold(
        client=other_client, service=service, start=first[0], client_tz="UTC", now=now
    )

    assert first[0] not in offered_starts(service=service, now=now)
    client.force_login(client_user)
    assert (
        first[0].strftime("%Y-%m-%dT%H:%M")
        not in client.get(f"/book/{service.slug}/").content.decode()
    )


def test_shared_times_still_respect_the_notice_at_this_moment(service):
    from bookings.selectors import offered_starts

    now = timezone.now().replace(second=0, microsecond=0)
    starts = offered_starts(service=service, now=now)
    later = now + timedelta(seconds=59)

    assert all(
        start >= later + service.rules.min_notice
        for start in offered_starts(service=service, now=later)
    )
    assert starts[0] >= now + service.rules.min_notice
