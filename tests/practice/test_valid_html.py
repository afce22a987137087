"""Valid HTML: the Nu HTML Checker in the suite, and the dates it first caught.

Every page the browser tests load is checked by the live-server harness in tests/conftest.py;
these tests prove the checker reports what it finds, and that pages with dates pass it.
"""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_the_html_checker_names_the_test_the_page_and_the_checkers_message(html_check):
    valid = b"<!DOCTYPE html><html lang=en><title>Fine</title><p>All well."
    invalid = (
        b"<!DOCTYPE html><html lang=en><title>Not fine</title>"
        b'<time datetime="2026-03-01T09:00:00.123456+00:00">1 March</time>'
    )

    errors = html_check([("test_one", "/fine/", valid), ("test_two", "/not-fine/", invalid)])

    assert len(errors) == 1
    assert errors[0].startswith("/not-fine/ line 1 (test_two): Bad value")
    assert "A fraction of a second must be one, two, or three digits" in errors[0]


def test_a_datetime_attribute_is_the_moment_in_utc_to_the_second():
    moment = datetime(2026, 7, 1, 10, 30, 15, 123456, tzinfo=UTC)
    in_london = moment.astimezone(ZoneInfo("Europe/London"))  # 11:30:15.123456+01:00

    html = Template("{% load practice_tags %}{{ moment|iso_datetime }}").render(
        Context({"moment": in_london})
    )

    assert html == "2026-07-01T10:30:15+00:00"


def test_blog_and_policy_pages_with_their_dates_are_valid_html(
    client, practice_details, staff_user, html_check
):
    from blog.models import Article, Category
    from clients.models import PolicyDocument, PolicyVersion
    from clients.policies import policy_version_publish

    # Saved moments carry microseconds, as every real one does.
    published = timezone.now().replace(microsecond=654321) - timedelta(days=3)
    category = Category.objects.create(name="Understanding trust", slug="understanding-trust")
    article = Article.objects.create(
        title="What trust means in therapy",
        slug="what-trust-means",
        summary="Why trust matters.",
        body="## Why\n\nBecause it does.",
        status=Article.Status.PUBLISHED,
        published_at=published,
        author=staff_user,
        category=category,
    )
    assert article.was_updated  # its "Updated" date is on the page too
    document = PolicyDocument.objects.create(kind="privacy")
    draft = PolicyVersion.objects.create(
        document=document, title="Privacy notice", summary="In short.", body="## About\n\nText."
    )
    policy_version_publish(version=draft, now=published)
    paths = [
        "/blog/",
        article.get_absolute_url(),
        category.get_absolute_url(),
        "/policies/privacy/",
    ]

    pages = []
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200
        assert b"<time datetime=" in response.content
        pages.append(("test_blog_and_policy_pages", path, response.content))

    assert html_check(pages) == []
