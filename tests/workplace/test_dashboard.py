"""The admin index as the practitioner's desk: her sessions, holds, cancellations and money."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.cache_reads import round_trips
from tests.factories import RefundFactory
from tests.fragment_pages import without_tokens
from workplace.dashboard import Amount, dashboard

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
# A fixed "now" for the figures: Wednesday 15 July 2026, 10:00 BST.
NOW = datetime(2026, 7, 15, 9, 0, tzinfo=UTC)


@pytest.fixture
def clients(make_user):
    return [
        make_user(f"{name.lower()}@example.com", first_name=name, last_name="Client")
        for name in ("Maya", "Priya", "Lena", "Grace", "Ruth", "Ines", "Nadia", "Olive")
    ]


def test_sessions_today_and_in_the_next_seven_days_by_local_day(
    make_booking, clients, service, london
):
    today_late = make_booking(client=clients[0], service=service, start=london("2026-07-15", 22))
    tomorrow = make_booking(client=clients[1], service=service, start=london("2026-07-16", 9))
    day_seven = make_booking(client=clients[2], service=service, start=london("2026-07-22", 23))
    flagged = make_booking(
        client=clients[3],
        service=service,
        start=london("2026-07-17", 11),
        needs_conversation=True,
    )
    # Not shown: the eighth day, yesterday, cancelled, a hold that ran out.
    make_booking(client=clients[4], service=service, start=london("2026-07-23", 0, 30))
    make_booking(client=clients[5], service=service, start=london("2026-07-14", 12))
    make_booking(
        client=clients[6], service=service, start=london("2026-07-18", 9), status="cancelled"
    )
    make_booking(
        client=clients[7],
        service=service,
        start=london("2026-07-19", 9),
        status="held",
        hold_expires_at=NOW - timedelta(minutes=1),
    )

    desk = dashboard(zone=LONDON, now=NOW)

    assert [b.reference for b in desk.today_sessions] == [today_late.reference]
    assert [
        (day.date.isoformat(), [b.reference for b in day.sessions]) for day in desk.upcoming
    ] == [
        ("2026-07-16", [tomorrow.reference]),
        ("2026-07-17", [flagged.reference]),
        ("2026-07-22", [day_seven.reference]),
    ]
    assert desk.upcoming_count == 3


def test_holds_still_running_with_the_minutes_left(make_booking, clients, service, london):
    soon = make_booking(
        client=clients[0],
        service=service,
        start=london("2026-07-20", 10),
        status="held",
        hold_expires_at=NOW + timedelta(minutes=4, seconds=10),
    )
    later = make_booking(
        client=clients[1],
        service=service,
        start=london("2026-07-21", 10),
        status="held",
        hold_expires_at=NOW + timedelta(minutes=29),
    )
    make_booking(
        client=clients[2],
        service=service,
        start=london("2026-07-22", 10),
        status="held",
        hold_expires_at=NOW,  # ran out just now
    )

    desk = dashboard(zone=LONDON, now=NOW)

    assert [(b.reference, b.minutes_left) for b in desk.holds] == [
        (soon.reference, 5),
        (later.reference, 29),
    ]


def test_cancellations_of_the_last_fourteen_days_newest_first(
    make_booking, clients, service, london
):
    older = make_booking(
        client=clients[0],
        service=service,
        start=london("2026-07-20", 10),
        status="cancelled",
        cancelled_at=NOW - timedelta(days=13),
    )
    newer = make_booking(
        client=clients[1],
        service=service,
        start=london("2026-07-21", 10),
        status="cancelled",
        cancelled_at=NOW - timedelta(hours=2),
        cancelled_by="practitioner",
    )
    make_booking(
        client=clients[2],
        service=service,
        start=london("2026-07-22", 10),
        status="cancelled",
        cancelled_at=NOW - timedelta(days=15),
    )

    desk = dashboard(zone=LONDON, now=NOW)

    assert [b.reference for b in desk.cancellations] == [newer.reference, older.reference]


def test_the_desk_lists_the_newest_cancellations_and_links_to_the_rest(
    desk, make_booking, clients, service, now
):
    """A busy fortnight's cancellations are not all listed on the desk (nor all fetched)."""
    from workplace.dashboard import CANCELLATIONS_SHOWN

    starts = now.replace(minute=0, second=0, microsecond=0) + timedelta(days=30)
    made = [
        make_booking(
            client=clients[n % len(clients)],
            service=service,
            start=starts + timedelta(hours=n),
            status="cancelled",
            cancelled_at=now - timedelta(minutes=n + 1),
        )
        for n in range(CANCELLATIONS_SHOWN + 2)
    ]

    shown = dashboard(zone=LONDON, now=now)
    page = desk.get(reverse("admin:index")).content.decode()

    assert [b.reference for b in shown.cancellations] == [
        b.reference for b in made[:CANCELLATIONS_SHOWN]
    ]
    assert shown.more_cancellations
    changelist = reverse("admin:bookings_booking_changelist")
    assert f'<a href="{changelist}?status__exact=cancelled">All cancelled bookings</a>' in page
    assert made[CANCELLATIONS_SHOWN].reference not in page


