"""The booking desk: cancel with a refund, mark, resend, the CSV, filters and the booking page.

Refunds go through the payments module to Stripe (faked at its HTTP layer); e-mails go through
the real task queue.
"""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse

from bookings.models import Booking
from payments.models import Refund

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/bookings/booking/"


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# Cancel with a refund ---------------------------------------------------------------------------


def test_the_cancel_action_asks_for_a_reason_first_and_changes_nothing_yet(
    desk, paid_booking, refund_requests, mailoutbox
):
    response = desk.post(
        CHANGELIST, {"action": "cancel_with_full_refund", "_selected_action": [paid_booking.pk]}
    )

    assert response.status_code == 302
    page = desk.get(response["Location"])
    assert page.status_code == 200
    text = page.content.decode()
    assert "Maya Jones" in text
    assert "£95 refunded to the client's card" in text
    assert "Why are you cancelling?" in text
    paid_booking.refresh_from_db()
    assert paid_booking.status == Booking.Status.CONFIRMED
    assert refund_requests() == []
    assert mailoutbox == []


@pytest.mark.django_db(transaction=True)  # the task worker needs real commits
def test_cancelling_refunds_through_stripe_and_emails_the_client(
    desk, paid_booking, refunds_api_succeeding, refund_requests, run_worker, mailoutbox
):
    payment = paid_booking.payments.get()
    response = desk.post(
        reverse("admin:bookings_booking_cancel"),
        {"ids": str(paid_booking.pk), "reason": "I am unwell", "next": CHANGELIST},
    )
    run_worker()

    assert response.status_code == 302
    assert response["Location"] == CHANGELIST
    paid_booking.refresh_from_db()
    assert (paid_booking.status, paid_booking.cancelled_by, paid_booking.refund_amount) == (
        Booking.Status.CANCELLED,
        "practitioner",
        9500,
    )
    assert paid_booking.cancellation_reason == "I am unwell"
    [(sent, key)] = refund_requests()
    assert sent["payment_intent"] == payment.payment_intent_id
    assert sent["amount"] == "9500"
    assert key == f"refund-{paid_booking.reference}-{payment.pk}"
    refund = Refund.objects.get()
    assert (refund.amount, refund.status, refund.reason) == (
        9500,
        Refund.Status.SUCCEEDED,
        Refund.Reason.PRACTITIONER_CANCELLED,
    )
    to_client = [m for m in mailoutbox if m.to == ["maya@example.com"]]
    assert len(to_client) == 1
    assert "is cancelled" in to_client[0].subject
    assert "A refund of £95" in to_client[0].body
    # The reason is for her records only.
    assert "unwell" not in to_client[0].body
    followed = desk.get(CHANGELIST)
    assert "1 session cancelled. The client has been e-mailed and £95 is being refunded" in (
        " ".join(messages_of(followed))
    )


def test_without_a_reason_nothing_is_cancelled(desk, paid_booking, refund_requests):
    response = desk.post(
        reverse("admin:bookings_booking_cancel"), {"ids": str(paid_booking.pk), "reason": " "}
    )

    assert response.status_code == 200
    assert "Please give a short reason, for your records." in response.content.decode()
    paid_booking.refresh_from_db()
    assert paid_booking.status == Booking.Status.CONFIRMED
    assert refund_requests() == []


def test_the_booking_page_offers_cancel_and_refund_which_returns_to_the_booking(
    desk, paid_booking, refunds_api_succeeding, django_capture_on_commit_callbacks
):
    change = reverse("admin:bookings_booking_change", args=[paid_booking.pk])
    page = desk.get(change)
    cancel_link = page.context["cancel_url"]
    assert cancel_link in page.content.decode().replace("&amp;", "&")

    confirmation = desk.get(cancel_link)
    with django_capture_on_commit_callbacks(execute=True):
        done = desk.post(
            reverse("admin:bookings_booking_cancel"),
            {
                "ids": str(paid_booking.pk),
                "reason": "Away",
                "next": confirmation.context["next_url"],
            },
        )

    assert done["Location"] == change
    paid_booking.refresh_from_db()
    assert paid_booking.status == Booking.Status.CANCELLED
    assert "Cancel and refund" not in desk.get(change).content.decode()


