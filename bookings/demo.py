"""Demo data for `manage.py seed_demo`: the practitioner's hours, three services, a few bookings.

The data is bookings/demo_data/: bookings.toml (the calendar, the terms every service shares,
the demo client's bookings) and services/*.md (each service's terms, and its description as
the body). Idempotent: running it again updates what it made and adds nothing twice.
"""

from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from bookings.models import (
    Booking,
    CancellationPolicy,
    Practitioner,
    Service,
    WorkingHours,
)
from bookings.slots import Interval
from clients.models import User
from practice.demo import (
    CLIENT_EMAIL,
    PRACTITIONER_EMAIL,
    days_from_now,
    read_document,
    read_toml,
    row_seed,
)

DATA = Path(__file__).with_name("demo_data")


def seed(*, now: datetime, stdout) -> None:
    plan = read_toml(DATA / "bookings.toml")
    user = User.objects.get(email=PRACTITIONER_EMAIL)
    practitioner, _, _ = row_seed(
        Practitioner,
        user=user,
        values={
            "display_name": user.get_full_name() or "Anna",
            **plan["practitioner"],
            "active": True,
        },
    )
    for hours in plan["hours"]:
        for weekday in hours["weekdays"]:
            WorkingHours.objects.get_or_create(
                practitioner=practitioner,
                weekday=weekday,
                start_time=hours["start"],
                end_time=hours["end"],
            )
    CancellationPolicy.objects.get_or_create(singleton=True)

    services = {}
    documents = [read_document(path) for path in (DATA / "services").glob("*.md")]
    for header, description in sorted(documents, key=lambda document: document[0]["order"]):
        terms = {name: value for name, value in header.items() if name != "slug"}
        service, _, _ = row_seed(
            Service,
            slug=header["slug"],
            values={
                **plan["service_terms"],
                **terms,
                "description": description,
                "is_free": header["price_amount"] == 0,
                "active": True,
            },
        )
        service.practitioners.add(practitioner)
        services[service.slug] = service

    client = User.objects.get(email=CLIENT_EMAIL)
    if not Booking.objects.filter(client=client).exists():
        _demo_bookings(client, practitioner, services, plan["bookings"], now=now)
    stdout.write("Bookings: practitioner, weekly hours, services and demo bookings ready.")


def _weekday_at(day: datetime, *, hour: int) -> datetime:
    """The weekday of `day` (moved forward past a weekend) at `hour`:00 UTC."""
    date = day.date()
    while date.weekday() >= 5:
        date += timedelta(days=1)
    return datetime.combine(date, time(hour), tzinfo=UTC)


def _demo_bookings(client, practitioner, services, bookings, *, now: datetime) -> None:
    # Written directly rather than through booking_hold: the past one could not be booked now.
    # Each is as the real flow leaves it: confirmed a week before its start (or, for one still
    # to come, a day ago); payments/demo.py adds the paid one's payment.
    policy = CancellationPolicy.load().snapshot()
    for booking in bookings:
        service = services[booking["service"]]
        day = days_from_now(booking["day"], now=now, source=DATA / "bookings.toml")
        start = _weekday_at(day, hour=booking["hour"])
        rules = service.rules
        session_end = start + rules.duration
        blocked = Interval(start - rules.buffer_before, session_end + rules.buffer_after)
        confirmed_at = min(start - timedelta(days=7), now - timedelta(days=1))
        Booking.objects.create(
            client=client,
            practitioner=practitioner,
            service=service,
            start=start,
            end=session_end,
            blocked_start=blocked.start,
            blocked_end=blocked.end,
            status=booking["status"],
            client_time_zone="Europe/London",
            price_amount=service.price_amount,
            price_currency=service.price_currency,
            policy_snapshot=policy,
            confirmed_at=confirmed_at,
        )
