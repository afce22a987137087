"""/my/profile/'s unbound form is cached for her (client_area/profile.py): the same markup as
rendered fresh, never shown to anyone else, with this session's CSRF token and this view's
zone options, renewed the moment her details change; a form with errors is rendered fresh."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from clients.models import Profile
from tests.fragment_pages import page_of, post_with_its_token, without_tokens

pytestmark = pytest.mark.django_db
URL = reverse("clients:profile")


def profile_page(client) -> str:
    return page_of(client, URL)


def details(**fields):
    return {"first_name": "Maya", "last_name": "Jones", "phone": "", "time_zone": "UTC"} | fields


def test_the_cached_form_is_the_form_rendered_fresh(client, client_user, rf):
    from client_area.profile import ProfileForm

    profile = Profile.objects.create(
        user=client_user, phone="07700 900123", time_zone="Asia/Kolkata"
    )
    client.force_login(client_user)
    cached = without_tokens(profile_page(client))
    assert without_tokens(profile_page(client)) == cached  # from the cache

    request = rf.get(URL)
    request.user = client_user
    fresh = render_to_string(
        "client_area/_profile_body.html",
        {"form": ProfileForm(instance=profile, user=client_user)},
        request=request,
    )
    assert without_tokens(fresh) in cached
    assert "07700 900123" in cached
    assert '<option value="Asia/Kolkata" selected>' in cached


def test_another_client_never_gets_her_cached_form(client, client_user, other_client):
    Profile.objects.create(user=client_user, phone="07700 900123", time_zone="Asia/Kolkata")
    client.force_login(client_user)
    profile_page(client)
    client.force_login(other_client)
    page = profile_page(client)
    assert other_client.email in page
    assert client_user.email not in page
    assert "07700 900123" not in page
    assert 'value="Maya"' not in page


def test_her_form_carries_this_sessions_csrf_token(client, client_user):
    client.force_login(client_user)
    profile_page(client)
    client.logout()
    client.force_login(client_user)
    page = profile_page(client)  # from the cache
    assert "\x00" not in page
    data = details(first_name="Marguerite")
    assert post_with_its_token(client, page, URL, data).status_code == 302
    client_user.refresh_from_db()
    assert client_user.first_name == "Marguerite"


def _edit(client, client_user):
    assert (
        client.post(URL, details(first_name="Marguerite", phone="07700 900999")).status_code == 302
    )


def _new_zone(client, client_user):
    assert client.post(URL, details(time_zone="Asia/Kolkata")).status_code == 302


def _set_password(client, client_user):
    client_user.set_password("a long and private phrase")
    client_user.save()
    client.force_login(client_user)


@pytest.mark.parametrize("change", [_edit, _new_zone, _set_password])
def test_her_form_changes_the_moment_her_details_do(change, client, client_user):
    client_user.set_unusable_password()
    client_user.save()
    client.force_login(client_user)
    before = without_tokens(profile_page(client))
    change(client, client_user)
    after = without_tokens(profile_page(client))
    expected = {
        _edit: lambda: 'value="Marguerite"' in after and "07700 900999" in after,
        _new_zone: lambda: (
            '<option value="Asia/Kolkata" selected>' in after
            and '<option value="Asia/Kolkata" selected>' not in before
        ),
        _set_password: lambda: "or with your password" in after and "set a password" in before,
    }[change]
    assert expected()


def test_a_form_with_errors_is_rendered_fresh_with_what_she_typed(client, client_user):
    client.force_login(client_user)
    profile_page(client)  # the unbound form cached
    response = client.post(URL, details(first_name="Marguerite", time_zone="Not/AZone"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="Marguerite"' in page
    assert "is-invalid" in page
    assert "\x00" not in page
