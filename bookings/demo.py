"""Demo data for `manage.py seed_demo`: the practitioner's hours, three services, a few bookings.

Idempotent: running it again updates what it made and adds nothing twice.
"""

from datetime import UTC, datetime, time, timedelta

from bookings.models import (
    Booking,
    CancellationPolicy,
    Practitioner,
    Service,
    WorkingHours,
)
from bookings.slots import Interval
from clients import demo_content
from clients.models import User
from practice.demo import CLIENT_EMAIL, PRACTITIONER_EMAIL

VIDEO_LINK = "https://meet.example/quiet-harbour"

# slug: (minutes, price in pence, needs screening)
SERVICE_TERMS = {
    "discovery-call": (20, 0, False),
    "hypnotherapy": (60, 9500, True),
    "rtt-session": (120, 25000, True),
}

WEEKLY_HOURS = [
    *[(weekday, time(9), time(12, 30)) for weekday in range(5)],
    *[(weekday, time(13, 30), time(17, 30)) for weekday in range(5)],
    (5, time(9, 30), time(12, 30)),  # Saturday morning
]


def seed(*, now: datetime, stdout) -> None:
    user = User.objects.get(email=PRACTITIONER_EMAIL)
    practitioner, _ = Practitioner.objects.update_or_create(
        user=user,
        defaults={
            "display_name": user.get_full_name() or "Anna",
            "time_zone": "Europe/London",
            "video_link": VIDEO_LINK,
            "active": True,
        },
    )
    for weekday, start, end in WEEKLY_HOURS:
        WorkingHours.objects.get_or_create(
            practitioner=practitioner, weekday=weekday, start_time=start, end_time=end
        )
    CancellationPolicy.objects.get_or_create(singleton=True)

    services = {}
    for order, content in enumerate(demo_content.SERVICES):
        minutes, price, screening = SERVICE_TERMS[content["slug"]]
        service, _ = Service.objects.update_or_create(
            slug=content["slug"],
            defaults={
                "name": content["name"],
                "summary": content["summary"],
                "description": content["description"],
                "duration_minutes": minutes,
                "is_free": price == 0,
                "price_amount": price,
                "buffer_before_minutes": 15,
                "buffer_after_minutes": 15,
                "min_notice_hours": 24,
                "horizon_days": 60,
                "step_minutes": 30,
                "needs_screening": screening,
                "active": True,
                "order": order,
            },
        )
        service.practitioners.add(practitioner)
        services[service.slug] = service

    client = User.objects.get(email=CLIENT_EMAIL)
    if not Booking.objects.filter(client=client).exists():
        _demo_bookings(client, practitioner, services, now=now)
    stdout.write("Bookings: practitioner, weekly hours, services and demo bookings ready.")


def _weekday_at(now: datetime, *, days: int, hour: int) -> datetime:
    """A weekday `days` from now (moved forward past a weekend) at `hour`:00 UTC."""
    day = (now + timedelta(days=days)).date()
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return datetime.combine(day, time(hour), tzinfo=UTC)


def _demo_bookings(client, practitioner, services, *, now: datetime) -> None:
    # Written directly rather than through booking_hold: the past one could not be booked now.
    # Each is as the real flow leaves it: confirmed a week before its start (or, for one still
    # to come, a day ago); payments/demo.py adds the paid one's payment.
    policy = CancellationPolicy.load().snapshot()
    for service, start, status in (
        (services["discovery-call"], _weekday_at(now, days=-21, hour=10), "completed"),
        (services["hypnotherapy"], _weekday_at(now, days=9, hour=10), "confirmed"),
    ):
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
            status=status,
            client_time_zone="Europe/London",
            price_amount=service.price_amount,
            price_currency=service.price_currency,
            policy_snapshot=policy,
            video_link=practitioner.video_link,
            confirmed_at=confirmed_at,
        )
