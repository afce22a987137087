"""Her recording's page and where she finds it (/my/, the booking page), and the
practitioner's views of the plans (dashboard, client page, service page): the Django test
client. The same pages in Chromium, with axe and the player, are in test_pages_browser.py."""

from datetime import time, timedelta

import pytest
from django.urls import reverse

from aftercare.models import ListeningPlan, PlanDefaults, Recording
from tests.aftercare.plan_fixtures import listened_on, plan_make, recording_make

pytestmark = pytest.mark.django_db
Status = ListeningPlan.Status


def page_url(recording: Recording) -> str:
    return reverse("aftercare:recording", args=[recording.public_id])


@pytest.fixture
def new_recording(client_user, make_booking, service, now):
    """Maya's recording after her session, not yet acknowledged, on day 1 of its plan."""
    session = make_booking(client=client_user, service=service, status="completed")
    recording = recording_make(
        client=client_user, booking=session, title="Letting go of the old story", seconds=1200
    )
    recording.note = "Listen each evening.\nBe gentle with yourself."
    recording.save()
    plan_make(recording, starts_on=now.date(), time_zone="UTC")
    return recording


@pytest.fixture
def recording(new_recording, now):
    """The same, acknowledged, on day 6: listened on days 1-3 and 5, day 4 not."""
    Recording.objects.filter(pk=new_recording.pk).update(acknowledged_at=now - timedelta(days=6))
    plan = new_recording.plan
    ListeningPlan.objects.filter(pk=plan.pk).update(starts_on=now.date() - timedelta(days=5))
    plan.refresh_from_db()
    listened_on(plan, *(plan.starts_on + timedelta(days=n) for n in (0, 1, 2, 4)))
    new_recording.refresh_from_db()
    return new_recording


PAGES = [
    ("get", "aftercare:recording", {}),
    ("post", "aftercare:recording-acknowledge", {"understood": "on"}),
    ("post", "aftercare:listened", {"seconds": "60"}),
    ("post", "aftercare:listened-by-hand", {}),
    ("post", "aftercare:plan-change", {"action": "pause"}),
    ("post", "aftercare:plan-time", {"listen_at": "09:00", "time_zone": "Europe/Paris"}),
]


@pytest.mark.parametrize(("method", "name", "data"), PAGES)
def test_another_clients_recording_is_a_404_whatever_the_method(
    client, other_client, recording, method, name, data
):
    client.force_login(other_client)

    response = getattr(client, method)(reverse(name, args=[recording.public_id]), data)

    assert response.status_code == 404
    plan = ListeningPlan.objects.get()
    assert (plan.status, plan.listen_at, plan.listening_days.count()) == (
        Status.ACTIVE,
        time(8, 0),
        4,
    )


@pytest.mark.parametrize(("method", "name", "data"), PAGES)
def test_signed_out_every_page_leads_to_sign_in(client, recording, method, name, data):
    url = reverse(name, args=[recording.public_id])

    response = getattr(client, method)(url, data)

    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={url}"


def test_an_unknown_recording_is_a_404(signed_in, recording):
    assert signed_in.get(reverse("aftercare:recording", args=["0" * 32])).status_code == 404


# The acknowledgement gate ------------------------------------------------------------------


def test_before_she_acknowledges_the_page_shows_only_the_safety_notes(signed_in, new_recording):
    page = signed_in.get(page_url(new_recording)).content.decode()

    assert "Before you listen" in page
    assert "personal use" in page
    assert "Never listen while driving or operating machinery" in page
    assert "stop and get in touch" in page
    assert 'name="understood"' in page
    assert "<audio" not in page
    assert reverse("aftercare:recording-audio", args=[new_recording.public_id]) not in page
    assert "Listen each evening" not in page


def test_without_the_box_ticked_nothing_is_recorded(signed_in, new_recording):
    response = signed_in.post(
        reverse("aftercare:recording-acknowledge", args=[new_recording.public_id])
    )

    assert response.status_code == 400
    assert "Please tick the box to say you have read the notes." in response.content.decode()
    new_recording.refresh_from_db()
    assert new_recording.acknowledged_at is None


def test_acknowledging_records_when_and_opens_the_player(signed_in, new_recording):
    url = reverse("aftercare:recording-acknowledge", args=[new_recording.public_id])

    response = signed_in.post(url, {"understood": "on"}, follow=True)

    new_recording.refresh_from_db()
    first = new_recording.acknowledged_at
    assert first is not None
    page = response.content.decode()
    audio = reverse("aftercare:recording-audio", args=[new_recording.public_id])
    assert f'<audio class="player" controls preload="metadata" src="{audio}"' in page
    assert f'href="{audio}?download=1"' in page
    assert "Listen each evening.<br>Be gentle with yourself." in page
    assert "Before you listen" not in page

    signed_in.post(url, {"understood": "on"})
    new_recording.refresh_from_db()
    assert new_recording.acknowledged_at == first  # the first time stands


