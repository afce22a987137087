"""The practitioner's upload in a real Chromium: from the booking's page to the form filled in,
a refused file, the saved recording's page with its player; axe on each page."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from aftercare.models import Recording, RecordingAccess
from aftercare.sample_audio import sample_audio

pytestmark = pytest.mark.django_db(transaction=True)


def assert_our_part_is_accessible(page):
    """axe on the recordings' part of a booking's or a client's admin page. (Not the whole page:
    Django's own tabular inlines there, the payments' and the bookings', leave their first and
    last column headings empty, which axe reports as a best practice missed.)"""
    results = Axe().run(page, context="#recordings-group")
    assert results.violations_count == 0, results.generate_report()


def test_she_uploads_a_recording_from_the_booking_page(
    live_server,
    page,
    axe_check,
    browser_login,
    practitioner,
    practice_details,
    client_user,
    make_booking,
    service,
    tmp_path,
):
    booking = make_booking(client=client_user, service=service)
    browser_login(page, practitioner.user)
    page.goto(f"{live_server.url}/admin/bookings/booking/{booking.pk}/change/")
    assert_our_part_is_accessible(page)

    page.get_by_role("link", name="Add a recording for Maya Jones (maya@example.com)").click()

    expect(page.get_by_role("heading", name="Add recording")).to_be_visible()
    expect(page.get_by_label("Client")).to_have_value(str(client_user.pk))
    expect(page.get_by_label("Session")).to_have_value(str(booking.pk))
    axe_check(page, what="the upload form")

    notes = tmp_path / "session.mp3"
    notes.write_text("Notes from our session\n" * 50)
    page.get_by_label("Title").fill("Your calm place")
    page.get_by_label("Audio file").set_input_files(notes)
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.get_by_text("This file isn't audio we can play.")).to_be_visible()
    assert not Recording.objects.exists()
    axe_check(page, what="the upload form with its error")

    audio = tmp_path / "calm.mp3"
    audio.write_bytes(sample_audio("mp3", seconds=3))
    page.get_by_label("Audio file").set_input_files(audio)
    page.get_by_role("button", name="Save and continue editing").click()

    recording = Recording.objects.get()
    assert (recording.client, recording.booking) == (client_user, booking)
    expect(page.get_by_role("link", name="Download the file")).to_be_visible()
    axe_check(page, what="the recording's page with its player")

    duration = page.locator("audio").evaluate(
        """player => new Promise(done => {
            player.addEventListener("loadedmetadata", () => done(player.duration));
            player.addEventListener("error", () => done(`error ${player.error.code}`));
            setTimeout(() => done(`no metadata, state ${player.readyState}`), 10000);
            player.preload = "metadata";
            player.load();
        })"""
    )
    assert duration == pytest.approx(3, abs=0.3)
    assert RecordingAccess.objects.filter(recording=recording, by_staff=True).exists()
