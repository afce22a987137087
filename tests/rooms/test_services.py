"""A room's life: made on every path that confirms a booking (paid through Checkout, paid on the
offline test page, free), kept when it moves, deleted when it is cancelled, renewed on request.
"""

from datetime import timedelta

import pytest
from django.db import transaction

from bookings import services
from bookings.models import Booking
from bookings.policy import Actor
from bookings.selectors import offered_slots
from rooms.models import Room, RoomSettings, ServiceRoomLink
from rooms.services import room_ensure, room_renew

pytestmark = pytest.mark.django_db


def free_hold(client, free_service, now):
    start = next(iter(offered_slots(service=free_service, now=now)))
    return services.booking_hold(
        client=client, service=free_service, start=start, client_tz="Asia/Tokyo", now=now
    )


# Made on confirmation -----------------------------------------------------------------------


def test_a_hold_has_no_room(held):
    assert not Room.objects.filter(booking=held).exists()


@pytest.mark.django_db(transaction=True)
def test_a_booking_paid_through_stripe_checkout_gets_its_room(
    stripe_settings, stripe_api, deliver, held, make_attempt, session_json, make_event
):
    make_attempt(held)
    completed = make_event("checkout.session.completed", session_json(held, "complete_paid"))

    assert deliver(completed).status_code == 200

    held.refresh_from_db()
    assert held.status == Booking.Status.CONFIRMED
    assert Room.objects.get(booking=held).created_at == held.confirmed_at


@pytest.mark.django_db(transaction=True)
def test_a_booking_paid_on_the_offline_test_page_gets_its_room(offline, signed_in, held):
    from payments.models import Payment

    test_page = signed_in.post(f"/bookings/{held.reference}/pay/")["Location"]
    payment = Payment.objects.get()
    signed_in.post(test_page, {"session_id": payment.checkout_session_id, "outcome": "pay"})

    held.refresh_from_db()
    assert held.status == Booking.Status.CONFIRMED
    assert Room.objects.filter(booking=held).count() == 1


def test_a_free_booking_confirmed_by_its_client_gets_its_room(
    signed_in, client_user, free_service, now
):
    hold = free_hold(client_user, free_service, now)

    signed_in.post(f"/bookings/{hold.reference}/confirm/")

    hold.refresh_from_db()
    assert hold.status == Booking.Status.CONFIRMED
    assert Room.objects.get(booking=hold).created_at == hold.confirmed_at


def test_a_confirmation_rolled_back_leaves_no_room(client_user, free_service, now):
    hold = free_hold(client_user, free_service, now)

    def confirm_then_fail():
        with transaction.atomic():
            services.booking_confirm(booking=hold, now=now)
            raise RuntimeError("something after the confirmation failed")

    with pytest.raises(RuntimeError):
        confirm_then_fail()

    assert not Room.objects.filter(booking=hold).exists()


def test_confirming_again_keeps_the_room_it_has(client_user, free_service, now):
    hold = free_hold(client_user, free_service, now)
    booking = services.booking_confirm(booking=hold, now=now)
    room = Room.objects.get(booking=booking)

    services.booking_confirm(booking=booking, now=now + timedelta(minutes=1))

    assert list(Room.objects.filter(booking=booking)) == [room]
    assert Room.objects.get(booking=booking).name == room.name


def test_a_confirmation_refused_makes_no_room(client_user, service, now):
    # A paid booking nobody has paid for is not confirmed, and gets no room.
    start = next(iter(offered_slots(service=service, now=now)))
    hold = services.booking_hold(
        client=client_user, service=service, start=start, client_tz="UTC", now=now
    )

    with pytest.raises(services.NotPaid):
        services.booking_confirm(booking=hold, now=now)

    assert not Room.objects.filter(booking=hold).exists()


# Kept, deleted, renewed ---------------------------------------------------------------------


def test_moving_a_booking_keeps_its_room(make_booking, client_user, free_service, now):
    booking = make_booking(client=client_user, service=free_service)
    name = booking.room.name

    services.booking_reschedule(
        booking=booking, new_start=booking.start + timedelta(days=1), now=now
    )

    booking.refresh_from_db()
    assert booking.times_rescheduled == 1
    assert Room.objects.get(booking=booking).name == name


@pytest.mark.parametrize("by", [Actor.CLIENT, Actor.PRACTITIONER])
def test_cancelling_a_booking_deletes_its_room(make_booking, client_user, free_service, now, by):
    booking = make_booking(client=client_user, service=free_service)
    assert Room.objects.filter(booking=booking).exists()

    services.booking_cancel(booking=booking, by=by, now=now)

    assert not Room.objects.filter(booking=booking).exists()


def test_a_new_room_has_a_new_name_and_the_old_one_is_gone(
    make_booking, client_user, free_service, now
):
    booking = make_booking(client=client_user, service=free_service)
    old = booking.room.name

    room = room_renew(booking=booking, now=now)

    assert room.name != old
    assert len(room.name) == len(old)
    assert (room.renewed_at, Room.objects.get(booking=booking).name) == (now, room.name)
    assert not Room.objects.filter(name=old).exists()


def test_a_session_on_her_own_link_gets_no_new_room(make_booking, client_user, free_service, now):
    booking = make_booking(client=client_user, service=free_service)
    settings = RoomSettings.objects.create(provider=RoomSettings.Provider.OWN_LINK)
    ServiceRoomLink.objects.create(
        room_settings=settings, service=free_service, url="https://zoom.example/j/42"
    )

    with pytest.raises(services.InvalidState, match="your own meeting link"):
        room_renew(booking=booking, now=now)

    assert Room.objects.get(booking=booking).name == booking.room.name


@pytest.mark.parametrize("status", ["held", "cancelled", "completed"])
def test_only_a_confirmed_booking_gets_a_new_room(
    make_booking, client_user, free_service, now, status
):
    booking = make_booking(client=client_user, service=free_service, status=status)
    before = list(Room.objects.values_list("booking", "name"))

    with pytest.raises(services.InvalidState):
        room_renew(booking=booking, now=now)

    assert list(Room.objects.values_list("booking", "name")) == before


def test_a_confirmed_booking_without_a_room_gets_one_when_joined(
    make_booking, client_user, free_service, now
):
    booking = make_booking(client=client_user, service=free_service)
    Room.objects.filter(booking=booking).delete()  # confirmed before rooms existed

    room = room_ensure(booking=booking, now=now)

    assert Room.objects.get(booking=booking) == room
    assert room_ensure(booking=booking, now=now).name == room.name
