"""Blog fixtures: categories, tags and articles made through the real models."""

import io
import json
import os
import re
from datetime import timedelta

import pytest
from django.utils import timezone

LONG_BODY = """An opening paragraph that sets the scene for the reader.

## Why it matters

Some words about why it matters, with a [link to the about page](/about/).

## What to expect

### In the first session

A short description of the first session.

## Next steps

A closing paragraph.
"""


@pytest.fixture
def make_category(db):
    from blog.models import Category

    counter = iter(range(1, 10_000))

    def make(name=None, **fields):
        number = next(counter)
        name = name or f"Category {number}"
        fields.setdefault("slug", re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-"))
        return Category.objects.create(name=name, **fields)

    return make


@pytest.fixture
def category(make_category):
    return make_category("Understanding trust", slug="understanding-trust")


@pytest.fixture
def make_tag(db):
    from blog.models import Tag

    def make(name, **fields):
        fields.setdefault("slug", re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-"))
        return Tag.objects.get_or_create(name=name, defaults=fields)[0]

    return make


@pytest.fixture
def make_article(db, staff_user, category):
    """An article, published yesterday unless told otherwise; tags and FAQ by name."""
    from blog.models import Article, FAQEntry

    counter = iter(range(1, 10_000))

    def make(*, title=None, tags=(), faq=(), **fields):
        number = next(counter)
        title = title or f"Article number {number}"
        fields.setdefault("slug", f"article-{number}")
        fields.setdefault("summary", f"The summary of {title.lower()}.")
        fields.setdefault("body", LONG_BODY)
        fields.setdefault("status", Article.Status.PUBLISHED)
        fields.setdefault("published_at", timezone.now() - timedelta(days=1, minutes=number))
        fields.setdefault("author", staff_user)
        fields.setdefault("category", category)
        article = Article.objects.create(title=title, **fields)
        if tags:
            article.tags.set(tags)
        for order, (question, answer) in enumerate(faq, start=1):
            FAQEntry.objects.create(article=article, question=question, answer=answer, order=order)
        return article

    return make


@pytest.fixture
def draft_and_scheduled(make_article, make_tag):
    """Two articles readers must never see, sharing a tag with what they can see."""
    from blog.models import Article

    shared = make_tag("Boundaries")
    draft = make_article(
        title="Secret draft about boundaries",
        slug="secret-draft",
        status=Article.Status.DRAFT,
        tags=[shared],
    )
    scheduled = make_article(
        title="Scheduled piece about boundaries",
        slug="scheduled-piece",
        published_at=timezone.now() + timedelta(days=3),
        tags=[shared],
    )
    return draft, scheduled


@pytest.fixture
def demo_blog(db):
    """The demo practice and its articles, seeded the way `manage.py seed_demo` does."""
    from blog import demo as blog_demo
    from practice import demo as practice_demo

    now = timezone.now()
    practice_demo.seed(now=now, stdout=io.StringIO())
    blog_demo.seed(now=now, stdout=io.StringIO())


@pytest.fixture
def make_image():
    """An uploaded image file: plain JPEG, or (noise=True) an incompressible PNG."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    def make(width, height, *, name="cover.jpg", noise=False):
        buffer = io.BytesIO()
        if noise:
            image = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
            image.save(buffer, format="PNG")
            return SimpleUploadedFile(
                name.replace(".jpg", ".png"), buffer.getvalue(), content_type="image/png"
            )
        Image.new("RGB", (width, height), (40, 90, 100)).save(buffer, format="JPEG")
        return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")

    return make


@pytest.fixture
def json_ld():
    """Every JSON-LD block of a page, parsed."""

    def parse(html: str) -> list[dict]:
        blocks = re.findall(
            r'<script type="application/ld\+json">(.*?)</script>', html, flags=re.DOTALL
        )
        return [json.loads(block) for block in blocks]

    return parse
