"""The layout's fixed links and static files ({% fixed_url %}, {% fixed_static %}): worked out
once per process, yet always those of this request's script prefix and URLconf."""

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.test.utils import override_script_prefix

from practice.templatetags.practice_tags import _reversed, _static_url

pytestmark = pytest.mark.django_db

LINKS = Template(
    "{% load practice_tags %}"
    "{% fixed_url 'home' %}|{% fixed_url 'clients:policy-detail' 'privacy' %}"
)


def render(template: Template) -> str:
    return template.render(Context({}))


def test_a_signed_in_page_works_its_layout_out_once(client, client_user, practice_details):
    client.force_login(client_user)
    client.get("/my/profile/")
    links, files = _reversed.cache_info(), _static_url.cache_info()
    client_user.save()  # her page is built again (it is kept whole until her data changes)

    page = client.get("/my/profile/").content.decode()

    assert _reversed.cache_info().misses == links.misses
    assert _reversed.cache_info().hits >= links.hits + 15
    assert _static_url.cache_info().misses == files.misses
    assert _static_url.cache_info().hits >= files.hits + 4
    assert 'href="/policies/privacy/"' in page
    assert "/static/css/clients" in page


def test_the_links_follow_the_script_prefix_they_are_asked_under():
    assert render(LINKS) == "/|/policies/privacy/"

    with override_script_prefix("/practice/"):
        assert render(LINKS) == "/practice/|/practice/policies/privacy/"

    assert render(LINKS) == "/|/policies/privacy/"


@override_settings(ROOT_URLCONF="tests.practice.other_urls")
def test_the_links_follow_the_urlconf():
    assert render(LINKS) == "/elsewhere/|/elsewhere/privacy/"
