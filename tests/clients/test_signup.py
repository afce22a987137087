import pytest

pytestmark = pytest.mark.django_db


def test_signup_shows_the_short_confidentiality_and_privacy_notices_with_links(client, policies):
    html = client.get("/accounts/signup/").content.decode()

    assert policies["confidentiality"].summary in html
    assert policies["privacy"].summary in html
    assert 'href="/policies/confidentiality/"' in html
    assert 'href="/policies/privacy/"' in html
    assert 'name="email"' in html
