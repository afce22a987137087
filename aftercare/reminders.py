"""The listening plan's e-mails, through the outbox: her daily reminder, the check-ins, and the
invitation to a follow-up at the end. Run every minute by aftercare.tasks.

Driven by state, not by jobs scheduled per plan: each run looks at where every plan stands at
`now`, so a worker that was down sends what is due today when it comes back, and nothing of the
days it missed (never a burst). Each e-mail is claimed in the database before it is queued, in
one transaction, and its outbox key names the plan and the day, so it goes once even when
several workers run at the same moment.

- The reminder: on each day of the plan, from her chosen time (a wall-clock time in her zone,
  turned into today's instant by bookings.slots.wall_clock_to_utc: a time that a change of
  daylight saving time skips comes when the gap ends, a time it repeats comes the first time),
  unless she has listened already, paused or finished. Claimed by moving `last_reminded_on`
  to her date with a conditional UPDATE.
- A check-in: on the plan's check-in days (day 2 and 14 unless set otherwise), at the same
  time, while the plan runs (not paused). Claimed by creating its CheckIn row (one per day).
- The follow-up invitation: once, on the morning after the last day (at her time), or soon
  after she says she has finished. Claimed through `follow_up_invited_at`.

Subjects stay neutral: nothing about therapy or a recording (inboxes are seen by others).
"""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse

from aftercare.check_ins import Feeling
from aftercare.models import CheckIn, ListeningDay, ListeningPlan
from aftercare.progress import (
    LONGEST_PLAN,
    check_in_day_numbers,
    plan_day_number,
    plan_last_day,
    plan_today,
    plan_zone,
)
from bookings.slots import wall_clock_to_utc
from practice.mail import outgoing_email_queue
from practice.models import PracticeDetails
from practice.page_cache import forget_pages_of
from practice.zones import clock_time, zone_label

Status = ListeningPlan.Status

SUBJECTS = {
    "listening_reminder": "A gentle reminder for today",
    "listening_check_in": "How are things going?",
    "listening_follow_up": "Looking ahead",
}
# A follow-up invitation that could not go on time (the worker was down) still goes this long
# after; older plans are left alone.
FOLLOW_UP_WITHIN = timedelta(days=7)


def reminder_due_at(plan: ListeningPlan, day: date) -> datetime:
    """The instant of her chosen time on `day`, in her zone (DST-proof)."""
    return wall_clock_to_utc(day, plan.listen_at, plan_zone(plan))


def _recent(statuses, *, now: datetime):
    """Plans of these statuses that may still have an e-mail due (running, or ended lately)."""
    return ListeningPlan.objects.filter(
        status__in=statuses, starts_on__gte=now.date() - LONGEST_PLAN - FOLLOW_UP_WITHIN
    ).select_related("recording__client", "recording__booking__service")


def page_url(plan: ListeningPlan) -> str:
    return settings.SITE_URL + reverse("aftercare:recording", args=[plan.recording.public_id])


def _context(plan: ListeningPlan, *, day: date) -> dict:
    due = reminder_due_at(plan, day)
    return {
        "practice": PracticeDetails.load(),
        "site_url": settings.SITE_URL,
        "client": plan.recording.client,
        "plan": plan,
        "day_number": plan_day_number(plan, day),
        "page_url": page_url(plan),
        "listen_at": clock_time(due.astimezone(plan_zone(plan))),
        "zone": zone_label(plan.time_zone, at=due),
    }


def _queue(plan: ListeningPlan, kind: str, *, key: str, context: dict) -> None:
    client = plan.recording.client
    outgoing_email_queue(
        key=key,
        to=client.email,
        recipient=client,
        subject=SUBJECTS[kind],
        template=f"emails/{kind}",
        context=context,
    )


# The daily reminder ------------------------------------------------------------------------


def listening_reminders_send_due(*, now: datetime) -> int:
    """Queue today's reminder of every running plan whose time has come; returns how many."""
    queued = 0
    for plan in _recent([Status.ACTIVE], now=now):
        today = plan_today(plan, now=now)
        if not plan.starts_on <= today <= plan_last_day(plan):
            continue
        if plan.last_reminded_on is not None and plan.last_reminded_on >= today:
            continue
        if now < reminder_due_at(plan, today):
            continue
        with transaction.atomic():
            if ListeningDay.objects.filter(
                plan=plan, day=today, listened_at__isnull=False
            ).exists():
                continue  # she has listened today already: no need to remind her
            claimed = (
                ListeningPlan.objects.filter(pk=plan.pk, status=Status.ACTIVE)
                .filter(Q(last_reminded_on__isnull=True) | Q(last_reminded_on__lt=today))
                .update(last_reminded_on=today)
            )
            if claimed:
                forget_pages_of(ListeningPlan)  # as a save would (the update sends no signal)
                _queue(
                    plan,
                    "listening_reminder",
                    key=f"listening-reminder:plan-{plan.pk}:{today.isoformat()}",
                    context=_context(plan, day=today),
                )
                queued += 1
    return queued


