"""Reads for the practitioner's workplace in the admin: the dashboard and the calendar.

Each read costs a fixed number of queries whatever the number of bookings or payments: rows are
fetched once per kind, within the window that matters, with what they show joined in.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Sum
from django.urls import reverse

from aftercare.progress import PlanProgress, running_plans
from bookings.models import (
    Booking,
    Practitioner,
)
from bookings.slots import Interval
from payments.models import Payment, Refund
from practice.dates import month_end, month_start
from practice.models import OutgoingEmail
from workplace.calendar import days_window, local_midnight
from workplace.desk_cache import (
    CALENDARS,
    LISTENING,
    earliest,
    kept,
    next_minute_left_change,
    part_key,
)

UPCOMING_DAYS = 7  # the dashboard shows today and this many days after it
CANCELLED_WITHIN = timedelta(days=14)
# The newest cancellations the desk lists; the rest are a link away (the booking list).
CANCELLATIONS_SHOWN = 20
# Sessions the calendar and the dashboard show: not holds that ran out, not cancelled ones
# unless asked for.
SHOWN_STATUSES = (
    Booking.Status.HELD,
    Booking.Status.CONFIRMED,
    Booking.Status.COMPLETED,
    Booking.Status.NO_SHOW,
)


def booking_admin_url(booking_id: int) -> str:
    return reverse("admin:bookings_booking_change", args=[booking_id])


# Kept in the cache under the availability version, which saves of practitioners replace;
# without their calendar feed's secret token, which is read from the database where shown.
PRACTITIONERS = "practitioners"


def _active_practitioners() -> tuple[list[Practitioner], None]:
    return list(
        Practitioner.objects.filter(active=True).defer("calendar_token").order_by("pk")
    ), None


def practitioners_for(user) -> tuple[list[Practitioner], Practitioner | None]:
    """All active practitioners, and the one whose workplace this is (from the cache, once per
    request: the answer is kept on the request's `user`, which the page's parts share).

    The signed-in practitioner's own, else the first active one (a superuser who is not a
    practitioner sees the practice's).
    """
    found = getattr(user, "_workplace_practitioners", None)
    if found is None:
        practitioners = kept(PRACTITIONERS, _active_practitioners)
        own = next((p for p in practitioners if p.user_id == user.pk), None)
        found = (practitioners, own or (practitioners[0] if practitioners else None))
        user._workplace_practitioners = found
    return found


def desk_practitioner(user) -> Practitioner | None:
    """The practitioner whose workplace this is, as `practitioners_for` says, without reading
    the practitioners when the request has read her own row already and she is active (the
    admin reads it for its zone: practice.middleware.AdminTimeZoneMiddleware): the dashboard
    needs her to know which of its parts to read."""
    if get_user_model().practitioner.is_cached(user):
        own = getattr(user, "practitioner", None)
        if own is not None and own.active:
            return own
    return practitioners_for(user)[1]


# The dashboard ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Amount:
    amount: int  # minor units
    currency: str


@dataclass
class DaySessions:
    date: date
    sessions: list[Booking]


@dataclass
class Dashboard:
    zone: str
    today: date
    today_sessions: list[Booking]
    upcoming: list[DaySessions]  # the next days that have sessions, in order
    holds: list[Booking]
    cancellations: list[Booking]
    more_cancellations: bool  # more than CANCELLATIONS_SHOWN: the rest are in the booking list
    month_start: date
    currency: str = field(default_factory=lambda: settings.PRACTICE_CURRENCY)
    takings: list[Amount] = field(default_factory=list)
    refunds: list[Amount] = field(default_factory=list)

    @property
    def upcoming_count(self) -> int:
        return sum(len(day.sessions) for day in self.upcoming)

    def changes_at(self, now: datetime) -> datetime | None:
        """When what it shows next changes with no save: her next midnight (today, the seven
        days, this month), a hold's minutes going down or running out, a cancellation's
        fourteen days ending."""
        return earliest(
            local_midnight(self.today + timedelta(days=1), ZoneInfo(self.zone)),
            *(next_minute_left_change(hold.hold_expires_at, now) for hold in self.holds),
            *(booking.cancelled_at + CANCELLED_WITHIN for booking in self.cancellations),
        )


@dataclass(frozen=True)
class MonthMoney:
    zone: str
    month_start: date
    takings: list[Amount]
    refunds: list[Amount]
    currency: str = field(default_factory=lambda: settings.PRACTICE_CURRENCY)


@dataclass(frozen=True)
class LiveDesk:
    """The dashboard's zone and its e-mails that could not be sent (kept under the desk's
    version, which the sending job replaces when it gives up on one)."""

    zone: str
    failed_emails: int  # e-mails that could not be sent after every retry


def _amounts(rows) -> list[Amount]:
    return [Amount(amount=row["total"], currency=row["currency"]) for row in rows if row["total"]]


def dashboard(*, zone: ZoneInfo, now: datetime) -> Dashboard:
    """The admin index's sessions and money for the whole practice, days and months in `zone`
    (five queries).

    - sessions today and in the next seven days (confirmed, held, completed or missed);
    - holds still running, soonest to end first (each with `minutes_left`);
    - cancellations in the last fourteen days, newest first;
    - this calendar month's takings and refunds (`month_money`).

    The failed e-mails are `live_desk`'s, the listening plans `listening_plans`'.
    """
    today = now.astimezone(zone).date()
    window = days_window(today, today + timedelta(days=UPCOMING_DAYS), zone)
    sessions = list(
        Booking.objects.filter(start__gte=window.start, start__lt=window.end)
        .filter(status__in=SHOWN_STATUSES)
        .without_stale_holds(now=now)
        .select_related("service")
        # Her clients apart, by their keys: joined, PostgreSQL may read every client.
        .prefetch_related("client")
        .order_by("start", "pk")
    )
    by_day: dict[date, list[Booking]] = defaultdict(list)
    for booking in sessions:
        booking.local_start = booking.start.astimezone(zone)
        booking.local_end = booking.end.astimezone(zone)
        by_day[booking.local_start.date()].append(booking)

    holds = list(
        Booking.objects.live_holds(now=now)
        .select_related("service")
        .prefetch_related("client")
        .order_by("hold_expires_at", "pk")
    )
    for booking in holds:
        booking.local_start = booking.start.astimezone(zone)
        booking.minutes_left = max(1, -(-(booking.hold_expires_at - now) // timedelta(minutes=1)))

    cancellations = list(
        Booking.objects.filter(
            status=Booking.Status.CANCELLED, cancelled_at__gte=now - CANCELLED_WITHIN
        )
        .select_related("service")
        .prefetch_related("client")
        .order_by("-cancelled_at", "-pk")[: CANCELLATIONS_SHOWN + 1]
    )
    more_cancellations = len(cancellations) > CANCELLATIONS_SHOWN
    cancellations = cancellations[:CANCELLATIONS_SHOWN]
    for booking in cancellations:
        booking.local_start = booking.start.astimezone(zone)
        booking.local_cancelled_at = booking.cancelled_at.astimezone(zone)

    money = month_money(zone=zone, today=today)
    return Dashboard(
        zone=zone.key,
        today=today,
        today_sessions=by_day.pop(today, []),
        upcoming=[DaySessions(date=day, sessions=rows) for day, rows in sorted(by_day.items())],
        holds=holds,
        cancellations=cancellations,
        more_cancellations=more_cancellations,
        month_start=money.month_start,
        takings=money.takings,
        refunds=money.refunds,
    )


def month_money(*, zone: ZoneInfo, today: date) -> MonthMoney:
    """This calendar month's takings (payments received) and refunds that went through, by
    currency, the month's edges her midnights in `zone` (two queries)."""
    month = days_window(month_start(today), month_end(today), zone)
    takings = (
        Payment.objects.filter(
            status__in=Payment.PAID_STATUSES, paid_at__gte=month.start, paid_at__lt=month.end
        )
        .values("currency")
        .annotate(total=Sum("amount"))
        .order_by("currency")
    )
    refunds = (
        Refund.objects.filter(
            status=Refund.Status.SUCCEEDED, created_at__gte=month.start, created_at__lt=month.end
        )
        .values("currency")
        .annotate(total=Sum("amount"))
        .order_by("currency")
    )
    return MonthMoney(
        zone=zone.key,
        month_start=month_start(today),
        takings=_amounts(takings),
        refunds=_amounts(refunds),
    )


