"""/my/consents/withdraw/ is cached for her (client_area/consents.py): it names how many
sessions she has coming, never another client's, changes the moment she books or cancels and
when a session ends, and its form carries this session's CSRF token."""

import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bookings import services
from bookings.models import Booking
from clients.models import ConsentRecord
from practice.fragments import forget_user_fragments
from tests.fragment_pages import page_of, post_with_its_token

pytestmark = pytest.mark.django_db
URL = "/my/consents/withdraw/"


@pytest.fixture
def upcoming(make_booking, client_user, service):
    start = (timezone.now() + timedelta(days=3)).replace(microsecond=0)
    return make_booking(client=client_user, service=service, start=start, status="confirmed")


def test_kept_whole_it_runs_no_query_and_names_her_sessions(client, client_user, upcoming):
    client.force_login(client_user)
    page_of(client, URL)

    with CaptureQueriesContext(connection) as queries:
        page = page_of(client, URL)

    assert len(queries) == 0  # kept whole: not even her user's row
    assert "You have 1 upcoming session:" in page


def test_another_client_never_gets_her_cached_page(client, client_user, other_client, upcoming):
    client.force_login(client_user)
    assert "You have 1 upcoming session" in page_of(client, URL)

    client.force_login(other_client)

    assert "upcoming session" not in page_of(client, URL)


def test_it_changes_the_moment_she_books_or_cancels(
    client, client_user, service, make_booking, upcoming
):
    client.force_login(client_user)
    assert "You have 1 upcoming session:" in page_of(client, URL)

    make_booking(
        client=client_user,
        service=service,
        start=upcoming.start + timedelta(days=2),
        status="confirmed",
    )
    assert "You have 2 upcoming sessions:" in page_of(client, URL)

    services.booking_cancel(booking=upcoming, by="client", now=timezone.now())
    assert "You have 1 upcoming session:" in page_of(client, URL)


def test_it_is_not_kept_past_the_end_of_her_next_session(client, client_user, upcoming):
    # Her session under way ends in a moment: no save tells her cached page when it does.
    ends = timezone.now() + timedelta(seconds=1.5)
    Booking.objects.filter(pk=upcoming.pk).update(
        start=ends - timedelta(hours=1),
        end=ends,
        blocked_start=ends - timedelta(hours=2),
        blocked_end=ends + timedelta(hours=1),
    )
    forget_user_fragments(client_user.pk)
    client.force_login(client_user)
    assert "You have 1 upcoming session:" in page_of(client, URL)
    assert "You have 1 upcoming session:" in page_of(client, URL)  # from the cache

    time.sleep((ends - timezone.now()).total_seconds() + 0.1)

    assert "upcoming session" not in page_of(client, URL)


def test_her_form_carries_this_sessions_csrf_token(client, client_user, accept_all):
    accept_all(client_user)
    client.force_login(client_user)
    page_of(client, URL)
    client.logout()
    client.force_login(client_user)

    page = page_of(client, URL)  # from the cache

    assert "\x00" not in page
    assert post_with_its_token(client, page, URL).status_code == 302
    assert ConsentRecord.objects.filter(user=client_user, withdrawn_at__isnull=False).exists()
