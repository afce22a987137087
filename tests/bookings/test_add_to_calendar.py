"""'Add to calendar' for a confirmed booking: Google, Outlook and the .ics download, on the
booking page, on /my/ and in the confirmation e-mail, all the same event as the e-mail's .ics."""

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import icalendar
import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from bookings import services

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
START = datetime(2026, 3, 10, 14, 30, tzinfo=UTC)  # 10:30 am in New York (EDT)
SITE = "https://quietharbour.example"
WEEK = timedelta(days=7)


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def confirmed(make_user, service, practice_details, record_payment):
    """Maya's booking confirmed through the domain, so its confirmation e-mail is queued."""
    client = make_user("maya@example.com", first_name="Maya")
    booking = services.booking_hold(
        client=client, service=service, start=START, client_tz="America/New_York", now=NOW
    )
    record_payment(booking, at=NOW)
    return services.booking_confirm(booking=booking, now=NOW)


def ics_path(booking) -> str:
    return f"/bookings/{booking.reference}/calendar.ics"


def confirmation_to(address):
    (message,) = [m for m in mail.outbox if m.to == [address]]
    return message


def event_of(ics: bytes) -> icalendar.Event:
    (event,) = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    return event


@pytest.mark.django_db(transaction=True)
def test_the_ics_download_is_the_same_event_as_the_confirmation_emails_attachment(
    client, confirmed, run_worker
):
    run_worker()
    (attachment,) = confirmation_to("maya@example.com").attachments
    client.force_login(confirmed.client)

    response = client.get(ics_path(confirmed))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="appointment.ics"'
    downloaded, emailed = event_of(response.content), event_of(attachment.content.encode())
    for field in ("UID", "SUMMARY", "DESCRIPTION", "URL", "SEQUENCE", "STATUS"):
        assert downloaded[field] == emailed[field], field
    assert downloaded.decoded("DTSTART") == emailed.decoded("DTSTART") == START
    assert downloaded.decoded("DTEND") == emailed.decoded("DTEND")
    assert downloaded["DTSTART"].params["TZID"] == "America/New_York"
    assert emailed["DTSTART"].params["TZID"] == "America/New_York"
    # The booking page, never the video room: calendars are often seen by others.
    booking_page = f"{SITE}/bookings/{confirmed.reference}/"
    assert str(downloaded["URL"]) == booking_page
    assert booking_page in str(downloaded["DESCRIPTION"])
    assert confirmed.room.name not in response.content.decode()
    assert "meet.jit.si" not in response.content.decode()
    assert "Hypnotherapy" not in response.content.decode()


@pytest.mark.django_db
def test_the_ics_download_is_a_404_to_another_client(
    client, make_booking, client_user, other_client, service, practice_details
):
    booking = make_booking(client=client_user, service=service)
    client.force_login(other_client)
    theirs = client.get(ics_path(booking))
    client.force_login(client_user)

    assert theirs.status_code == 404
    assert client.get(ics_path(booking)).status_code == 200


@pytest.mark.django_db
def test_an_anonymous_visitor_signs_in_and_comes_back_to_the_ics(
    client, make_booking, client_user, service, practice_details, password
):
    booking = make_booking(client=client_user, service=service)

    response = client.get(ics_path(booking))

    assert response.status_code == 302
    login = f"{reverse('account_login')}?next={ics_path(booking)}"
    assert response["Location"] == login
    signed_in = client.post(login, {"login": client_user.email, "password": password}, follow=False)
    assert signed_in["Location"] == ics_path(booking)
    assert client.get(ics_path(booking)).status_code == 200


@pytest.mark.django_db
def test_a_held_booking_has_no_calendar_file_and_no_links(
    client, make_booking, client_user, service, practice_details
):
    held = make_booking(client=client_user, service=service, status="held")
    confirmed = make_booking(client=client_user, service=service, start=held.start + WEEK)
    client.force_login(client_user)

    assert client.get(ics_path(held)).status_code == 404
    assert client.get(ics_path(confirmed)).status_code == 200
    page = client.get(held.get_absolute_url()).content.decode()
    assert calendar_hrefs(page, held) == []
    assert "calendar.google.com" not in page
    # On /my/, only the confirmed one of her two upcoming bookings has the links.
    my = client.get(reverse("clients:my-account")).content.decode()
    assert ics_path(held) not in my
    assert len(calendar_hrefs(my, confirmed)) == 3
    assert my.count("calendar.google.com") == 1


