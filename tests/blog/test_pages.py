import re
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db

SITE = "https://quietharbour.example"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def meta(html, attribute, name):
    match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', html)
    return match.group(1) if match else None


def article_titles(html):
    return re.findall(r'class="article-card-title"[^>]*><a href="[^"]+">([^<]+)</a>', html)


def test_blog_lists_published_articles_newest_first(client, make_article):
    make_article(title="Older", published_at=timezone.now() - timedelta(days=5))
    make_article(title="Newest", published_at=timezone.now() - timedelta(hours=1))
    make_article(title="Middle", published_at=timezone.now() - timedelta(days=2))

    response = client.get("/blog/")

    assert response.status_code == 200
    assert article_titles(response.content.decode()) == ["Newest", "Middle", "Older"]


def test_blog_pages_ten_articles_at_a_time_with_accessible_pagination(client, make_article):
    for _ in range(23):
        make_article()

    first = client.get("/blog/").content.decode()
    third = client.get("/blog/?page=3").content.decode()

    assert len(article_titles(first)) == 10
    assert len(article_titles(third)) == 3
    assert '<nav class="blog-pagination" aria-label="Pages of articles">' in first
    assert '<link rel="next" href="/blog/?page=2">' in first
    assert 'rel="prev"' not in first
    assert '<link rel="prev" href="/blog/?page=2">' in third
    assert 'href="/blog/?page=3" aria-current="page"' in third
    assert f'<link rel="canonical" href="{SITE}/blog/?page=3">' in third
    assert client.get("/blog/?page=4").status_code == 404


