"""Crawlers and feed readers poll the sitemap and the feed: anonymous GETs come from the page
cache, every change to what they list shows at once, and a scheduled article appears on time."""

import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from blog.models import Article

pytestmark = pytest.mark.django_db

PAGES = ["/sitemap.xml", "/blog/feed/"]


@pytest.mark.parametrize("path", PAGES)
def test_second_anonymous_get_is_served_from_the_cache(
    client, make_article, django_assert_num_queries, path
):
    make_article(title="Polled piece")
    first = client.get(path)

    with django_assert_num_queries(0):
        second = client.get(path)

    assert second.status_code == 200
    assert second.content == first.content


@pytest.mark.parametrize("path", PAGES)
def test_the_cached_copy_is_kept_in_one_piece(client, make_article, path):
    # The feed writes each XML element into its response; a cached copy holding hundreds of
    # pieces is sent with hundreds of socket writes on every hit.
    make_article()
    client.get(path)

    cached = client.get(path)

    assert len(list(cached)) == 1


def test_publishing_a_draft_adds_it_to_the_sitemap_and_the_feed_at_once(client, make_article):
    draft = make_article(slug="once-a-draft", title="Once a draft", status=Article.Status.DRAFT)
    assert "once-a-draft" not in client.get("/sitemap.xml").content.decode()
    assert "Once a draft" not in client.get("/blog/feed/").content.decode()

    draft.status = Article.Status.PUBLISHED
    draft.save()

    assert "once-a-draft" in client.get("/sitemap.xml").content.decode()
    assert "Once a draft" in client.get("/blog/feed/").content.decode()


def test_an_article_edit_changes_the_cached_sitemap(client, make_article):
    article = make_article(slug="first-address")
    client.get("/sitemap.xml")

    article.slug = "second-address"
    article.save()

    body = client.get("/sitemap.xml").content.decode()
    assert "/blog/second-address/" in body
    assert "/blog/first-address/" not in body


def test_a_service_or_package_taken_off_the_site_leaves_the_cached_sitemap(client, service):
    from packages.models import Package

    package = Package.objects.create(name="Bundle", slug="bundle", price_amount=10000)
    body = client.get("/sitemap.xml").content.decode()
    assert f"/services/{service.slug}/" in body
    assert package.get_absolute_url() in body

    service.active = False
    service.save()
    package.active = False
    package.save()

    body = client.get("/sitemap.xml").content.decode()
    assert f"/services/{service.slug}/" not in body
    assert package.get_absolute_url() not in body


def test_scheduled_article_enters_the_sitemap_and_feed_when_its_time_comes(
    client, make_article, django_assert_num_queries
):
    make_article(title="Already out")
    go_live = timezone.now() + timedelta(seconds=1.5)
    make_article(title="Scheduled soon", slug="scheduled-soon", published_at=go_live)
    assert "scheduled-soon" not in client.get("/sitemap.xml").content.decode()
    assert "Scheduled soon" not in client.get("/blog/feed/").content.decode()
    with django_assert_num_queries(0):  # cached, but only until the publish date
        client.get("/sitemap.xml")
        client.get("/blog/feed/")

    time.sleep(max(0, (go_live - timezone.now()).total_seconds()) + 0.05)

    assert "scheduled-soon" in client.get("/sitemap.xml").content.decode()
    assert "Scheduled soon" in client.get("/blog/feed/").content.decode()


def test_signed_in_staff_get_the_sitemap_rendered_not_cached(client, staff_user, make_article):
    make_article()
    client.get("/sitemap.xml")
    client.force_login(staff_user)

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/sitemap.xml").status_code == 200

    assert any("blog_article" in q["sql"] for q in queries.captured_queries)


def _cold_queries(client, path) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize("path", PAGES)
def test_a_cold_render_runs_the_same_queries_for_10_or_300_articles(client, make_article, path):
    for _ in range(10):
        make_article()
    with_10 = _cold_queries(client, path)
    Article.objects.bulk_create(
        Article(
            title=f"Bulk {n}",
            slug=f"bulk-{n}",
            summary="Bulk.",
            body="Body.",
            status=Article.Status.PUBLISHED,
            published_at=timezone.now() - timedelta(days=2, minutes=n),
            author_id=Article.objects.values_list("author_id", flat=True).first(),
            category_id=Article.objects.values_list("category_id", flat=True).first(),
        )
        for n in range(290)
    )

    assert _cold_queries(client, path) == with_10
