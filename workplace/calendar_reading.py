"""Reading one of her calendars: its download, within limits, and its events expanded into
busy intervals. workplace/calendar_sync.py decides when to read and stores what is found.

- `calendar_download`: `webcal://` is read as `https://`, only http(s) is followed, with
  connect and read timeouts, a deadline for the whole download and a size limit checked while
  streaming (settings.CALENDAR_*); the ETag and Last-Modified of the last read go back, and a
  304 Not Modified says nothing changed.
- `busy_intervals`: expanded with `recurring_ical_events` (RRULE, EXDATE, moved occurrences by
  RECURRENCE-ID, Google's X-WR-TIMEZONE) over a window; times with a zone keep it, floating
  times and all-day dates are read in her zone; free (TRANSP:TRANSPARENT) and cancelled events
  block nothing. Only merged UTC intervals come out: no titles, places, descriptions or people.

Errors are `CalendarError`s whose message is for her: plain words, never the address (a
secret) nor anything from her events.
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

from bookings.slots import Interval, wall_clock_to_utc

logger = logging.getLogger(__name__)

# More events than this in the window is not a personal calendar (or a rule gone wrong).
MAX_OCCURRENCES = 10_000
_CHUNK_BYTES = 64 * 1024
_DAY = timedelta(days=1)
_SCHEMES = ("http", "https")
_WEBCAL_SCHEMES = ("webcal", "webcals")
_USER_AGENT = "QuietHarbourBooking/1.0 (reads busy times only)"


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
