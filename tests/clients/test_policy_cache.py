"""Policy pages come from the cache for anonymous visitors, and a new version shows at once."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_new_version_shows_at_once_on_the_cached_policy_page(
    client, publish, practice_details, django_assert_num_queries, now
):
    publish("privacy", body="## First\n\nThe first text.")
    client.get("/policies/privacy/")
    with django_assert_num_queries(0):
        assert "The first text." in client.get("/policies/privacy/").content.decode()

    publish("privacy", body="## Second\n\nThe second text.", at=now)

    html = client.get("/policies/privacy/").content.decode()
    assert "The second text." in html
    assert "The first text." not in html