def test_this_months_takings_and_refunds_in_the_practitioners_calendar_month(
    make_booking, make_payment, clients, service, london
):
    from payments.models import Refund

    def paid(client, amount, paid_at, currency="GBP", status="paid"):
        booking = make_booking(
            client=client,
            service=service,
            # One session a day from 1 September: none overlaps another.
            start=london("2026-09-01", 10) + timedelta(days=clients.index(client)),
            price_amount=amount,
            price_currency=currency,
        )
        return make_payment(
            booking, amount=amount, currency=currency, paid_at=paid_at, status=status
        )

    # 00:30 BST on 1 July is 23:30 UTC on 30 June: July in London.
    first = paid(clients[0], 9500, london("2026-07-01", 0, 30))
    refunded = paid(clients[1], 25000, london("2026-07-10", 14), status="refunded")
    paid(clients[2], 4000, london("2026-07-12", 9), currency="EUR")
    # Not this month: 23:30 BST on 30 June, and 1 August.
    paid(clients[3], 7000, london("2026-06-30", 23, 30))
    paid(clients[4], 7000, london("2026-08-01", 9))
    # An open (unpaid) attempt is no taking.
    paid(clients[5], 3000, london("2026-07-11", 9), status="open")

    def refund(payment, amount, status, at):
        made = RefundFactory(payment=payment, amount=amount, status=status, reason="outside")
        Refund.objects.filter(pk=made.pk).update(created_at=at)  # created_at is auto_now_add

    refund(refunded, 25000, "succeeded", london("2026-07-11", 9))
    refund(first, 1000, "pending", london("2026-07-11", 9))  # not through yet
    refund(first, 500, "succeeded", london("2026-06-30", 12))  # June's

    desk = dashboard(zone=LONDON, now=NOW)

    assert desk.takings == [Amount(4000, "EUR"), Amount(9500 + 25000, "GBP")]
    assert desk.refunds == [Amount(25000, "GBP")]
    assert desk.month_start.isoformat() == "2026-07-01"


def test_the_dashboard_page_shows_the_desk_with_links_to_each_booking(
    desk, make_booking, make_payment, clients, service, now
):
    tomorrow = (now + timedelta(days=1)).astimezone(LONDON).replace(hour=10, minute=0, second=0)
    session = make_booking(
        client=clients[0], service=service, start=tomorrow, needs_conversation=True
    )
    make_payment(session, amount=9500)

    response = desk.get(reverse("admin:index"))

    page = response.content.decode()
    change = reverse("admin:bookings_booking_change", args=[session.pk])
    assert (
        f'<a href="{change}"><span class="qh-client-name">Maya Client</span> '
        '<span class="qh-client-email">maya@example.com</span></a>'
    ) in page
    assert "Needs a conversation" in page
    assert "10:00" in page  # her clock, not UTC
    assert f'href="{reverse("admin:bookings_booking_calendar")}">Open calendar</a>' in page
    assert f'href="{reverse("admin:bookings_booking_block_time")}' in page
    assert '<dd data-figure="takings">£95</dd>' in page
    assert '<dd data-figure="refunds">£0</dd>' in page
    # The admin's list of everything else is still there.
    assert reverse("admin:blog_article_changelist") in page


def test_the_dashboard_costs_the_same_queries_for_a_quiet_week_or_a_busy_one(
    desk, make_booking, make_payment, make_user, service, now, django_assert_num_queries
):
    monday = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0)

    def add(number: int):
        client = make_user(f"busy{number}@example.com", first_name=f"Busy {number}")
        start = monday + timedelta(minutes=90 * number)
        status = ("confirmed", "held", "cancelled")[number % 3]
        booking = make_booking(client=client, service=service, start=start, status=status)
        payment = make_payment(booking, paid_at=now)
        if status == "cancelled":
            RefundFactory(payment=payment, status="succeeded", reason="outside")

    for number in range(3):
        add(number)
    with CaptureQueriesContext(connection) as quiet:
        assert desk.get(reverse("admin:index")).status_code == 200
    for number in range(3, 60):
        add(number)

    with django_assert_num_queries(len(quiet)):
        response = desk.get(reverse("admin:index"))
    assert response.content.decode().count("Busy ") >= 60


# The dashboard's cached parts (workplace/desk_cache.py) ---------------------------------------


