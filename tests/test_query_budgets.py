"""Every public page and /my/ run the same number of queries however much data there is.

Each page is measured on a first (uncached) request with a little data, then again after a lot
more: articles, tags, services' bookings, other clients, the client's own past bookings with
payments and refunds. The counts must be equal.
"""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/about/",
    "/services/",
    "/services/hypnotherapy/",
    "/book/",
    "/book/hypnotherapy/",
    "/blog/",
    "/blog/{article}/",
    "/blog/category/trust/",
    "/policies/privacy/",
    "/sitemap.xml",
    "/blog/feed/",
]


@pytest.fixture
def practitioner(make_practitioner, staff_user):
    return make_practitioner(user=staff_user, display_name="Anna")


@pytest.fixture
def world(practice_details, staff_user, client_user, practitioner, make_service, publish):
    from blog.models import Article, Category, Tag

    service = make_service(
        name="Hypnotherapy session",
        summary="One hour.",
        price_amount=9500,
        min_notice_hours=0,
        horizon_days=60,
    )
    publish(
        "privacy",
        title="Privacy",
        summary="Short.",
        body="## Data\n\nText.",
        at=timezone.now() - timedelta(days=1),
    )
    category = Category.objects.create(name="Trust", slug="trust")
    tags = [Tag.objects.create(name=f"Tag {n}", slug=f"tag-{n}") for n in range(12)]

    def add_articles(count, offset):
        for n in range(offset, offset + count):
            article = Article.objects.create(
                title=f"Article {n}",
                slug=f"article-{n}",
                summary="About trust.",
                body="## One\n\nText.\n\n## Two\n\nMore.\n\n## Three\n\nEnd.",
                author=staff_user,
                category=category,
                status=Article.Status.PUBLISHED,
                published_at=timezone.now() - timedelta(days=n + 1),
            )
            article.tags.set(tags[n % 6 : n % 6 + 6])

    return {
        "practitioner": practitioner,
        "service": service,
        "client": client_user,
        "add_articles": add_articles,
    }


def add_bookings(world, make_user, *, clients, per_client):
    """Past sessions, each cancelled in time, its payment refunded."""
    from tests.factories import BookingFactory, PaymentFactory, RefundFactory

    service, practitioner = world["service"], world["practitioner"]
    start = datetime(2026, 1, 5, 9, tzinfo=UTC)
    people = [world["client"]] + [make_user() for _ in range(clients)]
    for person in people:
        for _ in range(per_client):
            start += timedelta(hours=2)
            booking = BookingFactory(
                client=person,
                practitioner=practitioner,
                service=service,
                start=start,
                status="cancelled",
                cancelled_at=start - timedelta(days=3),
                refund_amount=9500,
            )
            payment = PaymentFactory(
                booking=booking,
                status="refunded",
                amount_refunded=9500,
                now=start - timedelta(days=5),
            )
            RefundFactory(
                payment=payment,
                status="succeeded",
                idempotency_key=f"refund-{booking.reference}-{payment.pk}",
            )


def count_queries(client, path) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


def test_public_pages_run_the_same_queries_with_3_or_40_articles_and_many_bookings(
    client, world, make_user
):
    world["add_articles"](3, 0)
    add_bookings(world, make_user, clients=1, per_client=2)
    paths = [path.format(article="article-0") for path in PUBLIC_PAGES]
    small = {path: count_queries(client, path) for path in paths}

    world["add_articles"](37, 3)
    add_bookings(world, make_user, clients=20, per_client=10)
    large = {path: count_queries(client, path) for path in paths}

    assert large == small


def test_my_page_runs_the_same_queries_with_2_or_60_bookings_and_refunds(client, world, make_user):
    client.force_login(world["client"])
    add_bookings(world, make_user, clients=0, per_client=2)
    small = count_queries(client, "/my/")

    add_bookings(world, make_user, clients=0, per_client=58)
    large = count_queries(client, "/my/")

    assert large == small


def test_my_page_kept_whole_runs_no_query_whatever_her_bookings(
    client, world, make_user, mid_minute
):
    """Her page kept whole is served without even her user's row (practice/her_pages.py)."""
    client.force_login(world["client"])
    add_bookings(world, make_user, clients=0, per_client=30)
    client.get("/my/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/my/").status_code == 200
    assert len(queries) == 0


