"""aftercare/plans.py: starting a plan with a recording, and her choices (time, zone, pause,
resume, finish). Listening is in test_listening.py."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from aftercare.models import ListeningPlan, PlanDefaults
from aftercare.plans import (
    DEFAULT_LISTEN_AT,
    PlanError,
    listening_plan_finish,
    listening_plan_pause,
    listening_plan_resume,
    listening_plan_start,
    listening_plan_time_set,
)
from clients.models import Profile
from tests.aftercare.plan_fixtures import plan_make, recording_make

pytestmark = pytest.mark.django_db

# 02:00 UTC on Tuesday 10 March 2026: still Monday 9 March in New York.
NOW = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)
Status = ListeningPlan.Status


@pytest.fixture
def session(make_booking, client_user, service):
    return make_booking(client=client_user, service=service, client_time_zone="Asia/Tokyo")


def test_a_plan_starts_today_in_her_profiles_zone_with_the_services_days(client_user, session):
    Profile.objects.create(user=client_user, time_zone="America/New_York")
    PlanDefaults.objects.create(service=session.service, days=28, check_in_days="3,10")
    recording = recording_make(client=client_user, booking=session)

    plan = listening_plan_start(recording=recording, now=NOW)

    assert plan.starts_on == date(2026, 3, 9)  # her date, not UTC's
    assert plan.time_zone == "America/New_York"
    assert (plan.days, plan.check_in_days) == (28, "3,10")
    assert plan.listen_at == DEFAULT_LISTEN_AT == time(8, 0)
    assert plan.status == Status.ACTIVE


def test_without_a_profile_the_plan_takes_the_zone_she_booked_in_and_21_days(client_user, session):
    recording = recording_make(client=client_user, booking=session)

    plan = listening_plan_start(recording=recording, now=NOW)

    assert plan.time_zone == "Asia/Tokyo"
    assert plan.starts_on == date(2026, 3, 10)
    assert (plan.days, plan.check_in_days) == (21, "2,14")


def test_a_recording_without_a_booking_gets_the_practices_zone_and_the_defaults(
    client_user, settings
):
    settings.PRACTICE_TIME_ZONE = "Europe/London"
    recording = recording_make(client=client_user)

    plan = listening_plan_start(recording=recording, now=NOW)

    assert (plan.time_zone, plan.days, plan.check_in_days) == ("Europe/London", 21, "2,14")


def test_a_second_plan_for_one_recording_is_refused(client_user):
    recording = recording_make(client=client_user)
    listening_plan_start(recording=recording, now=NOW)

    with pytest.raises(PlanError, match="already has a listening plan"):
        listening_plan_start(recording=recording, now=NOW)

    assert ListeningPlan.objects.count() == 1


@pytest.fixture
def plan(client_user):
    recording = recording_make(client=client_user, acknowledged_at=NOW)
    return plan_make(recording, starts_on=date(2026, 3, 5))


def test_pause_resume_and_finish(plan):
    paused = listening_plan_pause(plan=plan, now=NOW)
    assert (paused.status, paused.status_changed_at) == (Status.PAUSED, NOW)

    later = NOW + timedelta(hours=1)
    resumed = listening_plan_resume(plan=plan, now=later)
    assert (resumed.status, resumed.status_changed_at) == (Status.ACTIVE, later)

    finished = listening_plan_finish(plan=plan, now=later)
    assert finished.status == Status.FINISHED


@pytest.mark.parametrize(
    ("status", "change", "message"),
    [
        (Status.PAUSED, listening_plan_pause, "nothing to pause"),
        (Status.FINISHED, listening_plan_pause, "nothing to pause"),
        (Status.ACTIVE, listening_plan_resume, "not paused"),
        (Status.FINISHED, listening_plan_resume, "not paused"),
        (Status.FINISHED, listening_plan_finish, "already finished"),
    ],
)
def test_a_change_that_does_not_fit_the_plans_state_is_refused_and_changes_nothing(
    plan, status, change, message
):
    ListeningPlan.objects.filter(pk=plan.pk).update(status=status)

    with pytest.raises(PlanError, match=message):
        change(plan=plan, now=NOW)

    plan.refresh_from_db()
    assert plan.status == status
    assert plan.status_changed_at != NOW


def test_a_plan_that_has_ended_can_no_longer_be_paused_or_finished(plan):
    after_the_end = datetime(2026, 3, 26, 12, 0, tzinfo=UTC)  # day 22 of 21

    for change in (listening_plan_pause, listening_plan_finish):
        with pytest.raises(PlanError, match="already ended"):
            change(plan=plan, now=after_the_end)

    plan.refresh_from_db()
    assert plan.status == Status.ACTIVE


def test_she_chooses_her_reminders_time_and_zone(plan):
    changed = listening_plan_time_set(
        plan=plan, listen_at="19:30", time_zone="Australia/Sydney", now=NOW
    )

    plan.refresh_from_db()
    assert (plan.listen_at, plan.time_zone) == (time(19, 30), "Australia/Sydney")
    assert changed.listen_at == time(19, 30)


@pytest.mark.parametrize(
    ("listen_at", "zone", "message"),
    [
        ("25:00", "Europe/Paris", "time of day"),
        ("8 in the morning", "Europe/Paris", "time of day"),
        ("", "Europe/Paris", "time of day"),
        ("07:61", "Europe/Paris", "time of day"),
        ("07:00", "Mars/Olympus_Mons", "time zone"),
        ("07:00", "", "time zone"),
    ],
)
def test_a_time_or_zone_that_is_not_one_is_refused_and_changes_nothing(
    plan, listen_at, zone, message
):
    with pytest.raises(PlanError, match=message):
        listening_plan_time_set(plan=plan, listen_at=listen_at, time_zone=zone, now=NOW)

    plan.refresh_from_db()
    assert (plan.listen_at, plan.time_zone) == (time(8, 0), "Europe/London")


def test_a_finished_plan_has_no_reminder_time_to_change(plan):
    listening_plan_finish(plan=plan, now=NOW)

    with pytest.raises(PlanError, match="no more reminders"):
        listening_plan_time_set(plan=plan, listen_at="09:00", time_zone="Europe/Paris", now=NOW)

    plan.refresh_from_db()
    assert plan.listen_at == time(8, 0)