def _hit_queries(desk) -> int:
    """Queries of a view of the dashboard served from the cache (the view before fills it)."""
    desk.get(reverse("admin:index"))
    with CaptureQueriesContext(connection) as hit:
        assert desk.get(reverse("admin:index")).status_code == 200
    return len(hit)


def test_the_cached_dashboard_costs_fewer_queries_and_the_same_with_more_data(
    desk, make_booking, make_payment, make_user, service, now
):
    def add(number: int):
        client = make_user(f"many{number}@example.com", first_name=f"Many {number}")
        start = now + timedelta(days=1, minutes=90 * number)
        make_payment(make_booking(client=client, service=service, start=start), paid_at=now)

    add(0)
    with CaptureQueriesContext(connection) as filling:
        desk.get(reverse("admin:index"))
    filled = len(filling)  # read now: the next request empties the connection's log
    few = _hit_queries(desk)
    for number in range(1, 40):
        add(number)

    assert _hit_queries(desk) == few
    assert few < filled


@pytest.fixture
def desk_page(desk):
    def get() -> str:
        response = desk.get(reverse("admin:index"))
        assert response.status_code == 200
        return response.content.decode()

    return get


def test_a_new_booking_and_its_cancellation_show_at_once(
    desk_page, make_booking, clients, service, now
):
    before = desk_page()
    booking = make_booking(client=clients[0], service=service, start=now + timedelta(days=2))

    assert booking.reference not in before
    shown = desk_page()
    assert f'data-booking="{booking.reference}"' in shown
    assert "No cancellations in the last 14 days." in shown

    booking.status = "cancelled"
    booking.cancelled_at = now
    booking.cancelled_by = "client"
    booking.save()

    cancelled = desk_page()
    assert "No cancellations in the last 14 days." not in cancelled
    cancelled_rows = cancelled[cancelled.index('id="qh-cancelled"') :]
    assert f'data-booking="{booking.reference}"' in cancelled_rows


def test_a_payment_and_a_refund_change_the_months_figures_at_once(
    desk_page, make_booking, make_payment, clients, service, now
):
    booking = make_booking(client=clients[0], service=service, start=now + timedelta(days=2))
    assert '<dd data-figure="takings">£0</dd>' in desk_page()

    payment = make_payment(booking, amount=9500)
    assert '<dd data-figure="takings">£95</dd>' in desk_page()

    RefundFactory(payment=payment, amount=2000, status="succeeded", reason="outside")
    assert '<dd data-figure="refunds">£20</dd>' in desk_page()


def test_a_client_renaming_herself_shows_at_once(desk_page, make_booking, clients, service, now):
    make_booking(client=clients[0], service=service, start=now + timedelta(days=2))
    assert "Maya Client" in desk_page()

    clients[0].first_name = "Mia"
    clients[0].save()

    assert "Mia Client" in desk_page()
    assert "Maya Client" not in desk_page()


def test_a_screening_that_asks_for_a_conversation_flags_her_sessions_at_once(
    desk_page, make_booking, clients, service, now
):
    from clients.screening import QUESTION_KEYS, screening_submit

    service.needs_screening = True
    service.save()
    make_booking(client=clients[0], service=service, start=now + timedelta(days=2))
    assert "Needs a conversation" not in desk_page()

    answers = dict.fromkeys(QUESTION_KEYS, "no") | {QUESTION_KEYS[0]: "yes"}
    screening_submit(user=clients[0], answers=answers, now=now)

    assert "Needs a conversation" in desk_page()


def test_a_holds_minutes_are_never_shown_past_their_minute(
    desk_page, make_booking, clients, service, now, monkeypatch
):
    from django.utils import timezone

    make_booking(
        client=clients[0],
        service=service,
        start=now + timedelta(days=2),
        status="held",
        hold_expires_at=now + timedelta(minutes=4, milliseconds=500),
    )
    monkeypatch.setattr(timezone, "now", lambda: now)
    assert "5 minutes</td>" in desk_page()

    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(milliseconds=600))
    assert "4 minutes</td>" in desk_page()


def test_a_new_day_shows_its_own_sessions_as_today(
    desk_page, make_booking, clients, service, now, monkeypatch
):
    from django.utils import timezone

    midnight = (now + timedelta(days=1)).astimezone(LONDON).replace(hour=0, minute=0, second=0)
    session = make_booking(client=clients[0], service=service, start=midnight + timedelta(hours=10))
    monkeypatch.setattr(timezone, "now", lambda: midnight - timedelta(milliseconds=500))
    evening = desk_page()
    assert f'data-booking="{session.reference}"' not in evening[: evening.index('id="qh-week"')]

    monkeypatch.setattr(timezone, "now", lambda: midnight + timedelta(milliseconds=500))
    morning = desk_page()
    assert f'data-booking="{session.reference}"' in morning[: morning.index('id="qh-week"')]


