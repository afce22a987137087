"""Every page runs the same queries at fifty times the data, and on PostgreSQL they use indexes.

A small practice is built first (one client with a paid booking, a past session, a recording
and its listening plan; a practitioner; a few articles) and each page's queries are counted on
a cold cache. Then the data grows: on PostgreSQL with SQL (`generate_series`) to 10,000
clients, 250,000 bookings past and future, payments for half the past ones, 1,000 articles and
50,000 rows each of listening days and recording accesses; elsewhere (SQLite) with a smaller
bulk insert. Each page must run the same number of queries as before, and on PostgreSQL the
plan of every SELECT it runs must read the big tables through an index, never a sequential
scan, and read no more than a few thousand of their rows (EXPLAIN ANALYZE's JSON plans, read
node by node): an index that leads to every row of a table is no better than no index.
"""

import json
from datetime import UTC, datetime, time, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

# The tables a sequential scan of would grow with the practice's history and her clients.
BIG_TABLES = {
    "bookings_booking",
    "bookings_payment",
    "aftercare_listeningday",
    "aftercare_recordingaccess",
    "clients_user",
}
# The most rows of those tables one query of a page may read, however big they grow: a year of
# a full practice's sessions (the dashboard's figures) is about this many.
ROW_BUDGET = 6_000
PUBLIC, CLIENT, PRACTITIONER = "public", "client", "practitioner"


@pytest.fixture
def small_practice(
    practice_details, practitioner, service, client_user, publish, make_booking, make_payment, now
):
    from aftercare.models import ListeningDay, ListeningPlan, Recording, RecordingAccess
    from blog.models import Article, Category

    for kind in ("confidentiality", "privacy", "terms", "consent"):
        publish(kind)
    category = Category.objects.create(name="Trust", slug="trust")
    for n in range(3):
        Article.objects.create(
            title=f"Article {n}",
            slug=f"article-{n}",
            summary="About trust.",
            body="## One\n\nText.",
            author=practitioner.user,
            category=category,
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(days=n + 1),
        )
    upcoming = make_booking(client=client_user, service=service)
    make_payment(upcoming)
    past_start = (now - timedelta(days=10)).replace(hour=10, minute=0, second=0, microsecond=0)
    past = make_booking(client=client_user, service=service, start=past_start, status="completed")
    # One of each list the desk shows, so that each list's queries run at both scales: a
    # session today, a live hold and a recent cancellation.
    today = now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    make_booking(client=client_user, service=service, start=today)
    make_booking(
        client=client_user, service=service, start=today + timedelta(days=3), status="held"
    )
    make_booking(
        client=client_user, service=service, start=today + timedelta(days=4), status="cancelled"
    )
    make_payment(past, paid_at=past_start - timedelta(days=3))
    recording = Recording.objects.create(
        client=client_user,
        booking=past,
        title="Your session",
        file="recordings/scale-test.mp3",
        content_type="audio/mpeg",
        duration_seconds=1200,
        size_bytes=1_000_000,
        acknowledged_at=now - timedelta(days=9),
    )
    plan = ListeningPlan.objects.create(
        recording=recording, starts_on=(now - timedelta(days=9)).date(), listen_at=time(8)
    )
    for day in range(3):
        ListeningDay.objects.create(
            plan=plan, day=plan.starts_on + timedelta(days=day), seconds_played=1200
        )
    RecordingAccess.objects.create(recording=recording, reader=client_user, how="play", at=now)
    return {
        "practitioner": practitioner,
        "service": service,
        "client": client_user,
        "category": category,
        "booking": upcoming,
        "recording": recording,
        "now": now,
    }


def pages(world) -> list[tuple[str, str]]:
    """Every page the issue names, with who asks for it."""
    slots = f"/book/{world['service'].slug}/"
    return [
        (PUBLIC, "/"),
        (PUBLIC, "/blog/"),
        (PUBLIC, "/blog/article-0/"),
        (PUBLIC, slots),
        (PUBLIC, "/sitemap.xml"),
        (PUBLIC, "/blog/feed/"),
        (CLIENT, slots),
        (CLIENT, "/my/"),
        (CLIENT, "/my/profile/"),
        (CLIENT, "/my/consents/"),
        (CLIENT, "/my/screening/"),
        (CLIENT, "/my/export/"),
        (CLIENT, world["booking"].get_absolute_url()),
        (CLIENT, f"/my/recordings/{world['recording'].public_id}/"),
        (PRACTITIONER, "/admin/"),
        (PRACTITIONER, "/admin/bookings/booking/calendar/"),
    ]


