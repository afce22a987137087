"""Search runs on both databases: full-text with ranking on PostgreSQL, a plain word match on
SQLite. The shared tests hold for both; each database also has a test of its own."""

import re

import pytest

from blog.models import Article

pytestmark = pytest.mark.django_db

# Each runs in the test pass on its own database (CI runs both; see tests/conftest.py).
on_postgresql = pytest.mark.postgresql
on_sqlite = pytest.mark.sqlite


def found(client, query):
    html = client.get("/blog/", {"q": query}).content.decode()
    return re.findall(r'class="article-card-title"[^>]*><a href="[^"]+">([^<]+)</a>', html)


@pytest.fixture
def library(make_article):
    make_article(
        title="Confidentiality and its limits",
        summary="What stays in the room.",
        body="A plain body.",
    )
    make_article(
        title="A first session",
        summary="What happens when we meet.",
        body="We talk about confidentiality early on, and about boundaries.",
    )
    make_article(
        title="Sleep and rest",
        summary="Nothing about privacy.",
        body="Rest matters for recovery.",
    )


def test_search_finds_words_in_titles_summaries_and_bodies(client, library):
    assert found(client, "room") == ["Confidentiality and its limits"]
    assert found(client, "boundaries") == ["A first session"]
    assert found(client, "recovery") == ["Sleep and rest"]


def test_search_ranks_a_title_match_above_a_body_match(client, library):
    assert found(client, "confidentiality") == ["Confidentiality and its limits", "A first session"]


def test_search_needs_every_word(client, library):
    assert found(client, "confidentiality boundaries") == ["A first session"]


def test_search_ignores_case(client, library):
    assert found(client, "SLEEP") == ["Sleep and rest"]


def test_search_with_no_match_says_so_kindly(client, library):
    html = client.get("/blog/", {"q": "zebra"}).content.decode()

    assert "0 articles found." in html
    assert "No articles match those words." in html


def test_search_results_page_is_titled_noindexed_and_keeps_the_words(client, library):
    html = client.get("/blog/", {"q": "room"}).content.decode()

    assert "<h1>Search results for “room”</h1>" in html
    assert "1 article found." in html
    assert 'name="q" value="room"' in html
    assert '<meta name="robots" content="noindex">' in html


def test_search_paginates_and_keeps_the_words_in_page_links(client, make_article):
    for number in range(12):
        make_article(title=f"Trust, part {number}")

    html = client.get("/blog/", {"q": "trust"}).content.decode()

    assert 'href="/blog/?q=trust&amp;page=2"' in html


def test_empty_search_lists_everything(client, library):
    assert len(found(client, "   ")) == 3


@on_postgresql
def test_postgresql_search_matches_other_forms_of_a_word(client, library):
    # English stemming: "boundary" finds "boundaries", "talking" finds "talk".
    assert found(client, "boundary") == ["A first session"]
    assert found(client, "talking") == ["A first session"]


@on_postgresql
def test_postgresql_ranks_summary_matches_above_body_matches(client, make_article):
    make_article(title="One", summary="Nothing here.", body="Honesty, honesty and honesty.")
    make_article(title="Two", summary="On honesty.", body="Nothing here.")

    assert found(client, "honesty") == ["Two", "One"]


@on_postgresql
def test_postgresql_search_accepts_web_search_syntax(client, library):
    assert found(client, "confidentiality -boundaries") == ["Confidentiality and its limits"]
    assert found(client, '"stays in the room"') == ["Confidentiality and its limits"]


@on_sqlite
def test_sqlite_fallback_matches_parts_of_words(client, library):
    assert found(client, "confiden") == ["Confidentiality and its limits", "A first session"]


def test_search_queryset_only_ever_searches_what_it_is_given(library, make_article):
    make_article(title="Confidential draft", status=Article.Status.DRAFT)

    results = Article.objects.published().search("confidential")

    assert "Confidential draft" not in [article.title for article in results]
