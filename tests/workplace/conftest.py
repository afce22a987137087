"""Fixtures for the practitioner's workplace in the admin: Stripe faked at its HTTP layer, what
its Refunds API received, and a reader for the calendar's HTML.

The practitioner (a superuser) and `desk` (she, signed in), the paid `service`, make_booking
(confirmed unless told), make_payment, paid_booking, `now` (the clock, to the second),
run_worker and the Stripe fakes (stripe_api, refunds_api_succeeding) are tests/conftest.py's:
every test here runs with `stripe_api`, so no test can reach the network.
"""

from datetime import UTC, datetime
from html.parser import HTMLParser
from urllib.parse import parse_qsl

import pytest


@pytest.fixture(autouse=True)
def _stripe_faked(stripe_settings, stripe_api):
    """Every test here talks to the faked Stripe, with test keys."""


@pytest.fixture
def refund_requests(stripe_api):
    """What Stripe's Refunds API received: [(form fields, idempotency key)]."""

    def requests():
        found = []
        for call in stripe_api.calls:
            if call.request.path_url.split("?", 1)[0] != "/v1/refunds":
                continue
            body = call.request.body or ""
            body = body.decode() if isinstance(body, bytes) else body
            found.append((dict(parse_qsl(body)), call.request.headers.get("Idempotency-Key")))
        return found

    return requests


class _CalendarReader(HTMLParser):
    """Where each booking link sits: the data-date and data-hour of its table cell."""

    def __init__(self):
        super().__init__()
        self.cell: dict = {}
        self.places: dict[str, tuple[str, int | None]] = {}
        self.cells: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "td" and "data-date" in attrs:
            hour = attrs.get("data-hour")
            self.cell = {
                "date": attrs["data-date"],
                "hour": int(hour) if hour is not None else None,
                "classes": set((attrs.get("class") or "").split()),
            }
            self.cells.append(self.cell)
        if tag == "a" and "data-booking" in attrs and self.cell:
            self.places[attrs["data-booking"]] = (self.cell["date"], self.cell["hour"])


@pytest.fixture
def read_calendar():
    """read_calendar(html) -> (where: {reference: (date, hour)}, cells: [{date, hour, classes}])."""

    def read(html: str):
        reader = _CalendarReader()
        reader.feed(html)
        return reader.places, reader.cells

    return read


def at_london(day: str, hour: int, minute: int = 0) -> datetime:
    """A wall-clock time in London as a UTC instant: at_london("2026-03-27", 9)."""
    from zoneinfo import ZoneInfo

    local = datetime.fromisoformat(f"{day}T{hour:02d}:{minute:02d}").replace(
        tzinfo=ZoneInfo("Europe/London")
    )
    return local.astimezone(UTC)


@pytest.fixture
def london():
    return at_london