def visitors(world) -> dict[str, Client]:
    signed_in = {CLIENT: world["client"], PRACTITIONER: world["practitioner"].user}
    browsers = {PUBLIC: Client()}
    for who, user in signed_in.items():
        browsers[who] = Client()
        browsers[who].force_login(user)
    return browsers


def capture(world) -> dict[tuple[str, str], list[dict]]:
    """Each page's queries on a cold cache (the costly request)."""
    browsers = visitors(world)
    captured = {}
    for who, path in pages(world):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = browsers[who].get(path)
        assert response.status_code == 200, (who, path, response.status_code)
        captured[(who, path)] = list(queries.captured_queries)
    return captured


def seq_scans(plan: dict) -> set[str]:
    """The big tables a plan (EXPLAIN's JSON, one node and its children) reads sequentially."""
    found = set()
    if plan.get("Node Type") == "Seq Scan" and plan.get("Relation Name") in BIG_TABLES:
        found.add(plan["Relation Name"])
    for child in plan.get("Plans", ()):
        found |= seq_scans(child)
    return found


def rows_read(plan: dict) -> dict[str, int]:
    """The rows each big table gives a plan (EXPLAIN ANALYZE's JSON), those its filters then
    dropped included, over every loop."""
    found: dict[str, int] = {}
    table = plan.get("Relation Name")
    if table in BIG_TABLES and "Actual Rows" in plan:
        removed = plan.get("Rows Removed by Filter", 0) + plan.get(
            "Rows Removed by Index Recheck", 0
        )
        found[table] = (plan["Actual Rows"] + removed) * plan.get("Actual Loops", 1)
    for child in plan.get("Plans", ()):
        for name, rows in rows_read(child).items():
            found[name] = found.get(name, 0) + rows
    return found


def explain(sql: str, *, analyze: bool = False) -> dict:
    with connection.cursor() as cursor:
        options = "ANALYZE, FORMAT JSON" if analyze else "FORMAT JSON"
        cursor.execute(f"EXPLAIN ({options}) {sql}")
        (document,) = cursor.fetchone()
    document = json.loads(document) if isinstance(document, str) else document
    return document[0]["Plan"]


def test_seq_scans_reads_nested_plans():
    plan = {
        "Node Type": "Nested Loop",
        "Plans": [
            {"Node Type": "Index Scan", "Relation Name": "bookings_booking"},
            {
                "Node Type": "Hash",
                "Plans": [{"Node Type": "Seq Scan", "Relation Name": "bookings_payment"}],
            },
            {"Node Type": "Seq Scan", "Relation Name": "bookings_service"},
        ],
    }

    assert seq_scans(plan) == {"bookings_payment"}


def test_rows_read_counts_what_filters_dropped_over_every_loop():
    plan = {
        "Node Type": "Nested Loop",
        "Plans": [
            {
                "Node Type": "Index Scan",
                "Relation Name": "bookings_payment",
                "Actual Rows": 2,
                "Rows Removed by Filter": 87_980,
                "Actual Loops": 1,
            },
            {
                "Node Type": "Index Scan",
                "Relation Name": "clients_user",
                "Actual Rows": 1,
                "Actual Loops": 277,
            },
            {"Node Type": "Seq Scan", "Relation Name": "bookings_service", "Actual Rows": 3},
        ],
    }

    assert rows_read(plan) == {"bookings_payment": 87_982, "clients_user": 277}


# -- Growing the data --------------------------------------------------------------------------


