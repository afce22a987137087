import io

import pytest
from django.utils import timezone

from blog import demo, demo_content
from blog.models import Article, Category, FAQEntry, Tag

pytestmark = pytest.mark.django_db


def test_demo_seed_adds_the_original_articles_each_complete(demo_blog):
    articles = Article.objects.published().select_related("category", "author")

    assert articles.count() == len(demo_content.ARTICLES) >= 4
    for article in articles:
        assert article.takeaway_items, article.slug
        assert article.faq_entries.exists(), article.slug
        assert article.tags.exists(), article.slug
        assert article.category
        assert article.author.email == "anna@quietharbour.example"
        assert len(article.table_of_contents) >= 3, article.slug
        assert not article.was_updated, article.slug


def test_demo_seed_is_idempotent(demo_blog):
    before = {a.slug: (a.published_at, a.updated_at) for a in Article.objects.all()}
    counts = (Category.objects.count(), Tag.objects.count(), FAQEntry.objects.count())

    demo.seed(now=timezone.now(), stdout=io.StringIO())

    after = {a.slug: (a.published_at, a.updated_at) for a in Article.objects.all()}
    assert after == before
    assert (Category.objects.count(), Tag.objects.count(), FAQEntry.objects.count()) == counts


def test_demo_seed_restores_an_edited_article(demo_blog):
    first = demo_content.ARTICLES[0]
    Article.objects.filter(slug=first["slug"]).update(title="Changed by hand")
    out = io.StringIO()

    demo.seed(now=timezone.now(), stdout=out)

    assert Article.objects.get(slug=first["slug"]).title == first["title"]
    assert "1 updated" in out.getvalue()
