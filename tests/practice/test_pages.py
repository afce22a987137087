import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_shows_the_practice_details_from_the_admin(client, practice_details):
    practice_details.tagline = "A tagline set by the practitioner"
    practice_details.save()

    response = client.get("/")

    assert response.status_code == 200
    content = response.content.decode()
    assert "A tagline set by the practitioner" in content
    assert "Anna Whitfield" in content
    assert "hello@quietharbour.example" in content


@pytest.mark.parametrize("view_name", ["home", "about"])
def test_book_a_free_discovery_call_goes_straight_to_that_calls_times(
    client, practice_details, service, free_service, view_name
):
    content = client.get(reverse(view_name)).content.decode()

    assert f'href="/book/{free_service.slug}/">Book a free discovery call</a>' in content


@pytest.mark.parametrize("view_name", ["home", "about"])
def test_without_a_free_call_the_booking_button_offers_the_sessions_instead(
    client, practice_details, service, view_name
):
    content = client.get(reverse(view_name)).content.decode()

    assert 'href="/book/">Book a session</a>' in content
    assert "free discovery call" not in content


def test_about_renders_the_practitioners_markdown(client, practice_details):
    response = client.get(reverse("about"))

    assert response.status_code == 200
    assert '<h2 id="my-approach">My approach</h2>' in response.content.decode()


def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_robots_txt_names_the_sitemap_and_hides_private_areas(client, settings):
    settings.SITE_URL = "https://quietharbour.example"

    response = client.get("/robots.txt")

    body = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: https://quietharbour.example/sitemap.xml" in body
    assert "Disallow: /my/" in body
    assert "Disallow: /bookings/" in body
    # Signing up is the one account page search engines may show: allowed before the rest.
    assert body.index("Allow: /accounts/signup/") < body.index("Disallow: /accounts/")


def test_unknown_page_gives_a_friendly_404(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "We couldn't find that page" in response.content.decode()
