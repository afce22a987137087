"""A credit through a booking's life: reserved by the hold, spent on confirmation, returned,
forfeited or released as the policy and the hold say; never for a purchase that expired."""

from datetime import timedelta

import pytest

from bookings import services
from bookings.policy import Actor

pytestmark = pytest.mark.django_db


def use_of(booking):
    from packages.models import CreditUse

    return CreditUse.objects.filter(booking=booking).first()


def test_a_hold_of_a_service_she_has_a_credit_for_reserves_it_and_owes_nothing(
    client_user, package_journey, package_paid, package_hold, package_credit, service
):
    purchase = package_paid(client_user, package_journey)

    held = package_hold(client_user, service)

    assert use_of(held).state == "reserved"
    assert services.amount_due(held) == 0
    credit = package_credit(purchase, service)
    assert (credit.total, credit.used, credit.left) == (1, 1, 0)


def test_without_a_package_the_hold_owes_its_price(client_user, package_hold, service):
    held = package_hold(client_user, service)

    assert use_of(held) is None
    assert services.amount_due(held) == 9500


def test_a_credit_for_another_service_pays_nothing(
    client_user, make_service, package_journey, package_paid, package_hold
):
    package_paid(client_user, package_journey)
    other = make_service("coaching", name="Coaching", price_amount=7000)

    held = package_hold(client_user, other)

    assert use_of(held) is None
    assert services.amount_due(held) == 7000


def test_confirming_spends_the_credit(
    client_user, package_journey, package_paid, package_hold, package_credit, service, now
):
    purchase = package_paid(client_user, package_journey)
    held = package_hold(client_user, service)

    confirmed = services.booking_confirm(booking=held, now=now)

    assert confirmed.status == "confirmed"
    assert use_of(held).state == "spent"
    assert package_credit(purchase, service).used == 1


def test_a_cancellation_in_time_returns_the_credit(
    client_user, package_journey, package_paid, package_hold, package_credit, service, now
):
    purchase = package_paid(client_user, package_journey)
    booking = services.booking_confirm(booking=package_hold(client_user, service), now=now)

    outcome = services.booking_cancel(booking=booking, by=Actor.CLIENT, now=now)

    assert outcome.reason == "in_time"
    assert use_of(booking).state == "returned"
    credit = package_credit(purchase, service)
    assert (credit.used, credit.left) == (0, 1)
    # It still paid for the booking: nothing is owed on a cancelled booking.
    assert services.amount_due(booking) == 0


def test_a_late_cancellation_forfeits_the_credit(
    client_user, package_journey, package_paid, package_hold, package_credit, service, now
):
    purchase = package_paid(client_user, package_journey)
    booking = services.booking_confirm(booking=package_hold(client_user, service), now=now)
    late = booking.start - timedelta(hours=10)

    outcome = services.booking_cancel(booking=booking, by=Actor.CLIENT, now=late)

    assert (outcome.reason, outcome.refund_amount) == ("late", 0)
    assert use_of(booking).state == "forfeited"
    credit = package_credit(purchase, service)
    assert (credit.used, credit.left) == (1, 0)


def test_the_practitioner_cancelling_even_late_returns_the_credit(
    client_user, package_journey, package_paid, package_hold, package_credit, service, now
):
    purchase = package_paid(client_user, package_journey)
    booking = services.booking_confirm(booking=package_hold(client_user, service), now=now)
    late = booking.start - timedelta(hours=2)

    services.booking_cancel(booking=booking, by=Actor.PRACTITIONER, now=late)

    assert use_of(booking).state == "returned"
    assert package_credit(purchase, service).left == 1


def test_a_late_cancellation_under_a_policy_that_refunds_part_returns_the_credit(
    client_user, package_journey, package_paid, package_hold, package_credit, service, now
):
    from bookings.models import Booking

    purchase = package_paid(client_user, package_journey)
    booking = services.booking_confirm(booking=package_hold(client_user, service), now=now)
    # The terms she booked under (the booking's snapshot) give half back when late.
    Booking.objects.filter(pk=booking.pk).update(
        policy_snapshot={**booking.policy_snapshot, "refund_percent_late": 50}
    )
    booking.refresh_from_db()

    late = booking.start - timedelta(hours=3)
    services.booking_cancel(booking=booking, by=Actor.CLIENT, now=late)

    assert use_of(booking).state == "returned"
    assert package_credit(purchase, service).left == 1


def test_letting_a_hold_go_releases_its_credit(
    client_user, package_journey, package_paid, package_hold, package_credit, service, now
):
    purchase = package_paid(client_user, package_journey)
    held = package_hold(client_user, service)

    services.booking_cancel(booking=held, by=Actor.CLIENT, now=now)

    assert use_of(held).state == "released"
    assert package_credit(purchase, service).left == 1
    assert services.amount_due(held) == 9500


def test_holding_another_time_moves_the_credit_to_the_new_hold(
    client_user, package_journey, package_paid, package_hold, package_credit, service
):
    purchase = package_paid(client_user, package_journey)
    first = package_hold(client_user, service, days=7)

    second = package_hold(client_user, service, days=8)

    assert (use_of(first).state, use_of(second).state) == ("released", "reserved")
    assert package_credit(purchase, service).used == 1


