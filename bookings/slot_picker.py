"""The slot picker as the client sees it: days that have times, a week of them per page, the
chosen day's times, and each time as a choice to post back.

Pure presentation: instants, a zone and what the link asked for come in, plain dicts for the
templates come out (no request, no ORM, no clock). The views decide which instants are offered
(bookings/selectors.py); this decides how they are laid out.
"""

from collections import defaultdict
from datetime import UTC, date, datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from bookings import timezones
from practice.http import YEARS, query_day

DAYS_PER_PAGE = 7
ALTERNATIVES = 3


def iso(moment: datetime) -> str:
    """An instant as the picker's forms and links carry it: UTC, to the second."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_start(value: str | None) -> datetime | None:
    """An ISO instant from a form or link, or None when it is not one (never an error page).

    Instants far from now are never bookable; refusing them early keeps date arithmetic in range.
    """
    if not value or len(value) > 40:
        return None
    try:
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None or moment.year not in YEARS:
            return None
        return moment.astimezone(UTC)
    except (ValueError, OverflowError):
        return None


def confirm_url(path: str, start: datetime, zone: str) -> str:
    """Where sign-in and sign-up return to: the chosen time, in the zone it was chosen in."""
    return f"{path}?{urlencode({'start': iso(start), 'tz': zone})}"


def time_choice(start: datetime, zone: str) -> dict:
    local = start.astimezone(ZoneInfo(zone))
    return {
        "value": iso(start),
        "label": timezones.clock_time(local),
        "day_label": timezones.day_label(local),
    }


def local_day(moment: datetime, zone: str) -> date:
    """The day `moment` falls on in `zone`."""
    return moment.astimezone(ZoneInfo(zone)).date()


def day_url(base_path: str, day: date, zone: str) -> str:
    """The picker showing `day`'s times. The zone goes with the link: the page it leads to may
    be a cached one."""
    return f"{base_path}?{urlencode({'day': day.isoformat(), 'tz': zone})}"


def nearest(starts: list[datetime], target: datetime, count: int = ALTERNATIVES) -> list[datetime]:
    """The `count` starts closest to `target`, in time order."""
    return sorted(sorted(starts, key=lambda start: abs(start - target))[:count])


def alternatives(starts: list[datetime], target: datetime, zone: str) -> list[dict]:
    """The free times nearest to one that could not be had, as choices."""
    return [time_choice(start, zone) for start in nearest(starts, target)]


def short_day_label(day: date, *, with_month: bool) -> str:
    """ "Thu 10", or "Thu 10 Dec" where the month has to be said: what a day's chip shows."""
    return f"{day:%a} {day.day} {day:%b}" if with_month else f"{day:%a} {day.day}"


def picker(starts: list[datetime], zone: str, *, day: str | None, base_path: str) -> dict:
    """Days that have times (a week of them per page) and the chosen `day`'s times.

    `day` is what the link asked for; any other value shows the first day that has times.
    Each day has its full label (what it is called) and a short one (what its chip shows),
    which names the month on the first day of the strip and where a new month begins.
    """
    tz = ZoneInfo(zone)
    by_day: dict[date, list[datetime]] = defaultdict(list)
    for start in starts:
        by_day[start.astimezone(tz).date()].append(start)
    days = sorted(by_day)
    selected = query_day(day)
    if selected not in by_day:
        selected = days[0] if days else None
    page = days.index(selected) // DAYS_PER_PAGE if selected else 0
    shown = days[page * DAYS_PER_PAGE : (page + 1) * DAYS_PER_PAGE]

    earlier, later = (page - 1) * DAYS_PER_PAGE, (page + 1) * DAYS_PER_PAGE
    return {
        "days": [
            {
                "date": one,
                "label": timezones.day_label(one),
                "short_label": short_day_label(
                    one, with_month=index == 0 or one.month != shown[index - 1].month
                ),
                "url": day_url(base_path, one, zone),
                "selected": one == selected,
                "count": len(by_day[one]),
            }
            for index, one in enumerate(shown)
        ],
        "earlier_url": day_url(base_path, days[earlier], zone) if page > 0 else None,
        "later_url": day_url(base_path, days[later], zone) if later < len(days) else None,
        "selected_day": selected,
        "selected_label": timezones.day_label(selected) if selected else "",
        "times": [time_choice(start, zone) for start in by_day.get(selected, [])],
    }