def test_the_desk_is_never_shown_to_someone_not_staff(
    client, desk_page, make_booking, clients, service, now
):
    booking = make_booking(client=clients[0], service=service, start=now + timedelta(days=1))
    assert booking.reference in desk_page()  # her desk is in the cache now
    client.force_login(clients[1])

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert booking.reference not in response.content.decode()


# E-mails that could not be sent: kept under the desk's version, which the sending job's bulk
# updates replace when it gives up on one (practice/mail.py).

FAILED_FIGURE = 'data-figure="failed-emails">1 e-mail could not be sent'


def _email_to_send(**fields):
    from practice.models import OutgoingEmail

    return OutgoingEmail.objects.create(
        key="test:failing",
        to="maya@example.com",
        subject="Your session",
        body_text="See you soon.",
        **fields,
    )


def test_an_email_the_sender_gives_up_on_shows_on_the_cached_desk_at_once(desk_page, settings, now):
    import socket

    from practice import mail

    with socket.socket() as probe:  # a port nothing listens on: refused at once
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    email = _email_to_send(attempts=mail.MAX_ATTEMPTS - 1)
    assert FAILED_FIGURE not in desk_page()  # its count is kept now

    assert mail.outgoing_email_send(email_id=email.pk, now=now) == "failed"

    assert FAILED_FIGURE in desk_page()


def test_an_email_whose_sender_stopped_on_its_last_try_shows_on_the_cached_desk_at_once(
    desk_page, now
):
    from practice import mail

    _email_to_send(
        status="sending", attempts=mail.MAX_ATTEMPTS, claimed_until=now - timedelta(minutes=1)
    )
    assert FAILED_FIGURE not in desk_page()

    mail.outgoing_emails_send_due(now=now)

    assert FAILED_FIGURE in desk_page()


def test_the_desk_built_from_its_parts_reads_the_cache_in_three_round_trips(desk, monkeypatch):
    """Her session; the menu's, the availability's, the desk's and the listening plans'
    versions; then every kept part at once (the list of apps and its markup, her permissions,
    failed e-mails, set-up, sessions, listening plans, figures). One by one they were twelve.
    (A query string, which the index ignores, is never served from a page kept whole.)"""
    built_again = {"from": "a-bookmark"}
    desk.get(reverse("admin:index"), built_again)
    calls = round_trips(monkeypatch)

    page = desk.get(reverse("admin:index"), built_again)

    assert page.status_code == 200
    assert 'id="qh-everything"' in page.content.decode()
    assert calls == ["get", "get_many", "get_many"]


def test_the_kept_desk_is_read_in_two_round_trips_and_rendered_by_no_template(desk, monkeypatch):
    """Her session, then the page kept whole with the versions it was kept under
    (workplace/desk_cache.py `kept_desk_page`)."""
    built = desk.get(reverse("admin:index"))
    calls = round_trips(monkeypatch)

    page = desk.get(reverse("admin:index"))

    assert calls == ["get", "get_many"]
    assert page.templates == []
    assert without_tokens(page.content.decode()) == without_tokens(built.content.decode())
    assert 'id="qh-everything"' in page.content.decode()


def test_a_part_read_ahead_is_still_replaced_when_its_data_changes(
    desk_page, make_booking, clients, service, now, monkeypatch
):
    """What the index reads ahead is read under the versions of this request: a booking made
    since the last view shows; the page kept whole is read first, then every part at once."""
    desk_page()
    booking = make_booking(client=clients[1], service=service, start=now + timedelta(days=3))
    calls = round_trips(monkeypatch)

    shown = desk_page()

    assert f'data-booking="{booking.reference}"' in shown
    # Her session; the kept page (under older versions) with today's; the parts (sessions
    # rebuilt).
    assert calls == ["get", "get_many", "get_many"]


def test_the_desks_practitioner_is_hers_without_a_query_once_the_admin_read_it(
    practitioner, django_assert_num_queries
):
    from django.contrib.auth import get_user_model

    from workplace.dashboard import desk_practitioner, practitioners_for

    user = get_user_model().objects.get(pk=practitioner.user_id)
    assert user.practitioner == practitioner  # read as AdminTimeZoneMiddleware does
    with django_assert_num_queries(0):
        assert desk_practitioner(user) == practitioner

    # Hers no longer active: the practice's first active one, as practitioners_for says.
    practitioner.active = False
    practitioner.save()
    from tests.factories import PractitionerFactory

    other = PractitionerFactory(display_name="Bea", user__email="bea@example.com")
    user = get_user_model().objects.get(pk=practitioner.user_id)
    assert user.practitioner.active is False
    assert desk_practitioner(user) == other == practitioners_for(user)[1]
