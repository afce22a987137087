"""Booking a session for a client from the desk: existing and new clients, the client's notice
not binding her, the slot rules binding her, the e-mails with their calendar file, payments
received outside the site, and the client's steps before a session she did not book herself."""

import re
from datetime import timedelta

import icalendar
import pytest
from django.core import mail

from bookings import services
from bookings.models import Booking, TimeOff
from clients.models import User
from payments.models import Payment, Refund
from tests.workplace.desk_helpers import BOOK, hour_floor, iso, open_round_the_clock

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_days(practitioner, now):
    """She is available round the clock for two weeks (extra availability from a whole hour),
    so that times a few hours from now are inside her hours whatever the clock says."""
    return open_round_the_clock(practitioner, now)


@pytest.fixture
def soon(now, open_days):
    """A start three hours away: inside the service's 24 hours of notice for clients."""
    return hour_floor(now) + timedelta(hours=3)


def calendar_of(message) -> icalendar.Calendar:
    (attachment,) = [a for a in message.attachments if a.filename == "appointment.ics"]
    return icalendar.Calendar.from_ical(attachment.content)


def to(address):
    return [m for m in mail.outbox if m.to == [address]]


def everything():
    return (
        list(Booking.objects.values_list("pk", "status")),
        User.objects.count(),
        Payment.objects.count(),
        len(mail.outbox),
    )


def refused(desk, data) -> str:
    """Posts the book form, which must be refused (400) with nothing written; the page's text."""
    before = everything()
    response = desk.post(BOOK, data)
    assert response.status_code == 400
    assert everything() == before
    return response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_she_books_an_existing_client_inside_the_clients_notice_and_the_client_is_emailed_an_ics(
    desk, client_user, free_service, soon, now, run_worker, practice_details
):
    response = desk.post(
        BOOK, {"service": free_service.pk, "start": iso(soon), "client": client_user.pk}
    )

    booking = Booking.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/bookings/booking/{booking.pk}/change/"
    assert (booking.client, booking.status, booking.start) == (client_user, "confirmed", soon)
    assert booking.booked_by == "practitioner"
    run_worker()
    (message,) = to("maya@example.com")
    (event,) = calendar_of(message).walk("VEVENT")
    assert event.decoded("DTSTART") == soon
    assert str(event["UID"]).startswith(booking.reference + "@")
    # She made it herself: no "New booking" e-mail to her about it.
    assert [m.to for m in mail.outbox] == [["maya@example.com"]]


def test_the_same_time_is_refused_to_a_client_booking_online(client_user, service, soon, now):
    with pytest.raises(services.SlotUnavailable):
        services.booking_hold(
            client=client_user, service=service, start=soon, client_tz="Europe/London", now=now
        )


@pytest.mark.django_db(transaction=True)
def test_she_books_a_new_client_whose_welcome_link_sets_her_password_and_signs_her_in(
    desk, client, free_service, soon, run_worker, practice_details
):
    response = desk.post(
        BOOK,
        {
            "service": free_service.pk,
            "start": iso(soon),
            "client": "new",
            "name": "Hetty",
            "email": "Hetty.Lane@example.com",
        },
    )

    assert response.status_code == 302
    hetty = User.objects.get(email="hetty.lane@example.com")
    assert (hetty.first_name, hetty.has_usable_password()) == ("Hetty", False)
    booking = Booking.objects.get(client=hetty)
    assert booking.status == "confirmed"
    run_worker()
    subjects = sorted(m.subject for m in to("hetty.lane@example.com"))
    assert subjects[0] == "Your account at Quiet Harbour Therapy"
    assert subjects[1].startswith("Your appointment on ")
    (welcome,) = [m for m in to("hetty.lane@example.com") if "account" in m.subject]
    link = re.search(r"https://quietharbour\.example(/accounts/welcome/\S+)", welcome.body)[1]

    client.logout()
    assert client.get(link).status_code == 200  # opening it (a mail scanner too) changes nothing
    hetty.refresh_from_db()
    assert not hetty.has_usable_password()
    response = client.post(
        link, {"new_password1": "a-Quiet-evening-77", "new_password2": "a-Quiet-evening-77"}
    )

    assert response.status_code == 302
    assert response["Location"] == booking.get_absolute_url()
    assert client.get(booking.get_absolute_url()).status_code == 200  # signed in, hers
    # The link works once.
    assert "no longer works" in client.get(link).content.decode()
    client.logout()
    signed = client.post(
        "/accounts/login/",
        {"login": "hetty.lane@example.com", "password": "a-Quiet-evening-77", "method": "password"},
    )
    assert signed.status_code == 302
    assert signed["Location"] == "/my/"


def test_a_new_client_with_an_address_already_known_is_refused_and_nothing_is_written(
    desk, client_user, free_service, soon
):
    page = refused(
        desk,
        {
            "service": free_service.pk,
            "start": iso(soon),
            "client": "new",
            "name": "Maya again",
            "email": "MAYA@example.com",
        },
    )

    assert "There is already an account with the address" in page


@pytest.mark.parametrize("obstacle", ["booking", "time off", "outside hours"])
def test_a_time_that_is_not_free_is_refused_with_a_message_and_nothing_is_written(
    desk, client_user, other_client, free_service, practitioner, make_booking, now, obstacle
):
    # A day a week ahead, in her 09:00-17:00 London hours.
    start = (now + timedelta(days=7)).replace(hour=11, minute=0, second=0, microsecond=0)
    if obstacle == "booking":
        make_booking(client=other_client, service=free_service, start=start)
    elif obstacle == "time off":
        TimeOff.objects.create(
            practitioner=practitioner,
            start=start - timedelta(hours=1),
            end=start + timedelta(hours=2),
        )
    else:
        start = start.replace(hour=22)

    page = refused(
        desk, {"service": free_service.pk, "start": iso(start), "client": client_user.pk}
    )

    assert "Nothing has been booked" in page


