"""Crediting her listening (aftercare/plans.py): from time played, on her own date; by hand
without JavaScript; and the endpoint the page's script reports to. The script itself, with a
real player and a seek, is in test_pages_browser.py."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse

from aftercare.models import ListeningDay, ListeningPlan
from aftercare.plans import PlanError, listening_record, listening_tick
from tests.aftercare.plan_fixtures import plan_make, recording_make

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)  # day 6 of a plan from 5 March
TODAY = date(2026, 3, 10)


@pytest.fixture
def plan(client_user):
    recording = recording_make(client=client_user, seconds=100.0, acknowledged_at=NOW)
    return plan_make(recording, starts_on=date(2026, 3, 5))


def test_79_percent_of_the_recording_played_does_not_count_yet(plan):
    listening_record(plan=plan, seconds=40, now=NOW)
    day = listening_record(plan=plan, seconds="39", now=NOW + timedelta(seconds=40))

    assert (day.day, day.seconds_played, day.listened_at) == (TODAY, 79, None)


def test_80_percent_of_the_recording_played_counts_the_day(plan):
    listening_record(plan=plan, seconds=40, now=NOW)
    listening_record(plan=plan, seconds=39, now=NOW)
    credited_at = NOW + timedelta(seconds=80)

    day = listening_record(plan=plan, seconds=1, now=credited_at)

    assert day.seconds_played == 80
    assert day.listened_at == credited_at
    assert not day.by_hand


def test_listening_more_after_the_day_counts_keeps_when_it_counted(plan):
    listening_record(plan=plan, seconds=90, now=NOW)

    day = listening_record(plan=plan, seconds=60, now=NOW + timedelta(hours=2))

    assert (day.seconds_played, day.listened_at) == (150, NOW)


def test_listening_is_credited_to_her_own_date_in_her_zone(client_user):
    recording = recording_make(client=client_user, seconds=60.0, acknowledged_at=NOW)
    plan = plan_make(recording, starts_on=date(2026, 3, 5), time_zone="America/Los_Angeles")
    late_evening_there = datetime(2026, 3, 10, 6, 30, tzinfo=UTC)  # 23:30 on 9 March in LA

    day = listening_record(plan=plan, seconds=60, now=late_evening_there)

    assert day.day == date(2026, 3, 9)
    assert day.listened_at == late_evening_there


def test_each_day_is_its_own(plan):
    listening_record(plan=plan, seconds=50, now=NOW - timedelta(days=1))

    day = listening_record(plan=plan, seconds=50, now=NOW)

    assert (day.seconds_played, day.listened_at) == (50, None)
    assert ListeningDay.objects.filter(plan=plan).count() == 2


@pytest.mark.parametrize(
    "seconds", [None, "", "abc", "-5", "0", "nan", "inf", "3601", 1e9, "1e400", [3]]
)
def test_a_report_that_is_not_a_number_of_seconds_is_refused_and_changes_nothing(plan, seconds):
    with pytest.raises(PlanError, match="time played should be"):
        listening_record(plan=plan, seconds=seconds, now=NOW)

    assert not ListeningDay.objects.exists()


def test_nothing_is_credited_before_she_has_read_the_safety_notes(client_user):
    recording = recording_make(client=client_user, acknowledged_at=None)
    plan = plan_make(recording, starts_on=date(2026, 3, 5))

    for credit in (
        lambda: listening_record(plan=plan, seconds=100, now=NOW),
        lambda: listening_tick(plan=plan, now=NOW),
    ):
        with pytest.raises(PlanError, match="notes on listening safely"):
            credit()

    assert not ListeningDay.objects.exists()


@pytest.mark.parametrize(
    ("starts_on", "status", "message"),
    [
        (date(2026, 2, 17), ListeningPlan.Status.ACTIVE, "has ended"),  # day 22 of 21
        (date(2026, 3, 11), ListeningPlan.Status.ACTIVE, "starts tomorrow"),
        (date(2026, 3, 5), ListeningPlan.Status.FINISHED, "finished"),
    ],
)
def test_outside_the_plans_days_nothing_is_credited(client_user, starts_on, status, message):
    recording = recording_make(client=client_user, acknowledged_at=NOW)
    plan = plan_make(recording, starts_on=starts_on, status=status)

    with pytest.raises(PlanError, match=message):
        listening_record(plan=plan, seconds=100, now=NOW)

    assert not ListeningDay.objects.exists()


def test_a_paused_plan_still_counts_her_listening(plan):
    ListeningPlan.objects.filter(pk=plan.pk).update(status=ListeningPlan.Status.PAUSED)

    assert listening_record(plan=plan, seconds=100, now=NOW).listened_at == NOW


def test_she_can_tick_today_by_hand(plan):
    day = listening_tick(plan=plan, now=NOW)

    assert (day.day, day.listened_at, day.by_hand) == (TODAY, NOW, True)


def test_ticking_a_day_already_counted_changes_nothing(plan):
    listening_record(plan=plan, seconds=100, now=NOW)

    day = listening_tick(plan=plan, now=NOW + timedelta(hours=1))

    assert (day.listened_at, day.by_hand) == (NOW, False)


# The endpoint the page's script reports to -------------------------------------------------


@pytest.fixture
def live_plan(client_user, now):
    recording = recording_make(client=client_user, seconds=100.0, acknowledged_at=now)
    return plan_make(recording, starts_on=(now - timedelta(days=3)).date(), time_zone="UTC")


def listened_url(plan) -> str:
    return reverse("aftercare:listened", args=[plan.recording.public_id])


def test_the_script_reports_seconds_and_hears_todays_state(signed_in, live_plan):
    first = signed_in.post(listened_url(live_plan), {"seconds": "50"})
    second = signed_in.post(listened_url(live_plan), {"seconds": "30"})

    assert first.status_code == 200
    assert first.json()["listened"] is False
    assert "not listened yet today" in first.json()["message"]
    assert second.json() == {"listened": True, "message": "Day 4 of 21: listened today. Thank you."}
    assert ListeningDay.objects.get().seconds_played == 80


def test_a_bad_report_gets_a_message_and_changes_nothing(signed_in, live_plan):
    response = signed_in.post(listened_url(live_plan), {"seconds": "lots"})

    assert response.status_code == 400
    assert response.json()["message"] == "The time played should be a number of seconds."
    assert not ListeningDay.objects.exists()


def test_another_clients_report_is_a_404_and_a_visitor_goes_to_sign_in(
    client, other_client, live_plan
):
    client.force_login(other_client)
    assert client.post(listened_url(live_plan), {"seconds": "80"}).status_code == 404

    client.logout()
    response = client.post(listened_url(live_plan), {"seconds": "80"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert not ListeningDay.objects.exists()


def test_the_endpoint_only_takes_posts(signed_in, live_plan):
    assert signed_in.get(listened_url(live_plan)).status_code == 405


def test_without_javascript_she_ticks_today_on_her_page(signed_in, live_plan):
    url = reverse("aftercare:listened-by-hand", args=[live_plan.recording.public_id])

    response = signed_in.post(url, follow=True)

    assert response.redirect_chain[-1][0] == reverse(
        "aftercare:recording", args=[live_plan.recording.public_id]
    )
    assert "Today is marked as listened." in response.content.decode()
    day = ListeningDay.objects.get()
    assert day.by_hand
    assert day.listened_at is not None
