"""The listening plan's writes: starting it with a recording, crediting her listening, and her
choices (the time of day and zone of her reminder, pause, resume, "I've finished").

Each takes keyword-only arguments and the time as `now`, runs in one transaction, and returns
the plan or the day it changed. Input that cannot be used raises `PlanError` with a message
for her, before anything is written.

Listening is credited from time played, not from where the player stands: the page's script
(static/js/listening.js) adds up what the player actually played and reports it every few
seconds, so skipping to the end credits nothing. A day counts once the played time reaches
80 % of the recording (progress.CREDIT_SHARE); with JavaScript off she ticks it by hand.
"""

import math
import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from aftercare.models import (
    DEFAULT_CHECK_IN_DAYS,
    DEFAULT_PLAN_DAYS,
    ListeningDay,
    ListeningPlan,
    PlanDefaults,
    Recording,
)
from aftercare.progress import listening_threshold, plan_last_day, plan_today
from clients.models import Profile
from practice.errors import MessageError
from practice.fragments import forget_user_fragments
from practice.page_cache import forget_pages_of
from practice.zones import default_time_zone, is_valid_zone

# Her reminder's time until she chooses another.
DEFAULT_LISTEN_AT = time(8, 0)
# The most one report may add: the script reports every few seconds and when playing stops.
LONGEST_REPORT = 3600
CLOCK = re.compile(r"(\d{1,2}):(\d{2})")

Status = ListeningPlan.Status


class PlanError(MessageError):
    """Something about her plan she can understand and act on."""


def _defaults(recording: Recording) -> tuple[int, str]:
    """The plan the recording's service comes with (its PlanDefaults), else 21 days, 2 and 14."""
    service_id = recording.booking.service_id if recording.booking_id else None
    defaults = PlanDefaults.objects.filter(service_id=service_id).first() if service_id else None
    if defaults is None:
        return DEFAULT_PLAN_DAYS, DEFAULT_CHECK_IN_DAYS
    return defaults.days, defaults.check_in_days


def _client_zone(recording: Recording) -> str:
    """Her profile's zone, else the zone she booked the session in, else the practice's."""
    profile_zone = (
        Profile.objects.filter(user_id=recording.client_id)
        .values_list("time_zone", flat=True)
        .first()
    )
    booking_zone = recording.booking.client_time_zone if recording.booking_id else None
    for zone in (profile_zone, booking_zone):
        if is_valid_zone(zone):
            return zone
    return default_time_zone()


def listening_plan_start(*, recording: Recording, now: datetime) -> ListeningPlan:
    """The recording's plan, from today (her date, in her zone): the days and check-in days of
    its service's plan (or the defaults), her reminder at DEFAULT_LISTEN_AT until she changes it.

    Not durable: the recording's upload calls it inside its own transaction.
    """
    if ListeningPlan.objects.filter(recording=recording).exists():
        raise PlanError("This recording already has a listening plan.")
    days, check_in_days = _defaults(recording)
    zone = _client_zone(recording)
    plan = ListeningPlan(
        recording=recording,
        days=days,
        check_in_days=check_in_days,
        starts_on=now.astimezone(ZoneInfo(zone)).date(),
        listen_at=DEFAULT_LISTEN_AT,
        time_zone=zone,
        status=Status.ACTIVE,
        status_changed_at=now,
    )
    plan.full_clean()
    with transaction.atomic():
        plan.save()
    return plan


# Crediting her listening -------------------------------------------------------------------


def _played_seconds(value) -> int:
    """Seconds played, as the script sends them (a whole number of seconds, as text)."""
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        raise PlanError("The time played should be a number of seconds.") from None
    if not math.isfinite(seconds) or seconds <= 0 or seconds > LONGEST_REPORT:
        raise PlanError(f"The time played should be between 1 and {LONGEST_REPORT} seconds.")
    return max(1, round(seconds))


def _listening_day(plan_id: int, *, now: datetime) -> tuple[ListeningPlan, date]:
    """The plan (read again inside the transaction) and her date today, if she may be credited
    today: the recording acknowledged, the plan not finished and today one of its days."""
    plan = ListeningPlan.objects.select_related("recording").get(pk=plan_id)
    if plan.recording.acknowledged_at is None:
        raise PlanError("Please read the notes on listening safely first.")
    if plan.status == Status.FINISHED:
        raise PlanError("You have finished this plan. You can still listen whenever you like.")
    today = plan_today(plan, now=now)
    if today < plan.starts_on:
        raise PlanError("Your plan starts tomorrow.")
    if today > plan_last_day(plan):
        raise PlanError("Your plan has ended. You can still listen whenever you like.")
    return plan, today


