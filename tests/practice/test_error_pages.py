"""Error pages, each reached through the real handler: the site's layout, a plain message and
ways on, and valid HTML."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client

pytestmark = pytest.mark.django_db


def bad_host(client, *, user, password):
    return client.get("/", HTTP_HOST="bad host")


def expired_form(client, *, user, password):
    """A sign-in form sent without its security token (a page left open, cookies cleared)."""
    return Client(enforce_csrf_checks=True).post(
        "/accounts/login/", {"login": user.email, "password": password}
    )


def refused_admin(client, *, user, password):
    client.force_login(user)
    return client.get("/admin/login/")


def missing_page(client, *, user, password):
    return client.get("/no-such-page/")


def repeated_sign_up(client, *, user, password):
    """The same new address signed up twice within three minutes (allauth's 1/3m/key limit)."""
    data = {"name": "Hetty", "email": "new@example.com"}
    assert Client().post("/accounts/signup/", data).status_code == 302
    return client.post("/accounts/signup/", data)


def database_failure(client, *, user, password):
    """A page whose query fails: the practice details' table is gone (rolled back after the
    test), which is also what the `practice` context processor would need. Nothing is cached,
    so the page asks the database."""
    cache.clear()
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE practice_practicedetails RENAME TO practice_gone")
    client.raise_request_exception = False
    return client.get("/about/")


ERRORS = [
    (bad_host, 400),
    (expired_form, 403),
    (refused_admin, 403),
    (missing_page, 404),
    (repeated_sign_up, 429),
    (database_failure, 500),
]


@pytest.mark.parametrize(("reach", "status"), ERRORS, ids=[reach.__name__ for reach, _ in ERRORS])
def test_error_page_has_the_sites_layout_and_ways_on(
    client, practice_details, client_user, password, reach, status
):
    response = reach(client, user=client_user, password=password)

    assert response.status_code == status
    html = response.content.decode()
    assert '<nav aria-label="Main">' in html
    assert '<footer class="site-footer">' in html
    assert "css/site.css" in html
    assert "Quiet Harbour Therapy" in html
    assert '<a href="/">Go to the home page</a>' in html
    assert '<meta name="robots" content="noindex">' in html


def test_the_429_page_says_to_wait_and_offers_sign_in(
    client, practice_details, client_user, password
):
    response = repeated_sign_up(client, user=client_user, password=password)

    html = response.content.decode()
    assert "Please wait a few minutes" in html
    assert '<a href="/accounts/login/">Sign in</a>' in html


def test_the_500_page_names_the_practice_from_the_cache_without_the_database(
    client, practice_details
):
    from practice.models import PracticeDetails

    practice_details.name = "Still Water Practice"
    practice_details.contact_email = "hello@stillwater.example"
    practice_details.save()
    PracticeDetails.load()  # as any earlier page did: the details are now in the cache

    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE blog_article RENAME TO blog_gone")
    client.raise_request_exception = False
    response = client.get("/blog/")

    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert "Still Water Practice" in html
    assert 'href="mailto:hello@stillwater.example"' in html


def test_every_error_page_is_valid_html(
    client, practice_details, client_user, password, html_check
):
    pages = []
    for reach, status in ERRORS:
        response = reach(Client(), user=client_user, password=password)
        assert response.status_code == status
        pages.append((reach.__name__, str(status), response.content))

    assert html_check(pages) == []
