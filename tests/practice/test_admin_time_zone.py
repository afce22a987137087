"""The admin speaks the practitioner's clock: times are shown and read in her zone."""

from datetime import UTC, datetime

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(staff_user):
    from blog.models import Article, Category

    return Article.objects.create(
        title="Summer piece",
        slug="summer-piece",
        summary="A summer article.",
        body="## One\n\nText.",
        author=staff_user,
        category=Category.objects.create(name="Trust", slug="trust"),
        status=Article.Status.PUBLISHED,
        published_at=datetime(2026, 7, 1, 12, 0, tzinfo=UTC),
    )


def test_an_admin_form_shows_a_summer_time_in_london_time(client, staff_user, article):
    client.force_login(staff_user)

    html = client.get(f"/admin/blog/article/{article.pk}/change/").content.decode()

    # 12:00 UTC is 13:00 in London in July (British Summer Time).
    assert 'name="published_at_1" value="13:00"' in html


def test_a_time_typed_in_the_admin_is_read_in_london_time(client, staff_user, article):
    client.force_login(staff_user)
    page = client.get(f"/admin/blog/article/{article.pk}/change/")
    data = {
        key: value
        for key, value in page.context["adminform"].form.initial.items()
        if isinstance(value, str | int)
    }
    data.update(
        {
            "title": article.title,
            "slug": article.slug,
            "summary": article.summary,
            "body": article.body,
            "status": "published",
            "published_at_0": "01/07/2026",
            "published_at_1": "09:30:00",
            "author": staff_user.pk,
            "category": article.category_id,
            "faq_entries-TOTAL_FORMS": "0",
            "faq_entries-INITIAL_FORMS": "0",
        }
    )

    response = client.post(f"/admin/blog/article/{article.pk}/change/", data)

    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert article.published_at == datetime(2026, 7, 1, 8, 30, tzinfo=UTC)


def test_time_off_is_named_in_the_active_zone():
    from django.utils import timezone

    from bookings.models import TimeOff

    time_off = TimeOff(
        start=datetime(2026, 7, 1, 8, tzinfo=UTC), end=datetime(2026, 7, 1, 12, tzinfo=UTC)
    )

    with timezone.override("Europe/London"):
        assert str(time_off) == "2026-07-01 09:00 to 2026-07-01 13:00 (BST)"