@pytest.mark.django_db
def test_google_and_outlook_links_carry_the_utc_times_and_the_booking_page_only(
    make_booking, client_user, service
):
    start = datetime(2026, 12, 14, 15, 0, tzinfo=UTC)
    from bookings.calendar_links import calendar_links  # here, so the other tests run without it

    booking = make_booking(client=client_user, service=service, start=start)

    links = calendar_links(booking, title="Appointment with Quiet Harbour Therapy")

    google, outlook = urlsplit(links.google), urlsplit(links.outlook)
    assert (google.netloc, google.path) == ("calendar.google.com", "/calendar/render")
    assert (outlook.netloc, outlook.path) == ("outlook.live.com", "/calendar/0/deeplink/compose")
    google_query, outlook_query = parse_qs(google.query), parse_qs(outlook.query)
    assert google_query["dates"] == ["20261214T150000Z/20261214T160000Z"]
    assert outlook_query["startdt"] == ["2026-12-14T15:00:00Z"]
    assert outlook_query["enddt"] == ["2026-12-14T16:00:00Z"]
    assert google_query["text"] == outlook_query["subject"]
    assert google_query["text"] == ["Appointment with Quiet Harbour Therapy"]
    booking_page = f"{SITE}/bookings/{booking.reference}/"
    assert booking_page in google_query["details"][0]
    assert booking_page in outlook_query["body"][0]
    for link in (links.google, links.outlook):
        assert "Hypnotherapy" not in link
        assert "meet.jit.si" not in link
        assert "screening" not in link.lower()


def calendar_hrefs(html: str, booking) -> list[str]:
    return [
        href
        for href in (
            "https://calendar.google.com/calendar/render?",
            "https://outlook.live.com/calendar/0/deeplink/compose?",
            f'href="{ics_path(booking)}"',
        )
        if href in html
    ]


@pytest.mark.django_db
def test_the_confirmed_booking_page_and_my_page_show_the_three_links(
    client, make_booking, client_user, service, practice_details
):
    booking = make_booking(client=client_user, service=service)
    client.force_login(client_user)

    page = client.get(booking.get_absolute_url()).content.decode()
    my = client.get(reverse("clients:my-account")).content.decode()

    for html in (page, my):
        assert len(calendar_hrefs(html, booking)) == 3
        assert "Add to calendar" in html
        assert "Apple or other (.ics)" in html
    assert f"{booking.reference}%2F" in page  # Google's and Outlook's details: the booking page


@pytest.mark.django_db(transaction=True)
def test_the_confirmation_email_links_the_ics_download_and_outlook(confirmed, run_worker):
    run_worker()
    message = confirmation_to("maya@example.com")
    html = message.alternatives[0].content
    ics_url = f"{SITE}/bookings/{confirmed.reference}/calendar.ics"

    assert f"Add to Apple or another calendar (.ics): {ics_url}" in message.body
    assert f'href="{ics_url}"' in html
    assert "https://outlook.live.com/calendar/0/deeplink/compose?" in message.body
    assert "startdt=2026-03-10T14%3A30%3A00Z" in message.body


@pytest.mark.django_db(transaction=True)
def test_the_confirmed_booking_page_with_its_calendar_links_is_accessible(
    live_server,
    page,
    axe_check,
    browser_login,
    make_booking,
    client_user,
    service,
    practice_details,
):
    booking = make_booking(client=client_user, service=service)
    browser_login(page, client_user)

    page.goto(f"{live_server.url}{booking.get_absolute_url()}")

    group = page.locator(".add-to-calendar")
    expect(
        group.get_by_role("link", name="Google Calendar (opens in a new tab)")
    ).to_have_attribute("target", "_blank")
    expect(group.get_by_role("link", name="Outlook Calendar (opens in a new tab)")).to_be_visible()
    with page.expect_download() as download:
        group.get_by_role("link", name="Apple or other (.ics)").click()
    assert download.value.suggested_filename == "appointment.ics"
    axe_check(page, what="confirmed booking with its calendar links")
