from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from blog.models import Article

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("words", "minutes"),
    [(1, 1), (219, 1), (220, 1), (221, 2), (440, 2), (1100, 5), (1101, 6)],
)
def test_reading_time_is_words_at_220_a_minute_rounded_up_and_at_least_one(
    make_article, words, minutes
):
    article = make_article(body=" ".join(["word"] * words))

    assert article.word_count == words
    assert article.reading_minutes == minutes


def test_reading_time_counts_words_not_markdown_or_html(make_article):
    article = make_article(body="## A heading\n\n**Bold** and [a link](https://example.com).")

    assert article.word_count == 6


def test_saving_renders_the_markdown_once_with_heading_ids_for_the_contents(make_article):
    article = make_article(body="## First part\n\nText.\n\n### A detail\n\n## Second part")

    assert '<h2 id="first-part">First part</h2>' in article.body_html
    assert article.headings == [
        {"level": 2, "id": "first-part", "title": "First part"},
        {"level": 3, "id": "a-detail", "title": "A detail"},
        {"level": 2, "id": "second-part", "title": "Second part"},
    ]
    assert article.table_of_contents == [
        {
            "level": 2,
            "id": "first-part",
            "title": "First part",
            "children": [{"level": 3, "id": "a-detail", "title": "A detail"}],
        },
        {"level": 2, "id": "second-part", "title": "Second part", "children": []},
    ]


def test_editing_the_body_updates_the_rendered_html_even_with_update_fields(make_article):
    article = make_article(body="Old text.")
    article.body = "## New heading\n\nNew text."

    article.save(update_fields=["body"])

    article.refresh_from_db()
    assert "New text." in article.body_html
    assert article.headings[0]["id"] == "new-heading"


def test_short_articles_have_no_table_of_contents(make_article):
    article = make_article(body="## One\n\n## Two\n\nText.")

    assert article.table_of_contents == []


@pytest.mark.parametrize(
    ("status", "offset", "visible"),
    [
        (Article.Status.PUBLISHED, timedelta(minutes=-1), True),
        (Article.Status.PUBLISHED, timedelta(minutes=1), False),
        (Article.Status.DRAFT, timedelta(minutes=-1), False),
        (Article.Status.DRAFT, timedelta(minutes=1), False),
    ],
)
def test_published_means_status_published_and_publish_date_come(
    make_article, status, offset, visible
):
    now = timezone.now()
    article = make_article(status=status, published_at=now + offset)

    assert (article in Article.objects.published(now=now)) is visible
    assert article.is_published(now=now) is visible


def test_takeaways_are_one_per_line_ignoring_blank_lines_and_bullets(make_article):
    article = make_article(takeaways="- First point\n\n• Second point\n  Third point  \n")

    assert article.takeaway_items == ["First point", "Second point", "Third point"]


def test_updated_only_when_edited_on_a_later_day_than_publication(make_article):
    article = make_article(published_at=timezone.now() - timedelta(days=10))
    assert article.was_updated  # created today, published ten days ago

    Article.objects.filter(pk=article.pk).update(updated_at=article.published_at)
    article.refresh_from_db()
    assert not article.was_updated
    assert article.modified_at == article.published_at


def test_database_refuses_a_cover_image_without_alt_text(make_article):
    article = make_article()

    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(cover_image="blog/covers/x.jpg", cover_alt="")


def test_cover_image_without_description_is_refused_with_a_clear_message(make_article, make_image):
    article = make_article()
    article.cover_image = make_image(1200, 630)

    with pytest.raises(ValidationError) as error:
        article.full_clean()

    assert error.value.message_dict["cover_alt"] == [
        "Describe the cover image for readers who cannot see it."
    ]


def test_cover_image_keeps_its_size_for_the_template(make_article, make_image):
    article = make_article(cover_image=make_image(1200, 630), cover_alt="A calm harbour")

    article.full_clean()
    assert (article.cover_width, article.cover_height) == (1200, 630)


@pytest.mark.parametrize(
    ("width", "height", "message"),
    [
        (6000, 800, "neither side is over 5000 pixels"),
        (400, 300, "at least 600 pixels wide"),
    ],
)
def test_cover_images_too_large_or_too_small_are_refused(
    make_article, make_image, width, height, message
):
    article = make_article()
    article.cover_image = make_image(width, height)
    article.cover_alt = "A harbour"

    with pytest.raises(ValidationError) as error:
        article.full_clean()

    assert message in " ".join(error.value.message_dict["cover_image"])


def test_cover_image_files_over_5_mb_are_refused(make_article, make_image):
    article = make_article()
    article.cover_image = make_image(1400, 1400, noise=True)
    article.cover_alt = "Static"
    assert article.cover_image.size > 5 * 1024 * 1024

    with pytest.raises(ValidationError) as error:
        article.full_clean()

    assert "please use one under 5.0" in " ".join(error.value.message_dict["cover_image"])
