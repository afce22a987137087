import pytest

pytestmark = pytest.mark.django_db


def test_signup_shows_the_short_confidentiality_and_privacy_notices_with_links(client, policies):
    html = client.get("/accounts/signup/").content.decode()

    assert policies["confidentiality"].summary in html
    assert policies["privacy"].summary in html
    assert 'href="/policies/confidentiality/"' in html
    assert 'href="/policies/privacy/"' in html
    assert 'name="email"' in html


def test_search_engines_may_show_the_sign_up_page_but_no_other_account_page(
    client, practice_details, settings
):
    settings.SITE_URL = "https://quietharbour.example"
    signup = client.get("/accounts/signup/").content.decode()
    login = client.get("/accounts/login/").content.decode()

    assert 'name="robots"' not in signup
    assert '<link rel="canonical" href="https://quietharbour.example/accounts/signup/">' in signup
    assert '<meta name="description" content="Create your account to book an online RTT' in signup
    assert signup.count('<meta name="description"') == 1
    assert '<meta name="robots" content="noindex">' in login