# Check-ins ---------------------------------------------------------------------------------


def check_in_url(plan: ListeningPlan, day_number: int) -> str:
    return settings.SITE_URL + reverse(
        "aftercare:check-in", args=[plan.recording.public_id, day_number]
    )


def check_in_links(plan: ListeningPlan, day_number: int) -> list[tuple[str, str]]:
    """(label, address) of each answer, for the e-mail's one-click scale."""
    address = check_in_url(plan, day_number)
    return [(label, f"{address}?feeling={value}") for value, label in Feeling.choices]


def check_ins_send_due(*, now: datetime) -> int:
    """Queue the check-in of every running plan on a check-in day, from her time."""
    queued = 0
    for plan in _recent([Status.ACTIVE], now=now):
        today = plan_today(plan, now=now)
        number = plan_day_number(plan, today)
        if number not in check_in_day_numbers(plan.check_in_days) or number > plan.days:
            continue
        if now < reminder_due_at(plan, today):
            continue
        if CheckIn.objects.filter(plan=plan, day_number=number).exists():
            continue
        with transaction.atomic():
            try:
                # The row is the claim: one check-in per plan and day (a unique constraint).
                with transaction.atomic():
                    CheckIn.objects.create(plan=plan, day_number=number, sent_at=now)
            except IntegrityError:
                continue  # another worker has just sent it
            context = _context(plan, day=today)
            context["answers"] = check_in_links(plan, number)
            context["check_in_url"] = check_in_url(plan, number)
            _queue(
                plan,
                "listening_check_in",
                key=f"listening-check-in:plan-{plan.pk}:day-{number}",
                context=context,
            )
            queued += 1
    return queued


# The follow-up invitation ------------------------------------------------------------------


def follow_up_path(plan: ListeningPlan) -> str:
    """Where she books again: the page of the service her session was, else the services."""
    booking = plan.recording.booking
    if booking is not None and booking.service.active:
        return booking.service.booking_url
    return reverse("bookings:book")


def _follow_up_due(plan: ListeningPlan, *, now: datetime) -> bool:
    if plan.status == Status.FINISHED:
        return plan.status_changed_at is not None and (
            plan.status_changed_at <= now < plan.status_changed_at + FOLLOW_UP_WITHIN
        )
    today = plan_today(plan, now=now)
    day_after = plan_last_day(plan) + timedelta(days=1)
    if not day_after <= today < day_after + FOLLOW_UP_WITHIN:
        return False
    return today > day_after or now >= reminder_due_at(plan, today)


def follow_ups_send_due(*, now: datetime) -> int:
    """Queue the invitation to a follow-up of every plan that has just ended or finished."""
    queued = 0
    plans = _recent([Status.ACTIVE, Status.PAUSED, Status.FINISHED], now=now).filter(
        follow_up_invited_at__isnull=True
    )
    for plan in plans:
        if not _follow_up_due(plan, now=now):
            continue
        with transaction.atomic():
            claimed = ListeningPlan.objects.filter(
                pk=plan.pk, follow_up_invited_at__isnull=True
            ).update(follow_up_invited_at=now)
            if claimed:
                forget_pages_of(ListeningPlan)  # as a save would (the update sends no signal)
                context = _context(plan, day=plan_today(plan, now=now))
                context["book_url"] = settings.SITE_URL + follow_up_path(plan)
                _queue(
                    plan,
                    "listening_follow_up",
                    key=f"listening-follow-up:plan-{plan.pk}",
                    context=context,
                )
                queued += 1
    return queued


def plan_emails_send_due(*, now: datetime) -> int:
    """Everything due at `now`: reminders, check-ins, follow-up invitations (the periodic task)."""
    return (
        listening_reminders_send_due(now=now)
        + check_ins_send_due(now=now)
        + follow_ups_send_due(now=now)
    )
