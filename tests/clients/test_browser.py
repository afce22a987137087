"""Policy pages in a real Chromium: axe on each."""

import pytest
from playwright.sync_api import expect

from clients.models import PolicyKind

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("kind", PolicyKind.values)
def test_policy_pages_have_no_accessibility_violations(
    live_server, page, axe_check, practice_details, policies, kind
):
    response = page.goto(f"{live_server.url}/policies/{kind}/")

    assert response.status == 200
    expect(page.get_by_text("Version 1, published")).to_be_visible()
    axe_check(page, what=f"/policies/{kind}/")


def test_a_real_policy_text_and_an_earlier_version_are_accessible(
    live_server, page, axe_check, practice_details, publish
):
    from clients.demo import policy_text

    header, body = policy_text("confidentiality")
    publish("confidentiality", title=header["title"], summary=header["summary"], body=body)
    publish("confidentiality", title=header["title"], summary=header["summary"], body=body + ".")

    page.goto(f"{live_server.url}/policies/confidentiality/?from=/my/")
    axe_check(page, what="current confidentiality notice with contents")
    page.goto(f"{live_server.url}/policies/confidentiality/versions/1/")
    axe_check(page, what="an earlier version")
