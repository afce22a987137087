"""Her own calendars (Google, Apple iCloud, Outlook, Fastmail...) read into busy times.

Every five minutes (settings.PERIODIC_TASKS) each active calendar is read on its own task:

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
import time as clock
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events
import requests
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
from practice.page_cache import AVAILABILITY, forget_cached_pages

logger = logging.getLogger(__name__)

# She is e-mailed once when a calendar has failed for this long.
FAILING_NOTICE_AFTER = timedelta(hours=1)
# A read claimed this recently is left to whoever claimed it: longer than any read can take.
CLAIM = timedelta(minutes=2)
DEFAULT_HORIZON_DAYS = 60
# More events than this in the window is not a personal calendar (or a rule gone wrong).
MAX_OCCURRENCES = 10_000
_CHUNK_BYTES = 64 * 1024
_DAY = timedelta(days=1)
_SCHEMES = ("http", "https")
_WEBCAL_SCHEMES = ("webcal", "webcals")
_USER_AGENT = "QuietHarbourBooking/1.0 (reads busy times only)"


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


class CalendarError(Exception):
    """A calendar could not be read. `message` is for her: plain words, no address and nothing
    from her events."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class CalendarAddressError(ValueError):
    """An address that is not a calendar's web address."""


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"


def calendar_address_clean(address: str) -> str:
    """The address to read: trimmed, `webcal://` as `https://`. Raises CalendarAddressError
    with a message for her when it is not an http, https or webcal address."""
    address = (address or "").strip()
    parts = urlsplit(address)
    scheme = parts.scheme.lower()
    if scheme in _WEBCAL_SCHEMES:
        address = "https" + address[len(parts.scheme) :]
    elif scheme not in _SCHEMES:
        raise CalendarAddressError(
            "Paste the calendar's private address: it starts with https://, http:// or "
            "webcal:// (and usually ends in .ics)."
        )
    if not parts.hostname or any(character.isspace() for character in address):
        raise CalendarAddressError(
            "This address is not complete. Copy it again from your calendar app and paste it whole."
        )
    return address


def address_masked(address: str) -> str:
    """Enough of a private address to recognise it (its host), never the secret part."""
    host = urlsplit(address).hostname or ""
    return f"{host}/… (hidden)" if host else "(hidden)"


@dataclass(frozen=True)
class Download:
    body: bytes | None  # None: not modified since the ETag or date we sent
    etag: str
    last_modified: str


