"""Seed the benchmark database at a realistic scale (run by bench/run.py).

200 articles, 300 clients, 5,000 past and 200 future bookings, on top of the demo practice.
Usage: DEBUG=1 python bench/seed_scale.py            (after migrate and seed_demo)
       python bench/seed_scale.py --session client@example.com   (prints a session cookie)
"""

import os
import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "practice.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.cached_db import SessionStore  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from blog.models import Article, Category, Tag  # noqa: E402
from bookings.models import Booking, Practitioner, Service  # noqa: E402
from bookings.slots import overlaps  # noqa: E402
from clients.models import User  # noqa: E402

ARTICLES, CLIENTS, PAST, FUTURE = 200, 300, 5000, 200
PARAGRAPH = (
    "Trust in therapy grows slowly, through small moments of being heard without judgement. "
    "A steady, predictable frame lets a client bring the things that are hardest to say. "
)


def seed_articles(rng, author, now):
    categories = list(Category.objects.all())
    tags = list(Tag.objects.all())
    for index in range(ARTICLES - Article.objects.filter(slug__startswith="bench-").count()):
        body = "\n\n".join(
            f"## Part {part}\n\n" + PARAGRAPH * rng.randint(3, 8) for part in range(1, 6)
        )
        article = Article.objects.create(
            title=f"Notes on trust, number {index + 1}",
            slug=f"bench-{index + 1}-{rng.randint(0, 10**6)}",
            summary="A benchmark article about trust in therapy.",
            body=body,
            author=author,
            category=rng.choice(categories),
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(days=rng.randint(1, 900), minutes=index),
        )
        article.tags.set(rng.sample(tags, k=min(3, len(tags))))


def seed_clients():
    existing = User.objects.filter(email__startswith="bench-client-").count()
    User.objects.bulk_create(
        [
            User(email=f"bench-client-{n}@example.com", first_name="Bench", last_name=str(n))
            for n in range(existing, CLIENTS)
        ]
    )
    return list(User.objects.filter(email__startswith="bench-client-"))


def booking(service, practitioner, client, start, status):
    end = start + timedelta(minutes=service.duration_minutes)
    return Booking(
        client=client,
        practitioner=practitioner,
        service=service,
        start=start,
        end=end,
        blocked_start=start - timedelta(minutes=service.buffer_before_minutes),
        blocked_end=end + timedelta(minutes=service.buffer_after_minutes),
        status=status,
        price_amount=service.price_amount,
        price_currency=service.price_currency,
        confirmed_at=start - timedelta(days=3),
    )


def seed_bookings(rng, clients, now):
    practitioner = Practitioner.objects.first()
    services = list(Service.objects.filter(active=True))
    day = now.replace(hour=9, minute=0, second=0, microsecond=0)
    past, future = [], []
    # Past: one booking an hour, 09:00-16:00 UTC, going back day by day.
    cursor = day - timedelta(days=1)
    while len(past) < PAST:
        for hour in range(8):
            service = rng.choice(services)
            start = cursor + timedelta(hours=hour)
            past.append(booking(service, practitioner, rng.choice(clients), start, "completed"))
        cursor -= timedelta(days=1)
    # Future: confirmed, two a day at 10:00 and 15:00 UTC, never overlapping each other nor the
    # demo's own bookings (PostgreSQL's exclusion constraint would refuse them).
    taken = [
        (b.blocked_start, b.blocked_end)
        for b in Booking.objects.filter(status__in=Booking.ACTIVE_STATUSES, end__gt=now)
    ]
    cursor = day + timedelta(days=2)
    while len(future) < FUTURE:
        for hour in (1, 6):
            service = rng.choice(services)
            start = cursor + timedelta(hours=hour)
            candidate = booking(service, practitioner, rng.choice(clients), start, "confirmed")
            if not any(
                overlaps(candidate.blocked_start, candidate.blocked_end, *other) for other in taken
            ):
                future.append(candidate)
        cursor += timedelta(days=1)
    Booking.objects.bulk_create(past[:PAST] + future[:FUTURE], batch_size=500)


def seed():
    rng = random.Random(2026)
    now = timezone.now()
    author = User.objects.get(email="anna@quietharbour.example")
    with transaction.atomic():
        seed_articles(rng, author, now)
        clients = seed_clients()
        if not Booking.objects.filter(client__email__startswith="bench-client-").exists():
            seed_bookings(rng, clients, now)
    print(
        f"articles={Article.objects.count()} clients={User.objects.count()} "
        f"bookings={Booking.objects.count()}"
    )


def session_cookie(email):
    user = User.objects.get(email=email)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.set_expiry(datetime.now(UTC) + timedelta(hours=2))
    store.save()
    print(store.session_key)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--session":
        session_cookie(sys.argv[2])
    else:
        seed()
