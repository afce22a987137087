"""What the practitioner's e-mails say: nothing about a client's health, and a footer of their
own (the clients' footer speaks of "your appointment" and emergencies). Sent through the real
task queue."""

from datetime import UTC, datetime

import pytest
from django.template.loader import render_to_string

from bookings import services
from bookings.models import Booking
from bookings.policy import Actor
from payments.models import Refund

pytestmark = pytest.mark.django_db
# The task worker sees only what was committed.
with_the_worker = pytest.mark.django_db(transaction=True)

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
START = datetime(2026, 3, 10, 14, 30, tzinfo=UTC)  # a Tuesday, 2:30 pm in London
PRACTITIONER = "anna@quietharbour.example"
CLIENT_FOOTER = ("because you have an appointment booked", "emergency")
PRACTITIONER_FOOTER = "sent to you as the practitioner"


@pytest.fixture
def confirm(client_user, free_service, practice_details, run_worker):
    """Hold and confirm a discovery call whose client's screening called for a conversation."""

    def confirm():
        booking = services.booking_hold(
            client=client_user,
            service=free_service,
            start=START,
            client_tz="Europe/London",
            now=NOW,
        )
        # What the booking gate records when the screening answers call for a conversation.
        Booking.objects.filter(pk=booking.pk).update(needs_conversation=True)
        booking = services.booking_confirm(booking=booking, now=NOW)
        run_worker()
        return booking

    return confirm


def bodies(message) -> list[str]:
    return [message.body, message.alternatives[0].content]


@with_the_worker
def test_the_new_booking_email_says_only_that_something_needs_her_attention(confirm, mailoutbox):
    confirm()

    (message,) = [m for m in mailoutbox if m.to == [PRACTITIONER]]
    for body in bodies(message):
        assert "Maya Jones" in body  # it names the client...
        assert "screening" not in body.lower()  # ...so it says nothing about her answers
        assert "conversation" not in body.lower()
        assert "needs your attention in the admin" in body


@with_the_worker
def test_the_practitioners_booking_emails_end_with_her_footer_and_the_clients_with_theirs(
    confirm, mailoutbox, run_worker
):
    booking = confirm()
    services.booking_cancel(booking=booking, by=Actor.CLIENT, now=NOW)
    run_worker()

    to_her = [m for m in mailoutbox if m.to == [PRACTITIONER]]
    to_client = [m for m in mailoutbox if m.to != [PRACTITIONER]]
    assert [m.subject.split(":")[0] for m in to_her] == ["New booking", "Cancelled booking"]
    assert to_client
    for body in (body for message in to_her for body in bodies(message)):
        assert PRACTITIONER_FOOTER in body
        assert not any(phrase in body for phrase in CLIENT_FOOTER)
    for body in (body for message in to_client for body in bodies(message)):
        assert PRACTITIONER_FOOTER not in body
        assert all(phrase in body for phrase in CLIENT_FOOTER)


@pytest.mark.parametrize(
    "template", ["emails/refund_failed", "emails/payment_refunded_practitioner"]
)
@pytest.mark.parametrize("extension", ["txt", "html"])
def test_the_practitioners_refund_emails_end_with_her_footer(
    template, extension, paid_booking, practice_details
):
    refund = Refund(amount=9500, currency="GBP", reason=Refund.Reason.SLOT_TAKEN)
    context = {"booking": paid_booking, "refund": refund, "practice": practice_details}

    body = render_to_string(f"{template}.{extension}", context)

    assert PRACTITIONER_FOOTER in body
    assert not any(phrase in body for phrase in CLIENT_FOOTER)