def test_a_booking_that_is_over_is_listed_but_not_cancelled(
    desk, make_booking, client_user, service, now, refund_requests
):
    completed = make_booking(
        client=client_user, service=service, start=now - timedelta(days=2), status="completed"
    )

    page = desk.get(reverse("admin:bookings_booking_cancel"), {"ids": str(completed.pk)})
    desk.post(reverse("admin:bookings_booking_cancel"), {"ids": str(completed.pk), "reason": "x"})

    assert "this booking is completed, so it can't be cancelled" in page.content.decode()
    completed.refresh_from_db()
    assert completed.status == Booking.Status.COMPLETED
    assert refund_requests() == []


# Mark, resend ---------------------------------------------------------------------------------


def test_the_booking_page_buttons_mark_a_past_session_completed_or_missed(
    desk, make_booking, client_user, service, now
):
    past = make_booking(client=client_user, service=service, start=now - timedelta(hours=3))
    action = reverse("admin:bookings_booking_quick_action", args=[past.pk])

    desk.post(action, {"do": "no_show"})
    past.refresh_from_db()
    assert past.status == Booking.Status.NO_SHOW

    response = desk.post(action, {"do": "completed"}, follow=True)
    past.refresh_from_db()
    assert past.status == Booking.Status.COMPLETED
    assert "Marked as completed." in messages_of(response)


def test_a_future_session_cannot_be_marked_completed(desk, paid_booking):
    response = desk.post(
        reverse("admin:bookings_booking_quick_action", args=[paid_booking.pk]),
        {"do": "completed"},
        follow=True,
    )

    paid_booking.refresh_from_db()
    assert paid_booking.status == Booking.Status.CONFIRMED
    assert "This session has not started yet." in messages_of(response)
    assert (
        desk.get(reverse("admin:bookings_booking_quick_action", args=[paid_booking.pk])).status_code
        == 405
    )


def test_marking_completed_from_the_list_goes_through_the_rules(
    desk, make_booking, client_user, service, now
):
    past = make_booking(client=client_user, service=service, start=now - timedelta(days=2))
    future = make_booking(client=client_user, service=service, start=now + timedelta(days=1))

    response = desk.post(
        CHANGELIST,
        {"action": "mark_completed", "_selected_action": [past.pk, future.pk]},
        follow=True,
    )

    past.refresh_from_db()
    future.refresh_from_db()
    assert (past.status, future.status) == ("completed", "confirmed")
    assert "1 booking(s) marked as completed." in messages_of(response)
    assert f"{future.reference}: This session has not started yet." in messages_of(response)


@pytest.mark.django_db(transaction=True)  # the task worker needs real commits
def test_resending_the_confirmation_emails_the_client_only(
    desk, paid_booking, make_booking, other_client, service, now, run_worker, mailoutbox
):
    held = make_booking(
        client=other_client, service=service, start=now + timedelta(days=9), status="held"
    )

    response = desk.post(
        CHANGELIST,
        {"action": "resend_confirmation", "_selected_action": [paid_booking.pk, held.pk]},
        follow=True,
    )
    run_worker()

    assert [m.to for m in mailoutbox] == [["maya@example.com"]]
    assert mailoutbox[0].subject.startswith("Your appointment on")
    assert mailoutbox[0].attachments[0][0] == "appointment.ics"
    assert f"{held.reference}: Only a confirmed booking has a confirmation to send." in (
        messages_of(response)
    )


@pytest.fixture
def sam_rivers(make_user):
    return make_user("sam@example.com", first_name="Sam", last_name="Rivers")


# The CSV ----------------------------------------------------------------------------------------


@pytest.fixture
def mixed_bookings(make_booking, client_user, sam_rivers, make_user, service, london):
    formula = make_user("tricky@example.com", first_name="=HYPERLINK(1)", last_name="Smith")
    return {
        "maya_confirmed": make_booking(
            client=client_user, service=service, start=london("2026-07-06", 9)
        ),
        "maya_cancelled": make_booking(
            client=client_user, service=service, start=london("2026-07-07", 9), status="cancelled"
        ),
        "sam_confirmed": make_booking(
            client=sam_rivers, service=service, start=london("2026-07-08", 9)
        ),
        "formula": make_booking(client=formula, service=service, start=london("2026-07-09", 9)),
    }


def read_csv(response) -> list[dict]:
    body = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))