# Her page ----------------------------------------------------------------------------------


def test_her_page_shows_todays_state_the_days_and_a_gentle_streak(signed_in, recording):
    page = signed_in.get(page_url(recording)).content.decode()

    assert 'aria-live="polite"' in page
    assert "Day 6 of 21: not listened yet today." in page
    assert "You have listened on 4 days so far." in page
    assert page.count('<span class="plan-day-state">Listened</span>') == 4
    assert page.count('<span class="plan-day-state">Not listened</span>') == 1
    assert page.count('<span class="plan-day-state">To come</span>') == 15
    assert 'aria-current="date"' in page
    assert "I listened today" in page
    assert 'src="/static/js/listening.js"' in page
    assert (
        f'data-listened-url="{reverse("aftercare:listened", args=[recording.public_id])}"' in page
    )
    assert "A reminder comes by e-mail each day at <strong>8:00 am</strong>, UTC" in page
    assert "Book a follow-up session" not in page


def test_once_listened_today_the_page_says_so_and_counts_the_run(signed_in, recording, now):
    listened_on(recording.plan, now.date())

    page = signed_in.get(page_url(recording)).content.decode()

    assert "Day 6 of 21: listened today. Thank you." in page
    assert "That&#x27;s 2 days in a row." in page
    assert "Today, listened" in page
    assert "I listened today" not in page


def test_she_changes_her_reminders_time_and_zone(signed_in, recording):
    url = reverse("aftercare:plan-time", args=[recording.public_id])

    response = signed_in.post(url, {"listen_at": "21:30", "time_zone": "America/Chicago"})

    assert response.status_code == 302
    plan = ListeningPlan.objects.get()
    assert (plan.listen_at, plan.time_zone) == (time(21, 30), "America/Chicago")
    page = signed_in.get(page_url(recording)).content.decode()
    assert "each day at <strong>9:30 pm</strong>, Chicago (Central Time, UTC" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"listen_at": "24:10", "time_zone": "Europe/Paris"}, "a time of day such as 08:00"),
        ({"listen_at": "", "time_zone": "Europe/Paris"}, "a time of day such as 08:00"),
        ({"listen_at": "09:00", "time_zone": "Nowhere/Special"}, "choose your time zone"),
    ],
)
def test_a_bad_time_or_zone_gets_a_message_and_changes_nothing(signed_in, recording, data, message):
    url = reverse("aftercare:plan-time", args=[recording.public_id])

    response = signed_in.post(url, data)

    assert response.status_code == 400
    assert message in response.content.decode()
    plan = ListeningPlan.objects.get()
    assert (plan.listen_at, plan.time_zone) == (time(8, 0), "UTC")


def test_she_pauses_resumes_and_finishes_from_her_page(signed_in, recording):
    url = reverse("aftercare:plan-change", args=[recording.public_id])

    paused = signed_in.post(url, {"action": "pause"}, follow=True).content.decode()
    assert ListeningPlan.objects.get().status == Status.PAUSED
    assert "no reminders until you resume it" in paused
    assert "Resume my plan" in paused

    signed_in.post(url, {"action": "resume"})
    assert ListeningPlan.objects.get().status == Status.ACTIVE

    finished = signed_in.post(url, {"action": "finish"}, follow=True).content.decode()
    assert ListeningPlan.objects.get().status == Status.FINISHED
    assert "You have finished your plan." in finished
    assert "Book a follow-up session" in finished


def test_a_change_that_does_not_apply_says_why_and_changes_nothing(signed_in, recording):
    url = reverse("aftercare:plan-change", args=[recording.public_id])

    resumed = signed_in.post(url, {"action": "resume"}, follow=True).content.decode()
    unknown = signed_in.post(url, {"action": "delete"}, follow=True).content.decode()

    assert "Your plan is not paused." in resumed
    assert "Please use one of the buttons on this page." in unknown
    assert ListeningPlan.objects.get().status == Status.ACTIVE


def test_once_the_plan_has_ended_she_is_invited_to_a_follow_up(signed_in, recording, now):
    ListeningPlan.objects.filter(pk=recording.plan.pk).update(
        starts_on=now.date() - timedelta(days=21)
    )

    page = signed_in.get(page_url(recording)).content.decode()

    assert "Your 21 days of listening have ended." in page
    assert f'href="/book/{recording.booking.service.slug}/">Book a follow-up session' in page
    assert "Your reminders" not in page
    assert "listening.js" not in page


def test_an_open_check_in_is_linked_from_her_page(signed_in, recording, now):
    recording.plan.check_ins.create(day_number=2, sent_at=now)

    page = signed_in.get(page_url(recording)).content.decode()

    assert reverse("aftercare:check-in", args=[recording.public_id, 2]) in page


# Where she finds it ------------------------------------------------------------------------


