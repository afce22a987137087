"""The practitioner's blog admin: lists, filters, search, publishing and previews."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from blog.models import Article

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:blog_article_changelist")


@pytest.fixture
def practitioner(client, staff_user):
    client.force_login(staff_user)
    return client


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_article_list_shows_status_date_category_and_a_site_link(admin, make_article):
    published = make_article(title="Out now")
    draft = make_article(title="Work in progress", status=Article.Status.DRAFT)
    make_article(title="Coming soon", published_at=timezone.now() + timedelta(days=2))

    response = admin.get(CHANGELIST)

    html = response.content.decode()
    assert response.status_code == 200
    for label in ["Published", "Draft", "Scheduled", "Understanding trust"]:
        assert label in html
    assert f'<a href="{published.get_absolute_url()}">View<span' in html
    assert f'<a href="{draft.get_absolute_url()}">Preview<span' in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status__exact": "draft"}, ["Work in progress"]),
        ({"q": "progress"}, ["Work in progress"]),
        ({"category__id__exact": "CATEGORY"}, ["Out now"]),
    ],
)
def test_article_list_filters_and_searches(admin, make_article, make_category, query, expected):
    other = make_category("Other")
    make_article(title="Out now", category=other)
    make_article(title="Work in progress", status=Article.Status.DRAFT)
    query = {key: (other.pk if value == "CATEGORY" else value) for key, value in query.items()}

    response = admin.get(CHANGELIST, query)

    shown = [article.title for article in response.context["cl"].result_list]
    assert shown == expected


def test_publish_action_publishes_drafts_and_says_how_many(admin, make_article):
    drafts = [make_article(status=Article.Status.DRAFT) for _ in range(2)]
    already = make_article()

    response = admin.post(
        CHANGELIST,
        {"action": "publish", "_selected_action": [a.pk for a in [*drafts, already]]},
        follow=True,
    )

    assert messages_of(response) == ["2 articles were published."]
    assert set(Article.objects.published().values_list("pk", flat=True)) == {
        drafts[0].pk,
        drafts[1].pk,
        already.pk,
    }


def test_publishing_a_future_dated_draft_schedules_it_and_says_so(admin, make_article):
    future = make_article(
        status=Article.Status.DRAFT, published_at=timezone.now() + timedelta(days=5)
    )

    response = admin.post(
        CHANGELIST, {"action": "publish", "_selected_action": [future.pk]}, follow=True
    )

    assert messages_of(response) == [
        "1 article was published. 1 of them has a future publish date and will appear then."
    ]
    future.refresh_from_db()
    assert future.status == Article.Status.PUBLISHED
    assert not future.is_published()


def test_unpublish_action_returns_articles_to_draft_and_says_how_many(admin, make_article):
    article = make_article()

    response = admin.post(
        CHANGELIST, {"action": "unpublish", "_selected_action": [article.pk]}, follow=True
    )

    assert messages_of(response) == ["1 article was unpublished and is now a draft."]
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_add_form_prefills_the_author_and_has_the_faq_inline(admin, staff_user):
    response = admin.get(reverse("admin:blog_article_add"))

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["adminform"].form.initial["author"] == staff_user.pk
    assert "FAQ entries" in html
    assert 'id="id_tags"' in html
    assert "selectfilter" not in html  # tags are a plain list of ticks, not the two-box picker


def article_form_data(category, staff_user, **overrides):
    data = {
        "title": "A new article",
        "slug": "a-new-article",
        "summary": "A summary.",
        "body": "## One\n\nText.",
        "takeaways": "",
        "status": "published",
        "published_at_0": "2026-01-05",
        "published_at_1": "10:00:00",
        "author": staff_user.pk,
        "category": category.pk,
        "cover_alt": "",
        "seo_title": "",
        "seo_description": "",
        "faq_entries-TOTAL_FORMS": "1",
        "faq_entries-INITIAL_FORMS": "0",
        "faq_entries-MIN_NUM_FORMS": "0",
        "faq_entries-MAX_NUM_FORMS": "1000",
        "faq_entries-0-question": "Is it private?",
        "faq_entries-0-answer": "Yes.",
        "faq_entries-0-order": "1",
    }
    data.update(overrides)
    return data


def test_practitioner_can_write_an_article_with_an_faq_in_the_admin(admin, category, staff_user):
    response = admin.post(
        reverse("admin:blog_article_add"), article_form_data(category, staff_user)
    )

    assert response.status_code == 302
    article = Article.objects.get(slug="a-new-article")
    assert article.body_html == '<h2 id="one">One</h2>\n<p>Text.</p>'
    assert [entry.question for entry in article.faq_entries.all()] == ["Is it private?"]


def test_cover_image_without_a_description_is_refused_in_the_form(
    admin, category, staff_user, make_image
):
    response = admin.post(
        reverse("admin:blog_article_add"),
        article_form_data(category, staff_user, cover_image=make_image(1200, 630)),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["cover_alt"] == [
        "Describe the cover image for readers who cannot see it."
    ]
    assert not Article.objects.exists()


def test_huge_cover_image_is_refused_with_a_clear_message(admin, category, staff_user, make_image):
    response = admin.post(
        reverse("admin:blog_article_add"),
        article_form_data(
            category, staff_user, cover_image=make_image(5200, 700), cover_alt="Wide"
        ),
    )

    errors = response.context["adminform"].form.errors["cover_image"]
    assert "please resize it so neither side is over 5000 pixels" in errors[0]


def test_staff_can_open_the_preview_of_a_draft_from_the_admin(admin, make_article):
    draft = make_article(status=Article.Status.DRAFT, slug="my-draft")

    change_page = admin.get(reverse("admin:blog_article_change", args=[draft.pk]))
    view_on_site = admin.get(
        reverse("admin:view_on_site", args=[change_page.context["content_type_id"], draft.pk])
    )

    assert view_on_site.status_code == 302
    assert view_on_site["Location"].endswith("/blog/my-draft/")
    assert "Preview — not published." in admin.get("/blog/my-draft/").content.decode()


def test_computed_fields_are_shown_but_not_editable(admin, make_article):
    article = make_article()

    response = admin.get(reverse("admin:blog_article_change", args=[article.pk]))

    form = response.context["adminform"].form
    assert "reading_minutes" not in form.fields
    assert "updated_at" not in form.fields
    assert "reading time (minutes)" in response.content.decode().lower()