def test_article_page_shows_everything_a_reader_needs(client, make_article, make_tag):
    tag = make_tag("Confidentiality")
    article = make_article(
        title="How trust grows",
        takeaways="Trust is built.\nYou may test it.",
        tags=[tag],
        faq=[("Do I have to tell everything?", "No.\n\nYou decide what to share.")],
        published_at=timezone.now() - timedelta(days=30),
    )

    response = client.get(article.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 id="article-title">How trust grows</h1>' in html
    assert f'<time datetime="{article.published_at:%Y-%m-%dT%H:%M}' in html
    assert "Updated <time" in html  # edited (created) today, published a month ago
    assert f"{article.reading_minutes} min read" in html
    assert '<nav class="toc" aria-labelledby="article-toc-heading">' in html
    assert '<a href="#why-it-matters">Why it matters</a>' in html
    assert '<a href="#in-the-first-session">In the first session</a>' in html
    assert '<h2 id="why-it-matters">Why it matters</h2>' in html
    assert "<li>Trust is built.</li>" in html
    assert "<summary>Do I have to tell everything?</summary>" in html
    assert "<p>You decide what to share.</p>" in html
    assert f'href="{tag.get_absolute_url()}">Confidentiality</a>' in html
    assert 'href="/book/discovery-call/">Book a free discovery call</a>' in html
    assert "Preview" not in html


def test_article_without_extras_leaves_out_their_boxes(client, make_article):
    article = make_article(body="Just one paragraph.")

    html = client.get(article.get_absolute_url()).content.decode()

    assert 'class="toc"' not in html
    assert 'class="takeaways"' not in html
    assert 'class="faq"' not in html
    assert "Updated <time" not in html or article.was_updated


def test_category_page_lists_only_that_categorys_articles(client, make_article, make_category):
    other = make_category("Working together", description="How client and therapist work.")
    make_article(title="In trust")
    make_article(title="In working together", category=other)

    response = client.get("/blog/category/working-together/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Working together</h1>" in html
    assert "How client and therapist work." in html
    assert article_titles(html) == ["In working together"]
    assert client.get("/blog/category/no-such-category/").status_code == 404


def test_tag_page_lists_only_articles_with_that_tag(client, make_article, make_tag):
    boundaries = make_tag("Boundaries")
    make_article(title="About boundaries", tags=[boundaries])
    make_article(title="About something else", tags=[make_tag("Sleep")])

    response = client.get("/blog/tag/boundaries/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Articles about boundaries</h1>" in html
    assert article_titles(html) == ["About boundaries"]
    assert client.get("/blog/tag/no-such-tag/").status_code == 404


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/blog/", "Articles"),
        ("/blog/category/understanding-trust/", "Understanding trust"),
        ("/blog/tag/boundaries/", "Articles about boundaries"),
    ],
)
def test_list_pages_have_title_description_canonical_and_social_tags(
    client, make_article, make_tag, path, title
):
    make_article(tags=[make_tag("Boundaries")])

    html = client.get(path).content.decode()

    assert f"<title>{title} · " in html
    assert meta(html, "name", "description")
    assert f'<link rel="canonical" href="{SITE}{path}">' in html
    assert meta(html, "property", "og:title") == title
    assert meta(html, "property", "og:url") == f"{SITE}{path}"
    assert meta(html, "property", "og:type") == "website"
    assert meta(html, "name", "twitter:card") == "summary"
    assert '<nav aria-label="Breadcrumb" class="breadcrumbs container">' in html
    assert 'type="application/rss+xml"' in html
    assert 'name="robots"' not in html


def test_article_metadata_uses_the_seo_overrides_when_set(client, make_article):
    article = make_article(
        title="A long title for the page itself",
        summary="The summary readers see in lists.",
        seo_title="Short title for search",
        seo_description="A description written for search results.",
    )

    html = client.get(article.get_absolute_url()).content.decode()

    assert "<title>Short title for search · " in html
    assert meta(html, "name", "description") == "A description written for search results."
    assert meta(html, "property", "og:title") == "Short title for search"
    assert meta(html, "property", "og:type") == "article"
    assert meta(html, "property", "og:url") == f"{SITE}{article.get_absolute_url()}"
    # X's card reads its title from og:title: no second copy to keep in step.
    assert meta(html, "name", "twitter:title") is None
    assert f'<link rel="canonical" href="{SITE}{article.get_absolute_url()}">' in html


def test_article_metadata_falls_back_to_title_and_summary(client, make_article):
    article = make_article(title="Plain title", summary="Plain summary.")

    html = client.get(article.get_absolute_url()).content.decode()

    assert "<title>Plain title · " in html
    assert meta(html, "name", "description") == "Plain summary."


def test_article_with_cover_image_shares_it_and_sets_its_size(client, make_article, make_image):
    article = make_article(cover_image=make_image(1200, 630), cover_alt="A quiet harbour at dawn")

    html = client.get(article.get_absolute_url()).content.decode()

    image_url = article.cover_image.url
    assert meta(html, "property", "og:image") == f"{SITE}{image_url}"
    assert meta(html, "name", "twitter:card") == "summary_large_image"
    assert meta(html, "name", "twitter:image:alt") == "A quiet harbour at dawn"
    img = re.search(r'<img src="' + re.escape(image_url) + r'"[^>]*>', html).group(0)
    assert 'alt="A quiet harbour at dawn"' in img
    assert 'width="1200" height="630"' in img
    assert 'loading="lazy"' not in img  # the hero loads at once


def test_list_cards_show_covers_lazily_with_their_size(client, make_article, make_image):
    article = make_article(cover_image=make_image(1200, 630), cover_alt="A quiet harbour")

    html = client.get("/blog/").content.decode()

    img = re.search(r'<img class="article-card-image"[^>]*>', html).group(0)
    assert f'src="{article.cover_image.url}"' in img
    assert 'width="1200" height="630"' in img
    assert 'loading="lazy"' in img


def test_breadcrumbs_lead_home_blog_category_article_with_the_last_current(client, make_article):
    article = make_article(title="Where am I")

    html = client.get(article.get_absolute_url()).content.decode()

    crumbs = re.search(r'<nav aria-label="Breadcrumb".*?</nav>', html, flags=re.DOTALL).group(0)
    links = re.findall(r'<a href="([^"]+)"( aria-current="page")?>([^<]+)</a>', crumbs)
    assert links == [
        ("/", "", "Home"),
        ("/blog/", "", "Blog"),
        ("/blog/category/understanding-trust/", "", "Understanding trust"),
        (article.get_absolute_url(), ' aria-current="page"', "Where am I"),
    ]


def test_feed_is_advertised_and_the_list_links_to_it(client, make_article):
    make_article()

    html = client.get("/blog/").content.decode()

    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert 'href="/blog/feed/">Follow new articles by RSS</a>' in html


def test_home_page_shows_the_three_latest_published_articles(client, make_article):
    for days in range(5, 0, -1):
        make_article(title=f"{days} days old", published_at=timezone.now() - timedelta(days=days))

    html = client.get("/").content.decode()

    assert "1 days old" in html
    assert "2 days old" in html
    assert "3 days old" in html
    assert "4 days old" not in html


def test_dates_are_the_practices_calendar_dates_not_utcs(client, make_article, settings):
    settings.PRACTICE_TIME_ZONE = "Pacific/Auckland"  # UTC+13 in January
    article = make_article(published_at=datetime(2025, 1, 5, 20, 0, tzinfo=UTC))

    html = client.get(article.get_absolute_url()).content.decode()

    assert ">6 January 2025</time>" in html