def test_the_periodic_job_releases_the_credits_of_holds_that_ran_out(
    client_user, package_journey, package_paid, package_hold, package_credit, service, now
):
    from packages.credits import reservations_release_ended

    purchase = package_paid(client_user, package_journey)
    held = package_hold(client_user, service)

    assert reservations_release_ended(now=now) == 0
    assert reservations_release_ended(now=held.hold_expires_at + timedelta(seconds=1)) == 1

    assert use_of(held).state == "released"
    assert package_credit(purchase, service).left == 1


def test_holding_the_time_again_after_it_ran_out_reserves_a_credit_again(
    client_user, package_journey, package_paid, package_hold, package_credit, service
):
    from packages.credits import reservations_release_ended

    purchase = package_paid(client_user, package_journey)
    held = package_hold(client_user, service)
    later = held.hold_expires_at + timedelta(minutes=5)
    reservations_release_ended(now=later)

    again = services.booking_extend_hold(booking=held, now=later)

    assert use_of(again).state == "reserved"
    assert services.amount_due(again) == 0
    assert package_credit(purchase, service).used == 1


def test_keeping_a_hold_for_longer_keeps_its_one_credit(
    client_user, package_journey, package_paid, package_hold, package_credit, service, now
):
    purchase = package_paid(client_user, package_journey)
    held = package_hold(client_user, service)

    services.booking_extend_hold(booking=held, now=now + timedelta(minutes=10))

    assert use_of(held).state == "reserved"
    assert package_credit(purchase, service).used == 1


def test_an_expired_purchase_gives_no_credit(
    client_user, package_journey, package_paid, package_hold, service, now
):
    package_paid(client_user, package_journey, paid_at=now - timedelta(days=200))

    held = package_hold(client_user, service)

    assert use_of(held) is None
    assert services.amount_due(held) == 9500


def test_a_session_after_the_credits_expire_is_not_paid_with_one(
    client_user, package_journey, package_paid, package_hold, service, now
):
    # Bought six months less three days ago: valid now, but not for a session in a week.
    purchase = package_paid(client_user, package_journey, paid_at=now - timedelta(days=180))
    assert purchase.is_valid_at(now)

    held = package_hold(client_user, service, days=7)

    assert held.start > purchase.expires_at
    assert use_of(held) is None


def test_the_purchase_that_expires_first_pays_first(
    client_user, package_journey, package_paid, package_hold, package_credit, service, now
):
    older = package_paid(client_user, package_journey, paid_at=now - timedelta(days=60))
    newer = package_paid(client_user, package_journey, paid_at=now - timedelta(days=1))

    held = package_hold(client_user, service)

    assert use_of(held).credit.purchase == older
    assert (package_credit(older, service).left, package_credit(newer, service).left) == (0, 1)


def test_another_clients_credits_never_pay_for_her(
    client_user, other_client, package_journey, package_paid, package_hold, service
):
    package_paid(other_client, package_journey)

    held = package_hold(client_user, service)

    assert use_of(held) is None


def test_a_visitors_hold_takes_her_credit_once_she_signs_in(
    client_user, package_journey, package_paid, package_credit, service, now
):
    from bookings.holds import claim_visitor_holds
    from bookings.visitors import Visitor

    purchase = package_paid(client_user, package_journey)
    start = (now + timedelta(days=7)).replace(hour=10, minute=0, second=0)
    held = services.booking_hold(
        visitor=Visitor(key="visitor-key", address="address"),
        service=service,
        start=start,
        client_tz="Europe/London",
        now=now,
    )
    assert use_of(held) is None

    claim_visitor_holds(visitor_key="visitor-key", client=client_user, now=now)

    assert use_of(held).state == "reserved"
    assert package_credit(purchase, service).used == 1


def test_a_hold_she_is_paying_for_with_money_keeps_being_paid_with_money(
    client_user, package_journey, package_paid, package_hold, service, now
):
    from tests.factories import PaymentFactory

    held = package_hold(client_user, service)
    PaymentFactory(booking=held, now=now)  # she is at Checkout for it
    package_paid(client_user, package_journey)  # and buys a package in another tab

    services.booking_extend_hold(booking=held, now=now + timedelta(minutes=5))

    assert use_of(held) is None
    assert services.amount_due(held) == 9500


def test_a_free_session_takes_no_credit(
    client_user, free_service, package_journey, package_paid, package_hold
):
    package_paid(client_user, package_journey)

    held = package_hold(client_user, free_service)

    assert use_of(held) is None


def test_the_database_refuses_a_credit_used_past_its_total(
    client_user, package_journey, package_paid, package_credit, service
):
    from django.db import IntegrityError, transaction
    from django.db.models import F

    from packages.models import Credit

    credit = package_credit(package_paid(client_user, package_journey), service)

    with pytest.raises(IntegrityError), transaction.atomic():
        Credit.objects.filter(pk=credit.pk).update(used=F("total") + 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Credit.objects.filter(pk=credit.pk).update(total=0, used=1)


def test_the_database_refuses_two_uses_of_one_booking(
    client_user, package_journey, package_paid, package_hold, package_credit, service, now
):
    from django.db import IntegrityError, transaction

    from packages.models import CreditUse

    purchase = package_paid(client_user, package_journey)
    held = package_hold(client_user, service)

    with pytest.raises(IntegrityError), transaction.atomic():
        CreditUse.objects.create(
            credit=package_credit(purchase, service), booking=held, created_at=now, updated_at=now
        )
