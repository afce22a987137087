"""Payment links: a paid session she books is held until the client pays through a Checkout
Session e-mailed to her; the payment arrives by the same signed webhook as a client's own."""

import json
from datetime import timedelta
from urllib.parse import parse_qsl

import icalendar
import pytest
from django.core import mail

from bookings.desk import desk_starts
from bookings.models import Booking
from payments.models import Payment
from tests.workplace.desk_helpers import BOOK, hour_floor, open_round_the_clock

pytestmark = pytest.mark.django_db(transaction=True)

API = "https://api.stripe.com"


@pytest.fixture
def soon(practitioner, now):
    """A start three hours away, inside her (extra) hours and the clients' notice."""
    open_round_the_clock(practitioner, now)
    return hour_floor(now) + timedelta(hours=3)


@pytest.fixture
def checkout_created(stripe_api, session_json):
    """Stripe makes the session it is asked for: open, for the booking it names, expiring when
    asked. Returns what Stripe was sent."""
    sent = []

    def answer(request):
        body = request.body if isinstance(request.body, str) else request.body.decode()
        fields = dict(parse_qsl(body))
        sent.append(fields)
        booking = Booking.objects.get(reference=fields["client_reference_id"])
        session = session_json(booking, "open", expires_at=int(fields["expires_at"]))
        return 200, {}, json.dumps(session)

    stripe_api.add_callback("POST", f"{API}/v1/checkout/sessions", callback=answer)
    return sent


def book_with_link(desk, client_user, service, start, hours="5"):
    return desk.post(
        BOOK,
        {
            "service": service.pk,
            "start": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "client": client_user.pk,
            "payment": "link",
            "link_hours": hours,
        },
    )


def test_a_payment_link_holds_the_time_as_long_as_its_checkout_session_and_is_emailed(
    desk, client_user, service, soon, now, checkout_created, run_worker, practice_details
):
    response = book_with_link(desk, client_user, service, soon, hours="5")

    assert response.status_code == 302
    booking = Booking.objects.get()
    payment = Payment.objects.get()
    [sent] = checkout_created
    assert (booking.status, booking.booked_by) == ("held", "practitioner")
    assert booking.hold_expires_at == payment.expires_at
    assert int(sent["expires_at"]) == int(booking.hold_expires_at.timestamp())
    assert now + timedelta(hours=5) - timedelta(seconds=2) <= booking.hold_expires_at
    assert booking.hold_expires_at <= now + timedelta(hours=5, seconds=5)  # the page's clock
    assert (sent["client_reference_id"], sent["line_items[0][price_data][unit_amount]"]) == (
        booking.reference,
        "9500",
    )
    assert payment.status == "open"
    assert payment.checkout_session_id
    run_worker()
    (message,) = [m for m in mail.outbox if m.to == ["maya@example.com"]]
    assert payment.checkout_url.startswith("https://checkout.stripe.com/")
    assert payment.checkout_url in message.body
    # Held for her: nobody else, client or practitioner, can have the time meanwhile.
    assert soon not in desk_starts(
        practitioner=booking.practitioner, service=service, now=now, around=soon
    )


def test_a_link_lasts_at_most_a_day_as_stripe_allows(
    desk, client_user, service, soon, now, checkout_created
):
    book_with_link(desk, client_user, service, soon, hours="24")

    [sent] = checkout_created
    assert int(sent["expires_at"]) <= (now + timedelta(hours=24)).timestamp() + 1
    assert book_with_link(desk, client_user, service, soon, hours="25").status_code == 400
    assert Booking.objects.count() == 1


def test_the_signed_webhook_of_the_paid_session_confirms_the_booking_by_the_same_path(
    desk,
    client_user,
    service,
    soon,
    checkout_created,
    session_json,
    make_event,
    deliver,
    run_worker,
    practice_details,
):
    book_with_link(desk, client_user, service, soon)
    booking = Booking.objects.get()

    response = deliver(make_event("checkout.session.completed", session_json(booking)))

    assert response.status_code == 200
    booking.refresh_from_db()
    payment = Payment.objects.get()
    assert (booking.status, payment.status) == ("confirmed", "paid")
    run_worker()
    [confirmation] = [
        m for m in mail.outbox if m.to == ["maya@example.com"] and "payment" not in m.subject
    ]
    (attachment,) = [a for a in confirmation.attachments if a.filename == "appointment.ics"]
    (event,) = icalendar.Calendar.from_ical(attachment.content).walk("VEVENT")
    assert event.decoded("DTSTART") == soon
    # The client paid on her own: the practitioner is told, as for any new booking.
    assert [m for m in mail.outbox if m.to == [booking.practitioner.user.email]]
    assert any(m.subject.startswith("New booking") for m in mail.outbox)


def test_an_expired_link_frees_the_time(
    desk, client_user, service, soon, now, checkout_created, session_json, make_event, deliver
):
    book_with_link(desk, client_user, service, soon)
    booking = Booking.objects.get()

    deliver(make_event("checkout.session.expired", session_json(booking, "expired")))

    booking.refresh_from_db()
    assert booking.status == "expired"
    assert Payment.objects.get().status == "expired"
    assert soon in desk_starts(
        practitioner=booking.practitioner, service=service, now=now, around=soon
    )


def test_the_hold_ending_frees_the_time_even_before_stripe_says_so(
    desk, client_user, service, soon, checkout_created
):
    book_with_link(desk, client_user, service, soon, hours="1")
    booking = Booking.objects.get()

    later = booking.hold_expires_at + timedelta(seconds=1)
    assert soon in desk_starts(
        practitioner=booking.practitioner, service=service, now=later, around=soon
    )


def test_stripe_down_leaves_no_hold_and_no_email(
    desk, client_user, service, soon, now, stripe_api, run_worker
):
    stripe_api.add("POST", f"{API}/v1/checkout/sessions", status=500, json={"error": {}})

    response = book_with_link(desk, client_user, service, soon)

    assert response.status_code == 400
    assert "Stripe could not be reached" in response.content.decode()
    assert Booking.objects.get().status == "expired"
    assert Payment.objects.get().status == "failed"
    run_worker()
    assert mail.outbox == []
    assert soon in desk_starts(
        practitioner=Booking.objects.get().practitioner, service=service, now=now, around=soon
    )
