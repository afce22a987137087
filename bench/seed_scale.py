"""Seed the benchmark database (run by bench/run.py), on top of the demo practice.

Today's scale (the default): 200 articles, 300 clients, 5,000 past and 200 future bookings.
`--scale large` then tops it up to fifty times that (issue 17): 1,000 articles, 10,000
clients, 250,000 bookings over ten years back and one ahead (completed, cancelled, missed and
holds that ran out; the confirmed ones never overlap, as PostgreSQL's exclusion constraint
requires), a paid payment for each completed one, and 1,000 recordings with 50,000 listening
days. The demo client's own data stays as it is, so her pages show the same things at both
scales: only the tables around her grow. Bulk inserts in large batches: a few minutes at most.

Usage: DEBUG=1 python bench/seed_scale.py [--scale large]   (after migrate and seed_demo)
"""

import argparse
import os
import random
import sys
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "practice.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from aftercare.models import ListeningDay, ListeningPlan, Recording  # noqa: E402
from blog.models import Article, Category, Tag  # noqa: E402
from bookings.models import Booking, Practitioner, Service  # noqa: E402
from bookings.slots import overlaps  # noqa: E402
from clients.models import User  # noqa: E402
from payments.models import Payment  # noqa: E402

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


# Fifty times today's scale --------------------------------------------------------------------

LARGE = {"articles": 1000, "clients": 10_000, "bookings": 250_000, "listening_days": 50_000}
LARGE_FUTURE_CONFIRMED = 700  # two a day for a year, like today's scale: her calendar stays usable
PAST_YEARS = 10
BATCH = 5000
PAST_STATUSES = ["completed"] * 12 + ["cancelled"] * 3 + ["expired"] * 4 + ["no_show"]


def large_articles(rng, now):
    """Copies of one bench article (its body rendered once): bulk inserts skip Article.save."""
    missing = LARGE["articles"] - Article.objects.count()
    if missing <= 0:
        return
    model = Article.objects.filter(slug__startswith="bench-").first()
    tags = list(Tag.objects.all())
    copies = []
    for index in range(missing):
        copy = Article(
            **{
                field.attname: getattr(model, field.attname)
                for field in Article._meta.concrete_fields
                if not field.primary_key
            }
        )
        copy.title = f"More notes on trust, number {index + 1}"
        copy.slug = f"bench-large-{index + 1}"
        copy.published_at = now - timedelta(days=rng.randint(1, 3650), minutes=index)
        copies.append(copy)
    created = Article.objects.bulk_create(copies, batch_size=BATCH)
    Through = Article.tags.through
    Through.objects.bulk_create(
        [
            Through(article_id=article.pk, tag_id=tag.pk)
            for article in created
            for tag in rng.sample(tags, k=min(3, len(tags)))
        ],
        batch_size=BATCH,
    )


def large_clients():
    existing = User.objects.filter(email__startswith="bench-client-").count()
    User.objects.bulk_create(
        [
            User(email=f"bench-client-{n}@example.com", first_name="Bench", last_name=str(n))
            for n in range(existing, LARGE["clients"])
        ],
        batch_size=BATCH,
    )
    return list(User.objects.filter(email__startswith="bench-client-").values_list("pk", flat=True))


