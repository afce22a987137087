"""Her own calendars (Google, Apple iCloud, Outlook, Fastmail...) read into busy times.

Every five minutes (settings.PERIODIC_TASKS) each active calendar is read on its own task
(the download and the expansion are workplace/calendar_reading.py's):

- Downloaded from its private address with requests: `webcal://` is read as `https://`, only
  http(s) is followed, with connect and read timeouts, a deadline for the whole download and a
  size limit checked while streaming (settings.CALENDAR_*). The ETag and Last-Modified of the
  last read are sent back, and a 304 Not Modified keeps what is stored.
- Expanded with `recurring_ical_events` (RRULE, EXDATE, moved occurrences by RECURRENCE-ID,
  Google's X-WR-TIMEZONE) over the booking horizon: from her local midnight yesterday to the
  end of the longest horizon of the services she offers, plus a day (60 days if she offers
  none). The window moves a day at a time, so the stored set changes only when her calendar
  does or a new day begins. Times with a zone keep it; floating times and all-day dates are
  read in her own zone (an all-day event blocks her whole local day or days). Events marked
  free (TRANSP:TRANSPARENT) or cancelled block nothing.
- Only the merged busy intervals (UTC) are stored: no titles, places, descriptions or people.
  A calendar's rows are replaced in one transaction, and only after a read that succeeded.

A read that fails keeps the last good busy times and records a plain message (never the
address, which is a secret, nor anything from her events) and since when it has failed; after
an hour of failing she is e-mailed once, and a later success resets it all. Nothing here logs
the address or event content.

Two workers may run at once: a read is claimed first with a conditional UPDATE (a calendar read
less than `CLAIM` ago is left alone), and the stored rows are replaced under the calendar row's
lock, so two writes never interleave.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import models, transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from bookings.models import BusyTime, ExternalCalendar, Practitioner, Service
from bookings.slots import Interval, wall_clock_to_utc
from bookings.timezones import when_label
from practice.mail import outgoing_email_queue
from practice.models import PracticeDetails
from practice.page_cache import AVAILABILITY, forget_cached_pages, forget_pages_of
from workplace.calendar_reading import CalendarError, Download, busy_intervals, calendar_download

logger = logging.getLogger(__name__)

# She is e-mailed once when a calendar has failed for this long.
FAILING_NOTICE_AFTER = timedelta(hours=1)
# A read claimed this recently is left to whoever claimed it: longer than any read can take.
CLAIM = timedelta(minutes=2)
DEFAULT_HORIZON_DAYS = 60
_DAY = timedelta(days=1)


class Outcome(models.TextChoices):
    UPDATED = "updated", "read; its busy times changed"
    UNCHANGED = "unchanged", "read; nothing changed"
    FAILED = "failed", "could not be read"
    BUSY = "busy", "being read by another worker"
    QUEUED = "queued", "large: left to the worker"


@dataclass(frozen=True)
class SyncResult:
    outcome: Outcome
    error: str = ""


def sync_window(*, practitioner: Practitioner, now: datetime) -> Interval:
    """The instants busy times are kept for: from her local midnight yesterday to the end of
    the last day any of her services can be booked, plus a day."""
    days = (
        Service.objects.filter(practitioners=practitioner, active=True).aggregate(
            longest=Max("horizon_days")
        )["longest"]
        or DEFAULT_HORIZON_DAYS
    )
    tz = practitioner.tz
    today = now.astimezone(tz).date()
    return Interval(
        wall_clock_to_utc(today - _DAY, time(0), tz),
        wall_clock_to_utc(today + (days + 2) * _DAY, time(0), tz),
    )


def _claim(calendar_id: int, *, now: datetime, force: bool) -> bool:
    """Mark the calendar as being read now; False when another worker is reading it."""
    claimable = ExternalCalendar.objects.filter(pk=calendar_id)
    if not force:
        claimable = claimable.filter(
            Q(last_attempt_at__isnull=True) | Q(last_attempt_at__lte=now - CLAIM)
        )
    return bool(claimable.update(last_attempt_at=now))


def _may_ask_if_changed(calendar: ExternalCalendar, *, now: datetime) -> bool:
    """Whether a 304 Not Modified would leave the stored busy times right: only when they were
    worked out today (her day), since the window moves on each new day."""
    if calendar.last_success_at is None:
        return False
    tz = calendar.practitioner.tz
    return calendar.last_success_at.astimezone(tz).date() == now.astimezone(tz).date()


def calendar_sync(
    *,
    calendar_id: int,
    now: datetime,
    force: bool = False,
    seconds: int | None = None,
    parse_limit: int | None = None,
) -> SyncResult:
    """Read one of her calendars now and keep its busy times (see the module's docstring).

    `force` reads it even if another read was claimed less than `CLAIM` ago; `seconds`
    shortens the download's deadline and a file larger than `parse_limit` bytes is left to the
    worker (QUEUED), since reading a large calendar takes seconds: she asked in the admin, and
    is waiting. Reading happens outside any transaction; only the writes are in one.
    """
    if not _claim(calendar_id, now=now, force=force):
        return SyncResult(Outcome.BUSY)
    calendar = ExternalCalendar.objects.select_related("practitioner").get(pk=calendar_id)
    practitioner = calendar.practitioner
    try:
        conditional = _may_ask_if_changed(calendar, now=now)
        download = calendar_download(
            address=calendar.url,
            etag=calendar.etag if conditional else "",
            last_modified=calendar.last_modified if conditional else "",
            seconds=seconds,
        )
        busy = None
        if download.body is not None and parse_limit and len(download.body) > parse_limit:
            sync_calendar.enqueue(calendar_id, force=True)
            return SyncResult(Outcome.QUEUED)
        if download.body is not None:
            window = sync_window(practitioner=practitioner, now=now)
            busy = busy_intervals(ical=download.body, tz=practitioner.tz, window=window)
    except CalendarError as error:
        logger.info("Calendar %s could not be read: %s", calendar_id, error.message)
        _failure_record(calendar_id, message=error.message, now=now)
        return SyncResult(Outcome.FAILED, error.message)
    except Exception as error:
        logger.error(
            "Calendar %s: unexpected %s while reading it", calendar_id, type(error).__name__
        )
        message = "Something unexpected went wrong while reading it."
        _failure_record(calendar_id, message=message, now=now)
        return SyncResult(Outcome.FAILED, message)
    changed = _success_record(calendar_id, download=download, busy=busy, now=now)
    return SyncResult(Outcome.UPDATED if changed else Outcome.UNCHANGED)


def _success_record(
    calendar_id: int, *, download: Download, busy: list[Interval] | None, now: datetime
) -> bool:
    """Keep a successful read (busy None: not modified); whether the busy times changed."""
    with transaction.atomic(durable=True):
        calendar = ExternalCalendar.objects.select_for_update().filter(pk=calendar_id).first()
        if calendar is None:  # deleted while it was being read
            return False
        rows = BusyTime.objects.filter(calendar=calendar)
        changed = busy is not None and set(rows.values_list("start", "end")) != {
            (interval.start, interval.end) for interval in busy
        }
        if changed:
            rows.delete()
            BusyTime.objects.bulk_create(
                BusyTime(
                    calendar=calendar,
                    practitioner_id=calendar.practitioner_id,
                    start=interval.start,
                    end=interval.end,
                )
                for interval in busy
            )
            # Bulk writes send no signals: the slot pages are forgotten here.
            forget_cached_pages(AVAILABILITY)
        ExternalCalendar.objects.filter(pk=calendar_id).update(
            etag=download.etag[:500],
            last_modified=download.last_modified[:100],
            last_success_at=now,
            last_error="",
            failing_since=None,
            failure_notified_at=None,
        )
        # A bulk update sends no signal: what the desk shows of it is forgotten here.
        forget_pages_of(ExternalCalendar)
    return changed


def _failure_record(calendar_id: int, *, message: str, now: datetime) -> None:
    """Keep the last good busy times; note the error, since when, and tell her once after an
    hour."""
    with transaction.atomic(durable=True):
        calendar = (
            ExternalCalendar.objects.select_for_update()
            .select_related("practitioner__user")
            .filter(pk=calendar_id)
            .first()
        )
        if calendar is None:
            return
        calendar.failing_since = calendar.failing_since or now
        calendar.last_error = message[:500]
        fields = ["failing_since", "last_error"]
        if (
            calendar.failure_notified_at is None
            and now - calendar.failing_since >= FAILING_NOTICE_AFTER
        ):
            calendar.failure_notified_at = now
            fields.append("failure_notified_at")
            _failing_email_queue(calendar, now=now)
        calendar.save(update_fields=fields)


def _failing_email_queue(calendar: ExternalCalendar, *, now: datetime) -> None:
    practitioner = calendar.practitioner
    user = practitioner.user
    tz = practitioner.tz
    since = when_label(calendar.failing_since, tz)
    outgoing_email_queue(
        # One e-mail per spell of failing.
        key=f"calendar:{calendar.pk}:failing:{calendar.failing_since:%Y%m%dT%H%M%S}",
        to=user.email,
        recipient=user,
        subject=f"Your calendar “{calendar.name}” cannot be read",
        template="emails/calendar_failing",
        context={
            "practice": PracticeDetails.load(),
            "calendar": calendar,
            "since": since,
            "last_success": when_label(calendar.last_success_at, tz)
            if calendar.last_success_at
            else None,
            "error": calendar.last_error,
            "site_url": settings.SITE_URL,
            "admin_url": settings.SITE_URL
            + reverse("admin:bookings_externalcalendar_change", args=[calendar.pk]),
        },
    )


def calendars_due() -> list[int]:
    return list(
        ExternalCalendar.objects.filter(active=True, practitioner__active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


@task()
def sync_calendar(calendar_id: int, force: bool = False) -> str:
    return calendar_sync(calendar_id=calendar_id, now=timezone.now(), force=force).outcome


@task()
def sync_calendars() -> int:
    """The periodic job: one task per active calendar, so a slow or failing one holds up no
    other. Returns how many were queued."""
    due = calendars_due()
    for calendar_id in due:
        sync_calendar.enqueue(calendar_id)
    return len(due)
