"""Anonymous readers get blog pages from the cache; edits and publications show at once."""

import time
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from blog.models import Article

pytestmark = pytest.mark.django_db


def test_second_anonymous_request_is_served_from_the_cache(
    client, make_article, django_assert_num_queries
):
    article = make_article(title="Cached piece")
    first = client.get(article.get_absolute_url())

    with django_assert_num_queries(0):
        second = client.get(article.get_absolute_url())

    assert second.status_code == 200
    assert second.content == first.content


@pytest.mark.parametrize(
    "path",
    ["/blog/", "/blog/?q=cached", "/blog/category/understanding-trust/", "/blog/feed/"],
)
def test_every_public_blog_page_is_cached_for_anonymous_readers(
    client, make_article, django_assert_num_queries, path
):
    make_article(title="Cached piece")
    client.get(path)

    with django_assert_num_queries(0):
        assert "Cached piece" in client.get(path).content.decode()


def test_an_edit_in_the_admin_shows_at_once(client, make_article):
    article = make_article(title="Before the edit")
    assert "Before the edit" in client.get("/blog/").content.decode()

    article.title = "After the edit"
    article.save()

    html = client.get("/blog/").content.decode()
    assert "After the edit" in html
    assert "Before the edit" not in html


def test_adding_a_tag_to_an_article_shows_at_once(client, make_article, make_tag):
    article = make_article()
    client.get(article.get_absolute_url())

    article.tags.add(make_tag("Newly added"))

    assert "Newly added" in client.get(article.get_absolute_url()).content.decode()


def test_deleting_an_article_removes_it_at_once(client, make_article):
    article = make_article(title="Soon gone")
    client.get("/blog/")

    article.delete()

    assert "Soon gone" not in client.get("/blog/").content.decode()


def test_unpublishing_with_the_admin_action_shows_at_once(client, staff_user, make_article):
    # The action is a bulk UPDATE, which sends no signals: it must forget the pages itself.
    article = make_article()
    assert client.get(article.get_absolute_url()).status_code == 200
    practitioner = Client()
    practitioner.force_login(staff_user)

    practitioner.post(
        reverse("admin:blog_article_changelist"),
        {"action": "unpublish", "_selected_action": [article.pk]},
    )

    assert client.get(article.get_absolute_url()).status_code == 404


def test_scheduled_article_appears_when_its_time_comes_without_any_edit(
    client, make_article, django_assert_num_queries
):
    make_article(title="Already out")
    go_live = timezone.now() + timedelta(seconds=1.5)
    make_article(title="Scheduled soon", published_at=go_live)

    assert "Scheduled soon" not in client.get("/blog/").content.decode()
    with django_assert_num_queries(0):  # cached, but only until the publish date
        assert "Scheduled soon" not in client.get("/blog/").content.decode()

    time.sleep(max(0, (go_live - timezone.now()).total_seconds()) + 0.05)

    assert "Scheduled soon" in client.get("/blog/").content.decode()


def test_signed_in_people_never_get_the_anonymous_page(client, client_user, make_article):
    make_article()
    assert "Sign in" in client.get("/blog/").content.decode()

    client.force_login(client_user)

    html = client.get("/blog/").content.decode()
    assert "My account" in html


def test_staff_previews_are_never_cached(client, staff_user, make_article):
    make_article(slug="draft", status=Article.Status.DRAFT)
    client.force_login(staff_user)
    assert client.get("/blog/draft/").status_code == 200

    client.logout()

    assert client.get("/blog/draft/").status_code == 404


def test_not_found_pages_are_not_cached(client, make_article, django_assert_max_num_queries):
    client.get("/blog/no-such-article/")

    with django_assert_max_num_queries(10) as captured:
        client.get("/blog/no-such-article/")
    assert len(captured) > 0