def _failed_emails() -> tuple[int, None]:
    # Kept under the desk's version, which a send that gives up replaces (practice/mail.py).
    return OutgoingEmail.objects.filter(status=OutgoingEmail.Status.FAILED).count(), None


def live_desk(*, zone: ZoneInfo) -> LiveDesk:
    """The zone and the failed e-mails (kept in the cache)."""
    return LiveDesk(zone=zone.key, failed_emails=kept(FAILED_EMAILS, _failed_emails))


# The dashboard's parts kept in the cache, by name: the template tags (workplace/templatetags)
# keep them, and the admin's index reads them all in one round trip first (`desk_part_keys`).
FAILED_EMAILS = "failed-emails"


def sessions_part(*, zone: ZoneInfo, now: datetime) -> str:
    return f"sessions:{zone.key}:{now.astimezone(zone).date()}"


def listening_part(*, zone: ZoneInfo) -> str:
    return f"listening:{zone.key}"


def setup_part(*, practitioner: Practitioner | None) -> str:
    return f"setup:{practitioner.pk if practitioner else 0}"


def figures_part(*, zone: ZoneInfo, now: datetime, practitioner: Practitioner | None) -> str:
    who = practitioner.pk if practitioner else 0
    today = now.astimezone(zone).date()
    return f"figures:{zone.key}:{settings.PRACTICE_CURRENCY}:{who}:{today}"


