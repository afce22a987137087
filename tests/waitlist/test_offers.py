"""Offering a freed time: first in line first, exclusively for a short window never past the
start's notice limit, then the next in line, then everyone; "No thanks" passes it on at once;
a booked offer ends her wait."""

from datetime import timedelta

import pytest

from bookings import services
from bookings.errors import InvalidState, SlotTaken
from bookings.models import Booking
from bookings.policy import Actor
from tests.waitlist.conftest import DAY, NOW, sent_to
from waitlist.models import Entry, FreedTime, Offer
from waitlist.offers import offer_decline

pytestmark = pytest.mark.django_db

MINUTE = timedelta(minutes=1)


@pytest.fixture
def line(waiting, join):
    """Ada, Bea and Cat waiting for DAY, in that order (a minute apart)."""
    return [join(client, now=NOW + index * MINUTE) for index, client in enumerate(waiting)]


def cancel(booking, *, now=NOW + 5 * MINUTE):
    services.booking_cancel(booking=booking, by=Actor.CLIENT, now=now)
    return booking.start


def hold(client, service, start, *, now):
    return services.booking_hold(
        client=client, service=service, start=start, client_tz="Europe/London", now=now
    )


def test_a_freed_time_goes_to_the_first_in_line_then_the_next_then_to_everyone(
    service, full_day, line, look, other_client
):
    ada, bea, cat = (entry.client for entry in line)
    start = cancel(full_day[sorted(full_day)[2]])

    [first] = look(now=NOW + 10 * MINUTE)

    assert first.entry.client == ada
    assert first.booking.client == ada
    assert first.booking.start == start
    assert first.booking.status == Booking.Status.HELD
    assert first.booking.hold_expires_at == first.until == NOW + 10 * MINUTE + timedelta(hours=2)
    assert look(now=first.until - MINUTE) == []  # still hers

    [second] = look(now=first.until)
    assert second.entry.client == bea
    assert second.booking.start == start
    first.refresh_from_db()
    assert first.status == Offer.Status.LAPSED

    [third] = look(now=second.until)
    assert third.entry.client == cat

    assert look(now=third.until) == []
    chain = FreedTime.objects.get()
    assert chain.status == FreedTime.Status.RELEASED
    # Free for everyone now, and not offered again while it stays free.
    assert hold(other_client, service, start, now=third.until).client == other_client
    assert look(now=third.until + MINUTE) == []
    assert [len(sent_to(client.email)) for client in (ada, bea, cat)] == [1, 1, 1]


def test_while_she_holds_the_offer_nobody_else_can_hold_that_time(
    service, full_day, line, look, other_client
):
    start = cancel(full_day[sorted(full_day)[0]])
    [offer] = look(now=NOW + 10 * MINUTE)

    with pytest.raises(SlotTaken):
        hold(other_client, service, start, now=NOW + 11 * MINUTE)
    with pytest.raises(SlotTaken):
        hold(line[1].client, service, start, now=NOW + 11 * MINUTE)

    assert Booking.objects.filter(start=start).active(now=NOW + 11 * MINUTE).get() == offer.booking


def test_no_thanks_releases_her_hold_and_offers_the_time_to_the_next_at_once(
    service, full_day, line, look
):
    start = cancel(full_day[sorted(full_day)[1]])
    [offer] = look(now=NOW + 10 * MINUTE)

    following = offer_decline(offer=offer, now=NOW + 20 * MINUTE)

    offer.refresh_from_db()
    offer.booking.refresh_from_db()
    assert offer.status == Offer.Status.DECLINED
    assert offer.booking.status == Booking.Status.CANCELLED
    assert following.entry == line[1]
    assert following.booking.start == start
    assert following.booking.is_held_at(NOW + 20 * MINUTE)
    # She stays on the waitlist, for other times.
    assert Entry.objects.get(pk=line[0].pk).status == Entry.Status.WAITING
    with pytest.raises(InvalidState):
        offer_decline(offer=offer, now=NOW + 21 * MINUTE)


def test_an_offer_never_runs_past_the_starts_notice_limit(service, book_day, waiting, join, look):
    tomorrow = DAY - timedelta(days=1)
    booked = book_day(tomorrow)
    join(waiting[0], first_day=tomorrow, last_day=tomorrow)
    first = sorted(booked)[0]  # 09:00 tomorrow: bookable until 09:00 today (24 hours' notice)
    cancel(booked[first], now=NOW)

    [offer] = look(now=NOW + 10 * MINUTE)

    limit = first - service.rules.min_notice
    assert offer.until == limit < NOW + 10 * MINUTE + timedelta(hours=2)
    assert offer.booking.hold_expires_at == limit


