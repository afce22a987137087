"""The practitioner's journey in a real Chromium: she signs in, finds a client's paid session in
this week's calendar, cancels it with a refund, and the time is free again on the booking page.

Stripe is faked at its HTTP layer with `responses`; the live server runs in a thread of this
process, so the fake applies to it too. Every page of her workplace is checked with axe.
"""

import json
import re
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from urllib.parse import parse_qsl
from zoneinfo import ZoneInfo

import pytest
import responses
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # Her browser is in London like her practice, so "this week" means the same to both.
    pytest.mark.browser_context_args(timezone_id="Europe/London"),
]

LONDON = ZoneInfo("Europe/London")
STRIPE_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "stripe"


@pytest.fixture
def stripe_refunds(settings):
    """Stripe's Refunds API, faked: every refund asked for succeeds; other requests fail."""
    settings.STRIPE_SECRET_KEY = "sk_test_51QhAr0uRt3stK3yN0tR3alDoN0tUs3x9Zq"
    settings.STRIPE_API_BASE = None
    settings.STRIPE_OFFLINE = False

    def answer(request):
        sent = dict(parse_qsl(request.body))
        refund = json.loads((STRIPE_FIXTURES / "refund_succeeded.json").read_text())
        refund.update(
            amount=int(sent["amount"]),
            payment_intent=sent["payment_intent"],
            metadata={
                "booking_reference": sent["metadata[booking_reference]"],
                "refund_key": sent["metadata[refund_key]"],
            },
        )
        return 200, {}, json.dumps(refund)

    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.add_callback("POST", "https://api.stripe.com/v1/refunds", callback=answer)
        # The browser talks to the live server: let those requests through untouched.
        mock.add_passthru(re.compile(r"http://(localhost|127\.0\.0\.1)"))
        yield mock


@pytest.fixture
def practitioner(make_practitioner):
    """Anna, staff and a superuser, open every day 00:00-23:30."""
    return make_practitioner(
        last_name="Whitfield", is_superuser=True, hours=(time(0), time(23, 30))
    )


@pytest.fixture
def practice(practice_details, practitioner, make_service):
    """Anna's practice: open every day 00:00-23:30, a paid hour-long session, short notice."""
    service = make_service(name="Hypnotherapy session", price_amount=9500, min_notice_hours=1)
    return practitioner, service


@pytest.fixture
def paid_session(practice, client_user, make_booking, make_payment, now):
    """Maya's confirmed and paid session, a few hours from now (on the hour), at a time the
    practice offers: from 20:00 in London three hours on is 23:00, and an hour from then runs
    past her 23:30, so such a time could never be offered again once cancelled; the session
    is then the next morning at 10:00."""
    _, service = practice
    start = (now + timedelta(hours=3)).replace(minute=0, second=0, microsecond=0)
    if start.astimezone(LONDON).hour == 23:
        next_day = start.astimezone(LONDON).date() + timedelta(days=1)
        start = datetime.combine(next_day, time(10), LONDON).astimezone(UTC)
    booking = make_booking(client=client_user, service=service, start=start)
    make_payment(booking, paid_at=now - timedelta(days=1))
    return booking


def run_queued_tasks():
    from django.core.management import call_command

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def slot_button(page, booking):
    iso = booking.start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return page.locator(f'button[name="start"][value="{iso}"]')


def test_she_cancels_a_paid_session_from_her_calendar_and_the_time_is_free_again(
    live_server, page, browser_login, axe_check, practice, paid_session, stripe_refunds
):
    from django.core import mail

    from payments.models import Refund

    _, service = practice
    local_day = paid_session.start.astimezone(LONDON).date()
    booking_page = f"{live_server.url}/book/{service.slug}/?day={local_day.isoformat()}"
    page.goto(booking_page)
    expect(page.locator('button[name="start"]').first).to_be_visible()  # the day has times...
    expect(slot_button(page, paid_session)).to_have_count(0)  # ...but not Maya's: it is taken

    browser_login(page, paid_session.practitioner.user)
    page.goto(f"{live_server.url}/admin/")
    axe_check(page, what="the dashboard")
    page.get_by_role("link", name="Open calendar").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Calendar")
    today = timezone.now().astimezone(LONDON).date()
    if local_day - timedelta(days=local_day.weekday()) != today - timedelta(days=today.weekday()):
        page.get_by_role("link", name="Next week").click()  # late on a Sunday
        expect(page).to_have_url(re.compile(r"date="))
    axe_check(page, what="the week calendar")
    session = page.get_by_role("link", name=re.compile(r"Maya Jones.*Confirmed"))
    expect(session).to_contain_text(f"{paid_session.start.astimezone(LONDON):%H:%M}")
    session.click()

    page.get_by_role("link", name="Cancel and refund").click()
    # axe on a page still loading finds no document: wait for the step itself.
    expect(page.get_by_label("Why are you cancelling?")).to_be_visible()
    axe_check(page, what="the cancel step")
    page.get_by_label("Why are you cancelling?").fill("I am unwell today.")
    page.get_by_role("button", name="Cancel the session and refund").click()

    expect(page.locator(".messagelist")).to_contain_text(
        "1 session cancelled. The client has been e-mailed and £95 is being refunded"
    )
    run_queued_tasks()  # the worker sends the refund and the e-mail
    [refund_call] = [c for c in stripe_refunds.calls if c.request.url.endswith("/v1/refunds")]
    assert dict(parse_qsl(refund_call.request.body))["amount"] == "9500"
    assert Refund.objects.get().status == Refund.Status.SUCCEEDED
    assert any(m.to == ["maya@example.com"] and "is cancelled" in m.subject for m in mail.outbox)

    page.goto(booking_page)
    expect(slot_button(page, paid_session)).to_have_count(1)


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/bookings/booking/calendar/",
        "/admin/bookings/booking/calendar/?view=month",
        "/admin/bookings/booking/calendar/block/",
        "/admin/bookings/booking/",
    ],
)
def test_her_workplace_pages_pass_axe(
    live_server, page, browser_login, axe_check, practice, paid_session, path
):
    browser_login(page, paid_session.practitioner.user)
    requested, csp_errors = [], []
    page.on("request", lambda request: requested.append(request.url))
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and csp_errors.append(message),
    )

    page.goto(f"{live_server.url}{path}")

    axe_check(page, what=path)
    assert all(url.startswith(live_server.url) for url in requested), requested
    assert csp_errors == []


def test_the_booking_page_has_no_serious_accessibility_problems(
    live_server, page, browser_login, practice, paid_session
):
    """Django's own change form keeps a minor finding (empty headers in its inline tables)."""
    from axe_playwright_python.sync_playwright import Axe

    browser_login(page, paid_session.practitioner.user)
    page.goto(f"{live_server.url}/admin/bookings/booking/{paid_session.pk}/change/")

    results = Axe().run(page)
    serious = [
        (violation["id"], [node["target"] for node in violation["nodes"]])
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    assert serious == []


def test_the_block_time_warning_passes_axe(
    live_server, page, browser_login, axe_check, practice, paid_session
):
    browser_login(page, paid_session.practitioner.user)
    page.goto(f"{live_server.url}/admin/bookings/booking/calendar/block/")
    start = paid_session.start.astimezone(LONDON)
    page.get_by_label("From").fill(f"{start:%Y-%m-%dT%H:%M}")
    page.get_by_label("Until").fill(f"{start + timedelta(hours=2):%Y-%m-%dT%H:%M}")
    page.get_by_role("button", name="Block this time").click()

    expect(
        page.get_by_role("heading", name="1 session already booked in this time")
    ).to_be_visible()
    axe_check(page, what="the block time warning")
