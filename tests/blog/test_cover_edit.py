"""An article with a cover image can be edited again in the admin."""

import pytest
from django.urls import reverse

from blog.models import Article
from tests.blog.test_admin import article_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def covers_on_disk(settings, tmp_path):
    """Covers stored as files, as in production: the tests' in-memory storage never closes one."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.usefixtures("covers_on_disk")
def test_an_article_with_a_cover_saves_again_after_an_edit(
    client, staff_user, category, make_image
):
    client.force_login(staff_user)
    client.post(
        reverse("admin:blog_article_add"),
        article_form_data(
            category, staff_user, cover_image=make_image(1200, 630), cover_alt="The harbour"
        ),
    )
    article = Article.objects.get()
    cover = article.cover_image.name
    edit = article_form_data(category, staff_user, title="A better title", cover_alt="The harbour")

    response = client.post(
        reverse("admin:blog_article_change", args=[article.pk]),
        {**edit, "faq_entries-TOTAL_FORMS": "0"},
    )

    article.refresh_from_db()
    assert response.status_code == 302
    assert article.title == "A better title"
    assert (article.cover_image.name, article.cover_width) == (cover, 1200)