def calendars_part(*, user, zone: ZoneInfo, now: datetime) -> str:
    return f"calendars:{user.pk}:{zone.key}:{now.astimezone(zone).date()}"


def desk_part_keys(*, user, zone: ZoneInfo, now: datetime) -> list[str]:
    """Where the dashboard's parts for `user` are kept at `now` (times in `zone`)."""
    practitioner = desk_practitioner(user)
    return [
        part_key(FAILED_EMAILS),
        part_key(calendars_part(user=user, zone=zone, now=now), (CALENDARS,)),
        part_key(setup_part(practitioner=practitioner)),
        part_key(sessions_part(zone=zone, now=now)),
        part_key(listening_part(zone=zone), (LISTENING,)),
        part_key(figures_part(zone=zone, now=now, practitioner=practitioner)),
    ]


def listening_plans(*, now: datetime) -> tuple[list[PlanProgress], datetime | None]:
    """The running listening plans, soonest to end first (three queries), and when what the
    desk shows of them next changes with no save: the first of their clients' next midnights,
    each in her plan's zone (a plan's day moving on, starting or ending). No plan joins the
    list with time alone: one that has not started yet is in it already."""
    plans = running_plans(now=now)
    return plans, earliest(*(progress.tomorrow_starts_at for progress in plans))


# The calendar's reads: workplace/calendar_data.py. Time off's check for sessions it covers:


def overlapping_bookings(
    *, practitioner: Practitioner, interval: Interval, now: datetime
) -> list[Booking]:
    """The active bookings (confirmed, or held and not run out) whose session meets `interval`."""
    return list(
        Booking.objects.active(now=now)
        .filter(practitioner=practitioner)
        .overlapping(interval)
        .select_related("service")
        .prefetch_related("client")
        .order_by("start", "pk")
    )