def test_a_time_taken_meanwhile_says_so_and_shows_the_form_again(
    desk, client_user, other_client, free_service, soon, make_booking
):
    page = desk.get(f"{BOOK}?service={free_service.pk}&start={iso(soon)}").content.decode()
    assert f'value="{iso(soon)}"' in page
    # Between her page and her click, the time is booked.
    make_booking(client=other_client, service=free_service, start=soon)

    response = desk.post(
        BOOK, {"service": free_service.pk, "start": iso(soon), "client": client_user.pk}
    )

    assert response.status_code == 400
    text = response.content.decode()
    assert "That time is no longer free" in text
    assert 'name="client"' in text  # the form again
    assert not Booking.objects.filter(client=client_user).exists()


@pytest.mark.django_db(transaction=True)
def test_paid_outside_confirms_at_once_and_its_cancellation_refunds_outside_stripe(
    desk, client_user, service, soon, now, run_worker, stripe_api, practice_details
):
    desk.post(
        BOOK,
        {
            "service": service.pk,
            "start": iso(soon),
            "client": client_user.pk,
            "payment": "outside",
            "note": "Bank transfer, 3 March",
        },
    )

    booking = Booking.objects.get()
    payment = Payment.objects.get()
    assert booking.status == "confirmed"
    assert (payment.status, payment.amount, payment.currency) == ("paid", 9500, "GBP")
    assert (payment.received_outside, payment.note) == (True, "Bank transfer, 3 March")
    assert payment.checkout_session_id == payment.payment_intent_id == ""
    run_worker()
    (confirmation,) = to("maya@example.com")
    assert "Paid: £95" in confirmation.body

    services.booking_cancel(booking=booking, by="practitioner", reason="Ill", now=now)
    run_worker()  # would fail on any request to Stripe: none is registered

    assert not stripe_api.calls
    refund = Refund.objects.get()
    assert (refund.amount, refund.status, refund.stripe_refund_id) == (9500, "succeeded", "")
    payment.refresh_from_db()
    assert (payment.status, payment.amount_refunded) == ("refunded", 9500)
    cancelled = next(m for m in to("maya@example.com") if "cancelled" in m.subject)
    assert "returned to you the way you paid it" in cancelled.body
    assert "card" not in cancelled.body


def test_a_paid_session_without_a_payment_choice_is_refused(desk, client_user, service, soon):
    page = refused(desk, {"service": service.pk, "start": iso(soon), "client": client_user.pk})

    assert "Please choose how she pays" in page


def test_a_client_made_hold_never_skips_the_consent_gate(client_user, free_service, now, publish):
    publish("privacy")
    start = (now + timedelta(days=7)).replace(hour=10, minute=0, second=0, microsecond=0)
    hold = services.booking_hold(
        client=client_user, service=free_service, start=start, client_tz="Europe/London", now=now
    )

    assert hold.booked_by == "client"
    with pytest.raises(services.BookingError):
        services.booking_confirm(booking=hold, now=now)


def test_the_client_is_asked_for_consent_before_a_session_she_did_not_book(
    desk, client, client_user, service, soon, publish
):
    for kind in ("confidentiality", "privacy", "terms", "consent"):
        publish(kind)
    desk.post(
        BOOK,
        {"service": service.pk, "start": iso(soon), "client": client_user.pk, "payment": "outside"},
    )
    booking = Booking.objects.get()
    assert booking.status == "confirmed"  # without the online gate
    client.force_login(client_user)

    page = client.get(booking.get_absolute_url()).content.decode()
    assert "Before your session" in page
    consent_url = f"/bookings/{booking.reference}/consent/"
    assert consent_url in page
    form = client.get(consent_url)
    assert form.status_code == 200
    boxes = set(re.findall(r'name="(accept_[^"]+)"', form.content.decode()))
    assert boxes
    response = client.post(consent_url, dict.fromkeys(boxes, "on"))
    assert response.status_code == 302

    assert "Before your session" not in client.get(booking.get_absolute_url()).content.decode()


def test_a_welcome_link_with_a_wrong_token_or_id_does_nothing(client, client_user):
    from django.utils.http import int_to_base36

    for link in (
        f"/accounts/welcome/{int_to_base36(client_user.pk)}/abc-123/",
        "/accounts/welcome/zzzzzzzzzzzzz/abc-123/",
    ):
        response = client.post(
            link, {"new_password1": "x-Long-pass-99", "new_password2": "x-Long-pass-99"}
        )
        assert "This link no longer works" in response.content.decode()
    client_user.refresh_from_db()
    assert client_user.check_password("a-Calm-harbour-2026")


def test_the_cancel_page_says_money_paid_outside_is_hers_to_give_back_not_a_card_refund(
    desk, client_user, service, soon, now, stripe_api, practice_details
):
    desk.post(
        BOOK,
        {
            "service": service.pk,
            "start": iso(soon),
            "client": client_user.pk,
            "payment": "outside",
            "note": "Cash",
        },
    )
    booking = Booking.objects.get()
    page = f"/admin/bookings/booking/cancel/?ids={booking.pk}"

    preview = desk.get(page).content.decode()
    assert "outside the site, so you give it back to her the way she paid" in preview
    assert "refunded to the client's card" not in preview

    done = desk.post(page, {"ids": booking.pk, "reason": "Ill"}, follow=True).content.decode()
    assert "£95 paid outside the site is yours to give back the way they paid" in done
    assert "refunded to their card" not in done
    assert not stripe_api.calls
