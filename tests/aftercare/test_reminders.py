"""The daily reminder and the follow-up invitation (aftercare/reminders.py): at her time in her
zone across changes of daylight saving time, once a day whatever the number of workers, only
today's after downtime, none when there is nothing to remind her of. Check-ins are in
test_check_ins.py."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings

from aftercare.models import ListeningPlan
from aftercare.plans import listening_plan_finish
from aftercare.reminders import (
    SUBJECTS,
    follow_ups_send_due,
    listening_reminders_send_due,
    plan_emails_send_due,
)
from aftercare.tasks import send_listening_emails
from tests.aftercare.plan_fixtures import (
    listened_on,
    minutes_near,
    outbox,
    plan_make,
    recording_make,
)
from tests.races import race

pytestmark = pytest.mark.django_db
Status = ListeningPlan.Status


def utc(*parts) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.fixture
def make_plan(client_user):
    def make(**fields):
        recording = recording_make(client=fields.pop("client", client_user), acknowledged_at=None)
        return plan_make(recording, **fields)

    return make


def reminders_sent(
    start: datetime, end: datetime, *, expected: list[datetime], within: int = 15, step: int = 15
) -> list[datetime]:
    """Run the reminders from `start` to `end` as the periodic task would, every minute near
    the `expected` moments and every `step` minutes elsewhere (`minutes_near`); the moments at
    which one was queued."""
    return [
        moment
        for moment in minutes_near(start, end, expected, within=within, step=step)
        if listening_reminders_send_due(now=moment)
    ]


# At her time, in her zone, across changes of daylight saving time --------------------------


@pytest.mark.parametrize(
    ("zone", "listen_at", "starts_on", "expected"),
    [
        # New York falls back on Sunday 1 November 2026: 08:00 is 12:00 UTC, then 13:00.
        (
            "America/New_York",
            time(8, 0),
            date(2026, 10, 28),
            [utc(2026, 10, 31, 12), utc(2026, 11, 1, 13), utc(2026, 11, 2, 13)],
        ),
        # 01:30 happens twice that night: the first time only.
        (
            "America/New_York",
            time(1, 30),
            date(2026, 10, 28),
            [utc(2026, 10, 31, 5, 30), utc(2026, 11, 1, 5, 30), utc(2026, 11, 2, 6, 30)],
        ),
        # New York springs forward on Sunday 14 March 2027: 02:30 does not happen that day, so
        # the reminder comes when the gap ends (03:00 EDT), once.
        (
            "America/New_York",
            time(2, 30),
            date(2027, 3, 10),
            [utc(2027, 3, 13, 7, 30), utc(2027, 3, 14, 7), utc(2027, 3, 15, 6, 30)],
        ),
        # London falls back on Sunday 25 October 2026 (01:30 happens twice)...
        (
            "Europe/London",
            time(1, 30),
            date(2026, 10, 20),
            [utc(2026, 10, 24, 0, 30), utc(2026, 10, 25, 0, 30), utc(2026, 10, 26, 1, 30)],
        ),
        # ... and springs forward on Sunday 28 March 2027 (01:30 does not happen).
        (
            "Europe/London",
            time(1, 30),
            date(2027, 3, 22),
            [utc(2027, 3, 27, 1, 30), utc(2027, 3, 28, 1), utc(2027, 3, 29, 0, 30)],
        ),
        (
            "Europe/London",
            time(8, 0),
            date(2027, 3, 22),
            [utc(2027, 3, 27, 8), utc(2027, 3, 28, 7), utc(2027, 3, 29, 7)],
        ),
    ],
)
def test_one_reminder_a_day_at_her_time_across_a_change_of_daylight_saving_time(
    make_plan, zone, listen_at, starts_on, expected
):
    start = datetime.combine(expected[0].date() - timedelta(days=1), time(18), tzinfo=UTC)
    end = datetime.combine(expected[-1].date() + timedelta(days=1), time(0), tzinfo=UTC)
    plan = make_plan(
        starts_on=starts_on,
        listen_at=listen_at,
        time_zone=zone,
        # The reminder of the day the run starts in has gone already.
        last_reminded_on=start.astimezone(ZoneInfo(zone)).date(),
    )

    sent = reminders_sent(start, end, expected=expected)

    assert sent == expected
    local_days = [moment.astimezone(ZoneInfo(zone)).date().isoformat() for moment in expected]
    assert [email.key for email in outbox("listening-reminder:")] == [
        f"listening-reminder:plan-{plan.pk}:{day}" for day in local_days
    ]


def test_a_whole_plan_across_the_autumn_change_sends_one_reminder_on_each_of_its_days(
    make_plan,
):
    zone = ZoneInfo("America/New_York")
    plan = make_plan(
        starts_on=date(2026, 10, 20), time_zone="America/New_York", listen_at=time(7, 45)
    )

    days = [date(2026, 10, 20) + timedelta(days=number) for number in range(21)]
    expected = [datetime.combine(day, time(7, 45), tzinfo=zone) for day in days]
    # Every minute from 5 minutes either side of each 07:45, hourly between: a reminder due at
    # any other moment goes at the next of these, which is not a 07:45 (`minutes_near`), and a
    # day of hourly runs costs 24 queries instead of 96 (half the test's time on PostgreSQL).
    sent = reminders_sent(
        utc(2026, 10, 20, 0), utc(2026, 11, 14, 0), expected=expected, within=5, step=60
    )

    local = [moment.astimezone(zone) for moment in sent]
    assert [moment.date() for moment in local] == days
    assert {moment.time() for moment in local} == {time(7, 45)}
    assert len(outbox(f"listening-reminder:plan-{plan.pk}:")) == 21


# Once, whatever the number of workers ------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_the_same_moment_send_each_email_once(make_plan, make_user):
    plans = [
        make_plan(client=make_user(), starts_on=date(2026, 5, 3), time_zone="Europe/Paris")
        for _ in range(6)
    ]
    # Day 2 at 09:00 in Paris, an hour after the reminder's time: a reminder and a check-in each.
    day_two = utc(2026, 5, 4, 7)
    # The day after the last (21 May), at her time: the invitation to a follow-up.
    day_after = utc(2026, 5, 24, 6)

    for moment in (day_two, day_after):
        results = race(lambda _index, moment=moment: plan_emails_send_due(now=moment), 2)
        assert all(isinstance(result, int) for result in results), results
        assert sum(results) == len(plans) * (2 if moment == day_two else 1)

    assert len(outbox("listening-reminder:")) == 6
    assert len(outbox("listening-check-in:")) == 6
    assert len(outbox("listening-follow-up:")) == 6
    for plan in plans:
        plan.refresh_from_db()
        assert plan.last_reminded_on == date(2026, 5, 4)
        assert plan.check_ins.count() == 1


# After the worker was down ------------------------------------------------------------------


def test_after_days_of_downtime_only_todays_reminder_goes(make_plan):
    plan = make_plan(starts_on=date(2026, 6, 1), last_reminded_on=date(2026, 6, 2))
    back_at = utc(2026, 6, 7, 9, 12)  # 10:12 in London, on day 7

    sent = reminders_sent(back_at, utc(2026, 6, 8, 0), expected=[back_at])

    assert sent == [back_at]
    assert [email.key for email in outbox("listening-reminder:")] == [
        f"listening-reminder:plan-{plan.pk}:2026-06-07"
    ]


# Nothing to remind her of -------------------------------------------------------------------

AFTER_HER_TIME = utc(2026, 6, 7, 9)  # 10:00 in London, day 7 of a plan from 1 June


@pytest.mark.parametrize(
    ("fields", "why"),
    [
        ({"status": Status.PAUSED}, "paused"),
        ({"status": Status.FINISHED}, "finished"),
        ({"starts_on": date(2026, 5, 17)}, "ended the day before (day 22 of 21)"),
        ({"starts_on": date(2026, 6, 8)}, "starts tomorrow"),
        ({"listen_at": time(10, 30)}, "her time has not come yet"),
        ({"last_reminded_on": date(2026, 6, 7)}, "already reminded today"),
    ],
)
def test_no_reminder_when_there_is_nothing_to_remind_her_of(make_plan, fields, why):
    make_plan(**{"starts_on": date(2026, 6, 1), **fields})

    assert listening_reminders_send_due(now=AFTER_HER_TIME) == 0, why
    assert outbox("listening-reminder:") == []


def test_no_reminder_once_she_has_listened_today(make_plan):
    plan = make_plan(starts_on=date(2026, 6, 1))
    listened_on(plan, date(2026, 6, 7))

    assert listening_reminders_send_due(now=AFTER_HER_TIME) == 0

    assert outbox("listening-reminder:") == []


def test_listening_yesterday_does_not_stop_todays_reminder(make_plan):
    plan = make_plan(starts_on=date(2026, 6, 1))
    listened_on(plan, date(2026, 6, 6))

    assert listening_reminders_send_due(now=AFTER_HER_TIME) == 1


def test_the_reminder_is_neutral_and_leads_to_her_page(make_plan, practice_details):
    plan = make_plan(starts_on=date(2026, 6, 1))

    listening_reminders_send_due(now=AFTER_HER_TIME)

    email = outbox("listening-reminder:")[0]
    assert email.subject == "A gentle reminder for today"
    assert email.to == plan.recording.client.email
    page = f"{settings.SITE_URL}/my/recordings/{plan.recording.public_id}/"
    assert page in email.body_text
    assert page in email.body_html
    assert "day 7 of 21" in email.body_text
    assert "8:00 am, London (United Kingdom, UTC+1)" in email.body_text


@pytest.mark.parametrize("subject", SUBJECTS.values())
def test_no_subject_says_what_the_emails_are_about(subject):
    words = ("recording", "listen", "therap", "rtt", "hypno", "session", "plan", "anxiety")
    assert not any(word in subject.lower() for word in words)


# The invitation to a follow-up -------------------------------------------------------------


def test_the_morning_after_the_last_day_she_is_invited_to_a_follow_up_once(
    make_plan, make_booking, client_user, service
):
    session = make_booking(client=client_user, service=service, status="completed")
    recording = recording_make(client=client_user, booking=session)
    plan = plan_make(recording, starts_on=date(2026, 6, 1))  # last day: 21 June

    expected = utc(2026, 6, 22, 7)  # 08:00 in London
    sent = [
        moment
        for moment in minutes_near(utc(2026, 6, 21, 0), utc(2026, 6, 24, 0), [expected], within=15)
        if follow_ups_send_due(now=moment)
    ]

    assert sent == [expected]
    email = outbox("listening-follow-up:")[0]
    assert email.key == f"listening-follow-up:plan-{plan.pk}"
    assert email.subject == "Looking ahead"
    assert f"{settings.SITE_URL}/book/{service.slug}/" in email.body_text


def test_when_she_finishes_the_invitation_comes_at_once(make_plan):
    plan = make_plan(starts_on=date(2026, 6, 1))
    listening_plan_finish(plan=plan, now=utc(2026, 6, 9, 20))

    assert follow_ups_send_due(now=utc(2026, 6, 9, 20, 1)) == 1
    assert follow_ups_send_due(now=utc(2026, 6, 22, 7)) == 0

    assert f"{settings.SITE_URL}/book/" in outbox("listening-follow-up:")[0].body_text
    assert listening_reminders_send_due(now=utc(2026, 6, 10, 9)) == 0


def test_a_paused_plan_that_ends_is_followed_up_too(make_plan):
    make_plan(starts_on=date(2026, 6, 1), status=Status.PAUSED)

    assert follow_ups_send_due(now=utc(2026, 6, 22, 7)) == 1


def test_plans_that_ended_long_ago_are_not_followed_up_in_a_burst(make_plan):
    make_plan(starts_on=date(2026, 6, 1))  # ended 21 June

    assert follow_ups_send_due(now=utc(2026, 7, 5, 12)) == 0


# The periodic task -------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)  # the task worker needs real commits
def test_the_periodic_task_runs_every_minute_and_sends_whats_due(
    make_plan, run_worker, now, mailoutbox
):
    assert ("aftercare.tasks.send_listening_emails", 60) in settings.PERIODIC_TASKS
    plan = make_plan(starts_on=now.date(), time_zone="UTC", listen_at=time(0, 0))

    send_listening_emails.enqueue()
    run_worker()

    assert [email.key for email in outbox("listening-reminder:")] == [
        f"listening-reminder:plan-{plan.pk}:{now.date().isoformat()}"
    ]
    assert [message.subject for message in mailoutbox] == ["A gentle reminder for today"]
