"""Query budgets: each blog page runs the same number of queries with 3 articles or 50, each
with many tags. Counted on a cold cache (the page cache's miss path, which is the costly one)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

# Every count starts with the same two: the practice's details (a cold cache; later requests
# find them cached) and, on a page-cache miss, when the next scheduled article goes live.
LIST_QUERIES = 4  # + count, the page of articles with their categories
TAXONOMY_QUERIES = 5  # + the category or tag, count, the page
# + article with category and author, its tags, its FAQ, related articles, the discovery call
ARTICLE_QUERIES = 7
FEED_QUERIES = 4  # + the items, their tags
# articles (count, page), categories (count, page), services, packages; on a page-cache miss,
# when the next scheduled article goes live
SITEMAP_QUERIES = 7


@pytest.fixture(params=[3, 50], ids=["3-articles", "50-articles"])
def many_articles(request, make_article, make_tag, make_category):
    tags = [make_tag(f"Tag {number}") for number in range(12)]
    categories = [make_category() for _ in range(3)]
    articles = [
        make_article(
            category=categories[number % 3],
            tags=tags[number % 6 : number % 6 + 6],
            faq=[(f"Question {n}?", "Answer.") for n in range(4)],
        )
        for number in range(request.param)
    ]
    return articles, tags, categories


def test_blog_list_runs_a_fixed_number_of_queries(client, many_articles, django_assert_num_queries):
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get("/blog/")
    assert response.status_code == 200


def test_search_runs_a_fixed_number_of_queries(client, many_articles, django_assert_num_queries):
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get("/blog/", {"q": "summary"})
    assert response.status_code == 200


def test_category_page_runs_a_fixed_number_of_queries(
    client, many_articles, django_assert_num_queries
):
    _articles, _tags, categories = many_articles
    with django_assert_num_queries(TAXONOMY_QUERIES):
        response = client.get(categories[0].get_absolute_url())
    assert response.status_code == 200


def test_tag_page_runs_a_fixed_number_of_queries(client, many_articles, django_assert_num_queries):
    _articles, tags, _categories = many_articles
    with django_assert_num_queries(TAXONOMY_QUERIES):
        response = client.get(tags[3].get_absolute_url())
    assert response.status_code == 200


def test_article_page_runs_a_fixed_number_of_queries(
    client, many_articles, django_assert_num_queries
):
    articles, _tags, _categories = many_articles
    with django_assert_num_queries(ARTICLE_QUERIES):
        response = client.get(articles[-1].get_absolute_url())
    assert response.status_code == 200
    related = response.content.decode().count('class="article-card"')
    assert related == min(3, len(articles) - 1)


def test_feed_runs_a_fixed_number_of_queries(client, many_articles, django_assert_num_queries):
    with django_assert_num_queries(FEED_QUERIES):
        assert client.get("/blog/feed/").status_code == 200


def test_sitemap_runs_a_fixed_number_of_queries(client, many_articles, django_assert_num_queries):
    with django_assert_num_queries(SITEMAP_QUERIES):
        assert client.get("/sitemap.xml").status_code == 200


def test_home_page_lists_articles_in_the_same_number_of_queries_for_3_or_50(client, make_article):
    # The home page also shows other apps' content, so this compares counts, not a budget.
    for _ in range(3):
        make_article()
    with CaptureQueriesContext(connection) as with_3:
        assert client.get("/").status_code == 200
    for _ in range(47):
        make_article()
    cache.clear()
    with CaptureQueriesContext(connection) as with_50:
        assert client.get("/").status_code == 200

    assert len(with_50) == len(with_3)
    # One query lists the cards (the page cache's look-up of the next scheduled publication
    # reads only published_at).
    listing = [q for q in with_50.captured_queries if '"blog_article"."title"' in q["sql"]]
    assert len(listing) == 1