def grow_with_sql(world, *, clients, past, future, gone, articles, logs):
    """PostgreSQL: bulk rows in a few INSERT … SELECT generate_series statements, then ANALYZE.

    Bookings are two hours apart (a session and its buffers take 90 minutes), so none overlap:
    the exclusion constraint accepts every confirmed one. Past ones end the day before
    yesterday; future ones start after the service's horizon, so the slot page offers the same
    times as before.
    """
    now = world["now"]
    hour = now.replace(minute=0, second=0, microsecond=0)
    params = {
        "clients": clients,
        "past": past,
        "future": future,
        "gone": gone,
        "next_hour": hour + timedelta(hours=1),
        "articles": articles,
        "logs": logs,
        "past_end": hour - timedelta(days=2),
        "future_start": hour + timedelta(days=world["service"].horizon_days + 2),
        "practitioner": world["practitioner"].pk,
        "author": world["practitioner"].user_id,
        "service": world["service"].pk,
        "category": world["category"].pk,
        "now": now,
    }
    statements = [
        """INSERT INTO clients_user (password, is_superuser, first_name, last_name, is_staff,
               is_active, date_joined, email)
           SELECT '!', false, 'Scale', n::text, false, true, %(now)s,
               'scale-' || n || '@example.com'
           FROM generate_series(1, %(clients)s) n""",
        """CREATE TEMP TABLE scale_clients ON COMMIT DROP AS
           SELECT row_number() OVER (ORDER BY id) - 1 AS n, id FROM clients_user
           WHERE email LIKE 'scale-%%'""",
        """INSERT INTO bookings_booking (reference, start, "end", blocked_start, blocked_end,
               status, client_time_zone, price_amount, price_currency, policy_snapshot,
               needs_conversation, times_rescheduled, cancelled_by, cancellation_reason,
               created_at, updated_at, confirmed_at, client_id, practitioner_id, service_id,
               hold_extensions, visitor_address, visitor_key, booked_by)
           SELECT 'scale' || lpad(g.n::text, 11, '0'), t, t + interval '60 minutes',
               t - interval '15 minutes', t + interval '75 minutes',
               CASE WHEN g.n <= %(past)s THEN 'completed' ELSE 'confirmed' END,
               'Europe/London', 9500, 'GBP', '{}'::jsonb, false, 0, '', '',
               t - interval '10 days', t - interval '10 days', t - interval '3 days',
               c.id, %(practitioner)s, %(service)s, 0, '', '', 'client'
           FROM generate_series(1, %(past)s + %(future)s) AS g(n)
           CROSS JOIN LATERAL (SELECT CASE WHEN g.n <= %(past)s
               THEN %(past_end)s - g.n * interval '2 hours'
               ELSE %(future_start)s + (g.n - %(past)s) * interval '2 hours' END AS t) times
           JOIN scale_clients c ON c.n = g.n %% %(clients)s""",
        # Sessions cancelled, and holds that ran out, in the year ahead, from the next hour,
        # every 105 minutes (cancelled over the last two years): rows that overlap the week on
        # every side (neither counts for the exclusion constraint), which the practitioner's
        # week must step over cheaply.
        """INSERT INTO bookings_booking (reference, start, "end", blocked_start, blocked_end,
               status, client_time_zone, price_amount, price_currency, policy_snapshot,
               needs_conversation, times_rescheduled, cancelled_by, cancellation_reason,
               created_at, updated_at, cancelled_at, client_id, practitioner_id, service_id,
               hold_extensions, visitor_address, visitor_key, booked_by)
           SELECT 'scalegone' || lpad(g.n::text, 7, '0'), t, t + interval '60 minutes',
               t - interval '15 minutes', t + interval '75 minutes',
               CASE WHEN g.n %% 4 = 0 THEN 'expired' ELSE 'cancelled' END,
               'Europe/London', 9500, 'GBP', '{}'::jsonb, false, 0,
               CASE WHEN g.n %% 4 = 0 THEN '' ELSE 'client' END, '',
               %(now)s, %(now)s,
               CASE WHEN g.n %% 4 = 0 THEN NULL
                   ELSE %(now)s - (g.n %% 730) * interval '1 day' END,
               c.id, %(practitioner)s, %(service)s, 0, '', '', 'client'
           FROM generate_series(1, %(gone)s) AS g(n)
           CROSS JOIN LATERAL (SELECT %(next_hour)s + g.n * interval '105 minutes' AS t) times
           JOIN scale_clients c ON c.n = g.n %% %(clients)s""",
        # Half the past sessions were paid through Checkout.
        """INSERT INTO bookings_payment (attempt, checkout_session_id, checkout_url,
               payment_intent_id, amount, currency, amount_refunded, status, expires_at,
               paid_at, idempotency_key, created_at, updated_at, booking_id, note,
               received_outside)
           SELECT 1, 'cs_scale_' || b.id, '', 'pi_scale_' || b.id, 9500, 'GBP', 0, 'paid',
               b.start - interval '3 days', b.start - interval '4 days', 'scale-' || b.id,
               b.start - interval '4 days', b.start - interval '4 days', b.id, '', false
           FROM bookings_booking b
           WHERE b.reference LIKE 'scale%%' AND b.status = 'completed' AND b.id %% 2 = 0""",
        """INSERT INTO blog_article (title, slug, summary, body, takeaways, cover_image,
               cover_alt, status, published_at, updated_at, created_at, seo_title,
               seo_description, body_html, headings, word_count, reading_minutes, author_id,
               category_id)
           SELECT 'Scale ' || n, 'scale-' || n, 'About trust.', 'Text.', '', '', '',
               'published', %(now)s - interval '400 days' - n * interval '1 hour', %(now)s,
               %(now)s, '', '', '<p>Text.</p>', '[]'::jsonb, 1, 1, %(author)s, %(category)s
           FROM generate_series(1, %(articles)s) n""",
        # One recording, plan and 20 listening days (and 20 plays) per client, for as many
        # clients as it takes to reach `logs` rows.
        """INSERT INTO aftercare_recording (created_at, updated_at, public_id, title, note, file,
               content_type, duration_seconds, size_bytes, acknowledged_at, client_id)
           SELECT %(now)s, %(now)s, 'scale' || c.n, '', '', 'recordings/scale.mp3',
               'audio/mpeg', 1200, 1000000, %(now)s, c.id
           FROM scale_clients c WHERE c.n < %(logs)s / 20""",
        """INSERT INTO aftercare_listeningplan (created_at, updated_at, days, check_in_days,
               starts_on, listen_at, time_zone, status, recording_id)
           SELECT %(now)s, %(now)s, 21, '2,14', %(now)s::date - 30, '08:00', 'Europe/London',
               'finished', r.id
           FROM aftercare_recording r WHERE r.public_id LIKE 'scale%%'""",
        """INSERT INTO aftercare_listeningday (day, seconds_played, listened_at, by_hand, plan_id)
           SELECT p.starts_on + d, 1200, %(now)s - interval '30 days' + d * interval '1 day',
               false, p.id
           FROM aftercare_listeningplan p
           JOIN aftercare_recording r ON r.id = p.recording_id AND r.public_id LIKE 'scale%%'
           CROSS JOIN generate_series(0, 19) d""",
        """INSERT INTO aftercare_recordingaccess (by_staff, how, byte_range, at, reader_id,
               recording_id)
           SELECT false, 'play', '', %(now)s - d * interval '1 day', r.client_id, r.id
           FROM aftercare_recording r CROSS JOIN generate_series(0, 19) d
           WHERE r.public_id LIKE 'scale%%'""",
        "ANALYZE",
    ]
    with connection.cursor() as cursor:
        # The rows are made from rows that exist (the temporary table's clients, the bookings
        # just written), so checking their foreign keys one by one proves nothing: where the
        # role may (a superuser, as in CI), the checks are left out. Django's keys are checked
        # at commit, and the test's end checks them all: about a million lookups, 4 s.
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        (superuser,) = cursor.fetchone()
        if superuser:
            cursor.execute("SET session_replication_role = replica")
        try:
            for statement in statements:
                cursor.execute(statement, params)
        finally:
            if superuser:
                cursor.execute("SET session_replication_role = DEFAULT")


