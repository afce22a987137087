"""The booking life cycle's domain functions, against the real database."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import IntegrityError, transaction

from bookings import services
from bookings.models import Booking, CancellationPolicy
from bookings.selectors import offered_slots

pytestmark = pytest.mark.django_db

MINUTES = timedelta(minutes=1)


def hold(service, start, now, client):
    return services.booking_hold(
        client=client, service=service, start=start, client_tz="America/New_York", now=now
    )


# Hold -------------------------------------------------------------------------------------


def test_hold_reserves_the_slot_with_snapshots(service, client_user, practitioner, fixed_now, at):
    start = at(1, 9)  # Tuesday 09:00 London (GMT)
    booking = hold(service, start, fixed_now, client_user)

    booking.refresh_from_db()
    assert booking.status == Booking.Status.HELD
    assert booking.practitioner == practitioner
    assert (booking.start, booking.end) == (start, start + 60 * MINUTES)
    assert (booking.blocked_start, booking.blocked_end) == (
        start - 15 * MINUTES,
        start + 75 * MINUTES,
    )
    assert booking.hold_expires_at == fixed_now + 30 * MINUTES
    assert booking.client_time_zone == "America/New_York"
    assert (booking.price_amount, booking.price_currency) == (9500, "GBP")
    assert booking.policy_snapshot == {
        "notice_hours": 48,
        "refund_percent_with_notice": 100,
        "refund_percent_late": 0,
    }
    assert len(booking.reference) >= 16


def test_references_are_unguessable_and_distinct(service, make_user, fixed_now, at):
    references = {
        hold(service, at(1, 9) + step * 90 * MINUTES, fixed_now, make_user()).reference
        for step in range(4)
    }
    assert len(references) == 4
    assert all(len(reference) >= 16 for reference in references)


def test_second_hold_on_same_slot_is_refused(service, client_user, other_client, fixed_now, at):
    hold(service, at(1, 9), fixed_now, client_user)
    with pytest.raises(services.SlotTaken, match="this time was just taken"):
        hold(service, at(1, 9), fixed_now + MINUTES, other_client)
    assert Booking.objects.count() == 1


def test_a_hold_overlapping_only_the_buffer_is_refused(service, client_user, other_client, at):
    now = at(0, 8)
    hold(service, at(1, 9), now, client_user)  # blocks 08:45-10:15
    with pytest.raises(services.SlotTaken):
        hold(service, at(1, 10), now, other_client)  # would block 09:45-11:15


def test_a_hold_touching_the_buffer_is_accepted(service, client_user, other_client, fixed_now, at):
    hold(service, at(1, 9), fixed_now, client_user)  # blocks 08:45-10:15
    booking = hold(service, at(1, 10, 30), fixed_now, other_client)  # blocks 10:15-11:45
    assert booking.status == Booking.Status.HELD


def test_an_expired_hold_frees_the_slot_before_any_job_runs(
    service, client_user, other_client, fixed_now, at
):
    first = hold(service, at(1, 9), fixed_now, client_user)
    later = fixed_now + 31 * MINUTES  # the hold ran out a minute ago; nothing has marked it
    assert at(1, 9) in offered_slots(service=service, now=later)

    second = hold(service, at(1, 9), later, other_client)

    first.refresh_from_db()
    assert first.status == Booking.Status.EXPIRED
    assert second.status == Booking.Status.HELD


@pytest.mark.parametrize(
    ("label", "start"),
    [
        ("outside the weekly hours", datetime(2026, 3, 3, 18, 0, tzinfo=UTC)),
        ("off the 30-minute grid", datetime(2026, 3, 3, 9, 10, tzinfo=UTC)),
        ("inside the minimum notice", datetime(2026, 3, 2, 15, 0, tzinfo=UTC)),
        ("beyond the horizon", datetime(2026, 5, 20, 9, 0, tzinfo=UTC)),
        ("in the past", datetime(2026, 3, 1, 9, 0, tzinfo=UTC)),
        ("ending after the day's hours", datetime(2026, 3, 3, 16, 30, tzinfo=UTC)),
    ],
)
def test_a_time_the_engine_does_not_offer_is_refused(service, client_user, fixed_now, label, start):
    with pytest.raises(services.SlotUnavailable):
        hold(service, start, fixed_now, client_user)
    assert not Booking.objects.exists()


def test_time_off_makes_a_slot_unavailable(service, client_user, practitioner, fixed_now, at):
    practitioner.time_off.create(start=at(1, 0), end=at(2, 0), reason="Training")
    with pytest.raises(services.SlotUnavailable):
        hold(service, at(1, 9), fixed_now, client_user)


def test_extra_availability_adds_bookable_times(service, client_user, practitioner, fixed_now, at):
    practitioner.extra_availability.create(start=at(1, 18), end=at(1, 20), note="Evening")
    booking = hold(service, at(1, 18, 30), fixed_now, client_user)
    assert booking.start == at(1, 18, 30)


def test_an_inactive_service_cannot_be_held(service, client_user, fixed_now, at):
    service.active = False
    service.save()
    with pytest.raises(services.SlotUnavailable):
        hold(service, at(1, 9), fixed_now, client_user)


def test_an_unknown_client_zone_falls_back_to_the_practitioners(
    service, client_user, fixed_now, at
):
    booking = services.booking_hold(
        client=client_user, service=service, start=at(1, 9), client_tz="Mars/Olympus", now=fixed_now
    )
    assert booking.client_time_zone == "Europe/London"


def test_a_free_service_is_held_at_no_price(free_service, client_user, fixed_now, at):
    booking = hold(free_service, at(1, 9), fixed_now, client_user)
    assert booking.price_amount == 0
    assert booking.blocked_start == booking.start


# Extend -----------------------------------------------------------------------------------


def test_extending_a_hold_gives_another_full_period(service, client_user, fixed_now, at):
    booking = hold(service, at(1, 9), fixed_now, client_user)
    extended = services.booking_extend_hold(booking=booking, now=fixed_now + 25 * MINUTES)
    assert extended.hold_expires_at == fixed_now + 55 * MINUTES
    assert extended.status == Booking.Status.HELD


def test_a_hold_that_ran_out_can_be_extended_while_the_slot_is_free(
    service, client_user, fixed_now, at
):
    booking = hold(service, at(1, 9), fixed_now, client_user)
    services.booking_expire_holds(now=fixed_now + 40 * MINUTES)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.EXPIRED

    extended = services.booking_extend_hold(booking=booking, now=fixed_now + 45 * MINUTES)
    assert extended.status == Booking.Status.HELD
    assert extended.hold_expires_at == fixed_now + 75 * MINUTES


def test_a_hold_cannot_be_extended_once_someone_else_has_the_slot(
    service, client_user, other_client, fixed_now, at
):
    first = hold(service, at(1, 9), fixed_now, client_user)
    hold(service, at(1, 9), fixed_now + 31 * MINUTES, other_client)
    with pytest.raises(services.SlotTaken):
        services.booking_extend_hold(booking=first, now=fixed_now + 32 * MINUTES)


def test_a_confirmed_booking_is_not_extended(free_service, client_user, fixed_now, at):
    booking = hold(free_service, at(1, 9), fixed_now, client_user)
    services.booking_confirm(booking=booking, now=fixed_now)
    with pytest.raises(services.InvalidState):
        services.booking_extend_hold(booking=booking, now=fixed_now)


# Hold limits ------------------------------------------------------------------------------


def live_holds(client):
    return list(
        Booking.objects.filter(client=client, status=Booking.Status.HELD).values_list(
            "start", flat=True
        )
    )


def test_one_account_cannot_hold_every_free_time_of_a_day(service, client_user, fixed_now, at):
    for hour in range(9, 16):
        hold(service, at(1, hour), fixed_now, client_user)

    # Each new time released the one before: one live hold, the last chosen.
    assert live_holds(client_user) == [at(1, 15)]
    assert at(1, 9) in offered_slots(service=service, now=fixed_now)


def test_a_new_time_of_the_same_service_releases_her_previous_hold(
    service, client_user, other_client, fixed_now, at
):
    first = hold(service, at(1, 9), fixed_now, client_user)
    second = hold(service, at(2, 11), fixed_now + MINUTES, client_user)

    first.refresh_from_db()
    assert (first.status, first.hold_expires_at) == (Booking.Status.EXPIRED, fixed_now + MINUTES)
    assert second.status == Booking.Status.HELD
    # The released time is free for anyone at once.
    assert hold(service, at(1, 9), fixed_now + 2 * MINUTES, other_client).status == "held"


def test_she_may_hold_one_time_of_each_service(service, free_service, client_user, fixed_now, at):
    hold(service, at(1, 9), fixed_now, client_user)
    hold(free_service, at(2, 9), fixed_now, client_user)
    assert sorted(live_holds(client_user)) == [at(1, 9), at(2, 9)]


def test_holding_her_own_held_time_again_gives_her_that_hold(service, client_user, fixed_now, at):
    first = hold(service, at(1, 9), fixed_now, client_user)

    again = hold(service, at(1, 9), fixed_now + 5 * MINUTES, client_user)  # a second tab

    assert again.pk == first.pk
    # Not a new period: no way round the cap.
    assert again.hold_expires_at == fixed_now + 30 * MINUTES
    assert Booking.objects.count() == 1


def test_a_hold_being_paid_for_is_not_released_for_another_time(
    service, client_user, fixed_now, at
):
    from tests.factories import PaymentFactory

    first = hold(service, at(1, 9), fixed_now, client_user)
    PaymentFactory(
        booking=first, checkout_session_id="cs_test_open", expires_at=fixed_now + 30 * MINUTES
    )

    with pytest.raises(services.HoldRefused, match="in the middle of paying") as refused:
        hold(service, at(2, 9), fixed_now + MINUTES, client_user)

    assert refused.value.booking == first
    first.refresh_from_db()
    assert first.status == Booking.Status.HELD
    assert live_holds(client_user) == [at(1, 9)]


def test_a_hold_can_be_extended_ten_times_and_no_more(service, client_user, fixed_now, at):
    booking = hold(service, at(1, 9), fixed_now, client_user)
    for extension in range(1, 11):
        booking = services.booking_extend_hold(booking=booking, now=fixed_now + extension * MINUTES)
    assert booking.hold_extensions == 10
    held_until = booking.hold_expires_at

    with pytest.raises(services.HoldRefused, match="as long as we can hold a time"):
        services.booking_extend_hold(booking=booking, now=fixed_now + 11 * MINUTES)

    booking.refresh_from_db()
    assert (booking.hold_extensions, booking.hold_expires_at) == (10, held_until)


def test_a_hold_that_ran_out_counts_holding_it_again_as_an_extension(
    service, client_user, fixed_now, at
):
    booking = hold(service, at(1, 9), fixed_now, client_user)
    for period in range(1, 11):
        booking = services.booking_extend_hold(
            booking=booking, now=fixed_now + period * 31 * MINUTES
        )
    with pytest.raises(services.HoldRefused):
        services.booking_extend_hold(booking=booking, now=fixed_now + 11 * 31 * MINUTES)


def test_releasing_and_holding_the_time_anew_does_not_restart_the_count(
    service, client_user, fixed_now, at
):
    booking = hold(service, at(1, 9), fixed_now, client_user)
    for extension in range(1, 11):
        booking = services.booking_extend_hold(booking=booking, now=fixed_now + extension * MINUTES)
    services.booking_cancel(booking=booking, by="client", now=fixed_now + 12 * MINUTES)

    with pytest.raises(services.HoldRefused, match="Please choose another time"):
        hold(service, at(1, 9), fixed_now + 13 * MINUTES, client_user)

    # Another time is fine, and so is this one for anyone else.
    assert hold(service, at(1, 11), fixed_now + 13 * MINUTES, client_user).status == "held"


def test_holding_an_expired_hold_again_releases_her_newer_hold(service, client_user, fixed_now, at):
    first = hold(service, at(1, 9), fixed_now, client_user)
    second = hold(service, at(2, 9), fixed_now + MINUTES, client_user)  # releases the first

    again = services.booking_extend_hold(booking=first, now=fixed_now + 2 * MINUTES)

    second.refresh_from_db()
    assert (again.pk, again.status) == (first.pk, Booking.Status.HELD)
    assert second.status == Booking.Status.EXPIRED
    assert live_holds(client_user) == [at(1, 9)]


# Confirm ----------------------------------------------------------------------------------


def test_confirming_a_hold_confirms_it_once(
    free_service, client_user, fixed_now, at, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    booking = hold(free_service, at(1, 9), fixed_now, client_user)
    before = DBTaskResult.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = services.booking_confirm(booking=booking, now=fixed_now + MINUTES)
    after_first = DBTaskResult.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        again = services.booking_confirm(booking=booking, now=fixed_now + 2 * MINUTES)

    assert confirmed.status == again.status == Booking.Status.CONFIRMED
    assert again.confirmed_at == fixed_now + MINUTES
    # The client's confirmation and the practitioner's notice are queued; nothing on the repeat.
    assert after_first - before == 2
    assert DBTaskResult.objects.count() == after_first


def test_a_paid_booking_is_not_confirmed_without_a_paid_payment(
    service, client_user, fixed_now, at, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    booking = hold(service, at(1, 9), fixed_now, client_user)
    before = DBTaskResult.objects.count()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(services.NotPaid):
        services.booking_confirm(booking=booking, now=fixed_now + MINUTES)

    booking.refresh_from_db()
    assert (booking.status, booking.confirmed_at) == (Booking.Status.HELD, None)
    assert DBTaskResult.objects.count() == before  # no confirmation e-mail


@pytest.mark.parametrize(
    ("status", "amount"),
    [
        ("open", 9500),  # sent to Checkout, not paid
        ("failed", 9500),
        ("expired", 9500),
        ("refunded", 9500),  # taken, and given back
        ("paid", 500),  # not the booking's price
    ],
)
def test_a_payment_that_is_not_the_paid_price_does_not_confirm_a_booking(
    service, client_user, fixed_now, at, record_payment, status, amount
):
    booking = hold(service, at(1, 9), fixed_now, client_user)
    payment = record_payment(booking, at=fixed_now)
    payment.status, payment.amount = status, amount
    payment.save()

    with pytest.raises(services.NotPaid):
        services.booking_confirm(booking=booking, now=fixed_now + MINUTES)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.HELD


def test_a_paid_booking_is_confirmed_once_its_payment_is_recorded(
    service, client_user, fixed_now, at, record_payment
):
    booking = hold(service, at(1, 9), fixed_now, client_user)
    record_payment(booking, at=fixed_now + MINUTES)

    confirmed = services.booking_confirm(booking=booking, now=fixed_now + MINUTES)

    assert confirmed.status == Booking.Status.CONFIRMED


def test_a_free_booking_needs_no_payment_to_be_confirmed(free_service, client_user, fixed_now, at):
    booking = hold(free_service, at(1, 9), fixed_now, client_user)

    assert (
        services.booking_confirm(booking=booking, now=fixed_now).status == Booking.Status.CONFIRMED
    )
    assert not booking.payments.exists()


def test_a_late_confirmation_succeeds_while_the_slot_is_still_free(
    service, client_user, fixed_now, at, record_payment
):
    booking = hold(service, at(1, 9), fixed_now, client_user)
    services.booking_expire_holds(now=fixed_now + 31 * MINUTES)
    record_payment(booking, at=fixed_now + 40 * MINUTES)  # a payment that arrived after the hold
    confirmed = services.booking_confirm(booking=booking, now=fixed_now + 40 * MINUTES)
    assert confirmed.status == Booking.Status.CONFIRMED


def test_a_late_confirmation_fails_when_someone_else_took_the_slot(
    service, client_user, other_client, fixed_now, at, record_payment
):
    booking = hold(service, at(1, 9), fixed_now, client_user)
    hold(service, at(1, 9), fixed_now + 31 * MINUTES, other_client)
    record_payment(booking, at=fixed_now + 40 * MINUTES)
    with pytest.raises(services.SlotTaken):
        services.booking_confirm(booking=booking, now=fixed_now + 40 * MINUTES)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.EXPIRED


def test_a_cancelled_booking_cannot_be_confirmed(service, client_user, fixed_now, at):
    booking = hold(service, at(1, 9), fixed_now, client_user)
    services.booking_cancel(booking=booking, by="client", now=fixed_now)
    with pytest.raises(services.InvalidState):
        services.booking_confirm(booking=booking, now=fixed_now)


def test_expire_holds_marks_only_holds_past_their_expiry(
    service, make_user, fixed_now, at, free_service
):
    old = hold(service, at(1, 9), fixed_now, make_user())
    fresh = hold(service, at(1, 12), fixed_now + 20 * MINUTES, make_user())
    confirmed = hold(free_service, at(2, 9), fixed_now, make_user())
    services.booking_confirm(booking=confirmed, now=fixed_now)

    assert services.booking_expire_holds(now=fixed_now + 30 * MINUTES) == 1

    statuses = dict(Booking.objects.values_list("pk", "status"))
    assert statuses == {old.pk: "expired", fresh.pk: "held", confirmed.pk: "confirmed"}


# Cancel -----------------------------------------------------------------------------------


def test_a_client_cancelling_in_time_gets_a_full_refund(
    service, client_user, make_booking, fixed_now, at
):
    booking = make_booking(client=client_user, service=service, start=at(5, 10))
    outcome = services.booking_cancel(booking=booking, by="client", reason=" Ill ", now=fixed_now)

    booking.refresh_from_db()
    assert (outcome.allowed, outcome.refund_amount) == (True, 9500)
    assert booking.status == Booking.Status.CANCELLED
    assert (booking.cancelled_by, booking.cancelled_at) == ("client", fixed_now)
    assert (booking.cancellation_reason, booking.refund_amount) == ("Ill", 9500)


def test_a_client_cancelling_late_gets_no_refund(service, client_user, make_booking, fixed_now, at):
    booking = make_booking(client=client_user, service=service, start=at(1, 10))
    outcome = services.booking_cancel(booking=booking, by="client", now=fixed_now)
    booking.refresh_from_db()
    assert (outcome.allowed, outcome.refund_amount, booking.refund_amount) == (True, 0, 0)
    assert booking.status == Booking.Status.CANCELLED


def test_a_client_cannot_cancel_a_session_that_started(
    service, client_user, make_booking, fixed_now, at
):
    booking = make_booking(client=client_user, service=service, start=at(0, 7, 30))
    with pytest.raises(services.PolicyRefused):
        services.booking_cancel(booking=booking, by="client", now=fixed_now)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_the_practitioner_can_always_cancel_with_a_full_refund(
    service, client_user, make_booking, fixed_now, at
):
    booking = make_booking(client=client_user, service=service, start=at(0, 10))
    outcome = services.booking_cancel(booking=booking, by="practitioner", now=fixed_now)
    booking.refresh_from_db()
    assert outcome.refund_amount == booking.refund_amount == 9500
    assert booking.cancelled_by == "practitioner"


def test_the_policy_in_force_when_booked_applies(service, client_user, make_booking, fixed_now, at):
    booking = make_booking(client=client_user, service=service, start=at(3, 10))  # 74 h away
    CancellationPolicy.objects.update(notice_hours=96, refund_percent_late=0)
    outcome = services.booking_cancel(booking=booking, by="client", now=fixed_now)
    assert outcome.refund_amount == 9500  # the snapshot says 48 hours


def test_cancelling_frees_the_slot(service, client_user, other_client, make_booking, fixed_now, at):
    booking = make_booking(client=client_user, service=service, start=at(3, 10))
    assert at(3, 10) not in offered_slots(service=service, now=fixed_now)
    services.booking_cancel(booking=booking, by="client", now=fixed_now)
    assert hold(service, at(3, 10), fixed_now, other_client).status == Booking.Status.HELD


def test_an_inactive_booking_cannot_be_cancelled(service, client_user, make_booking, fixed_now, at):
    booking = make_booking(client=client_user, service=service, start=at(3, 10), status="expired")
    with pytest.raises(services.InvalidState):
        services.booking_cancel(booking=booking, by="client", now=fixed_now)


# Reschedule -------------------------------------------------------------------------------


def test_rescheduling_moves_the_same_booking(service, client_user, make_booking, fixed_now, at):
    booking = make_booking(
        client=client_user, service=service, start=at(5, 10), reminder_sent_at=fixed_now
    )
    moved = services.booking_reschedule(booking=booking, new_start=at(6, 14), now=fixed_now)

    booking.refresh_from_db()
    assert moved.pk == booking.pk
    assert Booking.objects.count() == 1
    assert (booking.start, booking.end) == (at(6, 14), at(6, 15))
    assert (booking.blocked_start, booking.blocked_end) == (at(6, 13, 45), at(6, 15, 15))
    assert booking.status == Booking.Status.CONFIRMED
    assert booking.reminder_sent_at is None
    assert (booking.times_rescheduled, booking.rescheduled_at) == (1, fixed_now)
    assert at(5, 10) in offered_slots(service=service, now=fixed_now)


def test_rescheduling_may_overlap_the_bookings_own_old_time(
    service, client_user, make_booking, fixed_now, at
):
    booking = make_booking(client=client_user, service=service, start=at(5, 10))
    moved = services.booking_reschedule(booking=booking, new_start=at(5, 10, 30), now=fixed_now)
    assert moved.start == at(5, 10, 30)


def test_rescheduling_onto_a_taken_time_is_refused(
    service, client_user, other_client, make_booking, fixed_now, at
):
    booking = make_booking(client=client_user, service=service, start=at(5, 10))
    make_booking(client=other_client, service=service, start=at(6, 10))
    with pytest.raises(services.SlotTaken):
        services.booking_reschedule(booking=booking, new_start=at(6, 10, 30), now=fixed_now)
    booking.refresh_from_db()
    assert booking.start == at(5, 10)


def test_rescheduling_to_a_time_not_offered_is_refused(
    service, client_user, make_booking, fixed_now, at
):
    booking = make_booking(client=client_user, service=service, start=at(5, 10))
    with pytest.raises(services.SlotUnavailable):
        services.booking_reschedule(booking=booking, new_start=at(6, 3), now=fixed_now)


def test_a_client_cannot_reschedule_inside_the_notice_window(
    service, client_user, make_booking, fixed_now, at
):
    booking = make_booking(client=client_user, service=service, start=at(1, 10))
    with pytest.raises(services.PolicyRefused):
        services.booking_reschedule(booking=booking, new_start=at(6, 10), now=fixed_now)


def test_a_client_cannot_move_a_session_into_the_notice_window(
    service, client_user, make_booking, fixed_now, at
):
    booking = make_booking(client=client_user, service=service, start=at(5, 10))
    assert at(1, 10) in offered_slots(service=service, now=fixed_now)  # free, but 26 hours away

    with pytest.raises(services.PolicyRefused, match="at least 48 hours from now"):
        services.booking_reschedule(booking=booking, new_start=at(1, 10), now=fixed_now)

    booking.refresh_from_db()
    assert (booking.start, booking.times_rescheduled) == (at(5, 10), 0)
    # Exactly 48 hours ahead is still in time, as for cancelling.
    moved = services.booking_reschedule(booking=booking, new_start=at(2, 10), now=at(0, 10))
    assert moved.start == at(2, 10)


def test_the_practitioner_may_move_a_session_to_any_time_she_offers(
    service, client_user, make_booking, fixed_now, at
):
    booking = make_booking(client=client_user, service=service, start=at(5, 10))
    moved = services.booking_reschedule(
        booking=booking, new_start=at(1, 10), now=fixed_now, by="practitioner"
    )
    assert moved.start == at(1, 10)


def test_only_a_confirmed_booking_can_be_rescheduled(service, client_user, fixed_now, at):
    booking = hold(service, at(5, 10), fixed_now, client_user)
    with pytest.raises(services.InvalidState):
        services.booking_reschedule(booking=booking, new_start=at(6, 10), now=fixed_now)


# After the session ------------------------------------------------------------------------


def test_a_session_is_marked_completed_or_missed_only_once_started(
    service, client_user, make_booking, fixed_now, at
):
    booking = make_booking(client=client_user, service=service, start=at(1, 10))
    with pytest.raises(services.InvalidState):
        services.booking_mark_completed(booking=booking, now=fixed_now)
    done = services.booking_mark_completed(booking=booking, now=at(1, 11))
    assert done.status == Booking.Status.COMPLETED

    other = make_booking(client=client_user, service=service, start=at(2, 10))
    missed = services.booking_mark_no_show(booking=other, now=at(2, 10, 20))
    assert missed.status == Booking.Status.NO_SHOW


# The database's own guard -----------------------------------------------------------------


@pytest.mark.postgresql  # the exclusion constraint
def test_postgresql_refuses_two_overlapping_active_bookings_by_itself(
    service, client_user, other_client, make_booking, at
):
    make_booking(client=client_user, service=service, start=at(3, 10))
    # Written straight to the table, past every check in Python.
    with pytest.raises(IntegrityError, match="booking_no_overlap"), transaction.atomic():
        make_booking(client=other_client, service=service, start=at(3, 10, 30))
    # Inactive bookings do not count.
    make_booking(client=other_client, service=service, start=at(3, 10, 30), status="cancelled")


def test_the_database_refuses_a_session_outside_its_blocked_range(
    service, client_user, make_booking, at
):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_booking(
            client=client_user, service=service, start=at(3, 10), blocked_start=at(3, 10, 30)
        )
