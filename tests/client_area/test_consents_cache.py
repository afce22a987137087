"""/my/consents/ is cached for her (client_area/consents.py): never shown to anyone else, its
form carries this session's CSRF token, and it is renewed the moment her consents or the
policies' current versions change."""

from datetime import timedelta

import pytest
from django.utils import timezone

from clients.consent import consent_withdraw
from clients.models import ConsentRecord
from tests.client_area.test_consents import BOTH_TICKED, POLICIES_BOX, TREATMENT_BOX
from tests.fragment_pages import page_of, post_with_its_token, without_tokens

pytestmark = pytest.mark.django_db
URL = "/my/consents/"


def consents_page(client) -> str:
    return page_of(client, URL)


def test_another_client_never_gets_her_cached_page(
    client, client_user, other_client, accept_all, policies
):
    accept_all(client_user)
    client.force_login(client_user)
    assert "In force" in consents_page(client)
    assert "In force" in consents_page(client)  # from the cache
    client.force_login(other_client)
    page = consents_page(client)
    assert "In force" not in page
    assert "You have not accepted any policies yet." in page
    assert f'name="{TREATMENT_BOX}"' in page


def test_her_form_carries_this_sessions_csrf_token(client, client_user, policies):
    client.force_login(client_user)
    consents_page(client)
    client.logout()
    client.force_login(client_user)
    page = consents_page(client)  # from the cache
    assert "\x00" not in page
    assert post_with_its_token(client, page, URL, BOTH_TICKED).status_code == 302
    assert ConsentRecord.objects.filter(user=client_user).exists()


def _accept(client, client_user, publish):
    assert client.post(URL, BOTH_TICKED).status_code == 302


def _withdraw(client, client_user, publish):
    consent_withdraw(user=client_user, now=timezone.now())


def _new_version(client, client_user, publish):
    publish("privacy", at=timezone.now() - timedelta(seconds=1))


@pytest.mark.parametrize("change", [_accept, _withdraw, _new_version])
def test_her_page_changes_the_moment_her_consents_or_the_policies_do(
    change, client, client_user, policies, accept_all, publish
):
    if change is not _accept:
        accept_all(client_user)
    client.force_login(client_user)
    before = without_tokens(consents_page(client))
    assert without_tokens(consents_page(client)) == before  # from the cache

    change(client, client_user, publish)

    after = without_tokens(consents_page(client))
    expected = {
        _accept: lambda: "In force" in after and POLICIES_BOX in before,
        _withdraw: lambda: "You have withdrawn your consent to treatment" in after,
        _new_version: lambda: "Waiting for you" in after and "Waiting for you" not in before,
    }[change]
    assert expected()


def test_a_form_with_errors_is_rendered_fresh(client, client_user, policies):
    client.force_login(client_user)
    consents_page(client)
    response = client.post(URL, {TREATMENT_BOX: "on"})  # the policies' box left unticked
    assert response.status_code == 200
    page = response.content.decode()
    assert "is-invalid" in page or "invalid-feedback" in page
    assert "\x00" not in page