def grow_with_orm(world, *, clients, past, articles, plans):
    """Elsewhere (SQLite): the same shape, smaller, through bulk_create."""
    from aftercare.models import ListeningDay, ListeningPlan, Recording
    from blog.models import Article
    from bookings.models import Booking
    from clients.models import User
    from payments.models import Payment

    now, service = world["now"], world["service"]
    people = User.objects.bulk_create(
        User(email=f"scale-{n}@example.com", first_name="Scale", last_name=str(n))
        for n in range(clients)
    )
    end = now.replace(minute=0, second=0, microsecond=0) - timedelta(days=2)
    bookings = Booking.objects.bulk_create(
        Booking(
            reference=f"scale{n:011d}",
            client=people[n % clients],
            practitioner=world["practitioner"],
            service=service,
            start=end - timedelta(hours=2 * n),
            end=end - timedelta(hours=2 * n - 1),
            blocked_start=end - timedelta(hours=2 * n, minutes=15),
            blocked_end=end - timedelta(hours=2 * n - 1, minutes=-15),
            status=Booking.Status.COMPLETED,
            price_amount=9500,
            confirmed_at=end - timedelta(days=3),
        )
        for n in range(1, past + 1)
    )
    Payment.objects.bulk_create(
        Payment(
            booking=booking,
            amount=9500,
            status="paid",
            expires_at=booking.start,
            paid_at=booking.start - timedelta(days=4),
            idempotency_key=f"scale-{booking.reference}",
        )
        for booking in bookings[::2]
    )
    Article.objects.bulk_create(
        Article(
            title=f"Scale {n}",
            slug=f"scale-{n}",
            summary="About trust.",
            body="Text.",
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(days=400, hours=n),
            author=world["practitioner"].user,
            category=world["category"],
        )
        for n in range(articles)
    )
    recordings = Recording.objects.bulk_create(
        Recording(
            client=person,
            public_id=f"scale{n}",
            file="recordings/scale.mp3",
            content_type="audio/mpeg",
            duration_seconds=1200,
            size_bytes=1_000_000,
        )
        for n, person in enumerate(people[:plans])
    )
    started = (now - timedelta(days=30)).date()
    listening = ListeningPlan.objects.bulk_create(
        ListeningPlan(recording=recording, starts_on=started, listen_at=time(8))
        for recording in recordings
    )
    ListeningDay.objects.bulk_create(
        ListeningDay(plan=plan, day=started + timedelta(days=d), seconds_played=1200)
        for plan in listening
        for d in range(20)
    )


