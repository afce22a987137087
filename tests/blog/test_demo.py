import io

import pytest
from django.utils import timezone

from blog import demo
from blog.models import Article, Category, FAQEntry, Tag
from practice.demo import read_document, read_toml

pytestmark = pytest.mark.django_db

ARTICLE_FILES = sorted(demo.ARTICLES.glob("*.md"))


def test_demo_seed_adds_the_original_articles_each_complete(demo_blog):
    articles = Article.objects.published().select_related("category", "author")

    assert articles.count() == len(ARTICLE_FILES) >= 4
    for article in articles:
        assert article.takeaway_items, article.slug
        assert article.faq_entries.exists(), article.slug
        assert article.tags.exists(), article.slug
        assert article.category
        assert article.author.email == "anna@quietharbour.example"
        assert len(article.table_of_contents) >= 3, article.slug
        assert not article.was_updated, article.slug


def test_demo_seed_loads_every_article_file_as_written(demo_blog):
    for path in ARTICLE_FILES:
        header, body = read_document(path)
        article = Article.objects.get(slug=header["slug"])

        assert (article.title, article.summary, article.body) == (
            header["title"],
            header["summary"],
            body,
        )
        assert article.category.slug == header["category"]
        assert sorted(article.tags.values_list("slug", flat=True)) == sorted(header["tags"])
        assert article.takeaway_items == header["takeaways"]
        assert [(entry.question, entry.answer) for entry in article.faq_entries.all()] == [
            (entry["question"], entry["answer"]) for entry in header["faq"]
        ]
        days_ago = (timezone.now() - article.published_at).days
        assert f"-{days_ago}d" == header["published"], path.name


def test_demo_seed_adds_the_categories_and_tags_of_blog_toml(demo_blog):
    names = read_toml(demo.DATA / "blog.toml")

    assert dict(Category.objects.values_list("slug", "name")) == names["categories"]
    assert dict(Tag.objects.values_list("slug", "name")) == names["tags"]


def test_demo_seed_is_idempotent(demo_blog):
    before = {a.slug: (a.published_at, a.updated_at) for a in Article.objects.all()}
    counts = (Category.objects.count(), Tag.objects.count(), FAQEntry.objects.count())

    demo.seed(now=timezone.now(), stdout=io.StringIO())

    after = {a.slug: (a.published_at, a.updated_at) for a in Article.objects.all()}
    assert after == before
    assert (Category.objects.count(), Tag.objects.count(), FAQEntry.objects.count()) == counts


def test_demo_seed_restores_an_edited_article(demo_blog):
    header, _body = read_document(ARTICLE_FILES[0])
    Article.objects.filter(slug=header["slug"]).update(title="Changed by hand")
    out = io.StringIO()

    demo.seed(now=timezone.now(), stdout=out)

    assert Article.objects.get(slug=header["slug"]).title == header["title"]
    assert "1 updated" in out.getvalue()