def calendar_download(
    *, address: str, etag: str = "", last_modified: str = "", seconds: int | None = None
) -> Download:
    """Download a calendar file, within the timeouts, deadline and size limit in settings
    (`seconds` for the whole download instead of settings.CALENDAR_DOWNLOAD_SECONDS).

    Raises CalendarError. Exceptions from requests name the address, so none of their text is
    kept or logged: only their kind.
    """
    limit = settings.CALENDAR_MAX_BYTES
    headers = {"User-Agent": _USER_AGENT, "Accept": "text/calendar, */*;q=0.5"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    seconds = seconds or settings.CALENDAR_DOWNLOAD_SECONDS
    deadline = clock.monotonic() + seconds
    try:
        with requests.get(
            calendar_address_clean(address),
            headers=headers,
            timeout=(
                settings.CALENDAR_CONNECT_TIMEOUT,
                min(settings.CALENDAR_READ_TIMEOUT, seconds),
            ),
            stream=True,
        ) as response:
            if response.status_code == 304:
                return Download(
                    None,
                    response.headers.get("ETag", etag),
                    response.headers.get("Last-Modified", last_modified),
                )
            _refuse_status(response.status_code)
            announced = response.headers.get("Content-Length", "")
            if announced.isdigit() and int(announced) > limit:
                raise CalendarError(_too_big(limit))
            body = bytearray()
            for chunk in response.iter_content(_CHUNK_BYTES):
                body += chunk
                if len(body) > limit:
                    raise CalendarError(_too_big(limit))
                if clock.monotonic() > deadline:
                    raise CalendarError(
                        f"Its server sent the calendar too slowly (over {seconds} seconds)."
                    )
            return Download(
                bytes(body),
                response.headers.get("ETag", ""),
                response.headers.get("Last-Modified", ""),
            )
    except CalendarAddressError as error:
        raise CalendarError(str(error)) from None
    except requests.Timeout:
        raise CalendarError("Its server took too long to answer.") from None
    except requests.ConnectionError:
        raise CalendarError(
            "Its server could not be reached (the address may be mistyped, or the server down)."
        ) from None
    except requests.RequestException as error:
        logger.info("Calendar download refused by requests: %s", type(error).__name__)
        raise CalendarError("The address could not be read as a web address.") from None


def _too_big(limit: int) -> str:
    return (
        f"The calendar file is larger than {_megabytes(limit)}, more than the site reads. A "
        "calendar that shares only free and busy times is much smaller."
    )


def _refuse_status(status: int) -> None:
    if status == 200:
        return
    if status in (401, 403, 404, 410):
        raise CalendarError(
            f"Its server no longer recognises this address (error {status}). If you made a "
            "new private address in your calendar app, paste the new one here."
        )
    raise CalendarError(
        f"Its server answered with an error (error {status}). This is often brief; it is "
        "tried again every few minutes."
    )


def _is_free(event) -> bool:
    """Events that do not make her busy: marked free, or cancelled."""
    return (
        str(event.get("TRANSP", "")).upper() == "TRANSPARENT"
        or str(event.get("STATUS", "")).upper() == "CANCELLED"
        or str(event.get("X-MICROSOFT-CDO-BUSYSTATUS", "")).upper() == "FREE"
    )


def _instant(value: date | datetime, tz: ZoneInfo) -> datetime:
    """A DATE-TIME or DATE from a calendar as a UTC instant. Floating times and dates (an
    all-day event's) are read on her clocks: a date is her local midnight."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return wall_clock_to_utc(value.date(), value.time(), tz)
        return value.astimezone(UTC)
    return wall_clock_to_utc(value, time(0), tz)


def merged(intervals: list[Interval]) -> list[Interval]:
    """The same instants as fewer intervals: overlapping or touching ones joined, in order."""
    joined: list[Interval] = []
    for interval in sorted(intervals, key=lambda each: each.start):
        if joined and interval.start <= joined[-1].end:
            last = joined[-1]
            joined[-1] = Interval(last.start, max(last.end, interval.end))
        else:
            joined.append(interval)
    return joined


_TOO_MANY = (
    f"The calendar has more than {MAX_OCCURRENCES:,} events in the coming weeks, more than the "
    "site reads. Is it the right calendar?"
)
_UNREADABLE = (
    "The file at this address is not a calendar the site can read (it may be a web page "
    "asking to sign in, or a damaged file)."
)


def _refuse_rapid_rules(calendar) -> None:
    """No calendar app offers events repeating every second or minute, and expanding one over
    weeks would take the worker minutes: such a file is refused before it is expanded."""
    for event in calendar.walk("VEVENT"):
        rules = event.get("RRULE", [])
        for rule in rules if isinstance(rules, list) else [rules]:
            if {str(freq).upper() for freq in rule.get("FREQ", [])} & {"SECONDLY", "MINUTELY"}:
                raise CalendarError(_TOO_MANY)


def busy_intervals(*, ical: bytes, tz: ZoneInfo, window: Interval) -> list[Interval]:
    """The instants within `window` that the iCalendar file `ical` says she is busy, merged.

    Raises CalendarError when the file cannot be read or expanded.
    """
    found = []
    try:
        calendar = icalendar.Calendar.from_ical(ical)
        if calendar.name != "VCALENDAR":
            raise CalendarError(_UNREADABLE)
        _refuse_rapid_rules(calendar)
        occurrences = recurring_ical_events.of(calendar).between(window.start, window.end)
        if len(occurrences) > MAX_OCCURRENCES:
            raise CalendarError(_TOO_MANY)
        for event in occurrences:
            if _is_free(event):
                continue
            start = max(_instant(event.start, tz), window.start)
            end = min(_instant(event.end, tz), window.end)
            if start < end:  # a moment (no length) blocks nothing
                found.append(Interval(start, end))
    except CalendarError:
        raise
    except Exception as error:
        # Parsers' messages quote the file: only the kind of error is logged.
        logger.info("Calendar file not understood: %s", type(error).__name__)
        raise CalendarError(_UNREADABLE) from None
    return merged(found)


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