def counts(captured) -> dict:
    return {page: len(queries) for page, queries in captured.items()}


def test_every_page_runs_the_same_queries_with_more_data(small_practice):
    small = counts(capture(small_practice))

    grow_with_orm(small_practice, clients=40, past=300, articles=40, plans=10)

    assert counts(capture(small_practice)) == small


@pytest.mark.long
@pytest.mark.postgresql
def test_at_fifty_times_the_data_every_page_keeps_its_queries_and_reads_indexes(small_practice):
    small = counts(capture(small_practice))
    started = datetime.now(UTC)

    grow_with_sql(
        small_practice,
        clients=10_000,
        past=243_000,
        future=2_000,
        gone=5_000,
        articles=1_000,
        logs=50_000,
    )
    seeding = datetime.now(UTC) - started
    captured = capture(small_practice)

    assert counts(captured) == small
    scans = [
        f"{who} {path} reads {table} sequentially: {query['sql'][:2000]}"
        for (who, path), queries in captured.items()
        for query in queries
        if query["sql"].lstrip().upper().startswith("SELECT")
        for table in sorted(seq_scans(explain(query["sql"])))
    ]
    assert not scans, "\n\n".join(scans)
    reads = [
        f"{who} {path} reads {rows} rows of {table}: {query['sql'][:2000]}"
        for (who, path), queries in captured.items()
        for query in queries
        if query["sql"].lstrip().upper().startswith("SELECT")
        for table, rows in sorted(rows_read(explain(query["sql"], analyze=True)).items())
        if rows > ROW_BUDGET
    ]
    assert not reads, "\n\n".join(reads)
    assert seeding < timedelta(seconds=60), seeding  # CI stays fast