def large_bookings(rng, client_ids, now):
    """The missing bookings: a few confirmed ones ahead (never overlapping anything active),
    the rest anywhere in the last ten years or the next one, in statuses the exclusion
    constraint does not cover (so they may share times, as abandoned holds do)."""
    missing = LARGE["bookings"] - Booking.objects.count()
    if missing <= 0:
        return
    practitioner = Practitioner.objects.first()
    services = list(Service.objects.filter(active=True))
    taken = [
        (b.blocked_start, b.blocked_end)
        for b in Booking.objects.filter(status__in=Booking.ACTIVE_STATUSES, end__gt=now)
    ]
    clients = User.objects.in_bulk(rng.sample(client_ids, k=min(len(client_ids), 2000)))
    pick = list(clients.values())

    def make(start, status):
        service = rng.choice(services)
        made = booking(service, practitioner, rng.choice(pick), start, status)
        if status == "expired":
            made.confirmed_at = None
            made.hold_expires_at = start - timedelta(days=rng.randint(1, 30))
        elif status == "cancelled":
            made.cancelled_at = start - timedelta(days=1)
            made.cancelled_by = rng.choice(("client", "practitioner"))
        return made

    rows = []
    # Confirmed, ahead: 12:00 and 16:00 UTC, from after today's scale's last one (about 100
    # days ahead), so beyond the slot pages' horizon: they show the same free times at both scales.
    day = now.replace(hour=12, minute=0, second=0, microsecond=0) + timedelta(days=120)
    while len(rows) < LARGE_FUTURE_CONFIRMED:
        for start in (day, day + timedelta(hours=4)):
            candidate = make(start, "confirmed")
            if not any(
                overlaps(candidate.blocked_start, candidate.blocked_end, *other) for other in taken
            ):
                rows.append(candidate)
        day += timedelta(days=1)
    # The rest: nine in ten in the past, one in ten ahead (cancelled or a hold that ran out).
    grid = timedelta(minutes=15)
    past_slots = PAST_YEARS * 365 * 24 * 4
    future_slots = 365 * 24 * 4
    while len(rows) < missing:
        if rng.random() < 0.9:
            start = now - grid * rng.randint(8, past_slots)
            status = rng.choice(PAST_STATUSES)
        else:
            start = now + grid * rng.randint(8, future_slots)
            status = rng.choice(("cancelled", "expired"))
        rows.append(make(start.replace(second=0, microsecond=0), status))
    for start in range(0, len(rows), BATCH):
        created = Booking.objects.bulk_create(rows[start : start + BATCH])
        Payment.objects.bulk_create(
            [
                Payment(
                    booking_id=made.pk,
                    amount=made.price_amount,
                    currency=made.price_currency,
                    status=Payment.Status.PAID,
                    expires_at=made.start - timedelta(days=3),
                    paid_at=made.start - timedelta(days=3),
                    idempotency_key=f"bench-{made.reference}",
                    received_outside=True,
                )
                for made in created
                if made.status == "completed" and made.price_amount > 0
            ]
        )


def large_listening(rng, client_ids, now):
    """Recordings (rows only: no audio file) with a plan and fifty listening days each."""
    per_plan = 50
    missing = -(-(LARGE["listening_days"] - ListeningDay.objects.count()) // per_plan)
    if missing <= 0:
        return
    recordings = Recording.objects.bulk_create(
        [
            Recording(
                client_id=client_id,
                title="Your recording",
                file="recordings/bench/none.mp3",
                content_type="audio/mpeg",
                duration_seconds=1200.0,
                size_bytes=19_200_000,
                acknowledged_at=now - timedelta(days=60),
            )
            for client_id in rng.sample(client_ids, k=missing)
        ],
        batch_size=BATCH,
    )
    plans = ListeningPlan.objects.bulk_create(
        [
            ListeningPlan(
                recording_id=recording.pk,
                days=per_plan,
                starts_on=(now - timedelta(days=rng.randint(per_plan, 700))).date(),
                listen_at=datetime.min.time().replace(hour=21),
                time_zone="Europe/London",
                status=ListeningPlan.Status.FINISHED,
            )
            for recording in recordings
        ],
        batch_size=BATCH,
    )
    ListeningDay.objects.bulk_create(
        [
            ListeningDay(
                plan_id=plan.pk,
                day=plan.starts_on + timedelta(days=offset),
                seconds_played=rng.choice((0, 600, 1200)),
                listened_at=now - timedelta(days=1),
            )
            for plan in plans
            for offset in range(per_plan)
        ],
        batch_size=BATCH,
    )


def seed_large():
    rng = random.Random(2027)
    now = timezone.now()
    with transaction.atomic():
        large_articles(rng, now)
        client_ids = large_clients()
        large_bookings(rng, client_ids, now)
        large_listening(rng, client_ids, now)


def counts() -> str:
    return (
        f"articles={Article.objects.count()} clients={User.objects.count()} "
        f"bookings={Booking.objects.count()} payments={Payment.objects.count()} "
        f"listening_days={ListeningDay.objects.count()}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["today", "large"], default="today")
    scale = parser.parse_args().scale
    seed()
    if scale == "large":
        seed_large()
    # The planner's statistics, as autovacuum (PostgreSQL) would gather them soon after a bulk
    # load like this one: without them PostgreSQL plans for the tables' old sizes (it read all
    # 88,000 payments to find her two, the data export at half speed).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"{scale} scale: {counts()}")
