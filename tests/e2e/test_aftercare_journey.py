"""After the session, end to end in a real Chromium, nothing faked: the practitioner uploads a
client's recording from her confirmed booking in the admin; the client finds it in /my/,
acknowledges the safety notes, plays it, seeks, plays on, and today counts as listened.

The player fetches the file from the site's own file view with Range requests (read from the
private storage on disk), which is what lets it seek; axe and the HTML checker see every page.
"""

import pytest
from playwright.sync_api import expect

from aftercare.models import ListeningDay, Recording, RecordingAccess
from aftercare.sample_audio import sample_audio

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

SECONDS = 12.0
READY = """audio => audio.readyState >= 1 || new Promise(resolve =>
    audio.addEventListener("loadedmetadata", () => resolve(true), {once: true}))"""
SEEK = """(audio, to) => new Promise(resolve => {
    audio.addEventListener("seeked", () => resolve(audio.currentTime), {once: true});
    audio.currentTime = to;
})"""


def test_a_recording_goes_from_her_practitioner_to_her_daily_listening(
    live_server,
    browser,
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
    assert booking.status == "confirmed"

    # The practitioner, from the booking's page in her admin.
    browser_login(page, practitioner.user)
    page.goto(f"{live_server.url}/admin/bookings/booking/{booking.pk}/change/")
    page.get_by_role("link", name="Add a recording for Maya Jones (maya@example.com)").click()
    page.get_by_label("Title").fill("Your calm place")
    page.get_by_label("Note").fill("Once a day, somewhere quiet, for three weeks.")
    audio = tmp_path / "calm-place.mp3"
    audio.write_bytes(sample_audio("mp3", seconds=SECONDS))
    page.get_by_label("Audio file").set_input_files(audio)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Your calm place")
    recording = Recording.objects.get()
    assert (recording.client, recording.booking) == (client_user, booking)
    assert recording.duration_seconds == pytest.approx(SECONDS, abs=0.3)
    assert recording.plan.days == 21

    # The client, on her phone's browser, signed in.
    context = browser.new_context(locale="en-GB")
    phone = context.new_page()
    browser_login(phone, client_user)
    phone.goto(f"{live_server.url}/my/")
    phone.get_by_role("link", name="Your calm place").click()
    expect(phone.get_by_role("heading", name="Before you listen")).to_be_visible()
    assert not phone.locator("audio").count()
    axe_check(phone, what="her recording before the safety notes")

    phone.get_by_label("I have read these notes and will listen safely").check()
    phone.get_by_role("button", name="Continue to my recording").click()
    recording.refresh_from_db()
    assert recording.acknowledged_at is not None
    expect(phone.get_by_text("Once a day, somewhere quiet, for three weeks.")).to_be_visible()
    status = phone.locator("[data-listening-status]")
    expect(status).to_have_text("Day 1 of 21: not listened yet today.")
    axe_check(phone, what="her recording with its player and plan")

    # Play, seek forward, seek back to the start and play it through (twice as fast).
    player = phone.locator("audio")
    player.evaluate(READY)
    player.evaluate("audio => audio.play()")
    phone.wait_for_timeout(500)
    assert player.evaluate(SEEK, SECONDS - 2) == pytest.approx(SECONDS - 2, abs=0.5)
    assert player.evaluate(SEEK, 0) == pytest.approx(0, abs=0.5)
    player.evaluate("audio => { audio.playbackRate = 2; return audio.play(); }")
    expect(status).to_have_text("Day 1 of 21: listened today. Thank you.", timeout=30000)

    day = ListeningDay.objects.get(plan=recording.plan)
    assert day.listened_at is not None
    assert not day.by_hand
    assert day.seconds_played >= 0.8 * SECONDS
    # The player asked for byte ranges, and every fetch of hers is in the log.
    her_fetches = RecordingAccess.objects.filter(recording=recording, reader=client_user)
    assert her_fetches.exclude(byte_range="").exists()
    axe_check(phone, what="her recording with today listened")
    context.close()
