"""Her recording's page and a check-in in a real Chromium: axe with zero violations before and
after the acknowledgement, and on the check-in; the player's played time credited by
static/js/listening.js (a seek to the end credits nothing, playing it through does); an
e-mail's one-click answer going through sign-in.

The audio file itself is served here from real audio (aftercare/sample_audio.py), with Range,
at the file view's address: the file views are tested on their own.
"""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from aftercare.models import CheckIn, ListeningDay, Recording
from aftercare.sample_audio import sample_audio
from tests.aftercare.plan_fixtures import plan_make, recording_make

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

SECONDS = 20.0
PHONE = {"width": 390, "height": 844}
# Scripts run by Playwright on the <audio> element (the page's CSP allows no eval, so waits are
# promises rather than wait_for_function).
READY = """audio => audio.readyState >= 1 || new Promise(resolve =>
    audio.addEventListener("loadedmetadata", () => resolve(true), {once: true}))"""
PLAY_TO_THE_END = """(audio, from) => new Promise((resolve, reject) => {
    audio.addEventListener("ended", () => resolve(true), {once: true});
    audio.currentTime = from;
    audio.play().catch(reject);
})"""


@pytest.fixture
def recording(client_user, make_booking, service, now):
    session = make_booking(client=client_user, service=service, status="completed")
    recording = recording_make(
        client=client_user, booking=session, seconds=SECONDS, title="Your recording"
    )
    recording.note = "Listen each evening, somewhere quiet."
    recording.save()
    plan_make(recording, starts_on=(now - timedelta(days=2)).date(), time_zone="UTC")
    return recording


def acknowledge(recording: Recording, now) -> None:
    Recording.objects.filter(pk=recording.pk).update(acknowledged_at=now)


def serve_audio(page, recording: Recording) -> None:
    """Answer the player's requests for the file with real MP3 audio, by byte ranges."""
    audio = sample_audio("mp3", seconds=SECONDS)
    path = reverse("aftercare:recording-audio", args=[recording.public_id])

    def answer(route):
        wanted = re.fullmatch(r"bytes=(\d+)-(\d*)", route.request.headers.get("range", ""))
        if wanted is None:
            route.fulfill(
                status=200,
                body=audio,
                headers={"Content-Type": "audio/mpeg", "Accept-Ranges": "bytes"},
            )
            return
        first = int(wanted[1])
        last = int(wanted[2]) if wanted[2] else len(audio) - 1
        route.fulfill(
            status=206,
            body=audio[first : last + 1],
            headers={
                "Content-Type": "audio/mpeg",
                "Accept-Ranges": "bytes",
                "Content-Range": f"bytes {first}-{last}/{len(audio)}",
            },
        )

    page.route(lambda url: urlsplit(url).path == path, answer)


def test_the_safety_notes_the_player_and_the_plan_are_accessible(
    live_server, page, axe_check, browser_login, practice_details, client_user, recording, now
):
    browser_login(page, client_user)
    page.goto(f"{live_server.url}/my/recordings/{recording.public_id}/")
    expect(page.get_by_role("heading", name="Before you listen")).to_be_visible()
    axe_check(page, what="the recording page before the acknowledgement")

    page.get_by_role("button", name="Continue to my recording").click()
    expect(page.get_by_role("alert")).to_contain_text("Please tick the box")
    axe_check(page, what="the acknowledgement with its error")

    page.get_by_label("I have read these notes and will listen safely").check()
    page.get_by_role("button", name="Continue to my recording").click()
    expect(page.locator("audio")).to_be_visible()
    expect(page.get_by_role("heading", name="Your 21 days")).to_be_visible()
    recording.refresh_from_db()
    assert recording.acknowledged_at is not None
    axe_check(page, what="the recording page after the acknowledgement")

    page.goto(f"{live_server.url}/my/")
    expect(page.get_by_role("link", name="Your recording")).to_be_visible()
    axe_check(page, what="/my/ with a recording")


def test_on_a_phone_the_page_fits_the_screen(
    live_server, browser, browser_login, practice_details, client_user, recording, now
):
    acknowledge(recording, now)
    context = browser.new_context(viewport=PHONE, locale="en-GB", has_touch=True)
    phone = context.new_page()
    browser_login(phone, client_user)

    phone.goto(f"{live_server.url}/my/recordings/{recording.public_id}/")

    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()


def test_played_time_counts_and_a_seek_to_the_end_does_not(
    live_server, page, browser_login, practice_details, client_user, recording, now
):
    acknowledge(recording, now)
    serve_audio(page, recording)
    browser_login(page, client_user)
    page.goto(f"{live_server.url}/my/recordings/{recording.public_id}/")
    player = page.locator("audio")
    player.evaluate(READY)
    status = page.locator("[data-listening-status]")
    expect(status).to_have_text("Day 3 of 21: not listened yet today.")

    # Straight to the last seconds: only what is then played counts.
    with page.expect_response(re.compile(r"/listened/$")):
        player.evaluate(PLAY_TO_THE_END, 18)
    day = ListeningDay.objects.get()
    assert 1 <= day.seconds_played <= 3
    assert day.listened_at is None

    # From the start to the end (four times as fast): played through, so today counts.
    player.evaluate("audio => { audio.currentTime = 0; audio.playbackRate = 4; audio.play(); }")
    expect(status).to_have_text("Day 3 of 21: listened today. Thank you.", timeout=20000)
    day.refresh_from_db()
    assert day.seconds_played >= 0.8 * SECONDS
    assert day.listened_at is not None
    assert not day.by_hand


def test_without_javascript_she_ticks_the_day_by_hand(
    live_server, browser, browser_login, practice_details, client_user, recording, now
):
    acknowledge(recording, now)
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    browser_login(page, client_user)
    page.goto(f"{live_server.url}/my/recordings/{recording.public_id}/")

    page.get_by_role("button", name="I listened today").click()

    expect(page.get_by_text("Today is marked as listened.")).to_be_visible()
    expect(page.locator("[data-listening-status]")).to_have_text(
        "Day 3 of 21: listened today. Thank you."
    )
    assert ListeningDay.objects.get().by_hand
    context.close()


def test_a_one_click_answer_goes_through_sign_in_and_the_check_in_page_is_accessible(
    live_server, page, axe_check, password, practice_details, client_user, recording, now
):
    acknowledge(recording, now)
    check_in = CheckIn.objects.create(plan=recording.plan, day_number=2, sent_at=now)
    link = f"{live_server.url}/my/recordings/{recording.public_id}/check-in/2/?feeling=4"

    page.goto(link)
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    check_in.refresh_from_db()
    assert check_in.answered_at is None
    page.get_by_label(re.compile(r"^\s*E-mail address")).fill(client_user.email)
    page.get_by_text("Sign in with a password instead").click()
    page.get_by_label(re.compile(r"^\s*Password")).fill(password)
    page.get_by_role("button", name="Sign in with password").click()

    expect(page.get_by_text("Thank you: your answer (Good) is saved.")).to_be_visible()
    expect(page.get_by_label("Good", exact=True)).to_be_checked()
    check_in.refresh_from_db()
    assert check_in.answer == {"feeling": 4, "message": ""}
    axe_check(page, what="the check-in page")

    page.get_by_label("Anything you would like to add? (optional)").fill("Calmer at work.")
    page.get_by_role("button", name="Save my answer").click()
    expect(page.get_by_text("Thank you: your answer is saved.")).to_be_visible()
    check_in.refresh_from_db()
    assert check_in.answer == {"feeling": 4, "message": "Calmer at work."}
