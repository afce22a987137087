"""Home, about and policy pages come from the cache for anonymous visitors."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/about/"])
def test_second_anonymous_request_runs_no_query(
    client, practice_details, django_assert_num_queries, path
):
    first = client.get(path)

    with django_assert_num_queries(0):
        second = client.get(path)

    assert second.content == first.content


def test_an_edit_of_the_practice_details_shows_at_once(client, practice_details):
    client.get("/")

    practice_details.tagline = "A new tagline"
    practice_details.save()

    assert "A new tagline" in client.get("/").content.decode()


def test_signed_in_visitors_are_never_served_the_anonymous_page(
    client, practice_details, client_user
):
    client.get("/")
    client.force_login(client_user)

    html = client.get("/").content.decode()

    assert "My account" in html