def test_consents_and_profile_pages_run_the_same_queries_with_1_or_30_consents(
    client, world, publish
):
    from clients.consent import consent_record_create, consent_withdraw, current_versions

    client.force_login(world["client"])

    def accept_again():
        consent_withdraw(user=world["client"], now=timezone.now())
        consent_record_create(
            user=world["client"],
            versions=current_versions(now=timezone.now()),
            ip=None,
            user_agent="",
            now=timezone.now(),
        )

    publish("consent", at=timezone.now() - timedelta(days=1))
    accept_again()
    paths = ["/my/consents/", "/my/profile/"]
    small = {path: count_queries(client, path) for path in paths}
    for _ in range(29):
        accept_again()
    large = {path: count_queries(client, path) for path in paths}

    assert large == small


def test_a_booking_page_runs_the_same_queries_with_2_or_60_bookings_and_none_kept_whole(
    client, world, make_user, mid_minute
):
    """Uncached, the same count however many bookings, payments and refunds she and others
    have; kept whole, none (not even her user's row)."""
    from tests.factories import BookingFactory, PaymentFactory

    booking = BookingFactory(
        client=world["client"], practitioner=world["practitioner"], service=world["service"]
    )
    PaymentFactory(booking=booking, status="paid")
    path = booking.get_absolute_url()
    client.force_login(world["client"])
    add_bookings(world, make_user, clients=1, per_client=2)
    small = count_queries(client, path)

    add_bookings(world, make_user, clients=10, per_client=58)
    large = count_queries(client, path)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200

    assert large == small
    assert len(queries) == 0


def test_her_recording_page_runs_the_same_queries_with_3_or_60_days_and_none_kept_whole(
    client, world, mid_minute
):
    """Uncached, the same count however many days she listened; kept whole, none."""
    from tests.aftercare.plan_fixtures import listened_on, plan_make, recording_make

    recording = recording_make(client=world["client"], acknowledged_at=timezone.now())
    today = timezone.now().date()
    plan = plan_make(recording, starts_on=today - timedelta(days=59), days=60, time_zone="UTC")
    path = f"/my/recordings/{recording.public_id}/"
    client.force_login(world["client"])
    listened_on(plan, *(today - timedelta(days=n) for n in range(3)))
    small = count_queries(client, path)

    listened_on(plan, *(today - timedelta(days=n) for n in range(3, 60)))
    large = count_queries(client, path)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200

    assert large == small
    assert len(queries) == 0


def test_her_details_page_kept_whole_runs_no_query(client, world, mid_minute):
    """Not even her user's row with the profile the form edits."""
    client.force_login(world["client"])
    client.get("/my/profile/")

    with CaptureQueriesContext(connection) as queries:
        page = client.get("/my/profile/")

    assert page.status_code == 200
    assert len(queries) == 0


def test_her_consents_page_kept_whole_runs_no_query(client, world, publish):
    """What she has still to accept is worked out only when the page is built; kept whole, it
    needs not even her user's row."""
    publish("consent", at=timezone.now() - timedelta(days=1))
    client.force_login(world["client"])
    client.get("/my/consents/")

    with CaptureQueriesContext(connection) as queries:
        page = client.get("/my/consents/")

    assert page.status_code == 200
    assert "Consent to treatment" in page.content.decode()
    assert len(queries) == 0


def test_the_dashboard_from_its_cached_parts_runs_two_queries_whatever_the_plans(
    client, world, make_user
):
    """Her session's user and her practitioner row (her zone, and whose desk it is): her
    calendars' line, the sessions, the figures, the set-up and the listening plans with their
    check-in answers come from the cache."""
    from aftercare.models import CheckIn
    from tests.aftercare.plan_fixtures import listened_on, plan_make, recording_make

    now = timezone.now()
    for number in range(6):
        recording = recording_make(client=make_user(f"listener{number}@example.com"))
        plan = plan_make(recording, starts_on=now.date() - timedelta(days=3), time_zone="UTC")
        listened_on(plan, *(plan.starts_on + timedelta(days=n) for n in range(3)))
        CheckIn.objects.create(
            plan=plan, day_number=2, sent_at=now, answer={"feeling": 4}, answered_at=now
        )
    client.force_login(world["practitioner"].user)
    client.get("/admin/")

    with CaptureQueriesContext(connection) as queries:
        page = client.get("/admin/")

    assert page.status_code == 200
    assert page.content.decode().count("<strong>Good</strong>") == 6
    assert len(queries) == 2
