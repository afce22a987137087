import xml.etree.ElementTree as ET
from datetime import UTC, timedelta

import feedparser
import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db

SITE = "https://quietharbour.example"
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def test_feed_lists_published_articles_newest_first_with_absolute_links(
    client, make_article, make_tag
):
    older = make_article(title="Older", published_at=timezone.now() - timedelta(days=3))
    newer = make_article(
        title="Newer",
        summary="What the newer one says.",
        published_at=timezone.now() - timedelta(days=1),
        tags=[make_tag("Boundaries")],
    )

    response = client.get("/blog/feed/")

    assert response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    assert feed.feed.title == "Quiet Harbour Therapy: articles"
    assert feed.feed.link == f"{SITE}/blog/"
    assert [entry.title for entry in feed.entries] == ["Newer", "Older"]
    first = feed.entries[0]
    assert first.link == f"{SITE}{newer.get_absolute_url()}"
    assert first.summary == "What the newer one says."
    assert first.published_parsed[:5] == newer.published_at.utctimetuple()[:5]
    assert {tag.term for tag in first.tags} == {"Understanding trust", "Boundaries"}
    assert feed.entries[1].link == f"{SITE}{older.get_absolute_url()}"


def test_feed_holds_the_twenty_newest(client, make_article):
    for _ in range(25):
        make_article()

    feed = feedparser.parse(client.get("/blog/feed/").content)

    assert len(feed.entries) == 20
    assert feed.entries[0].title == "Article number 1"


def sitemap_entries(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)  # noqa: S314 (our own response)
    return {
        url.findtext("sm:loc", namespaces=SITEMAP_NS): url.findtext(
            "sm:lastmod", namespaces=SITEMAP_NS
        )
        for url in root.findall("sm:url", SITEMAP_NS)
    }


def test_sitemap_lists_pages_articles_and_categories_at_the_site_url(
    client, make_article, make_category
):
    article = make_article(published_at=timezone.now() - timedelta(days=10))
    make_category("Empty so far")

    entries = sitemap_entries(client)

    assert all(location.startswith(f"{SITE}/") for location in entries)
    assert {f"{SITE}/", f"{SITE}/about/", f"{SITE}/blog/", f"{SITE}/services/"} <= set(entries)
    assert entries[f"{SITE}{article.get_absolute_url()}"] == (
        timezone.localdate(article.modified_at, UTC).isoformat()
    )
    assert f"{SITE}/blog/category/understanding-trust/" in entries
    assert f"{SITE}/blog/category/empty-so-far/" not in entries


def test_sitemap_leaves_out_drafts_scheduled_and_categories_with_only_those(
    client, make_article, make_category
):
    from blog.models import Article

    hidden = make_category("Not yet")
    make_article(slug="a-draft", status=Article.Status.DRAFT, category=hidden)
    make_article(
        slug="a-scheduled", published_at=timezone.now() + timedelta(days=1), category=hidden
    )

    entries = sitemap_entries(client)

    assert not any("a-draft" in location or "a-scheduled" in location for location in entries)
    assert f"{SITE}/blog/category/not-yet/" not in entries


def test_robots_txt_names_the_sitemap_that_exists(client):
    robots = client.get("/robots.txt").content.decode()

    assert f"Sitemap: {SITE}/sitemap.xml" in robots
    assert client.get("/sitemap.xml").status_code == 200