def test_the_csv_has_exactly_the_rows_the_list_shows(desk, mixed_bookings):
    listed = desk.get(CHANGELIST, {"status__exact": "confirmed", "q": "maya"})
    exported = desk.get(
        reverse("admin:bookings_booking_export"), {"status__exact": "confirmed", "q": "maya"}
    )

    assert [b.reference for b in listed.context["cl"].result_list] == [
        mixed_bookings["maya_confirmed"].reference
    ]
    assert exported["Content-Type"] == "text/csv; charset=utf-8"
    assert exported["Content-Disposition"].startswith('attachment; filename="bookings-')
    rows = read_csv(exported)
    assert [row["reference"] for row in rows] == [mixed_bookings["maya_confirmed"].reference]
    assert rows[0] == {
        "reference": mixed_bookings["maya_confirmed"].reference,
        "date": "2026-07-06",
        "start": "09:00",  # her clock (BST), not 08:00 UTC
        "end": "10:00",
        "time zone": "Europe/London",
        "client": "Maya Jones",
        "client e-mail": "maya@example.com",
        "service": "Hypnotherapy session",
        "status": "Confirmed",
        "price": "95.00",
        "currency": "GBP",
        "refunded": "",
        "cancelled by": "",
    }


def test_the_csv_follows_the_date_and_screening_filters_and_escapes_formulas(desk, mixed_bookings):
    Booking.objects.filter(pk=mixed_bookings["sam_confirmed"].pk).update(needs_conversation=True)

    flagged = read_csv(desk.get(reverse("admin:bookings_booking_export"), {"flagged": "yes"}))
    everything = read_csv(desk.get(reverse("admin:bookings_booking_export")))
    july_8 = read_csv(
        desk.get(
            reverse("admin:bookings_booking_export"),
            {"start__year": "2026", "start__month": "7", "start__day": "8"},
        )
    )

    assert [row["client"] for row in flagged] == ["Sam Rivers"]
    assert [row["client"] for row in july_8] == ["Sam Rivers"]
    assert len(everything) == 4
    assert "'=HYPERLINK(1) Smith" in [row["client"] for row in everything]
    # Neutral columns: nothing about the screening or health.
    assert "needs" not in ",".join(everything[0].keys())


def test_an_invalid_filter_downloads_nothing(desk, mixed_bookings):
    response = desk.get(reverse("admin:bookings_booking_export"), {"nonsense__gt": "1"})

    assert response.status_code == 302


# Filters and the booking page ---------------------------------------------------------------


def test_the_date_filter_uses_her_days(desk, make_booking, client_user, service, now):
    tomorrow = make_booking(client=client_user, service=service, start=now + timedelta(days=1))
    next_month = make_booking(client=client_user, service=service, start=now + timedelta(days=40))
    earlier = make_booking(client=client_user, service=service, start=now - timedelta(days=3))

    def listed(when: str) -> set[str]:
        response = desk.get(CHANGELIST, {"when": when})
        return {b.reference for b in response.context["cl"].result_list}

    assert listed("next_7_days") == {tomorrow.reference}
    assert listed("upcoming") == {tomorrow.reference, next_month.reference}
    assert listed("past") == {earlier.reference}


def test_the_booking_page_shows_money_and_consent_read_only_and_cannot_delete(
    desk, paid_booking, client_user, publish, now
):
    from clients.consent import consent_record_create

    version = publish(
        "terms", title="Terms", summary="The terms.", body="Be kind.", at=now - timedelta(days=2)
    )
    consent_record_create(
        user=client_user,
        versions=[version],
        booking_reference=paid_booking.reference,
        ip="203.0.113.9",
        user_agent="Test",
        now=now - timedelta(days=1),
    )

    page = desk.get(reverse("admin:bookings_booking_change", args=[paid_booking.pk]))

    text = page.content.decode()
    assert "Terms and cancellation policy (version 1), accepted" in text
    assert "£95" in text
    for field in ("price_amount", "refund_amount", "status", "start", "client"):
        assert f'name="{field}"' not in text
    assert page.context["has_delete_permission"] is False
    assert (
        desk.get(reverse("admin:bookings_booking_delete", args=[paid_booking.pk])).status_code
        == 403
    )


def test_search_finds_by_name_email_and_reference(desk, mixed_bookings):
    def found(query: str) -> set[str]:
        response = desk.get(CHANGELIST, {"q": query})
        return {b.reference for b in response.context["cl"].result_list}

    sam = mixed_bookings["sam_confirmed"].reference
    assert found("Rivers") == {sam}
    assert found("sam@example.com") == {sam}
    assert found(sam) == {sam}