def test_a_time_too_near_its_notice_limit_is_not_offered_but_left_free(
    service, book_day, waiting, join, look, other_client
):
    tomorrow = DAY - timedelta(days=1)
    booked = book_day(tomorrow)
    join(waiting[0], first_day=tomorrow, last_day=tomorrow)
    first = sorted(booked)[0]
    cancel(booked[first], now=NOW)
    ten_minutes_before_limit = first - service.rules.min_notice - 10 * MINUTE

    assert look(now=ten_minutes_before_limit) == []

    assert FreedTime.objects.get(start=first).status == FreedTime.Status.RELEASED
    assert sent_to(waiting[0].email) == []
    assert hold(other_client, service, first, now=ten_minutes_before_limit).start == first


def test_an_entry_whose_times_of_day_do_not_suit_is_passed_over(
    service, full_day, waiting, join, look
):
    ada, bea, _ = waiting
    join(ada, parts={"mornings"}, now=NOW)
    join(bea, parts={"afternoons"}, now=NOW + MINUTE)
    afternoon = next(start for start in sorted(full_day) if start.hour >= 12)
    cancel(full_day[afternoon])

    [offer] = look(now=NOW + 10 * MINUTE)

    assert offer.entry.client == bea


def test_an_entry_whose_days_do_not_suit_is_passed_over(service, full_day, waiting, join, look):
    ada, bea, _ = waiting
    join(ada, first_day=DAY + timedelta(days=1), last_day=DAY + timedelta(days=5), now=NOW)
    join(bea, first_day=DAY - timedelta(days=1), last_day=DAY, now=NOW + MINUTE)
    cancel(full_day[sorted(full_day)[0]])

    [offer] = look(now=NOW + 10 * MINUTE)

    assert offer.entry.client == bea


def test_the_times_of_day_are_on_her_own_clock(service, full_day, waiting, join, look):
    # 10:30 in London is 19:30 in Tokyo (an evening there), 05:30 in New York (no part of day).
    ada, bea, _ = waiting
    join(ada, zone="America/New_York", now=NOW)
    join(bea, parts={"evenings"}, zone="Asia/Tokyo", now=NOW + MINUTE)
    start = next(start for start in sorted(full_day) if start.hour == 10)
    cancel(full_day[start])

    [offer] = look(now=NOW + 10 * MINUTE)

    assert offer.entry.client == bea
    assert offer.booking.client_time_zone == "Asia/Tokyo"


def test_left_and_ended_entries_are_never_offered(service, full_day, line, look):
    from waitlist.joining import entry_leave

    entry_leave(entry=line[0], now=NOW + 2 * MINUTE)
    Entry.objects.filter(pk=line[1].pk).update(status=Entry.Status.EXPIRED)
    cancel(full_day[sorted(full_day)[0]])

    [offer] = look(now=NOW + 10 * MINUTE)

    assert offer.entry == line[2]


def test_booking_the_offered_time_ends_her_wait_and_the_chain(
    service, full_day, line, look, make_payment
):
    cancel(full_day[sorted(full_day)[0]])
    [offer] = look(now=NOW + 10 * MINUTE)
    make_payment(offer.booking, paid_at=NOW + 20 * MINUTE)

    services.booking_confirm(booking=offer.booking, now=NOW + 20 * MINUTE)

    offer.refresh_from_db()
    assert offer.status == Offer.Status.ACCEPTED
    assert Entry.objects.get(pk=line[0].pk).status == Entry.Status.BOOKED
    assert FreedTime.objects.get().status == FreedTime.Status.BOOKED
    assert look(now=offer.until + MINUTE) == []


def test_one_client_holds_one_offer_at_a_time(service, full_day, line, look):
    # Two times free at once: the first in line has one, the second the other.
    for start in sorted(full_day)[:2]:
        cancel(full_day[start])

    offers = look(now=NOW + 10 * MINUTE)

    assert [offer.entry for offer in offers] == line[:2]
    assert [offer.booking.start for offer in offers] == sorted(full_day)[:2]


def test_the_offer_email_names_the_time_in_her_zone_and_not_the_service(
    service, full_day, waiting, join, look, practice_details
):
    join(waiting[0], zone="Asia/Tokyo")
    cancel(full_day[next(start for start in sorted(full_day) if start.hour == 10)])

    [offer] = look(now=NOW + 10 * MINUTE)

    [email] = sent_to(waiting[0].email)
    assert email.subject == "A time you were waiting for is free: Wednesday 4 March at 7:30 pm"
    assert service.name.lower() not in email.subject.lower()
    assert "Hypnotherapy" not in email.subject
    assert "Wednesday 4 March at 7:30 pm, Tokyo (Japan, UTC+9)" in email.body_text
    assert f"/bookings/{offer.booking.reference}/" in email.body_text
    assert "Monday 2 March at 7:10 pm" in email.body_text  # held until, on her clock
    assert f"/bookings/{offer.booking.reference}/" in email.body_html


def test_the_client_who_gave_a_time_up_is_not_offered_it_back(
    service, full_day, waiting, join, look
):
    start = sorted(full_day)[0]
    giving_up = full_day[start].client
    join(giving_up, now=NOW)
    join(waiting[0], now=NOW + MINUTE)
    cancel(full_day[start])

    [offer] = look(now=NOW + 10 * MINUTE)

    assert offer.entry.client == waiting[0]
