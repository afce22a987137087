"""The waitlist's pages: its part of the slot page (a sign-in link for visitors, whose page is
cached; the form for a signed-in client, whose page never is), joining and its refusals, leaving,
"No thanks", and /my/. Another client's entry or offer is a 404."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bookings.models import Booking
from bookings.timezones import when
from practice.zones import zone_label
from waitlist.models import Entry, Offer

pytestmark = pytest.mark.django_db

SLOTS = "/book/hypnotherapy/"
JOIN = "/book/hypnotherapy/waitlist/"


# The zone the forms below are sent in: her days are counted on her clock, which from 15:00
# UTC is already on tomorrow.
ZONE = "Asia/Tokyo"


def days(now, first: int, last: int) -> dict:
    today = now.astimezone(ZoneInfo(ZONE)).date()
    return {
        "first_day": (today + timedelta(days=first)).isoformat(),
        "last_day": (today + timedelta(days=last)).isoformat(),
    }


def join_data(now, **changes) -> dict:
    data = {**days(now, 2, 20), "parts": ["mornings", "evenings"], "tz": ZONE}
    data.update(changes)
    return data


def test_a_visitor_is_asked_to_sign_in_and_given_no_form(client, service, practice_details):
    response = client.get(SLOTS)

    page = response.content.decode()
    assert "Sign in to be told when a time frees" in page
    assert '/accounts/login/?next=/book/hypnotherapy/"' in page
    assert 'name="first_day"' not in page
    assert "csrfmiddlewaretoken" not in page


def test_her_own_part_is_never_cached_nor_served_to_anyone_else(
    client, service, client_user, practice_details, now
):
    client.force_login(client_user)
    client.post(JOIN, join_data(now))
    mine = client.get(SLOTS).content.decode()
    assert "You are on the waitlist" in mine
    assert 'name="first_day"' in mine

    client.logout()
    visitor = client.get(SLOTS).content.decode()
    with CaptureQueriesContext(connection) as queries:
        again = client.get(SLOTS).content.decode()
    client.force_login(client_user)
    hers_again = client.get(SLOTS).content.decode()

    assert len(queries) == 0  # the visitor's page came from the cache...
    for page in (visitor, again):
        assert "You are on the waitlist" not in page
        assert "Sign in to be told when a time frees" in page
    assert "You are on the waitlist" in hers_again  # ...hers never does


def test_a_signed_in_client_joins_in_the_pages_zone(signed_in, client_user, service, now):
    response = signed_in.post(JOIN, join_data(now))

    assert response.status_code == 302
    assert response["Location"] == f"{SLOTS}#waitlist"
    entry = Entry.objects.get(client=client_user)
    assert (entry.mornings, entry.afternoons, entry.evenings) == (True, False, True)
    assert entry.time_zone == "Asia/Tokyo"
    assert entry.first_day.isoformat() == join_data(now)["first_day"]
    page = signed_in.get(SLOTS).content.decode()
    assert "You are on the waitlist" in page
    assert "mornings and evenings" in page
    assert "Tokyo (Japan, UTC+9)" in page


def test_joining_again_changes_her_entry_and_keeps_her_place(signed_in, client_user, service, now):
    signed_in.post(JOIN, join_data(now))
    first = Entry.objects.get()

    signed_in.post(JOIN, join_data(now, parts=["afternoons"], **days(now, 5, 30)))

    entry = Entry.objects.get()
    assert entry.pk == first.pk
    assert entry.joined_at == first.joined_at
    assert (entry.mornings, entry.afternoons, entry.evenings) == (False, True, False)
    assert entry.last_day.isoformat() == days(now, 5, 30)["last_day"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"first_day": "2020-01-01"}, "The first day cannot be in the past."),
        ("backwards", "The last day cannot come before the first."),
        ("too_far", "Please choose a last day within 90 days"),
        ({"parts": []}, "Please choose at least one time of day."),
        ({"parts": ["nights"]}, "Please choose the times of day from the list."),
        ({"first_day": "next tuesday"}, "Please give the first day as a date."),
        ({"last_day": ""}, "Please give the last day."),
        ({"tz": "Mars/Olympus_Mons"}, "That time zone was not recognised."),
    ],
)
def test_a_wrong_answer_is_explained_and_nothing_is_written(
    signed_in, service, now, changes, message
):
    if changes == "backwards":
        changes = days(now, 10, 5)
    elif changes == "too_far":
        changes = days(now, 1, 91)

    response = signed_in.post(JOIN, join_data(now, **changes), follow=True)

    assert response.status_code == 200
    said = [str(m) for m in response.context["messages"]]
    assert len(said) == 1
    assert said[0].startswith("Your waitlist was not changed: ")
    assert message in said[0]
    assert not Entry.objects.exists()


def test_a_visitor_cannot_join_and_is_sent_to_sign_in(client, service, now):
    response = client.post(JOIN, join_data(now))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/book/hypnotherapy/")
    assert not Entry.objects.exists()


def test_joining_is_a_post(signed_in, service):
    assert signed_in.get(JOIN).status_code == 405


def test_joining_an_unknown_service_is_a_404(signed_in, service, now):
    assert signed_in.post("/book/nothing/waitlist/", join_data(now)).status_code == 404


def test_my_page_lists_her_entries_and_she_can_leave_one(signed_in, client_user, service, now):
    signed_in.post(JOIN, join_data(now))
    entry = Entry.objects.get()

    page = signed_in.get("/my/").content.decode()
    assert "Your waitlist" in page
    assert "Hypnotherapy session" in page
    assert "Mornings and evenings" in page
    assert "Tokyo (Japan, UTC+9)" in page
    assert f"/my/waitlist/{entry.pk}/leave/" in page

    response = signed_in.post(f"/my/waitlist/{entry.pk}/leave/")

    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == Entry.Status.LEFT
    assert "Your waitlist" not in signed_in.get("/my/").content.decode()


def test_another_clients_entry_cannot_be_left(client, service, client_user, other_client, now):
    client.force_login(other_client)
    client.post(JOIN, join_data(now))
    theirs = Entry.objects.get()
    client.force_login(client_user)

    assert client.post(f"/my/waitlist/{theirs.pk}/leave/").status_code == 404
    assert client.get(f"/my/waitlist/{theirs.pk}/leave/").status_code == 405
    theirs.refresh_from_db()
    assert theirs.status == Entry.Status.WAITING


def test_the_offered_booking_says_so_and_offers_no_thanks(signed_in, client_user, offered):
    offer = offered(client_user)

    page = signed_in.get(f"/bookings/{offer.booking.reference}/").content.decode()

    assert "Offered to you from the waitlist" in page
    assert f"/my/waitlist/offers/{offer.booking.reference}/no-thanks/" in page
    assert "Your time is held" in page
    until = f"{when(offer.booking.hold_expires_at, ZoneInfo('Europe/London'))}</strong>, "
    assert until + zone_label("Europe/London", at=offer.booking.hold_expires_at) in page


def test_my_page_shows_the_time_held_for_her(signed_in, client_user, offered):
    offer = offered(client_user)

    page = signed_in.get("/my/").content.decode()

    assert "A time came free and is held for you" in page
    assert offer.booking.get_absolute_url() in page


def test_no_thanks_lets_the_time_go_to_the_next_in_line(
    signed_in, client_user, other_client, offered
):
    from waitlist.joining import entry_join

    offer = offered(client_user)
    entry_join(
        client=other_client,
        service=offer.booking.service,
        first_day=offer.entry.first_day,
        last_day=offer.entry.last_day,
        parts={"mornings", "afternoons"},
        zone="Europe/London",
        now=offer.offered_at,
    )

    response = signed_in.post(f"/my/waitlist/offers/{offer.booking.reference}/no-thanks/")

    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == Offer.Status.DECLINED
    following = Offer.objects.get(status=Offer.Status.PENDING)
    assert following.entry.client == other_client
    assert following.booking.start == offer.booking.start
    assert Booking.objects.get(pk=offer.booking_id).status == Booking.Status.CANCELLED


def test_another_clients_offer_cannot_be_declined(client, client_user, other_client, offered):
    offer = offered(other_client)
    client.force_login(client_user)

    response = client.post(f"/my/waitlist/offers/{offer.booking.reference}/no-thanks/")

    assert response.status_code == 404
    offer.refresh_from_db()
    assert offer.status == Offer.Status.PENDING


def test_an_ended_offer_cannot_be_declined(signed_in, client_user, offered):
    offer = offered(client_user)
    Booking.objects.filter(pk=offer.booking_id).update(status=Booking.Status.EXPIRED)

    response = signed_in.post(
        f"/my/waitlist/offers/{offer.booking.reference}/no-thanks/", follow=True
    )

    assert [str(m) for m in response.context["messages"]] == [
        "This offer has ended, so there is nothing to decline."
    ]
    offer.refresh_from_db()
    assert offer.status == Offer.Status.PENDING
