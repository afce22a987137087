from datetime import datetime

import pytest

pytestmark = pytest.mark.django_db

SITE = "https://quietharbour.example"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def by_type(blocks):
    return {block["@type"]: block for block in blocks}


def test_article_has_a_blog_posting_with_the_required_fields(
    client, make_article, make_tag, json_ld, practice_details
):
    article = make_article(
        title="How trust grows",
        summary="A summary.",
        seo_description="What search engines show.",
        tags=[make_tag("Boundaries")],
    )
    url = f"{SITE}{article.get_absolute_url()}"

    blocks = by_type(json_ld(client.get(article.get_absolute_url()).content.decode()))

    posting = blocks["BlogPosting"]
    assert posting["@context"] == "https://schema.org"
    assert posting["headline"] == "How trust grows"
    assert posting["description"] == "What search engines show."
    assert datetime.fromisoformat(posting["datePublished"]) == article.published_at.replace(
        microsecond=0
    )
    assert datetime.fromisoformat(posting["dateModified"]) >= datetime.fromisoformat(
        posting["datePublished"]
    )
    assert posting["author"] == {
        "@type": "Person",
        "name": "Anna Whitfield",
        "url": f"{SITE}/about/",
    }
    assert posting["publisher"]["@type"] == "Organization"
    assert posting["publisher"]["name"] == "Quiet Harbour Therapy"
    assert posting["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert posting["url"] == url
    assert posting["keywords"] == ["Boundaries"]
    assert posting["wordCount"] == article.word_count
    assert posting["timeRequired"] == f"PT{article.reading_minutes}M"
    assert "image" not in posting


def test_blog_posting_names_the_cover_image_when_there_is_one(
    client, make_article, make_image, json_ld
):
    article = make_article(cover_image=make_image(1200, 630), cover_alt="A harbour")

    blocks = by_type(json_ld(client.get(article.get_absolute_url()).content.decode()))

    assert blocks["BlogPosting"]["image"] == {
        "@type": "ImageObject",
        "url": f"{SITE}{article.cover_image.url}",
        "width": 1200,
        "height": 630,
    }


def test_article_with_faq_entries_has_an_faq_page_in_their_order(client, make_article, json_ld):
    article = make_article(
        faq=[("First question?", "First answer."), ("Second question?", "Second answer.")]
    )

    blocks = by_type(json_ld(client.get(article.get_absolute_url()).content.decode()))

    assert blocks["FAQPage"]["mainEntity"] == [
        {
            "@type": "Question",
            "name": "First question?",
            "acceptedAnswer": {"@type": "Answer", "text": "First answer."},
        },
        {
            "@type": "Question",
            "name": "Second question?",
            "acceptedAnswer": {"@type": "Answer", "text": "Second answer."},
        },
    ]


def test_article_without_faq_entries_has_no_faq_page(client, make_article, json_ld):
    article = make_article()

    blocks = by_type(json_ld(client.get(article.get_absolute_url()).content.decode()))

    assert set(blocks) == {"BlogPosting", "BreadcrumbList"}


def test_breadcrumb_list_matches_the_visible_breadcrumbs(client, make_article, json_ld):
    article = make_article(title="Where am I")

    blocks = by_type(json_ld(client.get(article.get_absolute_url()).content.decode()))

    assert blocks["BreadcrumbList"]["itemListElement"] == [
        {"@type": "ListItem", "position": 1, "name": "Home", "item": f"{SITE}/"},
        {"@type": "ListItem", "position": 2, "name": "Blog", "item": f"{SITE}/blog/"},
        {
            "@type": "ListItem",
            "position": 3,
            "name": "Understanding trust",
            "item": f"{SITE}/blog/category/understanding-trust/",
        },
        {
            "@type": "ListItem",
            "position": 4,
            "name": "Where am I",
            "item": f"{SITE}{article.get_absolute_url()}",
        },
    ]


@pytest.mark.parametrize("path", ["/blog/", "/blog/category/understanding-trust/"])
def test_list_pages_carry_a_breadcrumb_list(client, make_article, json_ld, path):
    make_article()

    blocks = by_type(json_ld(client.get(path).content.decode()))

    assert blocks["BreadcrumbList"]["itemListElement"][0]["name"] == "Home"


def test_text_that_looks_like_html_cannot_break_out_of_the_json_ld_block(
    client, make_article, json_ld
):
    hostile = "Trust </script><script>alert('x')</script> & <!-- more"
    article = make_article(title=hostile, faq=[(hostile, hostile)])

    html = client.get(article.get_absolute_url()).content.decode()

    assert "</script><script>alert" not in html
    blocks = by_type(json_ld(html))
    assert blocks["BlogPosting"]["headline"] == hostile
    assert blocks["FAQPage"]["mainEntity"][0]["name"] == hostile
