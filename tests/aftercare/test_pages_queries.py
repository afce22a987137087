"""Her recording's page, /my/ and the practitioner's dashboard run the same number of queries
however many recordings, days listened, check-ins and running plans there are."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from aftercare.models import CheckIn
from tests.aftercare.plan_fixtures import listened_on, plan_make, recording_make

pytestmark = pytest.mark.django_db


def count_queries(client, path) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


def add_plans(*, client, count, now, days_listened):
    """`count` acknowledged recordings of `client`, each with a running plan, days listened
    and both check-ins sent and answered."""
    recordings = []
    for _ in range(count):
        recording = recording_make(client=client, acknowledged_at=now)
        plan = plan_make(recording, starts_on=now.date() - timedelta(days=days_listened))
        listened_on(plan, *(plan.starts_on + timedelta(days=n) for n in range(days_listened)))
        for day in (2, 14):
            CheckIn.objects.create(
                plan=plan, day_number=day, sent_at=now, answer={"feeling": 4}, answered_at=now
            )
        recordings.append(recording)
    return recordings


def test_her_pages_run_the_same_queries_with_1_or_8_recordings(client, client_user, now):
    client.force_login(client_user)
    [first] = add_plans(client=client_user, count=1, now=now, days_listened=3)
    page = reverse("aftercare:recording", args=[first.public_id])
    small = {path: count_queries(client, path) for path in ("/my/", page)}

    add_plans(client=client_user, count=7, now=now, days_listened=15)
    listened_on(first.plan, *(now.date() - timedelta(days=n) for n in range(4, 16)))
    large = {path: count_queries(client, path) for path in ("/my/", page)}

    assert large == small


def test_the_dashboard_runs_the_same_queries_with_1_or_12_running_plans(admin, make_user, now):
    add_plans(client=make_user(), count=1, now=now, days_listened=2)
    small = count_queries(admin, reverse("admin:index"))

    for _ in range(11):
        add_plans(client=make_user(), count=1, now=now, days_listened=10)
    large = count_queries(admin, reverse("admin:index"))

    assert large == small
