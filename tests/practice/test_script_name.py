"""Path rules read the path the URLconf resolves, whatever SCRIPT_NAME a request claims.

gunicorn takes SCRIPT_NAME from a request header, so anyone can ask for `/x/admin/` with
`SCRIPT_NAME: /x`: Django then serves the admin while `request.path` is `/x/admin/`.
"""

import re

import pytest
from django.test.utils import override_script_prefix

pytestmark = pytest.mark.django_db

PREFIX = {"SCRIPT_NAME": "/x"}


@pytest.fixture(autouse=True)
def _static_addresses_without_the_prefix():
    """Django works STATIC_URL out (with the script prefix of the request that first asks) once
    per process, and the static files storage keeps it: a request here under /x would leave
    every later test, and the browser tests' live server, linking /x/static/... Forget both."""
    yield
    from django.conf import settings
    from django.test.signals import setting_changed

    settings.__dict__.pop("STATIC_URL", None)
    settings.__dict__.pop("MEDIA_URL", None)
    setting_changed.send(sender=None, setting="STORAGES", value=settings.STORAGES, enter=False)


@pytest.mark.parametrize("path", ["/admin/", "/admin/bookings/booking/export.csv"])
def test_a_script_name_does_not_get_staff_into_the_admin_without_a_second_factor(
    client, staff_user, settings, path
):
    settings.ADMIN_REQUIRES_MFA = True
    client.force_login(staff_user)

    response = client.get(path, **PREFIX)

    assert response.status_code == 302
    assert response["Location"].endswith("/accounts/2fa/totp/activate/")


def test_under_a_script_name_the_page_still_knows_its_section_and_canonical_address(
    client, settings, practice_details
):
    settings.SITE_URL = "https://quietharbour.example"

    html = client.get("/blog/", **PREFIX).content.decode()

    assert '<a href="/blog/" aria-current="page">Blog</a>' in html
    assert '<link rel="canonical" href="https://quietharbour.example/blog/">' in html


@pytest.mark.parametrize("path", ["/", "/about/", "/services/", "/book/", "/no-such-page/"])
def test_a_site_served_under_a_path_prefix_links_every_page_under_it(
    client, practice_details, service, path
):
    with override_script_prefix("/practice/"):
        html = client.get(path).content.decode()

    # Static files' addresses are Django's (STATIC_URL), worked out once per process.
    links = re.findall(r'(?:href|action)="(/(?!static/)[^"]*)"', html)
    assert len(links) > 10
    assert [link for link in links if not link.startswith("/practice/")] == []


def test_a_client_who_signs_in_lands_on_her_account_under_the_sites_path_prefix(
    client, client_user, password, practice_details
):
    with override_script_prefix("/practice/"):
        response = client.post(
            "/accounts/login/", {"login": client_user.email, "password": password}
        )

    assert response.status_code == 302
    assert response["Location"] == "/practice/my/"