def _forget_her_fragments(plan: ListeningPlan) -> None:
    """Her cached pages show where her plan stands: the bulk updates here send no signal."""
    forget_user_fragments(
        Recording.objects.filter(pk=plan.recording_id).values_list("client_id", flat=True).first()
    )


def listening_record(*, plan: ListeningPlan, seconds, now: datetime) -> ListeningDay:
    """Add `seconds` she played to today's listening (her date, in the plan's zone); today counts
    as listened once the played time reaches 80 % of the recording's length."""
    played = _played_seconds(seconds)
    with transaction.atomic(durable=True):
        plan, today = _listening_day(plan.pk, now=now)
        row, _ = ListeningDay.objects.get_or_create(plan=plan, day=today)
        # Added in the database: two reports at once both count.
        ListeningDay.objects.filter(pk=row.pk).update(seconds_played=F("seconds_played") + played)
        ListeningDay.objects.filter(
            pk=row.pk,
            listened_at__isnull=True,
            seconds_played__gte=listening_threshold(plan.recording),
        ).update(listened_at=now)
        forget_pages_of(ListeningDay)  # the bulk updates send no signal
        row.refresh_from_db()
        _forget_her_fragments(plan)
    return row


def listening_tick(*, plan: ListeningPlan, now: datetime) -> ListeningDay:
    """She says she listened today (without JavaScript, or to her downloaded copy)."""
    with transaction.atomic(durable=True):
        plan, today = _listening_day(plan.pk, now=now)
        row, _ = ListeningDay.objects.get_or_create(plan=plan, day=today)
        ListeningDay.objects.filter(pk=row.pk, listened_at__isnull=True).update(
            listened_at=now, by_hand=True
        )
        forget_pages_of(ListeningDay)  # the bulk update sends no signal
        row.refresh_from_db()
        _forget_her_fragments(plan)
    return row


# Her choices -------------------------------------------------------------------------------


def _status_change(
    plan: ListeningPlan, *, to: str, allowed: tuple, refusal: str, now
) -> ListeningPlan:
    with transaction.atomic(durable=True):
        current = ListeningPlan.objects.get(pk=plan.pk)
        if plan_today(current, now=now) > plan_last_day(current):
            raise PlanError("Your plan has already ended.")
        # Conditional: of two changes at once, only the one that saw the plan as it was applies.
        changed = ListeningPlan.objects.filter(pk=plan.pk, status__in=allowed).update(
            status=to, status_changed_at=now
        )
        if not changed:
            raise PlanError(refusal)
        forget_pages_of(ListeningPlan)  # the bulk update sends no signal
        current.refresh_from_db()
        _forget_her_fragments(current)
    return current


def listening_plan_pause(*, plan: ListeningPlan, now: datetime) -> ListeningPlan:
    """No reminders or check-ins until she resumes; listening still counts."""
    return _status_change(
        plan,
        to=Status.PAUSED,
        allowed=(Status.ACTIVE,),
        refusal="Your plan is not running, so there is nothing to pause.",
        now=now,
    )


def listening_plan_resume(*, plan: ListeningPlan, now: datetime) -> ListeningPlan:
    return _status_change(
        plan,
        to=Status.ACTIVE,
        allowed=(Status.PAUSED,),
        refusal="Your plan is not paused.",
        now=now,
    )


def listening_plan_finish(*, plan: ListeningPlan, now: datetime) -> ListeningPlan:
    """She has finished: no more reminders; the invitation to a follow-up comes next."""
    return _status_change(
        plan,
        to=Status.FINISHED,
        allowed=(Status.ACTIVE, Status.PAUSED),
        refusal="You have already finished this plan.",
        now=now,
    )


def _clock(value) -> time:
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0, tzinfo=None)
    match = CLOCK.fullmatch(str(value).strip())
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        raise PlanError("Please give a time of day such as 08:00 or 19:30.")
    return time(int(match[1]), int(match[2]))


def listening_plan_time_set(
    *, plan: ListeningPlan, listen_at, time_zone: str, now: datetime
) -> ListeningPlan:
    """Her reminder from now on at `listen_at` (a wall-clock time) in `time_zone`.

    A reminder already sent today is not sent again at the new time.
    """
    clock = _clock(listen_at)
    if not is_valid_zone(time_zone):
        raise PlanError("Please choose your time zone from the list.")
    with transaction.atomic(durable=True):
        current = ListeningPlan.objects.get(pk=plan.pk)
        if current.status == Status.FINISHED:
            raise PlanError("You have finished this plan: there are no more reminders.")
        current.listen_at = clock
        current.time_zone = time_zone
        try:
            current.full_clean()
        except ValidationError as error:
            raise PlanError(" ".join(error.messages)) from None
        current.save(update_fields=["listen_at", "time_zone", "updated_at"])
    return current