def test_my_page_lists_her_recordings_with_the_plans_progress(signed_in, recording):
    page = signed_in.get(reverse("clients:my-account")).content.decode()

    assert "Your recordings" in page
    assert f'href="{page_url(recording)}">Letting go of the old story</a>' in page
    assert "Day 6 of 21 · listened on 4 days" in page


def test_a_new_recording_says_it_is_waiting_on_my_page(signed_in, new_recording):
    page = signed_in.get(reverse("clients:my-account")).content.decode()

    assert "New: open it to read a few notes before you listen." in page


def test_my_page_says_nothing_of_recordings_when_she_has_none(signed_in):
    assert "Your recordings" not in signed_in.get(reverse("clients:my-account")).content.decode()


def test_the_booking_page_of_the_session_shows_its_recording(signed_in, recording, make_booking):
    page = signed_in.get(recording.booking.get_absolute_url()).content.decode()
    other = make_booking(client=recording.client, service=recording.booking.service)

    assert f'href="{page_url(recording)}">Letting go of the old story</a>' in page
    assert "Your recording" not in signed_in.get(other.get_absolute_url()).content.decode()


# The practitioner --------------------------------------------------------------------------


def test_the_dashboard_lists_every_running_plan_with_days_listened_and_last_listened(
    admin, recording, make_user, now
):
    finished = recording_make(client=make_user(first_name="Finished"), acknowledged_at=now)
    plan_make(finished, starts_on=now.date(), status=Status.FINISHED)
    ended = recording_make(client=make_user(first_name="Ended"), acknowledged_at=now)
    plan_make(ended, starts_on=now.date() - timedelta(days=30))

    page = admin.get(reverse("admin:index")).content.decode()

    assert "Listening plans" in page
    assert f'<tr data-plan="{recording.plan.pk}">' in page
    assert reverse("admin:clients_user_change", args=[recording.client_id]) in page
    assert "<td>6 of 21</td>" in page
    assert '<td data-figure="listened">4 of 21</td>' in page
    assert "None sent yet" in page
    assert "Finished" not in page
    assert "Ended" not in page


def test_the_clients_page_in_the_admin_shows_her_plans(admin, recording):
    page = admin.get(
        reverse("admin:clients_user_change", args=[recording.client_id])
    ).content.decode()

    assert "Listening plans" in page
    assert "Letting go of the old story" in page
    assert "Active, day 6 of 21" in page
    assert "4 of 21" in page
    assert ", 12:00, UTC" in page  # when she last listened, in her zone, named


def test_the_practitioner_sets_each_services_plan_on_its_page(admin, service):
    url = reverse("admin:bookings_service_change", args=[service.pk])
    page = admin.get(url).content.decode()
    assert "Listening plan after this service" in page

    form = {
        "name": service.name,
        "slug": service.slug,
        "summary": service.summary,
        "description": service.description,
        "active": "on",
        "order": service.order,
        "is_free": "",
        "price_amount": service.price_amount,
        "price_currency": service.price_currency,
        "duration_minutes": service.duration_minutes,
        "buffer_before_minutes": service.buffer_before_minutes,
        "buffer_after_minutes": service.buffer_after_minutes,
        "min_notice_hours": service.min_notice_hours,
        "horizon_days": service.horizon_days,
        "step_minutes": service.step_minutes,
        "practitioners": [p.pk for p in service.practitioners.all()],
        "plan_defaults-TOTAL_FORMS": "1",
        "plan_defaults-INITIAL_FORMS": "0",
        "plan_defaults-MIN_NUM_FORMS": "0",
        "plan_defaults-MAX_NUM_FORMS": "1",
        "plan_defaults-0-days": "30",
        "plan_defaults-0-check_in_days": "2,40",
    }
    refused = admin.post(url, form)
    assert refused.status_code == 200
    assert "Check-in days must fall within the 30 days." in refused.content.decode()
    assert not PlanDefaults.objects.exists()

    saved = admin.post(url, {**form, "plan_defaults-0-check_in_days": "3,21"})
    assert saved.status_code == 302
    defaults = PlanDefaults.objects.get(service=service)
    assert (defaults.days, defaults.check_in_days) == (30, "3,21")


def test_a_refused_time_keeps_her_page_valid_and_what_she_typed_where_it_can(
    signed_in, recording, html_check
):
    url = reverse("aftercare:plan-time", args=[recording.public_id])

    bad_time = signed_in.post(url, {"listen_at": "24:10", "time_zone": "Europe/Paris"})
    bad_zone = signed_in.post(url, {"listen_at": "21:30", "time_zone": "Nowhere/Special"})

    assert 'name="listen_at" id="listen-at" value=""' in bad_time.content.decode()
    assert '<option value="Europe/Paris" selected>' in bad_time.content.decode()
    assert 'name="listen_at" id="listen-at" value="21:30"' in bad_zone.content.decode()
    pages = [("bad time", url, bad_time.content), ("bad zone", url, bad_zone.content)]
    assert html_check(pages) == []
