"""Drafts and scheduled articles never leak: not in any list, the feed, the sitemap, search,
related articles or the home page, and their URL is a 404 for everyone but staff."""

import feedparser
import pytest

pytestmark = pytest.mark.django_db

SECRET_WORDS = ["Secret draft", "Scheduled piece", "secret-draft", "scheduled-piece"]


@pytest.fixture
def visible(make_article, make_tag):
    return make_article(
        title="Visible piece about boundaries",
        slug="visible-piece",
        tags=[make_tag("Boundaries")],
    )


def assert_no_secrets(content: str):
    for word in SECRET_WORDS:
        assert word not in content


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/blog/",
        "/blog/category/understanding-trust/",
        "/blog/tag/boundaries/",
        "/blog/?q=boundaries",
        "/blog/visible-piece/",  # its related articles
        "/blog/feed/",
        "/sitemap.xml",
    ],
)
def test_unpublished_articles_appear_nowhere_readers_look(
    client, visible, draft_and_scheduled, path
):
    response = client.get(path)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Visible piece" in content or "visible-piece" in content
    assert_no_secrets(content)


def test_feed_items_are_only_the_published_articles(client, visible, draft_and_scheduled):
    feed = feedparser.parse(client.get("/blog/feed/").content)

    assert [entry.title for entry in feed.entries] == ["Visible piece about boundaries"]


@pytest.mark.parametrize("slug", ["secret-draft", "scheduled-piece"])
def test_unpublished_article_is_a_404_for_anonymous_readers(client, draft_and_scheduled, slug):
    response = client.get(f"/blog/{slug}/")

    assert response.status_code == 404
    content = response.content.decode()
    assert "Secret draft" not in content
    assert "Scheduled piece" not in content


@pytest.mark.parametrize("slug", ["secret-draft", "scheduled-piece"])
def test_unpublished_article_is_a_404_for_signed_in_clients(
    client, client_user, draft_and_scheduled, slug
):
    client.force_login(client_user)

    response = client.get(f"/blog/{slug}/")

    assert response.status_code == 404


def test_staff_see_a_draft_at_its_real_url_marked_as_a_preview(
    client, staff_user, draft_and_scheduled
):
    client.force_login(staff_user)

    response = client.get("/blog/secret-draft/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>Preview — not published.</strong>" in html
    assert "This is a draft." in html
    assert '<meta name="robots" content="noindex">' in html
    assert '<h1 id="article-title">Secret draft about boundaries</h1>' in html


def test_staff_see_a_scheduled_article_with_its_publication_time(
    client, staff_user, draft_and_scheduled
):
    client.force_login(staff_user)

    html = client.get("/blog/scheduled-piece/").content.decode()

    assert "<strong>Preview — not published.</strong>" in html
    assert "Scheduled to appear on" in html
    assert '<meta name="robots" content="noindex">' in html


def test_staff_preview_of_a_published_article_is_the_plain_page(client, staff_user, visible):
    client.force_login(staff_user)

    html = client.get(visible.get_absolute_url()).content.decode()

    assert "Preview" not in html
    assert 'name="robots"' not in html


def test_staff_lists_show_only_published_articles_too(client, staff_user, draft_and_scheduled):
    client.force_login(staff_user)

    assert_no_secrets(client.get("/blog/").content.decode())
    assert_no_secrets(client.get("/blog/feed/").content.decode())
